//! Ce que l'interface reçoit : le dossier ouvert, ce qui s'en déduit et son rapport, tout en
//! haut des services (elle lit le dossier gardé par la session, les calculs du domaine et
//! les cas d'usage). Types exportés en TypeScript (`ui/src/bindings/`).

use chrono::NaiveDate;
use cpom_domain::contract::avenant::VueAvenant;
use cpom_domain::diagnostic::calc as diagnostic;
use cpom_domain::diagnostic::calc::DiagnosticCalcule;
use cpom_domain::dossier::Dossier;
use cpom_domain::kernel::issue::Report;
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
use cpom_domain::steps::readiness::readiness_of;
use cpom_domain::steps::report::StepReport;
use cpom_domain::suivi::rules::SuiviVue;

use cpom_domain::kernel::pack::PackInfo;
use serde::Serialize;
use ts_rs::TS;

use crate::atomic::display;
use crate::contribution::kit_info;
use crate::contribution::{Integration, KitInfo, MergePlan, ProvenanceNote, provenance_notes};
use crate::error::Result;
use crate::session::{DossierMeta, Session};
use crate::store::records::{self, RecordRow};
use crate::undo::Historique;

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
    /// Le référentiel régional du dossier (choisi, sinon celui de sa région) : ses règles,
    /// modèles de contrat et de classeur.
    pub pack: PackInfo,
    /// Le référentiel a été choisi explicitement (sinon : déduit de la région).
    pub pack_choisi: bool,
    /// Régime de financement et enveloppe (PA / PH) de chaque ESMS.
    pub regimes: Vec<cpom_domain::perimetre::regime::RegimeEsms>,
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
    /// Le rapport « Prêt pour signature » et l'état du dossier (signé : le contrat ne change
    /// plus que par avenant).
    pub readiness: Readiness,
    /// Le suivi du contrat : état du contrat, échéancier, revues des objectifs par exercice.
    pub suivi: SuiviVue,
    /// Les avenants : le projet en cours avec ses différences et son rapport « Prêt pour
    /// signature » ; les avenants signés sans leur détail (commande `avenant_detail`).
    pub avenants: Vec<VueAvenant>,
    /// La date du jour retenue pour les règles de calendrier (AAAA-MM-JJ).
    #[ts(type = "string")]
    pub aujourdhui: NaiveDate,
    pub stamps: Vec<RecordStamp>,
    /// Heure de la dernière écriture (ISO 8601, UTC).
    pub saved_at: Option<String>,
    /// Renseigné quand le fichier ouvert est un kit de contribution (saisie limitée).
    pub kit: Option<KitInfo>,
    /// Champs repris d'une contribution (« rédigé par …, intégré le … »).
    pub provenance: Vec<ProvenanceNote>,
    /// Ce que « Annuler » et « Rétablir » feraient (saisies de cette session).
    pub historique: Historique,
    /// Ce qui a été repris à l'ouverture d'une session arrêtée brutalement (à afficher une fois).
    pub avis: Option<String>,
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
        let etapes = steps::reports(&dossier, today);
        Self {
            path,
            name,
            meta,
            derived: cpom_domain::perimetre::calc::derived(&dossier),
            pack: dossier.pack().info(),
            pack_choisi: dossier
                .cpom
                .pack
                .as_deref()
                .is_some_and(|p| cpom_domain::kernel::pack::pack(p).is_some()),
            regimes: cpom_domain::perimetre::regime::regimes(&dossier),
            report: validate(&dossier),
            readiness: readiness_of(&dossier, &etapes),
            etapes,
            planning: planning(&dossier),
            diagnostic: diagnostic::calcul(&dossier),
            objectifs: ObjectifsVue {
                couverture: coverage(&dossier),
                couverture_ehpad: cpom_domain::objectifs::ehpad::coverage(&dossier),
                matrice: matrice(&dossier),
                recapitulatif: recapitulatif(&dossier),
            },
            signature: SignatureCalculee {
                activites: dossier.signature.budgets.iter().map(activite).collect(),
                repartition: totaux_repartition(&dossier),
                calendrier: calendrier(&dossier),
            },
            suivi: cpom_domain::suivi::rules::vue(&dossier, today),
            avenants: if dossier.suivi_contrat.avenants.is_empty() {
                Vec::new()
            } else {
                cpom_domain::clauses::modeles::model(cpom_domain::suivi::calc::modele_du_dossier(
                    &dossier,
                ))
                .map(|m| cpom_domain::contract::avenant::vues(m, &dossier, today, false))
                .unwrap_or_default()
            },
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
            historique: Historique::default(),
            avis: None,
        }
    }
}

/// La vue d'ensemble de l'étape Objectifs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ObjectifsVue {
    pub couverture: Vec<CouvertureMinimum>,
    /// Thématiques du CPOM « EHPAD » (vide sans EHPAD ni PUV au périmètre).
    pub couverture_ehpad: Vec<cpom_domain::objectifs::ehpad::CouvertureEhpad>,
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

/// Version de l'application et nom de l'auteur inscrit sur les modifications.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub author: String,
}

/// Un kit rendu examiné par le siège (commande `kit_receive`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KitReview {
    /// Chemin du kit (renvoyé à `kit_integrate`).
    pub path: String,
    pub plan: MergePlan,
    pub view: DossierView,
}

/// Une contribution intégrée (commande `kit_integrate`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Integrated {
    pub integration: Integration,
    pub view: DossierView,
}

impl Session {
    /// Tout ce que l'interface affiche, à partir du dossier gardé par la session (aucune
    /// lecture après une saisie).
    pub fn view(&self) -> Result<DossierView> {
        let snap = self.snapshot()?;
        let kit = self.kit().map(|k| kit_info(k, &snap.dossier, &snap.rows));
        let provenance = provenance_notes(self.connection())?;
        let mut view = DossierView::build(
            display(self.path()),
            self.path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            self.meta()?,
            snap.dossier,
            snap.rows,
            records::last_write(self.connection())?,
            self.today(),
        );
        view.kit = kit;
        view.provenance = provenance;
        view.historique = self.historique();
        view.avis = self.notice().map(str::to_string);
        Ok(view)
    }
}
