//! Ce que le suivi calcule : les années du contrat, l'état du contrat (en préparation →
//! signé → en exécution, année N → prorogé de fait → prorogé par avenant → échu /
//! renouvelé), l'échéancier et ce qui est en retard, la revue des objectifs d'un exercice et
//! les données du rapport au département.
//!
//! Année du contrat : l'année 1 commence à la date d'effet ; l'exercice d'une année est
//! l'année civile où elle commence (date d'effet au 1er janvier : année du contrat =
//! exercice).

use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::objectifs::{Axe, IndicateurObjectif, StatutAction};
use crate::dossier::suivi::{ANNEES_SUIVI, Appreciation, NatureBilan, TypeAvenant, TypeDialogue};
use crate::kernel::format;
use crate::kernel::reference::reference;
use crate::perimetre::calc::{PartieKind, date_echeance, derived};
use crate::suivi::versions::contrat_signe;

/// Code INSEE de la région Pays de la Loire (guide ARS, seed 002).
pub const REGION_PDL: &str = "52";
/// Code INSEE de la région Provence-Alpes-Côte d'Azur (modèle PACA, seed 001).
pub const REGION_PACA: &str = "93";

/// Le modèle de contrat qui donne sa forme aux documents du suivi, d'après la région du
/// CPOM (en attendant les paquets régionaux) : socle Pays de la Loire, modèle PACA, sinon
/// le modèle national de l'arrêté du 3 mars 2017.
pub fn modele_du_dossier(d: &Dossier) -> &'static str {
    match d.cpom.region.as_deref() {
        Some(REGION_PDL) => "pdl-socle",
        Some(REGION_PACA) => "paca-ph",
        _ => "arrete-2017",
    }
}

// ——— Les années du contrat ———

/// Les dates du contrat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periode {
    pub effet: NaiveDate,
    /// Dernier jour du contrat.
    pub echeance: NaiveDate,
    pub duree: u8,
}

pub fn periode(d: &Dossier) -> Option<Periode> {
    let effet = d.cpom.date_effet?;
    let duree = d.cpom.duree_annees.max(1);
    Some(Periode {
        effet,
        echeance: date_echeance(effet, duree)?,
        duree,
    })
}

impl Periode {
    /// Premier jour de l'année `k` du contrat (1 = date d'effet).
    pub fn debut(&self, k: u8) -> Option<NaiveDate> {
        self.effet
            .checked_add_months(Months::new(u32::from(k.saturating_sub(1)) * 12))
    }
    /// Dernier jour de l'année `k` du contrat.
    pub fn fin(&self, k: u8) -> Option<NaiveDate> {
        date_echeance(self.effet, k)
    }
    /// L'exercice de l'année `k`.
    pub fn exercice(&self, k: u8) -> i32 {
        self.effet.year() + i32::from(k) - 1
    }
    /// L'année du contrat d'un exercice (1 à 7), si elle est suivie.
    pub fn annee(&self, exercice: i32) -> Option<u8> {
        let k = exercice - self.effet.year() + 1;
        (1..=ANNEES_SUIVI as i32).contains(&k).then_some(k as u8)
    }
    /// L'année du contrat où tombe `day` (0 avant la date d'effet).
    pub fn annee_du_jour(&self, day: NaiveDate) -> u8 {
        if day < self.effet {
            return 0;
        }
        (1..=ANNEES_SUIVI as u8)
            .find(|k| self.fin(*k).is_some_and(|f| day <= f))
            .unwrap_or(ANNEES_SUIVI as u8 + 1)
    }
}

// ——— L'état du contrat (instruction DGCS, seed 000 L1652-L1664, V08) ———

/// L'état du contrat, déduit des dates et des avenants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EtatContrat {
    EnPreparation,
    /// Signé, pas encore en vigueur.
    Signe,
    EnExecution,
    /// Après l'échéance sans renouvellement : prorogé d'un an sans avenant.
    ProrogeDeFait,
    /// Prorogé d'une année encore par un avenant de prorogation signé.
    ProrogeParAvenant,
    /// Au-delà des prorogations : les sources ne disent pas ce qui suit.
    Echu,
    /// Le contrat suivant est signé.
    Renouvele,
}

/// Où en est le contrat (en-tête, tableau de bord, `cpom check`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SituationContrat {
    pub etat: EtatContrat,
    /// « Signé — en exécution, année 3 (exercice 2029) ».
    pub libelle: String,
    /// L'année du contrat (1 à 7) à la date du jour, en exécution.
    pub annee: Option<u8>,
    pub exercice: Option<i32>,
    #[ts(type = "string | null")]
    pub date_effet: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub echeance: Option<NaiveDate>,
    /// Fin de la période en cours (échéance, prorogation de fait ou par avenant).
    #[ts(type = "string | null")]
    pub fin_periode: Option<NaiveDate>,
    /// Date de la dernière signature du contrat initial.
    #[ts(type = "string | null")]
    pub signe_le: Option<NaiveDate>,
    pub avenants_signes: usize,
    /// Un projet d'avenant est en cours : le contrat se modifie dans ce projet.
    pub projet_avenant: bool,
    pub source: String,
}

const SOURCE_ETAT: &str = "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.2 b) (prorogation) et c) (renouvellement)";

fn signe_le(d: &Dossier) -> Option<NaiveDate> {
    let v = crate::suivi::versions::version(d, 0)?;
    v.signature
        .signatures
        .signataires
        .iter()
        .filter_map(|s| s.date_signature)
        .max()
}

/// Un avenant de prorogation signé.
pub fn prorogation_signee(d: &Dossier) -> bool {
    d.suivi_contrat
        .avenants_signes()
        .any(|a| a.types.contains(&TypeAvenant::Prorogation))
}

pub fn situation(d: &Dossier, today: NaiveDate) -> SituationContrat {
    let p = periode(d);
    let avenants_signes = d.suivi_contrat.avenants_signes().count();
    let mut s = SituationContrat {
        etat: EtatContrat::EnPreparation,
        libelle: "En préparation".into(),
        annee: None,
        exercice: None,
        date_effet: p.map(|p| p.effet),
        echeance: p.map(|p| p.echeance),
        fin_periode: p.map(|p| p.echeance),
        signe_le: None,
        avenants_signes,
        projet_avenant: d.suivi_contrat.projet_avenant().is_some(),
        source: SOURCE_ETAT.into(),
    };
    if !contrat_signe(d) {
        return s;
    }
    s.signe_le = signe_le(d);
    let signe = match s.signe_le {
        Some(x) => format!("Signé le {}", format::date_long(x)),
        None => "Signé".into(),
    };
    if let Some(r) = d.suivi_contrat.general.renouvele_le
        && today >= r
    {
        s.etat = EtatContrat::Renouvele;
        s.libelle = format!(
            "Renouvelé : contrat suivant signé le {}",
            format::date_long(r)
        );
        return s;
    }
    let Some(p) = p else {
        s.etat = EtatContrat::Signe;
        s.libelle = format!("{signe} — date d'effet à préciser");
        return s;
    };
    if today < p.effet {
        s.etat = EtatContrat::Signe;
        s.libelle = format!("{signe} — en vigueur le {}", format::date_long(p.effet));
        return s;
    }
    let k = p.annee_du_jour(today);
    let cinq_ans = p.duree == 5;
    let fin_de_fait = p.fin(6);
    let fin_avenant = p.fin(7);
    let en_annee = |s: &mut SituationContrat, k: u8| {
        s.annee = Some(k);
        s.exercice = Some(p.exercice(k));
    };
    if today <= p.echeance {
        s.etat = EtatContrat::EnExecution;
        en_annee(&mut s, k);
        s.libelle = format!(
            "{signe} — en exécution, année {k} sur {} (exercice {})",
            p.duree,
            p.exercice(k)
        );
    } else if cinq_ans && fin_de_fait.is_some_and(|f| today <= f) {
        s.etat = EtatContrat::ProrogeDeFait;
        en_annee(&mut s, 6);
        s.fin_periode = fin_de_fait;
        s.libelle = format!(
            "Prorogé de fait d'une année, jusqu'au {} (faute de renouvellement à l'échéance du {})",
            fin_de_fait.map(format::date_long).unwrap_or_default(),
            format::date_long(p.echeance)
        );
    } else if cinq_ans && prorogation_signee(d) && fin_avenant.is_some_and(|f| today <= f) {
        s.etat = EtatContrat::ProrogeParAvenant;
        en_annee(&mut s, 7);
        s.fin_periode = fin_avenant;
        s.libelle = format!(
            "Prorogé par avenant d'une année, jusqu'au {}",
            fin_avenant.map(format::date_long).unwrap_or_default()
        );
    } else {
        s.etat = EtatContrat::Echu;
        let fin = if cinq_ans && prorogation_signee(d) {
            fin_avenant
        } else if cinq_ans {
            fin_de_fait
        } else {
            Some(p.echeance)
        };
        s.fin_periode = fin;
        s.libelle = format!(
            "Échu le {} sans renouvellement enregistré",
            fin.map(format::date_long).unwrap_or_default()
        );
    }
    s
}

/// Les années du contrat suivies à la date du jour : la durée, plus les années de
/// prorogation atteintes.
pub fn annees_suivies(d: &Dossier, today: NaiveDate) -> Vec<(u8, i32)> {
    let Some(p) = periode(d) else {
        return Vec::new();
    };
    let mut last = p.duree;
    if p.duree == 5 && today > p.echeance {
        last = 6;
        if prorogation_signee(d) {
            last = 7;
        }
    }
    (1..=last.min(ANNEES_SUIVI as u8))
        .map(|k| (k, p.exercice(k)))
        .collect()
}

// ——— L'échéancier (données : assets/catalogues/echeancier-suivi-v1.json) ———

const CATALOGUE: &str = include_str!("../../../../assets/catalogues/echeancier-suivi-v1.json");

/// Ce qu'une règle de l'échéancier est : la loi, la méthode d'une région, un conseil.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureRegle {
    Loi,
    Methode,
    Conseil,
    /// Ce que le contrat signé prévoit (calendrier des évaluations, dialogue de la 4e année).
    Contrat,
}

impl NatureRegle {
    pub fn label(self) -> &'static str {
        match self {
            Self::Loi => "texte national",
            Self::Methode => "méthode régionale",
            Self::Conseil => "recommandation",
            Self::Contrat => "prévu au contrat",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Quand {
    /// Chaque année, pour l'exercice précédent (30 avril N pour l'exercice N-1).
    Annuel { mois: u32, jour: u32 },
    /// Au cours de l'année `annee` du contrat (0 : la dernière).
    AnneeContrat { annee: u8 },
    /// `mois` mois avant l'échéance.
    AvantEcheance { mois: u32 },
    /// Aux dates d'évaluation prévues au contrat.
    Evaluations,
}

#[derive(Debug, Clone, Deserialize)]
struct RegleEcheance {
    id: String,
    libelle: String,
    quand: Quand,
    #[serde(default)]
    si: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
    fait: String,
    nature: NatureRegle,
    source: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Catalogue {
    regles: Vec<RegleEcheance>,
}

static REGLES: LazyLock<Catalogue> = LazyLock::new(|| {
    serde_json::from_str(CATALOGUE).expect("catalogue de l'échéancier du suivi illisible")
});

/// Où en est une échéance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EtatEcheance {
    Fait,
    EnRetard,
    AVenir,
}

/// Une échéance du suivi.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Echeance {
    /// « errd:2027 », « mi_parcours », « evaluation:<esms> ».
    pub id: String,
    pub regle: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub libelle: String,
    pub annee_contrat: u8,
    pub exercice: Option<i32>,
    pub etat: EtatEcheance,
    #[ts(type = "string | null")]
    pub fait_le: Option<NaiveDate>,
    pub nature: NatureRegle,
    pub source: String,
    /// Où l'on saisit ce qui a été fait (chemin de champ de l'interface).
    pub chemin: String,
}

fn exercice_record(d: &Dossier, y: i32) -> Option<&crate::dossier::suivi::Exercice> {
    d.suivi_contrat
        .exercices
        .iter()
        .find(|e| e.annee == Some(y))
}

/// Fait ? (date si connue) et le chemin où le dire.
fn fait(
    d: &Dossier,
    key: &str,
    exercice: Option<i32>,
    esms: Option<Uuid>,
    today: NaiveDate,
) -> (bool, Option<NaiveDate>, String) {
    let ex = exercice.and_then(|y| exercice_record(d, y));
    let ex_path = |f: &str| match (ex, exercice) {
        (Some(e), _) => format!("suivi_contrat.exercices.{}.{f}", e.id),
        (None, Some(y)) => format!("suivi_contrat.exercices.annee:{y}.{f}"),
        _ => "suivi_contrat".into(),
    };
    let dated = |x: Option<NaiveDate>, path: String| (x.is_some(), x, path);
    match key {
        "errd" => dated(ex.and_then(|e| e.errd_envoye_le), ex_path("errd_envoye_le")),
        "annexe_objectifs" => dated(
            ex.and_then(|e| e.annexe_objectifs_envoyee_le),
            ex_path("annexe_objectifs_envoyee_le"),
        ),
        "rapport_cd" => dated(
            ex.and_then(|e| e.rapport_cd_envoye_le),
            ex_path("rapport_cd_envoye_le"),
        ),
        "renouvellement" => dated(
            d.suivi_contrat.general.renouvellement_prepare_le,
            "suivi_contrat.general.renouvellement_prepare_le".into(),
        ),
        "evaluation" => {
            let x = d
                .suivi_contrat
                .evaluations
                .iter()
                .filter(|e| e.esms == esms && e.date.is_some_and(|x| x <= today))
                .filter_map(|e| e.date)
                .max();
            dated(x, "suivi_contrat.evaluations".into())
        }
        k if k.starts_with("dialogue:") => {
            let nature: Option<TypeDialogue> =
                serde_json::from_value(serde_json::Value::String(k[9..].into())).ok();
            let x = d
                .suivi_contrat
                .dialogues
                .iter()
                .filter(|g| Some(g.nature) == nature)
                .filter_map(|g| g.date)
                .filter(|x| *x <= today)
                .max();
            dated(x, "suivi_contrat.dialogues".into())
        }
        k if k.starts_with("bilan:") => {
            let nature = if &k[6..] == "final" {
                NatureBilan::Final
            } else {
                NatureBilan::Etape
            };
            let b = d.suivi_contrat.bilans.iter().find(|b| b.nature == nature);
            let written = b.is_some_and(|b| {
                !(b.faits_marquants.trim().is_empty() && b.resultats.trim().is_empty())
            });
            let when = b
                .and_then(|b| b.dialogue)
                .and_then(|id| d.suivi_contrat.dialogues.iter().find(|g| g.id == id))
                .and_then(|g| g.date);
            (written, when, "suivi_contrat.bilans".into())
        }
        _ => (false, None, "suivi_contrat".into()),
    }
}

fn applies(r: &RegleEcheance, d: &Dossier) -> bool {
    // Une échéance propre à la méthode d'une ARS suit le référentiel régional du dossier
    // (`kernel/pack.rs`), pas seulement sa région : un CPOM « EHPAD » des Pays de la Loire
    // suit le socle national, un dossier qui a choisi le pack PdL en suit les échéances.
    if !r.regions.is_empty() && !r.regions.iter().any(|x| d.pack().regions.contains(x)) {
        return false;
    }
    match r.si.as_deref() {
        None => true,
        Some("cd") => derived(d).signe(PartieKind::Cd),
        Some("dialogue_annee4") => d.signature.suivi.dialogue_annee4,
        Some(_) => false,
    }
}

/// L'échéancier du contrat, daté, avec ce qui est fait, en retard ou à venir (en retard :
/// seulement pour un contrat signé).
pub fn echeancier(d: &Dossier, today: NaiveDate) -> Vec<Echeance> {
    let Some(p) = periode(d) else {
        return Vec::new();
    };
    let signe = contrat_signe(d);
    let annees = annees_suivies(d, today);
    let mut out = Vec::new();
    let mut push = |r: &RegleEcheance,
                    id: String,
                    date: NaiveDate,
                    libelle: String,
                    k: u8,
                    exercice: Option<i32>,
                    esms: Option<Uuid>| {
        let (done, fait_le, chemin) = fait(d, &r.fait, exercice, esms, today);
        let etat = if done {
            EtatEcheance::Fait
        } else if signe && date < today {
            EtatEcheance::EnRetard
        } else {
            EtatEcheance::AVenir
        };
        out.push(Echeance {
            id,
            regle: r.id.clone(),
            date,
            libelle,
            annee_contrat: k,
            exercice,
            etat,
            fait_le,
            nature: r.nature,
            source: r.source.clone(),
            chemin,
        });
    };
    for r in REGLES.regles.iter().filter(|r| applies(r, d)) {
        match r.quand {
            Quand::Annuel { mois, jour } => {
                for (k, y) in annees.iter().copied() {
                    let Some(date) = NaiveDate::from_ymd_opt(y + 1, mois, jour) else {
                        continue;
                    };
                    push(
                        r,
                        format!("{}:{y}", r.id),
                        date,
                        r.libelle.replace("{exercice}", &y.to_string()),
                        k,
                        Some(y),
                        None,
                    );
                }
            }
            Quand::AnneeContrat { annee } => {
                let k = if annee == 0 { p.duree } else { annee };
                if k > p.duree {
                    continue;
                }
                if let Some(date) = p.fin(k) {
                    push(
                        r,
                        r.id.clone(),
                        date,
                        r.libelle.clone(),
                        k,
                        Some(p.exercice(k)),
                        None,
                    );
                }
            }
            Quand::AvantEcheance { mois } => {
                if let Some(date) = p.echeance.checked_sub_months(Months::new(mois)) {
                    let k = p.annee_du_jour(date).max(1);
                    push(r, r.id.clone(), date, r.libelle.clone(), k, None, None);
                }
            }
            Quand::Evaluations => {
                for e in &d.signature.suivi.evaluations {
                    let nom = d
                        .esms
                        .iter()
                        .find(|x| x.id == e.esms)
                        .map_or("ESMS", |x| x.nom.as_str());
                    let k = p.annee_du_jour(e.date).clamp(1, p.duree);
                    push(
                        r,
                        format!("{}:{}", r.id, e.esms),
                        e.date,
                        r.libelle.replace("{esms}", nom),
                        k,
                        None,
                        Some(e.esms),
                    );
                }
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    out
}

// ——— La revue des objectifs d'un exercice ———

/// Un indicateur dans la revue d'un exercice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RevueIndicateur {
    pub id: Uuid,
    pub libelle: String,
    pub unite: String,
    pub mode_calcul: String,
    #[ts(type = "string | null")]
    pub valeur_initiale: Option<Decimal>,
    /// La cible de l'année (cible annuelle, sinon mi-parcours la 3e année, sinon finale la
    /// dernière année).
    #[ts(type = "string | null")]
    pub cible: Option<Decimal>,
    #[ts(type = "string | null")]
    pub cible_mi_parcours: Option<Decimal>,
    #[ts(type = "string | null")]
    pub cible_finale: Option<Decimal>,
    /// Réalisé des années 1 à l'année de la revue.
    #[ts(type = "Array<string | null>")]
    pub realise: Vec<Option<Decimal>>,
    /// Réalisé de l'année de la revue.
    #[ts(type = "string | null")]
    pub valeur: Option<Decimal>,
    /// La cible de l'année est-elle atteinte ? Sens déduit de la valeur initiale et de la
    /// cible (inférence) ; vide sans cible, sans valeur ou sans valeur initiale.
    pub cible_atteinte: Option<bool>,
    pub commentaire: String,
    /// L'ESMS où l'indicateur se mesure (objectif propre à un ESMS).
    pub esms: Option<Uuid>,
    /// L'enregistrement du réalisé, s'il existe.
    pub realisation: Option<Uuid>,
}

/// Une action dans la revue d'un exercice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RevueAction {
    pub id: Uuid,
    pub libelle: String,
    #[ts(type = "string | null")]
    pub debut: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub fin: Option<NaiveDate>,
    pub statut: StatutAction,
    /// Statut saisi pour cette année (sinon repris de l'année précédente ou du contrat).
    pub statut_saisi: bool,
    pub avancement: Option<u8>,
    pub commentaire: String,
    /// Échéance passée à la fin de l'exercice sans que l'action soit réalisée.
    pub en_retard: bool,
    pub referent: String,
    pub esms: Option<Uuid>,
    pub avancement_id: Option<Uuid>,
}

/// Un objectif dans la revue d'un exercice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RevueObjectif {
    pub id: Uuid,
    pub numero: usize,
    pub titre: String,
    pub axe: Option<Axe>,
    /// ESMS concernés (noms), « Tous les ESMS du périmètre » pour un objectif partagé.
    pub esms_libelle: String,
    pub appreciation: Option<Appreciation>,
    pub explication: String,
    pub nouveau_calendrier: String,
    pub indicateurs: Vec<RevueIndicateur>,
    pub actions: Vec<RevueAction>,
    pub actions_realisees: usize,
    pub esms: Option<Uuid>,
    pub appreciation_id: Option<Uuid>,
}

/// La revue des objectifs d'un exercice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Revue {
    pub exercice: i32,
    pub annee: u8,
    pub objectifs: Vec<RevueObjectif>,
}

fn at<T: Clone>(v: &[Option<T>], k: u8) -> Option<T> {
    v.get(usize::from(k).saturating_sub(1)).cloned().flatten()
}

fn text_at(v: &[String], k: u8) -> String {
    v.get(usize::from(k).saturating_sub(1))
        .cloned()
        .unwrap_or_default()
}

/// L'ESMS d'un objectif propre à un seul ESMS (ce qu'un kit de directeur porte).
pub fn esms_de_objectif(d: &Dossier, objectif: Uuid) -> Option<Uuid> {
    d.objectifs
        .objectifs
        .iter()
        .find(|o| o.id == objectif)
        .and_then(|o| match (o.portee, o.esms.as_slice()) {
            (crate::dossier::objectifs::PorteeObjectif::Propre, [one]) => Some(*one),
            _ => None,
        })
}

/// L'ESMS d'une action : le sien s'il est seul, sinon celui de son objectif.
pub fn esms_de_action(d: &Dossier, action: Uuid) -> Option<Uuid> {
    let a = d.objectifs.actions.iter().find(|a| a.id == action)?;
    match a.esms.as_slice() {
        [one] => Some(*one),
        [] => esms_de_objectif(d, a.objectif),
        _ => None,
    }
}

fn cible_de(i: &IndicateurObjectif, k: u8, duree: u8) -> Option<Decimal> {
    at(&i.cibles_annuelles, k)
        .or(if k == 3 { i.cible_mi_parcours } else { None })
        .or(if k >= duree { i.cible_finale } else { None })
}

/// La cible est-elle atteinte ? Le sens (hausse ou baisse) vient de la valeur initiale.
pub fn atteinte(
    initiale: Option<Decimal>,
    cible: Option<Decimal>,
    valeur: Option<Decimal>,
) -> Option<bool> {
    let (i, c, v) = (initiale?, cible?, valeur?);
    Some(if c >= i { v >= c } else { v <= c })
}

/// La revue des objectifs de l'année `k` du contrat (1 à 7).
pub fn revue(d: &Dossier, k: u8) -> Revue {
    let p = periode(d);
    let duree = p.map_or(5, |p| p.duree);
    let exercice = p.map_or(0, |p| p.exercice(k));
    let fin_exercice = NaiveDate::from_ymd_opt(exercice, 12, 31);
    let s = &d.suivi_contrat;
    let objectifs = d
        .objectifs
        .actifs()
        .enumerate()
        .map(|(n, o)| {
            let appr = s.objectifs.iter().find(|a| a.objectif == o.id);
            let esms = esms_de_objectif(d, o.id);
            let indicateurs: Vec<RevueIndicateur> = d
                .objectifs
                .indicateurs_of(o.id)
                .map(|i| {
                    let r = s.indicateurs.iter().find(|r| r.indicateur == i.id);
                    let realise: Vec<Option<Decimal>> = (1..=k)
                        .map(|y| r.and_then(|r| at(&r.realise, y)).or(at(&i.realise, y)))
                        .collect();
                    let valeur = realise.last().cloned().flatten();
                    let cible = cible_de(i, k, duree);
                    RevueIndicateur {
                        id: i.id,
                        libelle: i.libelle.clone(),
                        unite: i.unite.clone(),
                        mode_calcul: i.mode_calcul.clone(),
                        valeur_initiale: i.valeur_initiale,
                        cible,
                        cible_mi_parcours: i.cible_mi_parcours,
                        cible_finale: i.cible_finale,
                        realise,
                        valeur,
                        cible_atteinte: atteinte(i.valeur_initiale, cible, valeur),
                        commentaire: r.map(|r| text_at(&r.commentaires, k)).unwrap_or_default(),
                        esms: r.and_then(|r| r.esms).or(esms),
                        realisation: r.map(|r| r.id),
                    }
                })
                .collect();
            let actions: Vec<RevueAction> = d
                .objectifs
                .actions_of(o.id)
                .map(|a| {
                    let av = s.actions.iter().find(|x| x.action == a.id);
                    let saisi = av.and_then(|x| at(&x.statut, k));
                    let precedent = av.and_then(|x| (1..k).rev().find_map(|y| at(&x.statut, y)));
                    let statut = saisi.or(precedent).unwrap_or(a.statut);
                    let en_retard =
                        !matches!(statut, StatutAction::Realisee | StatutAction::Abandonnee)
                            && a.fin.zip(fin_exercice).is_some_and(|(f, e)| f <= e);
                    RevueAction {
                        id: a.id,
                        libelle: a.libelle.clone(),
                        debut: a.debut,
                        fin: a.fin,
                        statut,
                        statut_saisi: saisi.is_some(),
                        avancement: av.and_then(|x| at(&x.avancement, k)),
                        commentaire: av.map(|x| text_at(&x.commentaires, k)).unwrap_or_default(),
                        en_retard,
                        referent: a.referent.clone(),
                        esms: av.and_then(|x| x.esms).or_else(|| esms_de_action(d, a.id)),
                        avancement_id: av.map(|x| x.id),
                    }
                })
                .collect();
            let esms_libelle = match o.portee {
                crate::dossier::objectifs::PorteeObjectif::Partage => {
                    "Tous les ESMS du périmètre".to_string()
                }
                crate::dossier::objectifs::PorteeObjectif::Propre => d
                    .esms
                    .iter()
                    .filter(|e| o.esms.contains(&e.id))
                    .map(|e| e.nom.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            RevueObjectif {
                id: o.id,
                numero: n + 1,
                titre: o.titre.clone(),
                axe: o.axe,
                esms_libelle,
                appreciation: appr.and_then(|a| at(&a.appreciation, k)),
                explication: appr.map(|a| text_at(&a.explication, k)).unwrap_or_default(),
                nouveau_calendrier: appr
                    .map(|a| text_at(&a.nouveau_calendrier, k))
                    .unwrap_or_default(),
                actions_realisees: actions
                    .iter()
                    .filter(|a| a.statut == StatutAction::Realisee)
                    .count(),
                indicateurs,
                actions,
                esms: appr.and_then(|a| a.esms).or(esms),
                appreciation_id: appr.map(|a| a.id),
            }
        })
        .collect();
    Revue {
        exercice,
        annee: k,
        objectifs,
    }
}

// ——— Le rapport au département (guide PdL, seed 002 L406-L412) ———

/// L'activité d'un type de structure pour un exercice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ActiviteType {
    /// Catégorie FINESS et son libellé.
    pub categorie: String,
    pub libelle: String,
    pub esms: Vec<String>,
    pub capacite_installee: u32,
    #[ts(type = "string | null")]
    pub activite_theorique: Option<Decimal>,
    #[ts(type = "string | null")]
    pub activite_realisee: Option<Decimal>,
    /// Réalisé / théorique, en % (1 décimale).
    #[ts(type = "string | null")]
    pub taux: Option<Decimal>,
    pub unite: String,
}

/// Les ESMS de compétence départementale ou conjointe du périmètre.
pub fn esms_cd(d: &Dossier) -> Vec<&crate::dossier::perimetre::Esms> {
    d.perimetre()
        .filter(|e| e.competence.is_some_and(|c| c.involves_cd()))
        .collect()
}

/// L'activité par type de structure (ESMS de compétence départementale) pour l'année `k`.
pub fn activite_par_type(d: &Dossier, k: u8) -> Vec<ActiviteType> {
    let mut out: Vec<ActiviteType> = Vec::new();
    for e in esms_cd(d) {
        let cat = e.categorie.clone().unwrap_or_default();
        let libelle = if cat.is_empty() {
            "Catégorie à préciser".to_string()
        } else {
            reference().category_label(&cat)
        };
        let budget = d.signature.budgets.iter().find(|b| b.esms == e.id);
        let realisee = d
            .suivi_contrat
            .activites
            .iter()
            .find(|a| a.esms == e.id)
            .and_then(|a| at(&a.activite, k));
        let i = match out.iter().position(|x| x.categorie == cat) {
            Some(i) => i,
            None => {
                out.push(ActiviteType {
                    categorie: cat.clone(),
                    libelle,
                    esms: Vec::new(),
                    capacite_installee: 0,
                    activite_theorique: None,
                    activite_realisee: None,
                    taux: None,
                    unite: budget.map(|b| b.unite_activite.clone()).unwrap_or_default(),
                });
                out.len() - 1
            }
        };
        let t = &mut out[i];
        t.esms.push(e.nom.clone());
        t.capacite_installee += e.capacites.total_installee();
        if let Some(x) = budget.and_then(|b| b.activite_theorique) {
            t.activite_theorique = Some(t.activite_theorique.unwrap_or_default() + x);
        }
        if let Some(x) = realisee {
            t.activite_realisee = Some(t.activite_realisee.unwrap_or_default() + x);
        }
    }
    for t in &mut out {
        t.taux = match (t.activite_realisee, t.activite_theorique) {
            (Some(r), Some(th)) if !th.is_zero() => Some((r * Decimal::from(100) / th).round_dp(1)),
            _ => None,
        };
    }
    out.sort_by(|a, b| a.categorie.cmp(&b.categorie));
    out
}

/// Les objectifs qui engagent le département ou concernent un ESMS de sa compétence.
pub fn objectifs_cd(d: &Dossier) -> Vec<Uuid> {
    let cd: Vec<Uuid> = esms_cd(d).iter().map(|e| e.id).collect();
    d.objectifs
        .actifs()
        .filter(|o| {
            o.autorites.is_some_and(|a| a.cd())
                || o.portee == crate::dossier::objectifs::PorteeObjectif::Partage
                || o.esms.iter().any(|e| cd.contains(e))
        })
        .map(|o| o.id)
        .collect()
}
