//! Ce que l'interface reçoit : le dossier ouvert, ce qui s'en déduit et son rapport.
//! Types exportés en TypeScript (`ui/src/bindings/`).

use cpom_domain::model::{
    AdhesionKind, BaseJuridique, Capacites, Competence, Etp, HabilitationAideSociale, Secteur,
    StatutJuridique,
};
use cpom_domain::reference::{Category, Departement, Region, reference};
use cpom_domain::{Derived, Dossier, Report};
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
    pub dossier: Dossier,
    pub derived: Derived,
    pub report: Report,
    pub stamps: Vec<RecordStamp>,
    /// Heure de la dernière écriture (ISO 8601, UTC).
    pub saved_at: Option<String>,
}

/// Réponse à une création (ESMS, adhésion) : l'identifiant créé et le dossier à jour.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Created {
    pub id: String,
    pub view: DossierView,
}

/// Quel enregistrement modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TargetKind {
    Organisme,
    Cpom,
    Esms,
    Adhesion,
}

/// Une modification de champ envoyée par l'interface (enregistrée aussitôt).
#[derive(Debug, Clone, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct FieldUpdate {
    pub kind: TargetKind,
    /// Identifiant de l'ESMS ou de l'adhésion ; absent pour l'organisme et le CPOM.
    pub id: Option<String>,
    /// Chemin du champ dans l'enregistrement (« finess_et », « capacites.internat.autorisee »).
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
