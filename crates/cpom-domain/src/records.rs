//! Les enregistrements de l'organisme et du périmètre (organisme, CPOM, ESMS, adhésions)
//! branchés sur [`Editable`] ; leur saisie reste dans `fields.rs`.

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::editable::Editable;
use crate::error::FieldError;
use crate::fields::{set_adhesion_field, set_cpom_field, set_esms_field, set_organisme_field};
use crate::model::{Adhesion, AdhesionKind, Cpom, Esms, Organisme};

impl Editable for Organisme {
    const KIND: &'static str = "organisme";
    const PATH: &'static str = "organisme";
    const LABEL: &'static str = "Organisme";
    const SINGLETON: bool = true;
    const REQUIRED: bool = true;
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn attach(self, d: &mut Dossier) {
        d.organisme = self;
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        vec![&d.organisme]
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_organisme_field(self, field, v)
    }
}

impl Editable for Cpom {
    const KIND: &'static str = "cpom";
    const PATH: &'static str = "cpom";
    const LABEL: &'static str = "CPOM";
    const SINGLETON: bool = true;
    const REQUIRED: bool = true;
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn attach(self, d: &mut Dossier) {
        d.cpom = self;
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        vec![&d.cpom]
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_cpom_field(self, field, v)
    }
}

impl Editable for Esms {
    const KIND: &'static str = "esms";
    const PATH: &'static str = "esms";
    const LABEL: &'static str = "ESMS";
    const SYSTEM_FIELDS: &'static [&'static str] = &["competence_source"];
    fn blank(id: Uuid) -> Self {
        Self::new(id)
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.id)
    }
    fn describe(&self) -> String {
        if self.nom.is_empty() {
            format!("ESMS {}", self.id)
        } else {
            format!("ESMS {}", self.nom)
        }
    }
    fn attach(self, d: &mut Dossier) {
        d.esms.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.esms.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_esms_field(self, field, v)
    }
}

impl Editable for Adhesion {
    const KIND: &'static str = "adhesion";
    const PATH: &'static str = "adhesions";
    const LABEL: &'static str = "Adhésion";
    fn blank(id: Uuid) -> Self {
        Self {
            id,
            kind: AdhesionKind::Autre,
            nom: String::new(),
        }
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn describe(&self) -> String {
        format!("Adhésion {}", self.nom)
    }
    fn attach(self, d: &mut Dossier) {
        d.adhesions.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.adhesions.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_adhesion_field(self, field, v)
    }
}
