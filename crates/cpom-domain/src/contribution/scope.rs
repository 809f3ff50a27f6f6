//! Le périmètre délégué par un kit : les enregistrements rattachés aux ESMS du kit.
//!
//! Chaque type d'enregistrement dit à quel ESMS il appartient
//! ([`crate::record::editable::Editable::esms_scope`]) ; un enregistrement sans ESMS (organisme, CPOM,
//! lancement, synthèse, finances de l'organisme…) reste au siège et voyage en lecture seule.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::record::table::ops;

/// Les ESMS dont un kit ouvre la saisie.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KitScope {
    pub esms: BTreeSet<Uuid>,
}

impl KitScope {
    pub fn new(esms: impl IntoIterator<Item = Uuid>) -> Self {
        Self {
            esms: esms.into_iter().collect(),
        }
    }

    /// Vrai si l'enregistrement stocké (`kind`, JSON `data`) appartient à l'un des ESMS du
    /// kit. Un type inconnu de cette version n'est jamais délégué.
    pub fn contains(&self, kind: &str, data: &str) -> bool {
        ops(kind)
            .and_then(|o| o.esms_scope(data))
            .is_some_and(|e| self.esms.contains(&e))
    }

    /// L'ESMS (du kit) auquel appartient l'enregistrement.
    pub fn esms_of(&self, kind: &str, data: &str) -> Option<Uuid> {
        ops(kind)
            .and_then(|o| o.esms_scope(data))
            .filter(|e| self.esms.contains(e))
    }
}
