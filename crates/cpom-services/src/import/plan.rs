//! Ce qu'un import changerait : les modifications champ par champ (ancien → nouveau, par
//! ESMS) montrées avant confirmation, et les opérations à appliquer en une transaction par
//! la saisie ordinaire (chaque champ passe par les contrôles du domaine et le journal).

use std::collections::HashMap;

use cpom_domain::record::table::ops;
use cpom_domain::workbook::descriptor::Format;
use cpom_domain::workbook::layout::Target;
use cpom_domain::workbook::values::{CellValue, to_cell};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Result, ServiceError};

/// Une modification montrée dans l'aperçu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportChange {
    /// L'ESMS concerné, ou « Organisme gestionnaire ».
    pub portee: String,
    pub libelle: String,
    /// « feuille « Annexe 1 », cellule C5 » ou « ligne 12 ».
    pub emplacement: String,
    pub ancien: String,
    pub nouveau: String,
}

/// L'aperçu d'un import, avant confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub fichier: String,
    /// « Fichier « Diagnostic » … version 1 », « Tableau de bord ESMS (export ANAP) ».
    pub origine: String,
    pub changements: Vec<ImportChange>,
    /// Lignes non reprises (ESMS inconnus du dossier…), en français.
    pub non_repris: Vec<String>,
    pub avertissements: Vec<String>,
    /// Valeurs plus récentes que le fichier remplacerait (export d'une campagne plus ancienne
    /// que des valeurs déjà saisies) : l'application demande une confirmation explicite.
    pub plus_recentes: Vec<String>,
    /// Empreinte des changements : l'application refuse un fichier modifié depuis l'aperçu.
    pub empreinte: String,
}

/// Une opération d'écriture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// Un champ d'un enregistrement existant (`id` absent : enregistrement unique).
    Update {
        kind: String,
        id: Option<String>,
        field: String,
        value: Value,
    },
    /// Un nouvel enregistrement (complété s'il en existe un de même clé).
    Create {
        kind: String,
        fields: Vec<(String, Value)>,
    },
}

/// Une valeur lue, avec de quoi l'afficher et dire où elle était.
#[derive(Debug, Clone)]
pub struct Set {
    pub field: String,
    pub value: Value,
    pub format: Format,
    pub list: Option<Vec<(String, String)>>,
    pub question: Option<String>,
    pub label: String,
    pub scope: String,
    pub location: String,
}

struct Pending {
    kind: &'static str,
    existing: Option<(Option<Uuid>, String)>,
    create: Vec<(String, Value)>,
    sets: Vec<Set>,
}

/// Les valeurs lues, regroupées par enregistrement visé.
#[derive(Default)]
pub struct Plan {
    file: String,
    order: Vec<String>,
    records: HashMap<String, Pending>,
}

fn show(s: &Set, v: &Value) -> String {
    match to_cell(s.format, v, s.list.as_deref(), s.question.as_deref()) {
        CellValue::Empty => "(vide)".into(),
        CellValue::Number(n) => {
            let t = cpom_domain::workbook::values::number_text(n);
            t.replace('.', ",")
        }
        CellValue::Date(d) => d.format("%d/%m/%Y").to_string(),
        CellValue::Text(t) => t,
    }
}

fn fnv(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Plan {
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            ..Self::default()
        }
    }

    /// Range une valeur lue pour l'enregistrement `target` (`json` : son contenu actuel).
    pub fn set(&mut self, target: &Target, set: Set) {
        let (key, kind, existing, create) = match target {
            Target::Record { kind, id, json } => (
                format!("{kind}:{}", id.map(|u| u.to_string()).unwrap_or_default()),
                *kind,
                Some((*id, json.to_string())),
                Vec::new(),
            ),
            Target::New { kind, create } => (
                format!(
                    "{kind}:new:{}",
                    serde_json::to_string(create).unwrap_or_default()
                ),
                *kind,
                None,
                create.clone(),
            ),
            Target::Meta(_) | Target::Pending(_) => return,
        };
        self.add(key, kind, existing, create, set);
    }

    /// Range une valeur pour un enregistrement nouveau identifié par `key` (ligne ajoutée).
    pub fn add(
        &mut self,
        key: String,
        kind: &'static str,
        existing: Option<(Option<Uuid>, String)>,
        create: Vec<(String, Value)>,
        set: Set,
    ) {
        let p = self.records.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            Pending {
                kind,
                existing,
                create,
                sets: Vec::new(),
            }
        });
        p.sets.push(set);
    }

    fn refuse(&self, s: &Set, msg: &str) -> ServiceError {
        ServiceError::new(
            "import.valeur",
            format!(
                "« {} », {} ({}) : {} ; attendu : {}.",
                self.file,
                s.location,
                s.label,
                msg.trim_end_matches('.'),
                s.format.expected()
            ),
        )
        .with_file(&self.file)
        .with_location(&s.location)
    }

    /// Les changements et les opérations ; une valeur refusée par la saisie arrête tout.
    pub fn resolve(
        &self,
        origine: String,
        non_repris: Vec<String>,
        avertissements: Vec<String>,
    ) -> Result<(ImportPreview, Vec<Op>)> {
        let mut changes = Vec::new();
        let mut out = Vec::new();
        for key in &self.order {
            let p = &self.records[key];
            let o = ops(p.kind).ok_or_else(|| {
                ServiceError::new(
                    "import.type",
                    format!("Type d'enregistrement inconnu : {}.", p.kind),
                )
            })?;
            match &p.existing {
                Some((id, json)) => {
                    let mut json = json.clone();
                    for s in &p.sets {
                        let edit = o.edit(&json, &s.field, &s.value).map_err(|e| match e {
                            cpom_domain::record::ops::RecordError::Field(f) => {
                                self.refuse(s, &f.message)
                            }
                            cpom_domain::record::ops::RecordError::Illisible(w) => self
                                .refuse(s, &crate::error::translate::library_text(&w))
                                .with_technique(w),
                        })?;
                        if edit.changed && edit.old != edit.new {
                            changes.push(ImportChange {
                                portee: s.scope.clone(),
                                libelle: s.label.clone(),
                                emplacement: s.location.clone(),
                                ancien: show(s, &edit.old),
                                nouveau: show(s, &edit.new),
                            });
                            out.push(Op::Update {
                                kind: p.kind.to_string(),
                                id: id.map(|u| u.to_string()),
                                field: s.field.clone(),
                                value: s.value.clone(),
                            });
                            json = edit.json;
                        }
                    }
                }
                None => {
                    let filled: Vec<&Set> = p.sets.iter().filter(|s| !is_blank(&s.value)).collect();
                    if filled.is_empty() {
                        continue;
                    }
                    let mut fields = p.create.clone();
                    fields.extend(filled.iter().map(|s| (s.field.clone(), s.value.clone())));
                    // Même contrôle que la saisie, champ par champ, pour nommer la cellule.
                    let mut acc = p.create.clone();
                    for s in &filled {
                        acc.push((s.field.clone(), s.value.clone()));
                        o.create(Uuid::nil(), &acc).map_err(|e| match e {
                            cpom_domain::record::ops::RecordError::Field(f) => {
                                self.refuse(s, &f.message)
                            }
                            cpom_domain::record::ops::RecordError::Illisible(w) => self
                                .refuse(s, &crate::error::translate::library_text(&w))
                                .with_technique(w),
                        })?;
                    }
                    for s in &filled {
                        changes.push(ImportChange {
                            portee: s.scope.clone(),
                            libelle: s.label.clone(),
                            emplacement: s.location.clone(),
                            ancien: "(vide)".into(),
                            nouveau: show(s, &s.value),
                        });
                    }
                    out.push(Op::Create {
                        kind: p.kind.to_string(),
                        fields,
                    });
                }
            }
        }
        let empreinte = fnv(&serde_json::to_string(&out).unwrap_or_default());
        Ok((
            ImportPreview {
                fichier: self.file.clone(),
                origine,
                changements: changes,
                non_repris,
                avertissements,
                plus_recentes: Vec::new(),
                empreinte,
            },
            out,
        ))
    }
}

pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}
