//! Règles de l'étape Signature, chacune avec sa source (l'affectation des résultats a les
//! siennes dans `affectation.rs`).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | S-DOTATION : dotation globalisée commune fixée (ESMS financés par l'assurance maladie) | erreur | guide PdL (seed 002) L716-L719 |
//! | S-REPARTITION : chaque ESMS financé par l'ARS réparti par groupe ; total = dotation, au centime | erreur | seed 002 L718-L720 |
//! | V21 : mode d'évolution de la dotation (CPOM L. 313-12-2) | erreur | instruction DGCS (seed 000) L1234-L1238 |
//! | S-CD : modalités de la dotation du département (tripartite) | erreur | seed 002 L721-L722 |
//! | S-BUDGET : budget de référence de chaque ESMS, équilibré, activité théorique | erreur | seed 002 L714-L722 ; modèle PACA (seed 001) annexe 4 |
//! | V25 : frais de siège intégrés : montant et arrêté | erreur ; autorisés mais non intégrés : avertissement | seed 000 L730-L737 |
//! | V24 : clause d'habilitation à l'aide sociale | erreur | seed 000 L667-L678 |
//! | S-COMITE : composition du comité de suivi pour chaque partie | avertissement | modèle PACA (seed 001) L727-L748 |
//! | S-EVALUATION : date d'évaluation prévue par ESMS | avertissement | seed 001 L751 ; seed 000 L680-L698 |
//! | S-CA : délibération du conseil d'administration approuvant le contrat | erreur | seed 000 L991-L993 |
//! | V47 : CVS et IRP consultés avant la signature | avertissement | seed 000 L1535-L1564 |
//! | S-SIGNATAIRE : nom et qualité de chaque signataire | erreur | seed 002 L374-L393 ; seed 000 L1449-L1456 (V09) |
//! | S-ORDRE : ordre de signature organisme → département(s) → ARS | avertissement | seed 002 L374-L393 |
//! | V26 : annexes de nature 1 jointes ; autres annexes applicables | erreur / avertissement | seed 000 L596-L755 |

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

const PDL5: &str = "Guide ARS Pays de la Loire (seed 002), L714-L722 (annexe 5)";

pub fn check(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    let _ = today;
    if is_empty(d) {
        return;
    }
    check_dotation(d, c);
    check_budgets(d, c);
    super::pa::check(d, c);
    check_frais_siege(d, c);
    check_aide_sociale(d, c);
    super::affectation::check(d, c);
    check_suivi(d, c);
    check_consultations(d, c);
    check_signataires(d, c);
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
    let ars = ars_financed(d);
    if !ars.is_empty() && m.dotation_globalisee.is_none() {
        c.missing(
            "S-DOTATION",
            "signature.moyens.dotation_globalisee",
            "La dotation globalisée commune des ESMS financés par l'assurance maladie n'est pas renseignée.",
            PDL5,
        );
    }
    for e in &ars {
        if !d
            .signature
            .repartition
            .iter()
            .any(|r| r.esms == e.id && !r.groupes.is_empty())
        {
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
    if d.cpom.base_juridique == Some(BaseJuridique::L313_12_2) && m.mode_evolution.is_none() {
        c.missing(
            "V21",
            "signature.moyens.mode_evolution",
            "Le contrat doit prévoir le mode d'évolution de la dotation globale (l'une des trois possibilités de l'article R. 314-40 du CASF).",
            "Instruction DGCS du 21 mars 2017 (seed 000), L1234-L1238 (V21)",
        );
    }
    // Les ESMS pour personnes âgées financés par le département le sont par leurs forfaits
    // et tarifs (`pa.rs`) : la règle du guide PdL (CPOM PH) vise les ESMS PH.
    let cd_ph = d.perimetre().any(|e| {
        !crate::perimetre::regime::is_pa(e) && e.competence.is_some_and(|c| c.involves_cd())
    });
    if cd_ph && derived(d).signe(PartieKind::Cd) && m.modalites_cd.trim().is_empty() {
        c.missing(
            "S-CD",
            "signature.moyens.modalites_cd",
            "CPOM tripartite : décrivez les modalités de détermination de la dotation des ESMS financés par le département.",
            "Guide ARS Pays de la Loire (seed 002), L721-L722",
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
    for e in budget_esms(d) {
        let Some(b) = d.signature.budgets.iter().find(|b| b.esms == e.id) else {
            c.missing(
                "S-BUDGET",
                format!("signature.budgets.{}", e.id),
                format!("{} : le budget de référence manque.", e.nom),
                PDL5,
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
                PDL5,
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
                PDL5,
            );
        }
        if b.activite_theorique.is_none() {
            c.missing(
                "S-BUDGET",
                p("activite_theorique"),
                format!("{} : l'activité théorique n'est pas renseignée.", e.nom),
                PDL5,
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
                PDL5,
            );
        }
    }
}

fn check_frais_siege(d: &Dossier, c: &mut Collector) {
    let m = &d.signature.moyens;
    let src = "Instruction DGCS du 21 mars 2017 (seed 000), L730-L737 (V25)";
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
            "Instruction DGCS du 21 mars 2017 (seed 000), L667-L678 (V24)",
        );
    }
}

fn check_suivi(d: &Dossier, c: &mut Collector) {
    let s = &d.signature.suivi;
    let src = "Modèle de contrat PACA (seed 001), article 4-1, L727-L748";
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
        if members.is_empty() {
            c.warn(
                "S-COMITE",
                format!("signature.suivi.{field}"),
                format!("Comité de suivi : aucun membre pour {who}."),
                src,
            );
        }
    }
    for e in d.perimetre() {
        if !s.evaluations.iter().any(|x| x.esms == e.id) {
            c.warn(
                "S-EVALUATION",
                format!("signature.suivi.evaluations.{}", e.id),
                format!(
                    "{} : la date de l'évaluation prévue pendant le contrat n'est pas renseignée.",
                    e.nom
                ),
                "Modèle PACA (seed 001), L751 ; instruction DGCS (seed 000), L680-L698",
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
            "Instruction DGCS du 21 mars 2017 (seed 000), L991-L993",
        );
    }
    let first_signature = s.signataires.iter().filter_map(|x| x.date_signature).min();
    let src = "Instruction DGCS du 21 mars 2017 (seed 000), L1535-L1564 (V47)";
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
    let src = "Guide ARS Pays de la Loire (seed 002), L374-L393 ; instruction DGCS (seed 000), L1449-L1456 (V09)";
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
            {
                c.warn(
                    "S-ORDRE",
                    p("date_signature"),
                    format!(
                        "{} signe avant {who} : l'ordre prévu est organisme gestionnaire, puis département(s), puis ARS en dernier.",
                        sig.libelle
                    ),
                    "Guide ARS Pays de la Loire (seed 002), L374-L393",
                );
            }
            previous = Some((sig.libelle.clone(), date));
        }
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
pub const GENERATED: [&str; 3] = [
    "synthese_diagnostic",
    "objectifs_indicateurs",
    "elements_financiers",
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
            Some(3) => c.info("V26", path, msg, &item.source),
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
    let reparti = ars
        .iter()
        .filter(|e| {
            s.repartition
                .iter()
                .any(|r| r.esms == e.id && !r.groupes.is_empty())
        })
        .count() as u32;
    let budgets = perimetre
        .iter()
        .filter(|e| {
            s.budgets
                .iter()
                .any(|b| b.esms == e.id && !b.depenses.is_empty() && b.activite_theorique.is_some())
        })
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
    let (pa_done, pa_total) = super::pa::completion(d);
    let mut items = vec![
        item(
            "repartition",
            "Dotation répartie par ESMS",
            reparti,
            ars.len() as u32,
            "signature.repartition",
        ),
        item(
            "budgets",
            "Budgets de référence",
            budgets,
            n,
            "signature.budgets",
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
    ];
    if pa_total > 0 {
        items.insert(
            2,
            item(
                "moyens_pa",
                "Forfaits et financements des ESMS pour personnes âgées",
                pa_done,
                pa_total,
                "signature.moyens_pa",
            ),
        );
    }
    // Un dossier sans ESMS pour personnes handicapées n'a ni dotation commune ni budgets de
    // référence par groupe.
    items.retain(|i| i.total > 0 || !matches!(i.code.as_str(), "repartition" | "budgets"));
    items
}
