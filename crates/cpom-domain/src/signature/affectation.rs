//! Les garde-fous de l'affectation des résultats, d'après le CASF et l'instruction DGCS
//! (seed 000, V13 à V18), qui s'imposent partout, et la « procédure d'aide à la décision »
//! annexée au guide ARS Pays de la Loire (seed 002, L741-L909), qui propose des « principes
//! communs qui pourront guider » (L743) : ses principes ne sont que des avertissements, sous
//! le pack Pays de la Loire seulement (règle régionale « procedure-affectation »).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | V13 : clause ou prévisionnel d'affectation renseigné | erreur | seed 000 L291-L295, L1211-L1212 |
//! | A-PRIORITE : les déficits antérieurs sont apurés en premier | erreur | CASF R. 314-43 (rappelé par seed 002 L784-L790) |
//! | A-ORDRE : l'ordre convenu commence par l'apurement | erreur | CASF R. 314-43 |
//! | A-TOTAL : on n'affecte pas plus que le résultat | erreur | cohérence du dossier |
//! | A-DEFICIT : pas d'affectation d'un résultat déficitaire | erreur | CASF R. 314-43 |
//! | A-TRESORERIE : réserve de trésorerie dans la limite du BFR, lu au PGFP de l'année | erreur (avertissement sans BFR) | CASF R. 314-48 ; seed 000 L651-L664 (le PGFP retrace le BFR) ; seed 002 L859-L872 |
//! | V16 : affectation entre ESMS réservée aux gestionnaires privés | erreur | seed 000 L1292-L1300 |
//! | V18 : étanchéité PA / PH, sauf projet de parcours justifié | erreur (avertissement si justifié) | seed 000 L1223-L1224 ; seed 002 L768-L770 |
//! | A-RESTE : résultat excédentaire non entièrement affecté | avertissement (pack PdL) | seed 002 L746-L752 |
//! | A-REPORT : report à nouveau au-delà d'un nombre d'années réglable (2 par défaut, inférence : le guide dit « à limiter dans le temps ») | avertissement (pack PdL) | seed 002 L792-L797 |
//! | A-INVEST : investissement avec l'accord des deux autorités | avertissement (pack PdL) | seed 002 L803-L829 |
//! | A-COMPENSATION : réserve de compensation < 5 % de la base budgétaire | avertissement (pack PdL) | seed 002 L846-L858 |
//! | A-DEPARTEMENTS : affectation croisée entre départements, au cas par cas | avertissement (pack PdL) | seed 002 L764-L766 |
//! | A-ANNEE : année d'affectation dans la période du contrat | avertissement (pack PdL) | seed 002 L724-L726 (« sur les 5 années du contrat ») |
//!
//! Non codées (hors du périmètre PH de l'exemple, signalées dans la note) : V14, V15 et V17
//! (EHPAD, PUV et établissements relevant de l'article L. 342-1).

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::dossier::Dossier;
use crate::dossier::perimetre::Esms;
use crate::dossier::signature::*;
use crate::kernel::format::amount;
use crate::kernel::issue::Collector;
use crate::kernel::nomenclature::Secteur;
use crate::perimetre::calc::derived;

const PROC: &str = "pdl L746-L752";

fn p(a: &Affectation, field: &str) -> String {
    format!("signature.affectations.{}.{field}", a.id)
}

fn label(d: &Dossier, a: &Affectation) -> String {
    let year = a
        .annee
        .map_or("année à préciser".to_string(), |y| y.to_string());
    match a.esms.and_then(|id| esms(d, id)) {
        Some(e) => format!("Affectation {year} ({})", e.nom),
        None => format!("Affectation {year} (résultat consolidé)"),
    }
}

fn esms(d: &Dossier, id: uuid::Uuid) -> Option<&Esms> {
    d.esms.iter().find(|e| e.id == id)
}

/// Base budgétaire d'un ESMS : total des dépenses de son budget de référence (ou de tous
/// les ESMS pour une ligne consolidée).
fn base_budgetaire(d: &Dossier, a: &Affectation) -> Option<Decimal> {
    let budgets = d.signature.budgets.iter().filter(|b| match a.esms {
        Some(id) => b.esms == id,
        None => true,
    });
    let total: Decimal = budgets.map(|b| b.depenses.total()).sum();
    (!total.is_zero()).then_some(total)
}

pub fn check(d: &Dossier, c: &mut Collector) {
    let s = &d.signature;
    if s.affectations.is_empty() && s.moyens.clause_affectation.trim().is_empty() {
        c.error(
            "V13",
            "signature.moyens.clause_affectation",
            "Les modalités d'affectation des résultats ne sont pas renseignées (clause ou prévisionnel sur les 5 ans).",
            "dgcs L291-L295, L1211-L1212",
        );
    }
    if let Some(first) = s.moyens.ordre_affectation.first()
        && *first != ModaliteAffectation::ApurementDeficits
        && s.moyens
            .ordre_affectation
            .contains(&ModaliteAffectation::ApurementDeficits)
    {
        c.error(
            "A-ORDRE",
            "signature.moyens.ordre_affectation",
            "L'apurement des déficits antérieurs vient en premier dans l'ordre des affectations : c'est la priorité fixée par le CASF.",
            "casf art. R. 314-43 ; pdl L783-L790",
        );
    }
    for a in &s.affectations {
        check_line(d, a, c);
    }
    if d.pack().a("procedure-affectation") {
        check_report_duration(d, c);
    }
}

fn check_line(d: &Dossier, a: &Affectation, c: &mut Collector) {
    let who = label(d, a);
    let guide = d.pack().a("procedure-affectation");
    if let (Some(y), Some(effet)) = (a.annee, d.cpom.date_effet)
        && guide
    {
        let last = effet.year() + i32::from(d.cpom.duree_annees) - 1;
        if y < effet.year() - 1 || y > last {
            c.warn(
                "A-ANNEE",
                p(a, "annee"),
                format!(
                    "{who} : l'année {y} est hors du contrat ({} à {last}).",
                    effet.year()
                ),
                "pdl L724-L726",
            );
        }
    }
    let resultat = a.resultat.unwrap_or_default();
    let total = a.total_affecte();
    if resultat <= Decimal::ZERO {
        if !total.is_zero() {
            c.error(
                "A-DEFICIT",
                p(a, "resultat"),
                format!(
                    "{who} : un résultat nul ou déficitaire ne s'affecte pas ({} affectés).",
                    amount(total)
                ),
                "casf art. R. 314-43",
            );
        }
        return;
    }
    if total > resultat {
        c.error(
            "A-TOTAL",
            p(a, "resultat"),
            format!(
                "{who} : {} affectés pour un résultat de {} (dépassement de {}).",
                amount(total),
                amount(resultat),
                amount(total - resultat)
            ),
            "coherence",
        );
    } else if total < resultat && guide {
        c.warn(
            "A-RESTE",
            p(a, "resultat"),
            format!(
                "{who} : {} du résultat ne sont pas affectés.",
                amount(resultat - total)
            ),
            PROC,
        );
    }
    check_priority(a, &who, resultat, c);
    if guide {
        check_investment(d, a, &who, c);
    }
    check_reserves(d, a, &who, c);
    check_cross(d, a, &who, c);
}

fn check_priority(a: &Affectation, who: &str, resultat: Decimal, c: &mut Collector) {
    let deficits = a.deficits_anterieurs.unwrap_or_default();
    if deficits.is_zero() {
        return;
    }
    let due = deficits.min(resultat);
    let apure = a.apurement_deficits.unwrap_or_default();
    let others = a.total_affecte() - apure;
    if apure < due && !others.is_zero() {
        c.error(
            "A-PRIORITE",
            p(a, "apurement_deficits"),
            format!(
                "{who} : {} de déficits antérieurs restent à apurer ; l'apurement passe avant toute autre affectation ({} attendus, {} prévus).",
                amount(deficits),
                amount(due),
                amount(apure)
            ),
            "casf art. R. 314-43 ; pdl L783-L790",
        );
    }
}

fn check_investment(d: &Dossier, a: &Affectation, who: &str, c: &mut Collector) {
    if a.investissement.unwrap_or_default().is_zero() {
        return;
    }
    let tripartite = derived(d).signe(crate::perimetre::calc::PartieKind::Cd);
    let missing = !a.accord_ars_investissement || (tripartite && !a.accord_cd_investissement);
    if missing {
        c.warn(
            "A-INVEST",
            p(a, "accord_ars_investissement"),
            format!("{who} : l'affectation à l'investissement suppose l'accord des autorités de tarification ; enregistrez-le ou affectez en report à nouveau en attendant leur arbitrage."),
            "pdl L803-L829",
        );
    }
}

fn check_reserves(d: &Dossier, a: &Affectation, who: &str, c: &mut Collector) {
    let compensation = a.reserve_compensation.unwrap_or_default();
    if !compensation.is_zero()
        && d.pack().a("procedure-affectation")
        && let Some(base) = base_budgetaire(d, a)
    {
        let after = compensation + a.reserve_compensation_existante.unwrap_or_default();
        let limit = base * Decimal::new(5, 2);
        if after >= limit {
            c.warn(
                "A-COMPENSATION",
                p(a, "reserve_compensation"),
                format!(
                    "{who} : la réserve de compensation atteindrait {} pour une base budgétaire de {} ; le guide la limite à moins de 5 % ({}), sauf affectation transitoire dans l'attente d'un projet d'investissement.",
                    amount(after),
                    amount(base),
                    amount(limit.round_dp(2))
                ),
                "pdl L846-L858",
            );
        }
    }
    let tresorerie = a.reserve_tresorerie.unwrap_or_default();
    if tresorerie.is_zero() {
        return;
    }
    let src = "casf art. R. 314-48 ; dgcs L651-L664 ; pdl L859-L872";
    // Le BFR de l'année, lu au PGFP ; à défaut celui saisi sur la ligne (dossiers antérieurs).
    let pgfp = a.annee.and_then(|y| d.signature.pgfp.valeur("bfr", y));
    let year = a
        .annee
        .map_or_else(|| "de l'année".to_string(), |y| y.to_string());
    match pgfp.or(a.bfr) {
        None => c.warn(
            "A-TRESORERIE",
            format!("signature.pgfp.lignes.bfr.{}", a.annee.unwrap_or_default()),
            format!("{who} : une réserve de trésorerie se justifie par une analyse du besoin en fonds de roulement ; renseignez le BFR {year} au plan global de financement pluriannuel (PGFP)."),
            src,
        ),
        Some(bfr) if tresorerie > bfr => c.error(
            "A-TRESORERIE",
            p(a, "reserve_tresorerie"),
            format!(
                "{who} : la réserve de trésorerie ({}) dépasse le besoin en fonds de roulement {} ({}{}).",
                amount(tresorerie),
                year,
                amount(bfr),
                if pgfp.is_some() { ", PGFP" } else { "" }
            ),
            src,
        ),
        Some(_) => {}
    }
}

fn check_cross(d: &Dossier, a: &Affectation, who: &str, c: &mut Collector) {
    let (Some(from), Some(to)) = (a.esms, a.esms_beneficiaire) else {
        return;
    };
    if from == to {
        return;
    }
    if !d.organisme.statut_juridique.is_some_and(|s| s.is_private()) {
        c.error(
            "V16",
            p(a, "esms_beneficiaire"),
            format!("{who} : l'affectation d'un résultat à un autre ESMS n'est ouverte qu'aux gestionnaires privés (art. R. 314-235 du CASF)."),
            "dgcs L1292-L1300",
        );
    }
    let (Some(x), Some(y)) = (esms(d, from), esms(d, to)) else {
        return;
    };
    if x.departement != y.departement && d.pack().a("procedure-affectation") {
        c.warn(
            "A-DEPARTEMENTS",
            p(a, "esms_beneficiaire"),
            format!("{who} : affectation croisée entre ESMS de départements différents, à régler au cas par cas avec les autorités."),
            "pdl L764-L766",
        );
    }
    let pa = |e: &Esms| e.secteur == Some(Secteur::PersonnesAgees);
    if pa(x) != pa(y) {
        let src = "dgcs L1223-L1224 ; pdl L768-L770";
        if a.justification.trim().is_empty() {
            c.error(
                "V18",
                p(a, "justification"),
                format!("{who} : pas de transfert entre les activités personnes âgées et personnes handicapées, sauf projet facilitant le parcours (à justifier)."),
                src,
            );
        } else {
            c.warn(
                "V18",
                p(a, "justification"),
                format!("{who} : affectation croisée PA / PH justifiée par un projet de parcours ; à valider au cas par cas."),
                src,
            );
        }
    }
}

/// Le report à nouveau est « une affectation transitoire à limiter dans le temps » (guide PdL,
/// seed 002 L795) : au-delà d'un nombre d'années réglable pour un même ESMS (2 par défaut,
/// une inférence que le guide ne chiffre pas), alerter.
fn check_report_duration(d: &Dossier, c: &mut Collector) {
    let max = usize::from(d.signature.moyens.report_max_annees());
    let mut by_esms: Vec<(Option<uuid::Uuid>, Vec<&Affectation>)> = Vec::new();
    for a in d
        .signature
        .affectations
        .iter()
        .filter(|a| !a.report_a_nouveau.unwrap_or_default().is_zero())
    {
        match by_esms.iter_mut().find(|(k, _)| *k == a.esms) {
            Some((_, v)) => v.push(a),
            None => by_esms.push((a.esms, vec![a])),
        }
    }
    for (_, lines) in by_esms.into_iter().filter(|(_, v)| v.len() > max) {
        let last = lines[lines.len() - 1];
        c.warn(
            "A-REPORT",
            p(last, "report_a_nouveau"),
            format!(
                "{} : report à nouveau prévu {} années ; c'est une affectation transitoire, à limiter dans le temps (alerte au-delà de {max} années : seuil réglable).",
                label(d, last),
                lines.len()
            ),
            "pdl L792-L797 ; inference : le guide ne fixe pas de durée ; le seuil est un réglage du dossier",
        );
    }
}
