//! # cpom-services — stockage, imports et exports d'Atelier CPOM
//!
//! L'API commune à l'application (Tauri) et à la ligne de commande `cpom`. Aucune
//! dépendance à Tauri. Toute erreur est un [`ServiceError`] `{code, message, details}` au
//! message français.
//!
//! ## Les étages
//!
//! Un fichier n'importe que de son étage ou d'un étage inférieur (test
//! `tests/architecture/layers.rs`) :
//!
//! 1. `error/`, `atomic.rs` — erreurs françaises (et traduction de celles des bibliothèques),
//!    écritures atomiques ;
//! 2. `store/` — le fichier `.cpom` : schéma et migrations, lignes et journal, dossier entier
//!    lu et écrit à travers la table des enregistrements, écritures d'enregistrements ;
//! 3. `write/` — les gardes d'une écriture (dossier signé, kit de contribution, réouverture
//!    d'une étape), chacune avec le dossier lu une fois ;
//! 4. `session.rs` — un dossier ouvert et sa porte d'écriture (`Session::write`) ;
//! 5. les cas d'usage, un bloc `impl Session` par domaine : `editing.rs` (saisie de tous les
//!    enregistrements), `steps.rs`, `objectifs.rs`, `clauses.rs`, `avenant.rs`,
//!    `contribution/`, `import/`, `export/`, `json_io.rs`, `example.rs`, `catalogues.rs`,
//!    `recents.rs`, `suivi.rs`, `undo.rs` (annuler / rétablir), `search.rs` (recherche) ;
//! 6. `view.rs` — ce que l'interface reçoit.

pub mod atomic;
pub mod error;

pub mod store;

pub mod write;

pub mod session;

pub mod avenant;
pub mod catalogues;
pub mod clauses;
pub mod contribution;
pub mod editing;
pub mod example;
pub mod export;
pub mod import;
pub mod json_io;
pub mod objectifs;
pub mod recents;
pub mod search;
pub mod steps;
pub mod suivi;
pub mod undo;

pub mod view;

pub use editing::FieldUpdate;
pub use error::{ErrorDetails, Result, ServiceError};
pub use session::Session;
pub use view::DossierView;
