//! Le noyau : ce qui ne dépend d'aucune donnée du dossier. Points d'un rapport et refus
//! (`issue.rs`), avancement (`progress.rs`), saisie d'une valeur typée (`parse.rs`) et son
//! erreur (`error.rs`), FINESS, SIREN et clé de Luhn, nomenclatures et listes de référence,
//! check-lists, formats et typographie français, documents sources et leur citation lisible
//! (`sources.rs`).

pub mod bounds;
pub mod checklists;
pub mod error;
pub mod finess;
pub mod format;
pub mod issue;
mod luhn;
pub mod nomenclature;
pub mod pack;
pub mod parse;
pub mod progress;
pub mod reference;
pub mod siren;
pub mod sources;
pub mod typography;

#[cfg(test)]
mod tests;
