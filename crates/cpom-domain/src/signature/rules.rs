//! Règles de l'étape Signature, chacune avec sa source (l'affectation des résultats a les
//! siennes dans `affectation.rs`).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! Les règles marquées « pack » ne s'appliquent que sous les packs régionaux qui les activent
//! (`kernel/pack.rs`, `assets/packs/`).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | S-DOTATION : dotation globalisée commune fixée (ESMS financés par l'assurance maladie) | erreur | instruction DGCS (seed 000) L1227-L1232 ; guide PdL (seed 002) L716-L719 |
//! | S-REPARTITION : chaque ESMS financé par l'ARS réparti par groupe ; total = dotation, au centime | erreur (pack PdL) | seed 002 L718-L720 |
//! | V12 : qui perçoit la dotation globalisée commune (organisme ou ESMS du périmètre) | erreur | arrêté, art. 1 ; seed 000 L1528-L1532 ; seed 001 L310-L312 |
//! | V21 : mode d'évolution de la dotation (CPOM L. 313-12-2) | erreur | instruction DGCS (seed 000) L1234-L1238 |
//! | V22 : première dotation d'un ESMS jusqu'ici au prix de journée | avertissement | seed 000 L1240-L1246 |
//! | S-CD : modalités de la dotation du département (tripartite) | erreur (pack PdL) | seed 002 L721-L722 |
//! | S-BUDGET : budget de référence de chaque ESMS, équilibré, activité théorique | erreur (packs PdL et PACA) | seed 002 L714-L722 ; modèle PACA (seed 001) annexe 4 |
//! | V25 : frais de siège intégrés : montant et arrêté | erreur ; autorisés mais non intégrés : avertissement | seed 000 L730-L737 |
//! | PACA-FRAIS-SIEGE-ETP : nombre et catégorie des ETP pris en charge | erreur (pack PACA) | seed 001 L716-L718 |
//! | V24 : clause d'habilitation à l'aide sociale | erreur | seed 000 L667-L678 |
//! | AS-CHOIX : choix du département (convention ou règlement départemental) | erreur | seed 000 L671-L678 |
//! | V33 : premier exercice sous EPRD | information, avertissement s'il diffère | seed 000 L299-L308, L1341-L1345 |
//! | V45 : périmètre de l'EPRD d'un gestionnaire privé au moins égal à celui du CPOM | erreur | seed 000 L1338-L1341 |
//! | V46 : opération du PPI à faire approuver | information | seed 000 L656-L657 |
//! | S-COMITE : composition du comité de suivi pour chaque partie | avertissement (packs PdL et PACA) | modèle PACA (seed 001) L727-L742 |
//! | S-EVALUATION : date d'évaluation prévue par ESMS | avertissement | seed 000 L700-L710 |
//! | S-CA : délibération du conseil d'administration approuvant le contrat | erreur | seed 000 L991-L993 |
//! | V47 : CVS et IRP consultés avant la signature | avertissement | seed 000 L1535-L1564 |
//! | S-SIGNATAIRE : nom et qualité de chaque signataire | erreur | seed 000 L1449-L1456 (V09) |
//! | S-ORDRE : ordre de signature du pack | avertissement (pack PdL) | seed 002 L374-L381 |
//! | PACA-EFFET : le contrat prend effet à la date de sa signature | erreur une fois signé, avertissement avant (pack PACA) | seed 001 L863 |
//! | V26 : annexes de nature 1 jointes ; nature 2 applicable ; nature 3 le cas échéant | erreur / erreur / avertissement | seed 000 L589-L755 |

use chrono::NaiveDate;

use crate::dossier::Dossier;
use crate::dossier::perimetre::{BaseJuridique, HabilitationAideSociale};
use crate::dossier::signature::*;
use crate::kernel::checklists::{Applicabilite, checklist_annexes};
use crate::kernel::format::amount;
use crate::kernel::issue::Collector;
use crate::kernel::progress::CompletionItem;
use crate::perimetre::calc::PartieKind;
use crate::perimetre::calc::derived;
use crate::signature::calc::partie_key;
use crate::signature::calc::signataires;
use crate::signature::calc::{activite, totaux_repartition};

const PDL5: &str = "pdl L714-L722 (annexe 5)";

pub fn check(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    let _ = today;
    if is_empty(d) {
        return;
    }
    check_dotation(d, c);
    check_perception(d, c);
    check_prix_de_journee(d, c);
    if d.pack().a("budgets-reference") {
        check_budgets(d, c);
    }
    super::pa::check(d, c);
    check_frais_siege(d, c);
    check_aide_sociale(d, c);
    check_eprd(d, c);
    check_ppi(d, c);
    super::affectation::check(d, c);
    check_suivi(d, c);
    check_consultations(d, c);
    check_signataires(d, c);
    check_effet_signature(d, c);
    check_annexes(d, c);
}

/// Rien n'a encore été saisi dans l'étape.
pub fn is_empty(d: &Dossier) -> bool {
    d.signature == Signature::default()
}

/// Les ESMS de la dotation globalisée commune : enveloppe personnes handicapées, financés
/// par l'assurance maladie (les établissements pour personnes âgées ont leurs forfaits,
/// `pa.rs` ; pas de fongibilité entre les enveloppes, seed 000 L1223-L1224).
fn ars_financed(d: &Dossier) -> Vec<&crate::dossier::perimetre::Esms> {
    crate::perimetre::regime::dotation_ph(d)
}

fn check_dotation(d: &Dossier, c: &mut Collector) {
    let m = &d.signature.moyens;
    let pack = d.pack();
    let ars = ars_financed(d);
    if !ars.is_empty() && m.dotation_globalisee.is_none() {
        c.missing(
            "S-DOTATION",
            "signature.moyens.dotation_globalisee",
            "La dotation globalisée commune des ESMS financés par l'assurance maladie n'est pas renseignée.",
            if pack.a("repartition-dotation") {
                "dgcs L1227-L1232 ; pdl L715-L719"
            } else {
                "dgcs L1227-L1232"
            },
        );
    }
    if !pack.a("repartition-dotation") {
        check_evolution(d, c);
        return;
    }
    let repartis: crate::kernel::hash::FastSet<uuid::Uuid> = d
        .signature
        .repartition
        .iter()
        .filter(|r| !r.groupes.is_empty())
        .map(|r| r.esms)
        .collect();
    for e in &ars {
        if !repartis.contains(&e.id) {
            c.error(
                "S-REPARTITION",
                format!("signature.repartition.{}", e.id),
                format!(
                    "{} : la répartition de la dotation par groupe fonctionnel manque.",
                    e.nom
                ),
                PDL5,
            );
        }
    }
    let t = totaux_repartition(d);
    if let Some(ecart) = t.ecart
        && !ecart.is_zero()
        && !d.signature.repartition.is_empty()
    {
        c.error(
            "S-REPARTITION",
            "signature.moyens.dotation_globalisee",
            format!(
                "La répartition par ESMS et par groupe totalise {} pour une dotation de {} : écart de {}.",
                amount(t.total),
                amount(m.dotation_globalisee.unwrap_or_default()),
                amount(ecart)
            ),
            PDL5,
        );
    }
    check_evolution(d, c);
}

fn check_evolution(d: &Dossier, c: &mut Collector) {
    let m = &d.signature.moyens;
    if d.cpom.base_juridique == Some(BaseJuridique::L313_12_2) && m.mode_evolution.is_none() {
        c.missing(
            "V21",
            "signature.moyens.mode_evolution",
            "Le contrat doit prévoir le mode d'évolution de la dotation globale (l'une des trois possibilités de l'article R. 314-40 du CASF).",
            "dgcs L1234-L1238",
        );
    }
    // Les ESMS pour personnes âgées financés par le département le sont par leurs forfaits
    // et tarifs (`pa.rs`) : la règle du guide PdL (CPOM PH) vise les ESMS PH.
    let cd_ph = d.perimetre().any(|e| {
        !crate::perimetre::regime::is_pa(e) && e.competence.is_some_and(|c| c.involves_cd())
    });
    if cd_ph
        && derived(d).signe(PartieKind::Cd)
        && m.modalites_cd.trim().is_empty()
        && d.pack().a("dotation-departement")
    {
        c.missing(
            "S-CD",
            "signature.moyens.modalites_cd",
            "CPOM tripartite : décrivez les modalités de détermination de la dotation des ESMS financés par le département.",
            "pdl L721-L722",
        );
    }
}

/// V12 : le contrat désigne qui perçoit la dotation globalisée commune — la personne morale
/// signataire ou l'un des établissements et services du périmètre.
fn check_perception(d: &Dossier, c: &mut Collector) {
    let m = &d.signature.moyens;
    if ars_financed(d).is_empty() && m.dotation_globalisee.is_none() {
        return;
    }
    let src = "arrete art. 1 ; dgcs L1528-L1532 ; paca L310-L312";
    let path = "signature.moyens.perception_dotation";
    let p = m.perception_dotation.trim();
    if p.is_empty() {
        c.error(
            "V12",
            path,
            "Désignez qui perçoit la dotation globalisée commune : l'organisme gestionnaire signataire ou l'un des établissements et services du périmètre.",
            src,
        );
    } else if p != "organisme" && !d.perimetre().any(|e| e.id.to_string() == p) {
        c.error(
            "V12",
            path,
            "La dotation globalisée commune est attribuée à un établissement qui n'est plus au périmètre : choisissez l'organisme gestionnaire ou un ESMS du périmètre.",
            src,
        );
    }
}

/// V22 : un ESMS jusqu'ici financé au prix de journée reçoit une première dotation globale
/// calibrée sur ses charges reconductibles (recettes en atténuation neutralisées), majorée
/// ou minorée d'après les charges et les montants facturés des trois dernières années.
fn check_prix_de_journee(d: &Dossier, c: &mut Collector) {
    use crate::dossier::perimetre::ModeFinancement;
    for e in d.perimetre().filter(|e| {
        e.mode_financement == Some(ModeFinancement::PrixDeJournee)
            && e.competence.is_some_and(|c| c.involves_ars())
    }) {
        let budget = d.signature.budgets.iter().find(|b| b.esms == e.id);
        let three = budget.is_some_and(|b| b.activite_realisee.iter().flatten().count() >= 3);
        c.warn(
            "V22",
            format!("esms.{}.mode_financement", e.id),
            format!(
                "{} était financé au prix de journée : sa première dotation globale se calcule sur ses charges reconductibles (recettes en atténuation neutralisées), ajustée d'après les charges réelles et les montants facturés à l'assurance maladie des trois dernières années{}.",
                e.nom,
                if three {
                    ""
                } else {
                    " (l'activité des trois dernières années n'est pas encore saisie dans son budget de référence)"
                }
            ),
            "dgcs L1240-L1246",
        );
    }
}

/// Les ESMS qui présentent un budget de référence par groupe fonctionnel (annexe 5 du guide
/// PdL, CPOM PH) : ceux de l'enveloppe personnes handicapées.
fn budget_esms(d: &Dossier) -> impl Iterator<Item = &crate::dossier::perimetre::Esms> {
    d.perimetre()
        .filter(|e| !crate::perimetre::regime::is_pa(e))
}

fn check_budgets(d: &Dossier, c: &mut Collector) {
    let src = if d.pack().id == "paca" {
        "paca L928-L930, L1242-L1353"
    } else {
        PDL5
    };
    // Le premier budget de chaque ESMS, rangé une fois (coût linéaire).
    let mut budgets: crate::kernel::hash::FastMap<
        uuid::Uuid,
        &crate::dossier::signature::BudgetReference,
    > = crate::kernel::hash::FastMap::default();
    for b in &d.signature.budgets {
        budgets.entry(b.esms).or_insert(b);
    }
    for e in budget_esms(d) {
        let Some(b) = budgets.get(&e.id).copied() else {
            c.missing(
                "S-BUDGET",
                format!("signature.budgets.{}", e.id),
                format!("{} : le budget de référence manque.", e.nom),
                src,
            );
            continue;
        };
        let p = |f: &str| format!("signature.budgets.{}.{f}", b.id);
        let x = activite(b);
        if x.total_depenses.is_zero() {
            c.missing(
                "S-BUDGET",
                p("depenses.g1"),
                format!(
                    "{} : les dépenses du budget de référence ne sont pas renseignées.",
                    e.nom
                ),
                src,
            );
        } else if x.total_depenses != x.total_recettes {
            c.error(
                "S-BUDGET",
                p("recettes.g1"),
                format!(
                    "{} : le budget de référence n'est pas à l'équilibre (dépenses {}, recettes {}, écart {}).",
                    e.nom,
                    amount(x.total_depenses),
                    amount(x.total_recettes),
                    amount(x.total_depenses - x.total_recettes)
                ),
                src,
            );
        }
        if b.activite_theorique.is_none() {
            c.missing(
                "S-BUDGET",
                p("activite_theorique"),
                format!("{} : l'activité théorique n'est pas renseignée.", e.nom),
                src,
            );
        }
        if b.activite_realisee.iter().flatten().count() < 3 {
            c.warn(
                "S-ACTIVITE",
                p("activite_realisee.1"),
                format!(
                    "{} : l'activité des trois dernières années est incomplète.",
                    e.nom
                ),
                src,
            );
        }
    }
}

fn check_frais_siege(d: &Dossier, c: &mut Collector) {
    let m = &d.signature.moyens;
    let src = "dgcs L730-L737";
    if m.frais_siege_integres {
        if m.frais_siege_montant.is_none() {
            c.missing(
                "V25",
                "signature.moyens.frais_siege_montant",
                "Frais de siège intégrés au contrat : indiquez leur montant.",
                src,
            );
        }
        if d.organisme.date_arrete_frais_siege.is_none() {
            c.missing(
                "V25",
                "organisme.date_arrete_frais_siege",
                "Frais de siège intégrés au contrat : la date de l'arrêté d'autorisation est nécessaire (l'arrêté est annexé).",
                src,
            );
        }
        if d.pack().a("frais-siege-etp") && m.frais_siege_etp.total().is_zero() {
            c.error(
                "PACA-FRAIS-SIEGE-ETP",
                "signature.moyens.frais_siege_etp.administratif",
                "Frais de siège intégrés au contrat : précisez le nombre et la catégorie des ETP pris en charge.",
                "paca L710-L718",
            );
        }
    } else if d.organisme.frais_de_siege {
        c.warn(
            "V25",
            "signature.moyens.frais_siege_integres",
            "Le siège est autorisé à percevoir des frais de siège : s'ils couvrent le même périmètre que le CPOM, ils doivent y être intégrés.",
            src,
        );
    }
}

fn habilitated(d: &Dossier) -> bool {
    d.perimetre().any(|e| {
        e.habilitation_aide_sociale
            .is_some_and(|h| h != HabilitationAideSociale::NonHabilite)
    })
}

fn check_aide_sociale(d: &Dossier, c: &mut Collector) {
    if habilitated(d) && d.signature.moyens.clause_aide_sociale.trim().is_empty() {
        c.missing(
            "V24",
            "signature.moyens.clause_aide_sociale",
            "Un ESMS du périmètre est habilité à l'aide sociale : le contrat précise les conditions d'accueil de ses bénéficiaires.",
            "dgcs L667-L678",
        );
    }
    for dep in departements_habilites(d) {
        if !d.signature.moyens.aide_sociale_choix.contains_key(&dep) {
            let nom = crate::kernel::reference::reference()
                .departement(&dep)
                .map_or(dep.clone(), |x| x.nom.clone());
            c.error(
                "AS-CHOIX",
                format!("signature.moyens.aide_sociale_choix.{dep}"),
                format!(
                    "Habilitation à l'aide sociale ({nom}) : indiquez le choix du département, une convention annexée au contrat ou le renvoi au règlement départemental d'aide sociale."
                ),
                "dgcs L671-L678",
            );
        }
    }
}

/// Les départements des ESMS du périmètre habilités à l'aide sociale.
pub fn departements_habilites(d: &Dossier) -> Vec<String> {
    let mut v: Vec<String> = d
        .perimetre()
        .filter(|e| {
            e.habilitation_aide_sociale
                .is_some_and(|h| h != HabilitationAideSociale::NonHabilite)
        })
        .filter_map(|e| e.departement.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Le document budgétaire que le statut du gestionnaire impose (V45) : EPRD, EPCP ou
/// CRPP, et son périmètre.
pub fn document_budgetaire(d: &Dossier) -> Option<(&'static str, &'static str)> {
    use crate::dossier::perimetre::StatutJuridique as S;
    Some(match d.organisme.statut_juridique? {
        S::EtablissementPublicAutonome => (
            "EPRD",
            "un état des prévisions de recettes et de dépenses (EPRD) unique couvrant toutes les activités de l'établissement public",
        ),
        S::RattacheEps => (
            "EPCP",
            "un état prévisionnel des charges et des produits (EPCP), sur le périmètre du CPOM",
        ),
        S::Ccas => (
            "CRPP",
            "un compte de résultat prévisionnel principal (CRPP) par établissement ou service",
        ),
        _ => (
            "EPRD",
            "un état des prévisions de recettes et de dépenses (EPRD) couvrant au moins les établissements et services du contrat",
        ),
    })
}

/// Le premier exercice sous EPRD attendu (V33) : l'exercice qui suit la signature (2017
/// pour un CPOM « EHPAD »), d'après la dernière signature datée, sinon celle prévue au
/// rétroplanning, sinon la date d'effet.
pub fn premier_exercice_eprd(d: &Dossier) -> Option<i32> {
    use crate::dossier::lancement::JalonCode;
    use chrono::Datelike;
    if d.cpom.base_juridique == Some(BaseJuridique::IvTerL313_12)
        && d.perimetre().all(|e| {
            e.categorie
                .as_deref()
                .is_some_and(crate::perimetre::rules::is_ehpad_family)
        })
    {
        return Some(2017);
    }
    let signed = signataires(d)
        .iter()
        .filter_map(|(_, x)| x.and_then(|x| x.date_signature))
        .max();
    let planned = [
        JalonCode::SignatureArs,
        JalonCode::SignatureCd,
        JalonCode::SignatureOg,
    ]
    .iter()
    .filter_map(|c| d.lancement.jalon(*c).and_then(|j| j.date_retenue()))
    .max();
    match signed.or(planned) {
        Some(s) => Some(s.year() + 1),
        None => d.cpom.date_effet.map(|e| e.year()),
    }
}

fn check_eprd(d: &Dossier, c: &mut Collector) {
    use crate::dossier::signature::PerimetreEprd;
    let m = &d.signature.moyens;
    let src = "dgcs L299-L308, L1341-L1345";
    if let Some(expected) = premier_exercice_eprd(d) {
        let pourquoi = if expected == 2017 {
            "les EHPAD et les petites unités de vie sont sous EPRD depuis l'exercice 2017"
        } else if d.perimetre().any(crate::perimetre::regime::is_ehpad_ou_puv) {
            "l'exercice qui suit la signature ; les EHPAD et les petites unités de vie y sont depuis l'exercice 2017"
        } else {
            "l'exercice qui suit la signature"
        };
        match m.eprd_premier_exercice {
            None => c.info(
                "V33",
                "signature.moyens.eprd_premier_exercice",
                format!("Premier exercice sous EPRD attendu : {expected} ({pourquoi})."),
                src,
            ),
            Some(y) if y != expected => c.warn(
                "V33",
                "signature.moyens.eprd_premier_exercice",
                format!(
                    "Premier exercice sous EPRD : {y} est indiqué, alors que l'EPRD s'applique à compter de {expected} ({pourquoi})."
                ),
                src,
            ),
            _ => {}
        }
    }
    let private = d.organisme.statut_juridique.is_some_and(|s| s.is_private());
    if private && m.eprd_perimetre == Some(PerimetreEprd::Partiel) {
        c.error(
            "V45",
            "signature.moyens.eprd_perimetre",
            "Le périmètre de l'EPRD d'un gestionnaire privé couvre au moins tous les établissements et services du CPOM.",
            "dgcs L1338-L1341",
        );
    }
    if let Some((doc, what)) = document_budgetaire(d)
        && doc != "EPRD"
        && m.eprd_perimetre.is_some()
    {
        c.info(
            "V45",
            "signature.moyens.eprd_perimetre",
            format!("Document budgétaire attendu pour ce statut : {what}."),
            "dgcs L1323-L1336",
        );
    }
}

/// V46 : les opérations du PPI et leur plan de financement sont approuvés par l'autorité de
/// tarification (art. L. 314-7), sauf pour les établissements des articles L. 342-1 à
/// L. 342-6.
fn check_ppi(d: &Dossier, c: &mut Collector) {
    for o in &d.signature.ppi {
        let p = |f: &str| format!("signature.ppi.{}.{f}", o.id);
        let name = if o.libelle.trim().is_empty() {
            "Opération d'investissement sans libellé".to_string()
        } else {
            format!("« {} »", o.libelle.trim())
        };
        if o.libelle.trim().is_empty() || o.montant.is_none() {
            c.warn(
                "PPI",
                p(if o.libelle.trim().is_empty() {
                    "libelle"
                } else {
                    "montant"
                }),
                format!("{name} : indiquez son libellé et son montant."),
                "dgcs L651-L657",
            );
        }
        if let Some(m) = o.montant
            && !o.financement().is_zero()
            && o.financement() != m
        {
            c.warn(
                "PPI",
                p("autofinancement"),
                format!(
                    "{name} : le plan de financement ({}) ne couvre pas exactement le montant de l'opération ({}).",
                    amount(o.financement()),
                    amount(m)
                ),
                "dgcs L656-L657",
            );
        }
        if o.statut == crate::dossier::signature::StatutPpi::AApprouver {
            c.info(
                "V46",
                p("statut"),
                format!("{name} : l'opération et son plan de financement sont à faire approuver par l'autorité de tarification (art. L. 314-7 du CASF)."),
                "dgcs L656-L657",
            );
        }
    }
}

fn check_suivi(d: &Dossier, c: &mut Collector) {
    let s = &d.signature.suivi;
    let src = "paca L727-L742";
    let tripartite = derived(d).signe(PartieKind::Cd);
    let mut parts = vec![
        (
            "comite_organisme",
            &s.comite_organisme,
            "l'organisme gestionnaire",
        ),
        ("comite_ars", &s.comite_ars, "l'ARS"),
    ];
    if tripartite {
        parts.push(("comite_cd", &s.comite_cd, "le département"));
    }
    for (field, members, who) in parts {
        if members.is_empty() && d.pack().a("comite-suivi") {
            c.warn(
                "S-COMITE",
                format!("signature.suivi.{field}"),
                format!("Comité de suivi : aucun membre pour {who}."),
                src,
            );
        }
    }
    let evaluees: crate::kernel::hash::FastSet<uuid::Uuid> =
        s.evaluations.iter().map(|x| x.esms).collect();
    for e in d.perimetre() {
        if !evaluees.contains(&e.id) {
            c.warn(
                "S-EVALUATION",
                format!("signature.suivi.evaluations.{}", e.id),
                format!(
                    "{} : la date de l'évaluation prévue pendant le contrat n'est pas renseignée.",
                    e.nom
                ),
                "dgcs L700-L710",
            );
        }
    }
}

fn check_consultations(d: &Dossier, c: &mut Collector) {
    let s = &d.signature.signatures;
    if s.date_deliberation_ca.is_none() {
        c.missing(
            "S-CA",
            "signature.signatures.date_deliberation_ca",
            "La délibération du conseil d'administration approuvant le contrat n'est pas datée.",
            "dgcs L991-L993",
        );
    }
    let first_signature = s.signataires.iter().filter_map(|x| x.date_signature).min();
    let src = "dgcs L1535-L1564";
    for (field, date, what) in [
        (
            "date_cvs",
            s.date_cvs,
            "La présentation au conseil de la vie sociale",
        ),
        (
            "date_irp",
            s.date_irp,
            "La consultation des instances représentatives du personnel",
        ),
    ] {
        match (date, first_signature) {
            (None, _) => c.warn(
                "V47",
                format!("signature.signatures.{field}"),
                format!("{what} n'est pas datée."),
                src,
            ),
            (Some(x), Some(sig)) if x > sig => c.warn(
                "V47",
                format!("signature.signatures.{field}"),
                format!("{what} est postérieure à la première signature."),
                src,
            ),
            _ => {}
        }
    }
}

fn check_signataires(d: &Dossier, c: &mut Collector) {
    let src = "dgcs L1449-L1456";
    let pack = d.pack();
    let mut previous: Option<(String, NaiveDate)> = None;
    for (sig, saisi) in signataires(d) {
        let key = partie_key(&sig);
        let p = |f: &str| format!("signature.signatures.signataires.{key}.{f}");
        let nom = saisi.map(|s| s.nom.trim()).unwrap_or("");
        let qualite = saisi.map(|s| s.qualite.trim()).unwrap_or("");
        if nom.is_empty() {
            c.missing(
                "S-SIGNATAIRE",
                p("nom"),
                format!("{} : le nom du signataire manque.", sig.libelle),
                src,
            );
        }
        if qualite.is_empty() {
            c.missing(
                "S-SIGNATAIRE",
                p("qualite"),
                format!("{} : la qualité du signataire manque.", sig.libelle),
                src,
            );
        }
        if let Some(date) = saisi.and_then(|s| s.date_signature) {
            if let Some((who, before)) = &previous
                && date < *before
                && pack.signature.impose
                && pack.a("ordre-signature")
            {
                c.warn(
                    "S-ORDRE",
                    p("date_signature"),
                    format!(
                        "{} signe avant {who} : l'ordre prévu est {}.",
                        sig.libelle,
                        ordre_fr(pack)
                    ),
                    &pack.signature.source,
                );
            }
            previous = Some((sig.libelle.clone(), date));
        }
    }
}

/// « organisme gestionnaire, puis département(s), puis ARS en dernier ».
fn ordre_fr(pack: &crate::kernel::pack::Pack) -> String {
    let parts: Vec<&str> = pack
        .signature
        .ordre
        .iter()
        .map(|p| match p.as_str() {
            "organisme" => "l'organisme gestionnaire",
            "cd" => "le ou les départements",
            _ => "l'ARS",
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{}, puis {last} en dernier", init.join(", puis ")),
    }
}

/// PACA-EFFET : sous le modèle PACA, le contrat prend effet à la date de sa signature : la
/// date d'effet est celle de la dernière signature (prévue, puis réelle).
fn check_effet_signature(d: &Dossier, c: &mut Collector) {
    use crate::dossier::lancement::JalonCode;
    let pack = d.pack();
    if !pack.a("effet-a-la-signature") {
        return;
    }
    let Some(effet) = d.cpom.date_effet else {
        return;
    };
    let sigs = signataires(d);
    let all = !sigs.is_empty()
        && sigs
            .iter()
            .all(|(_, x)| x.is_some_and(|x| x.date_signature.is_some()));
    let last = sigs
        .iter()
        .filter_map(|(_, x)| x.and_then(|x| x.date_signature))
        .max();
    let src = "paca L861-L863";
    let fmt = crate::kernel::format::date_long;
    if all && let Some(last) = last {
        if last != effet {
            c.error(
                "PACA-EFFET",
                "cpom.date_effet",
                format!(
                    "Le contrat prend effet à la date de sa signature : sa date d'effet ({}) doit être celle de la dernière signature ({}).",
                    fmt(effet),
                    fmt(last)
                ),
                src,
            );
        }
        return;
    }
    let planned = [
        JalonCode::SignatureArs,
        JalonCode::SignatureCd,
        JalonCode::SignatureOg,
    ]
    .iter()
    .filter(|c| crate::lancement::calc::applicable(d, **c))
    .filter_map(|c| d.lancement.jalon(*c).and_then(|j| j.date_retenue()))
    .max();
    if let Some(p) = planned
        && p != effet
    {
        c.warn(
            "PACA-EFFET",
            "cpom.date_effet",
            format!(
                "Le contrat prend effet à la date de sa signature : la date d'effet ({}) diffère de la dernière signature prévue au rétroplanning ({}).",
                fmt(effet),
                fmt(p)
            ),
            src,
        );
    }
}

/// L'annexe s'applique-t-elle à ce dossier ?
pub fn annex_applies(d: &Dossier, a: Applicabilite) -> bool {
    match a {
        Applicabilite::Toujours => true,
        Applicabilite::Ehpad => d.perimetre().any(|e| {
            crate::perimetre::regime::is_ehpad_ou_puv(e)
                || e.categorie
                    .as_deref()
                    .is_some_and(crate::perimetre::rules::is_ehpad_family)
        }),
        Applicabilite::HabilitationAideSociale => habilitated(d),
        Applicabilite::FraisSiege => d.signature.moyens.frais_siege_integres,
    }
}

/// Annexes produites par l'application (toujours jointes quand leurs données existent).
pub const GENERATED: [&str; 6] = [
    "synthese_diagnostic",
    "besoins_territoriaux",
    "objectifs_indicateurs",
    "pgfp_ppi",
    "elements_financiers",
    "habilitation_aide_sociale",
];

pub fn annex_state(d: &Dossier, id: &str) -> EtatAnnexe {
    let saisi = d.signature.signatures.annexe(id);
    if saisi != EtatAnnexe::AJoindre {
        return saisi;
    }
    let generated = match id {
        "synthese_diagnostic" => !d.diagnostic.synthese.is_empty(),
        "objectifs_indicateurs" => d.objectifs.actifs().next().is_some(),
        "elements_financiers" => {
            d.signature.moyens.dotation_globalisee.is_some()
                || !d.signature.moyens_pa.is_empty()
                || !d.signature.financements_complementaires.is_empty()
        }
        "besoins_territoriaux" => crate::signature::calc::besoins_territoriaux(d).is_some(),
        "pgfp_ppi" => !d.signature.pgfp.is_empty(),
        "habilitation_aide_sociale" => departements_habilites(d)
            .iter()
            .all(|x| d.signature.moyens.aide_sociale_choix.contains_key(x)),
        _ => false,
    };
    if generated {
        EtatAnnexe::Jointe
    } else {
        EtatAnnexe::AJoindre
    }
}

fn check_annexes(d: &Dossier, c: &mut Collector) {
    for item in &checklist_annexes().items {
        if !annex_applies(d, item.applicable) || annex_state(d, &item.id) != EtatAnnexe::AJoindre {
            continue;
        }
        let path = format!("signature.signatures.annexes.{}", item.id);
        let msg = format!("Annexe « {} » : à joindre.", item.libelle);
        match item.nature {
            Some(1) => c.missing("V26", path, msg, &item.source),
            Some(2) if item.applicable != Applicabilite::Toujours => {
                c.missing("V26", path, msg, &item.source)
            }
            Some(3) => c.warn("V26", path, msg, &item.source),
            _ => c.warn("V26", path, msg, &item.source),
        }
    }
}

pub fn completion(d: &Dossier, _today: NaiveDate) -> Vec<CompletionItem> {
    if is_empty(d) {
        return Vec::new();
    }
    let s = &d.signature;
    let perimetre: Vec<_> = budget_esms(d).collect();
    let n = perimetre.len() as u32;
    let ars = ars_financed(d);
    let repartis: crate::kernel::hash::FastSet<uuid::Uuid> = s
        .repartition
        .iter()
        .filter(|r| !r.groupes.is_empty())
        .map(|r| r.esms)
        .collect();
    let reparti = ars.iter().filter(|e| repartis.contains(&e.id)).count() as u32;
    let complets: crate::kernel::hash::FastSet<uuid::Uuid> = s
        .budgets
        .iter()
        .filter(|b| !b.depenses.is_empty() && b.activite_theorique.is_some())
        .map(|b| b.esms)
        .collect();
    let budgets = perimetre
        .iter()
        .filter(|e| complets.contains(&e.id))
        .count() as u32;
    let consultations = [
        s.signatures.date_deliberation_ca,
        s.signatures.date_cvs,
        s.signatures.date_irp,
    ]
    .iter()
    .filter(|x| x.is_some())
    .count() as u32;
    let sigs = signataires(d);
    let named = sigs
        .iter()
        .filter(|(_, x)| x.is_some_and(|x| !x.nom.is_empty() && !x.qualite.is_empty()))
        .count() as u32;
    let annexes: Vec<_> = checklist_annexes()
        .items
        .iter()
        .filter(|i| annex_applies(d, i.applicable))
        .collect();
    let done_annexes = annexes
        .iter()
        .filter(|i| annex_state(d, &i.id) != EtatAnnexe::AJoindre)
        .count() as u32;
    let item = |code: &str, libelle: &str, fait, total, chemin: &str| CompletionItem {
        code: code.into(),
        libelle: libelle.into(),
        fait,
        total,
        chemin: Some(chemin.into()),
    };
    let pack = d.pack();
    let (pa_done, pa_total) = super::pa::completion(d);
    let mut out = Vec::new();
    // Un dossier sans ESMS pour personnes handicapées n'a ni dotation commune ni budgets de
    // référence par groupe.
    if pack.a("repartition-dotation") && !ars.is_empty() {
        out.push(item(
            "repartition",
            "Dotation répartie par ESMS",
            reparti,
            ars.len() as u32,
            "signature.repartition",
        ));
    }
    if pack.a("budgets-reference") && n > 0 {
        out.push(item(
            "budgets",
            "Budgets de référence",
            budgets,
            n,
            "signature.budgets",
        ));
    }
    out.extend([
        item(
            "pgfp",
            "Plan global de financement pluriannuel (PGFP) saisi",
            u32::from(!s.pgfp.is_empty()),
            1,
            "signature.pgfp",
        ),
        item(
            "affectation",
            "Affectation des résultats prévue",
            u32::from(!s.affectations.is_empty() || !s.moyens.clause_affectation.is_empty()),
            1,
            "signature.affectations",
        ),
        item(
            "consultations",
            "Consultations datées (CA, CVS, IRP)",
            consultations,
            3,
            "signature.signatures",
        ),
        item(
            "signataires",
            "Signataires nommés",
            named,
            sigs.len() as u32,
            "signature.signatures.signataires",
        ),
        item(
            "annexes",
            "Annexes jointes",
            done_annexes,
            annexes.len() as u32,
            "signature.signatures.annexes",
        ),
    ]);
    if pa_total > 0 {
        let at = out.iter().position(|i| i.code == "pgfp").unwrap_or(0);
        out.insert(
            at,
            item(
                "moyens_pa",
                "Forfaits et financements des ESMS pour personnes âgées",
                pa_done,
                pa_total,
                "signature.moyens_pa",
            ),
        );
    }
    out
}
