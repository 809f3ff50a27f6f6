//! Le texte du contrat : les modèles de contrat (des données, dans `assets/contracts/`) et
//! leurs conditions, et les clauses libres réécrites pour un dossier (enregistrements
//! `clause`, données dans `dossier/clauses.rs`). La composition du contrat est au-dessus,
//! dans `contract/`.
//!
//! - `modeles.rs` : le format des modèles, les modèles embarqués, les champs cités ;
//! - `condition.rs` : les conditions d'un bloc (« si tripartite… ») ;
//! - `records.rs` : la saisie d'une clause libre et ses contrôles.

pub mod condition;
pub mod modeles;
pub mod records;
#[cfg(test)]
mod tests;
