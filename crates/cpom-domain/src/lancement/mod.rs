//! Étape 1 — Lancement : engagement, rétroplanning, acteurs et RACI, check-list de la réunion
//! de lancement, réunions et comptes-rendus.

pub mod calendar;
pub mod model;
pub mod planning;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;

pub use calendar::{Campagne, MoisJour};
pub use model::*;
pub use planning::{Planning, planning};
