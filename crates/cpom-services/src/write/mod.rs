//! Les gardes d'une écriture, appelées par `Session::write` dans la transaction, avec le
//! dossier lu une seule fois après la modification :
//!
//! - `signed.rs` : un dossier signé ne se modifie plus ; la dernière signature ne
//!   s'enregistre que sur un dossier « Prêt pour signature » ;
//! - `kit.rs` : un kit de contribution n'écrit que dans sa partie déléguée ;
//! - `reopen.rs` : une étape validée que l'écriture rend fautive est rouverte.
//!
//! Les règles sont celles du domaine (`steps/readiness.rs`, `steps/engine.rs`,
//! `contribution/scope.rs`) ; ici, leur branchement sur le fichier.

pub mod kit;
pub mod reopen;
pub mod signed;
