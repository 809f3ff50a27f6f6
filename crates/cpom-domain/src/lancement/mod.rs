//! Étape 1 — Lancement : engagement, rétroplanning, acteurs et RACI, check-list de la réunion
//! de lancement, réunions et comptes-rendus. Données : `dossier/lancement.rs`.
//!
//! - `records.rs` : la saisie champ par champ ;
//! - `rules.rs` : les points de l'étape et son avancement, chacun avec sa source ;
//! - `calc.rs` : le rétroplanning calculé (frise) ;
//! - `calendar.rs` : normes de durée et durées en mois et jours.

pub mod calc;
pub mod calendar;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;
