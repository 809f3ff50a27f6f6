//! Les règles et l'avancement de l'étape « Diagnostic partagé ».
//!
//! Le pack du dossier choisit les catalogues (questions par axe) et les règles régionales :
//! sous le pack Pays de la Loire, toutes les zones du fichier « Diagnostic » sont à remplir
//! (erreurs), l'annexe 2-B des indicateurs FLASH, les annexes 2-D, 2-E et 2-F et le délai de
//! retour du fichier s'appliquent ; sous le socle national (instruction DGCS §4 et méthode
//! ANAP), une question sans réponse ou une réunion sans compte-rendu n'est qu'un
//! avertissement (conseil du guide) ; seule la synthèse, annexe obligatoire, bloque.
//!
//! Portes (erreurs bloquantes) : guide ANAP §7.2 étape 4 (« diagnostic finalisé, validé et
//! partagé en réunion(s) de concertation », L802, L1589-L1591) et guide PdL (« le
//! gestionnaire complète toutes les zones », fichier retourné avant la réunion diagnostic,
//! annexes 2-D et 2-E renseignées) ; synthèse du diagnostic, annexe obligatoire (instruction
//! DGCS L600-L604, V26).
//!
//! Chemins des points propres au catalogue (pas encore d'enregistrement) :
//! `diagnostic.questions.<question>[.<esms>]`, `diagnostic.themes.<thème>`,
//! `diagnostic.conformite.<point>.etat`, `diagnostic.creton.<esms>`,
//! `diagnostic.indicateurs.flash.<esms>`.

use crate::diagnostic::calc::AnswerIndex;
use crate::diagnostic::calc::answer_index;
use crate::diagnostic::calc::axis_progress;
use crate::kernel::hash::{FastMap, FastSet};

use chrono::NaiveDate;
use uuid::Uuid;

use crate::diagnostic::calc::ratio;
use crate::diagnostic::calc::scopes;
use crate::diagnostic::calc::{annees, autorites_concernees};
use crate::diagnostic::catalogue::{AxeActif, axes_actifs, catalogue};
use crate::dossier::Dossier;
use crate::dossier::diagnostic::INDICATEURS_FINANCIERS;
use crate::dossier::diagnostic::{AnnexeIndicateur, SourceValeur};
use crate::dossier::diagnostic::{EtatConformite, NatureSynthese, TypeSource};
use crate::dossier::lancement::{JalonCode, TypeReunion};
use crate::dossier::perimetre::Esms;
use crate::kernel::checklists::{Applicabilite, checklist_conformite};
use crate::kernel::format::decimal_trim;
use crate::kernel::issue::{Collector, Severity};
use crate::kernel::nomenclature::{Competence, Secteur};
use crate::kernel::progress::CompletionItem;
use crate::kernel::reference::{Regime, reference};

const SRC_ZONES: &str = "pdl L549-L555";
const SRC_GATE: &str = "anap L802, L1589-L1591";
const SRC_SYNTHESE: &str = "dgcs L600-L604 ; pdl L222, L530-L533";
const SRC_FLASH: &str = "pdl L557-L566";
const SRC_2D: &str = "pdl L581-L597";
const SRC_2E: &str = "pdl L601-L615";
const SRC_CRETON: &str = "pdl L625-L629";
const SRC_NATIONAL: &str = "dgcs L1151-L1166";
const SRC_INDICATEURS: &str = "dgcs L1382-L1385, L1718-L1734";

fn question_path(q: &str, esms: Option<Uuid>) -> String {
    match esms {
        Some(e) => format!("diagnostic.questions.{q}.{e}"),
        None => format!("diagnostic.questions.{q}"),
    }
}

/// Les points de l'étape « Diagnostic partagé ».
pub fn check(d: &Dossier, _today: NaiveDate, c: &mut Collector) {
    questions(d, c);
    meetings(d, c);
    synthese(d, c);
    indicateurs(d, c);
    complementaires(d, c);
    finances(d, c);
    creton(d, c);
    sources(d, c);
    conformite(d, c);
}

fn questions(d: &Dossier, c: &mut Collector) {
    let idx = answer_index(d);
    let pack = d.pack();
    let mut expected: FastSet<(&str, Option<Uuid>)> = FastSet::default();
    for AxeActif { axe, secteurs } in axes_actifs(d) {
        let scopes = scopes(d, axe, secteurs);
        for scope in &scopes {
            let id = scope.map(|e| e.id);
            let who = scope.map_or_else(|| "organisme".to_string(), |e| e.nom.clone());
            let missing: Vec<&str> = axe
                .themes
                .iter()
                .flat_map(|t| &t.questions)
                .filter(|q| !idx.get(&(q.id.as_str(), id)).is_some_and(|r| r.answered()))
                .map(|q| q.id.as_str())
                .collect();
            if let Some(first) = missing.first() {
                let labels: Vec<String> = missing
                    .iter()
                    .take(2)
                    .filter_map(|q| catalogue().question(q))
                    .map(|l| format!("« {} »", l.question.libelle))
                    .collect();
                let more = if missing.len() > 2 { "…" } else { "" };
                let severity = if pack.a("questionnaire-bloquant") {
                    Severity::Erreur
                } else {
                    Severity::Avertissement
                };
                let src = if pack.a("questionnaire-bloquant") {
                    format!("{SRC_ZONES} ; {SRC_GATE}")
                } else {
                    format!("{SRC_NATIONAL} ; {SRC_GATE}")
                };
                c.missing_as(
                    severity,
                    "D-QUESTION",
                    question_path(first, id),
                    format!(
                        "Axe {} ({who}) : {} sans réponse ({}{more}). Répondez ou indiquez « sans objet ».",
                        axe.code,
                        if missing.len() > 1 {
                            format!("{} questions", missing.len())
                        } else {
                            "1 question".into()
                        },
                        labels.join(", ")
                    ),
                    &src,
                );
            }
            for q in axe.themes.iter().flat_map(|t| &t.questions) {
                expected.insert((q.id.as_str(), id));
                let (Some(al), Some(r)) = (&q.alerte, idx.get(&(q.id.as_str(), id))) else {
                    continue;
                };
                if !r.sans_objet && r.codes().iter().any(|v| al.si.iter().any(|s| s == v)) {
                    c.warn(
                        &al.regle,
                        question_path(&q.id, id),
                        format!("Axe {} ({who}) : {}", axe.code, al.message),
                        &al.source,
                    );
                }
            }
        }
        if !scopes.is_empty() && pack.a("encarts-strategie") {
            for t in &axe.themes {
                let filled = d
                    .diagnostic
                    .themes
                    .iter()
                    .any(|z| z.theme == t.id && z.filled());
                if !filled {
                    c.warn(
                        "D-ZONES",
                        format!("diagnostic.themes.{}", t.id),
                        format!(
                            "Axe {}, thème « {} » : développez succinctement la stratégie (modalités de mise en œuvre, difficultés, points forts, points d'amélioration).",
                            axe.code, t.titre
                        ),
                        SRC_ZONES,
                    );
                }
            }
        }
    }
    for r in &d.diagnostic.reponses {
        if !expected.contains(&(r.question.as_str(), r.esms)) {
            c.info(
                "D-REPONSE-HORS-PERIMETRE",
                format!("diagnostic.reponses.{}", r.id),
                "Réponse conservée mais non comptée : sa question ou son ESMS ne fait plus partie du diagnostic de ce dossier (périmètre, secteur ou référentiel régional modifié).",
                "coherence",
            );
        }
    }
}

fn meetings(d: &Dossier, c: &mut Collector) {
    let l = &d.lancement;
    let pack = d.pack();
    let gate = if pack.a("reunion-diagnostic-bloquante") {
        Severity::Erreur
    } else {
        Severity::Avertissement
    };
    if let Some(j) = l.jalon(JalonCode::EnvoiDossierDiagnostic)
        && j.date_reelle.is_none()
        && pack.a("dossier-diagnostic")
    {
        c.missing(
            "D-ENVOI",
            format!("lancement.jalons.{}.date_reelle", j.id),
            "Le dossier diagnostic complété n'a pas encore été retourné à l'ARS (et au département) : indiquez sa date d'envoi.",
            "pdl L361-L364, L484-L485",
        );
    }
    if let Some(j) = l.jalon(JalonCode::ReunionDiagnostic)
        && j.date_reelle.is_none()
    {
        let src = if pack.a("reunion-diagnostic-bloquante") {
            format!("{SRC_GATE} ; pdl L356-L358")
        } else {
            SRC_GATE.to_string()
        };
        c.missing_as(
            gate,
            "D-REUNION",
            format!("lancement.jalons.{}.date_reelle", j.id),
            "La réunion diagnostic, qui valide et partage le diagnostic, n'a pas encore eu lieu.",
            &src,
        );
    }
    let cr = l
        .reunions
        .iter()
        .any(|r| r.type_reunion == Some(TypeReunion::Diagnostic) && r.has_compte_rendu());
    if !cr {
        c.missing_as(
            gate,
            "D-REUNION-CR",
            "lancement.reunions",
            "Enregistrez la réunion de concertation et de partage du diagnostic avec son compte-rendu.",
            "anap L1589, L1509, L1800",
        );
    }
}

fn synthese(d: &Dossier, c: &mut Collector) {
    let s = &d.diagnostic.synthese;
    let has = |n: NatureSynthese| {
        s.iter()
            .any(|e| e.nature == n && !e.texte.trim().is_empty())
    };
    if !has(NatureSynthese::Constat) {
        c.missing(
            "D-SYNTHESE",
            "diagnostic.synthese",
            "La synthèse du diagnostic doit comporter au moins un constat : elle est annexée au contrat et fonde les objectifs.",
            SRC_SYNTHESE,
        );
    }
    for n in [
        NatureSynthese::PointFort,
        NatureSynthese::PointAmelioration,
        NatureSynthese::Enjeu,
    ] {
        if !has(n) {
            c.warn(
                "D-SYNTHESE-NATURE",
                format!("diagnostic.synthese.{}", serde_name(n)),
                format!(
                    "La synthèse ne mentionne aucun « {} ».",
                    n.label().to_lowercase()
                ),
                SRC_SYNTHESE,
            );
        }
    }
    for e in s.iter().filter(|e| e.texte.trim().is_empty()) {
        c.warn(
            "D-SYNTHESE-VIDE",
            format!("diagnostic.synthese.{}.texte", e.id),
            format!(
                "Un élément « {} » de la synthèse est vide.",
                e.nature.label()
            ),
            SRC_SYNTHESE,
        );
    }
}

fn serde_name<T: serde::Serialize>(x: T) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Coût : linéaire (ESMS du périmètre dans une table de hachage).
fn indicateurs(d: &Dossier, c: &mut Collector) {
    let flash = d.pack().a("indicateurs-flash");
    let index: FastMap<Uuid, &Esms> = d.perimetre().map(|e| (e.id, e)).collect();
    let esms = |id: Option<Uuid>| id.and_then(|id| index.get(&id).copied());
    for i in &d.diagnostic.indicateurs {
        let p = |f: &str| format!("diagnostic.indicateurs.{}.{f}", i.id);
        let name = if i.libelle.is_empty() {
            "Indicateur sans libellé"
        } else {
            &i.libelle
        };
        let Some(e) = esms(i.esms) else {
            c.warn(
                "D-INDICATEUR",
                p("esms"),
                format!("{name} : rattachez l'indicateur à un ESMS du périmètre."),
                SRC_INDICATEURS,
            );
            continue;
        };
        if flash
            && i.annexe == AnnexeIndicateur::Flash
            && i.source == SourceValeur::SaisieOg
            && e.competence != Some(Competence::Cd)
        {
            c.error(
                "D-FLASH-SAISIE",
                p("source"),
                format!(
                    "{} — {name} : les indicateurs FLASH de cet ESMS sont pré-remplis par l'ARS ; l'OG ne les saisit que pour les ESMS de compétence exclusive du département.",
                    e.nom
                ),
                SRC_FLASH,
            );
        }
        if i.modifiee {
            c.warn(
                "D-PREREMPLI-MODIFIE",
                p("valeur"),
                format!(
                    "{} — {name} : valeur pré-remplie ({}) modifiée en {} ; signalez la correction au coordonnateur.",
                    e.nom,
                    i.valeur_preremplie.map(decimal_trim).unwrap_or_default(),
                    i.valeur.map(decimal_trim).unwrap_or_else(|| "(vide)".into())
                ),
                if flash {
                    "anap L1535 ; pdl L489-L490, L557-L563"
                } else {
                    "anap L1535"
                },
            );
        }
        let missing = if i.libelle.trim().is_empty() {
            Some(("libelle", "le libellé"))
        } else if i.annee.is_none() {
            Some(("annee", "l'année"))
        } else if i.valeur.is_none() {
            Some(("valeur", "la valeur"))
        } else {
            None
        };
        if let Some((f, what)) = missing {
            c.warn(
                "D-INDICATEUR",
                p(f),
                format!("{} — {name} : indiquez {what}.", e.nom),
                SRC_INDICATEURS,
            );
        }
    }
    if !flash {
        return;
    }
    // Les indicateurs FLASH sont un recueil du CPOM PH (guide PdL) : pas pour les
    // établissements et services pour personnes âgées.
    let avec_flash: FastSet<Uuid> = d
        .diagnostic
        .indicateurs
        .iter()
        .filter(|i| i.annexe == AnnexeIndicateur::Flash)
        .filter_map(|i| i.esms)
        .collect();
    for e in d
        .perimetre()
        .filter(|e| e.competence == Some(Competence::Cd) && !crate::perimetre::regime::is_pa(e))
    {
        if !avec_flash.contains(&e.id) {
            c.warn(
                "D-FLASH-CD",
                format!("diagnostic.indicateurs.flash.{}", e.id),
                format!(
                    "{} relève du seul département : l'OG saisit lui-même ses indicateurs FLASH.",
                    e.nom
                ),
                SRC_FLASH,
            );
        }
    }
}

fn complementaires(d: &Dossier, c: &mut Collector) {
    if !d.pack().a("indicateurs-complementaires") {
        return;
    }
    for i in &d.diagnostic.complementaires {
        let p = |f: &str| format!("diagnostic.complementaires.{}.{f}", i.id);
        let name = if i.libelle.is_empty() {
            "Indicateur complémentaire sans libellé".to_string()
        } else {
            format!("« {} »", i.libelle)
        };
        if i.numerateur.is_none() || i.denominateur.is_none() {
            let f = if i.numerateur.is_none() {
                "numerateur"
            } else {
                "denominateur"
            };
            c.missing(
                "D-COMPLEMENTAIRE-VIDE",
                p(f),
                format!("{name} : renseignez le numérateur et le dénominateur."),
                SRC_2D,
            );
        } else if let Some(pb) = ratio(i).probleme {
            c.error(
                "D-RATIO-ZERO",
                p("denominateur"),
                format!("{name} : {pb}"),
                SRC_2D,
            );
        }
        use crate::dossier::diagnostic::NiveauIndicateur as N;
        let missing = match i.niveau {
            N::Esms if i.esms.is_none() => Some(("esms", "l'ESMS")),
            N::Secteur if i.secteur.is_none() => Some(("secteur", "le secteur")),
            N::Categorie if i.categorie.is_none() => Some(("categorie", "la catégorie d'ESMS")),
            _ => None,
        };
        if let Some((f, what)) = missing {
            c.missing(
                "D-COMPLEMENTAIRE-NIVEAU",
                p(f),
                format!("{name} : précisez {what} auquel l'indicateur se rapporte."),
                SRC_2D,
            );
        }
    }
}

fn finances(d: &Dossier, c: &mut Collector) {
    if !d.pack().a("diagnostic-financier") {
        return;
    }
    let f = &d.diagnostic.finances;
    let a = annees(d);
    if a.negociation.is_none() {
        c.missing(
            "D-FIN-ANNEE",
            "diagnostic.finances.annee_negociation",
            "Indiquez l'année de négociation (ou la date d'effet du CPOM) : elle fixe les trois années du diagnostic financier.",
            SRC_2E,
        );
        return;
    }
    let labels: FastMap<&str, &str> = crate::dossier::diagnostic::AUTORITES.into_iter().collect();
    for aut in autorites_concernees(d) {
        let missing: Vec<i32> = a
            .retrospectives
            .iter()
            .copied()
            .filter(|y| !f.resultats.get(aut).is_some_and(|m| m.contains_key(y)))
            .collect();
        if let Some(y) = missing.first() {
            c.missing(
                "D-FIN-RESULTATS",
                format!("diagnostic.finances.resultats.{aut}.{y}"),
                format!(
                    "Résultats ({}) : années manquantes {}.",
                    labels.get(aut).unwrap_or(&aut),
                    years(&missing)
                ),
                SRC_2E,
            );
        }
        let reserves = f.reserves.values().any(|m| m.contains_key(aut));
        if !reserves {
            c.warn(
                "D-FIN-RESERVES",
                "diagnostic.finances.reserves",
                format!(
                    "Réserves et provisions ({}) au 31/12/{} : aucune ligne saisie (saisissez 0 le cas échéant).",
                    labels.get(aut).unwrap_or(&aut),
                    a.n_moins_1.unwrap_or_default()
                ),
                SRC_2E,
            );
        }
    }
    for (code, label, _) in INDICATEURS_FINANCIERS {
        let missing: Vec<i32> = a
            .retrospectives
            .iter()
            .copied()
            .filter(|y| !f.indicateurs.get(code).is_some_and(|m| m.contains_key(y)))
            .collect();
        if let Some(y) = missing.first() {
            c.missing(
                "D-FIN-INDICATEURS",
                format!("diagnostic.finances.indicateurs.{code}.{y}"),
                format!("{label} : années manquantes {}.", years(&missing)),
                SRC_2E,
            );
        }
    }
    if f.retraites.is_empty() {
        c.warn(
            "D-FIN-RETRAITES",
            "diagnostic.finances.retraites",
            "Prévision des départs en retraite : aucune donnée (saisissez 0 s'il n'y en a pas).",
            "pdl L611-L613",
        );
    }
    let mut cats: Vec<&str> = d
        .perimetre()
        .filter_map(|e| e.categorie.as_deref())
        .collect();
    cats.sort();
    cats.dedup();
    for cat in cats {
        if !f.effectifs.values().any(|m| m.contains_key(cat)) {
            c.warn(
                "D-FIN-EFFECTIFS",
                format!("diagnostic.finances.effectifs.{cat}"),
                format!(
                    "Effectifs au 31/12/{} : aucune donnée pour la catégorie {}.",
                    a.n_moins_1.unwrap_or_default(),
                    reference().category_label(cat)
                ),
                "pdl L614",
            );
        }
    }
    if d.organisme.frais_de_siege {
        let missing: Vec<i32> = a
            .retrospectives
            .iter()
            .copied()
            .filter(|y| !f.frais_siege.contains_key(y))
            .collect();
        if let Some(y) = missing.first() {
            c.missing(
                "D-FIN-SIEGE",
                format!("diagnostic.finances.frais_siege.{y}"),
                format!(
                    "Frais de siège autorisés : évolution à renseigner, années manquantes {}.",
                    years(&missing)
                ),
                "pdl L615 ; dgcs L730-L743",
            );
        }
    }
}

fn years(v: &[i32]) -> String {
    v.iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Un ESMS enfance avec internat ou semi-internat qui n'a pas déclaré « non » à la question
/// Creton doit renseigner l'annexe 2-F.
fn creton_expected(e: &Esms, idx: &AnswerIndex<'_>) -> bool {
    let hosts = e.capacites.internat.autorisee.unwrap_or(0)
        + e.capacites.semi_internat.autorisee.unwrap_or(0)
        > 0;
    let declared_none = idx
        .get(&("enf_creton", Some(e.id)))
        .is_some_and(|r| r.sans_objet || r.codes() == ["non"]);
    e.secteur == Some(Secteur::Enfance) && hosts && !declared_none
}

/// Coût : linéaire (lignes Creton et ESMS dans des tables de hachage).
fn creton(d: &Dossier, c: &mut Collector) {
    let idx = answer_index(d);
    let annexe_2f = d.pack().a("creton-2f");
    let saisis: FastSet<Uuid> = d.diagnostic.creton.iter().filter_map(|x| x.esms).collect();
    let index: FastMap<Uuid, &Esms> = d.perimetre().map(|e| (e.id, e)).collect();
    for e in d
        .perimetre()
        .filter(|e| annexe_2f && creton_expected(e, &idx))
    {
        if !saisis.contains(&e.id) {
            c.warn(
                "D-CRETON-MANQUANT",
                format!("diagnostic.creton.{}", e.id),
                format!(
                    "{} : renseignez les jeunes adultes en amendement Creton au 31/12/N-1 (0 s'il n'y en a pas).",
                    e.nom
                ),
                SRC_CRETON,
            );
        }
    }
    for x in &d.diagnostic.creton {
        let e = x.esms.and_then(|id| index.get(&id).copied());
        match e {
            Some(e) if e.secteur == Some(Secteur::Enfance) => {
                if x.total() > 0 {
                    c.info(
                        "V23",
                        format!("diagnostic.creton.{}", x.id),
                        format!(
                            "{} accueille {} jeune(s) adulte(s) en amendement Creton : modulation annuelle de la dotation à prévoir.",
                            e.nom,
                            x.total()
                        ),
                        "dgcs L1248-L1251",
                    );
                }
            }
            _ if !annexe_2f => {}
            _ => c.warn(
                "D-CRETON-ESMS",
                format!("diagnostic.creton.{}.esms", x.id),
                "Ligne Creton rattachée à un ESMS qui n'est pas un établissement pour enfants du périmètre.",
                SRC_CRETON,
            ),
        }
    }
}

fn sources(d: &Dossier, c: &mut Collector) {
    let recommended = [
        (
            TypeSource::EvaluationExterne,
            "Les éléments de l'évaluation externe (abrégé, synthèse) sont « incontournables ».",
            "dgcs L689-L692, L1158-L1161",
        ),
        (
            TypeSource::Tdb,
            "Le tableau de bord de la performance est la source prioritaire des indicateurs.",
            "dgcs L1718-L1734 ; pdl L346-L348",
        ),
        (
            TypeSource::PvCommissionSecurite,
            "Le dernier procès-verbal de la commission de sécurité et d'accessibilité est « vivement conseillé ».",
            "dgcs L1396-L1398",
        ),
    ];
    let pv_impose = d.pack().a("pv-commission-securite");
    for (t, why, src) in recommended {
        if !d.diagnostic.sources.iter().any(|s| s.type_source == t) {
            if pv_impose && t == TypeSource::PvCommissionSecurite {
                c.error(
                    "PACA-PV-SECURITE",
                    format!("diagnostic.sources.{}", serde_name(t)),
                    "Le dernier procès-verbal de la commission de sécurité et d'accessibilité est obligatoirement transmis : la synthèse du diagnostic s'appuie sur lui. Ajoutez-le aux sources du diagnostic.",
                    "paca L881-L897",
                );
                continue;
            }
            c.warn(
                "D-SOURCE",
                format!("diagnostic.sources.{}", serde_name(t)),
                format!(
                    "Sources du diagnostic : « {} » n'est pas mentionné. {why}",
                    t.label()
                ),
                src,
            );
        }
    }
}

fn has_ehpad(d: &Dossier) -> bool {
    // EHPAD et petites unités de vie (y compris une PUV déclarée sur une catégorie d'EHPA).
    d.perimetre().any(|e| {
        crate::perimetre::regime::is_ehpad_ou_puv(e)
            || e.categorie
                .as_deref()
                .and_then(|c| reference().category(c))
                .is_some_and(|c| c.regime == Some(Regime::IvTer))
    })
}

fn conformite(d: &Dossier, c: &mut Collector) {
    let ehpad = has_ehpad(d);
    for item in &checklist_conformite().items {
        if item.applicable == Applicabilite::Ehpad && !ehpad {
            continue;
        }
        let state = d
            .diagnostic
            .conformite
            .iter()
            .find(|x| x.item == item.id)
            .map(|x| x.etat)
            .unwrap_or_default();
        let path = format!("diagnostic.conformite.{}.etat", item.id);
        match state {
            EtatConformite::AVerifier => c.warn(
                "D-CONFORMITE",
                path,
                format!("Conformité à vérifier : {}.", item.libelle),
                &item.source,
            ),
            EtatConformite::NonConforme => c.warn(
                "D-CONFORMITE-NON",
                path,
                format!(
                    "Non conforme : {}. La mise en conformité s'impose indépendamment du CPOM ; n'en faire un objectif que si le PGFP est impacté (V29).",
                    item.libelle
                ),
                "dgcs L1389-L1402",
            ),
            EtatConformite::Conforme | EtatConformite::SansObjet => {}
        }
    }
}

fn item(code: &str, libelle: String, fait: usize, total: usize, chemin: &str) -> CompletionItem {
    CompletionItem {
        code: code.into(),
        libelle,
        fait: fait as u32,
        total: total as u32,
        chemin: Some(chemin.into()),
    }
}

/// Ce qui est rempli dans le diagnostic.
pub fn completion(d: &Dossier, _today: NaiveDate) -> Vec<CompletionItem> {
    let idx = answer_index(d);
    let pack = d.pack();
    let mut out = Vec::new();
    for AxeActif { axe, secteurs } in axes_actifs(d) {
        let scopes = scopes(d, axe, secteurs);
        if scopes.is_empty() {
            continue;
        }
        let (mut done, mut total) = (0, 0);
        for s in &scopes {
            let (a, b) = axis_progress(axe, s.map(|e| e.id), &idx);
            done += a as usize;
            total += b as usize;
        }
        let themes = axe
            .themes
            .iter()
            .filter(|t| {
                d.diagnostic
                    .themes
                    .iter()
                    .any(|z| z.theme == t.id && z.filled())
            })
            .count();
        out.push(item(
            &format!("{}_questions", axe.id),
            format!("Axe {} — {} : questions", axe.code, axe.titre),
            done,
            total,
            "diagnostic.questions",
        ));
        if pack.a("encarts-strategie") {
            out.push(item(
                &format!("{}_strategie", axe.id),
                format!("Axe {} : encarts de stratégie", axe.code),
                themes,
                axe.themes.len(),
                "diagnostic.themes",
            ));
        }
    }
    let n = d.perimetre().count();
    let avec: FastSet<Uuid> = d
        .diagnostic
        .indicateurs
        .iter()
        .filter_map(|i| i.esms)
        .collect();
    let with_ind = d.perimetre().filter(|e| avec.contains(&e.id)).count();
    out.push(item(
        "indicateurs",
        if pack.a("indicateurs-flash") {
            "Indicateurs FLASH et ANAP par ESMS (2-B, 2-C)".into()
        } else {
            "Indicateurs du tableau de bord de la performance par ESMS".into()
        },
        with_ind,
        n,
        "diagnostic.indicateurs",
    ));
    let comp = &d.diagnostic.complementaires;
    if !comp.is_empty() && pack.a("indicateurs-complementaires") {
        out.push(item(
            "complementaires",
            "Indicateurs complémentaires calculables (2-D)".into(),
            comp.iter().filter(|i| ratio(i).valeur.is_some()).count(),
            comp.len(),
            "diagnostic.complementaires",
        ));
    }
    let a = annees(d);
    let f = &d.diagnostic.finances;
    let mut cells = 0;
    let mut filled = 0;
    for aut in autorites_concernees(d) {
        for y in &a.retrospectives {
            cells += 1;
            filled += usize::from(f.resultats.get(aut).is_some_and(|m| m.contains_key(y)));
        }
    }
    for (code, _, _) in INDICATEURS_FINANCIERS {
        for y in &a.retrospectives {
            cells += 1;
            filled += usize::from(f.indicateurs.get(code).is_some_and(|m| m.contains_key(y)));
        }
    }
    if pack.a("diagnostic-financier") {
        out.push(item(
            "finances",
            "Diagnostic budgétaire et financier (2-E)".into(),
            filled,
            cells.max(1),
            "diagnostic.finances",
        ));
    }
    let enfance: Vec<_> = d.perimetre().filter(|e| creton_expected(e, &idx)).collect();
    if !enfance.is_empty() && pack.a("creton-2f") {
        out.push(item(
            "creton",
            "Amendement Creton (2-F)".into(),
            {
                let saisis: FastSet<Uuid> =
                    d.diagnostic.creton.iter().filter_map(|x| x.esms).collect();
                enfance.iter().filter(|e| saisis.contains(&e.id)).count()
            },
            enfance.len(),
            "diagnostic.creton",
        ));
    }
    let s = &d.diagnostic.synthese;
    out.push(item(
        "synthese",
        "Synthèse : constats, points forts, points d'amélioration, enjeux".into(),
        NatureSynthese::ALL
            .iter()
            .filter(|n| {
                s.iter()
                    .any(|e| e.nature == **n && !e.texte.trim().is_empty())
            })
            .count(),
        4,
        "diagnostic.synthese",
    ));
    let src = [
        TypeSource::EvaluationExterne,
        TypeSource::Tdb,
        TypeSource::PvCommissionSecurite,
    ];
    out.push(item(
        "sources",
        "Sources mobilisées".into(),
        src.iter()
            .filter(|t| d.diagnostic.sources.iter().any(|s| s.type_source == **t))
            .count(),
        src.len(),
        "diagnostic.sources",
    ));
    let ehpad = has_ehpad(d);
    let items: Vec<_> = checklist_conformite()
        .items
        .iter()
        .filter(|i| i.applicable == Applicabilite::Toujours || ehpad)
        .collect();
    out.push(item(
        "conformite",
        "Contrôles de conformité".into(),
        items
            .iter()
            .filter(|i| {
                d.diagnostic
                    .conformite
                    .iter()
                    .any(|x| x.item == i.id && x.etat != EtatConformite::AVerifier)
            })
            .count(),
        items.len(),
        "diagnostic.conformite",
    ));
    let held = |code: JalonCode| {
        d.lancement
            .jalon(code)
            .is_some_and(|j| j.date_reelle.is_some())
    };
    out.push(item(
        "reunion_diagnostic",
        "Dossier envoyé et réunion diagnostic tenue".into(),
        usize::from(held(JalonCode::EnvoiDossierDiagnostic))
            + usize::from(held(JalonCode::ReunionDiagnostic)),
        2,
        "lancement.jalons",
    ));
    out
}
