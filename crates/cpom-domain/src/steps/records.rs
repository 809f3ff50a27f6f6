//! Validations d'étapes et acquittements : des enregistrements tenus par l'application
//! (commandes `step_validate`, `step_reopen`, `issue_acknowledge`), pas saisis champ par champ.

use crate::dossier::etapes::{Acquittement, ValidationEtape};
use crate::record::editable::Editable;

impl Editable for ValidationEtape {
    const LABEL: &'static str = "Validation d'étape";
    const EDITABLE: bool = false;
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.etape.code().into())
    }
    fn describe(&self) -> String {
        format!("Validation de l'étape {}", self.etape.label())
    }
}

impl Editable for Acquittement {
    const LABEL: &'static str = "Acquittement";
    const EDITABLE: bool = false;
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}|{}", self.regle, self.chemin))
    }
    fn describe(&self) -> String {
        format!("Acquittement {} ({})", self.regle, self.chemin)
    }
}
