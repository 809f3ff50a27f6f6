//! Étape 3 — Objectifs : fiches-objectifs, actions et indicateurs, rendues sous les trois
//! formes des sources (Pays de la Loire, ANAP, PACA) à partir d'un même enregistrement.
//! Données : `dossier/objectifs.rs`.
//!
//! - `records.rs` : la saisie champ par champ ;
//! - `rules.rs` : les points de l'étape, chacun avec sa source ;
//! - `calc.rs` : vue d'ensemble (couverture des six objectifs minimum, matrice objectifs ×
//!   ESMS × axes, tableau récapitulatif) ;
//! - `listes.rs` : besoins SERAFIN-PH et orientations du PRS (listes de référence) ;
//! - `duplicate.rs` : duplication d'une fiche vers un autre ESMS.

pub mod calc;
pub mod duplicate;
pub mod ehpad;
pub mod listes;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;
