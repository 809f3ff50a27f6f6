//! Les fiches-objectifs de l'exemple « personnes âgées » : cinq objectifs qui couvrent les
//! thématiques que la loi fixe au CPOM « EHPAD » (activité, qualité de prise en charge,
//! accompagnement, intervention de l'HAD y compris en soins palliatifs) et l'expression des
//! résidents, avec actions sur les cinq ans et indicateurs complets. Données fictives.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{AMANDIERS, PUV, RA, SAINT_CLEMENT, SSIAD, TERRASSES};
use crate::dossier::diagnostic::ElementSynthese;
use crate::dossier::objectifs::{
    Action, AutoritesEngagees, Axe, IndicateurObjectif, NatureIndicateur, NatureMoyens, Objectif,
    Objectifs, PorteeObjectif, StatutObjectif, ThemeEhpad,
};
use crate::dossier::perimetre::Esms;

fn d(y: i32, m: u32, j: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, j)
}

fn n(s: &str) -> Option<Decimal> {
    s.parse::<Decimal>().ok()
}

/// Une action : libellé, début, fin, référent, partenaires.
type ActionSpec = (
    &'static str,
    (i32, u32, u32),
    (i32, u32, u32),
    &'static str,
    &'static [&'static str],
);

struct Fiche {
    titre: &'static str,
    axe: Axe,
    themes: &'static [ThemeEhpad],
    /// Indices des ESMS ; vide : objectif partagé.
    esms: &'static [usize],
    autorites: AutoritesEngagees,
    /// Indices des éléments de la synthèse du diagnostic.
    constats: &'static [usize],
    pilote: &'static str,
    contexte: &'static str,
    situation_visee: &'static str,
    moyens: NatureMoyens,
    actions: &'static [ActionSpec],
    indicateur: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        (&'static str, &'static str, &'static str),
    ),
}

use AutoritesEngagees::*;
use ThemeEhpad as T;

const FICHES: &[Fiche] = &[
    Fiche {
        titre: "Faire de l'hébergement temporaire et de l'accueil de jour une offre de répit coordonnée",
        axe: Axe::Parcours,
        themes: &[T::Activite, T::Accompagnement],
        esms: &[TERRASSES, AMANDIERS, SAINT_CLEMENT, SSIAD],
        autorites: ArsEtCd,
        constats: &[0, 9],
        pilote: "M. Loïc Fabre, directeur de la qualité et des parcours",
        contexte: "L'hébergement temporaire est occupé à 58 % aux Amandiers et à 71 % aux Terrasses ; les aidants suivis par le SSIAD manquent de solutions de répit programmées.",
        situation_visee: "Un guichet unique des admissions en hébergement temporaire et accueil de jour, partagé avec le SSIAD ; occupation de l'hébergement temporaire d'au moins 85 %.",
        moyens: NatureMoyens::MoyensConstants,
        actions: &[
            (
                "Créer un guichet unique des admissions en hébergement temporaire des trois EHPAD",
                (2027, 2, 1),
                (2027, 12, 31),
                "Référent CPOM",
                &["Plateforme d'accompagnement et de répit de Montpellier"],
            ),
            (
                "Proposer aux aidants suivis par le SSIAD un plan de répit annuel",
                (2028, 3, 1),
                (2029, 12, 31),
                "Infirmière coordinatrice du SSIAD",
                &[],
            ),
            (
                "Écrire un projet de service commun de l'hébergement temporaire",
                (2028, 1, 15),
                (2028, 12, 31),
                "Directrice des Amandiers",
                &[],
            ),
        ],
        indicateur: (
            "Taux d'occupation de l'hébergement temporaire",
            "Journées réalisées en hébergement temporaire / (places autorisées × 365) × 100, pour les trois EHPAD",
            "Tableau de bord de la performance",
            "%",
            ("66", "78", "85"),
        ),
    },
    Fiche {
        titre: "Généraliser l'intervention de l'HAD et la démarche palliative",
        axe: Axe::Qualite,
        themes: &[T::HadSoinsPalliatifs, T::QualitePriseEnCharge],
        esms: &[TERRASSES, AMANDIERS, SAINT_CLEMENT, PUV],
        autorites: Ars,
        constats: &[1, 5],
        pilote: "Dr Anne Soulier, médecin coordonnateur des Terrasses",
        contexte: "Les trois EHPAD ont une convention avec l'HAD Montpellier Métropole ; la petite unité de vie n'en a pas et la démarche palliative est inégale.",
        situation_visee: "Chaque établissement a une convention d'intervention HAD active, un référent soins palliatifs formé et un recours organisé à l'équipe mobile.",
        moyens: NatureMoyens::MoyensConstants,
        actions: &[
            (
                "Signer la convention d'intervention HAD de la petite unité de vie",
                (2027, 1, 15),
                (2027, 6, 30),
                "Directeur de la petite unité de vie",
                &["HAD Montpellier Métropole"],
            ),
            (
                "Former un référent soins palliatifs par établissement",
                (2028, 1, 15),
                (2029, 6, 30),
                "Responsable formation",
                &["Équipe mobile de soins palliatifs du CHU"],
            ),
            (
                "Revue annuelle des fins de vie avec l'HAD et l'équipe mobile",
                (2028, 1, 1),
                (2031, 12, 31),
                "Médecins coordonnateurs",
                &["HAD Montpellier Métropole"],
            ),
        ],
        indicateur: (
            "Établissements couverts par une convention HAD active",
            "Nombre d'établissements (EHPAD et PUV) disposant d'une convention d'intervention HAD signée et mise en œuvre dans l'année / 4 × 100",
            "Conventions et bilans annuels de l'HAD",
            "%",
            ("75", "100", "100"),
        ),
    },
    Fiche {
        titre: "Renforcer l'expression et la participation individuelle et collective des résidents",
        axe: Axe::Qualite,
        themes: &[T::ParticipationResidents, T::QualitePriseEnCharge],
        esms: &[],
        autorites: ArsEtCd,
        constats: &[6],
        pilote: "Mme Sandrine Roux, responsable qualité",
        contexte: "CVS actifs dans les cinq établissements ; participation des résidents de l'UHR et des familles encore limitée.",
        situation_visee: "Chaque résident a un projet personnalisé réévalué chaque année avec lui ; un groupe d'expression des familles fonctionne à l'UHR.",
        moyens: NatureMoyens::MoyensConstants,
        actions: &[
            (
                "Créer un groupe d'expression des familles à l'UHR",
                (2027, 4, 1),
                (2027, 12, 31),
                "Directrice des Amandiers",
                &[],
            ),
            (
                "Réévaluer chaque année le projet personnalisé avec le résident",
                (2028, 1, 1),
                (2031, 12, 31),
                "Directeurs d'établissement",
                &[],
            ),
        ],
        indicateur: (
            "Projets personnalisés réévalués dans l'année",
            "Résidents dont le projet personnalisé a été réévalué dans l'année avec eux / résidents présents depuis plus de six mois × 100",
            "Dossier usager informatisé",
            "%",
            ("72", "90", "100"),
        ),
    },
    Fiche {
        titre: "Ouvrir les actions de prévention de la résidence autonomie aux habitants de Clapiers",
        axe: Axe::Parcours,
        themes: &[T::Accompagnement],
        esms: &[RA],
        autorites: Cd,
        constats: &[8],
        pilote: "Mme Élodie Martin, directrice de la résidence autonomie",
        contexte: "Les actions collectives de prévention (lien social, prévention des chutes, mémoire) financées par le forfait autonomie ne sont ouvertes qu'aux résidents.",
        situation_visee: "Un programme annuel de prévention ouvert aux habitants, conforme aux priorités de la conférence des financeurs.",
        moyens: NatureMoyens::MoyensConstants,
        actions: &[
            (
                "Programme annuel d'ateliers « équilibre et prévention des chutes » ouverts aux habitants",
                (2027, 3, 1),
                (2031, 12, 31),
                "Directrice de la résidence",
                &["Centre communal d'action sociale de Clapiers"],
            ),
            (
                "Rapport annuel au département sur l'utilisation du forfait autonomie",
                (2028, 1, 1),
                (2031, 4, 30),
                "Directrice de la résidence",
                &[],
            ),
        ],
        indicateur: (
            "Participants extérieurs aux actions de prévention",
            "Nombre de personnes non résidentes ayant participé à au moins une action de prévention dans l'année",
            "Registre des ateliers de la résidence",
            "personnes",
            ("0", "40", "60"),
        ),
    },
    Fiche {
        titre: "Sécuriser l'activité et la continuité des soins : coupes validées à temps et équipes stabilisées",
        axe: Axe::Efficience,
        themes: &[T::Activite, T::QualitePriseEnCharge],
        esms: &[TERRASSES, AMANDIERS, SAINT_CLEMENT],
        autorites: ArsEtCd,
        constats: &[2, 3, 10],
        pilote: "Mme Nadia Benkhaled, directrice générale",
        contexte: "Le PMP des Amandiers a été validé après le 30 juin 2025 ; postes d'infirmier vacants et absentéisme des aides-soignants supérieur à 10 %.",
        situation_visee: "Coupes AGGIR et PATHOS validées avant le 30 juin de leur année ; absentéisme ramené sous 8 %.",
        moyens: NatureMoyens::Redeploiement,
        actions: &[
            (
                "Calendrier des coupes AGGIR et PATHOS avec validation avant le 30 juin",
                (2027, 1, 10),
                (2027, 6, 30),
                "Médecins coordonnateurs",
                &["ARS Occitanie (médecins valideurs)"],
            ),
            (
                "Pool de remplacement commun aux trois EHPAD",
                (2028, 1, 1),
                (2029, 6, 30),
                "Directrice des ressources humaines",
                &[],
            ),
        ],
        indicateur: (
            "Taux d'absentéisme des soignants",
            "Jours d'absence (hors formation) / (ETP soignants × 365) × 100",
            "Tableau de bord de la performance",
            "%",
            ("10.4", "9", "8"),
        ),
    },
];

/// Les objectifs de l'exemple « personnes âgées ».
pub fn objectifs(
    esms: &[Esms],
    synthese: &[ElementSynthese],
    next_id: &mut dyn FnMut() -> Uuid,
) -> Objectifs {
    let mut out = Objectifs::default();
    for f in FICHES {
        let id = next_id();
        out.objectifs.push(Objectif {
            id,
            titre: f.titre.into(),
            axe: Some(f.axe),
            portee: if f.esms.is_empty() {
                PorteeObjectif::Partage
            } else {
                PorteeObjectif::Propre
            },
            esms: f.esms.iter().map(|i| esms[*i].id).collect(),
            autorites: Some(f.autorites),
            constats: f.constats.iter().map(|i| synthese[*i].id).collect(),
            pilote: f.pilote.into(),
            statut: StatutObjectif::Retenu,
            cadre_reglementaire: "IV ter de l'article L. 313-12 du CASF ; arrêté du 3 mars 2017 ; instruction DGCS/SD5C/2017/96 du 21 mars 2017.".into(),
            schema_departemental: "Schéma départemental de l'autonomie de l'Hérault.".into(),
            constats_organisme: f.contexte.into(),
            etat_des_lieux: f.contexte.into(),
            situation_visee: f.situation_visee.into(),
            objectif_operationnel: f.situation_visee.into(),
            nature_moyens: Some(f.moyens),
            themes_ehpad: f.themes.to_vec(),
            ..Objectif::default()
        });
        for (libelle, debut, fin, referent, partenaires) in f.actions {
            out.actions.push(Action {
                id: next_id(),
                objectif: id,
                libelle: (*libelle).into(),
                debut: d(debut.0, debut.1, debut.2),
                fin: d(fin.0, fin.1, fin.2),
                referent: (*referent).into(),
                partenaires: partenaires.iter().map(|s| s.to_string()).collect(),
                depend_partenaire: !partenaires.is_empty(),
                ..Action::default()
            });
        }
        let (libelle, mode, source, unite, v) = f.indicateur;
        out.indicateurs.push(IndicateurObjectif {
            id: next_id(),
            objectif: id,
            libelle: libelle.into(),
            nature: NatureIndicateur::Evaluation,
            mode_calcul: mode.into(),
            source: source.into(),
            unite: unite.into(),
            valeur_initiale: n(v.0),
            cible_mi_parcours: n(v.1),
            cible_finale: n(v.2),
            ..IndicateurObjectif::default()
        });
    }
    out
}
