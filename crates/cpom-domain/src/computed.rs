//! Tout ce qui se calcule d'un dossier pour l'affichage : ce que le périmètre déduit, le
//! rapport du périmètre, les rapports des quatre étapes, le rétroplanning, les calculs du
//! diagnostic, des objectifs et de la signature, « Prêt pour signature ».
//!
//! [`Computed::compute`] calcule tout (ouverture d'un dossier, `cpom check`) ;
//! [`Computed::update`] ne recalcule, après une écriture, que ce qui lit un type
//! d'enregistrement touché (`steps/reads.rs`) et dit quelles parties ont changé : c'est ce
//! que la session renvoie à l'interface (vue incrémentale). Les règles d'une étape ne
//! tournent qu'une fois par calcul (« Prêt pour signature » reprend les rapports des étapes).
//!
//! Coût : chaque calcul est linéaire en taille du dossier (recherches par table de hachage,
//! jamais une liste parcourue pour chaque élément d'une autre).

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::contract::avenant::VueAvenant;
use crate::diagnostic::calc::{DiagnosticCalcule, calcul};
use crate::dossier::Dossier;
use crate::dossier::etapes::StepId;
use crate::kernel::issue::Issue;
use crate::kernel::issue::Report;
use crate::kernel::pack::PackInfo;
use crate::lancement::calc::{Planning, planning};
use crate::objectifs::calc::{
    CouvertureMinimum, LigneRecapitulatif, Matrice, coverage, matrice, recapitulatif,
};
use crate::objectifs::ehpad::CouvertureEhpad;
use crate::perimetre::calc::{Derived, derived};
use crate::perimetre::regime::{RegimeEsms, regimes};
use crate::perimetre::rules::validate;
use crate::record::table::RecordKind;
use crate::signature::calc::{
    ActiviteCalculee, EcheanceSuivi, TotauxRepartition, activite, calendrier, totaux_repartition,
};
use crate::steps::engine::{report, report_with};
use crate::steps::readiness::{Readiness, readiness_from};
use crate::steps::reads::{Calc, affected};
use crate::steps::report::StepReport;
use crate::suivi::rules::SuiviVue;

fn avenants(d: &Dossier, today: NaiveDate) -> Vec<VueAvenant> {
    if d.suivi_contrat.avenants.is_empty() {
        return Vec::new();
    }
    crate::clauses::modeles::model(crate::suivi::calc::modele_du_dossier(d))
        .map(|m| crate::contract::avenant::vues(m, d, today, false))
        .unwrap_or_default()
}

/// La vue d'ensemble de l'étape Objectifs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ObjectifsVue {
    pub couverture: Vec<CouvertureMinimum>,
    /// Thématiques du CPOM « EHPAD » (vide sans EHPAD ni PUV au périmètre).
    pub couverture_ehpad: Vec<CouvertureEhpad>,
    pub matrice: Matrice,
    pub recapitulatif: Vec<LigneRecapitulatif>,
}

/// Les calculs de l'étape Signature.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SignatureCalculee {
    /// Un par budget de référence.
    pub activites: Vec<ActiviteCalculee>,
    pub repartition: TotauxRepartition,
    pub calendrier: Vec<EcheanceSuivi>,
}

/// Une partie de [`Computed`] (nom du champ de la vue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Derived,
    /// Le référentiel régional du dossier, et s'il a été choisi (sinon : déduit de la région).
    Pack,
    PackChoisi,
    /// Régime de financement et enveloppe de chaque ESMS.
    Regimes,
    Report,
    /// Le rapport d'une étape (rang dans `etapes`).
    Step(usize),
    Planning,
    Diagnostic,
    /// `objectifs.couverture`, `objectifs.couverture_ehpad`, `objectifs.matrice`, `objectifs.recapitulatif` : comparés
    /// séparément (la matrice d'une fédération est grande ; elle ne change pas à chaque
    /// saisie sur une fiche).
    Couverture,
    CouvertureEhpad,
    Matrice,
    Recapitulatif,
    Signature,
    Readiness,
    Suivi,
    Avenants,
}

/// Ce qui se calcule d'un dossier pour l'affichage.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub derived: Derived,
    /// Le référentiel régional du dossier (choisi, sinon celui de sa région).
    pub pack: PackInfo,
    /// Le référentiel a été choisi explicitement (sinon : déduit de la région).
    pub pack_choisi: bool,
    pub regimes: Vec<RegimeEsms>,
    pub report: Report,
    /// Les quatre étapes, dans l'ordre.
    pub etapes: Vec<StepReport>,
    pub planning: Planning,
    pub diagnostic: DiagnosticCalcule,
    pub objectifs: ObjectifsVue,
    pub signature: SignatureCalculee,
    pub readiness: Readiness,
    pub suivi: SuiviVue,
    pub avenants: Vec<VueAvenant>,
}

fn pack_choisi(d: &Dossier) -> bool {
    d.cpom
        .pack
        .as_deref()
        .is_some_and(|p| crate::kernel::pack::pack(p).is_some())
}

fn objectifs_vue(d: &Dossier) -> ObjectifsVue {
    ObjectifsVue {
        couverture: coverage(d),
        couverture_ehpad: crate::objectifs::ehpad::coverage(d),
        matrice: matrice(d),
        recapitulatif: recapitulatif(d),
    }
}

fn signature_calculee(d: &Dossier) -> SignatureCalculee {
    SignatureCalculee {
        activites: d.signature.budgets.iter().map(activite).collect(),
        repartition: totaux_repartition(d),
        calendrier: calendrier(d),
    }
}

impl Computed {
    /// Tout calculer.
    pub fn compute(d: &Dossier, today: NaiveDate) -> Self {
        let etapes: Vec<StepReport> = StepId::ALL.iter().map(|s| report(d, *s, today)).collect();
        Self {
            derived: derived(d),
            pack: d.pack().info(),
            pack_choisi: pack_choisi(d),
            regimes: regimes(d),
            report: validate(d),
            planning: planning(d),
            diagnostic: calcul(d),
            objectifs: objectifs_vue(d),
            signature: signature_calculee(d),
            readiness: readiness_from(d, &etapes),
            suivi: crate::suivi::rules::vue(d, today),
            avenants: avenants(d, today),
            etapes,
        }
    }

    /// Recalcule ce qui lit l'un des types `touched` ; renvoie les parties qui ont changé,
    /// chacune avec sa valeur d'avant (en JSON, pour calculer ce qui change à l'écran).
    /// `d` est le dossier après l'écriture ; `self`, ce qui avait été calculé avant.
    ///
    /// `known` : les points d'étapes déjà calculés sur ce dossier (vérification de la
    /// réouverture pendant l'écriture) ; ils ne sont pas recalculés.
    pub fn update(
        &mut self,
        d: &Dossier,
        today: NaiveDate,
        touched: &[RecordKind],
        known: Vec<(StepId, Vec<Issue>)>,
    ) -> Vec<(Part, Value)> {
        let mut known = known;
        let mut changed = Vec::new();
        fn set<T: PartialEq + Serialize>(
            slot: &mut T,
            new: T,
            part: Part,
            changed: &mut Vec<(Part, Value)>,
        ) {
            if *slot != new {
                let old = std::mem::replace(slot, new);
                changed.push((part, serde_json::to_value(&old).unwrap_or(Value::Null)));
            }
        }
        let hit = |c: Calc| affected(c, touched);
        if hit(Calc::Derived) {
            set(&mut self.derived, derived(d), Part::Derived, &mut changed);
        }
        if hit(Calc::Pack) {
            set(&mut self.pack, d.pack().info(), Part::Pack, &mut changed);
            set(
                &mut self.pack_choisi,
                pack_choisi(d),
                Part::PackChoisi,
                &mut changed,
            );
        }
        if hit(Calc::Regimes) {
            set(&mut self.regimes, regimes(d), Part::Regimes, &mut changed);
        }
        if hit(Calc::Report) {
            set(&mut self.report, validate(d), Part::Report, &mut changed);
        }
        let mut steps_changed = false;
        for (i, step) in StepId::ALL.iter().enumerate() {
            if hit(Calc::Step(*step)) {
                let before = changed.len();
                let new = match known.iter().position(|(s, _)| s == step) {
                    Some(k) => report_with(d, *step, today, known.swap_remove(k).1),
                    None => report(d, *step, today),
                };
                set(&mut self.etapes[i], new, Part::Step(i), &mut changed);
                steps_changed |= changed.len() > before;
            }
        }
        if hit(Calc::Planning) {
            set(
                &mut self.planning,
                planning(d),
                Part::Planning,
                &mut changed,
            );
        }
        if hit(Calc::Diagnostic) {
            set(
                &mut self.diagnostic,
                calcul(d),
                Part::Diagnostic,
                &mut changed,
            );
        }
        if hit(Calc::Objectifs) {
            let o = &mut self.objectifs;
            set(
                &mut o.couverture,
                coverage(d),
                Part::Couverture,
                &mut changed,
            );
            set(
                &mut o.couverture_ehpad,
                crate::objectifs::ehpad::coverage(d),
                Part::CouvertureEhpad,
                &mut changed,
            );
            set(&mut o.matrice, matrice(d), Part::Matrice, &mut changed);
            set(
                &mut o.recapitulatif,
                recapitulatif(d),
                Part::Recapitulatif,
                &mut changed,
            );
        }
        if hit(Calc::Signature) {
            set(
                &mut self.signature,
                signature_calculee(d),
                Part::Signature,
                &mut changed,
            );
        }
        // « Prêt pour signature » lit les rapports des étapes et les signataires.
        if steps_changed || hit(Calc::Readiness) {
            set(
                &mut self.readiness,
                readiness_from(d, &self.etapes),
                Part::Readiness,
                &mut changed,
            );
        }
        if hit(Calc::Suivi) {
            set(
                &mut self.suivi,
                crate::suivi::rules::vue(d, today),
                Part::Suivi,
                &mut changed,
            );
        }
        if hit(Calc::Avenants) {
            set(
                &mut self.avenants,
                avenants(d, today),
                Part::Avenants,
                &mut changed,
            );
        }
        changed
    }
}
