//! Kits de contribution des directeurs et consolidation par le siège (issue 7).
//!
//! - `kit.rs` : « Préparer un kit de contribution » (une copie du dossier dont seule la partie
//!   des ESMS délégués se modifie) ; le mode kit d'une session est une garde d'écriture
//!   (`write/kit.rs`) ;
//! - `integrate.rs` : « Intégrer une contribution » (contrôles du kit, éléments nouveaux,
//!   modifiés, en conflit, décisions appliquées en une transaction, ré-import sans effet) ;
//! - `history.rs` : journal des intégrations (annulation en bloc), provenance des champs,
//!   suivi des contributions et vues consolidées par autorité.
//!
//! Les règles (périmètre délégué, fusion champ par champ) sont dans
//! `cpom_domain::contribution` ; ici, le fichier et les tables du schéma 2.

mod history;
mod integrate;
mod kit;

pub use history::{
    Consolidation, MergeEntry, ProvenanceNote, SuiviEsms, SuiviKit, consolidation, provenance_notes,
};
pub use integrate::{EsmsPlan, Integration, KitSummary, MergePlan};
pub(crate) use kit::kit_info;
pub use kit::{KitInfo, KitIssued, KitRequest};
