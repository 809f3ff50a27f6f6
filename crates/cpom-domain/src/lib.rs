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
//!
//! ## Les étages
//!
//! Un fichier n'importe que de son étage ou d'un étage inférieur (test `tests/layers.rs`) :
//!
//! 1. `kernel/` — points d'un rapport, saisie d'une valeur, FINESS, listes, formats ;
//! 2. `dossier/` — les données stockées (le format du fichier `.cpom` et du JSON v3) ;
//! 3. `record/` — le moteur des enregistrements et **la table** des types ;
//! 4. les parties, dans l'ordre de la démarche : `perimetre/`, `lancement/`, `diagnostic/`,
//!    `objectifs/`, `signature/`, `clauses/`, `suivi/` — chacune avec `records.rs` (saisie),
//!    `rules.rs` (points, chacun avec sa source), `calc.rs` (ce que les écrans et les
//!    documents calculent) et `tests.rs` ; une partie n'importe que des parties qui la
//!    précèdent ;
//! 5. `steps/` — le moteur d'étapes et « Prêt pour signature » ;
//! 6. les documents et le travail à plusieurs : `contract/`, `workbook/`, `contribution/`,
//!    `diff.rs` ;
//! 7. `example/` — le dossier exemple.

pub mod kernel;

pub mod dossier;

pub mod record;

pub mod clauses;
pub mod diagnostic;
pub mod lancement;
pub mod objectifs;
pub mod perimetre;
pub mod signature;
pub mod suivi;

pub mod steps;

pub mod contract;
pub mod contribution;
pub mod diff;
pub mod workbook;

pub mod example;

// Raccourcis pour les autres crates (jamais employés à l'intérieur de celle-ci).
pub use dossier::Dossier;
pub use dossier::etapes::StepId;
pub use kernel::error::FieldError;
pub use kernel::issue::{Issue, Report, Severity};
pub use perimetre::calc::Derived;
pub use perimetre::rules::validate;
pub use record::editable::Editable;
pub use record::table::RecordKind;
pub use steps::report::{StepReport, StepState};
