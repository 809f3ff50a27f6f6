//! Étape 4 — Signature : les règles sont dans `signature/rules.rs` et
//! `signature/affectation.rs` (chacune avec sa source).

pub use crate::signature::rules::{check, completion};
