//! Règles de l'étape Objectifs, chacune avec sa source.
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | O-MINIMUM : les six objectifs minimum du guide PdL | erreur, pack Pays de la Loire seulement | guide ARS PdL (seed 002) L645-L647, L682-L712 |
//! | O-TITRE : intitulé de chaque fiche | erreur | fiche du pack (PdL seed 002 L648-L681 ; PACA seed 001 L1171-L1241 ; ANAP seed 004 L1634-L1639) |
//! | O-AXE : axe stratégique de chaque fiche | erreur, pack Pays de la Loire seulement | seed 002 L641-L642 (« regroupés selon les 3 axes ») |
//! | V27 : au moins un indicateur, un périmètre (propre : ESMS listés) | erreur | instruction DGCS (seed 000) L639-L641 |
//! | V27-INDIC : mode de calcul, valeur de départ, cible finale | erreur | seed 000 L639-L641 ; seed 002 L674-L677 |
//! | O-MI-PARCOURS : cible à mi-parcours | avertissement, packs PdL et PACA | seed 002 L674-L677 ; seed 001 L519-L520 |
//! | V30 : autorité(s) engagée(s) ; un objectif de compétence unique n'engage que cette autorité | erreur, CPOM unique seulement | seed 000 L834-L839 |
//! | O-PERIODE : une action se tient dans la période du CPOM | avertissement (cohérence ; le guide ne l'impose pas) | seed 002 L669-L672 (début et fin de l'action) |
//! | O-DATES : action sans calendrier | avertissement | seed 002 L669-L672 ; ANAP (seed 004) L1638 |
//! | V28 : nombre d'objectifs élevé (seuil réglable) | avertissement | seed 000 L1380-L1387 ; seed 002 L641 ; seed 004 L1641 |
//! | O-ANNEE1 : la plupart des actions démarrent en année 1 | avertissement (seuil réglable, inférence) | seed 004 L604, L672-L674 (échelonner, lisser sur plusieurs années) |
//! | O-SOURCE : indicateur sans source | avertissement | seed 000 L1382-L1385 ; seed 002 L674 (indicateurs « issus prioritairement du diagnostic ») |
//! | V29 : objectif qui reprend une norme réglementaire | avertissement | seed 000 L1389-L1402 |
//! | O-PARTENAIRE : action dépendant d'un partenaire sans partenaire | avertissement | seed 002 L669-L671 |
//! | O-CONSTAT : objectif sans lien avec le diagnostic | avertissement | seed 000 L600-L604 (le diagnostic, élément fondateur dont découlent les objectifs) ; arrêté, art. 3 |
//! | O-STATUT : objectif pas encore retenu | avertissement | seed 004 L1673 (négociation) |
//! | O-ORPHELIN : action ou indicateur sans fiche | erreur | cohérence du dossier |

use crate::kernel::hash::FastSet;
use crate::objectifs::calc::Perimetre;
use std::sync::LazyLock;

use uuid::Uuid;

use chrono::{Datelike, NaiveDate};

use crate::dossier::Dossier;
use crate::dossier::objectifs::*;
use crate::kernel::format::date_long as fr_date;
use crate::kernel::issue::Collector;
use crate::kernel::progress::CompletionItem;
use crate::objectifs::calc::coverage;
use crate::perimetre::calc::date_echeance;

const PDL: &str = "pdl L645-L647, L682-L712";
const V27: &str = "dgcs L639-L641";
const V28: &str = "dgcs L1380-L1387 ; pdl L641 ; anap L1641";
const V29: &str = "dgcs L1389-L1402";
const V30: &str = "dgcs L837-L839";

/// La fiche-objectif du pack : celle du guide PdL, la fiche action PACA, sinon la fiche
/// action du guide ANAP.
fn fiche(d: &Dossier) -> &'static str {
    match d.pack().id.as_str() {
        "pdl" => "pdl L648-L681",
        "paca" => "paca L1171-L1241",
        _ => "anap L1634-L1639",
    }
}

const NORMES: &str = include_str!("../../../../assets/reference/normes-reglementaires.csv");
static NORMES_LIST: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    crate::kernel::reference::data_lines(NORMES)
        .filter(|f| f.len() >= 2)
        .map(|f| (f[0].trim().to_lowercase(), f[1].trim().to_string()))
        .collect()
});

fn path(o: &Objectif, field: &str) -> String {
    format!("objectifs.objectifs.{}.{field}", o.id)
}

fn name(par: &ParFiche<'_>, o: &Objectif) -> String {
    let n = par.numero(o.id).unwrap_or(0);
    if o.titre.is_empty() {
        format!("Objectif {n}")
    } else {
        format!("Objectif {n} « {} »", o.titre)
    }
}

/// Début et fin du contrat.
fn periode(d: &Dossier) -> Option<(NaiveDate, NaiveDate)> {
    let effet = d.cpom.date_effet?;
    Some((effet, date_echeance(effet, d.cpom.duree_annees)?))
}

/// La norme qu'un objectif semble se borner à reprendre.
pub fn norme_reprise(o: &Objectif) -> Option<&'static str> {
    let text = format!("{} {}", o.titre, o.objectif_operationnel).to_lowercase();
    NORMES_LIST
        .iter()
        .find(|(expr, _)| text.contains(expr.as_str()))
        .map(|(_, norme)| norme.as_str())
}

/// Coût : linéaire en nombre de fiches, actions, indicateurs et ESMS (actions et
/// indicateurs rangés par fiche une fois, ESMS du périmètre dans un ensemble haché).
pub fn check(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    let _ = today;
    let obj = &d.objectifs;
    if obj.objectifs.is_empty() {
        return;
    }
    let par = obj.par_fiche();
    let perimetre: FastSet<Uuid> = d.perimetre().map(|e| e.id).collect();
    let esms = Perimetre::new(d);
    // Compétences de tout le périmètre (fiches partagées), calculées une fois.
    let tous = competences(d.perimetre());
    check_minimums(d, c);
    crate::objectifs::ehpad::check(d, c);
    check_count(d, c);
    for o in obj.actifs() {
        check_fiche(d, &par, &perimetre, (&esms, tous), o, c);
        check_indicateurs(d, &par, o, c);
        check_actions(d, &par, o, c);
    }
    check_calendar_spread(d, &par, c);
    check_orphans(d, &par, c);
}

fn check_minimums(d: &Dossier, c: &mut Collector) {
    // Les six objectifs minimum sont ceux du CPOM PH du guide PdL : ils ne s'appliquent que
    // sous son pack, et pas sans ESMS pour personnes handicapées au périmètre (le CPOM
    // « EHPAD » a ses thématiques : `ehpad.rs`).
    if !d.pack().a("objectifs-minimum") || !crate::perimetre::regime::enveloppes(d).1 {
        return;
    }
    for m in coverage(d).iter().filter(|m| m.objectifs.is_empty()) {
        let msg = format!(
            "Il manque un objectif « {} » (axe {}) parmi les six objectifs minimum du CPOM.",
            m.minimum.label(),
            m.minimum.axe().number()
        );
        c.missing("O-MINIMUM", "objectifs.couverture", msg, PDL);
    }
}

fn check_count(d: &Dossier, c: &mut Collector) {
    let seuil = d.objectifs.reglages.seuil_objectifs();
    let n = d.objectifs.actifs().count() as u32;
    if n > seuil {
        c.warn(
            "V28",
            "objectifs.reglages.seuil_objectifs",
            format!(
                "{n} objectifs : au-delà de {seuil}, le suivi du contrat devient lourd ; les sources demandent un nombre limité d'objectifs."
            ),
            V28,
        );
    }
}

fn check_fiche(
    d: &Dossier,
    par: &ParFiche<'_>,
    perimetre: &FastSet<Uuid>,
    autorites: (&Perimetre<'_>, Competences),
    o: &Objectif,
    c: &mut Collector,
) {
    let who = name(par, o);
    if o.titre.trim().is_empty() {
        c.missing(
            "O-TITRE",
            path(o, "titre"),
            format!("{who} : donnez un intitulé à l'objectif."),
            fiche(d),
        );
    }
    if o.axe.is_none() && d.pack().a("axes-strategiques") {
        c.missing(
            "O-AXE",
            path(o, "axe"),
            format!("{who} : rattachez l'objectif à l'un des trois axes stratégiques."),
            "pdl L641-L642",
        );
    }
    check_perimetre(perimetre, o, &who, c);
    // V30 : dans un CPOM unique, chaque autorité ne s'engage que pour les objectifs
    // transversaux et ceux des structures de sa seule compétence.
    if d.cpom.articulation == Some(crate::dossier::perimetre::Articulation::CpomUnique) {
        check_autorites(autorites, o, &who, c);
    }
    if let Some(norme) = norme_reprise(o)
        && !o.impact_pgfp
    {
        c.warn(
            "V29",
            path(o, "titre"),
            format!(
                "{who} semble reprendre une obligation réglementaire ({norme}) : c'est un élément de preuve vérifié avant signature, pas un objectif, sauf effet sur le PGFP."
            ),
            V29,
        );
    }
    if o.constats.is_empty() && o.constats_organisme.trim().is_empty() {
        c.warn(
            "O-CONSTAT",
            path(o, "constats"),
            format!("{who} ne renvoie à aucun constat du diagnostic partagé."),
            "dgcs L600-L604 ; arrete art. 3 « Objectifs stratégiques fixés sur la base du diagnostic partagé »",
        );
    }
    for id in &o.constats {
        if !d.diagnostic.synthese.iter().any(|s| s.id == *id) {
            c.error(
                "O-CONSTAT-LIEN",
                path(o, "constats"),
                format!("{who} renvoie à un élément de synthèse qui n'existe plus."),
                "coherence",
            );
        }
    }
    if o.statut != StatutObjectif::Retenu {
        c.warn(
            "O-STATUT",
            path(o, "statut"),
            format!(
                "{who} est « {} » : il n'est pas encore retenu en négociation.",
                o.statut.label()
            ),
            "anap L1673",
        );
    }
}

fn check_perimetre(perimetre: &FastSet<Uuid>, o: &Objectif, who: &str, c: &mut Collector) {
    if o.portee == PorteeObjectif::Propre && o.esms.is_empty() {
        c.error(
            "V27",
            path(o, "esms"),
            format!(
                "{who} est propre à certains ESMS : indiquez lesquels (ou déclarez-le partagé)."
            ),
            V27,
        );
    }
    for id in &o.esms {
        if !perimetre.contains(id) {
            c.error(
                "V27",
                path(o, "esms"),
                format!("{who} vise un ESMS qui n'est pas dans le périmètre du CPOM."),
                V27,
            );
        }
    }
}

/// Les ESMS ont-ils une compétence renseignée, dont l'ARS, dont le département ?
type Competences = (bool, bool, bool);

fn competences<'a>(esms: impl Iterator<Item = &'a crate::dossier::perimetre::Esms>) -> Competences {
    let competences: Vec<_> = esms.filter_map(|e| e.competence).collect();
    (
        !competences.is_empty(),
        competences.iter().any(|x| x.involves_ars()),
        competences.iter().any(|x| x.involves_cd()),
    )
}

fn check_autorites(
    (perimetre, tous): (&Perimetre<'_>, Competences),
    o: &Objectif,
    who: &str,
    c: &mut Collector,
) {
    let Some(a) = o.autorites else {
        c.missing(
            "V30",
            path(o, "autorites"),
            format!("{who} : indiquez l'autorité ou les autorités qu'il engage (ARS, conseil départemental)."),
            V30,
        );
        return;
    };
    let (any, ars, cd) = match o.portee {
        PorteeObjectif::Partage => tous,
        PorteeObjectif::Propre => competences(perimetre.listes(o).into_iter()),
    };
    if !any {
        return;
    }
    if a.ars() && !ars {
        c.error(
            "V30",
            path(o, "autorites"),
            format!(
                "{who} engage l'ARS alors que ses ESMS relèvent du seul conseil départemental."
            ),
            V30,
        );
    }
    if a.cd() && !cd {
        c.error(
            "V30",
            path(o, "autorites"),
            format!(
                "{who} engage le conseil départemental alors que ses ESMS relèvent de la seule ARS."
            ),
            V30,
        );
    }
}

fn check_indicateurs(d: &Dossier, par: &ParFiche<'_>, o: &Objectif, c: &mut Collector) {
    let who = name(par, o);
    let list = par.indicateurs(o.id);
    if list.is_empty() {
        c.missing(
            "V27",
            format!("objectifs.objectifs.{}.indicateurs", o.id),
            format!("{who} n'a aucun indicateur : il en faut au moins un, avec son mode de calcul, sa valeur de départ et ses cibles."),
            V27,
        );
    }
    for i in list.iter().copied() {
        let p = |f: &str| format!("objectifs.indicateurs.{}.{f}", i.id);
        let label = if i.libelle.is_empty() {
            "un indicateur sans libellé".to_string()
        } else {
            format!("l'indicateur « {} »", i.libelle)
        };
        let mut missing = |field: &str, what: &str| {
            c.missing(
                "V27-INDIC",
                p(field),
                format!("{who}, {label} : {what} manquant(e)."),
                V27,
            )
        };
        if i.libelle.trim().is_empty() {
            missing("libelle", "libellé");
        }
        if i.mode_calcul.trim().is_empty() {
            missing("mode_calcul", "mode de calcul");
        }
        if i.valeur_initiale.is_none() {
            missing("valeur_initiale", "valeur de l'année de signature");
        }
        if i.cible_finale.is_none() {
            missing("cible_finale", "cible en fin de CPOM");
        }
        if i.cible_mi_parcours.is_none() && d.pack().a("cible-mi-parcours") {
            c.warn(
                "O-MI-PARCOURS",
                p("cible_mi_parcours"),
                format!("{who}, {label} : la cible à mi-parcours (3e année) n'est pas renseignée."),
                if d.pack().id == "paca" {
                    "paca L519-L520"
                } else {
                    "pdl L674-L677"
                },
            );
        }
        if i.source.trim().is_empty() {
            c.warn(
                "O-SOURCE",
                p("source"),
                format!("{who}, {label} : précisez d'où viendra la valeur (tableau de bord, indicateurs FLASH, système d'information…)."),
                "dgcs L1382-L1385 ; pdl L674",
            );
        }
    }
}

fn check_actions(d: &Dossier, par: &ParFiche<'_>, o: &Objectif, c: &mut Collector) {
    let who = name(par, o);
    let span = periode(d);
    for a in par.actions(o.id).iter().copied() {
        if a.statut == StatutAction::Abandonnee {
            continue;
        }
        let p = |f: &str| format!("objectifs.actions.{}.{f}", a.id);
        let label = if a.libelle.is_empty() {
            "une action sans libellé".to_string()
        } else {
            format!("l'action « {} »", a.libelle)
        };
        if a.debut.is_none() || a.fin.is_none() {
            c.warn(
                "O-DATES",
                p(if a.debut.is_none() { "debut" } else { "fin" }),
                format!("{who}, {label} : indiquez le début et la fin de l'action."),
                fiche(d),
            );
        }
        if let Some((start, end)) = span {
            for (field, date) in [("debut", a.debut), ("fin", a.fin)] {
                if let Some(x) = date
                    && (x < start || x > end)
                {
                    c.warn(
                        "O-PERIODE",
                        p(field),
                        format!(
                            "{who}, {label} : le {} ({}) est hors de la période du CPOM ({} – {}).",
                            if field == "debut" { "début" } else { "fin" },
                            fr_date(x),
                            fr_date(start),
                            fr_date(end)
                        ),
                        &format!("coherence ; {}", fiche(d)),
                    );
                }
            }
        }
        if a.depend_partenaire && a.partenaires.is_empty() {
            c.warn(
                "O-PARTENAIRE",
                p("partenaires"),
                format!("{who}, {label} dépend d'un partenaire : nommez-le."),
                fiche(d),
            );
        }
    }
}

fn check_calendar_spread(d: &Dossier, par: &ParFiche<'_>, c: &mut Collector) {
    let Some(effet) = d.cpom.date_effet else {
        return;
    };
    let starts: Vec<NaiveDate> = d
        .objectifs
        .actions
        .iter()
        .filter(|a| par.active(a.objectif) && a.statut != StatutAction::Abandonnee)
        .filter_map(|a| a.debut)
        .collect();
    if starts.len() < 5 {
        return;
    }
    let year1 = starts.iter().filter(|x| x.year() == effet.year()).count();
    let pct = year1 * 100 / starts.len();
    let seuil = usize::from(d.objectifs.reglages.seuil_annee1());
    if pct > seuil {
        c.warn(
            "O-ANNEE1",
            "objectifs.calendrier",
            format!(
                "{year1} actions sur {} ({pct} %) démarrent la première année du contrat : échelonnez-les sur les cinq ans (seuil réglable de {seuil} %).",
                starts.len()
            ),
            "anap L604, L672-L674 ; inference : le guide ne chiffre pas la part d'actions de la première année ; le seuil est un réglage du dossier",
        );
    }
}

fn check_orphans(d: &Dossier, par: &ParFiche<'_>, c: &mut Collector) {
    let exists = |id| par.existe(id);
    for a in d.objectifs.actions.iter().filter(|a| !exists(a.objectif)) {
        c.error(
            "O-ORPHELIN",
            format!("objectifs.actions.{}.objectif", a.id),
            format!(
                "L'action « {} » n'est rattachée à aucune fiche-objectif.",
                a.libelle
            ),
            "coherence",
        );
    }
    for i in d
        .objectifs
        .indicateurs
        .iter()
        .filter(|i| !exists(i.objectif))
    {
        c.error(
            "O-ORPHELIN",
            format!("objectifs.indicateurs.{}.objectif", i.id),
            format!(
                "L'indicateur « {} » n'est rattaché à aucune fiche-objectif.",
                i.libelle
            ),
            "coherence",
        );
    }
}

pub fn completion(d: &Dossier, _today: NaiveDate) -> Vec<CompletionItem> {
    let obj = &d.objectifs;
    if obj.objectifs.is_empty() {
        return Vec::new();
    }
    let actifs: Vec<_> = obj.actifs().collect();
    let par = obj.par_fiche();
    let n = actifs.len() as u32;
    let covered = coverage(d)
        .iter()
        .filter(|m| !m.objectifs.is_empty())
        .count() as u32;
    let with_indicator = actifs
        .iter()
        .filter(|o| {
            par.indicateurs(o.id).iter().any(|i| {
                !i.mode_calcul.is_empty() && i.valeur_initiale.is_some() && i.cible_finale.is_some()
            })
        })
        .count() as u32;
    let with_actions = actifs
        .iter()
        .filter(|o| {
            let actions = par.actions(o.id);
            !actions.is_empty() && actions.iter().all(|a| a.debut.is_some() && a.fin.is_some())
        })
        .count() as u32;
    let retenus = actifs
        .iter()
        .filter(|o| o.statut == StatutObjectif::Retenu)
        .count() as u32;
    let item = |code: &str, libelle: &str, fait, total, chemin: &str| CompletionItem {
        code: code.into(),
        libelle: libelle.into(),
        fait,
        total,
        chemin: Some(chemin.into()),
    };
    let mut out = Vec::new();
    // Les six minimums du guide PdL (CPOM PH, sous son pack) ; les thématiques de la loi pour
    // un CPOM « EHPAD ».
    if d.pack().a("objectifs-minimum") && crate::perimetre::regime::enveloppes(d).1 {
        out.push(item(
            "minimums",
            "Objectifs minimum couverts",
            covered,
            ObjectifMinimum::ALL.len() as u32,
            "objectifs.couverture",
        ));
    }
    let ehpad = crate::objectifs::ehpad::coverage(d);
    if !ehpad.is_empty() {
        out.push(item(
            "themes_ehpad",
            "Thématiques du CPOM « EHPAD » couvertes",
            ehpad.iter().filter(|m| !m.objectifs.is_empty()).count() as u32,
            ehpad.len() as u32,
            "objectifs.couverture_ehpad",
        ));
    }
    out.extend([
        item(
            "indicateurs",
            "Fiches avec un indicateur complet",
            with_indicator,
            n,
            "objectifs.objectifs",
        ),
        item(
            "actions",
            "Fiches dont les actions sont datées",
            with_actions,
            n,
            "objectifs.actions",
        ),
        item(
            "retenus",
            "Objectifs retenus en négociation",
            retenus,
            n,
            "objectifs.objectifs",
        ),
    ]);
    out
}
