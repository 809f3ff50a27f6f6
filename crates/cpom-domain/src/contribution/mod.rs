//! Travail à plusieurs ESMS : kits de contribution des directeurs et consolidation par le
//! siège (guide ANAP, seed 004 §7.7 ; issue 7). Règles pures, sans fichier ni horloge :
//!
//! - `scope.rs` : ce qu'un kit délègue (les enregistrements rattachés à ses ESMS, d'après
//!   [`crate::record::editable::Editable::esms_scope`]) ;
//! - `merge.rs` : ce qu'apporte un kit rendu (nouveau, modifié, en conflit, supprimé), à
//!   partir de trois états (au départ du kit, au siège, dans le kit) ; application des
//!   décisions (accepter, rejeter, modifier) ;
//! - `consolidation.rs` : totaux par autorité (ARS, chaque conseil départemental) et
//!   avancement de la partie de chaque ESMS.

pub mod consolidation;
pub mod merge;
pub mod scope;
#[cfg(test)]
mod tests;

pub use consolidation::{AvancementEsms, TotauxAutorite, avancement_esms, par_autorite};
pub use merge::{Decision, MergeItem, NatureItem, Snap, Stamp, Write, apply, plan};
pub use scope::KitScope;
