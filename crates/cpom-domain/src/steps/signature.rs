//! Étape 4 — Signature : pas encore de contenu. L'étape reste « à faire » avec un
//! avancement nul.
//!
//! Pour ajouter ses règles : pousser des points dans `check` (avec leur source) et des
//! lignes dans `completion` ; le moteur (`steps/mod.rs`) n'a rien à changer.

use chrono::NaiveDate;

use super::CompletionItem;
use crate::dossier::Dossier;
use crate::rules::Collector;

pub fn check(_d: &Dossier, _today: NaiveDate, _c: &mut Collector) {}

pub fn completion(_d: &Dossier, _today: NaiveDate) -> Vec<CompletionItem> {
    Vec::new()
}
