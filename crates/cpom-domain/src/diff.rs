//! Différences champ par champ entre deux états d'un dossier : l'aperçu qu'on montre avant
//! d'appliquer un import (« ancien → nouveau », par ESMS).

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::record::editable::flatten;
use crate::record::ops::Row;
use crate::record::table::registry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeKind {
    Ajout,
    Suppression,
    Modification,
}

/// Une différence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Change {
    pub kind: ChangeKind,
    /// « Organisme », « CPOM », « ESMS IME Les Hirondelles », « Adhésion GCSMS… ».
    pub record: String,
    pub record_id: Option<String>,
    /// Chemin du champ (vide pour un ajout ou une suppression d'enregistrement).
    pub field: String,
    #[ts(type = "unknown")]
    pub old: Value,
    #[ts(type = "unknown")]
    pub new: Value,
}

fn fields(x: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    flatten("", x, &mut out);
    out.retain(|(k, _)| k != "id");
    out
}

fn compare(record: &str, id: Option<String>, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let a = fields(old);
    let b = fields(new);
    for (k, nv) in &b {
        let ov = a
            .iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        if &ov != nv {
            out.push(Change {
                kind: ChangeKind::Modification,
                record: record.into(),
                record_id: id.clone(),
                field: k.clone(),
                old: ov,
                new: nv.clone(),
            });
        }
    }
}

fn whole(kind: ChangeKind, row: &Row) -> Change {
    Change {
        kind,
        record: row.describe.clone(),
        record_id: Some(row.id.to_string()),
        field: String::new(),
        old: Value::Null,
        new: Value::Null,
    }
}

/// Liste des différences de `old` à `new`, appariées par identifiant, pour tous les types
/// d'enregistrements du registre.
pub fn diff(old: &Dossier, new: &Dossier) -> Vec<Change> {
    let mut out = Vec::new();
    for ops in registry() {
        let before = ops.rows(old);
        let after = ops.rows(new);
        if ops.singleton() {
            if let (Some(a), Some(b)) = (before.first(), after.first()) {
                compare(&b.describe, None, &a.value, &b.value, &mut out);
            }
            continue;
        }
        for row in &after {
            match before.iter().find(|o| o.id == row.id) {
                Some(o) => compare(
                    &row.describe,
                    Some(row.id.to_string()),
                    &o.value,
                    &row.value,
                    &mut out,
                ),
                None if row.implicit_default => {}
                None => out.push(whole(ChangeKind::Ajout, row)),
            }
        }
        for o in before
            .iter()
            .filter(|o| !o.implicit_default && !after.iter().any(|r| r.id == o.id))
        {
            out.push(whole(ChangeKind::Suppression, o));
        }
    }
    out
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "(vide)".into(),
        Value::String(s) if s.is_empty() => "(vide)".into(),
        Value::String(s) => format!("« {s} »"),
        other => other.to_string(),
    }
}

impl Change {
    /// Une ligne lisible : « ESMS IME… — capacites.internat.autorisee : 24 → 26 ».
    pub fn describe(&self) -> String {
        match self.kind {
            ChangeKind::Ajout => format!("+ {} (nouvel enregistrement)", self.record),
            ChangeKind::Suppression => format!("- {} (supprimé)", self.record),
            ChangeKind::Modification => format!(
                "~ {} — {} : {} → {}",
                self.record,
                self.field,
                show(&self.old),
                show(&self.new)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_dossier;
    use uuid::Uuid;

    fn ex() -> Dossier {
        let mut n = 0u128;
        example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        })
    }

    #[test]
    fn identical_dossiers_have_no_diff() {
        assert!(diff(&ex(), &ex()).is_empty());
    }

    #[test]
    fn field_changes_additions_and_removals() {
        let old = ex();
        let mut new = ex();
        new.esms[0].capacites.internat.autorisee = Some(26);
        new.organisme.raison_sociale = "Autre".into();
        let removed = new.esms.remove(6);
        let mut added = new.esms[0].clone();
        added.id = Uuid::from_u128(999);
        new.esms.push(added);
        let d = diff(&old, &new);
        let cap = d
            .iter()
            .find(|c| c.field == "capacites.internat.autorisee")
            .unwrap();
        assert_eq!(
            cap.describe(),
            "~ ESMS IME Les Hirondelles — capacites.internat.autorisee : 24 → 26"
        );
        assert!(
            d.iter()
                .any(|c| c.kind == ChangeKind::Suppression && c.record.contains(&removed.nom))
        );
        assert!(d.iter().any(|c| c.kind == ChangeKind::Ajout
            && c.record_id.as_deref() == Some(&Uuid::from_u128(999).to_string())));
        assert!(
            d.iter()
                .any(|c| c.record == "Organisme" && c.field == "raison_sociale")
        );
        assert_eq!(d.len(), 4, "{d:#?}");
    }
}
