//! Kits de contribution des directeurs et consolidation par le siège (issue 7).
//!
//! - `kit.rs` : « Préparer un kit de contribution » (une copie du dossier dont seule la partie
//!   des ESMS délégués se modifie) et le mode kit d'une session (`KitMode`) ;
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
pub use kit::{KitInfo, KitIssued, KitMode, KitRequest};

use chrono::NaiveDate;

/// « 21 mars 2026 » à partir d'une date ISO 8601 (« 2026-03-21T10:00:00Z »).
pub(crate) fn fr_date(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| iso.to_string(), cpom_domain::kernel::format::date_long)
}

use serde::Serialize;
use ts_rs::TS;

use crate::view::DossierView;

/// Un kit rendu examiné par le siège (commande `kit_receive`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KitReview {
    /// Chemin du kit (renvoyé à `kit_integrate`).
    pub path: String,
    pub plan: MergePlan,
    pub view: DossierView,
}

/// Une contribution intégrée (commande `kit_integrate`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Integrated {
    pub integration: Integration,
    pub view: DossierView,
}
