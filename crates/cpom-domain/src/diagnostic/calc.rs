//! Ce qui se calcule du diagnostic pour les écrans et les documents : axes applicables et
//! avancement, ratios 2-D, années et totaux du diagnostic financier, totaux Creton.

use chrono::Datelike;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::diagnostic::catalogue;
use crate::diagnostic::catalogue::Axe;
use crate::diagnostic::catalogue::NiveauAxe;
use crate::diagnostic::catalogue::{AxeActif, axes_actifs, catalogue_by_id, secteur_esms};
use crate::dossier::Dossier;
use crate::dossier::diagnostic::Creton;
use crate::dossier::diagnostic::MODES;
use crate::dossier::diagnostic::ORIENTATIONS;
use crate::dossier::diagnostic::Reponse;
use crate::dossier::diagnostic::UniteRatio;
use crate::dossier::diagnostic::{AnnexeIndicateur, IndicateurComplementaire};
use crate::dossier::perimetre::Esms;
use crate::kernel::format;
use crate::kernel::nomenclature::{Competence, Secteur};
use std::collections::BTreeMap;
use std::collections::HashMap;
/// Les ESMS (ou l'organisme) qui répondent aux questions d'un axe : les ESMS du périmètre du
/// secteur de l'axe (axes par ESMS) — et, pour un catalogue réservé à certains secteurs
/// (`secteurs` non vide), de ces secteurs —, sinon l'organisme seul (`None`).
pub fn scopes<'a>(
    d: &'a Dossier,
    axe: &catalogue::Axe,
    secteurs: &[Secteur],
) -> Vec<Option<&'a Esms>> {
    match axe.niveau {
        NiveauAxe::Og => vec![None],
        NiveauAxe::Esms => d
            .perimetre()
            .filter(|e| {
                axe.secteur.is_none() || crate::perimetre::regime::secteur(e) == axe.secteur
            })
            .filter(|e| secteurs.is_empty() || secteurs.contains(&secteur_esms(e)))
            .filter(|e| {
                axe.categories.is_empty()
                    || e.categorie
                        .as_deref()
                        .is_some_and(|c| axe.categories.iter().any(|x| x == c))
            })
            .map(Some)
            .collect(),
    }
}

/// Les ESMS pour lesquels l'OG saisit lui-même les indicateurs FLASH : ceux de compétence
/// exclusive du département (guide PdL L565-L566).
pub fn flash_saisie_og(d: &Dossier) -> Vec<Uuid> {
    d.perimetre()
        .filter(|e| e.competence == Some(Competence::Cd))
        .map(|e| e.id)
        .collect()
}

/// L'avancement d'un ESMS (ou de l'organisme) dans un axe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PorteeAxe {
    pub esms: Option<Uuid>,
    pub libelle: String,
    pub repondues: u32,
    pub total: u32,
}

/// Un axe du catalogue pour ce dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AxeCalcule {
    pub axe: String,
    pub code: String,
    pub titre: String,
    /// Faux pour un axe de secteur sans ESMS de ce secteur au périmètre (non affiché).
    pub applicable: bool,
    pub portees: Vec<PorteeAxe>,
}

/// Ce que l'interface affiche du diagnostic en plus des données saisies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiagnosticCalcule {
    pub catalogue_id: String,
    pub catalogue_version: u32,
    pub axes: Vec<AxeCalcule>,
    /// Ratios de l'annexe 2-D, dans l'ordre des indicateurs.
    pub ratios: Vec<RatioCalcule>,
    pub finances: TotauxFinanciers,
    pub creton: TotauxCreton,
    /// ESMS dont l'OG saisit les indicateurs FLASH.
    pub flash_saisie_og: Vec<Uuid>,
}

/// Calcule les vues du diagnostic.
pub fn calcul(d: &Dossier) -> DiagnosticCalcule {
    let first = d
        .pack()
        .diagnostic
        .catalogues
        .first()
        .and_then(|r| catalogue_by_id(&r.id));
    let answers = answer_index(d);
    let axes = axes_actifs(d)
        .into_iter()
        .map(|AxeActif { axe, secteurs }| {
            let portees: Vec<PorteeAxe> = scopes(d, axe, secteurs)
                .into_iter()
                .map(|e| {
                    let id = e.map(|e| e.id);
                    let (done, total) = axis_progress(axe, id, &answers);
                    PorteeAxe {
                        esms: id,
                        libelle: e
                            .map_or_else(|| d.organisme.raison_sociale.clone(), |e| e.nom.clone()),
                        repondues: done,
                        total,
                    }
                })
                .collect();
            AxeCalcule {
                axe: axe.id.clone(),
                code: axe.code.clone(),
                titre: axe.titre.clone(),
                applicable: !portees.is_empty(),
                portees,
            }
        })
        .collect();
    DiagnosticCalcule {
        catalogue_id: first.map(|c| c.data.id.clone()).unwrap_or_default(),
        catalogue_version: first.map_or(0, |c| c.data.version),
        axes,
        ratios: d.diagnostic.complementaires.iter().map(ratio).collect(),
        finances: totaux_financiers(d),
        creton: totaux_creton(d),
        flash_saisie_og: flash_saisie_og(d),
    }
}

/// Le ratio calculé d'un indicateur complémentaire, avec sa formule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RatioCalcule {
    pub id: Uuid,
    /// Pourcentage arrondi à 2 décimales, ou ratio arrondi à 4 décimales (exacts avant arrondi).
    #[ts(type = "string | null")]
    pub valeur: Option<Decimal>,
    /// « 25,00 % » ou « 0,2500 ».
    pub affichage: Option<String>,
    /// « Jeunes scolarisés / Jeunes accompagnés × 100 ».
    pub formule: String,
    /// « 12 / 48 × 100 = 25,00 % ».
    pub calcul: Option<String>,
    /// Pourquoi le ratio ne se calcule pas.
    pub probleme: Option<String>,
}

fn name(s: &str, default: &str) -> String {
    if s.trim().is_empty() {
        default.into()
    } else {
        s.trim().into()
    }
}

/// Calcule le ratio (division exacte, arrondi au demi supérieur à l'affichage).
pub fn ratio(i: &IndicateurComplementaire) -> RatioCalcule {
    let pct = i.unite == UniteRatio::Pourcentage;
    let factor = if pct { " × 100" } else { "" };
    let formule = format!(
        "{} / {}{factor}",
        name(&i.numerateur_libelle, "Numérateur"),
        name(&i.denominateur_libelle, "Dénominateur")
    );
    let mut out = RatioCalcule {
        id: i.id,
        valeur: None,
        affichage: None,
        formule,
        calcul: None,
        probleme: None,
    };
    match (i.numerateur, i.denominateur) {
        (Some(n), Some(d)) if d.is_zero() => {
            out.probleme = Some(format!(
                "Dénominateur nul : {} / 0 ne se calcule pas.",
                format::decimal_trim(n)
            ));
        }
        (Some(n), Some(d)) => {
            let (v, shown) = if pct {
                let mut v = (n * Decimal::ONE_HUNDRED / d)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                v.rescale(2);
                (v, format::percent(v, 2))
            } else {
                let mut v =
                    (n / d).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
                v.rescale(4);
                (v, format::decimal(v, 4))
            };
            out.calcul = Some(format!(
                "{} / {}{factor} = {shown}",
                format::decimal_trim(n),
                format::decimal_trim(d)
            ));
            out.valeur = Some(v);
            out.affichage = Some(shown);
        }
        _ => out.probleme = Some("Numérateur et dénominateur à renseigner.".into()),
    }
    out
}

/// Les années des tableaux.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnneesFinancieres {
    /// N, l'année de négociation.
    pub negociation: Option<i32>,
    /// N-3, N-2, N-1.
    pub retrospectives: Vec<i32>,
    pub n_moins_1: Option<i32>,
    /// Les 5 années du contrat (départs en retraite).
    pub retraites: Vec<i32>,
}

/// Les années des tableaux financiers du dossier.
pub fn annees(d: &Dossier) -> AnneesFinancieres {
    let effet = d.cpom.date_effet.map(|x| x.year());
    let n = d
        .diagnostic
        .finances
        .annee_negociation
        .or(effet.map(|y| y - 1));
    let first_contract_year = effet.or(n.map(|y| y + 1));
    AnneesFinancieres {
        negociation: n,
        retrospectives: n.map(|n| vec![n - 3, n - 2, n - 1]).unwrap_or_default(),
        n_moins_1: n.map(|n| n - 1),
        retraites: first_contract_year
            .map(|y| (y..y + 5).collect())
            .unwrap_or_default(),
    }
}

/// Les autorités de tarification du périmètre (« ars », « cd »).
pub fn autorites_concernees(d: &Dossier) -> Vec<&'static str> {
    let mut out = Vec::new();
    if d.perimetre()
        .any(|e| e.competence.is_some_and(|c| c.involves_ars()))
    {
        out.push("ars");
    }
    if d.perimetre()
        .any(|e| e.competence.is_some_and(|c| c.involves_cd()))
    {
        out.push("cd");
    }
    out
}

/// Une année et l'évolution par rapport à la précédente.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Evolution {
    pub annee: i32,
    #[ts(type = "string")]
    pub montant: Decimal,
    /// En %, arrondie à 2 décimales ; absente la première année ou si l'année précédente vaut 0.
    #[ts(type = "string | null")]
    pub evolution_pct: Option<Decimal>,
}

/// Les totaux exacts de l'annexe 2-E.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TotauxFinanciers {
    pub annees: AnneesFinancieres,
    pub autorites: Vec<String>,
    /// Résultats cumulés sur N-3..N-1 par autorité.
    #[ts(type = "Record<string, string>")]
    pub resultats_cumules: BTreeMap<String, Decimal>,
    /// Somme des autorités, par année.
    #[ts(type = "Record<string, string>")]
    pub resultats_par_annee: BTreeMap<i32, Decimal>,
    #[ts(type = "string")]
    pub resultats_total: Decimal,
    #[ts(type = "Record<string, string>")]
    pub reserves_par_autorite: BTreeMap<String, Decimal>,
    #[ts(type = "Record<string, string>")]
    pub reserves_par_nature: BTreeMap<String, Decimal>,
    #[ts(type = "string")]
    pub reserves_total: Decimal,
    #[ts(type = "Record<string, number>")]
    pub retraites_par_annee: BTreeMap<i32, u32>,
    #[ts(type = "Record<string, number>")]
    pub retraites_par_categorie: BTreeMap<String, u32>,
    pub retraites_total: u32,
    #[ts(type = "string")]
    pub provisions_retraite_total: Decimal,
    #[ts(type = "Record<string, string>")]
    pub effectifs_par_categorie_pro: BTreeMap<String, Decimal>,
    #[ts(type = "Record<string, string>")]
    pub effectifs_par_categorie_esms: BTreeMap<String, Decimal>,
    #[ts(type = "string")]
    pub effectifs_total: Decimal,
    pub frais_siege: Vec<Evolution>,
}

/// Calcule les totaux (sommes exactes) du diagnostic financier.
pub fn totaux_financiers(d: &Dossier) -> TotauxFinanciers {
    let f = &d.diagnostic.finances;
    let a = annees(d);
    let years = &a.retrospectives;
    let in_window = |y: &i32| years.is_empty() || years.contains(y);
    let mut resultats_cumules = BTreeMap::new();
    let mut resultats_par_annee: BTreeMap<i32, Decimal> = BTreeMap::new();
    for (aut, by_year) in &f.resultats {
        let mut sum = Decimal::ZERO;
        for (y, v) in by_year.iter().filter(|(y, _)| in_window(y)) {
            sum += v;
            *resultats_par_annee.entry(*y).or_default() += v;
        }
        resultats_cumules.insert(aut.clone(), sum);
    }
    let mut reserves_par_autorite: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut reserves_par_nature = BTreeMap::new();
    for (nature, by_aut) in &f.reserves {
        reserves_par_nature.insert(nature.clone(), by_aut.values().sum());
        for (aut, v) in by_aut {
            *reserves_par_autorite.entry(aut.clone()).or_default() += v;
        }
    }
    let mut retraites_par_annee: BTreeMap<i32, u32> = BTreeMap::new();
    let mut retraites_par_categorie = BTreeMap::new();
    for (cat, by_year) in &f.retraites {
        retraites_par_categorie.insert(cat.clone(), by_year.values().sum());
        for (y, n) in by_year {
            *retraites_par_annee.entry(*y).or_default() += n;
        }
    }
    let mut effectifs_par_categorie_pro = BTreeMap::new();
    let mut effectifs_par_categorie_esms: BTreeMap<String, Decimal> = BTreeMap::new();
    for (pro, by_cat) in &f.effectifs {
        effectifs_par_categorie_pro.insert(pro.clone(), by_cat.values().sum());
        for (cat, v) in by_cat {
            *effectifs_par_categorie_esms.entry(cat.clone()).or_default() += v;
        }
    }
    let mut frais_siege = Vec::new();
    let mut prev: Option<Decimal> = None;
    for (y, m) in &f.frais_siege {
        let evolution_pct = prev.filter(|p| !p.is_zero()).map(|p| {
            ((m - p) * Decimal::ONE_HUNDRED / p)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        });
        frais_siege.push(Evolution {
            annee: *y,
            montant: *m,
            evolution_pct,
        });
        prev = Some(*m);
    }
    TotauxFinanciers {
        autorites: autorites_concernees(d)
            .into_iter()
            .map(str::to_string)
            .collect(),
        resultats_total: resultats_cumules.values().sum(),
        resultats_cumules,
        resultats_par_annee,
        reserves_total: reserves_par_autorite.values().sum(),
        reserves_par_autorite,
        reserves_par_nature,
        retraites_total: retraites_par_annee.values().sum(),
        retraites_par_annee,
        retraites_par_categorie,
        provisions_retraite_total: f.provisions_retraite.values().sum(),
        effectifs_total: effectifs_par_categorie_pro.values().sum(),
        effectifs_par_categorie_pro,
        effectifs_par_categorie_esms,
        frais_siege,
        annees: a,
    }
}

/// Les totaux de l'annexe 2-F.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TotauxCreton {
    /// Total par ESMS (identifiant de l'enregistrement → total).
    #[ts(type = "Record<string, number>")]
    pub par_enregistrement: BTreeMap<Uuid, u32>,
    /// Par mode d'accueil puis orientation.
    #[ts(type = "Record<string, Record<string, number>>")]
    pub par_mode: BTreeMap<String, BTreeMap<String, u32>>,
    #[ts(type = "Record<string, number>")]
    pub par_orientation: BTreeMap<String, u32>,
    pub total: u32,
}

/// Totaux sur les ESMS du périmètre.
pub fn totaux_creton(d: &Dossier) -> TotauxCreton {
    let inside = |c: &&Creton| c.esms.is_some_and(|id| d.perimetre().any(|e| e.id == id));
    let rows: Vec<&Creton> = d.diagnostic.creton.iter().filter(inside).collect();
    let mut par_mode: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut par_orientation: BTreeMap<String, u32> = BTreeMap::new();
    for c in &rows {
        for (m, _) in MODES {
            let line = c.mode(m).copied().unwrap_or_default();
            for (o, _) in ORIENTATIONS {
                *par_mode
                    .entry(m.to_string())
                    .or_default()
                    .entry(o.to_string())
                    .or_default() += line.get(o);
                *par_orientation.entry(o.to_string()).or_default() += line.get(o);
            }
        }
    }
    TotauxCreton {
        par_enregistrement: rows.iter().map(|c| (c.id, c.total())).collect(),
        total: par_orientation.values().sum(),
        par_mode,
        par_orientation,
    }
}

/// Réponses indexées par (question, ESMS).
pub type AnswerIndex<'a> = HashMap<(&'a str, Option<Uuid>), &'a Reponse>;

pub fn answer_index(d: &Dossier) -> AnswerIndex<'_> {
    d.diagnostic
        .reponses
        .iter()
        .map(|r| ((r.question.as_str(), r.esms), r))
        .collect()
}

/// Questions répondues et total d'un axe pour un ESMS (ou l'organisme).
pub fn axis_progress(axe: &Axe, esms: Option<Uuid>, idx: &AnswerIndex<'_>) -> (u32, u32) {
    let mut done = 0;
    let mut total = 0;
    for q in axe.themes.iter().flat_map(|t| &t.questions) {
        total += 1;
        if idx
            .get(&(q.id.as_str(), esms))
            .is_some_and(|r| r.answered())
        {
            done += 1;
        }
    }
    (done, total)
}

/// L'ESMS `id` est-il au périmètre ?
pub fn in_perimetre(d: &Dossier, id: Option<Uuid>) -> bool {
    id.is_some_and(|id| d.perimetre().any(|e| e.id == id))
}

/// Des valeurs d'indicateurs de cette annexe sont-elles saisies (pour le périmètre) ?
pub fn has_indicateurs(d: &Dossier, annexe: AnnexeIndicateur) -> bool {
    d.diagnostic
        .indicateurs
        .iter()
        .any(|i| i.annexe == annexe && (i.esms.is_none() || in_perimetre(d, i.esms)))
}

/// Des éléments du diagnostic financier sont-ils saisis ?
pub fn has_finances(d: &Dossier) -> bool {
    let f = &d.diagnostic.finances;
    !(f.resultats.is_empty()
        && f.reserves.is_empty()
        && f.indicateurs.is_empty()
        && f.retraites.is_empty()
        && f.provisions_retraite.is_empty()
        && f.effectifs.is_empty()
        && f.frais_siege.is_empty())
}

/// Des jeunes adultes en amendement Creton sont-ils saisis pour un ESMS du périmètre ?
pub fn has_creton(d: &Dossier) -> bool {
    d.diagnostic.creton.iter().any(|c| in_perimetre(d, c.esms))
}
