//! Les fiches-objectifs du dossier exemple : neuf objectifs qui couvrent les six objectifs
//! minimum du guide Pays de la Loire, sur plusieurs ESMS, avec actions étalées sur les cinq
//! ans et indicateurs complets. Données fictives.

use crate::dossier::objectifs::Action;
use crate::dossier::objectifs::AutoritesEngagees;
use crate::dossier::objectifs::Axe;
use crate::dossier::objectifs::IndicateurObjectif;
use crate::dossier::objectifs::NatureIndicateur;
use crate::dossier::objectifs::NatureMoyens;
use crate::dossier::objectifs::Objectif;
use crate::dossier::objectifs::ObjectifMinimum;
use crate::dossier::objectifs::Objectifs;
use crate::dossier::objectifs::PorteeObjectif;
use crate::dossier::objectifs::StatutObjectif;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::dossier::diagnostic::ElementSynthese;
use crate::dossier::perimetre::Esms;

fn d(y: i32, m: u32, j: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, j)
}

fn n(s: &str) -> Option<Decimal> {
    s.parse::<Decimal>().ok()
}

/// Une fiche à construire : (titre, axe, minimums, ESMS (indices ; vide = partagé),
/// autorités, constats (indices de la synthèse), pilote, statut, textes).
struct Fiche {
    titre: &'static str,
    axe: Axe,
    minimums: &'static [ObjectifMinimum],
    esms: &'static [usize],
    autorites: AutoritesEngagees,
    constats: &'static [usize],
    pilote: &'static str,
    statut: StatutObjectif,
    orientations: &'static [&'static str],
    besoins: &'static [&'static str],
    contexte: &'static str,
    situation_visee: &'static str,
    moyens: NatureMoyens,
    impact_pgfp: bool,
    actions: &'static [ActionSpec],
    indicateurs: &'static [IndicSpec],
}

struct ActionSpec {
    libelle: &'static str,
    debut: (i32, u32, u32),
    fin: (i32, u32, u32),
    referent: &'static str,
    partenaires: &'static [&'static str],
    depend: bool,
}

struct IndicSpec {
    libelle: &'static str,
    nature: NatureIndicateur,
    mode_calcul: &'static str,
    source: &'static str,
    unite: &'static str,
    /// Valeur initiale, cible à mi-parcours, cible finale.
    valeurs: (&'static str, &'static str, &'static str),
}

/// Description et tâches (calendrier prévisionnel) de quelques actions : ce que la fiche
/// action PACA et la fiche action ANAP impriment.
const DETAILS: [(&str, &str, &[&str]); 2] = [
    (
        "Conventions d'admission progressive avec l'EAM et le foyer de vie",
        "Organiser, pour chaque jeune adulte maintenu au titre de l'amendement Creton, une admission progressive (stages, accueil de jour puis hébergement) dans un établissement pour adultes de l'association.",
        &[
            "Mars-avril 2027 : recenser les jeunes concernés et leurs orientations avec la MDPH",
            "Mai-juin 2027 : rédiger et signer les conventions entre l'IME, l'ITEP, l'EAM et le foyer de vie",
            "Septembre 2027 - juin 2028 : premiers stages et admissions progressives, bilan en comité de suivi",
        ],
    ),
    (
        "Créer six places d'accueil de jour au foyer de vie par redéploiement",
        "Transformer des places d'internat sous-occupées du foyer de vie en six places d'accueil de jour, avec l'accord du département.",
        &[
            "2028 : étude des besoins et dossier de modification d'autorisation",
            "2029 : travaux d'aménagement de l'espace de jour",
            "2030 : ouverture des six places et premier bilan d'activité",
        ],
    ),
];

use crate::dossier::objectifs::AutoritesEngagees::*;
use crate::dossier::objectifs::ObjectifMinimum as M;

const FICHES: &[Fiche] = &[
    Fiche {
        titre: "Construire des solutions d'aval pour les jeunes adultes en amendement Creton",
        axe: Axe::Parcours,
        minimums: &[M::Inadequations],
        esms: &[0, 2, 6],
        autorites: ArsEtCd,
        constats: &[0, 10],
        pilote: "Mme Sophie Guérin, directrice du pôle enfance",
        statut: StatutObjectif::Retenu,
        orientations: &["parcours.inadequations"],
        besoins: &["1.3.2.1", "1.3.3.2", "1.2.1.4"],
        contexte: "Huit jeunes adultes de plus de 20 ans sont maintenus à l'IME et à l'ITEP faute de places en aval (annexe 2-F).",
        situation_visee: "Chaque jeune adulte dispose d'une solution d'aval préparée dès 18 ans ; plus aucun maintien au-delà de 22 ans.",
        moyens: NatureMoyens::Redeploiement,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Conventions d'admission progressive avec l'EAM et le foyer de vie",
                debut: (2027, 3, 1),
                fin: (2028, 6, 30),
                referent: "Directrice du pôle enfance",
                partenaires: &["MDPH de Loire-Atlantique"],
                depend: true,
            },
            ActionSpec {
                libelle: "Créer six places d'accueil de jour au foyer de vie par redéploiement",
                debut: (2028, 9, 1),
                fin: (2030, 12, 31),
                referent: "Directeur du foyer de vie Les Tilleuls",
                partenaires: &["Conseil départemental de Loire-Atlantique"],
                depend: true,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "Jeunes adultes maintenus au titre de l'amendement Creton",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Nombre de personnes de plus de 20 ans maintenues à l'IME et à l'ITEP au 31 décembre (article L. 242-4 du CASF)",
            source: "Annexe 2-F, enquête annuelle Creton",
            unite: "personnes",
            valeurs: ("8", "4", "1"),
        }],
    },
    Fiche {
        titre: "Favoriser la scolarisation des enfants en milieu ordinaire",
        axe: Axe::Parcours,
        minimums: &[M::Inclusion],
        esms: &[0, 1],
        autorites: Ars,
        constats: &[4],
        pilote: "M. Karim Benali, directeur de l'IME",
        statut: StatutObjectif::Retenu,
        orientations: &["inclusion.scolarite"],
        besoins: &["1.3.3.1", "1.3.3.3"],
        contexte: "Le dispositif intégré enfance accompagne 110 enfants, dont 22 % scolarisés en milieu ordinaire.",
        situation_visee: "Une unité d'enseignement externalisée fonctionne en école élémentaire ; 40 % des enfants sont scolarisés en milieu ordinaire.",
        moyens: NatureMoyens::MoyensConstants,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Ouvrir une unité d'enseignement externalisée en école élémentaire",
                debut: (2027, 9, 1),
                fin: (2028, 7, 7),
                referent: "Directeur de l'IME",
                partenaires: &["Direction des services départementaux de l'Éducation nationale"],
                depend: true,
            },
            ActionSpec {
                libelle: "Renforcer les interventions du SESSAD en classe ordinaire",
                debut: (2029, 1, 2),
                fin: (2030, 12, 31),
                referent: "Cheffe de service du SESSAD",
                partenaires: &[],
                depend: false,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "Part des enfants scolarisés en milieu ordinaire",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Enfants scolarisés au moins à temps partiel en milieu ordinaire / enfants accompagnés au 31 décembre × 100",
            source: "Tableau de bord de la performance (ANAP), indicateur 2-C",
            unite: "%",
            valeurs: ("22", "30", "40"),
        }],
    },
    Fiche {
        titre: "Ouvrir l'ESAT vers l'emploi accompagné en milieu ordinaire",
        axe: Axe::Parcours,
        minimums: &[M::Inclusion],
        esms: &[3],
        autorites: Ars,
        constats: &[1, 11],
        pilote: "Mme Hélène Rouxel, directrice de l'ESAT",
        statut: StatutObjectif::Retenu,
        orientations: &["inclusion.emploi"],
        besoins: &["1.3.3.2"],
        contexte: "Le vieillissement des travailleurs s'accélère (14 % ont plus de 55 ans) et peu de parcours vers le milieu ordinaire existent.",
        situation_visee: "Dix travailleurs par an en mise à disposition ou en emploi accompagné ; un parcours de fin de carrière est proposé aux plus âgés.",
        moyens: NatureMoyens::MoyensConstants,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Conventionner avec le dispositif d'emploi accompagné du territoire",
                debut: (2027, 4, 1),
                fin: (2027, 12, 31),
                referent: "Directrice de l'ESAT",
                partenaires: &["Dispositif emploi accompagné 44", "Cap emploi"],
                depend: true,
            },
            ActionSpec {
                libelle: "Mettre en place un temps partiel de fin de carrière pour les travailleurs de plus de 55 ans",
                debut: (2029, 1, 2),
                fin: (2031, 6, 30),
                referent: "Directrice de l'ESAT",
                partenaires: &[],
                depend: false,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "Travailleurs en mise à disposition ou en emploi accompagné",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Nombre de travailleurs de l'ESAT ayant bénéficié dans l'année d'une mise à disposition ou d'un emploi accompagné",
            source: "Rapport d'activité de l'ESAT",
            unite: "travailleurs",
            valeurs: ("3", "6", "10"),
        }],
    },
    Fiche {
        titre: "Formaliser les coopérations territoriales avec l'hospitalisation à domicile et le secteur sanitaire",
        axe: Axe::Parcours,
        minimums: &[M::Cooperation],
        esms: &[],
        autorites: ArsEtCd,
        constats: &[2],
        pilote: "M. Yann Le Floch, directeur général",
        statut: StatutObjectif::Retenu,
        orientations: &["parcours.cooperation"],
        besoins: &["1.1.10"],
        contexte: "Aucun partenariat n'est formalisé avec un établissement d'hospitalisation à domicile ; les hospitalisations se préparent au cas par cas.",
        situation_visee: "Chaque ESMS dispose d'une convention avec l'HAD et le centre hospitalier de référence.",
        moyens: NatureMoyens::MoyensConstants,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Signer une convention-cadre avec l'HAD Nantes et Région",
                debut: (2027, 2, 1),
                fin: (2027, 12, 31),
                referent: "Directeur général",
                partenaires: &["HAD Nantes et Région"],
                depend: true,
            },
            ActionSpec {
                libelle: "Mettre en place une fiche de liaison commune avec le CHU",
                debut: (2028, 1, 3),
                fin: (2028, 12, 31),
                referent: "Médecin coordonnateur",
                partenaires: &["CHU de Nantes"],
                depend: true,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "ESMS couverts par une convention avec l'HAD",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Nombre d'ESMS du CPOM ayant signé une convention avec un établissement d'HAD / nombre d'ESMS du CPOM × 100",
            source: "Registre des conventions du siège",
            unite: "%",
            valeurs: ("0", "57", "100"),
        }],
    },
    Fiche {
        titre: "Déployer une démarche qualité commune alignée sur le référentiel d'évaluation",
        axe: Axe::Qualite,
        minimums: &[M::Qualite],
        esms: &[],
        autorites: ArsEtCd,
        constats: &[5, 8],
        pilote: "Mme Anne Bodin, responsable qualité du siège",
        statut: StatutObjectif::Retenu,
        orientations: &["qualite.evaluation"],
        besoins: &[],
        contexte: "La démarche qualité est structurée par le siège ; le calendrier des évaluations n'est pas aligné sur la période du CPOM.",
        situation_visee: "Les sept ESMS sont évalués pendant le contrat et suivent un plan d'amélioration commun.",
        moyens: NatureMoyens::MoyensConstants,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Adopter un plan d'amélioration continue de la qualité commun aux ESMS",
                debut: (2027, 6, 1),
                fin: (2028, 3, 31),
                referent: "Responsable qualité",
                partenaires: &[],
                depend: false,
            },
            ActionSpec {
                libelle: "Programmer les évaluations des sept ESMS sur la période du contrat",
                debut: (2028, 1, 3),
                fin: (2031, 6, 30),
                referent: "Responsable qualité",
                partenaires: &[],
                depend: false,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "ESMS évalués selon le référentiel national dans le calendrier prévu",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "ESMS évalués à la date prévue / ESMS du CPOM × 100",
            source: "Calendrier des évaluations, rapports d'évaluation",
            unite: "%",
            valeurs: ("0", "43", "100"),
        }],
    },
    Fiche {
        titre: "Prévenir la maltraitance et promouvoir la santé des personnes accompagnées",
        axe: Axe::Qualite,
        minimums: &[M::Prevention],
        esms: &[],
        autorites: ArsEtCd,
        constats: &[5],
        pilote: "Mme Anne Bodin, responsable qualité du siège",
        statut: StatutObjectif::Retenu,
        orientations: &["qualite.bientraitance", "prevention.sante"],
        besoins: &["1.1.10", "1.2.1.4"],
        contexte: "Les événements indésirables sont déclarés ; la formation à la bientraitance reste inégale selon les ESMS.",
        situation_visee: "Neuf professionnels sur dix formés à la bientraitance ; un bilan de santé annuel pour chaque personne accompagnée.",
        moyens: NatureMoyens::MoyensConstants,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Former les équipes à la bientraitance (plan pluriannuel)",
                debut: (2027, 9, 1),
                fin: (2030, 6, 30),
                referent: "Responsable des ressources humaines",
                partenaires: &[],
                depend: false,
            },
            ActionSpec {
                libelle: "Organiser un bilan de santé annuel avec les médecins traitants",
                debut: (2029, 1, 2),
                fin: (2031, 12, 31),
                referent: "Médecin coordonnateur",
                partenaires: &["Communauté professionnelle territoriale de santé"],
                depend: true,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "Part des professionnels formés à la bientraitance",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Professionnels formés depuis moins de cinq ans / effectif en ETP au 31 décembre × 100",
            source: "Plan de développement des compétences",
            unite: "%",
            valeurs: ("35", "65", "90"),
        }],
    },
    Fiche {
        titre: "Optimiser l'activité et mutualiser les fonctions support",
        axe: Axe::Efficience,
        minimums: &[M::Organisations],
        esms: &[],
        autorites: ArsEtCd,
        constats: &[9],
        pilote: "M. Yann Le Floch, directeur général",
        statut: StatutObjectif::Retenu,
        orientations: &["efficience.activite", "efficience.mutualisation"],
        besoins: &[],
        contexte: "Le contrôle de gestion de la masse salariale est à outiller ; l'activité de l'IME est inférieure à l'activité théorique.",
        situation_visee: "Un taux de réalisation de l'activité d'au moins 96 % ; paie et achats mutualisés au siège.",
        moyens: NatureMoyens::Redeploiement,
        impact_pgfp: false,
        actions: &[
            ActionSpec {
                libelle: "Mutualiser la paie et les achats au siège",
                debut: (2028, 1, 3),
                fin: (2029, 6, 30),
                referent: "Directeur administratif et financier",
                partenaires: &[],
                depend: false,
            },
            ActionSpec {
                libelle: "Suivre mensuellement l'activité et les listes d'attente",
                debut: (2027, 1, 4),
                fin: (2031, 12, 31),
                referent: "Contrôleuse de gestion",
                partenaires: &[],
                depend: false,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "Taux de réalisation de l'activité",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Journées réalisées / journées théoriques × 100 (tableau de bord de la performance)",
            source: "Tableau de bord de la performance (ANAP)",
            unite: "%",
            valeurs: ("93.4", "95", "96"),
        }],
    },
    Fiche {
        titre: "Moderniser le patrimoine de la MAS Les Grands Chênes",
        axe: Axe::Efficience,
        minimums: &[],
        esms: &[5],
        autorites: Ars,
        constats: &[3, 12],
        pilote: "M. Thierry Gautier, directeur de la MAS",
        statut: StatutObjectif::Retenu,
        orientations: &["efficience.mutualisation"],
        besoins: &["1.3.2.1"],
        contexte: "Le taux de vétusté des constructions de la MAS dépasse 50 %.",
        situation_visee: "Une aile rénovée et un plan pluriannuel d'investissement soutenable, financé pour partie par l'affectation des excédents.",
        moyens: NatureMoyens::MesuresNouvelles,
        impact_pgfp: true,
        actions: &[
            ActionSpec {
                libelle: "Étude de programmation et plan pluriannuel d'investissement",
                debut: (2027, 5, 2),
                fin: (2028, 2, 28),
                referent: "Directeur de la MAS",
                partenaires: &["Cabinet de programmation"],
                depend: true,
            },
            ActionSpec {
                libelle: "Rénovation de l'aile Est (12 chambres)",
                debut: (2029, 4, 1),
                fin: (2030, 10, 31),
                referent: "Directeur de la MAS",
                partenaires: &["Maîtrise d'œuvre"],
                depend: true,
            },
        ],
        indicateurs: &[IndicSpec {
            libelle: "Taux de vétusté des constructions de la MAS",
            nature: NatureIndicateur::Evaluation,
            mode_calcul: "Amortissements cumulés des constructions / valeur brute des constructions × 100",
            source: "Tableau de bord de la performance (ANAP), données financières",
            unite: "%",
            valeurs: ("54", "50", "38"),
        }],
    },
    Fiche {
        titre: "Accompagner l'avancée en âge des résidents du foyer de vie",
        axe: Axe::Parcours,
        minimums: &[M::Inadequations],
        esms: &[6],
        autorites: Cd,
        constats: &[11],
        pilote: "M. Paul Lemaire, directeur du foyer de vie",
        statut: StatutObjectif::Propose,
        orientations: &["parcours.inadequations"],
        besoins: &["1.2.1.3", "1.1.10"],
        contexte: "Un tiers des résidents a plus de 55 ans ; certains relèvent désormais d'un accompagnement médicalisé.",
        situation_visee: "Un projet de vie adapté pour chaque résident vieillissant et des orientations anticipées.",
        moyens: NatureMoyens::MoyensConstants,
        impact_pgfp: false,
        actions: &[ActionSpec {
            libelle: "Réviser les projets personnalisés des résidents de plus de 55 ans",
            debut: (2030, 1, 2),
            fin: (2030, 12, 31),
            referent: "Cheffe de service du foyer",
            partenaires: &[],
            depend: false,
        }],
        indicateurs: &[IndicSpec {
            libelle: "Résidents de plus de 55 ans dont le projet personnalisé intègre l'avancée en âge",
            nature: NatureIndicateur::SuiviInterne,
            mode_calcul: "Projets révisés / résidents de plus de 55 ans × 100",
            source: "Dossier informatisé de l'usager",
            unite: "%",
            valeurs: ("10", "50", "100"),
        }],
    },
];

pub fn objectifs(
    esms: &[Esms],
    synthese: &[ElementSynthese],
    next_id: &mut dyn FnMut() -> Uuid,
) -> Objectifs {
    let mut out = Objectifs::default();
    for f in FICHES {
        let id = next_id();
        let partage = f.esms.is_empty();
        out.objectifs.push(Objectif {
            id,
            titre: f.titre.into(),
            axe: Some(f.axe),
            minimums: f.minimums.to_vec(),
            portee: if partage {
                PorteeObjectif::Partage
            } else {
                PorteeObjectif::Propre
            },
            esms: f.esms.iter().map(|i| esms[*i].id).collect(),
            autorites: Some(f.autorites),
            constats: f.constats.iter().map(|i| synthese[*i].id).collect(),
            pilote: f.pilote.into(),
            statut: f.statut,
            cadre_reglementaire: "Articles L. 313-12-2 et R. 314-39 et suivants du CASF ; instruction DGCS du 21 mars 2017.".into(),
            orientations_prs: f.orientations.iter().map(|s| s.to_string()).collect(),
            schema_departemental: "Schéma départemental de l'autonomie de Loire-Atlantique 2023-2027.".into(),
            constats_territoriaux: String::new(),
            constats_organisme: f.contexte.into(),
            besoins_serafin: f.besoins.iter().map(|s| s.to_string()).collect(),
            etat_des_lieux: f.contexte.into(),
            situation_visee: f.situation_visee.into(),
            objectif_operationnel: f.situation_visee.into(),
            points_vigilance: String::new(),
            objectifs_chiffres: String::new(),
            nature_moyens: Some(f.moyens),
            montant_moyens: None,
            impact_pgfp: f.impact_pgfp,
            themes_ehpad: Vec::new(),
        });
        for a in f.actions {
            out.actions.push(Action {
                id: next_id(),
                objectif: id,
                libelle: a.libelle.into(),
                debut: d(a.debut.0, a.debut.1, a.debut.2),
                fin: d(a.fin.0, a.fin.1, a.fin.2),
                referent: a.referent.into(),
                partenaires: a.partenaires.iter().map(|s| s.to_string()).collect(),
                depend_partenaire: a.depend,
                description: DETAILS
                    .iter()
                    .find(|x| x.0 == a.libelle)
                    .map_or(String::new(), |x| x.1.to_string()),
                taches: DETAILS
                    .iter()
                    .find(|x| x.0 == a.libelle)
                    .map_or(Vec::new(), |x| x.2.iter().map(|t| t.to_string()).collect()),
                ..Action::default()
            });
        }
        for i in f.indicateurs {
            out.indicateurs.push(IndicateurObjectif {
                id: next_id(),
                objectif: id,
                libelle: i.libelle.into(),
                nature: i.nature,
                mode_calcul: i.mode_calcul.into(),
                source: i.source.into(),
                unite: i.unite.into(),
                valeur_initiale: n(i.valeurs.0),
                cible_mi_parcours: n(i.valeurs.1),
                cible_finale: n(i.valeurs.2),
                ..IndicateurObjectif::default()
            });
        }
    }
    out
}
