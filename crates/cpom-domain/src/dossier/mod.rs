//! **Le format du dossier** : les données stockées, et rien d'autre. Ces types sont le fichier
//! `.cpom` (un enregistrement JSON par ligne de la table `record`, voir `record/table.rs`) et
//! le format d'échange JSON v3 (`assets/schemas/`) ; les parties (`perimetre/`,
//! `lancement/`…) en font la saisie, les règles et les calculs.
//!
//! Un fichier par partie : `perimetre.rs`, `lancement.rs`, `diagnostic.rs`, `objectifs.rs`,
//! `signature.rs`, `etapes.rs` (validations et acquittements), `clauses.rs` (clauses libres
//! du contrat), `suivi.rs` (l'exécution du contrat signé et ses avenants).

pub mod clauses;
pub mod diagnostic;
pub mod etapes;
pub mod lancement;
pub mod objectifs;
pub mod perimetre;
pub mod signature;
pub mod suivi;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::clauses::ClauseOverride;
use crate::dossier::diagnostic::Diagnostic;
use crate::dossier::etapes::Etapes;
use crate::dossier::lancement::Lancement;
use crate::dossier::objectifs::Objectifs;
use crate::dossier::perimetre::{Accord, Adhesion, ContratLie, Cpom, Esms, Organisme};
use crate::dossier::signature::Signature;
use crate::dossier::suivi::SuiviContrat;
use crate::kernel::nomenclature::Secteur;
use crate::kernel::pack::{Pack, pack_for};

/// Tout le contenu d'un dossier (sans les métadonnées de stockage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Dossier {
    pub organisme: Organisme,
    pub adhesions: Vec<Adhesion>,
    pub cpom: Cpom,
    pub esms: Vec<Esms>,
    /// Accords datés des autorités à l'extension du périmètre (V03, V04).
    pub accords: Vec<Accord>,
    /// Autres CPOM du gestionnaire articulés avec celui-ci.
    pub contrats_lies: Vec<ContratLie>,
    /// Étape 1 : engagement, rétroplanning, acteurs, check-list, réunions.
    pub lancement: Lancement,
    /// Étape 2 : diagnostic partagé (annexe 2 du socle Pays de la Loire).
    pub diagnostic: Diagnostic,
    /// Étape 3 : fiches-objectifs, actions, indicateurs.
    pub objectifs: Objectifs,
    /// Étape 4 : moyens, affectation des résultats, suivi, consultations et signataires.
    pub signature: Signature,
    /// Validations des étapes et avertissements acquittés.
    pub etapes: Etapes,
    /// Clauses libres des modèles de contrat réécrites pour ce dossier.
    pub clauses: Vec<ClauseOverride>,
    /// Après la signature : l'exécution du contrat (revues des objectifs, dialogues de
    /// gestion, saisines, évaluations, bilans) et ses avenants.
    pub suivi_contrat: SuiviContrat,
}

impl Dossier {
    /// Complète ce qui existe sans avoir été écrit (jalons standard du rétroplanning) et
    /// range les jalons dans l'ordre du processus. À appeler après lecture ou import.
    pub fn fill_implicit(&mut self) {
        self.lancement.fill_standard_jalons();
    }

    /// Le référentiel régional du dossier : celui choisi (`cpom.pack`), sinon celui de sa
    /// région s'il est écrit pour l'un des secteurs du périmètre, sinon le socle national.
    pub fn pack(&self) -> &'static Pack {
        let secteurs: Vec<_> = self
            .perimetre()
            .map(|e| e.secteur_effectif().unwrap_or(Secteur::Adultes))
            .collect();
        pack_for(
            self.cpom.pack.as_deref(),
            self.cpom.region.as_deref(),
            &secteurs,
        )
    }

    /// ESMS inclus dans le CPOM.
    pub fn perimetre(&self) -> impl Iterator<Item = &Esms> {
        self.esms.iter().filter(|e| e.dans_perimetre)
    }
}
