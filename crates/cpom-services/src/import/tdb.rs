//! Import de l'export du tableau de bord de la performance ESMS (ANAP/ATIH), feuille
//! « Restitutions » (331 colonnes, identiques en 2020, 2021 et 2022 : reference-facts §4.2 ;
//! en-tête réel : `shared/data/tdb-esms-export-2022-header.xlsx`).
//!
//! Lecture **par position** (des libellés se répètent : « Taux de réalisation de
//! l'activité » en 209 et 210, les déficiences en double) ; chaque en-tête utilisé est
//! vérifié. Variantes acceptées : une colonne vide en tête, une feuille « Feuil1 » (exports
//! anciens). Les lignes sont rapprochées des ESMS du dossier par FINESS géographique (zéro
//! initial perdu toléré) ; les ESMS de l'organisme (même FINESS juridique) absents du
//! dossier sont listés, jamais ajoutés.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use cpom_domain::dossier::diagnostic::AnnexeIndicateur;
use cpom_domain::kernel::finess;
use cpom_domain::workbook::descriptor::Format;
use cpom_domain::workbook::layout::Target;
use cpom_domain::workbook::values::Raw;
use cpom_domain::workbook::values::number_text;
use serde_json::{Value, json};

use super::plan::{ImportPreview, Op, Plan, Set};
use super::reader::{self, Grid, at, err};
use crate::error::{Result, ServiceError};
use crate::session::Session;

/// Lignes lues au plus (une région compte quelques milliers d'ESMS ; la France entière
/// environ 15 600 lignes).
pub const MAX_ROWS: u32 = 100_000;

/// Colonnes utilisées : (numéro de colonne à partir de 1, début de l'en-tête attendu).
const FINESS_ET: (u16, &str) = (5, "finess géographique");
const RAISON: (u16, &str) = (6, "Raison sociale");
const FINESS_EJ: (u16, &str) = (12, "finess juridique");
const RAISON_EJ: (u16, &str) = (13, "Raison sociale juridique");
const CPOM_ECHEANCE: (u16, &str) = (24, "Date d'échéance du CPOM");

/// Capacités au 31/12/N-1 : colonne, en-tête, champ de l'ESMS.
const CAPACITES: [(u16, &str, &str); 6] = [
    (
        30,
        "- Nombre de lits et places autorisés au 31.12.N-1 (permanent)",
        "capacites.internat.autorisee",
    ),
    (
        31,
        "- Nombre de lits et places installés au 31.12.N-1 (permanent)",
        "capacites.internat.installee",
    ),
    (
        32,
        "- Nombre de lits et places autorisés au 31.12.N-1 (temporaire)",
        "capacites.accueil_temporaire.autorisee",
    ),
    (
        33,
        "- Nombre de lits et places installés au 31.12.N-1 (temporaire)",
        "capacites.accueil_temporaire.installee",
    ),
    (
        34,
        "- Nombre de places autorisées au 31.12.N-1 (accueil de jour)",
        "capacites.semi_internat.autorisee",
    ),
    (
        35,
        "- Nombre de places installées au 31.12.N-1 (accueil de jour)",
        "capacites.semi_internat.installee",
    ),
];

/// Places habilitées à l'aide sociale (colonne 36).
const PLACES_HABILITEES: (u16, &str) = (
    36,
    "Nombre de places habilitées à l'aide sociale départementale à l'hébergement",
);

/// Établissements pour personnes âgées : convention tripartite (colonnes 27 et 28), dernier
/// GMP et dernier PMP validés (colonnes 195 et 197 ; reference-facts §4.2). La date de
/// validation des coupes n'est pas dans l'export : elle se saisit (règle V32).
const CTP: [(u16, &str, &str); 2] = [
    (
        27,
        "Date de signature de la convention tripartite",
        "pa.ctp_date_signature",
    ),
    (
        28,
        "Date d'échéance de la convention tripartite",
        "pa.ctp_date_echeance",
    ),
];
const COUPES: [(u16, &str, &str); 2] = [
    (
        195,
        "Score moyen de l'échelle retenue de dépendance (dernier GMP validé)",
        "gmp",
    ),
    (
        197,
        "Score moyen de l'échelle retenue de charge en soins (PMP validé)",
        "pmp",
    ),
];

/// Indicateurs de l'annexe 2-C : colonne, en-tête, libellé dans le dossier, unité,
/// colonne de repli (la seconde « Taux de réalisation de l'activité », CAMSP et CMPP).
/// Les colonnes 192, 194, 208, 212 et 213 sont les indicateurs des établissements pour
/// personnes âgées (occupation par modalité, hospitalisation, aide sociale).
const INDICATEURS: [(u16, &str, &str, &str, Option<u16>); 14] = [
    (
        209,
        "Taux de réalisation de l'activité",
        "Taux de réalisation de l'activité",
        "%",
        Some(210),
    ),
    (
        211,
        "Taux d'occupation des lits ou places autorisés en accompagnement permanent",
        "Taux d'occupation",
        "%",
        None,
    ),
    (
        220,
        "Taux d'ETP vacants",
        "Taux d'ETP vacants au 31/12",
        "%",
        None,
    ),
    (
        225,
        "Taux d'absentéisme (hors formation) en %",
        "Taux d'absentéisme (hors formation)",
        "%",
        None,
    ),
    (
        226,
        "Taux de rotation des personnels",
        "Taux de rotation des personnels sur effectifs réels",
        "%",
        None,
    ),
    (273, "Taux de CAF", "Taux de CAF", "%", None),
    (
        274,
        "Taux de vétusté des constructions",
        "Taux de vétusté des constructions",
        "%",
        None,
    ),
    (276, "Taux d'endettement", "Taux d'endettement", "%", None),
    (
        212,
        "Taux d'occupation des lits ou places autorisés en hébergement temporaire",
        "Taux d'occupation en hébergement temporaire",
        "%",
        None,
    ),
    (
        213,
        "Taux d'occupation des places autorisés en accueil de jour",
        "Taux d'occupation en accueil de jour",
        "%",
        None,
    ),
    (
        208,
        "Taux d'hospitalisation complète",
        "Taux d'hospitalisation complète",
        "%",
        None,
    ),
    (
        192,
        "Durée moyenne de séjour / d'accompagnement",
        "Durée moyenne de séjour",
        "jours",
        None,
    ),
    (
        194,
        "Taux d'occupation des places habilitées par des personnes bénéficiaires de l'aide sociale",
        "Taux d'occupation des places habilitées à l'aide sociale",
        "%",
        None,
    ),
    (
        277,
        "Fonds de roulement en jours de charges courantes",
        "Fonds de roulement net global en jours de charges courantes",
        "jours",
        None,
    ),
];

/// Indicateurs qui peuvent être négatifs : une capacité d'autofinancement ou un fonds de
/// roulement négatifs existent ; un taux d'activité, d'occupation, d'absentéisme, de rotation,
/// de vétusté, d'endettement ou d'ETP vacants, non : ce sont des rapports de quantités
/// positives (définitions des indicateurs, reference-facts §4.2, marquées « inférence » ;
/// ajustable ici).
const SIGNED: [u16; 2] = [273, 277];

fn fold(s: &str) -> String {
    s.trim()
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'")
        .to_lowercase()
}

fn all_columns() -> Vec<(u16, &'static str)> {
    let mut v = vec![FINESS_ET, RAISON, FINESS_EJ, RAISON_EJ, CPOM_ECHEANCE];
    v.extend(CAPACITES.iter().map(|(c, h, _)| (*c, *h)));
    v.extend(INDICATEURS.iter().map(|(c, h, ..)| (*c, *h)));
    v.push(PLACES_HABILITEES);
    v.extend(CTP.iter().map(|(c, h, _)| (*c, *h)));
    v.extend(COUPES.iter().map(|(c, h, _)| (*c, *h)));
    v.push((210, "Taux de réalisation de l'activité"));
    v.push((1, "Région"));
    v
}

/// L'année de l'export : donnée, sinon lue dans le nom du fichier (« …-2022-… »).
fn year_of(path: &Path, given: Option<i32>) -> Result<i32> {
    if let Some(y) = given {
        return Ok(y);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes: Vec<char> = name.chars().collect();
    for w in bytes.windows(4) {
        let s: String = w.iter().collect();
        if let Ok(y) = s.parse::<i32>()
            && (2010..=2100).contains(&y)
        {
            return Ok(y);
        }
    }
    Err(ServiceError::new(
        "import.tdb_annee",
        format!(
            "Année de l'export introuvable dans le nom « {name} » : indiquez-la (option --annee 2024)."
        ),
    ))
}

fn unit_suffix(unite: &str) -> String {
    if unite == "%" {
        "\u{a0}%".into()
    } else {
        format!(" {unite}")
    }
}

fn finess_text(raw: &Raw) -> String {
    let mut t = raw.as_text().replace([' ', '\u{a0}'], "");
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        // Zéro initial perdu par un tableur (reference-facts §4.3).
        t.insert(0, '0');
    }
    finess::normalize(&t)
}

/// Nombre d'une cellule ; « NC », « ND », « - » : pas de valeur.
fn number(
    file: &str,
    sheet: &str,
    row: u32,
    col: u16,
    raw: &Raw,
    header: &str,
) -> Result<Option<String>> {
    match raw {
        Raw::Empty => Ok(None),
        Raw::Number(n) => Ok(Some(number_text(*n))),
        Raw::Text(t) => {
            let f = fold(t);
            if f.is_empty() || ["nc", "nd", "n/a", "na", "-", "s/o"].contains(&f.as_str()) {
                return Ok(None);
            }
            let clean = f.replace([' ', '%'], "").replace(',', ".");
            if clean.parse::<f64>().is_ok() {
                return Ok(Some(clean));
            }
            let loc = at(sheet, row, col);
            Err(err(
                "import.valeur",
                file,
                format!(
                    "« {file} », {loc} (« {header} ») : attendu : un nombre ; trouvé : {}.",
                    raw.describe()
                ),
            )
            .with_location(loc))
        }
        other => {
            let loc = at(sheet, row, col);
            Err(err(
                "import.valeur",
                file,
                format!(
                    "« {file} », {loc} (« {header} ») : attendu : un nombre ; trouvé : {}.",
                    other.describe()
                ),
            )
            .with_location(loc))
        }
    }
}

fn has_capacity(c: &cpom_domain::dossier::perimetre::Capacite) -> bool {
    c.autorisee.is_some_and(|n| n > 0) || c.installee.is_some_and(|n| n > 0)
}

fn date(raw: &Raw) -> Option<NaiveDate> {
    match raw {
        Raw::Date(d) => Some(*d),
        Raw::Text(t) => NaiveDate::parse_from_str(t.trim(), "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d"))
            .ok(),
        _ => None,
    }
}

/// Trouve la ligne d'en-tête et le décalage (0, ou 1 si une colonne vide précède).
fn header(grid: &Grid) -> Option<(u32, u16)> {
    for row in 0..grid.height.min(10) {
        for off in [0u16, 1] {
            if fold(&grid.get(row, FINESS_ET.0 - 1 + off).as_text()) == fold(FINESS_ET.1)
                && fold(&grid.get(row, off).as_text()) == "région"
            {
                return Some((row, off));
            }
        }
    }
    None
}

struct Row<'a> {
    grid: &'a Grid,
    row: u32,
    off: u16,
}

impl Row<'_> {
    fn get(&self, col1: u16) -> Raw {
        self.grid.get(self.row, col1 - 1 + self.off)
    }
    fn col(&self, col1: u16) -> u16 {
        col1 - 1 + self.off
    }
}

/// Options de l'import du tableau de bord.
#[derive(Debug, Clone, Default)]
pub struct TdbOptions {
    /// Année de l'export (sinon lue dans le nom du fichier).
    pub annee: Option<i32>,
    /// Appliquer même si l'export est d'une campagne plus ancienne que des valeurs déjà
    /// saisies (l'aperçu les liste : `ImportPreview::plus_recentes`).
    pub remplacer_plus_recentes: bool,
}

/// Lit l'export et calcule les changements, sans rien écrire.
pub fn read_tdb(
    session: &Session,
    path: &Path,
    opts: &TdbOptions,
) -> Result<(ImportPreview, Vec<Op>)> {
    let mut book = reader::open(path)?;
    let year = year_of(path, opts.annee)?;
    let file = book.file.clone();
    let names = book.sheet_names();
    let sheet = ["Restitutions", "Feuil1"]
        .iter()
        .find(|n| names.iter().any(|x| x == *n))
        .map(|s| s.to_string())
        .ok_or_else(|| {
            err(
                "import.tdb_feuille",
                &file,
                format!(
                    "« {file} » n'a pas de feuille « Restitutions » (ni « Feuil1 ») ; feuilles trouvées : {} ; attendu : l'export du tableau de bord de la performance ESMS.",
                    names.iter().map(|n| format!("« {n} »")).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
    let wanted: HashSet<u16> = all_columns()
        .iter()
        .flat_map(|(c, _)| [c - 1, *c])
        .collect();
    let grid = book.grid(&sheet, MAX_ROWS, &|c| wanted.contains(&c))?;
    let (hrow, off) = header(&grid).ok_or_else(|| {
        let loc = at(&sheet, 0, FINESS_ET.0 - 1);
        err(
            "import.tdb_entete",
            &file,
            format!(
                "« {file} », {loc} : attendu l'en-tête « {} » (export du tableau de bord ESMS, 331 colonnes, « Région » en colonne A) ; trouvé : {}.",
                FINESS_ET.1,
                grid.get(0, FINESS_ET.0 - 1).describe()
            ),
        )
        .with_location(loc)
    })?;
    for (c, h) in all_columns() {
        let got = grid.get(hrow, c - 1 + off).as_text();
        if !fold(&got).starts_with(&fold(h)) {
            let loc = at(&sheet, hrow, c - 1 + off);
            return Err(err(
                "import.tdb_entete",
                &file,
                format!("« {file} », {loc} : attendu l'en-tête « {h} » ; trouvé : « {got} ». Les colonnes ne sont pas celles de l'export 2020-2022."),
            )
            .with_location(loc));
        }
    }
    let d = session.dossier()?;
    let og_ej = d.organisme.finess_ej.clone().map(|f| finess::normalize(&f));
    let source_detail = format!("TDB {year}");
    let mut plan = Plan::new(&file);
    let mut unknown = Vec::new();
    let mut others = 0u32;
    let mut matched = 0u32;
    let mut seen_ej: Option<(String, String)> = None;
    let mut echeance: Option<NaiveDate> = None;
    let mut plus_recentes: Vec<String> = Vec::new();
    for row in hrow + 1..grid.height {
        let r = Row {
            grid: &grid,
            row,
            off,
        };
        let et = finess_text(&r.get(FINESS_ET.0));
        if et.is_empty() {
            continue;
        }
        let ej = finess_text(&r.get(FINESS_EJ.0));
        let Some(e) = d.esms.iter().find(|e| {
            e.finess_et.as_deref().map(finess::normalize).as_deref() == Some(et.as_str())
        }) else {
            let raison = r.get(RAISON.0).as_text();
            let raison = if raison.trim().is_empty() {
                "(raison sociale absente de l'export)".to_string()
            } else {
                raison.trim().to_string()
            };
            if let Err(p) = finess::parse_finess(&et) {
                // Un numéro invalide (clé fausse, longueur…) : le dire, et nommer l'ESMS du
                // dossier qui lui ressemble (mêmes huit premiers chiffres).
                let near = d.esms.iter().find(|x| {
                    x.finess_et
                        .as_deref()
                        .map(finess::normalize)
                        .is_some_and(|f| f.len() == 9 && et.len() >= 8 && f[..8] == et[..8])
                });
                let hint = near.map_or(String::new(), |x| {
                    format!(
                        " ; l'ESMS « {} » du dossier a le FINESS {} : vérifiez le numéro dans l'export",
                        x.nom,
                        x.finess_et.clone().unwrap_or_default()
                    )
                });
                unknown.push(format!(
                    "FINESS {et} — {raison} (ligne {}) : numéro invalide dans l'export ({}){hint}. Ligne non reprise.",
                    row + 1,
                    p.message().trim_end_matches('.')
                ));
            } else if og_ej.as_deref() == Some(ej.as_str()) {
                unknown.push(format!(
                    "FINESS {et} — {raison} (ligne {}) : ESMS de l'organisme absent du dossier, non ajouté (ajoutez-le au périmètre puis relancez l'import s'il fait partie du CPOM).",
                    row + 1
                ));
            } else {
                others += 1;
            }
            continue;
        };
        matched += 1;
        if seen_ej.is_none() && !ej.is_empty() {
            seen_ej = Some((ej.clone(), r.get(RAISON_EJ.0).as_text()));
        }
        if echeance.is_none() {
            echeance = date(&r.get(CPOM_ECHEANCE.0));
        }
        let esms_json = serde_json::to_value(e).unwrap_or(Value::Null);
        let target = Target::Record {
            kind: "esms",
            id: Some(e.id),
            json: esms_json,
        };
        let mut set = |field: &str, value: Value, format: Format, label: String, col: u16| {
            plan.set(
                &target,
                Set {
                    field: field.into(),
                    value,
                    format,
                    list: None,
                    question: None,
                    label,
                    scope: e.nom.clone(),
                    location: at(&sheet, row, col),
                },
            );
        };
        if e.nom.trim().is_empty() {
            set(
                "nom",
                json!(r.get(RAISON.0).as_text()),
                Format::Texte,
                "Nom".into(),
                r.col(RAISON.0),
            );
        }
        // Les places « permanentes » d'un service dont le dossier porte les places en externat
        // (SESSAD, SAMSAH, SSIAD… : places de service) y vont, pas en internat : sinon elles
        // seraient comptées deux fois au total de l'annexe 1.
        let service = !has_capacity(&e.capacites.internat) && has_capacity(&e.capacites.externat);
        for (c, h, field) in CAPACITES {
            let field = if service {
                field.replace("capacites.internat.", "capacites.externat.")
            } else {
                field.to_string()
            };
            let field = field.as_str();
            if let Some(v) = number(&file, &sheet, row, r.col(c), &r.get(c), h)? {
                set(
                    field,
                    json!(v),
                    Format::Entier,
                    h.trim_start_matches("- ").to_string(),
                    r.col(c),
                );
            }
        }
        if let Some(v) = number(
            &file,
            &sheet,
            row,
            r.col(PLACES_HABILITEES.0),
            &r.get(PLACES_HABILITEES.0),
            PLACES_HABILITEES.1,
        )? {
            set(
                "places_habilitees_aide_sociale",
                json!(v),
                Format::Entier,
                "Places habilitées à l'aide sociale".into(),
                r.col(PLACES_HABILITEES.0),
            );
        }
        // Établissements d'hébergement pour personnes âgées : convention tripartite, GMP et PMP.
        if cpom_domain::perimetre::regime::is_ehpa(e) {
            for (c, h, field) in CTP {
                if let Some(dt) = date(&r.get(c)) {
                    set(
                        field,
                        json!(dt.format("%Y-%m-%d").to_string()),
                        Format::Date,
                        h.to_string(),
                        r.col(c),
                    );
                }
            }
            for (c, h, field) in COUPES {
                let Some(v) = number(&file, &sheet, row, r.col(c), &r.get(c), h)? else {
                    continue;
                };
                // Un score moyen : arrondi à l'unité, comme le GMP et le PMP publiés.
                let rounded = v.parse::<f64>().map(|x| x.round() as i64).unwrap_or(0);
                let current = if field == "gmp" { e.pa.gmp } else { e.pa.pmp };
                set(
                    &format!("pa.{field}"),
                    json!(rounded.to_string()),
                    Format::Entier,
                    format!("{} validé", field.to_uppercase()),
                    r.col(c),
                );
                // Un autre score que celui du dossier : sa date de validation n'est plus la
                // bonne ; elle est à ressaisir (règle V32).
                if current.map(i64::from) != Some(rounded) {
                    set(
                        &format!("pa.{field}_date_validation"),
                        Value::Null,
                        Format::Date,
                        format!(
                            "Date de validation du {} (absente de l'export : à saisir)",
                            field.to_uppercase()
                        ),
                        r.col(c),
                    );
                }
            }
        }
        for (c, h, libelle, unite, fallback) in INDICATEURS {
            let mut col = c;
            let mut v = number(&file, &sheet, row, r.col(c), &r.get(c), h)?;
            if v.is_none()
                && let Some(f) = fallback
            {
                v = number(&file, &sheet, row, r.col(f), &r.get(f), h)?;
                col = f;
            }
            let Some(v) = v else { continue };
            if !SIGNED.contains(&c)
                && v.starts_with('-')
                && !v.trim_start_matches(['-', '0', '.']).is_empty()
            {
                let loc = at(&sheet, row, r.col(col));
                return Err(err(
                    "import.valeur",
                    &file,
                    format!(
                        "« {file} », {loc} (« {h} ») : attendu : un taux positif ou nul ; trouvé : le nombre {}. Corrigez l'export (ou videz la cellule) puis relancez l'import.",
                        v.replace('.', ",")
                    ),
                )
                .with_location(loc));
            }
            let existing = d.diagnostic.indicateurs.iter().find(|i| {
                i.annexe == AnnexeIndicateur::Anap
                    && i.esms == Some(e.id)
                    && fold(&i.libelle) == fold(libelle)
            });
            // Une valeur d'une campagne plus récente serait remplacée : à confirmer.
            if let Some(i) = existing
                && let Some(newer) = i.annee.filter(|a| *a > year)
                && i.valeur.is_some()
            {
                plus_recentes.push(format!(
                    "{} — 2-C {libelle} : valeur {newer} ({}{}) remplacée par celle de {year} ({}{})",
                    e.nom,
                    i.valeur.map(|x| x.to_string().replace('.', ",")).unwrap_or_default(),
                    unit_suffix(unite),
                    v.replace('.', ","),
                    unit_suffix(unite),
                ));
            }
            let fields: Vec<(&str, Value, Format)> = vec![
                ("valeur", json!(v), Format::Decimal),
                ("annee", json!(year.to_string()), Format::Annee),
                ("unite", json!(unite), Format::Texte),
                ("source", json!("tdb"), Format::Texte),
                ("source_detail", json!(source_detail), Format::Texte),
                ("valeur_preremplie", json!(v), Format::Decimal),
            ];
            let (t, key) = match existing {
                Some(i) => (
                    Target::Record {
                        kind: "indicateur",
                        id: Some(i.id),
                        json: serde_json::to_value(i).unwrap_or(Value::Null),
                    },
                    None,
                ),
                None => (
                    Target::New {
                        kind: "indicateur",
                        create: vec![
                            ("annexe".into(), json!("anap")),
                            ("esms".into(), json!(e.id.to_string())),
                            ("libelle".into(), json!(libelle)),
                        ],
                    },
                    Some(format!("indicateur:tdb:{}:{libelle}", e.id)),
                ),
            };
            for (field, value, format) in fields {
                let s = Set {
                    field: field.into(),
                    value,
                    format,
                    list: None,
                    question: None,
                    label: if field == "valeur" {
                        format!("2-C {libelle}")
                    } else {
                        format!("2-C {libelle} ({field})")
                    },
                    scope: e.nom.clone(),
                    location: at(&sheet, row, r.col(col)),
                };
                match (&t, &key) {
                    (Target::New { create, .. }, Some(k)) => {
                        plan.add(k.clone(), "indicateur", None, create.clone(), s)
                    }
                    _ => plan.set(&t, s),
                }
            }
        }
    }
    // Organisme : FINESS juridique et raison sociale s'ils manquent.
    let og = Target::Record {
        kind: "organisme",
        id: None,
        json: serde_json::to_value(&d.organisme).unwrap_or(Value::Null),
    };
    if let Some((ej, raison)) = seen_ej {
        let mk = |field: &str, value: &str, label: &str| Set {
            field: field.into(),
            value: json!(value),
            format: Format::Texte,
            list: None,
            question: None,
            label: label.into(),
            scope: "Organisme gestionnaire".into(),
            location: format!("feuille « {sheet} »"),
        };
        if d.organisme.finess_ej.is_none() {
            plan.set(&og, mk("finess_ej", &ej, "FINESS juridique"));
        }
        if d.organisme.raison_sociale.trim().is_empty() && !raison.is_empty() {
            plan.set(&og, mk("raison_sociale", &raison, "Raison sociale"));
        }
    }
    // Date d'effet : le lendemain de l'échéance du CPOM en cours, si elle manque (le
    // nouveau CPOM prend la suite de l'ancien ; inférence, modifiable).
    if d.cpom.date_effet.is_none()
        && let Some(fin) = echeance.and_then(|f| f.succ_opt())
    {
        plan.set(
            &Target::Record {
                kind: "cpom",
                id: None,
                json: serde_json::to_value(&d.cpom).unwrap_or(Value::Null),
            },
            Set {
                field: "date_effet".into(),
                value: json!(fin.format("%Y-%m-%d").to_string()),
                format: Format::Date,
                list: None,
                question: None,
                label: "Date d'effet (lendemain de l'échéance du CPOM en cours)".into(),
                scope: "Organisme gestionnaire".into(),
                location: format!("feuille « {sheet} », colonne « {} »", CPOM_ECHEANCE.1),
            },
        );
    }
    let mut warnings = Vec::new();
    if off == 1 {
        warnings.push(
            "Colonne vide en tête (ancien format d'export) : colonnes décalées d'un rang.".into(),
        );
    }
    if others > 0 {
        warnings.push(format!(
            "{others} ligne(s) d'autres organismes gestionnaires ignorée(s)."
        ));
    }
    if matched == 0 {
        warnings
            .push("Aucune ligne ne correspond à un ESMS du dossier (FINESS géographique).".into());
    }
    let (mut preview, ops) = plan.resolve(
        format!("Tableau de bord de la performance ESMS (ANAP/ATIH), export {year}, feuille « {sheet} » ; {matched} ESMS rapproché(s)"),
        unknown,
        warnings,
    )?;
    preview.plus_recentes = plus_recentes;
    Ok((preview, ops))
}

/// Aperçu ou application en une transaction (voir `import::workbook::import_workbook`).
pub fn import_tdb(
    session: &mut Session,
    path: &Path,
    opts: &TdbOptions,
    dry_run: bool,
    empreinte: Option<&str>,
) -> Result<ImportPreview> {
    let (preview, ops) = read_tdb(session, path, opts)?;
    if let Some(e) = empreinte
        && e != preview.empreinte
    {
        return Err(ServiceError::new(
            "import.fichier_modifie",
            "Le fichier a changé depuis l'aperçu : relancez l'import pour voir les nouvelles différences.",
        )
        .with_file(&preview.fichier));
    }
    if !dry_run
        && !ops.is_empty()
        && !preview.plus_recentes.is_empty()
        && !opts.remplacer_plus_recentes
    {
        let n = preview.plus_recentes.len();
        return Err(ServiceError::new(
            "import.tdb_plus_ancien",
            format!(
                "Cet export est d'une campagne plus ancienne que {n} valeur(s) déjà saisie(s), qu'il remplacerait : {}. Confirmez le remplacement si c'est voulu (commande : option --remplacer-plus-recentes). Le dossier n'a pas été modifié.",
                preview.plus_recentes.iter().take(5).cloned().collect::<Vec<_>>().join(" ; ")
                    + if n > 5 { " ; …" } else { "" }
            ),
        )
        .with_file(&preview.fichier)
        .with_suggestion("--remplacer-plus-recentes"));
    }
    if !dry_run && !ops.is_empty() {
        session.apply_ops(&ops)?;
    }
    Ok(preview)
}
