//! Ce que l'interface reçoit : le dossier ouvert, ce qui s'en déduit et son rapport.
//! Types exportés en TypeScript (`ui/src/bindings/`).

use chrono::NaiveDate;
use cpom_domain::diagnostic::calc as diagnostic;
use cpom_domain::diagnostic::calc::DiagnosticCalcule;
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::perimetre::{
    AdhesionKind, BaseJuridique, Capacites, Etp, HabilitationAideSociale, StatutJuridique,
};
use cpom_domain::kernel::issue::Report;
use cpom_domain::kernel::nomenclature::{Competence, Secteur};
use cpom_domain::kernel::reference::{Category, Departement, Region, reference};
use cpom_domain::lancement::calc::{Planning, planning};
use cpom_domain::objectifs::calc::{
    CouvertureMinimum, LigneRecapitulatif, Matrice, coverage, matrice, recapitulatif,
};
use cpom_domain::perimetre::calc::Derived;
use cpom_domain::perimetre::rules::validate;
use cpom_domain::signature::calc::{
    ActiviteCalculee, TotauxRepartition, activite, totaux_repartition,
};
use cpom_domain::signature::calc::{EcheanceSuivi, calendrier};
use cpom_domain::steps::engine as steps;
use cpom_domain::steps::readiness::Readiness;
use cpom_domain::steps::readiness::readiness;
use cpom_domain::steps::report::StepReport;

use crate::store::records::RecordRow;
use serde::Serialize;
use ts_rs::TS;

/// Horodatage et auteur d'un enregistrement (pour la fusion des contributions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecordStamp {
    pub id: String,
    pub kind: String,
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
    pub updated_by: String,
}

/// Métadonnées du fichier `.cpom`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DossierMeta {
    pub dossier_id: String,
    pub created_at: String,
    pub schema_version: u32,
    pub app_version: String,
}

/// Le dossier ouvert, tel que l'interface l'affiche.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DossierView {
    pub path: String,
    /// Nom du fichier sans extension.
    pub name: String,
    pub meta: DossierMeta,
    /// Toutes les données saisies (organisme, périmètre, lancement, diagnostic, étapes).
    pub dossier: Dossier,
    pub derived: Derived,
    /// Rapport de l'organisme et du périmètre (repris dans l'étape « Lancement »).
    pub report: Report,
    /// Les quatre étapes : état, avancement, points (ce que `cpom check` imprime).
    pub etapes: Vec<StepReport>,
    /// Le rétroplanning calculé (frise).
    pub planning: Planning,
    /// Ce qui se calcule du diagnostic (axes applicables, ratios, totaux).
    pub diagnostic: DiagnosticCalcule,
    /// Vue d'ensemble des objectifs (couverture, matrice, tableau récapitulatif).
    pub objectifs: ObjectifsVue,
    /// Ce qui se calcule de l'étape Signature (activité, totaux, calendrier du suivi).
    pub signature: SignatureCalculee,
    /// Le rapport « Prêt pour signature » et l'état du dossier (signé : non modifiable).
    pub readiness: Readiness,
    /// La date du jour retenue pour les règles de calendrier (AAAA-MM-JJ).
    #[ts(type = "string")]
    pub aujourdhui: NaiveDate,
    pub stamps: Vec<RecordStamp>,
    /// Heure de la dernière écriture (ISO 8601, UTC).
    pub saved_at: Option<String>,
    /// Renseigné quand le fichier ouvert est un kit de contribution (saisie limitée).
    pub kit: Option<crate::contribution::KitInfo>,
    /// Champs repris d'une contribution (« rédigé par …, intégré le … »).
    pub provenance: Vec<crate::contribution::ProvenanceNote>,
}

impl DossierView {
    /// Assemble la vue (calculs du domaine compris).
    pub fn build(
        path: String,
        name: String,
        meta: DossierMeta,
        dossier: Dossier,
        rows: Vec<RecordRow>,
        saved_at: Option<String>,
        today: NaiveDate,
    ) -> Self {
        Self {
            path,
            name,
            meta,
            derived: cpom_domain::perimetre::calc::derived(&dossier),
            report: validate(&dossier),
            etapes: steps::reports(&dossier, today),
            planning: planning(&dossier),
            diagnostic: diagnostic::calcul(&dossier),
            objectifs: ObjectifsVue {
                couverture: coverage(&dossier),
                matrice: matrice(&dossier),
                recapitulatif: recapitulatif(&dossier),
            },
            signature: SignatureCalculee {
                activites: dossier.signature.budgets.iter().map(activite).collect(),
                repartition: totaux_repartition(&dossier),
                calendrier: calendrier(&dossier),
            },
            readiness: readiness(&dossier, today),
            aujourdhui: today,
            dossier,
            stamps: rows
                .into_iter()
                .map(|r| RecordStamp {
                    id: r.id,
                    kind: r.kind,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                    created_by: r.created_by,
                    updated_by: r.updated_by,
                })
                .collect(),
            saved_at,
            kit: None,
            provenance: Vec::new(),
        }
    }
}

/// La vue d'ensemble de l'étape Objectifs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ObjectifsVue {
    pub couverture: Vec<CouvertureMinimum>,
    pub matrice: Matrice,
    pub recapitulatif: Vec<LigneRecapitulatif>,
}

/// Les calculs de l'étape Signature.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SignatureCalculee {
    /// Un par budget de référence.
    pub activites: Vec<ActiviteCalculee>,
    pub repartition: TotauxRepartition,
    pub calendrier: Vec<EcheanceSuivi>,
}

/// Réponse à une création (ESMS, adhésion) : l'identifiant créé et le dossier à jour.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Created {
    pub id: String,
    pub view: DossierView,
}

/// Quel enregistrement modifier : tous les types du dossier (`RecordKind`). L'ancien nom
/// `TargetKind` reste pour le code existant (`TargetKind::Esms`…).
pub use cpom_domain::RecordKind;
pub use cpom_domain::RecordKind as TargetKind;

/// Une modification de champ envoyée par l'interface (enregistrée aussitôt).
#[derive(Debug, Clone, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct FieldUpdate {
    pub kind: RecordKind,
    /// Identifiant de l'enregistrement ; absent pour un enregistrement unique (organisme,
    /// CPOM, engagement, finances).
    pub id: Option<String>,
    /// Chemin du champ dans l'enregistrement (« finess_et », « capacites.internat.autorisee »,
    /// « date_prevue », « resultats.ars.2024 »). Voir `crates/cpom-services/API.md`.
    pub field: String,
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
}

/// Une valeur de liste déroulante.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OptionItem {
    pub value: String,
    pub label: String,
}

/// Une base juridique, avec ses bornes de durée.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BaseOption {
    pub value: String,
    pub label: String,
    pub duree_min: u8,
    pub duree_max: u8,
    pub duree_defaut: u8,
    pub source: String,
}

/// Toutes les listes de référence de l'interface.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReferenceLists {
    /// Toutes les catégories FINESS connues (`proposee` = offerte à la saisie).
    pub categories: Vec<Category>,
    pub departements: Vec<Departement>,
    pub regions: Vec<Region>,
    pub statuts: Vec<OptionItem>,
    pub bases: Vec<BaseOption>,
    pub adhesion_kinds: Vec<OptionItem>,
    pub habilitations: Vec<OptionItem>,
    pub secteurs: Vec<OptionItem>,
    pub competences: Vec<OptionItem>,
    /// Modalités d'accueil (clé du champ `capacites.<clé>`).
    pub modalites: Vec<OptionItem>,
    /// Catégories d'ETP (clé du champ `etp.<clé>`).
    pub etp_categories: Vec<OptionItem>,
}

fn code<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn items<T: Serialize + Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<OptionItem> {
    all.iter()
        .map(|&v| OptionItem {
            value: code(v),
            label: label(v).into(),
        })
        .collect()
}

pub fn reference_lists() -> ReferenceLists {
    let r = reference();
    ReferenceLists {
        categories: r.categories.values().cloned().collect(),
        departements: r.departements.clone(),
        regions: r.regions.clone(),
        statuts: items(&StatutJuridique::ALL, StatutJuridique::label),
        bases: BaseJuridique::ALL
            .iter()
            .map(|&b| {
                let d = b.duration();
                BaseOption {
                    value: code(b),
                    label: b.label().into(),
                    duree_min: d.min,
                    duree_max: d.max,
                    duree_defaut: d.default,
                    source: d.source.into(),
                }
            })
            .collect(),
        adhesion_kinds: items(&AdhesionKind::ALL, AdhesionKind::label),
        habilitations: items(
            &HabilitationAideSociale::ALL,
            HabilitationAideSociale::label,
        ),
        secteurs: items(
            &[Secteur::Enfance, Secteur::Adultes, Secteur::PersonnesAgees],
            Secteur::label,
        ),
        competences: items(
            &[Competence::Ars, Competence::Cd, Competence::Conjointe],
            Competence::label,
        ),
        modalites: Capacites::MODALITES
            .iter()
            .map(|(v, l)| OptionItem {
                value: (*v).into(),
                label: (*l).into(),
            })
            .collect(),
        etp_categories: Etp::CATEGORIES
            .iter()
            .map(|(v, l)| OptionItem {
                value: (*v).into(),
                label: (*l).into(),
            })
            .collect(),
    }
}

/// Version de l'application et nom de l'auteur inscrit sur les modifications.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub author: String,
}

/// Un dossier récemment ouvert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct RecentEntry {
    pub path: String,
    pub name: String,
    /// ISO 8601, UTC.
    pub opened_at: String,
    /// Faux si le fichier a été déplacé ou supprimé depuis.
    #[serde(default)]
    pub exists: bool,
}
