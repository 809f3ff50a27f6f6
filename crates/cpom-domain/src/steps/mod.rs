//! Le moteur d'étapes, au-dessus des cinq parties : pour chaque étape (lancement,
//! diagnostic, objectifs, signature), son état, son avancement et ses points ; le rapport
//! « Prêt pour signature » qui les lit toutes.
//!
//! - `engine.rs` : la table des étapes, rapports, validation, acquittement, réouverture ;
//! - `report.rs` : les types du rapport d'une étape ;
//! - `records.rs` : la saisie (tenue par l'application) des validations et acquittements ;
//! - `readiness.rs` : « Prêt pour signature » du contrat et d'un projet d'avenant, garde de
//!   leur dernière signature ;
//! - `guard.rs` : ce qu'une écriture peut changer d'un dossier signé (l'exécution ; le
//!   contrat, dans un projet d'avenant).

pub mod engine;
pub mod guard;
pub mod readiness;
mod records;
pub mod report;
#[cfg(test)]
mod tests;
