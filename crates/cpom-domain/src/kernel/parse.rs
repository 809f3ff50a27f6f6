//! Lecture d'une valeur saisie : la valeur arrive telle que l'interface l'envoie (texte,
//! booléen, liste, `null`). Une saisie qui n'a pas la forme attendue (date impossible, nombre
//! négatif, FINESS dont la clé est fausse…) est refusée avec un message français
//! ([`FieldError`]) : l'enregistrement n'est pas modifié.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

use crate::kernel::bounds::{LIST_MAX_ITEMS, TextKind, fits, too_long_message};
use crate::kernel::error::FieldError;
use crate::kernel::finess::parse_finess;
use crate::kernel::reference::reference;

/// Le résultat de la lecture d'une valeur.
pub type R<T> = Result<T, FieldError>;

/// Un refus, avec son code stable et son message français.
pub fn err(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, code, message)
}

/// Refus d'un champ inconnu.
pub fn unknown(field: &str) -> FieldError {
    err(
        field,
        "champ.inconnu",
        format!("Le champ « {field} » n'existe pas."),
    )
}

/// Un texte de la sorte `kind` (`null` vaut texte vide), refusé au-delà de sa borne
/// (`bounds.rs`).
pub fn bounded(field: &str, v: &Value, kind: TextKind) -> R<String> {
    match v {
        Value::Null => Ok(String::new()),
        Value::String(s) if fits(kind, s) => Ok(s.clone()),
        Value::String(s) => Err(err(field, "texte.trop_long", too_long_message(kind, s))),
        _ => Err(err(field, "texte.invalide", "Ce champ attend du texte.")),
    }
}

/// Texte libre (constats, description, commentaire) : `null` vaut texte vide.
pub fn text(field: &str, v: &Value) -> R<String> {
    bounded(field, v, TextKind::Texte)
}

/// Texte long : compte rendu de réunion, texte d'une clause.
pub fn long_text(field: &str, v: &Value) -> R<String> {
    bounded(field, v, TextKind::Long)
}

/// Texte sur une ligne (nom, intitulé, contact) : espaces de début et de fin retirés.
pub fn line(field: &str, v: &Value) -> R<String> {
    Ok(bounded(field, v, TextKind::Nom)?.trim().to_string())
}

/// Vrai pour `null` ou un texte vide.
pub fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Booléen (case à cocher).
pub fn boolean(field: &str, v: &Value) -> R<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "oui" || s == "true" => Ok(true),
        Value::String(s) if s == "non" || s == "false" => Ok(false),
        _ => Err(err(
            field,
            "booleen.invalide",
            "Ce champ attend oui ou non.",
        )),
    }
}

/// Date : « 2026-03-21 » (champ date) ou « 21/03/2026 » ; vide = non renseignée.
pub fn date(field: &str, v: &Value) -> R<Option<NaiveDate>> {
    if blank(v) {
        return Ok(None);
    }
    let s = text(field, v)?;
    let s = s.trim();
    let parsed = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"));
    match parsed {
        Ok(d) if (1900..=2100).contains(&chrono::Datelike::year(&d)) => Ok(Some(d)),
        Ok(_) => Err(err(
            field,
            "date.hors_bornes",
            format!("La date « {s} » est hors des années 1900 à 2100."),
        )),
        Err(_) => {
            let looks_like_date = s.split(['/', '-']).count() == 3;
            let msg = if looks_like_date {
                format!("La date « {s} » n'existe pas dans le calendrier.")
            } else {
                format!("« {s} » n'est pas une date : saisissez-la sous la forme JJ/MM/AAAA.")
            };
            Err(err(field, "date.invalide", msg))
        }
    }
}

fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(
            s.trim()
                .chars()
                .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                .map(|c| if c == ',' { '.' } else { c })
                .collect(),
        ),
        _ => None,
    }
}

/// Entier positif ou nul ; vide = non renseigné.
pub fn count(field: &str, v: &Value, max: u32) -> R<Option<u32>> {
    if blank(v) {
        return Ok(None);
    }
    let s = number_text(v)
        .ok_or_else(|| err(field, "nombre.invalide", "Ce champ attend un nombre."))?;
    if s.starts_with('-') {
        return Err(err(
            field,
            "nombre.negatif",
            "Ce nombre doit être positif ou nul.",
        ));
    }
    let n: u32 = s.parse().map_err(|_| {
        err(
            field,
            "nombre.entier",
            format!("« {s} » n'est pas un nombre entier."),
        )
    })?;
    if n > max {
        return Err(err(
            field,
            "nombre.trop_grand",
            format!("Ce nombre ne peut dépasser {max}."),
        ));
    }
    Ok(Some(n))
}

/// Décimal exact positif ou nul (« 12,5 ») ; vide = non renseigné.
pub fn decimal(field: &str, v: &Value) -> R<Option<Decimal>> {
    if blank(v) {
        return Ok(None);
    }
    let s = number_text(v)
        .ok_or_else(|| err(field, "nombre.invalide", "Ce champ attend un nombre."))?;
    let d = Decimal::from_str(&s).map_err(|_| {
        err(
            field,
            "nombre.invalide",
            format!("« {s} » n'est pas un nombre."),
        )
    })?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(err(
            field,
            "nombre.negatif",
            "Ce nombre doit être positif ou nul.",
        ));
    }
    Ok(Some(d.normalize()))
}

/// Décimal exact, signé (résultat, trésorerie…) ; vide = non renseigné.
pub fn signed_decimal(field: &str, v: &Value) -> R<Option<Decimal>> {
    if blank(v) {
        return Ok(None);
    }
    let s = number_text(v)
        .ok_or_else(|| err(field, "nombre.invalide", "Ce champ attend un nombre."))?;
    let s = s.replace('\u{2212}', "-");
    Decimal::from_str(&s)
        .map(|d| Some(d.normalize()))
        .map_err(|_| {
            err(
                field,
                "nombre.invalide",
                format!("« {s} » n'est pas un nombre."),
            )
        })
}

/// Année (2000 à 2100) ; vide = non renseignée.
pub fn year(field: &str, v: &Value) -> R<Option<i32>> {
    match count(field, v, 2100)? {
        None => Ok(None),
        Some(n) if n >= 2000 => Ok(Some(n as i32)),
        Some(n) => Err(err(
            field,
            "annee.hors_bornes",
            format!("L'année {n} est hors des années 2000 à 2100."),
        )),
    }
}

/// Identifiant (UUID) d'un autre enregistrement ; vide = aucun.
pub fn uuid(field: &str, v: &Value) -> R<Option<uuid::Uuid>> {
    if blank(v) {
        return Ok(None);
    }
    let s = text(field, v)?;
    uuid::Uuid::parse_str(s.trim()).map(Some).map_err(|_| {
        err(
            field,
            "identifiant.invalide",
            format!("« {s} » n'est pas un identifiant d'enregistrement."),
        )
    })
}

/// Liste d'identifiants (UUID) sans doublon : une liste JSON ou un texte à un par ligne.
pub fn uuid_list(field: &str, v: &Value) -> R<Vec<uuid::Uuid>> {
    let mut ids = Vec::new();
    for s in lines(field, v)? {
        if let Some(id) = uuid(field, &Value::String(s))?
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Liste de textes : une liste JSON, ou un texte à une valeur par ligne. Chaque élément est
/// un intitulé ([`TextKind::Nom`]) ; la liste entière, une valeur par ligne, tient dans un
/// texte libre ([`TextKind::Texte`]) et compte au plus [`LIST_MAX_ITEMS`] éléments.
pub fn lines(field: &str, v: &Value) -> R<Vec<String>> {
    let items: Vec<String> = match v {
        Value::Null => Vec::new(),
        Value::String(s) => {
            text(field, v)?;
            s.lines().map(str::to_string).collect()
        }
        Value::Array(a) if a.len() > LIST_MAX_ITEMS => {
            return Err(too_many(field, a.len()));
        }
        Value::Array(a) => a
            .iter()
            .map(|x| text(field, x))
            .collect::<R<Vec<String>>>()?,
        _ => {
            return Err(err(field, "liste.invalide", "Ce champ attend une liste."));
        }
    };
    let items: Vec<String> = items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() > LIST_MAX_ITEMS {
        return Err(too_many(field, items.len()));
    }
    if let Some(long) = items.iter().find(|s| !fits(TextKind::Nom, s)) {
        return Err(err(
            field,
            "texte.trop_long",
            format!(
                "Un élément de la liste est trop long. {}",
                too_long_message(TextKind::Nom, long)
            ),
        ));
    }
    let total = items.join("\n");
    if !fits(TextKind::Texte, &total) {
        return Err(err(
            field,
            "texte.trop_long",
            format!(
                "La liste entière est trop longue. {}",
                too_long_message(TextKind::Texte, &total)
            ),
        ));
    }
    Ok(items)
}

fn too_many(field: &str, n: usize) -> FieldError {
    err(
        field,
        "liste.trop_longue",
        format!(
            "Cette liste compte {n} éléments ; elle en admet au plus {LIST_MAX_ITEMS} : regroupez-en."
        ),
    )
}

/// Code de catégorie FINESS connu de la nomenclature ; vide = aucun.
pub fn reference_category(field: &str, v: &Value) -> R<Option<String>> {
    if blank(v) {
        return Ok(None);
    }
    let code = line(field, v)?;
    if reference().category(&code).is_none() {
        return Err(err(
            field,
            "categorie.inconnue",
            format!("La catégorie FINESS « {code} » n'existe pas dans la nomenclature."),
        ));
    }
    Ok(Some(code))
}

/// Valeur d'une liste (code d'énumération) ; vide = non renseignée.
pub fn choice<T: DeserializeOwned>(field: &str, v: &Value) -> R<Option<T>> {
    if blank(v) {
        return Ok(None);
    }
    serde_json::from_value(v.clone()).map(Some).map_err(|_| {
        err(
            field,
            "choix.invalide",
            "Cette valeur ne fait pas partie de la liste proposée.",
        )
    })
}

/// Liste de codes d'énumération (liste JSON ou un code par ligne), sans doublon, dans
/// l'ordre saisi ; un code inconnu est refusé.
pub fn choice_list<T: DeserializeOwned + PartialEq>(field: &str, v: &Value) -> R<Vec<T>> {
    let mut out = Vec::new();
    for item in lines(field, v)? {
        let x: T = choice(field, &Value::String(item))?
            .ok_or_else(|| crate::kernel::parse::unknown(field))?;
        if !out.contains(&x) {
            out.push(x);
        }
    }
    Ok(out)
}

/// Numéro FINESS (EJ ou ET) ; vide = non renseigné.
pub fn finess(field: &str, v: &Value) -> R<Option<String>> {
    if blank(v) {
        return Ok(None);
    }
    let s = text(field, v)?;
    parse_finess(&s)
        .map(|f| Some(f.number))
        .map_err(|p| FieldError {
            path: field.into(),
            code: p.code().into(),
            message: p.message(),
            suggestion: p.suggestion().map(str::to_string),
        })
}

/// Un code postal (5 chiffres).
pub fn code_postal(field: &str, v: &Value) -> R<String> {
    let s = line(field, v)?;
    if !s.is_empty() && (s.len() != 5 || !s.chars().all(|c| c.is_ascii_digit())) {
        return Err(err(
            field,
            "code_postal.invalide",
            "Un code postal compte 5 chiffres.",
        ));
    }
    Ok(s)
}

/// Un code de département connu.
pub fn departement(field: &str, v: &Value) -> R<Option<String>> {
    if blank(v) {
        return Ok(None);
    }
    let s = line(field, v)?.to_uppercase();
    if reference().departement(&s).is_none() {
        return Err(err(
            field,
            "departement.inconnu",
            format!("« {s} » n'est pas un code de département."),
        ));
    }
    Ok(Some(s))
}

/// Une clé de tableau refusée.
pub fn refuse_key(field: &str, what: &str, key: &str) -> FieldError {
    FieldError::new(
        field,
        "champ.inconnu",
        format!("« {key} » n'est pas {what} de ce tableau."),
    )
}

/// Une clé d'un tableau parmi `list` (« resultat », « ars »…).
pub fn key_in(field: &str, key: &str, list: &[&str], what: &str) -> Result<String, FieldError> {
    if list.contains(&key) {
        Ok(key.to_string())
    } else {
        Err(refuse_key(field, what, key))
    }
}

/// Une année donnée comme clé d'un tableau (« 2027 »).
pub fn year_key(field: &str, key: &str) -> Result<i32, FieldError> {
    year(field, &Value::String(key.into()))?.ok_or_else(|| unknown(field))
}

/// Écrit ou efface (valeur vide) une case d'un tableau.
pub fn put<K: Ord, V>(map: &mut BTreeMap<K, V>, k: K, v: Option<V>) {
    match v {
        Some(v) => {
            map.insert(k, v);
        }
        None => {
            map.remove(&k);
        }
    }
}
