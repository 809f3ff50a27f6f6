//! Relire notre classeur régional (.xlsx, .xls ou .ods, modifié dans Excel ou LibreOffice) :
//! le modèle et sa version sont lus dans la feuille cachée « Listes », la disposition est
//! recalculée pour le dossier ouvert et chaque cellule liée est relue au même endroit ; les
//! tableaux sont relus ligne à ligne par leur clé cachée (lignes vides complétées = ajouts).
//!
//! Fichier pré-rempli par l'ARS (même disposition, 2-B et 2-C remplis à partir des données
//! N-1, guide PdL L346-L348) : l'année saisie sur l'onglet Accueil (ou `--pre-rempli-ars`)
//! fait enregistrer les indicateurs avec la source « pré-rempli ARS » et cette année, et la
//! valeur pré-remplie : une modification ultérieure est signalée comme telle.

use std::collections::HashSet;
use std::path::Path;

use cpom_domain::dossier::Dossier;
use cpom_domain::record::table::ops;
use cpom_domain::workbook::descriptor::{Format, template};
use cpom_domain::workbook::layout;
use cpom_domain::workbook::layout::{LISTS_SHEET, TableLayout};
use cpom_domain::workbook::layout::{Layout, SheetLayout, Style, Target};
use cpom_domain::workbook::values::Raw;
use cpom_domain::workbook::values::from_cell;
use serde_json::{Value, json};
use uuid::Uuid;

use super::plan::{ImportPreview, Op, Plan, Set};
use super::reader::{self, Book, Grid, at, err};
use crate::error::{Result, ServiceError};
use crate::export::xlsx::writer::ID_FORMAT;
use crate::session::Session;

/// Les choix d'une liste déroulante : (code, libellé).
type Choices = Vec<(String, String)>;

/// Lignes lues au plus par feuille de notre classeur (un dossier de 100 ESMS en utilise
/// quelques milliers).
pub const MAX_ROWS: u32 = 20_000;

/// Options de l'import.
#[derive(Debug, Clone, Default)]
pub struct WorkbookImportOptions {
    /// Traiter le fichier comme pré-rempli par l'ARS pour cette année (sinon : l'année
    /// saisie sur l'onglet Accueil, si elle l'est).
    pub prerempli_ars: Option<i32>,
}

fn structure(book: &Book, sheet: &str, row: u32, col: u16, msg: String) -> ServiceError {
    let loc = at(sheet, row, col);
    err(
        "import.structure",
        &book.file,
        format!("« {} », {loc} : {msg}", book.file),
    )
    .with_location(loc)
}

/// Modèle et version du classeur, lus dans la feuille « Listes ».
fn identify(book: &mut Book) -> Result<(String, u32, String)> {
    let names = book.sheet_names();
    if !names.iter().any(|n| n == LISTS_SHEET) {
        return Err(err(
            "import.modele",
            &book.file,
            format!(
                "« {} » n'est pas un classeur exporté par Atelier CPOM : la feuille cachée « {LISTS_SHEET} » qui identifie le modèle est absente (feuilles trouvées : {}) ; attendu : le fichier « Diagnostic » ou le tableau de suivi exporté par l'application.",
                book.file,
                names
                    .iter()
                    .take(6)
                    .map(|n| format!("« {n} »"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    // Seules les colonnes A-B (identification) sont lues ; les listes (une ligne par ESMS
    // d'une fédération) dépassent mille lignes.
    let g = book.grid(LISTS_SHEET, MAX_ROWS, &|c| c < 2)?;
    if g.get(0, 1).as_text() != ID_FORMAT {
        return Err(structure(
            book,
            LISTS_SHEET,
            0,
            1,
            format!(
                "attendu « {ID_FORMAT} » ; trouvé : {}.",
                g.get(0, 1).describe()
            ),
        ));
    }
    let id = g.get(1, 1).as_text();
    let version = match g.get(2, 1) {
        Raw::Number(n) if n.fract() == 0.0 && n > 0.0 => n as u32,
        Raw::Text(t) if t.trim().parse::<u32>().is_ok() => t.trim().parse().unwrap_or(0),
        other => {
            return Err(structure(
                book,
                LISTS_SHEET,
                2,
                1,
                format!(
                    "attendu : le numéro de version du modèle ; trouvé : {}.",
                    other.describe()
                ),
            ));
        }
    };
    let dossier = g.get(3, 1).as_text();
    Ok((id, version, dossier))
}

fn check_merges(book: &mut Book, s: &SheetLayout) -> Result<()> {
    let Some(found) = book.merges(&s.name) else {
        return Ok(());
    };
    let found: HashSet<_> = found.into_iter().collect();
    for m in &s.merges {
        if !found.contains(m) {
            let range = format!(
                "{}:{}",
                cpom_domain::workbook::descriptor::cell_name(m.0, m.1),
                cpom_domain::workbook::descriptor::cell_name(m.2, m.3)
            );
            return Err(structure(
                book,
                &s.name,
                m.0,
                m.1,
                format!(
                    "les cellules fusionnées {range} ont été déplacées ou défaites ; attendu : la mise en forme du modèle (exportez un nouveau classeur)."
                ),
            ));
        }
    }
    Ok(())
}

fn check_guards(book: &Book, s: &SheetLayout, g: &Grid) -> Result<()> {
    for c in s.cells.iter().filter(|c| c.guard) {
        let want = c.value.as_text();
        let got = g.get(c.row, c.col);
        if got.as_text() != want.trim() {
            return Err(structure(
                book,
                &s.name,
                c.row,
                c.col,
                format!(
                    "attendu « {want} » ; trouvé : {}. Des lignes ou colonnes ont été déplacées, ou le dossier a changé depuis l'export (ESMS ajouté, année modifiée) : exportez un nouveau classeur.",
                    got.describe()
                ),
            ));
        }
    }
    Ok(())
}

fn check_formulas(book: &mut Book, s: &SheetLayout) -> Result<()> {
    let formulas = book.formulas(&s.name);
    if formulas.is_empty() {
        return Ok(());
    }
    let inputs: HashSet<(u32, u16)> = s
        .cells
        .iter()
        .filter(|c| c.style == Style::Input)
        .map(|c| (c.row, c.col))
        .chain(s.tables.iter().flat_map(|t| {
            let rows = t.first_row..t.first_row + t.row_count.max(1) + 200;
            rows.flat_map(move |r| {
                t.columns
                    .iter()
                    .filter(|c| c.field.is_some())
                    .map(move |c| (r, c.col))
            })
        }))
        .collect();
    let mut bad: Vec<_> = formulas
        .iter()
        .filter(|(k, _)| inputs.contains(k))
        .collect();
    bad.sort_by_key(|(k, _)| **k);
    if let Some(((r, c), f)) = bad.first() {
        return Err(structure(
            book,
            &s.name,
            *r,
            *c,
            format!(
                "une formule (={f}) au lieu d'une valeur ; attendu : une valeur saisie (copiez puis « collage spécial : valeurs »)."
            ),
        ));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn read_value(
    book: &Book,
    lay: &Layout,
    sheet: &str,
    row: u32,
    col: u16,
    format: Format,
    list: Option<&String>,
    question: Option<&String>,
    raw: &Raw,
) -> Result<(Value, Option<Choices>)> {
    let values = list.and_then(|l| lay.lists.get(l)).cloned();
    let v =
        from_cell(format, raw, values.as_deref(), question.map(String::as_str)).map_err(|m| {
            let loc = at(sheet, row, col);
            err(
                "import.valeur",
                &book.file,
                format!("« {} », {loc} : {m}.", book.file),
            )
            .with_location(loc)
        })?;
    Ok((v, values))
}

struct Ctx<'a> {
    d: &'a Dossier,
    lay: &'a Layout,
    prerempli: Option<i32>,
    warnings: Vec<String>,
}

fn read_table(
    book: &Book,
    ctx: &mut Ctx<'_>,
    sheet: &str,
    t: &TableLayout,
    g: &Grid,
    limit: u32,
    plan: &mut Plan,
) -> Result<()> {
    let last = g.height.max(t.first_row + t.row_count).min(limit);
    let mut ignored = 0;
    for row in t.first_row..last {
        let key = g.get(row, t.key_col).as_text();
        let filled: Vec<_> = t
            .columns
            .iter()
            .filter(|c| c.field.is_some())
            .filter(|c| !g.get(row, c.col).is_empty())
            .collect();
        if key.is_empty() && filled.is_empty() {
            continue;
        }
        let Some(kind) = t.kind else {
            ignored += 1;
            continue;
        };
        let natural = if key.is_empty() && kind == "indicateur" {
            natural_match(ctx.d, ctx.lay, t, g, row)
        } else {
            None
        };
        let (target, label, scope) = if let Some(r) = natural {
            (r.target.clone(), r.label.clone(), r.scope.clone())
        } else if key.is_empty() {
            if t.new_row.is_none() {
                ctx.warnings.push(format!(
                    "Feuille « {sheet} », ligne {} : ligne ajoutée ignorée (ce tableau suit le périmètre ; ajoutez l'ESMS dans l'application).",
                    row + 1
                ));
                continue;
            }
            (
                Target::New {
                    kind,
                    create: t.new_row.clone().unwrap_or_default(),
                },
                format!("Ligne ajoutée {}", row + 1),
                "Lignes ajoutées".to_string(),
            )
        } else {
            let found = Uuid::parse_str(&key)
                .ok()
                .and_then(|u| t.rows.iter().find(|r| r.key == u));
            match found {
                Some(r) => (r.target.clone(), r.label.clone(), r.scope.clone()),
                None => {
                    ctx.warnings.push(format!(
                        "Feuille « {sheet} », ligne {} : élément absent du dossier (supprimé depuis l'export ?), ligne ignorée.",
                        row + 1
                    ));
                    continue;
                }
            }
        };
        let mut sets = Vec::new();
        for c in &t.columns {
            let Some(field) = &c.field else { continue };
            let raw = g.get(row, c.col);
            let (value, list) = read_value(
                book,
                ctx.lay,
                sheet,
                row,
                c.col,
                c.format,
                c.list.as_ref(),
                None,
                &raw,
            )?;
            sets.push(Set {
                field: field.clone(),
                value,
                format: c.format,
                list,
                question: None,
                label: format!("{label} — {}", c.header),
                scope: scope.clone(),
                location: at(sheet, row, c.col),
            });
        }
        if let (Some(year), "indicateur") = (ctx.prerempli, kind) {
            prefill_marks(&mut sets, year, sheet, row);
        }
        let key = match &target {
            Target::New { .. } => format!("{kind}:ligne:{sheet}:{row}"),
            _ => String::new(),
        };
        for s in sets {
            if key.is_empty() {
                plan.set(&target, s);
            } else if let Target::New { create, .. } = &target {
                plan.add(key.clone(), kind, None, create.clone(), s);
            }
        }
    }
    if ignored > 0 {
        ctx.warnings.push(format!(
            "Feuille « {sheet} » : {ignored} ligne(s) renseignée(s) non importée(s) ({} : pas encore géré par cette version de l'application).",
            t.collection
        ));
    }
    Ok(())
}

/// Une ligne d'indicateur sans clé (fichier produit par l'ARS) : l'indicateur existant de
/// même ESMS (FINESS) et même libellé, s'il y en a un.
fn natural_match<'a>(
    d: &Dossier,
    lay: &Layout,
    t: &'a TableLayout,
    g: &Grid,
    row: u32,
) -> Option<&'a cpom_domain::workbook::layout::TableRow> {
    let col_of = |f: &str| t.columns.iter().find(|c| c.field.as_deref() == Some(f));
    let esms_col = col_of("esms")?;
    let lib_col = col_of("libelle")?;
    let values = esms_col.list.as_ref().and_then(|l| lay.lists.get(l))?;
    let esms = from_cell(Format::Esms, &g.get(row, esms_col.col), Some(values), None).ok()?;
    let fold = |s: &str| s.trim().to_lowercase();
    let libelle = fold(&g.get(row, lib_col.col).as_text());
    t.rows.iter().find(|r| match &r.target {
        Target::Record { kind, id } => ops(kind)
            .and_then(|o| o.value(d, id.unwrap_or_default()))
            .is_some_and(|json| {
                json.get("esms") == Some(&esms)
                    && json.get("libelle").and_then(Value::as_str).map(fold)
                        == Some(libelle.clone())
            }),
        _ => false,
    })
}

/// Fichier pré-rempli par l'ARS : source, précision, année et valeur pré-remplie.
fn prefill_marks(sets: &mut Vec<Set>, year: i32, sheet: &str, row: u32) {
    let Some(valeur) = sets
        .iter()
        .find(|s| s.field == "valeur")
        .map(|s| s.value.clone())
    else {
        return;
    };
    if valeur.is_null() {
        return;
    }
    let template = sets[0].clone();
    let needs_year = sets.iter().any(|s| s.field == "annee" && s.value.is_null());
    let mut mark = |field: &str, value: Value, format: Format| {
        sets.retain(|s| s.field != field);
        sets.push(Set {
            field: field.into(),
            value,
            format,
            list: None,
            question: None,
            label: format!(
                "{} (pré-rempli ARS)",
                template.label.split(" — ").next().unwrap_or("")
            ),
            scope: template.scope.clone(),
            location: format!("feuille « {sheet} », ligne {}", row + 1),
        });
    };
    mark("source", json!("pre_rempli_ars"), Format::Texte);
    mark(
        "source_detail",
        json!(format!("Pré-rempli ARS {year}")),
        Format::Texte,
    );
    mark("valeur_preremplie", valeur, Format::Decimal);
    if needs_year {
        mark("annee", json!(year.to_string()), Format::Annee);
    }
}

/// Lit le classeur et calcule les changements, sans rien écrire.
pub fn read_workbook(
    session: &Session,
    path: &Path,
    opts: &WorkbookImportOptions,
) -> Result<(ImportPreview, Vec<Op>)> {
    let mut book = reader::open(path)?;
    let (id, version, file_dossier) = identify(&mut book)?;
    let t = template(&id, Some(version)).ok_or_else(|| {
        err(
            "import.version",
            &book.file,
            format!(
                "« {} » a été produit avec le modèle « {id} » version {version}, que cette version d'Atelier CPOM ne connaît pas ; attendu : un modèle parmi {}.",
                book.file,
                cpom_domain::workbook::descriptor::templates()
                    .iter()
                    .map(|t| format!("« {} » v{}", t.id, t.version))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_location(format!("feuille « {LISTS_SHEET} », cellules B2:B3"))
    })?;
    let meta = session.meta()?;
    if !file_dossier.is_empty() && file_dossier != meta.dossier_id {
        return Err(err(
            "import.autre_dossier",
            &book.file,
            format!(
                "« {} » a été exporté d'un autre dossier (identifiant {file_dossier}) ; attendu : un classeur exporté de ce dossier ({}).",
                book.file, meta.dossier_id
            ),
        )
        .with_location(format!("feuille « {LISTS_SHEET} », cellule B4")));
    }
    let d = session.kept_dossier()?;
    let lay = layout(t, &d).map_err(|e| ServiceError::new("classeur.modele_invalide", e))?;
    let names = book.sheet_names();
    for s in &lay.sheets {
        if !names.contains(&s.name) {
            return Err(err(
                "import.feuille",
                &book.file,
                format!(
                    "« {} » : la feuille « {} » est absente (renommée ou supprimée ?) ; attendu : les feuilles du modèle {} v{}.",
                    book.file, s.name, t.id, t.version
                ),
            )
            .with_location(format!("feuille « {} »", s.name)));
        }
    }
    let mut ctx = Ctx {
        d: &d,
        lay: &lay,
        prerempli: opts.prerempli_ars,
        warnings: Vec::new(),
    };
    let mut plan = Plan::new(&book.file);
    let mut grids = Vec::new();
    for s in &lay.sheets {
        check_merges(&mut book, s)?;
        check_formulas(&mut book, s)?;
        let g = book.grid(&s.name, MAX_ROWS, &|_| true)?;
        check_guards(&book, s, &g)?;
        // Année d'un fichier pré-rempli par l'ARS (onglet Accueil).
        for c in &s.cells {
            if let Some(b) = &c.binding
                && let Target::Meta(key) = &b.target
                && key == "prerempli_annee"
                && ctx.prerempli.is_none()
            {
                let (v, _) = read_value(
                    &book,
                    &lay,
                    &s.name,
                    c.row,
                    c.col,
                    b.format,
                    None,
                    None,
                    &g.get(c.row, c.col),
                )?;
                ctx.prerempli = v
                    .as_str()
                    .and_then(|y| y.parse::<i32>().ok())
                    .filter(|y| (2000..=2100).contains(y));
                if !v.is_null() && ctx.prerempli.is_none() {
                    let loc = at(&s.name, c.row, c.col);
                    return Err(err(
                        "import.valeur",
                        &book.file,
                        format!(
                            "« {} », {loc} : attendu : une année entre 2000 et 2100.",
                            book.file
                        ),
                    )
                    .with_location(loc));
                }
            }
        }
        grids.push(g);
    }
    for (s, g) in lay.sheets.iter().zip(&grids) {
        for c in s.cells.iter().filter(|c| !c.in_table) {
            let Some(b) = &c.binding else { continue };
            if matches!(b.target, Target::Meta(_)) {
                continue;
            }
            let raw = g.get(c.row, c.col);
            if let Target::Pending(name) = &b.target {
                if !raw.is_empty() {
                    ctx.warnings.push(format!(
                        "{} : valeur non importée ({name} : pas encore géré par cette version de l'application).",
                        at(&s.name, c.row, c.col)
                    ));
                }
                continue;
            }
            let (value, list) = read_value(
                &book,
                &lay,
                &s.name,
                c.row,
                c.col,
                b.format,
                b.list.as_ref(),
                b.question.as_ref(),
                &raw,
            )?;
            plan.set(
                &b.target,
                Set {
                    field: b.field.clone(),
                    value,
                    format: b.format,
                    list,
                    question: b.question.clone(),
                    label: b.label.clone(),
                    scope: b.scope.clone(),
                    location: at(&s.name, c.row, c.col),
                },
            );
        }
        for t in &s.tables {
            // Un tableau s'arrête à l'en-tête du tableau suivant de la même feuille.
            let limit = s
                .tables
                .iter()
                .map(|x| x.header_row)
                .filter(|h| *h > t.header_row)
                .min()
                .unwrap_or(u32::MAX);
            read_table(&book, &mut ctx, &s.name, t, g, limit, &mut plan)?;
        }
    }
    let origine = match ctx.prerempli {
        Some(y) => format!(
            "{} (version {}) pré-rempli par l'ARS, données {y}",
            t.titre, t.version
        ),
        None => format!("{} (version {})", t.titre, t.version),
    };
    let warnings = std::mem::take(&mut ctx.warnings);
    plan.resolve(&d, origine, Vec::new(), warnings)
}

/// Aperçu (sans rien écrire) ou application en une transaction. `empreinte` : celle de
/// l'aperçu confirmé ; un fichier modifié entre-temps est refusé.
pub fn import_workbook(
    session: &mut Session,
    path: &Path,
    opts: &WorkbookImportOptions,
    dry_run: bool,
    empreinte: Option<&str>,
) -> Result<ImportPreview> {
    let (preview, ops) = read_workbook(session, path, opts)?;
    if let Some(e) = empreinte
        && e != preview.empreinte
    {
        return Err(ServiceError::new(
            "import.fichier_modifie",
            "Le fichier a changé depuis l'aperçu : relancez l'import pour voir les nouvelles différences.",
        )
        .with_file(&preview.fichier));
    }
    if !dry_run && !ops.is_empty() {
        session.apply_ops(&ops)?;
    }
    Ok(preview)
}
