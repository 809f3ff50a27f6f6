//! Une ligne d'avancement d'une étape (« 12 questions sur 40 »).

use serde::Serialize;
use ts_rs::TS;

/// Une ligne de l'avancement : « Rétroplanning daté : 9 / 11 ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CompletionItem {
    pub code: String,
    pub libelle: String,
    pub fait: u32,
    pub total: u32,
    /// Où aller pour compléter (préfixe de chemin de champ).
    pub chemin: Option<String>,
}
