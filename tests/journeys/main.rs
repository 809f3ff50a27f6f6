//! Parcours de bout en bout à travers les crates : ce qu'un utilisateur fait, du dossier vide
//! au dossier complet, puis rouvert, copié, exporté et réimporté.

mod common;
mod contributions;
mod fixtures;
mod lancement_diagnostic;
mod mixte_pa_ph;
mod objectifs_signature;
mod premier_dossier;
mod regions;
mod suivi;
