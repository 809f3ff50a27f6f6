//! # cpom-services — stockage, imports et exports d'Atelier CPOM
//!
//! L'API commune à l'application (Tauri) et à la ligne de commande `cpom`. Aucune
//! dépendance à Tauri. Toute erreur est un [`ServiceError`] `{code, message, details}` au
//! message français.

pub mod atomic;
pub mod avenant;
pub mod catalogues;
pub mod clauses;
pub mod contribution;
pub mod editing;
pub mod error;
pub mod example;
pub mod export;
pub mod import;
pub mod json_io;
pub mod objectifs;
pub mod recents;
pub mod session;
pub mod signed;
pub mod steps;
pub mod store;
pub mod view;

pub use error::{ErrorDetails, Result, ServiceError};
pub use session::Session;
pub use view::{DossierView, FieldUpdate, RecordKind, TargetKind};
