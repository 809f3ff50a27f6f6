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
    /// Les identifiants des ESMS du kit tels que le JSON les écrit (minuscules, tirets).
    needles: Vec<String>,
}

/// Au-delà, chercher chaque identifiant dans le texte coûterait plus que lire
/// l'enregistrement.
const MAX_NEEDLES: usize = 32;

impl KitScope {
    pub fn new(esms: impl IntoIterator<Item = Uuid>) -> Self {
        let esms: BTreeSet<Uuid> = esms.into_iter().collect();
        let needles = if esms.len() <= MAX_NEEDLES {
            esms.iter().map(|e| e.hyphenated().to_string()).collect()
        } else {
            Vec::new()
        };
        Self { esms, needles }
    }

    /// Faux sans lire l'enregistrement quand son texte ne contient l'identifiant d'aucun
    /// ESMS du kit : l'ESMS auquel il appartient est l'un de ses champs, écrit en entier
    /// dans son JSON. Un kit couvre quelques ESMS d'un siège qui en compte des centaines :
    /// presque tous les enregistrements sont écartés ainsi (issue 16 : la portée d'un kit
    /// relisait chaque enregistrement, pour chaque kit).
    fn may_contain(&self, data: &str) -> bool {
        self.needles.is_empty() && !self.esms.is_empty()
            || self.needles.iter().any(|n| data.contains(n.as_str()))
    }

    /// Vrai si l'enregistrement stocké (`kind`, JSON `data`) appartient à l'un des ESMS du
    /// kit. Un type inconnu de cette version n'est jamais délégué.
    pub fn contains(&self, kind: &str, data: &str) -> bool {
        self.esms_of(kind, data).is_some()
    }

    /// L'ESMS (du kit) auquel appartient l'enregistrement.
    pub fn esms_of(&self, kind: &str, data: &str) -> Option<Uuid> {
        if !self.may_contain(data) {
            return None;
        }
        ops(kind)
            .and_then(|o| o.esms_scope(data))
            .filter(|e| self.esms.contains(e))
    }
}
