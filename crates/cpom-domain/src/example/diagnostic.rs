//! Le diagnostic partagé du dossier exemple : toutes les questions répondues, les encarts de
//! stratégie, les indicateurs pré-remplis par l'ARS (et saisis par l'OG pour le foyer de vie,
//! de compétence départementale), le diagnostic financier 2023-2025, l'amendement Creton, la
//! synthèse, les sources et la conformité.
//!
//! Laissés exprès : pas de partenariat HAD (avertissement V31) ; une valeur pré-remplie
//! corrigée par l'OG (avertissement à signaler au coordonnateur).

use crate::dossier::diagnostic::AnnexeIndicateur;
use crate::dossier::diagnostic::Conformite;
use crate::dossier::diagnostic::Creton;
use crate::dossier::diagnostic::CretonLigne;
use crate::dossier::diagnostic::Diagnostic;
use crate::dossier::diagnostic::ElementSynthese;
use crate::dossier::diagnostic::EtatConformite;
use crate::dossier::diagnostic::Finances;
use crate::dossier::diagnostic::IndicateurComplementaire;
use crate::dossier::diagnostic::IndicateurValeur;
use crate::dossier::diagnostic::NatureSynthese;
use crate::dossier::diagnostic::NiveauIndicateur;
use crate::dossier::diagnostic::Reponse;
use crate::dossier::diagnostic::SourceDiagnostic;
use crate::dossier::diagnostic::SourceValeur;
use crate::dossier::diagnostic::ThemeZones;
use crate::dossier::diagnostic::TypeSource;
use crate::dossier::diagnostic::Valeur;
use std::str::FromStr;

use rust_decimal::Decimal;
use uuid::Uuid;

use crate::diagnostic::catalogue::{NiveauAxe, TypeReponse, catalogue_by_id};
use crate::dossier::perimetre::{Esms, Etp};
use crate::kernel::nomenclature::{Competence, Secteur};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

fn texte(s: &str) -> Option<Valeur> {
    Some(Valeur::Texte(s.into()))
}

fn cases(v: &[&str]) -> Option<Valeur> {
    Some(Valeur::Liste(v.iter().map(|s| s.to_string()).collect()))
}

/// La réponse de l'exemple à une question, pour un ESMS ou l'organisme.
fn answer(q: &str, e: Option<&Esms>) -> (Option<Valeur>, bool) {
    let cat = e.and_then(|e| e.categorie.as_deref()).unwrap_or("");
    let internat = e.is_some_and(|e| e.capacites.internat.autorisee.is_some());
    match (q, cat) {
        ("enf_modalites", _) => {
            let mut v = vec![];
            if internat {
                v.push("internat");
            }
            if e.is_some_and(|e| e.capacites.semi_internat.autorisee.is_some()) {
                v.push("accueil_jour");
            }
            if cat == "182" {
                v.push("milieu_ordinaire");
            } else {
                v.push("accueil_sequentiel");
            }
            (cases(&v), false)
        }
        ("adu_modalites", _) => {
            let mut v = vec![];
            if internat {
                v.push("hebergement_permanent");
            }
            if e.is_some_and(|e| e.capacites.semi_internat.autorisee.is_some()) {
                v.push("accueil_jour");
            }
            if e.is_some_and(|e| e.capacites.accueil_temporaire.autorisee.is_some()) {
                v.push("accueil_temporaire");
            }
            if cat == "246" {
                v.push("milieu_ordinaire");
            }
            (cases(&v), false)
        }
        ("enf_creton", "182") => (texte("non"), false),
        ("enf_creton", _) => (texte("oui"), false),
        ("enf_scolarisation", "186") => (texte("pratiques_heterogenes"), false),
        ("enf_liste_attente", "183") => (
            texte(
                "34 jeunes en attente (ancienneté moyenne 14 mois), liste partagée chaque trimestre avec la MDPH.",
            ),
            false,
        ),
        ("enf_liste_attente", "182") => (
            texte(
                "21 enfants en attente, dont 9 de moins de 6 ans ; partage mensuel avec la MDPH.",
            ),
            false,
        ),
        ("enf_liste_attente", _) => (
            texte("12 jeunes en attente ; orientations réexaminées avec la MDPH en commission."),
            false,
        ),
        ("enf_ror", "186") | ("adu_ror", "449") => (texte("non"), false),
        ("adu_passerelles_emploi", "246") => (texte("oui"), false),
        ("adu_passerelles_emploi", _) => (None, true),
        ("adu_habitat_inclusif", "255") => (None, true),
        ("adu_habitat_inclusif", "449") => (texte("pratiques_heterogenes"), false),
        ("adu_vieillissement", "246") => (texte("pratiques_heterogenes"), false),
        ("coop_partenaires", _) => (
            cases(&[
                "etablissement_sante",
                "psychiatrie",
                "mdph",
                "education_nationale",
                "emploi",
                "ase_pmi",
            ]),
            false,
        ),
        ("coop_had", _) => (texte("non"), false),
        ("coop_coordonnateur_parcours", _) => (texte("pratiques_heterogenes"), false),
        ("coop_groupements", _) => (
            texte(
                "Membre du GCSMS Handicap Loire-Atlantique Nord (achats, formation) ; convention de partenariat avec le CHU de Nantes ; adhérent Nexem.",
            ),
            false,
        ),
        ("qual_gestion_risques", _) => (
            cases(&[
                "evenements_indesirables",
                "plan_bleu",
                "risque_infectieux",
                "securite_incendie",
            ]),
            false,
        ),
        ("qual_ethique", _) => (texte("pratiques_heterogenes"), false),
        ("eff_mutualisations", _) => (
            cases(&["restauration", "blanchisserie", "informatique", "achats"]),
            false,
        ),
        ("eff_siege", _) => (cases(&["pilote", "appui"]), false),
        ("eff_dossier_usager", _) => (texte("pratiques_heterogenes"), false),
        ("eff_innovation", _) => (
            texte(
                "Plateforme d'accompagnement enfance (IME, SESSAD, ITEP) en dispositif intégré depuis 2024 ; projet d'habitat inclusif avec un bailleur social à Carquefou.",
            ),
            false,
        ),
        _ => (texte("oui"), false),
    }
}

fn reponses(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<Reponse> {
    let mut out = Vec::new();
    let pdl = catalogue_by_id("diagnostic-pdl")
        .map(|c| &c.data.axes[..])
        .unwrap_or(&[]);
    for axe in pdl {
        let scopes: Vec<Option<&Esms>> = match axe.niveau {
            NiveauAxe::Og => vec![None],
            NiveauAxe::Esms => esms
                .iter()
                .filter(|e| e.secteur == axe.secteur)
                .map(Some)
                .collect(),
        };
        for e in scopes {
            for q in axe.themes.iter().flat_map(|t| &t.questions) {
                let (valeur, sans_objet) = answer(&q.id, e);
                debug_assert!(
                    valeur.is_none()
                        || matches!(
                            (&valeur, q.type_reponse),
                            (Some(Valeur::Liste(_)), TypeReponse::Cases)
                                | (Some(Valeur::Texte(_)), TypeReponse::OuiNonHeterogene)
                                | (Some(Valeur::Texte(_)), TypeReponse::Texte)
                        ),
                    "{}",
                    q.id
                );
                out.push(Reponse {
                    id: next_id(),
                    question: q.id.clone(),
                    esms: e.map(|e| e.id),
                    valeur,
                    sans_objet,
                    commentaire: String::new(),
                });
            }
        }
    }
    out
}

const ZONES: [(&str, [&str; 4]); 10] = [
    (
        "enf_offre",
        [
            "Les trois ESMS enfance fonctionnent en dispositif intégré depuis 2024 : un jeune peut passer de l'internat de l'IME à un accompagnement SESSAD sans nouvelle notification.",
            "Les places d'internat de semaine manquent pour les adolescents de l'ITEP éloignés du site.",
            "Accueil séquentiel développé à l'IME ; réactivité du SESSAD en milieu ordinaire.",
            "Décrire l'offre de l'ITEP dans le ROR ; formaliser les modalités d'accueil séquentiel.",
        ],
    ),
    (
        "enf_parcours",
        [
            "Deux unités d'enseignement (IME) et une unité externalisée dans un collège de Saint-Herblain.",
            "Scolarisation hétérogène à l'ITEP selon les établissements scolaires partenaires ; sept jeunes adultes maintenus en amendement Creton.",
            "Préparation à la sortie dès 16 ans avec stages en ESAT ; suivi des sortants pendant trois ans.",
            "Réduire les situations Creton en lien avec les ESMS adultes de l'association et la MDPH.",
        ],
    ),
    (
        "adu_offre",
        [
            "Offre adultes graduée : ESAT, foyer de vie, EAM et MAS sur le nord de l'agglomération nantaise.",
            "Le foyer de vie n'est pas encore décrit dans le ROR ; vieillissement des travailleurs d'ESAT.",
            "Accueil temporaire à l'EAM et à la MAS, très demandé par les familles.",
            "Harmoniser les procédures d'admission et la motivation des refus entre les quatre établissements.",
        ],
    ),
    (
        "adu_inclusion",
        [
            "Mise à disposition en entreprise et emploi accompagné pour neuf travailleurs de l'ESAT.",
            "Peu de solutions pour les travailleurs vieillissants qui quittent l'ESAT.",
            "Partenariat avec un bailleur social pour un projet d'habitat inclusif à Carquefou.",
            "Identifier, projet de vie à l'appui, les résidents du foyer de vie qui souhaitent un habitat inclusif.",
        ],
    ),
    (
        "coop_rapt",
        [
            "Les directeurs participent aux groupes opérationnels de synthèse de la MDPH.",
            "Fonction de coordonnateur de parcours exercée au cas par cas, sans cadre commun.",
            "Réactivité de l'association sur les situations complexes signalées par la MDPH.",
            "Formaliser l'engagement de coordonnateur de parcours dans les PAG.",
        ],
    ),
    (
        "coop_partenariats",
        [
            "Conventions avec le CHU de Nantes, l'EPSM, la DSDEN et Cap emploi.",
            "Aucun partenariat avec un établissement d'hospitalisation à domicile.",
            "Partenariat solide avec la psychiatrie pour l'ITEP.",
            "Conclure une convention avec l'HAD du territoire pour la MAS et l'EAM.",
        ],
    ),
    (
        "qual_droits",
        [
            "Outils de la loi 2002-2 en place et révisés tous les cinq ans ; référents bientraitance dans chaque ESMS.",
            "Analyse des pratiques inégale selon les établissements.",
            "CVS actifs ; comptes-rendus consolidés chaque année par le siège.",
            "Généraliser l'analyse des pratiques et créer un comité éthique associatif.",
        ],
    ),
    (
        "qual_risques",
        [
            "Évaluations externes 2022-2024 ; plan d'amélioration continue de la qualité suivi par le siège.",
            "Calendriers d'évaluation non alignés sur celui du CPOM.",
            "Déclaration des événements indésirables informatisée.",
            "Aligner le calendrier des évaluations sur la période 2027-2031.",
        ],
    ),
    (
        "eff_organisation",
        [
            "Siège pilote du CPOM et appui technique (ressources humaines, finances, qualité).",
            "Suivi du GVT encore manuel.",
            "Mutualisation de la restauration et de la blanchisserie entre l'IME et l'EAM.",
            "Outiller le contrôle de gestion (masse salariale, GVT, effet noria).",
        ],
    ),
    (
        "eff_si_patrimoine",
        [
            "Schéma directeur des systèmes d'information 2024-2027.",
            "Dossier usager informatisé dans cinq ESMS sur sept.",
            "Plan pluriannuel d'investissement établi sur dix ans.",
            "Rénover la MAS (taux de vétusté supérieur à 50 %) ; informatiser le dossier usager du foyer de vie et de l'ESAT.",
        ],
    ),
];

fn themes(next_id: &mut dyn FnMut() -> Uuid) -> Vec<ThemeZones> {
    ZONES
        .iter()
        .map(|(t, z)| ThemeZones {
            id: next_id(),
            theme: (*t).into(),
            modalites: z[0].into(),
            difficultes: z[1].into(),
            points_forts: z[2].into(),
            points_amelioration: z[3].into(),
        })
        .collect()
}

fn indicateur(
    id: Uuid,
    esms: &Esms,
    annexe: AnnexeIndicateur,
    libelle: &str,
    valeur: &str,
    unite: &str,
) -> IndicateurValeur {
    let (source, detail, annee) = match annexe {
        AnnexeIndicateur::Anap => (SourceValeur::PreRempliArs, "TDB, campagne 2025", 2024),
        AnnexeIndicateur::Flash => (SourceValeur::PreRempliArs, "FLASH 2025", 2025),
    };
    IndicateurValeur {
        id,
        annexe,
        esms: Some(esms.id),
        libelle: libelle.into(),
        code: String::new(),
        annee: Some(annee),
        valeur: Some(dec(valeur)),
        unite: unite.into(),
        source,
        source_detail: detail.into(),
        valeur_preremplie: Some(dec(valeur)),
        modifiee: false,
    }
}

fn indicateurs(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<IndicateurValeur> {
    // Valeurs par ESMS, dans l'ordre du périmètre : réalisation, absentéisme, rotation, ETP vacants.
    let anap = [
        ["91.2", "7.8", "11.4", "3.1"],
        ["96.5", "5.2", "14.8", "4.0"],
        ["88.7", "9.6", "18.2", "6.5"],
        ["98.1", "6.1", "8.3", "1.2"],
        ["99.2", "8.9", "12.7", "2.8"],
        ["99.6", "10.4", "13.1", "3.9"],
        ["97.4", "7.2", "9.8", "2.0"],
    ];
    let mut out = Vec::new();
    for (e, v) in esms.iter().zip(anap) {
        for (lib, val, unite) in [
            ("Taux de réalisation de l'activité", v[0], "%"),
            ("Taux d'absentéisme (hors formation)", v[1], "%"),
            (
                "Taux de rotation des personnels sur effectifs réels",
                v[2],
                "%",
            ),
            ("Taux d'ETP vacants au 31/12", v[3], "%"),
        ] {
            out.push(indicateur(
                next_id(),
                e,
                AnnexeIndicateur::Anap,
                lib,
                val,
                unite,
            ));
        }
        let places = e.capacites.total_installee();
        let flash = [
            ("Taux d'occupation", "96.8"),
            (
                "Nombre de personnes accompagnées au 31/12",
                &places.to_string(),
            ),
        ];
        for (lib, val) in flash {
            let unite = if lib.starts_with("Taux") {
                "%"
            } else {
                "personnes"
            };
            let mut x = indicateur(next_id(), e, AnnexeIndicateur::Flash, lib, val, unite);
            if e.competence == Some(Competence::Cd) {
                // Compétence exclusive du département : l'OG saisit lui-même ses FLASH.
                x.source = SourceValeur::SaisieOg;
                x.source_detail = "Saisie OG, données 2025".into();
                x.valeur_preremplie = None;
            }
            out.push(x);
        }
    }
    // Une valeur pré-remplie corrigée par l'OG (activité 2024 de l'IME recalculée).
    if let Some(x) = out.first_mut() {
        x.valeur = Some(dec("93.4"));
        x.modifiee = true;
    }
    out
}

fn complementaires(
    esms: &[Esms],
    next_id: &mut dyn FnMut() -> Uuid,
) -> Vec<IndicateurComplementaire> {
    let esat = esms.iter().find(|e| e.categorie.as_deref() == Some("246"));
    vec![
        IndicateurComplementaire {
            id: next_id(),
            libelle: "Taux de jeunes scolarisés en milieu ordinaire".into(),
            niveau: NiveauIndicateur::Secteur,
            secteur: Some(Secteur::Enfance),
            annee: Some(2025),
            numerateur_libelle: "Jeunes scolarisés au moins à temps partiel en milieu ordinaire"
                .into(),
            denominateur_libelle: "Jeunes accompagnés au 31/12".into(),
            numerateur: Some(dec("37")),
            denominateur: Some(dec("112")),
            ..IndicateurComplementaire::default()
        },
        IndicateurComplementaire {
            id: next_id(),
            libelle: "Part des travailleurs en mise à disposition ou emploi accompagné".into(),
            niveau: NiveauIndicateur::Esms,
            esms: esat.map(|e| e.id),
            annee: Some(2025),
            numerateur_libelle: "Travailleurs en mise à disposition ou emploi accompagné".into(),
            denominateur_libelle: "Travailleurs accueillis au 31/12".into(),
            numerateur: Some(dec("9")),
            denominateur: Some(dec("90")),
            ..IndicateurComplementaire::default()
        },
        IndicateurComplementaire {
            id: next_id(),
            libelle: "Projets personnalisés actualisés dans l'année".into(),
            niveau: NiveauIndicateur::Og,
            annee: Some(2025),
            numerateur_libelle: "Projets personnalisés actualisés depuis moins de 12 mois".into(),
            denominateur_libelle: "Personnes accompagnées".into(),
            numerateur: Some(dec("412")),
            denominateur: Some(dec("436")),
            ..IndicateurComplementaire::default()
        },
    ]
}

fn finances(esms: &[Esms]) -> Finances {
    let mut f = Finances::default();
    let years = [2023, 2024, 2025];
    for (aut, vals) in [
        ("ars", ["182450.37", "-64120.90", "97300.15"]),
        ("cd", ["12840.00", "3215.55", "-8460.20"]),
    ] {
        let m = f.resultats.entry(aut.into()).or_default();
        for (y, v) in years.iter().zip(vals) {
            m.insert(*y, dec(v));
        }
    }
    for (nature, ars, cd) in [
        ("reserve_compensation", Some("412000"), Some("48300")),
        ("reserve_tresorerie", Some("150000"), None),
        ("excedent_investissement", Some("230500"), Some("35000")),
        ("report_a_nouveau", Some("-18250.40"), None),
        ("provisions_risques", Some("96000"), Some("12500")),
    ] {
        let m = f.reserves.entry(nature.into()).or_default();
        if let Some(v) = ars {
            m.insert("ars".into(), dec(v));
        }
        if let Some(v) = cd {
            m.insert("cd".into(), dec(v));
        }
    }
    for (code, vals) in [
        ("taux_caf", ["5.8", "4.1", "4.9"]),
        ("taux_vetuste", ["47.2", "49.8", "51.6"]),
        ("taux_endettement", ["31.5", "29.4", "27.8"]),
        ("frng_jours", ["62", "55", "58"]),
        ("bfr", ["-185000", "-172400", "-190250"]),
        ("tresorerie", ["2180000", "1945300", "2065800"]),
    ] {
        let m = f.indicateurs.entry(code.into()).or_default();
        for (y, v) in years.iter().zip(vals) {
            m.insert(*y, dec(v));
        }
    }
    for (cat, n, provision) in [
        ("educatif", [3, 2, 4, 3, 5], "186000"),
        ("paramedical", [2, 3, 2, 4, 3], "142500"),
        ("administratif", [1, 0, 1, 1, 0], "48000"),
        ("medical", [0, 1, 0, 0, 1], "21000"),
        ("autres", [1, 1, 2, 1, 1], "39500"),
    ] {
        let m = f.retraites.entry(cat.into()).or_default();
        for (y, v) in (2027..=2031).zip(n) {
            m.insert(y, v);
        }
        f.provisions_retraite.insert(cat.into(), dec(provision));
    }
    // Effectifs au 31/12/2025 : les ETP de chaque ESMS, par catégorie FINESS.
    for e in esms {
        let Some(cat) = e.categorie.clone() else {
            continue;
        };
        for (pro, _) in Etp::CATEGORIES {
            let mut etp = e.etp;
            if let Some(v) = etp.get_mut(pro).and_then(|v| *v)
                && !v.is_zero()
            {
                *f.effectifs
                    .entry(pro.into())
                    .or_default()
                    .entry(cat.clone())
                    .or_default() += v;
            }
        }
    }
    for (y, v) in years.iter().zip(["1012400", "1048900", "1086150"]) {
        f.frais_siege.insert(*y, dec(v));
    }
    f.annee_negociation = Some(2026);
    f
}

fn creton(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<Creton> {
    let line = |v: [u32; 4]| CretonLigne {
        esat: Some(v[0]),
        mas: Some(v[1]),
        fam_eam: Some(v[2]),
        foyer_vie_eanm: Some(v[3]),
    };
    let mut out = Vec::new();
    for e in esms {
        let (internat, semi) = match e.categorie.as_deref() {
            Some("183") => ([1, 0, 2, 1], [2, 0, 0, 1]),
            Some("186") => ([1, 0, 0, 0], [0, 0, 0, 0]),
            _ => continue,
        };
        out.push(Creton {
            id: next_id(),
            esms: Some(e.id),
            internat: line(internat),
            semi_internat: line(semi),
        });
    }
    out
}

fn synthese(next_id: &mut dyn FnMut() -> Uuid) -> Vec<ElementSynthese> {
    use crate::dossier::diagnostic::NatureSynthese::*;
    let items: [(NatureSynthese, &str, Option<&str>); 13] = [
        (
            Constat,
            "Huit jeunes adultes de plus de 20 ans (sept à l'IME, un à l'ITEP) sont maintenus au titre de l'amendement Creton, faute de places adaptées en aval.",
            Some("axe_1_1"),
        ),
        (
            Constat,
            "Le vieillissement des travailleurs de l'ESAT s'accélère : 14 % ont plus de 55 ans.",
            Some("axe_1_2"),
        ),
        (
            Constat,
            "Aucun partenariat n'est formalisé avec un établissement d'hospitalisation à domicile.",
            Some("axe_1_3"),
        ),
        (
            Constat,
            "Le taux de vétusté des constructions dépasse 50 % en 2025, porté par la MAS Les Grands Chênes.",
            Some("axe_3"),
        ),
        (
            PointFort,
            "Dispositif intégré enfance (IME, SESSAD, ITEP) qui fluidifie les parcours.",
            Some("axe_1_1"),
        ),
        (
            PointFort,
            "Démarche qualité structurée par le siège, avec déclaration informatisée des événements indésirables.",
            Some("axe_2"),
        ),
        (
            PointFort,
            "Situation financière saine : résultats cumulés positifs et trésorerie supérieure à deux mois de charges.",
            Some("axe_3"),
        ),
        (
            PointAmelioration,
            "Harmoniser la motivation des refus d'admission et la description de l'offre dans le ROR.",
            Some("axe_1_2"),
        ),
        (
            PointAmelioration,
            "Aligner le calendrier des évaluations sur la période du CPOM.",
            Some("axe_2"),
        ),
        (
            PointAmelioration,
            "Outiller le contrôle de gestion de la masse salariale.",
            Some("axe_3"),
        ),
        (
            Enjeu,
            "Construire des réponses en aval pour les jeunes adultes en amendement Creton.",
            Some("axe_1_1"),
        ),
        (
            Enjeu,
            "Accompagner l'avancée en âge des personnes accompagnées, notamment à l'ESAT et au foyer de vie.",
            Some("axe_1_2"),
        ),
        (
            Enjeu,
            "Moderniser le patrimoine de la MAS dans une trajectoire financière soutenable.",
            Some("axe_3"),
        ),
    ];
    items
        .into_iter()
        .map(|(nature, texte, axe)| ElementSynthese {
            id: next_id(),
            nature,
            texte: texte.into(),
            axe: axe.map(str::to_string),
            esms: Vec::new(),
        })
        .collect()
}

fn sources(next_id: &mut dyn FnMut() -> Uuid) -> Vec<SourceDiagnostic> {
    use chrono::NaiveDate;
    let items = [
        (
            TypeSource::EvaluationExterne,
            "Rapports d'évaluation externe des sept ESMS (2022-2024)",
            NaiveDate::from_ymd_opt(2024, 6, 30),
            "GED du siège, dossier Qualité",
        ),
        (
            TypeSource::Tdb,
            "Tableau de bord de la performance, campagne 2025",
            NaiveDate::from_ymd_opt(2025, 7, 1),
            "Pré-rempli par l'ARS",
        ),
        (
            TypeSource::IndicateursFlash,
            "Indicateurs FLASH 2025",
            NaiveDate::from_ymd_opt(2026, 1, 31),
            "Pré-remplis par l'ARS",
        ),
        (
            TypeSource::PvCommissionSecurite,
            "Procès-verbaux des commissions de sécurité (avis favorables)",
            NaiveDate::from_ymd_opt(2025, 5, 12),
            "Registres de sécurité des sites",
        ),
        (
            TypeSource::ComptesRendusCvs,
            "Synthèse des comptes-rendus des CVS 2025",
            NaiveDate::from_ymd_opt(2026, 3, 10),
            "Siège, direction qualité",
        ),
        (
            TypeSource::PgfpPpi,
            "PGFP 2026-2031 et plan pluriannuel d'investissement",
            NaiveDate::from_ymd_opt(2026, 4, 15),
            "Direction administrative et financière",
        ),
    ];
    items
        .into_iter()
        .map(|(t, libelle, date, reference)| SourceDiagnostic {
            id: next_id(),
            type_source: t,
            libelle: libelle.into(),
            date,
            reference: reference.into(),
            esms: None,
        })
        .collect()
}

fn conformite(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Conformite> {
    [
        ("outils_loi_2002", "Livrets, règlements et projets d'établissement révisés en 2023-2025 ; CVS réunis trois fois par an."),
        ("normes_erp", "Établissements de type J et U ; levée des réserves de la MAS en 2025."),
        ("pv_commission_securite", "Dernières visites 2023-2025 : avis favorables pour les sept sites."),
    ]
    .into_iter()
    .map(|(item, preuve)| Conformite {
        id: next_id(),
        item: item.into(),
        etat: EtatConformite::Conforme,
        preuve: preuve.into(),
        commentaire: String::new(),
    })
    .collect()
}

/// Le diagnostic de l'exemple, pour ces ESMS.
pub fn diagnostic(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Diagnostic {
    Diagnostic {
        reponses: reponses(esms, next_id),
        themes: themes(next_id),
        indicateurs: indicateurs(esms, next_id),
        complementaires: complementaires(esms, next_id),
        finances: finances(esms),
        creton: creton(esms, next_id),
        synthese: synthese(next_id),
        sources: sources(next_id),
        conformite: conformite(next_id),
    }
}
