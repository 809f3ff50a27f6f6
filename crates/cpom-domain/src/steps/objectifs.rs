//! Étape 3 — Objectifs : les règles sont dans `objectifs/rules.rs` (chacune avec sa source).

pub use crate::objectifs::rules::{check, completion};
