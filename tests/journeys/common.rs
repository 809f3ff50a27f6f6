//! Aides partagées par les parcours : saisir un champ comme l'interface, fabriquer un FINESS.

use cpom_domain::RecordKind;
use cpom_domain::kernel::finess::luhn_key;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use serde_json::Value;

/// Enregistre un champ comme le ferait l'interface ; un refus fait échouer le test.
pub fn set(s: &mut Session, kind: RecordKind, id: Option<&str>, field: &str, value: Value) {
    s.update_field(&FieldUpdate {
        kind,
        id: id.map(str::to_string),
        field: field.into(),
        value,
    })
    .unwrap_or_else(|e| panic!("{field} : {e}"));
}

/// Un FINESS valide : 8 chiffres suivis de leur clé de Luhn.
pub fn finess(first8: &str) -> String {
    format!("{first8}{}", luhn_key(first8))
}
