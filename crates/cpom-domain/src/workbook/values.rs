//! Conversion entre les valeurs des champs (JSON du dossier) et les cellules du classeur,
//! dans les deux sens. Pur : le lecteur de fichiers fournit des [`Raw`].

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::diagnostic::catalogue::catalogue;
use crate::kernel::finess;
use crate::workbook::descriptor::Format;

/// Ce qu'une cellule contient, à l'écriture.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl CellValue {
    /// Texte comparable (clés, en-têtes) : nombres sans décimales inutiles.
    pub fn as_text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) => s.clone(),
            Self::Number(n) => number_text(*n),
            Self::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }
}

/// Ce qu'une cellule contient, à la lecture (xlsx, xls ou ods).
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// Erreur de formule (#DIV/0!…).
    Error(String),
}

impl Raw {
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
    /// Texte comparable (clés, en-têtes).
    pub fn as_text(&self) -> String {
        match self {
            Self::Empty | Self::Error(_) => String::new(),
            Self::Text(s) => s.trim().to_string(),
            Self::Number(n) => number_text(*n),
            Self::Bool(b) => if *b { "Oui" } else { "Non" }.into(),
            Self::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }
    /// Pour un message : ce que contient la cellule.
    pub fn describe(&self) -> String {
        match self {
            Self::Empty => "une cellule vide".into(),
            Self::Text(s) => format!("le texte « {} »", s.chars().take(60).collect::<String>()),
            Self::Number(n) => format!("le nombre {}", number_text(*n).replace('.', ",")),
            Self::Bool(b) => format!("la valeur logique {}", if *b { "VRAI" } else { "FAUX" }),
            Self::Date(d) => format!("la date {}", d.format("%d/%m/%Y")),
            Self::Error(e) => format!("l'erreur de formule {e}"),
        }
    }
}

/// Le plus court texte qui relit le même nombre (91.2, 1012400.5, 12).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn decimal_value(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => Decimal::from_str(s)
            .ok()
            .and_then(|d| d.to_string().parse().ok()),
        _ => None,
    }
}

/// Les libellés des cases d'une question, séparés par « ; ».
fn cases_labels(question: &str, v: &Value) -> String {
    let Some(q) = catalogue().question(question) else {
        return String::new();
    };
    let codes: Vec<&str> = match v {
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    };
    codes
        .iter()
        .map(|c| {
            q.question
                .options
                .iter()
                .find(|o| o.valeur == *c)
                .map_or(c.to_string(), |o| o.libelle.clone())
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// La cellule d'un champ. `list` : les (code, libellé) de la liste du champ ; `esms` :
/// FINESS d'un ESMS par identifiant.
pub fn to_cell(
    format: Format,
    v: &Value,
    list: Option<&[(String, String)]>,
    question: Option<&str>,
) -> CellValue {
    if v.is_null() {
        return CellValue::Empty;
    }
    match format {
        _ if format.is_number() => decimal_value(v).map_or(CellValue::Empty, CellValue::Number),
        Format::Date => v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map_or(CellValue::Empty, CellValue::Date),
        Format::Cases => match question {
            Some(q) => {
                let s = cases_labels(q, v);
                if s.is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(s)
                }
            }
            None => CellValue::Empty,
        },
        Format::Choix | Format::Booleen | Format::Esms => {
            let c = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if c.is_empty() {
                return CellValue::Empty;
            }
            let label = list
                .and_then(|l| l.iter().find(|(k, _)| *k == c))
                .map_or(c, |(_, l)| l.clone());
            CellValue::Text(label)
        }
        _ => match v {
            Value::String(s) if s.is_empty() => CellValue::Empty,
            Value::String(s) => CellValue::Text(s.clone()),
            Value::Array(a) => CellValue::Text(
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            other => CellValue::Text(other.to_string()),
        },
    }
}

fn fold(s: &str) -> String {
    s.trim().replace(['\u{a0}', '\u{202f}'], " ").to_lowercase()
}

fn from_list(s: &str, list: &[(String, String)]) -> Option<String> {
    let f = fold(s);
    list.iter()
        .find(|(k, l)| fold(l) == f || fold(k) == f)
        .map(|(k, _)| k.clone())
}

/// Ce qui est attendu, avec les choix d'une liste.
fn expected(format: Format, list: Option<&[(String, String)]>) -> String {
    match (format, list) {
        (Format::Choix | Format::Esms, Some(l)) if !l.is_empty() => {
            let shown: Vec<String> = l.iter().take(8).map(|(_, x)| format!("« {x} »")).collect();
            format!(
                "{} ({}{})",
                format.expected(),
                shown.join(", "),
                if l.len() > 8 { ", …" } else { "" }
            )
        }
        _ => format.expected().to_string(),
    }
}

/// La valeur de champ (à passer à la saisie du domaine) d'une cellule lue, ou ce qui était
/// attendu. Les nombres et dates sont ensuite contrôlés par la saisie elle-même.
pub fn from_cell(
    format: Format,
    raw: &Raw,
    list: Option<&[(String, String)]>,
    question: Option<&str>,
) -> Result<Value, String> {
    let refuse = || {
        Err(format!(
            "attendu : {} ; trouvé : {}",
            expected(format, list),
            raw.describe()
        ))
    };
    if let Raw::Error(_) = raw {
        return refuse();
    }
    if raw.is_empty() {
        return Ok(Value::Null);
    }
    match format {
        _ if format.is_number() => match raw {
            Raw::Number(n) => Ok(json!(number_text(*n))),
            Raw::Text(s) => {
                let t = s.trim().replace(['\u{a0}', '\u{202f}', ' ', '€', '%'], "");
                let t = t.replace(',', ".");
                if Decimal::from_str(&t).is_ok() {
                    Ok(json!(t))
                } else {
                    refuse()
                }
            }
            _ => refuse(),
        },
        Format::Date => match raw {
            Raw::Date(d) => Ok(json!(d.format("%Y-%m-%d").to_string())),
            Raw::Text(s) => Ok(json!(s.trim())),
            _ => refuse(),
        },
        Format::Booleen => match raw {
            Raw::Bool(b) => Ok(json!(b)),
            Raw::Text(s) => match fold(s).as_str() {
                "oui" | "vrai" | "true" => Ok(json!(true)),
                "non" | "faux" | "false" => Ok(json!(false)),
                _ => refuse(),
            },
            _ => refuse(),
        },
        Format::Choix => {
            let l = list.unwrap_or(&[]);
            from_list(&raw.as_text(), l)
                .map(Value::String)
                .map_or_else(refuse, Ok)
        }
        Format::Esms => {
            let l = list.unwrap_or(&[]);
            let mut text = raw.as_text().replace([' ', '\u{a0}'], "");
            // Zéro initial perdu par un tableur (reference-facts §4.3).
            if text.len() == 8 && text.chars().all(|c| c.is_ascii_digit()) {
                text.insert(0, '0');
            }
            let norm = finess::normalize(&text);
            l.iter()
                .find(|(_, f)| *f == norm || *f == text)
                .map(|(id, _)| Value::String(id.clone()))
                .map_or_else(refuse, Ok)
        }
        Format::Cases => {
            let Some(q) = question.and_then(|q| catalogue().question(q)) else {
                return refuse();
            };
            let opts: Vec<(String, String)> = q
                .question
                .options
                .iter()
                .map(|o| (o.valeur.clone(), o.libelle.clone()))
                .collect();
            let mut codes = Vec::new();
            for part in raw.as_text().split([';', '\n']) {
                if part.trim().is_empty() {
                    continue;
                }
                match from_list(part, &opts) {
                    Some(c) => codes.push(Value::String(c)),
                    None => {
                        return Err(format!(
                            "attendu : des cases parmi {} séparées par « ; » ; « {} » n'en fait pas partie",
                            opts.iter()
                                .map(|(_, l)| format!("« {l} »"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            part.trim()
                        ));
                    }
                }
            }
            Ok(Value::Array(codes))
        }
        _ => match raw {
            Raw::Number(n) => Ok(json!(number_text(*n))),
            Raw::Date(d) => Ok(json!(d.format("%d/%m/%Y").to_string())),
            Raw::Bool(b) => Ok(json!(if *b { "Oui" } else { "Non" })),
            _ => Ok(json!(raw_text_exact(raw))),
        },
    }
}

/// Le texte d'une cellule tel quel (sans couper les espaces intérieurs).
fn raw_text_exact(raw: &Raw) -> String {
    match raw {
        Raw::Text(s) => s.clone(),
        other => other.as_text(),
    }
}
