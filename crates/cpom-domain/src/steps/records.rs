//! Validations d'étapes et acquittements : des enregistrements tenus par l'application
//! (commandes `step_validate`, `step_reopen`, `issue_acknowledge`), pas saisis champ par champ.

use super::model::{Acquittement, ValidationEtape};
use crate::dossier::Dossier;
use crate::editable::Editable;

impl Editable for ValidationEtape {
    const KIND: &'static str = "validation_etape";
    const PATH: &'static str = "etapes.validations";
    const LABEL: &'static str = "Validation d'étape";
    const EDITABLE: bool = false;
    crate::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.etape.code().into())
    }
    fn describe(&self) -> String {
        format!("Validation de l'étape {}", self.etape.label())
    }
    fn attach(self, d: &mut Dossier) {
        d.etapes.validations.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.etapes.validations.iter().collect()
    }
}

impl Editable for Acquittement {
    const KIND: &'static str = "acquittement";
    const PATH: &'static str = "etapes.acquittements";
    const LABEL: &'static str = "Acquittement";
    const EDITABLE: bool = false;
    crate::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}|{}", self.regle, self.chemin))
    }
    fn describe(&self) -> String {
        format!("Acquittement {} ({})", self.regle, self.chemin)
    }
    fn attach(self, d: &mut Dossier) {
        d.etapes.acquittements.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.etapes.acquittements.iter().collect()
    }
}
