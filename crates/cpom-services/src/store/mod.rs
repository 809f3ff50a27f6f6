//! Le stockage SQLite d'un dossier `.cpom` : le fichier (`file.rs` : ouverture, contrôles,
//! copie, fermeture), le schéma et ses migrations (`schema.rs`), les lignes et le journal
//! (`records.rs`), le dossier entier lu et écrit à travers la table des enregistrements
//! (`dossier.rs`), les écritures d'enregistrements (`edit.rs`) et les tables des kits de
//! contribution (`kits.rs`).

pub mod dossier;
pub mod edit;
pub mod file;
pub mod kits;
pub mod lock;
pub mod records;
pub mod schema;
