//! Étape 3 — Objectifs : fiches-objectifs, actions et indicateurs, rendues sous les trois
//! formes des sources (Pays de la Loire, ANAP, PACA) à partir d'un même enregistrement ;
//! règles de l'étape ; vue d'ensemble (couverture des six objectifs minimum, matrice
//! objectifs × ESMS × axes, tableau récapitulatif).

pub mod duplicate;
pub mod listes;
pub mod model;
pub mod overview;
mod records;
pub mod rules;
#[cfg(test)]
mod tests;

pub use model::*;
pub use overview::{coverage, matrice, recapitulatif};
