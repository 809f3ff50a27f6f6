//! Étape 4 — Signature : moyens (dotation globalisée commune et sa répartition, modalités du
//! département, budgets de référence, frais de siège, aide sociale), affectation des
//! résultats et ses garde-fous, suivi (comité, dialogues de gestion, évaluations),
//! consultations et signataires, liste des annexes. Données : `dossier/signature.rs`.
//!
//! - `records.rs` : la saisie champ par champ ;
//! - `rules.rs` : les points de l'étape ; `affectation.rs` : ceux de l'affectation des
//!   résultats ;
//! - `calc.rs` : activité des budgets de référence, totaux de la répartition, calendrier du
//!   suivi, signataires et état « signé ».
//!
//! Le rapport « Prêt pour signature » lit les quatre étapes : il est au-dessus, dans
//! `steps/readiness.rs`.

pub mod affectation;
pub mod calc;
pub mod pa;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;
