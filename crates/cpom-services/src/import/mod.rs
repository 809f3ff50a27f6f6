//! Les imports de classeurs (issue 5) : notre classeur régional relu (`workbook.rs`, y
//! compris le fichier pré-rempli par l'ARS), l'export du tableau de bord de la performance
//! ANAP/ATIH (`tdb.rs`). Lecture bornée des trois formats (`reader.rs`) ; différences
//! champ par champ et application en une transaction (`plan.rs`).

pub mod archive;
pub mod plan;
pub mod reader;
pub mod tdb;
pub mod tdb_sample;
pub mod workbook;

pub use plan::{ImportChange, ImportPreview};
