//! Règles du suivi du contrat signé et des projets d'avenant, chacune avec sa source (lignes
//! pour les mainteneurs ; à l'écran, le titre du document et sa section).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | SV-PROROGATION : prorogé de fait d'un an après 5 ans sans renouvellement | avertissement | instruction DGCS (seed 000) L1652-L1655 (V08) |
//! | SV-PROROGATION-AVENANT : prorogation par avenant, exception | avertissement | seed 000 L1654-L1664 (V08) |
//! | SV-ECHU : au-delà des prorogations, la suite n'est pas décrite | avertissement | seed 000 L1652-L1664 (V08) |
//! | SV-ECHEANCE : échéance de l'échéancier passée sans être faite | avertissement | catalogue `echeancier-suivi-v1.json` |
//! | SV-ECART : écart (en retard, non atteint) sans explication | erreur | seed 000 L640-L645 |
//! | SV-CALENDRIER : objectif non atteint sans nouveau calendrier (PACA) | avertissement | modèle PACA (seed 001) L818-L823 |
//! | SV-SAISINE : délai de deux mois de la saisine dépassé sans suites | avertissement | seed 001 L808-L816 |
//! | SV-CR : compte-rendu du dialogue à mi-parcours non validé par les parties | information | guide PdL (seed 002) L416-L418 |
//! | AV-TYPE : type de l'avenant | erreur | seed 000 L1606-L1693 (V35) |
//! | AV-VIDE : l'avenant ne modifie pas le contrat | erreur | seed 001 L833-L836 |
//! | V35 : changement (périmètre, aide sociale, option tarifaire d'un EHPAD, retour à l'équilibre, base juridique) qui se conclut par un avenant de ce type | erreur | seed 000 L1613-L1693 |
//! | AV-ENTRANT : nouvel ESMS sans objectif assigné ; hors d'un objectif transversal | erreur ; avertissement | seed 000 L1613-L1619 |
//! | AV-DUREE : l'avenant change la date d'effet ou la durée | erreur | seed 001 L833-L836 ; seed 000 L1652-L1664 |
//! | AV-PROROGATION : prorogation hors de l'année de prorogation de fait ; exception | avertissement | seed 000 L1652-L1664 (V08) |
//! | AV-BILAN : compte-rendu du dialogue à mi-parcours validé | erreur | seed 002 L413-L418 |
//! | AV-DOTATION : actualisation annuelle sans changement des moyens | avertissement | seed 000 L1234-L1238 |
//! | V34 : transformation du CPOM : objectifs et tarification à la ressource | avertissement | seed 000 L1626-L1632 |
//! | AV-SIGNATAIRE : nom, qualité et date de chaque partie | erreur | seed 002 L374-L393 |

use chrono::{Months, NaiveDate};

use crate::dossier::Dossier;
use crate::dossier::objectifs::PorteeObjectif;
use crate::dossier::signature::ModeEvolutionDotation;
use crate::dossier::suivi::{Appreciation, Avenant, TypeAvenant, TypeDialogue};
use crate::kernel::issue::Collector;
use crate::perimetre::calc::derived;
use crate::signature::calc::partie_key;
use crate::suivi::calc::{
    Echeance, EtatContrat, EtatEcheance, REGION_PACA, Revue, SituationContrat, annees_suivies,
    echeancier, modele_du_dossier, revue, situation,
};
use crate::suivi::versions::{contrat_signe, restore};
use serde::Serialize;
use ts_rs::TS;

pub const DGCS_PROROGATION: &str = "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.2 b) « Prorogation d'une année supplémentaire du CPOM »";
pub const DGCS_AVENANTS: &str = "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.2 b) « Les modifications du CPOM par voie d'avenants »";
pub const DGCS_ANNEXE_OBJECTIFS: &str = "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 1.1 (annexe évolutive des objectifs : expliciter les écarts)";
pub const PACA_ART4: &str = "Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021), article 4-3 « Dialogues de gestion »";
pub const PACA_ART6: &str = "Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021), article 6 « Révision du contrat »";
pub const PDL_SUIVI: &str = "Guide méthodologique CPOM PH de l'ARS Pays de la Loire, partie 5 « Le suivi et la révision du contrat »";

/// Les points du suivi d'un contrat signé.
pub fn check(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    if !contrat_signe(d) {
        return;
    }
    let s = situation(d, today);
    match s.etat {
        EtatContrat::ProrogeDeFait => c.warn(
            "SV-PROROGATION",
            "cpom.date_effet",
            format!(
                "Le contrat est arrivé à échéance sans être renouvelé : il est prorogé de fait d'une année supplémentaire, sans avenant. {}",
                "Préparez le renouvellement ; à l'issue de cette année, seul un avenant d'un an peut encore le proroger."
            ),
            DGCS_PROROGATION,
        ),
        EtatContrat::ProrogeParAvenant => c.warn(
            "SV-PROROGATION-AVENANT",
            "suivi_contrat.avenants",
            "Le contrat est prorogé par avenant : cette faculté « doit rester une exception et ne saurait devenir la règle ». Le renouvellement est à conclure pendant cette année.",
            DGCS_PROROGATION,
        ),
        EtatContrat::Echu => c.warn(
            "SV-ECHU",
            "suivi_contrat.general.renouvele_le",
            "Le contrat a dépassé sa durée et ses prorogations : l'instruction ne décrit pas ce qui suit. Enregistrez la date de signature du contrat suivant s'il est signé.",
            DGCS_PROROGATION,
        ),
        _ => {}
    }
    for e in echeancier(d, today)
        .into_iter()
        .filter(|e| e.etat == EtatEcheance::EnRetard)
    {
        c.warn(
            "SV-ECHEANCE",
            e.chemin.clone(),
            format!(
                "En retard depuis le {} : {}.",
                crate::kernel::format::date_long(e.date),
                e.libelle
            ),
            &e.source,
        );
    }
    check_ecarts(d, today, c);
    check_saisines(d, today, c);
    for g in &d.suivi_contrat.dialogues {
        if g.nature == TypeDialogue::MiParcours
            && g.date.is_some_and(|x| x <= today)
            && g.valide_le.is_none()
        {
            c.info(
                "SV-CR",
                format!("suivi_contrat.dialogues.{}.valide_le", g.id),
                "Le compte-rendu du dialogue à mi-parcours n'est pas encore validé par l'ensemble des parties : validé, il a valeur d'avenant au CPOM.",
                PDL_SUIVI,
            );
        }
    }
}

fn check_ecarts(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    let paca = d.cpom.region.as_deref() == Some(REGION_PACA);
    for (k, y) in annees_suivies(d, today) {
        let r = revue(d, k);
        for o in &r.objectifs {
            let Some(a) = o.appreciation else { continue };
            let base = o.appreciation_id.map_or_else(
                || "suivi_contrat.objectifs".to_string(),
                |id| format!("suivi_contrat.objectifs.{id}"),
            );
            if a.ecart() && o.explication.trim().is_empty() {
                c.error(
                    "SV-ECART",
                    format!("{base}.explication.{k}"),
                    format!(
                        "Objectif {} « {} », exercice {y} : l'écart (« {} ») doit être expliqué.",
                        o.numero,
                        o.titre,
                        a.label()
                    ),
                    DGCS_ANNEXE_OBJECTIFS,
                );
            }
            if paca && a == Appreciation::NonAtteint && o.nouveau_calendrier.trim().is_empty() {
                c.warn(
                    "SV-CALENDRIER",
                    format!("{base}.nouveau_calendrier.{k}"),
                    format!(
                        "Objectif {} non atteint en {y} : le modèle PACA demande de proposer un nouveau calendrier de mise en œuvre (sauf accord des parties pour l'abandonner).",
                        o.numero
                    ),
                    "Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021), article 4",
                );
            }
        }
    }
}

/// L'échéance de réponse à une saisine : deux mois après la dernière réception attestée.
pub fn echeance_saisine(recue_le: NaiveDate) -> Option<NaiveDate> {
    recue_le.checked_add_months(Months::new(2))
}

fn check_saisines(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    for s in &d.suivi_contrat.saisines {
        let Some(limite) = s.recue_le.and_then(echeance_saisine) else {
            continue;
        };
        if s.suites_le.is_none() && today > limite {
            c.warn(
                "SV-SAISINE",
                format!("suivi_contrat.saisines.{}.suites_le", s.id),
                format!(
                    "Saisine du comité de suivi : le délai de deux mois pour convenir des suites a expiré le {}.",
                    crate::kernel::format::date_long(limite)
                ),
                PACA_ART4,
            );
        }
    }
}

// ——— Le projet d'avenant ———

fn has(a: &Avenant, t: TypeAvenant) -> bool {
    a.types.contains(&t)
}

/// Les points propres au projet d'avenant `a` (le dossier porte le projet) : type, contenu,
/// nouvel entrant, durée, prorogation, bilan d'étape, signatures.
pub fn check_avenant(d: &Dossier, a: &Avenant, today: NaiveDate, c: &mut Collector) {
    let base = format!("suivi_contrat.avenants.{}", a.id);
    let before = restore(d, &a.modifications);
    if a.types.is_empty() {
        c.error(
            "AV-TYPE",
            format!("{base}.types"),
            "Choisissez le type de l'avenant (périmètre, aide sociale, prorogation…).",
            DGCS_AVENANTS,
        );
    }
    if a.objet.trim().is_empty() {
        c.warn(
            "AV-OBJET",
            format!("{base}.objet"),
            "Rédigez l'objet de l'avenant : il s'imprime en tête du document.",
            DGCS_AVENANTS,
        );
    }
    let sans_modification = a.modifications.is_empty()
        || crate::suivi::versions::contract_changes(&before, d).is_empty();
    let sans_contenu_requis = a
        .types
        .iter()
        .all(|t| matches!(t, TypeAvenant::Prorogation | TypeAvenant::BilanEtape));
    if sans_modification && !sans_contenu_requis {
        c.error(
            "AV-VIDE",
            format!("{base}.modifications"),
            "Le projet d'avenant ne modifie pas encore le contrat : faites les modifications dans les étapes du contrat (périmètre, objectifs, moyens) tant que le projet est ouvert.",
            PACA_ART6,
        );
    }
    check_v35(d, &before, a, &base, c);
    check_entrants(d, &before, &base, c);
    if before.cpom.date_effet != d.cpom.date_effet
        || before.cpom.duree_annees != d.cpom.duree_annees
    {
        c.error(
            "AV-DUREE",
            "cpom.duree_annees",
            "Un avenant ne modifie ni la date d'effet ni la durée du contrat : la prolongation passe par la prorogation de fait puis, le cas échéant, par un avenant de prorogation d'un an.",
            "Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021), article 6 ; Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.2 b)",
        );
    }
    if has(a, TypeAvenant::Prorogation) {
        let s = situation(d, today);
        if s.etat != EtatContrat::ProrogeDeFait {
            c.warn(
                "AV-PROROGATION",
                format!("{base}.types"),
                "L'avenant de prorogation d'un an se conclut à l'issue de la prorogation de fait (6e année), si le renouvellement n'est toujours pas possible.",
                DGCS_PROROGATION,
            );
        }
        c.warn(
            "AV-PROROGATION-EXCEPTION",
            format!("{base}.types"),
            "La prorogation par avenant « doit rester une exception et ne saurait devenir la règle » : la durée moyenne des contrats doit rester de 5 ans.",
            DGCS_PROROGATION,
        );
        if d.suivi_contrat
            .avenants_signes()
            .any(|x| has(x, TypeAvenant::Prorogation))
        {
            c.warn(
                "AV-PROROGATION-SECONDE",
                format!("{base}.types"),
                "Un avenant de prorogation est déjà signé : l'instruction ne prévoit qu'une prorogation d'un an par avenant.",
                DGCS_PROROGATION,
            );
        }
    }
    if has(a, TypeAvenant::BilanEtape) {
        let ok = a
            .dialogue
            .and_then(|id| d.suivi_contrat.dialogues.iter().find(|g| g.id == id))
            .is_some_and(|g| g.nature == TypeDialogue::MiParcours && g.valide_le.is_some());
        if !ok {
            c.error(
                "AV-BILAN",
                format!("{base}.dialogue"),
                "Rattachez l'avenant au dialogue de gestion à mi-parcours dont le compte-rendu a été validé par l'ensemble des parties : c'est ce compte-rendu qui a valeur d'avenant.",
                PDL_SUIVI,
            );
        }
    }
    if has(a, TypeAvenant::ActualisationDotation) {
        // Dotation globalisée (PH) comme forfaits et financements complémentaires (PA).
        let moyens_changes = before.signature.moyens != d.signature.moyens
            || before.signature.repartition != d.signature.repartition
            || before.signature.budgets != d.signature.budgets
            || before.signature.moyens_pa != d.signature.moyens_pa
            || before.signature.financements_complementaires
                != d.signature.financements_complementaires;
        if !moyens_changes {
            c.warn(
                "AV-DOTATION",
                "signature.moyens",
                "L'avenant d'actualisation de la dotation ne modifie pas encore les moyens du contrat (dotation et sa répartition, budgets de référence, forfaits ou financements complémentaires).",
                "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017 (article R. 314-40 du CASF : avenants annuels d'actualisation)",
            );
        }
        if d.signature.moyens.mode_evolution != Some(ModeEvolutionDotation::AvenantsAnnuels) {
            c.info(
                "AV-DOTATION-MODE",
                "signature.moyens.mode_evolution",
                "Le contrat ne prévoit pas d'avenants annuels pour faire évoluer la dotation : vérifiez que cet avenant est bien attendu par les autorités.",
                "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017 (article R. 314-40 du CASF)",
            );
        }
    }
    if has(a, TypeAvenant::StatutCpom) {
        c.warn(
            "V34",
            format!("{base}.types"),
            "L'avenant de transformation doit comporter les objectifs d'activité et de qualité de prise en charge et la tarification à la ressource avec l'EPRD.",
            "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.2 b) « Modification du statut du CPOM »",
        );
    }
    for (s, x) in derived(d)
        .signataires
        .iter()
        .map(|s| (s, a.signataire(&partie_key(s))))
    {
        let key = partie_key(s);
        if x.is_none_or(|x| x.nom.trim().is_empty() || x.qualite.trim().is_empty()) {
            c.error(
                "AV-SIGNATAIRE",
                format!("{base}.signataires.{key}.nom"),
                format!(
                    "Indiquez le nom et la qualité du signataire de l'avenant pour {}.",
                    s.libelle
                ),
                "Guide méthodologique CPOM PH de l'ARS Pays de la Loire, partie 4 (signature)",
            );
        }
    }
}

/// V35 : ce qui change se conclut par un avenant de ce type.
fn check_v35(d: &Dossier, before: &Dossier, a: &Avenant, base: &str, c: &mut Collector) {
    let ids = |x: &Dossier| -> Vec<uuid::Uuid> { x.perimetre().map(|e| e.id).collect() };
    let perimetre = ids(before) != ids(d);
    // L'habilitation des ESMS présents avant et après (un ESMS ajouté relève du périmètre).
    let communs: Vec<uuid::Uuid> = ids(before)
        .into_iter()
        .filter(|i| ids(d).contains(i))
        .collect();
    let hab = |x: &Dossier| -> Vec<_> {
        x.perimetre()
            .filter(|e| communs.contains(&e.id))
            .map(|e| {
                (
                    e.id,
                    e.habilitation_aide_sociale,
                    e.places_habilitees_aide_sociale,
                    e.pa.date_convention_aide_sociale,
                )
            })
            .collect()
    };
    let aide_sociale = hab(before) != hab(d)
        || before.signature.moyens.clause_aide_sociale != d.signature.moyens.clause_aide_sociale;
    let option = |x: &Dossier| -> Vec<_> {
        x.perimetre()
            .filter(|e| communs.contains(&e.id))
            .map(|e| (e.id, e.pa.option_tarifaire))
            .collect()
    };
    let option_tarifaire = option(before) != option(d);
    let equilibre =
        !before.signature.moyens.plan_retour_equilibre && d.signature.moyens.plan_retour_equilibre;
    let statut = before.cpom.base_juridique != d.cpom.base_juridique;
    for (changed, t, what) in [
        (
            perimetre,
            TypeAvenant::Perimetre,
            "le périmètre (ESMS ajoutés ou retirés)",
        ),
        (
            aide_sociale,
            TypeAvenant::AideSociale,
            "les conditions d'accueil des bénéficiaires de l'aide sociale",
        ),
        (
            equilibre,
            TypeAvenant::RetourEquilibre,
            "un plan de retour à l'équilibre",
        ),
        (
            statut,
            TypeAvenant::StatutCpom,
            "la base juridique du contrat",
        ),
        (
            option_tarifaire,
            TypeAvenant::OptionTarifaire,
            "l'option tarifaire d'un EHPAD",
        ),
    ] {
        if changed && !has(a, t) {
            c.error(
                "V35",
                format!("{base}.types"),
                format!(
                    "Le projet modifie {what} : cochez le type « {} ».",
                    t.label()
                ),
                DGCS_AVENANTS,
            );
        }
    }
}

/// Un nouvel ESMS reçoit des objectifs ; les objectifs transversaux l'incluent.
fn check_entrants(d: &Dossier, before: &Dossier, _base: &str, c: &mut Collector) {
    let anciens: Vec<uuid::Uuid> = before.perimetre().map(|e| e.id).collect();
    for e in d.perimetre().filter(|e| !anciens.contains(&e.id)) {
        let propres = d
            .objectifs
            .actifs()
            .filter(|o| o.portee == PorteeObjectif::Propre && o.esms.contains(&e.id))
            .count();
        if propres == 0 {
            c.error(
                "AV-ENTRANT",
                format!("esms.{}", e.id),
                format!(
                    "Le nouvel ESMS « {} » n'a aucun objectif propre : l'avenant lui assigne des objectifs.",
                    e.nom
                ),
                DGCS_AVENANTS,
            );
        }
        for (n, o) in d.objectifs.actifs().enumerate() {
            let transversal = o.portee == PorteeObjectif::Propre
                && anciens.len() > 1
                && anciens.iter().all(|x| o.esms.contains(x));
            if transversal && !o.esms.contains(&e.id) {
                c.warn(
                    "AV-ENTRANT-TRANSVERSAL",
                    format!("objectifs.objectifs.{}.esms", o.id),
                    format!(
                        "L'objectif {} « {} » concerne tous les ESMS du contrat initial : incluez-y le nouvel ESMS « {} ».",
                        n + 1,
                        o.titre,
                        e.nom
                    ),
                    DGCS_AVENANTS,
                );
            }
        }
    }
}

// ——— Le suivi en une vue ———

/// Ce que l'écran « Suivi du contrat » et `cpom check` affichent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SuiviVue {
    pub situation: SituationContrat,
    /// Les années suivies : (année du contrat, exercice).
    pub annees: Vec<(u8, i32)>,
    /// L'année de revue proposée : la dernière close (ou l'année en cours la 1re année).
    pub annee_revue: Option<u8>,
    pub echeancier: Vec<Echeance>,
    pub en_retard: usize,
    /// Une revue par année suivie.
    pub revues: Vec<Revue>,
    /// Le modèle de contrat qui donne sa forme aux documents.
    pub modele: String,
    /// Les points du suivi (écarts à expliquer, retards, prorogation…), chacun avec sa
    /// source.
    pub points: Vec<crate::kernel::issue::Issue>,
}

pub fn vue(d: &Dossier, today: NaiveDate) -> SuiviVue {
    let situation = situation(d, today);
    let annees = annees_suivies(d, today);
    let echeancier = echeancier(d, today);
    let en_retard = echeancier
        .iter()
        .filter(|e| e.etat == EtatEcheance::EnRetard)
        .count();
    let courante = situation.annee;
    let annee_revue = match courante {
        Some(k) if k > 1 => Some(k - 1),
        Some(k) => Some(k),
        None if situation.etat == EtatContrat::Echu || situation.etat == EtatContrat::Renouvele => {
            annees.last().map(|x| x.0)
        }
        None => None,
    };
    let signe = contrat_signe(d);
    let revues = if signe {
        annees.iter().map(|(k, _)| revue(d, *k)).collect()
    } else {
        Vec::new()
    };
    let mut c = Collector::default();
    check(d, today, &mut c);
    let mut points = c.0;
    points.sort_by_key(|i| i.severity);
    SuiviVue {
        points,
        situation,
        annees,
        annee_revue,
        echeancier,
        en_retard,
        revues,
        modele: modele_du_dossier(d).into(),
    }
}
