//! Le moteur des enregistrements : ce que tout type sait faire (`editable.rs`), ce que les
//! services en font sans le connaître (`ops.rs`) et **la table** qui déclare chaque type une
//! fois (`table.rs`).

pub mod editable;
pub mod ops;
pub mod table;
#[cfg(test)]
mod tests;
