//! Le stockage SQLite d'un dossier `.cpom`.

pub mod file;
pub mod kits;
pub mod records;
pub mod schema;
