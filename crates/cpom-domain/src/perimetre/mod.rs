//! L'organisme gestionnaire, le CPOM et son périmètre (ESMS, adhésions) : la première
//! partie du dossier. Données : `dossier/perimetre.rs`.
//!
//! - `records.rs` : la saisie champ par champ ;
//! - `rules.rs` : le rapport de l'organisme et du périmètre (règles de l'instruction DGCS, de
//!   l'arrêté du 3 mars 2017, FINESS et SIREN), chacun avec sa source ;
//! - `calc.rs` : ce qui s'en déduit (période, échéance, signataires, bipartite / tripartite).

pub mod calc;
pub mod pa;
pub mod records;
pub mod regime;
pub mod rules;
