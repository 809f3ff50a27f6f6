//! Annuler et rétablir les saisies de la session (Ctrl+Z, Ctrl+Maj+Z) à travers le journal
//! des champs : chaque saisie réussie est retenue (ancienne et nouvelle valeur, lues dans le
//! journal) ; annuler réécrit l'ancienne valeur par la même porte que la saisie (contrôles,
//! gardes, journal) : le journal montre la saisie **et** son annulation.

use cpom_domain::record::table::ops;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::{FieldChange, Session};
use crate::store::edit::{apply, kind_ops};
use crate::store::records;

/// Ce que l'on peut annuler ou rétablir : de quoi nommer la saisie (« Annuler : capacité
/// installée — IME Les Hirondelles »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeLabel {
    /// Type d'enregistrement (`esms`, `organisme`…).
    pub kind: String,
    /// Chemin complet du champ (`esms.<uuid>.capacites.internat.installee`) : l'interface en
    /// tire le libellé du champ et y conduit.
    pub path: String,
    pub field: String,
    /// L'enregistrement, lisible (« ESMS IME Les Hirondelles »).
    pub record: String,
}

/// L'état de l'historique de la session, envoyé avec chaque vue et chaque delta.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Historique {
    pub annuler: Option<ChangeLabel>,
    pub retablir: Option<ChangeLabel>,
    /// Nombre de saisies annulables.
    pub saisies: u32,
}

impl Session {
    /// Retient la dernière saisie écrite (dernière ligne `update` du journal) ; vide
    /// « rétablir ».
    pub(crate) fn remember_edit(&mut self, id: Option<&str>) -> Result<()> {
        let last = self.connection().query_row(
            "SELECT kind, record_id, field, old_value, new_value FROM journal \
             WHERE op = 'update' ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )?;
        let parse = |v: Option<String>| {
            v.and_then(|s| serde_json::from_str::<Value>(&s).ok())
                .unwrap_or(Value::Null)
        };
        let (kind, record_id, field, old, new) = last;
        self.history.undo.push(FieldChange {
            kind,
            id: id.map(str::to_string),
            record_id,
            field: field.unwrap_or_default(),
            old: parse(old),
            new: parse(new),
        });
        self.history.redo.clear();
        Ok(())
    }

    /// Annule la dernière saisie de la session ; renvoie le chemin du champ rétabli.
    pub fn undo(&mut self) -> Result<String> {
        let change = self.history.undo.pop().ok_or_else(|| {
            ServiceError::new(
                "annuler.rien",
                "Aucune saisie à annuler dans cette session.",
            )
        })?;
        match self.rewrite(&change, &change.old) {
            Ok(path) => {
                self.history.redo.push(change);
                Ok(path)
            }
            Err(e) => Err(e),
        }
    }

    /// Rétablit la dernière saisie annulée.
    pub fn redo(&mut self) -> Result<String> {
        let change = self.history.redo.pop().ok_or_else(|| {
            ServiceError::new("retablir.rien", "Aucune saisie annulée à rétablir.")
        })?;
        match self.rewrite(&change, &change.new) {
            Ok(path) => {
                self.history.undo.push(change);
                Ok(path)
            }
            Err(e) => Err(e),
        }
    }

    /// Réécrit `value` dans le champ de `change` (contrôles de la saisie, gardes, journal).
    fn rewrite(&mut self, change: &FieldChange, value: &Value) -> Result<String> {
        let o = kind_ops(&change.kind)?;
        let id = change.id.clone();
        let field = change.field.clone();
        let value = value.clone();
        self.write(|tx, s| apply(tx, s, o, id.as_deref(), &field, &value))?;
        Ok(self.path_of(change))
    }

    fn path_of(&self, c: &FieldChange) -> String {
        let uuid = Uuid::parse_str(c.id.as_deref().unwrap_or(&c.record_id)).unwrap_or_default();
        match ops(&c.kind) {
            Some(o) if o.singleton() => format!("{}.{}", o.path(Uuid::nil()), c.field),
            Some(o) => format!("{}.{}", o.path(uuid), c.field),
            None => c.field.clone(),
        }
    }

    fn label_of(&self, c: &FieldChange) -> ChangeLabel {
        let record = ops(&c.kind)
            .map(|o| {
                records::get(self.connection(), &c.kind, &c.record_id)
                    .ok()
                    .flatten()
                    .map_or_else(|| o.label().to_string(), |r| o.describe(&r.data))
            })
            .unwrap_or_default();
        ChangeLabel {
            kind: c.kind.clone(),
            path: self.path_of(c),
            field: c.field.clone(),
            record,
        }
    }

    /// Ce que « Annuler » et « Rétablir » feraient maintenant.
    pub fn historique(&self) -> Historique {
        Historique {
            annuler: self.history.undo.last().map(|c| self.label_of(c)),
            retablir: self.history.redo.last().map(|c| self.label_of(c)),
            saisies: self.history.undo.len() as u32,
        }
    }
}
