//! Le contrat CPOM produit depuis le dossier : à partir d'un modèle de contrat
//! (`clauses/modeles.rs`) et du dossier, la composition d'un [`document::Document`] neutre
//! (titres, paragraphes, listes, tableaux) que `cpom-services` met en page en PDF.
//!
//! - `compose.rs` : le document entier ou une fiche seule ;
//! - `bind.rs` : les valeurs des champs cités dans les textes (`{organisme.raison_sociale}`) ;
//! - `blocks.rs` : les blocs de données générés (parties, tableaux, signatures) ;
//! - `annexes*.rs` : les annexes générées (diagnostic, objectifs, éléments financiers) ;
//! - `synthese.rs` : la synthèse du diagnostic ;
//! - `document.rs` : le document neutre ;
//! - `suivi.rs` : les documents du suivi (revue annuelle des objectifs, rapport au
//!   département, bilans) ;
//! - `avenant.rs` : ce qu'un avenant change, l'avenant en document court, le contrat
//!   consolidé après l'avenant n° N.

pub mod annexes;
pub mod annexes_diagnostic;
pub mod annexes_financiers;
pub mod annexes_objectifs;
pub mod avenant;
pub mod bind;
pub mod blocks;
pub mod blocks_pa;
pub mod compose;
pub mod document;
pub mod suivi;
pub mod synthese;
