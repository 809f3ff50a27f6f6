//! La disposition d'un classeur pour un dossier : chaque cellule (valeur, style, formule et
//! son résultat, liste déroulante, champ lié), fusions, largeurs, mise en page. L'export
//! l'écrit telle quelle ; l'import relit les mêmes cellules.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use uuid::Uuid;

use crate::diagnostic::calc::scopes;
use crate::diagnostic::catalogue::{NiveauAxe, TypeReponse, catalogue};
use crate::dossier::Dossier;
use crate::record::ops::at_path;
use crate::workbook::collections::{self, Collection, Singleton};
use crate::workbook::descriptor::{Bloc, Calcul, Format, Template, cell_index, col_index};
use crate::workbook::values::{CellValue, to_cell};

/// Apparence d'une cellule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Title,
    Subtitle,
    Header,
    Label,
    Note,
    /// Zone bleue à compléter (déverrouillée).
    Input,
    /// Calculée ou affichée seulement (verrouillée, grisée).
    Computed,
    /// Clé cachée (identifiant d'enregistrement).
    Key,
    Link,
}

/// Ce qu'une cellule liée modifie.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Un enregistrement existant (`id` absent : enregistrement unique).
    Record {
        kind: &'static str,
        id: Option<Uuid>,
        json: Value,
    },
    /// Un enregistrement à créer avec ces champs (réponse pas encore donnée…).
    New {
        kind: &'static str,
        create: Vec<(String, Value)>,
    },
    /// Une information sur le fichier (année du pré-remplissage ARS).
    Meta(String),
    /// Donnée pas encore modélisée : le nom de la collection ou de la racine.
    Pending(String),
}

/// Une cellule liée à un champ.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub target: Target,
    pub field: String,
    pub format: Format,
    pub list: Option<String>,
    pub question: Option<String>,
    /// « Organisme — FINESS juridique ».
    pub label: String,
    /// Regroupement de l'aperçu : l'ESMS concerné ou « Organisme gestionnaire ».
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u16,
    /// La valeur (ou le résultat calculé d'une formule).
    pub value: CellValue,
    pub style: Style,
    pub format: Format,
    pub num_format: Option<&'static str>,
    pub formula: Option<String>,
    /// Feuille visée par un lien interne.
    pub link: Option<String>,
    pub binding: Option<Binding>,
    /// Liste déroulante (nom de liste).
    pub validation: Option<String>,
    /// Doit se relire à l'identique (clés, en-têtes d'années) : sinon le classeur a été
    /// déplacé ou ne correspond plus au dossier.
    pub guard: bool,
    /// Cellule d'un tableau (relue ligne à ligne, pas par position).
    pub in_table: bool,
}

impl Cell {
    fn new(row: u32, col: u16, value: CellValue, style: Style) -> Self {
        Self {
            row,
            col,
            value,
            style,
            format: Format::Texte,
            num_format: None,
            formula: None,
            link: None,
            binding: None,
            validation: None,
            guard: false,
            in_table: false,
        }
    }
    fn text(row: u32, col: u16, s: &str, style: Style) -> Self {
        Self::new(row, col, CellValue::Text(s.to_string()), style)
    }
}

/// Une ligne existante d'un tableau.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub key: Uuid,
    pub target: Target,
    pub label: String,
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableColumn {
    pub col: u16,
    pub header: String,
    pub field: Option<String>,
    pub format: Format,
    pub list: Option<String>,
}

/// Un tableau à lignes répétées, relu dynamiquement (lignes ajoutées dans les lignes vides).
#[derive(Debug, Clone, PartialEq)]
pub struct TableLayout {
    pub collection: String,
    /// Type d'enregistrement ; `None` : collection pas encore modélisée.
    pub kind: Option<&'static str>,
    pub key_col: u16,
    pub header_row: u32,
    pub first_row: u32,
    /// Lignes existantes puis lignes vides.
    pub row_count: u32,
    pub rows: Vec<TableRow>,
    pub columns: Vec<TableColumn>,
    /// Champs fixés d'une ligne ajoutée ; `None` : ajout impossible.
    pub new_row: Option<Vec<(String, Value)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetLayout {
    pub name: String,
    pub widths: BTreeMap<u16, f64>,
    pub heights: BTreeMap<u32, f64>,
    pub landscape: bool,
    pub repeat_rows: Option<(u32, u32)>,
    pub cells: Vec<Cell>,
    /// (ligne, colonne) de début et de fin, inclus.
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub hidden_cols: Vec<u16>,
    pub hidden_rows: Vec<u32>,
    pub tables: Vec<TableLayout>,
}

impl SheetLayout {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            widths: BTreeMap::new(),
            heights: BTreeMap::new(),
            landscape: false,
            repeat_rows: None,
            cells: Vec::new(),
            merges: Vec::new(),
            hidden_cols: Vec::new(),
            hidden_rows: Vec::new(),
            tables: Vec::new(),
        }
    }
    fn hide_col(&mut self, c: u16) {
        if !self.hidden_cols.contains(&c) {
            self.hidden_cols.push(c);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub template_id: String,
    pub version: u32,
    pub title: String,
    pub sheets: Vec<SheetLayout>,
    /// Listes déroulantes utilisées : nom → (code, libellé).
    pub lists: BTreeMap<String, Vec<(String, String)>>,
}

/// Nom de la feuille cachée des listes et de l'identification du modèle.
pub const LISTS_SHEET: &str = "Listes";

struct Ctx<'a> {
    t: &'a Template,
    d: &'a Dossier,
    lists: BTreeMap<String, Vec<(String, String)>>,
}

impl Ctx<'_> {
    fn list(&mut self, name: &str) -> Result<Vec<(String, String)>, String> {
        if let Some(l) = self.lists.get(name) {
            return Ok(l.clone());
        }
        let l = collections::list(name, self.d, self.t)
            .ok_or_else(|| format!("liste inconnue « {name} »"))?;
        self.lists.insert(name.to_string(), l.clone());
        Ok(l)
    }
}

fn col(letters: &str) -> Result<u16, String> {
    col_index(letters).ok_or_else(|| format!("colonne invalide « {letters} »"))
}

fn cell_at(a1: &str) -> Result<(u32, u16), String> {
    cell_index(a1).ok_or_else(|| format!("cellule invalide « {a1} »"))
}

fn style_named(s: Option<&str>, default: Style) -> Style {
    match s {
        Some("note") => Style::Note,
        Some("entete") => Style::Header,
        Some("sous_titre") => Style::Subtitle,
        Some("libelle") => Style::Label,
        _ => default,
    }
}

/// Une cellule de saisie liée.
fn input(ctx: &mut Ctx<'_>, row: u32, c: u16, b: Binding, current: &Value) -> Result<Cell, String> {
    let list_name = b
        .list
        .clone()
        .or_else(|| (b.format == Format::Booleen).then(|| "oui_non".to_string()));
    let list = match &list_name {
        Some(n) => Some(ctx.list(n)?),
        None => None,
    };
    let mut cell = Cell::new(
        row,
        c,
        to_cell(b.format, current, list.as_deref(), b.question.as_deref()),
        Style::Input,
    );
    cell.format = b.format;
    cell.validation = list_name;
    cell.binding = Some(Binding {
        list: cell.validation.clone(),
        ..b
    });
    Ok(cell)
}

fn a1(row: u32, c: u16) -> String {
    super::descriptor::cell_name(row, c)
}

/// Formule et résultat d'un calcul de ligne.
fn calc_cell(
    calc: &Calcul,
    row: u32,
    c: u16,
    format: Format,
    row_cells: &[Cell],
) -> Result<Cell, String> {
    let value_of = |letters: &str| -> Result<CellValue, String> {
        let k = col(letters)?;
        Ok(row_cells
            .iter()
            .find(|x| x.col == k)
            .map_or(CellValue::Empty, |x| x.value.clone()))
    };
    let mut cell = Cell::new(row, c, CellValue::Empty, Style::Computed);
    cell.format = format;
    if let Some(cols) = &calc.somme {
        let refs: Vec<String> = cols
            .iter()
            .map(|l| col(l).map(|k| a1(row, k)))
            .collect::<Result<_, _>>()?;
        cell.formula = Some(format!("=SUM({})", refs.join(",")));
        let mut sum = 0.0;
        for l in cols {
            if let CellValue::Number(n) = value_of(l)? {
                sum += n;
            }
        }
        cell.value = CellValue::Number(sum);
    } else if let Some((n, dn)) = &calc.ratio {
        let (rn, rd) = (a1(row, col(n)?), a1(row, col(dn)?));
        cell.formula = Some(format!(
            "=IF(OR({rn}=\"\",{rd}=\"\",{rd}=0),\"\",{rn}/{rd})"
        ));
        cell.value = match (value_of(n)?, value_of(dn)?) {
            (CellValue::Number(a), CellValue::Number(b)) if b != 0.0 => CellValue::Number(a / b),
            _ => CellValue::Text(String::new()),
        };
        let ratio_form = match &calc.forme {
            Some(f) => matches!(value_of(f)?, CellValue::Text(s) if s == "Ratio"),
            None => false,
        };
        cell.num_format = Some(if ratio_form {
            Format::Ratio.num_format()
        } else {
            Format::Pourcentage.num_format()
        });
    } else {
        return Err("calcul sans « somme » ni « ratio »".into());
    }
    Ok(cell)
}

fn split_root(path: &str) -> (&str, &str) {
    path.split_once('.').unwrap_or((path, ""))
}

/// La cible et la valeur actuelle d'un champ d'enregistrement unique.
fn singleton_target(d: &Dossier, path: &str) -> Result<(Target, String, Value), String> {
    let (root, field) = split_root(path);
    match collections::singleton(root, d).ok_or_else(|| format!("champ inconnu « {path} »"))? {
        Singleton::Record { kind, json } => {
            let current = at_path(&json, field);
            Ok((
                Target::Record {
                    kind,
                    id: None,
                    json,
                },
                field.to_string(),
                current,
            ))
        }
        Singleton::Pending => Ok((Target::Pending(root.into()), field.to_string(), Value::Null)),
    }
}

const OG: &str = "Organisme gestionnaire";

#[allow(clippy::too_many_arguments)]
fn champ(
    ctx: &mut Ctx<'_>,
    s: &mut SheetLayout,
    row: u32,
    libelle: &str,
    target: (Target, String, Value),
    format: Format,
    liste: Option<&String>,
    jusqua: Option<&String>,
) -> Result<(), String> {
    s.cells.push(Cell::text(row, 1, libelle, Style::Label));
    let (target, field, current) = target;
    let b = Binding {
        target,
        field,
        format,
        list: liste.cloned(),
        question: None,
        label: libelle.to_string(),
        scope: OG.into(),
    };
    s.cells.push(input(ctx, row, 2, b, &current)?);
    if let Some(j) = jusqua {
        s.merges.push((row, 2, row, col(j)?));
    }
    Ok(())
}

fn tableau(
    ctx: &mut Ctx<'_>,
    s: &mut SheetLayout,
    ligne: u32,
    collection: &str,
    cle: &str,
    blank: u32,
    colonnes: &[super::descriptor::Colonne],
) -> Result<(), String> {
    let d = ctx.d;
    let key_col = col(cle)?;
    let header_row = ligne - 1;
    s.hide_col(key_col);
    s.cells
        .push(Cell::text(header_row, key_col, "clé", Style::Key));
    for c in colonnes {
        s.cells.push(Cell::text(
            header_row,
            col(&c.col)?,
            &c.entete,
            Style::Header,
        ));
    }
    let coll = collections::collection(collection, d)
        .ok_or_else(|| format!("collection inconnue « {collection} »"))?;
    let (kind, items, new_row) = match coll {
        Collection::Bound {
            kind,
            items,
            new_row,
        } => (Some(kind), items, new_row),
        Collection::Pending => (None, Vec::new(), None),
    };
    let mut table = TableLayout {
        collection: collection.to_string(),
        kind,
        key_col,
        header_row,
        first_row: header_row + 1,
        row_count: items.len() as u32 + blank,
        rows: Vec::new(),
        columns: colonnes
            .iter()
            .map(|c| {
                Ok(TableColumn {
                    col: col(&c.col)?,
                    header: c.entete.clone(),
                    field: c.champ.clone(),
                    format: c.format,
                    list: c.liste.clone(),
                })
            })
            .collect::<Result<_, String>>()?,
        new_row,
    };
    let total = items.len() + blank as usize;
    for i in 0..total {
        let row = header_row + 1 + i as u32;
        let item = items.get(i);
        let scope = item
            .and_then(|it| it.esms.map(|e| e.nom.clone()))
            .unwrap_or_else(|| OG.into());
        let target = match (item, kind) {
            (Some(it), Some(kind)) => match &it.record {
                Some((id, json)) => Target::Record {
                    kind,
                    id: Some(*id),
                    json: json.clone(),
                },
                None => Target::New {
                    kind,
                    create: it.create.clone(),
                },
            },
            (None, Some(kind)) => Target::New {
                kind,
                create: Vec::new(),
            },
            _ => Target::Pending(collection.to_string()),
        };
        if let Some(it) = item {
            let mut k = Cell::new(
                row,
                key_col,
                CellValue::Text(it.key.to_string()),
                Style::Key,
            );
            k.in_table = true;
            s.cells.push(k);
            table.rows.push(TableRow {
                key: it.key,
                target: target.clone(),
                label: it.label.clone(),
                scope: scope.clone(),
            });
        }
        let json = match (&target, item.and_then(|it| it.display.as_ref())) {
            (_, Some(shown)) => shown.clone(),
            (Target::Record { json, .. }, None) => json.clone(),
            _ => Value::Null,
        };
        let mut row_cells: Vec<Cell> = Vec::new();
        for c in colonnes.iter().filter(|c| c.calcul.is_none()) {
            let k = col(&c.col)?;
            let mut cell = if let Some(field) = &c.champ {
                let b = Binding {
                    target: target.clone(),
                    field: field.clone(),
                    format: c.format,
                    list: c.liste.clone(),
                    question: None,
                    label: format!(
                        "{} — {}",
                        item.map_or("Nouvelle ligne", |it| it.label.as_str()),
                        c.entete
                    ),
                    scope: scope.clone(),
                };
                input(ctx, row, k, b, &at_path(&json, field))?
            } else {
                let shown = match (item, c.affiche.as_deref()) {
                    (Some(it), Some(path)) => display(it, path, &json, c.format),
                    _ => CellValue::Empty,
                };
                let mut x = Cell::new(row, k, shown, Style::Computed);
                x.format = c.format;
                x
            };
            cell.in_table = true;
            row_cells.push(cell);
        }
        for c in colonnes {
            if let Some(calc) = &c.calcul {
                let mut cell = calc_cell(calc, row, col(&c.col)?, c.format, &row_cells)?;
                cell.in_table = true;
                row_cells.push(cell);
            }
        }
        s.cells.extend(row_cells);
    }
    s.tables.push(table);
    Ok(())
}

/// Valeur affichée d'une colonne `affiche`.
fn display(it: &collections::Item<'_>, path: &str, json: &Value, format: Format) -> CellValue {
    if let Some(f) = path.strip_prefix("esms.") {
        return it.esms.map_or(CellValue::Empty, |e| {
            let v = serde_json::to_value(e).unwrap_or(Value::Null);
            to_cell(Format::Texte, &at_path(&v, f), None, None)
        });
    }
    let v = at_path(json, path);
    if path == "source" {
        let l = collections::list("source_valeur", &Dossier::default(), &empty_template());
        return to_cell(Format::Choix, &v, l.as_deref(), None);
    }
    // Dates et nombres du contrat affichés dans leur format (classeur de suivi).
    let shown = match format {
        Format::Date | Format::Decimal | Format::Entier => format,
        _ => Format::Texte,
    };
    to_cell(shown, &v, None, None)
}

fn empty_template() -> Template {
    Template {
        format: String::new(),
        id: String::new(),
        version: 0,
        titre: String::new(),
        source: String::new(),
        listes: BTreeMap::new(),
        feuilles: Vec::new(),
    }
}

fn questionnaire(
    ctx: &mut Ctx<'_>,
    s: &mut SheetLayout,
    axe_id: &str,
    ligne: u32,
    intitule: &str,
) -> Result<(), String> {
    let d = ctx.d;
    let cat = &catalogue().data;
    let axe = cat
        .axes
        .iter()
        .find(|a| a.id == axe_id)
        .ok_or_else(|| format!("axe inconnu « {axe_id} »"))?;
    let portees = scopes(d, axe, &[]);
    let r0 = ligne - 1;
    let last = 2 + portees.len().max(1) as u16 - 1;
    s.cells.push(Cell::text(
        r0,
        1,
        &format!("{intitule} — Axe {} : {}", axe.code, axe.titre),
        Style::Title,
    ));
    s.merges.push((r0, 1, r0, last.max(2)));
    s.cells.push(Cell::text(
        r0 + 1,
        1,
        &format!(
            "{}. Complétez les zones en bleu : menu déroulant oui / non / pratiques hétérogènes, cases (libellés séparés par « ; ») ou texte libre.",
            axe.groupe
        ),
        Style::Note,
    ));
    s.heights.insert(r0 + 1, 30.0);
    s.merges.push((r0 + 1, 1, r0 + 1, last.max(2)));
    s.hide_col(0);
    s.hidden_rows.push(r0 + 2);
    let mut k = Cell::text(r0 + 2, 0, "clé", Style::Key);
    k.guard = true;
    s.cells.push(k);
    s.cells
        .push(Cell::text(r0 + 3, 1, "Question", Style::Header));
    if portees.is_empty() {
        s.cells.push(Cell::text(
            r0 + 4,
            1,
            "Aucun ESMS de ce secteur dans le périmètre : onglet sans objet.",
            Style::Note,
        ));
        return Ok(());
    }
    for (i, p) in portees.iter().enumerate() {
        let c = 2 + i as u16;
        let key = p.map_or("og".to_string(), |e| e.id.to_string());
        let mut kc = Cell::text(r0 + 2, c, &key, Style::Key);
        kc.guard = true;
        s.cells.push(kc);
        let name = p.map_or(OG, |e| e.nom.as_str());
        s.cells.push(Cell::text(r0 + 3, c, name, Style::Header));
        s.widths.insert(c, 24.0);
    }
    let answers: HashMap<(&str, Option<Uuid>), &crate::dossier::diagnostic::Reponse> = d
        .diagnostic
        .reponses
        .iter()
        .map(|r| ((r.question.as_str(), r.esms), r))
        .collect();
    let mut row = r0 + 4;
    for theme in &axe.themes {
        s.cells
            .push(Cell::text(row, 1, &theme.titre, Style::Subtitle));
        s.merges.push((row, 1, row, last.max(2)));
        row += 1;
        for q in &theme.questions {
            let mut kc = Cell::text(row, 0, &q.id, Style::Key);
            kc.guard = true;
            s.cells.push(kc);
            s.cells.push(Cell::text(row, 1, &q.libelle, Style::Label));
            let (format, list) = match q.type_reponse {
                TypeReponse::OuiNonHeterogene => {
                    (Format::Choix, Some("oui_non_heterogene".to_string()))
                }
                TypeReponse::Cases => (Format::Cases, None),
                TypeReponse::Texte => (Format::Texte, None),
            };
            for (i, p) in portees.iter().enumerate() {
                let esms = p.map(|e| e.id);
                let esms = if axe.niveau == NiveauAxe::Og {
                    None
                } else {
                    esms
                };
                let target = match answers.get(&(q.id.as_str(), esms)) {
                    Some(r) => Target::Record {
                        kind: "reponse",
                        id: Some(r.id),
                        json: serde_json::to_value(r).unwrap_or(Value::Null),
                    },
                    None => {
                        let mut create =
                            vec![("question".to_string(), Value::String(q.id.clone()))];
                        if let Some(e) = esms {
                            create.push(("esms".into(), Value::String(e.to_string())));
                        }
                        Target::New {
                            kind: "reponse",
                            create,
                        }
                    }
                };
                let current = match &target {
                    Target::Record { json, .. } => at_path(json, "valeur"),
                    _ => Value::Null,
                };
                let scope = p.map_or(OG.to_string(), |e| e.nom.clone());
                let b = Binding {
                    target,
                    field: "valeur".into(),
                    format,
                    list: list.clone(),
                    question: Some(q.id.clone()),
                    label: format!("Axe {} — {}", axe.code, q.libelle),
                    scope,
                };
                s.cells.push(input(ctx, row, 2 + i as u16, b, &current)?);
            }
            if q.type_reponse != TypeReponse::OuiNonHeterogene {
                s.heights.insert(row, 32.0);
            }
            row += 1;
        }
        let zones = d.diagnostic.themes.iter().find(|z| z.theme == theme.id);
        let target = match zones {
            Some(z) => Target::Record {
                kind: "theme_diagnostic",
                id: Some(z.id),
                json: serde_json::to_value(z).unwrap_or(Value::Null),
            },
            None => Target::New {
                kind: "theme_diagnostic",
                create: vec![("theme".into(), Value::String(theme.id.clone()))],
            },
        };
        for z in &cat.zones {
            let mut kc = Cell::text(row, 0, &format!("{}.{}", theme.id, z.valeur), Style::Key);
            kc.guard = true;
            s.cells.push(kc);
            s.cells.push(Cell::text(row, 1, &z.libelle, Style::Label));
            let current = match &target {
                Target::Record { json, .. } => at_path(json, &z.valeur),
                _ => Value::Null,
            };
            let b = Binding {
                target: target.clone(),
                field: z.valeur.clone(),
                format: Format::Texte,
                list: None,
                question: None,
                label: format!("Axe {} — {} — {}", axe.code, theme.titre, z.libelle),
                scope: OG.into(),
            };
            s.cells.push(input(ctx, row, 2, b, &current)?);
            if last > 2 {
                s.merges.push((row, 2, row, last));
            }
            s.heights.insert(row, 40.0);
            row += 1;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn grille(
    ctx: &mut Ctx<'_>,
    s: &mut SheetLayout,
    ligne: u32,
    titre: &str,
    lignes: &str,
    colonnes: &str,
    champ_tpl: &str,
    format: Format,
    totaux: bool,
) -> Result<(), String> {
    let d = ctx.d;
    let rows = collections::grid_axis(lignes, d)
        .ok_or_else(|| format!("lignes inconnues « {lignes} »"))?;
    let cols = collections::grid_axis(colonnes, d)
        .ok_or_else(|| format!("colonnes inconnues « {colonnes} »"))?;
    let r0 = ligne - 1;
    s.cells.push(Cell::text(r0, 1, titre, Style::Subtitle));
    if cols.is_empty() {
        s.cells.push(Cell::text(
            r0 + 1,
            1,
            "Renseignez la date d'effet du CPOM (ou l'année de négociation) pour obtenir les colonnes de ce tableau.",
            Style::Note,
        ));
        return Ok(());
    }
    let header = r0 + 1;
    for (j, (_, label)) in cols.iter().enumerate() {
        let mut h = Cell::text(header, 2 + j as u16, label, Style::Header);
        h.guard = true;
        s.cells.push(h);
    }
    let total_col = 2 + cols.len() as u16;
    if totaux && cols.len() > 1 {
        s.cells
            .push(Cell::text(header, total_col, "Total", Style::Header));
    }
    let mut col_sums = vec![0.0; cols.len()];
    for (i, (rk, rl)) in rows.iter().enumerate() {
        let row = header + 1 + i as u32;
        let mut lab = Cell::text(row, 1, rl, Style::Label);
        lab.guard = true;
        s.cells.push(lab);
        let mut row_sum = 0.0;
        for (j, (ck, cl)) in cols.iter().enumerate() {
            let path = champ_tpl.replace("{ligne}", rk).replace("{colonne}", ck);
            let path = path.trim_end_matches('.').replace("..", ".");
            let target = singleton_target(d, &path)?;
            let (t, field, current) = target;
            let b = Binding {
                target: t,
                field,
                format,
                list: None,
                question: None,
                label: if cl == "Montant" || ck.is_empty() {
                    format!("{titre} — {rl}")
                } else {
                    format!("{titre} — {rl} — {cl}")
                },
                scope: OG.into(),
            };
            let cell = input(ctx, row, 2 + j as u16, b, &current)?;
            if let CellValue::Number(n) = cell.value {
                row_sum += n;
                col_sums[j] += n;
            }
            s.cells.push(cell);
        }
        if totaux && cols.len() > 1 {
            let mut t = Cell::new(row, total_col, CellValue::Number(row_sum), Style::Computed);
            t.format = format;
            t.formula = Some(format!("=SUM({}:{})", a1(row, 2), a1(row, total_col - 1)));
            s.cells.push(t);
        }
    }
    if totaux && rows.len() > 1 {
        let row = header + 1 + rows.len() as u32;
        s.cells.push(Cell::text(row, 1, "Total", Style::Header));
        let first = header + 1;
        let mut grand = 0.0;
        for (j, sum) in col_sums.iter().enumerate() {
            let c = 2 + j as u16;
            let mut t = Cell::new(row, c, CellValue::Number(*sum), Style::Computed);
            t.format = format;
            t.formula = Some(format!("=SUM({}:{})", a1(first, c), a1(row - 1, c)));
            s.cells.push(t);
            grand += sum;
        }
        if cols.len() > 1 {
            let mut t = Cell::new(row, total_col, CellValue::Number(grand), Style::Computed);
            t.format = format;
            t.formula = Some(format!("=SUM({}:{})", a1(row, 2), a1(row, total_col - 1)));
            s.cells.push(t);
        }
    }
    Ok(())
}

/// Hauteur des lignes dont un texte renvoyé à la ligne déborde (ni Excel ni LibreOffice
/// n'ajustent à l'ouverture une hauteur écrite) : estimation par la largeur des colonnes.
fn auto_heights(s: &mut SheetLayout) {
    let width = |c: u16| s.widths.get(&c).copied().unwrap_or(8.43);
    let mut need: BTreeMap<u32, f64> = BTreeMap::new();
    for c in &s.cells {
        if matches!(
            c.style,
            Style::Title | Style::Key | Style::Link | Style::Subtitle
        ) {
            continue;
        }
        let CellValue::Text(t) = &c.value else {
            continue;
        };
        let span: f64 = match s.merges.iter().find(|m| m.0 == c.row && m.1 == c.col) {
            Some(m) => (m.1..=m.3).map(width).sum(),
            None => width(c.col),
        };
        let per_line = (span * 1.2).max(4.0);
        let lines: f64 = t
            .split('\n')
            .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
            .sum();
        if lines > 1.0 {
            let h = lines * 12.6 + 3.0;
            let e = need.entry(c.row).or_insert(0.0);
            *e = e.max(h);
        }
    }
    for (r, h) in need {
        let e = s.heights.entry(r).or_insert(0.0);
        *e = e.max(h.min(400.0));
    }
}

/// La disposition du classeur `t` pour le dossier `d`.
/// Un tableau qui grandit avec le dossier ne doit pas recouvrir le bloc suivant : une cellule
/// écrite deux fois est une erreur du modèle (à placer sur sa propre feuille).
fn check_overlaps(s: &SheetLayout) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for c in &s.cells {
        if !seen.insert((c.row, c.col)) {
            return Err(format!(
                "feuille « {} » : la cellule {} est occupée deux fois (un tableau déborde sur le bloc suivant)",
                s.name,
                a1(c.row, c.col)
            ));
        }
    }
    Ok(())
}

pub fn layout(t: &Template, d: &Dossier) -> Result<Layout, String> {
    let mut ctx = Ctx {
        t,
        d,
        lists: BTreeMap::new(),
    };
    let mut sheets = Vec::new();
    for f in &t.feuilles {
        let mut s = SheetLayout::new(&f.nom);
        for (letters, w) in &f.largeurs {
            s.widths.insert(col(letters)?, *w);
        }
        s.landscape = f.impression.paysage;
        s.repeat_rows = f
            .impression
            .lignes_repetees
            .map(|(a, b)| (a.saturating_sub(1), b.saturating_sub(1)));
        for b in &f.blocs {
            match b {
                Bloc::Titre {
                    cellule,
                    jusqua,
                    texte,
                    style,
                } => {
                    let (r, c) = cell_at(cellule)?;
                    s.cells.push(Cell::text(
                        r,
                        c,
                        texte,
                        style_named(style.as_deref(), Style::Title),
                    ));
                    if let Some(j) = jusqua {
                        let (r2, c2) = cell_at(j)?;
                        s.merges.push((r, c, r2, c2));
                    }
                    if style.is_none() {
                        s.heights.insert(r, 24.0);
                    }
                }
                Bloc::Texte {
                    cellule,
                    texte,
                    style,
                } => {
                    let (r, c) = cell_at(cellule)?;
                    s.cells.push(Cell::text(
                        r,
                        c,
                        texte,
                        style_named(style.as_deref(), Style::Label),
                    ));
                }
                Bloc::Lien {
                    cellule,
                    feuille,
                    texte,
                } => {
                    if !t.feuilles.iter().any(|x| &x.nom == feuille) {
                        return Err(format!("lien vers une feuille absente « {feuille} »"));
                    }
                    let (r, c) = cell_at(cellule)?;
                    let mut cell = Cell::text(r, c, texte, Style::Link);
                    cell.link = Some(feuille.clone());
                    s.cells.push(cell);
                }
                Bloc::Champ {
                    ligne,
                    libelle,
                    champ: path,
                    format,
                    liste,
                    jusqua,
                    hauteur,
                } => {
                    let row = ligne - 1;
                    let target = singleton_target(d, path)?;
                    champ(
                        &mut ctx,
                        &mut s,
                        row,
                        libelle,
                        target,
                        *format,
                        liste.as_ref(),
                        jusqua.as_ref(),
                    )?;
                    if let Some(h) = hauteur {
                        s.heights.insert(row, *h);
                    }
                }
                Bloc::Meta {
                    ligne,
                    libelle,
                    cle,
                    format,
                } => {
                    let target = (Target::Meta(cle.clone()), cle.clone(), Value::Null);
                    champ(
                        &mut ctx,
                        &mut s,
                        ligne - 1,
                        libelle,
                        target,
                        *format,
                        None,
                        None,
                    )?;
                }
                Bloc::Tableau {
                    ligne,
                    collection,
                    cle,
                    lignes_vides,
                    colonnes,
                } => tableau(
                    &mut ctx,
                    &mut s,
                    *ligne,
                    collection,
                    cle,
                    *lignes_vides,
                    colonnes,
                )?,
                Bloc::Questionnaire {
                    axe,
                    ligne,
                    intitule,
                } => questionnaire(
                    &mut ctx,
                    &mut s,
                    axe,
                    *ligne,
                    intitule.as_deref().unwrap_or("Annexe 2-A"),
                )?,
                Bloc::Grille {
                    ligne,
                    titre,
                    lignes,
                    colonnes,
                    champ,
                    format,
                    totaux,
                } => grille(
                    &mut ctx, &mut s, *ligne, titre, lignes, colonnes, champ, *format, *totaux,
                )?,
            }
        }
        auto_heights(&mut s);
        check_overlaps(&s)?;
        sheets.push(s);
    }
    Ok(Layout {
        template_id: t.id.clone(),
        version: t.version,
        title: t.titre.clone(),
        sheets,
        lists: ctx.lists,
    })
}
