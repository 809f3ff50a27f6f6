//! Le diagnostic partagé de l'exemple « personnes âgées » : les questions des catalogues de
//! son pack (socle national, et catalogue PA pour chaque établissement et service) répondues,
//! les encarts de stratégie, des indicateurs
//! du tableau de bord de la performance (dont GMP, PMP et occupation par modalité), le
//! diagnostic financier 2023-2025, la synthèse, les sources et la conformité.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{AMANDIERS, PUV, RA, SAINT_CLEMENT, SSIAD, TERRASSES};
use crate::diagnostic::calc::scopes;
use crate::diagnostic::catalogue::{AxeActif, TypeReponse, axes_actifs};
use crate::dossier::Dossier;
use crate::dossier::diagnostic::{
    AnnexeIndicateur, Conformite, Diagnostic, ElementSynthese, EtatConformite, Finances,
    IndicateurValeur, NatureSynthese, Reponse, SourceDiagnostic, SourceValeur, ThemeZones,
    TypeSource, Valeur,
};
use crate::dossier::perimetre::{Esms, Etp};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

/// La réponse de l'exemple à une question pour un établissement ou service.
fn answer(q: &str, k: usize, e: &Esms) -> (Option<Valeur>, bool) {
    let t = |s: &str| (Some(Valeur::Texte(s.into())), false);
    let sans_objet = (None, true);
    let ht_aj = e.capacites.accueil_temporaire.autorisee.is_some()
        || e.capacites.semi_internat.autorisee.is_some();
    match q {
        "pa_ht_aj_projet" if !ht_aj => sans_objet,
        "pa_ht_aj_projet" if k == AMANDIERS => t("pratiques_heterogenes"),
        "pa_pasa_uhr" if e.pa.pasa.is_none() && e.pa.uhr.is_none() => sans_objet,
        "pa_demandes_attente" if k == SSIAD => t("oui"),
        "pa_repit" if k == SSIAD || k == RA => t("non"),
        "pa_liberte_aller_venir" if k == SSIAD => sans_objet,
        "pa_convention_had" if k == PUV => t("pratiques_heterogenes"),
        "pa_soins_palliatifs" if k == SAINT_CLEMENT => t("pratiques_heterogenes"),
        "pa_postes_vacants" if k == TERRASSES || k == PUV => t("oui"),
        "pa_postes_vacants" => t("non"),
        "pa_mutualisation" if k == SSIAD || k == RA => t("non"),
        "pa_prevention" => (
            Some(Valeur::Liste(match k {
                RA => vec!["lien_social".into(), "chutes".into(), "memoire".into()],
                SSIAD => vec!["chutes".into()],
                _ => vec!["lien_social".into(), "chutes".into()],
            })),
            false,
        ),
        "pa_activite_evolution" => t(match k {
            TERRASSES => {
                "Hébergement permanent occupé à 97,9 % en 2025 (96,4 % en 2023) ; hébergement temporaire à 71,3 %, en recul ; accueil de jour à 78,5 %. Durée moyenne de séjour de 2,6 ans."
            }
            AMANDIERS => {
                "Hébergement permanent occupé à 98,6 % ; UHR complète avec une liste d'attente de huit personnes ; hébergement temporaire sous-occupé (58 %) faute de demandes programmées."
            }
            SAINT_CLEMENT => {
                "Occupation de 95,2 % en 2025 après 91,8 % en 2023, à la suite de la rénovation des chambres ; provenance à 60 % du domicile."
            }
            PUV => {
                "Occupation stable autour de 96 % ; personnes accueillies issues des communes du canton."
            }
            SSIAD => {
                "45 places, 102 % de réalisation de l'activité en 2025 ; file active de 68 personnes ; demandes non satisfaites en fin de semaine."
            }
            _ => {
                "50 logements occupés sur 52 ; moyenne d'âge d'entrée de 83 ans ; huit sorties vers un EHPAD en 2025."
            }
        }),
        "pa_evolution_gmp_pmp" => t(match k {
            TERRASSES => {
                "GMP 702 en 2022, 728 en 2025 ; PMP 211 puis 224 : besoins en soins techniques accrus la nuit."
            }
            AMANDIERS => {
                "GMP 771 et PMP 247, les plus élevés de l'association, portés par l'UHR et l'unité protégée."
            }
            SAINT_CLEMENT => {
                "GMP 694 et PMP 208 à la coupe de juin 2024 ; prochaine coupe prévue au printemps 2027."
            }
            _ => {
                "Petite unité de vie au forfait soins : pas d'équation GMPS ; dépendance suivie par l'équipe (GIR moyen pondéré estimé à 560)."
            }
        }),
        // Socle national, par établissement ou service.
        "nat_pv_securite" | "nat_cvs" if k == SSIAD => sans_objet,
        "pa_expression" => t(match k {
            SSIAD => {
                "Questionnaire annuel de satisfaction ; projet de soins individualisé signé avec la personne et son aidant."
            }
            RA => {
                "Conseil de la vie sociale et commission animation ouverte aux habitants de Clapiers."
            }
            _ => {
                "Projet personnalisé réévalué chaque année avec le résident ; commission menus ; enquête de satisfaction annuelle."
            }
        }),
        _ => t("oui"),
    }
}

/// La réponse de l'exemple à une question du socle national posée à l'organisme.
fn answer_og(q: &str) -> (Option<Valeur>, bool) {
    let t = |s: &str| (Some(Valeur::Texte(s.into())), false);
    let l = |v: &[&str]| {
        (
            Some(Valeur::Liste(v.iter().map(|s| s.to_string()).collect())),
            false,
        )
    };
    match q {
        "nat_donnees" => l(&[
            "evaluation_externe",
            "evaluation_interne",
            "tdb",
            "pv_securite",
            "eprd",
        ]),
        // Premier CPOM : les conventions tripartites prennent fin.
        "nat_bilan_precedent" => (None, true),
        "nat_groupements" => l(&["gcsms"]),
        "nat_echelle" => t(
            "Département de l'Hérault, par bassin de vie (Montpellier nord, vallée de l'Hérault) et filière gériatrique du territoire.",
        ),
        "nat_partenariats" => t(
            "Conventions avec le CHU de Montpellier (filière gériatrique, équipe mobile de soins palliatifs), l'HAD du territoire, le dispositif d'appui à la coordination, les services d'aide à domicile et la plateforme de répit.",
        ),
        _ => t("oui"),
    }
}

fn reponses(d: &Dossier, next_id: &mut dyn FnMut() -> Uuid) -> Vec<Reponse> {
    let mut out = Vec::new();
    for AxeActif { axe, secteurs } in axes_actifs(d) {
        for scope in scopes(d, axe, secteurs) {
            let k = scope.map_or(0, |e| d.esms.iter().position(|x| x.id == e.id).unwrap_or(0));
            for q in axe.themes.iter().flat_map(|t| &t.questions) {
                let (valeur, sans_objet) = match scope {
                    Some(e) => answer(&q.id, k, e),
                    None => answer_og(&q.id),
                };
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
                    esms: scope.map(|e| e.id),
                    valeur,
                    sans_objet,
                    commentaire: String::new(),
                });
            }
        }
    }
    out
}

const ZONES: [(&str, [&str; 4]); 7] = [
    (
        "pa_occupation",
        [
            "Tableau de bord mensuel de l'occupation par modalité, partagé en comité de direction.",
            "Hébergement temporaire sous-occupé aux Amandiers ; demandes du domicile peu anticipées.",
            "Occupation de l'hébergement permanent supérieure à 95 % dans les trois EHPAD.",
            "Coordonner les admissions en hébergement temporaire avec le SSIAD et les plateformes de répit.",
        ],
    ),
    (
        "pa_modalites",
        [
            "PASA aux Terrasses, UHR et unité protégée aux Amandiers, accueil de jour aux Terrasses.",
            "Critères d'admission en UHR réévalués de façon irrégulière.",
            "Projet de service de l'accueil de jour reconnu par les familles.",
            "Écrire un projet de service commun pour l'hébergement temporaire des trois EHPAD.",
        ],
    ),
    (
        "pa_coupes",
        [
            "Coupes AGGIR et PATHOS préparées par les médecins coordonnateurs avec l'appui du siège.",
            "PMP du Clos des Amandiers validé en septembre 2025, trop tard pour l'exercice 2026.",
            "GMP et PMP cohérents avec la charge en soins observée.",
            "Planifier les coupes pour une validation avant le 30 juin.",
        ],
    ),
    (
        "pa_sanitaire",
        [
            "Conventions avec l'HAD Montpellier Métropole pour les trois EHPAD ; convention avec le CHU pour les hospitalisations programmées.",
            "La petite unité de vie ne bénéficie pas encore de l'intervention de l'HAD.",
            "Équipe mobile de soins palliatifs mobilisée aux Terrasses et aux Amandiers.",
            "Étendre la convention HAD à la petite unité de vie ; référent soins palliatifs dans chaque EHPAD.",
        ],
    ),
    (
        "pa_participation",
        [
            "CVS réunis trois fois par an dans chaque établissement ; commission menus.",
            "Participation des résidents de l'UHR difficile à organiser.",
            "Annexes « liberté d'aller et venir » établies pour tous les résidents concernés.",
            "Associer les familles de l'UHR par un groupe d'expression dédié.",
        ],
    ),
    (
        "pa_qualite",
        [
            "Évaluations de la qualité conduites en 2024 et 2025 ; plan d'amélioration suivi par le siège.",
            "Déclaration des événements indésirables encore inégale.",
            "Référents bientraitance formés dans chaque établissement.",
            "Ouvrir les actions de prévention de la résidence autonomie aux habitants de la commune.",
        ],
    ),
    (
        "pa_personnel",
        [
            "Plan de formation associatif (soins palliatifs, troubles cognitifs, bientraitance).",
            "Postes d'infirmier vacants aux Terrasses et à la petite unité de vie ; absentéisme des aides-soignants.",
            "Mutualisation de la restauration et de la blanchisserie entre les trois EHPAD.",
            "Pool de remplacement commun et démarche de qualité de vie au travail.",
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

fn indicateurs(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<IndicateurValeur> {
    let mut out = Vec::new();
    let mut push = |e: &Esms, libelle: &str, valeur: &str, unite: &str| {
        out.push(IndicateurValeur {
            id: next_id(),
            annexe: AnnexeIndicateur::Anap,
            esms: Some(e.id),
            libelle: libelle.into(),
            code: String::new(),
            annee: Some(2024),
            valeur: Some(dec(valeur)),
            unite: unite.into(),
            source: SourceValeur::Tdb,
            source_detail: "TDB 2025".into(),
            valeur_preremplie: Some(dec(valeur)),
            modifiee: false,
        });
    };
    let occupation = ["97.9", "98.6", "95.2", "96.1", "", "96.2"];
    let absenteisme = ["9.8", "11.2", "8.1", "7.4", "6.9", "5.2"];
    for (k, e) in esms.iter().enumerate() {
        if !occupation[k].is_empty() {
            push(e, "Taux d'occupation", occupation[k], "%");
        }
        push(
            e,
            "Taux d'absentéisme (hors formation)",
            absenteisme[k],
            "%",
        );
    }
    push(
        &esms[TERRASSES],
        "Taux d'occupation en hébergement temporaire",
        "71.3",
        "%",
    );
    push(
        &esms[TERRASSES],
        "Taux d'occupation en accueil de jour",
        "78.5",
        "%",
    );
    push(
        &esms[AMANDIERS],
        "Taux d'occupation en hébergement temporaire",
        "58",
        "%",
    );
    push(
        &esms[SSIAD],
        "Taux de réalisation de l'activité",
        "102.1",
        "%",
    );
    for k in [TERRASSES, AMANDIERS, SAINT_CLEMENT] {
        push(
            &esms[k],
            "Taux d'hospitalisation complète",
            ["4.1", "5.3", "3.6"][k],
            "%",
        );
    }
    out
}

fn finances(esms: &[Esms]) -> Finances {
    let mut f = Finances::default();
    let years = [2023, 2024, 2025];
    for (aut, vals) in [
        ("ars", ["96410.22", "-41280.50", "58730.10"]),
        ("cd", ["31820.00", "12450.75", "-6310.40"]),
    ] {
        let m = f.resultats.entry(aut.into()).or_default();
        for (y, v) in years.iter().zip(vals) {
            m.insert(*y, dec(v));
        }
    }
    for (nature, ars, cd) in [
        ("reserve_compensation", Some("286000"), Some("74500")),
        ("reserve_tresorerie", Some("120000"), None),
        ("excedent_investissement", Some("410000"), Some("95000")),
        ("provisions_risques", Some("64000"), Some("18000")),
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
        ("taux_caf", ["6.2", "5.1", "5.7"]),
        ("taux_vetuste", ["38.4", "40.9", "43.2"]),
        ("taux_endettement", ["42.6", "40.1", "37.8"]),
        ("frng_jours", ["48", "44", "51"]),
        ("bfr", ["-310000", "-295400", "-322800"]),
        ("tresorerie", ["1860000", "1702300", "1914600"]),
    ] {
        let m = f.indicateurs.entry(code.into()).or_default();
        for (y, v) in years.iter().zip(vals) {
            m.insert(*y, dec(v));
        }
    }
    for (cat, n, provision) in [
        ("paramedical", [4, 5, 3, 6, 4], "214000"),
        ("administratif", [1, 0, 1, 0, 1], "36000"),
        ("medical", [0, 1, 0, 0, 0], "18500"),
        ("autres", [2, 2, 3, 2, 2], "61000"),
    ] {
        let m = f.retraites.entry(cat.into()).or_default();
        for (y, v) in (2027..=2031).zip(n) {
            m.insert(y, v);
        }
        f.provisions_retraite.insert(cat.into(), dec(provision));
    }
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
    f.annee_negociation = Some(2026);
    f
}

fn synthese(next_id: &mut dyn FnMut() -> Uuid) -> Vec<ElementSynthese> {
    use NatureSynthese::*;
    let items: [(NatureSynthese, &str, &str); 11] = [
        (
            Constat,
            "L'hébergement temporaire est sous-occupé (58 % aux Amandiers, 71 % aux Terrasses) alors que les aidants du territoire manquent de solutions de répit.",
            "axe_pa_activite",
        ),
        (
            Constat,
            "La petite unité de vie ne bénéficie pas encore d'une convention avec l'hospitalisation à domicile ; la démarche palliative est inégale selon les établissements.",
            "axe_pa_soins",
        ),
        (
            Constat,
            "Le PMP du Clos des Amandiers a été validé après le 30 juin 2025 : il ne compte que pour l'exercice 2027.",
            "axe_pa_soins",
        ),
        (
            Constat,
            "Des postes d'infirmier restent vacants et l'absentéisme des aides-soignants dépasse 10 % aux Amandiers.",
            "axe_pa_rh",
        ),
        (
            PointFort,
            "Occupation de l'hébergement permanent supérieure à 95 % et unités spécialisées (PASA, UHR, unité protégée) reconnues.",
            "axe_pa_activite",
        ),
        (
            PointFort,
            "Conventions avec l'HAD et le CHU pour les trois EHPAD ; équipe mobile de soins palliatifs mobilisée.",
            "axe_pa_soins",
        ),
        (
            PointFort,
            "CVS actifs et annexes « liberté d'aller et venir » établies.",
            "axe_pa_droits",
        ),
        (
            PointAmelioration,
            "Planifier les coupes AGGIR et PATHOS pour une validation avant le 30 juin.",
            "axe_pa_soins",
        ),
        (
            PointAmelioration,
            "Ouvrir les actions de prévention de la résidence autonomie aux habitants.",
            "axe_pa_droits",
        ),
        (
            Enjeu,
            "Faire de l'hébergement temporaire et de l'accueil de jour une offre de répit coordonnée avec le SSIAD.",
            "axe_pa_activite",
        ),
        (
            Enjeu,
            "Stabiliser les équipes soignantes et la continuité des soins la nuit.",
            "axe_pa_rh",
        ),
    ];
    items
        .into_iter()
        .map(|(nature, texte, axe)| ElementSynthese {
            id: next_id(),
            nature,
            texte: texte.into(),
            axe: Some(axe.into()),
            esms: Vec::new(),
        })
        .collect()
}

fn sources(next_id: &mut dyn FnMut() -> Uuid) -> Vec<SourceDiagnostic> {
    [
        (
            TypeSource::EvaluationExterne,
            "Rapports d'évaluation de la qualité des cinq établissements (2024-2025)",
            NaiveDate::from_ymd_opt(2025, 6, 30),
            "Siège, direction de la qualité",
        ),
        (
            TypeSource::Tdb,
            "Tableau de bord de la performance, campagne 2025 (données 2024)",
            NaiveDate::from_ymd_opt(2025, 7, 1),
            "Export ScanSanté",
        ),
        (
            TypeSource::PvCommissionSecurite,
            "Procès-verbaux des commissions de sécurité (avis favorables)",
            NaiveDate::from_ymd_opt(2025, 3, 18),
            "Registres de sécurité des sites",
        ),
        (
            TypeSource::ComptesRendusCvs,
            "Synthèse des comptes-rendus des CVS 2025",
            NaiveDate::from_ymd_opt(2026, 3, 12),
            "Siège, direction de la qualité",
        ),
        (
            TypeSource::PgfpPpi,
            "PGFP 2026-2031 et plan pluriannuel d'investissement",
            NaiveDate::from_ymd_opt(2026, 3, 31),
            "Direction administrative et financière",
        ),
    ]
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
        ("outils_loi_2002", "Livrets d'accueil, contrats de séjour, règlements de fonctionnement et projets d'établissement révisés en 2024-2025."),
        ("conditions_techniques_ehpad", "Équipes pluridisciplinaires, médecins coordonnateurs et conditions de fonctionnement des PASA et UHR vérifiés lors des évaluations."),
        ("liberte_aller_venir", "Annexes au contrat de séjour établies pour les résidents concernés, revues chaque année."),
        ("normes_erp", "Établissements de type J ; résidence autonomie de type J, avis favorables."),
        ("pv_commission_securite", "Dernières visites 2023-2025 : avis favorables pour les six sites."),
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
    // Les catalogues du pack de la région (Occitanie : socle national).
    let mut d = Dossier {
        esms: esms.to_vec(),
        ..Dossier::default()
    };
    d.cpom.region = Some("76".into());
    Diagnostic {
        reponses: reponses(&d, next_id),
        themes: themes(next_id),
        indicateurs: indicateurs(esms, next_id),
        complementaires: Vec::new(),
        finances: finances(esms),
        creton: Vec::new(),
        synthese: synthese(next_id),
        sources: sources(next_id),
        conformite: conformite(next_id),
    }
}
