//! Étape 2 — Diagnostic partagé, modélisé comme des données. Données :
//! `dossier/diagnostic.rs`.
//!
//! - `catalogue.rs` : le catalogue versionné de l'annexe 2-A (questions, alertes) ;
//! - `records.rs` : la saisie champ par champ (réponses, indicateurs 2-B à 2-D, diagnostic
//!   financier 2-E, Creton 2-F, synthèse, sources, conformité) ;
//! - `rules.rs` : les points de l'étape et son avancement, chacun avec sa source ;
//! - `calc.rs` : axes applicables, ratios 2-D, totaux financiers et Creton.

pub mod calc;
pub mod catalogue;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;
