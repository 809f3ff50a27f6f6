//! Étape 4 — Signature : moyens (dotation globalisée commune et sa répartition, modalités du
//! département, budgets de référence, frais de siège, aide sociale), affectation des
//! résultats et ses garde-fous, suivi (comité, dialogues de gestion, évaluations),
//! consultations et signataires, liste des annexes ; rapport « Prêt pour signature » et
//! état « Signé » (dossier non modifiable).

pub mod affectation;
pub mod calculs;
pub mod calendrier;
pub mod model;
pub mod parties;
pub mod readiness;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;

pub use model::*;
pub use readiness::{
    EtatDossier, Readiness, check_last_signature, guard_edit, is_signed, readiness, signed_refusal,
};
