//! Partie 5 — Suivi du contrat, après la signature : le contrat signé reste figé, son
//! exécution se saisit (revues des objectifs par exercice, dialogues de gestion, saisines du
//! comité de suivi, évaluations, bilans) et il ne change plus que par avenant. Données :
//! `dossier/suivi.rs`.
//!
//! - `records.rs` : la saisie champ par champ ;
//! - `versions.rs` : ce qu'une écriture change au contenu signé, les états d'avant gardés
//!   par les avenants et les versions consolidées du contrat ;
//! - `calc.rs` : années du contrat, état du contrat, échéancier, revue d'un exercice,
//!   activité par type de structure ;
//! - `rules.rs` : les points du suivi et ceux d'un projet d'avenant ;
//! - `renouvellement.rs` : le dossier du contrat suivant, le bilan comme source du
//!   diagnostic.

pub mod calc;
mod records;
pub mod renouvellement;
pub mod rules;
#[cfg(test)]
mod tests;
pub mod versions;
