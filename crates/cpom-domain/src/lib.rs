//! # cpom-domain — le domaine d'Atelier CPOM
//!
//! Règles et entités pures, sans E/S ni horloge : tout ce qui se teste vite.
//!
//! Glossaire :
//! - **CPOM** : contrat pluriannuel d'objectifs et de moyens, signé pour 5 ans entre un
//!   organisme gestionnaire et ses autorités (ARS, conseil(s) départemental(aux)).
//! - **OG** : organisme gestionnaire (association, fondation…), identifié par son FINESS
//!   juridique (EJ).
//! - **ESMS** : établissement ou service social ou médico-social, identifié par son FINESS
//!   géographique (ET) ; l'ensemble des ESMS couverts forme le **périmètre**.
//! - **Base juridique** : l'article du CASF qui fonde le CPOM (L. 313-12-2, IV ter L. 313-12…).
//! - **Compétence tarifaire** : ARS, conseil départemental (CD) ou conjointe ; elle détermine
//!   les signataires (bipartite, tripartite).

pub mod checklists;
pub mod contract;
pub mod contribution;
pub mod diagnostic;
pub mod diff;
pub mod dossier;
pub mod editable;
pub mod error;
pub mod example;
pub mod fields;
pub mod finess;
pub mod format;
pub mod lancement;
mod luhn;
pub mod model;
pub mod objectifs;
mod records;
pub mod reference;
pub mod registry;
pub(crate) mod rules;
pub mod signature;
pub mod siren;
pub mod steps;
pub mod typography;
pub mod validation;
pub mod workbook;

pub use dossier::{Derived, Dossier, Partite};
pub use editable::{Editable, RecordKind};
pub use error::FieldError;
pub use steps::{StepId, StepReport, StepState};
pub use validation::{Issue, Report, Severity, validate};
