//! Les règles et l'avancement de l'étape « Lancement ».
//!
//! Le périmètre se définit au lancement (guide ANAP L1445-L1447) : les règles de l'organisme,
//! du CPOM et du périmètre (`validation.rs`) appartiennent à cette étape. S'y ajoutent les
//! portes de sortie du lancement du guide ANAP §7.2 (étapes 2 « Engagement » et 3
//! « Lancement »), le calendrier (rétroplanning), les acteurs, la check-list et les réunions.

use crate::dossier::lancement::Jalon;
use crate::dossier::lancement::Lancement;
use crate::dossier::lancement::SRC_CAMPAGNE;
use crate::lancement::calc::PhaseCode;
use crate::lancement::calc::date_field;
use crate::lancement::calendar::duration_fr;
use crate::lancement::calendar::exceeds;
use chrono::NaiveDate;

use crate::dossier::Dossier;
use crate::dossier::etapes::StepId;
use crate::dossier::lancement::{JalonCode, Niveau, RaciRole, TypeActeur, TypeReunion};
use crate::kernel::checklists::checklist_lancement;
use crate::kernel::format::date_short;
use crate::kernel::issue::Collector;
use crate::kernel::issue::Severity;
use crate::kernel::progress::CompletionItem;
use crate::lancement::calc::{applicable, bounds, norme};
use crate::perimetre::calc::PartieKind;
use crate::perimetre::calc::derived;
use crate::perimetre::rules::validate;

const SRC_ENGAGEMENT: &str = "anap L1435, L1121";
const SRC_LANCEMENT: &str = "anap L1437-L1453 ; pdl L335-L339";
const SRC_CALENDRIER: &str = "anap L1449-L1451 ; dgcs L1147-L1148 (rétroplanning)";
const SRC_ACTEURS: &str = "anap L249, L450-L458, L1478-L1481 (cartographie des acteurs)";
const SRC_RACI: &str = "anap L1474-L1477, L2182 (matrice RACI) ; inference : un seul « A » par étape (convention RACI)";
const SRC_CR: &str = "anap L1509, L1800 (compte-rendu partagé de chaque échange)";

/// Règle de `validation.rs` remplacée ici par une porte bloquante.
const SUPERSEDED: &[&str] = &["OG-CA"];

/// Les points de l'étape « Lancement ».
pub fn check(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    c.0.extend(
        validate(d)
            .issues
            .into_iter()
            .filter(|i| !SUPERSEDED.contains(&i.rule.as_str())),
    );
    engagement(d, c);
    jalons(d, c);
    check_planning(d, today, c);
    acteurs(d, c);
    checklist(d, c);
    reunions(d, today, c);
}

fn engagement(d: &Dossier, c: &mut Collector) {
    let o = &d.organisme;
    let e = &d.lancement.engagement;
    if o.date_deliberation_ca.is_none() {
        c.missing(
            "L-ENGAGEMENT",
            "organisme.date_deliberation_ca",
            "Engagement : datez l'accord de principe de l'organisme gestionnaire ou la délibération du conseil d'administration qui engage la démarche.",
            SRC_ENGAGEMENT,
        );
    }
    if !e.dg_mandate {
        c.missing(
            "L-DG-MANDAT",
            "lancement.engagement.dg_mandate",
            "Engagement : le directeur général doit être mandaté par l'organe délibérant pour négocier le CPOM.",
            SRC_ENGAGEMENT,
        );
    }
    if o.directeur_general.trim().is_empty() {
        c.warn(
            "L-DG-NOM",
            "organisme.directeur_general",
            "Indiquez le nom du directeur général mandaté.",
            SRC_ENGAGEMENT,
        );
    }
    if e.coordonnateur_ars.nom.trim().is_empty()
        && e.coordonnateur_cd.nom.trim().is_empty()
        && d.pack().a("coordonnateur")
    {
        let cd_only = !derived(d)
            .signataires
            .iter()
            .any(|s| s.kind == PartieKind::Ars);
        let path = if cd_only {
            "lancement.engagement.coordonnateur_cd.nom"
        } else {
            "lancement.engagement.coordonnateur_ars.nom"
        };
        c.warn(
            "L-COORDONNATEUR",
            path,
            "Indiquez le coordonnateur ARS ou départemental, interlocuteur privilégié pendant toute la négociation.",
            "pdl L340-L344",
        );
    }
}

fn jalons(d: &Dossier, c: &mut Collector) {
    let l = &d.lancement;
    if let Some(j) = l.jalon(JalonCode::ReunionLancement)
        && j.date_reelle.is_none()
    {
        let prevue = j
            .date_prevue
            .map(|p| format!(" (prévue le {})", date_short(p)))
            .unwrap_or_default();
        c.missing(
            "L-REUNION-LANCEMENT",
            format!("lancement.jalons.{}.date_reelle", j.id),
            format!(
                "La réunion de lancement n'a pas encore eu lieu{prevue} : indiquez sa date réelle une fois tenue."
            ),
            SRC_LANCEMENT,
        );
    }
    for j in &l.jalons {
        if j.code == JalonCode::Autre
            || !JalonCode::STANDARD.contains(&j.code)
            || j.id != j.code.standard_id()
            || !applicable(d, j.code)
            || j.date_retenue().is_some()
        {
            continue;
        }
        let path = format!("lancement.jalons.{}.date_prevue", j.id);
        match j.code {
            JalonCode::ReunionLancement => {}
            JalonCode::Programmation | JalonCode::PriseDeContact => c.info(
                "L-RETROPLANNING",
                path,
                format!("Rétroplanning : « {} » n'est pas daté.", j.titre()),
                SRC_CALENDRIER,
            ),
            _ => c.missing(
                "L-RETROPLANNING",
                path,
                format!(
                    "Rétroplanning : donnez une date prévue à « {} ».",
                    j.titre()
                ),
                SRC_CALENDRIER,
            ),
        }
    }
}

fn step_of(r: &crate::dossier::lancement::Raci, s: StepId) -> Option<RaciRole> {
    match s {
        StepId::Lancement => r.lancement,
        StepId::Diagnostic => r.diagnostic,
        StepId::Objectifs => r.objectifs,
        StepId::Signature => r.signature,
    }
}

fn acteurs(d: &Dossier, c: &mut Collector) {
    let acteurs = &d.lancement.acteurs;
    if acteurs.is_empty() {
        c.warn(
            "L-ACTEURS",
            "lancement.acteurs",
            "La cartographie des acteurs est vide : recensez les parties prenantes (signataires, associées, informées).",
            SRC_ACTEURS,
        );
        return;
    }
    for a in acteurs {
        let p = |f: &str| format!("lancement.acteurs.{}.{f}", a.id);
        let missing = if a.nom.trim().is_empty() {
            Some(("nom", "le nom"))
        } else if a.type_acteur.is_none() {
            Some(("type_acteur", "le type"))
        } else if a.niveau.is_none() {
            Some(("niveau", "le niveau d'implication"))
        } else {
            None
        };
        if let Some((f, what)) = missing {
            c.warn(
                "L-ACTEUR-INCOMPLET",
                p(f),
                format!(
                    "Acteur « {} » : précisez {what}.",
                    if a.nom.is_empty() { "sans nom" } else { &a.nom }
                ),
                SRC_ACTEURS,
            );
        }
    }
    for s in derived(d).signataires {
        let t = match s.kind {
            PartieKind::Organisme => TypeActeur::OrganismeGestionnaire,
            PartieKind::Cd => TypeActeur::ConseilDepartemental,
            PartieKind::Ars => TypeActeur::Ars,
        };
        let found = acteurs
            .iter()
            .any(|a| a.type_acteur == Some(t) && a.niveau == Some(Niveau::Signataire));
        if !found {
            c.warn(
                "L-SIGNATAIRES",
                "lancement.acteurs",
                format!(
                    "{} signe le CPOM mais n'apparaît pas comme acteur « signataire » dans la cartographie.",
                    s.libelle
                ),
                SRC_ACTEURS,
            );
        }
    }
    let any_raci = acteurs
        .iter()
        .any(|a| StepId::ALL.iter().any(|s| step_of(&a.raci, *s).is_some()));
    if !any_raci {
        c.warn(
            "L-RACI",
            "lancement.acteurs",
            "La matrice RACI n'est pas renseignée : indiquez qui réalise, approuve, est consulté ou informé à chaque étape.",
            SRC_RACI,
        );
        return;
    }
    for s in StepId::ALL {
        let n = |r: RaciRole| {
            acteurs
                .iter()
                .filter(|a| step_of(&a.raci, s) == Some(r))
                .count()
        };
        let msg = match (n(RaciRole::R), n(RaciRole::A)) {
            (_, 0) => Some("aucun acteur n'approuve (« A »)".to_string()),
            (_, a) if a > 1 => Some(format!(
                "{a} acteurs approuvent (« A ») : un seul rend compte de l'étape"
            )),
            (0, _) => Some("aucun acteur ne réalise (« R »)".to_string()),
            _ => None,
        };
        if let Some(m) = msg {
            c.warn(
                "L-RACI",
                format!("lancement.acteurs.raci.{}", s.code()),
                format!("Matrice RACI, étape « {} » : {m}.", s.label()),
                SRC_RACI,
            );
        }
    }
}

fn launch_held(d: &Dossier) -> bool {
    d.lancement
        .jalon(JalonCode::ReunionLancement)
        .is_some_and(|j| j.date_reelle.is_some())
}

fn checklist(d: &Dossier, c: &mut Collector) {
    if !launch_held(d) {
        return;
    }
    for item in &checklist_lancement().items {
        let done = d
            .lancement
            .checklist
            .iter()
            .any(|s| s.item == item.id && s.etat.done());
        if !done {
            c.warn(
                "L-CHECKLIST",
                format!("lancement.checklist.{}.etat", item.id),
                format!(
                    "Check-list de la réunion de lancement : « {} » n'est pas traité.",
                    item.libelle
                ),
                &item.source,
            );
        }
    }
    let cr = d
        .lancement
        .reunions
        .iter()
        .any(|r| r.type_reunion == Some(TypeReunion::Lancement) && r.has_compte_rendu());
    if !cr {
        c.warn(
            "L-CR-LANCEMENT",
            "lancement.reunions",
            "La réunion de lancement a eu lieu : enregistrez son compte-rendu (échéancier et comitologie actés).",
            SRC_CR,
        );
    }
}

fn reunions(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    for r in &d.lancement.reunions {
        let p = |f: &str| format!("lancement.reunions.{}.{f}", r.id);
        if r.type_reunion.is_none() {
            c.warn(
                "R-INCOMPLETE",
                p("type_reunion"),
                format!("{} : précisez le type de réunion.", r.titre()),
                "anap L1760-L1764",
            );
        }
        match r.date {
            None => c.warn(
                "R-INCOMPLETE",
                p("date"),
                format!("{} : indiquez la date.", r.titre()),
                "anap L1760-L1764",
            ),
            Some(date) if date < today && !r.has_compte_rendu() => c.warn(
                "R-CR",
                p("compte_rendu"),
                format!(
                    "{} : aucun compte-rendu n'est enregistré (texte ou référence du document).",
                    r.titre()
                ),
                SRC_CR,
            ),
            _ => {}
        }
    }
}

fn item(code: &str, libelle: &str, fait: usize, total: usize, chemin: &str) -> CompletionItem {
    CompletionItem {
        code: code.into(),
        libelle: libelle.into(),
        fait: fait as u32,
        total: total as u32,
        chemin: Some(chemin.into()),
    }
}

/// Ce qui est rempli dans le lancement.
pub fn completion(d: &Dossier, today: NaiveDate) -> Vec<CompletionItem> {
    let o = &d.organisme;
    let p = &d.cpom;
    let l = &d.lancement;
    let yes = |b: bool| usize::from(b);
    let mut out = vec![
        item(
            "organisme",
            "Organisme gestionnaire identifié",
            yes(!o.raison_sociale.trim().is_empty())
                + yes(o.finess_ej.is_some())
                + yes(o.statut_juridique.is_some())
                + yes(!o.representant_legal_nom.trim().is_empty()),
            4,
            "organisme",
        ),
        item(
            "cpom",
            "CPOM : base juridique, région, départements, date d'effet",
            yes(p.base_juridique.is_some())
                + yes(p.region.is_some())
                + yes(!p.departements.is_empty())
                + yes(p.date_effet.is_some()),
            4,
            "cpom",
        ),
    ];
    let esms_errors = validate(d)
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Erreur && i.path.starts_with("esms."))
        .map(|i| i.path.split('.').nth(1).unwrap_or("").to_string())
        .collect::<std::collections::HashSet<_>>();
    let n = d.perimetre().count();
    let clean = d
        .perimetre()
        .filter(|e| !esms_errors.contains(&e.id.to_string()))
        .count();
    out.push(item(
        "perimetre",
        "Périmètre : ESMS complets",
        clean,
        n.max(1),
        "esms",
    ));
    out.push(item(
        "engagement",
        "Engagement : délibération datée, DG mandaté",
        yes(o.date_deliberation_ca.is_some()) + yes(l.engagement.dg_mandate),
        2,
        "lancement.engagement",
    ));
    out.push(item(
        "referents",
        "Référent CPOM et coordonnateur désignés",
        yes(!o.referent_cpom_nom.trim().is_empty())
            + yes(!l.engagement.coordonnateur_ars.nom.trim().is_empty()
                || !l.engagement.coordonnateur_cd.nom.trim().is_empty()),
        2,
        "lancement.engagement",
    ));
    let std: Vec<_> = l
        .jalons
        .iter()
        .filter(|j| j.id == j.code.standard_id() && applicable(d, j.code))
        .collect();
    out.push(item(
        "retroplanning",
        "Rétroplanning daté",
        std.iter().filter(|j| j.date_retenue().is_some()).count(),
        std.len(),
        "lancement.jalons",
    ));
    out.push(item(
        "reunion_lancement",
        "Réunion de lancement tenue",
        yes(launch_held(d)),
        1,
        "lancement.jalons",
    ));
    let cl = checklist_lancement();
    out.push(item(
        "checklist",
        "Check-list de la réunion de lancement",
        cl.items
            .iter()
            .filter(|i| l.checklist.iter().any(|s| s.item == i.id && s.etat.done()))
            .count(),
        cl.items.len(),
        "lancement.checklist",
    ));
    out.push(item(
        "acteurs",
        "Cartographie des acteurs et RACI",
        l.acteurs
            .iter()
            .filter(|a| a.type_acteur.is_some() && a.niveau.is_some())
            .count()
            .min(1)
            + yes(l.acteurs.iter().any(|a| a.raci.lancement.is_some())),
        2,
        "lancement.acteurs",
    ));
    let past: Vec<_> = l
        .reunions
        .iter()
        .filter(|r| r.date.is_some_and(|x| x < today))
        .collect();
    if !past.is_empty() {
        out.push(item(
            "comptes_rendus",
            "Comptes-rendus des réunions passées",
            past.iter().filter(|r| r.has_compte_rendu()).count(),
            past.len(),
            "lancement.reunions",
        ));
    }
    out
}

/// Les avertissements de calendrier : normes, règle des 4 semaines, campagne budgétaire,
/// ordre des jalons, retards.
fn check_planning(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    let l = &d.lancement;
    for p in PhaseCode::ALL {
        let Some((a, b)) = bounds(d, p) else { continue };
        let (Some(x), Some(y)) = (a.date_retenue(), b.date_retenue()) else {
            continue;
        };
        let (mois, source) = norme(d, p);
        if exceeds(x, y, mois) {
            c.warn(
                p.rule(),
                date_field(b),
                format!(
                    "La phase « {} » dure {} (du {} au {}) pour une durée indicative de {} mois.",
                    p.label(),
                    duration_fr(x, y),
                    date_short(x),
                    date_short(y),
                    mois
                ),
                &source,
            );
        }
        if p == PhaseCode::Negociation
            && let Some((s, e)) = l.engagement.campagne_budgetaire.overlap(x, y)
        {
            c.warn(
                "P-CAMPAGNE",
                date_field(a),
                format!(
                    "La négociation (du {} au {}) chevauche la campagne budgétaire du {} au {} : calendriers concomitants à anticiper.",
                    date_short(x),
                    date_short(y),
                    date_short(s),
                    date_short(e)
                ),
                SRC_CAMPAGNE,
            );
        }
    }
    if d.pack().a("delai-dossier-diagnostic") {
        four_weeks(l, c);
    }
    order(d, c);
    for j in &l.jalons {
        dates_vs_today(j, today, c);
    }
    signature_after_effect(d, c);
}

/// Le dossier diagnostic est retourné au moins 4 semaines avant la réunion diagnostic.
fn four_weeks(l: &Lancement, c: &mut Collector) {
    let (Some(envoi), Some(reunion)) = (
        l.jalon(JalonCode::EnvoiDossierDiagnostic),
        l.jalon(JalonCode::ReunionDiagnostic),
    ) else {
        return;
    };
    let (Some(e), Some(r)) = (envoi.date_retenue(), reunion.date_retenue()) else {
        return;
    };
    let days = (r - e).num_days();
    if days < 28 {
        let when = if days < 0 {
            "après".to_string()
        } else {
            format!("{days} jours avant")
        };
        c.warn(
            "P-4-SEMAINES",
            date_field(envoi),
            format!(
                "Le dossier diagnostic est envoyé le {}, {when} la réunion diagnostic du {} : il doit parvenir au moins 4 semaines avant (au plus tard le {}).",
                date_short(e),
                date_short(r),
                date_short(r - chrono::Duration::days(28))
            ),
            "pdl L361-L364, L484-L485",
        );
    }
}

/// Les jalons se suivent dans l'ordre du processus ; les signatures dans l'ordre du pack
/// quand il l'impose (organisme, puis département, puis ARS en Pays de la Loire).
fn order(d: &Dossier, c: &mut Collector) {
    let pack = d.pack();
    let mut latest: Option<&Jalon> = None;
    for j in d
        .lancement
        .jalons
        .iter()
        .filter(|j| j.code != JalonCode::Autre && applicable(d, j.code))
    {
        let Some(date) = j.date_retenue() else {
            continue;
        };
        if let Some(prev) = latest
            && prev.date_retenue().is_some_and(|p| date < p)
            && prev.code != j.code
        {
            let signature = matches!(
                j.code,
                JalonCode::SignatureCd | JalonCode::SignatureArs | JalonCode::SignatureOg
            ) && matches!(
                prev.code,
                JalonCode::SignatureCd | JalonCode::SignatureArs | JalonCode::SignatureOg
            );
            if signature && !pack.a("ordre-signature") {
                continue;
            }
            let (rule, src) = if signature {
                ("P-ORDRE-SIGNATURE", pack.signature.source.as_str())
            } else {
                ("P-ORDRE", pack.retroplanning.demarche.as_str())
            };
            c.warn(
                rule,
                date_field(j),
                format!(
                    "« {} » ({}) est daté avant « {} » ({}), qui le précède dans la démarche.",
                    j.titre(),
                    date_short(date),
                    prev.titre(),
                    date_short(prev.date_retenue().unwrap_or(date))
                ),
                src,
            );
            continue;
        }
        if latest
            .and_then(Jalon::date_retenue)
            .is_none_or(|p| date >= p)
        {
            latest = Some(j);
        }
    }
}

fn dates_vs_today(j: &Jalon, today: NaiveDate, c: &mut Collector) {
    let path = |f: &str| format!("lancement.jalons.{}.{f}", j.id);
    let src = "anap L1458 (« un rétroplanning précisant les délais »)";
    if let Some(r) = j.date_reelle {
        if r > today {
            c.warn(
                "P-REEL-FUTUR",
                path("date_reelle"),
                format!(
                    "« {} » : la date réelle ({}) est dans le futur ; s'agit-il d'une date prévue ?",
                    j.titre(),
                    date_short(r)
                ),
                src,
            );
        }
        if let Some(p) = j.date_prevue
            && r > p
        {
            c.info(
                "P-RETARD",
                path("date_reelle"),
                format!(
                    "« {} » a eu lieu le {}, {} après la date prévue ({}).",
                    j.titre(),
                    date_short(r),
                    duration_fr(p, r),
                    date_short(p)
                ),
                src,
            );
        }
    } else if let Some(p) = j.date_prevue
        && p < today
    {
        c.info(
            "P-A-CONFIRMER",
            path("date_reelle"),
            format!(
                "La date prévue de « {} » ({}) est passée : indiquez la date réelle, ou une nouvelle date prévue.",
                j.titre(),
                date_short(p)
            ),
            src,
        );
    }
}

fn signature_after_effect(d: &Dossier, c: &mut Collector) {
    let Some(effet) = d.cpom.date_effet else {
        return;
    };
    // Un contrat qui prend effet à sa signature (modèle PACA) : voir PACA-EFFET.
    if d.pack().signature.effet_a_la_signature {
        return;
    }
    let last = [
        JalonCode::SignatureArs,
        JalonCode::SignatureCd,
        JalonCode::SignatureOg,
    ]
    .into_iter()
    .filter(|c| applicable(d, *c))
    .filter_map(|c| d.lancement.jalon(c))
    .find(|j| j.date_retenue().is_some());
    if let Some(j) = last
        && let Some(s) = j.date_retenue()
        && s > effet
    {
        c.warn(
            "P-EFFET",
            date_field(j),
            format!(
                "La dernière signature ({}) est postérieure à la date d'effet du CPOM ({}).",
                date_short(s),
                date_short(effet)
            ),
            "arrete titre 2, art. 5 « Date d'entrée en vigueur et durée » ; inference : la dernière signature précède la date d'effet",
        );
    }
}
