//! L'étape Signature du dossier exemple : dotation globalisée commune et sa répartition au
//! centime près, budgets de référence équilibrés, affectation des résultats sur cinq ans
//! (déficit antérieur apuré d'abord), suivi, consultations, signataires et annexes.
//!
//! Un seul manque, volontaire : la délibération du conseil d'administration approuvant le
//! contrat n'est pas datée (règle S-CA). La dater rend le dossier « Prêt pour signature ».

use crate::dossier::perimetre::Etp;
use crate::dossier::signature::Affectation;
use crate::dossier::signature::AnnexeJointe;
use crate::dossier::signature::BudgetReference;
use crate::dossier::signature::EtatAnnexe;
use crate::dossier::signature::EvaluationPrevue;
use crate::dossier::signature::Groupes;
use crate::dossier::signature::ModaliteAffectation;
use crate::dossier::signature::ModeEvolutionDotation;
use crate::dossier::signature::Moyens;
use crate::dossier::signature::RepartitionDotation;
use crate::dossier::signature::SignataireSaisi;
use crate::dossier::signature::Signature;
use crate::dossier::signature::Signatures;
use crate::dossier::signature::Suivi;
use crate::dossier::signature::{
    ModaliteAideSociale, OperationInvestissement, PerimetreEprd, Pgfp, StatutPpi,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::dossier::perimetre::Esms;

fn n(s: &str) -> Option<Decimal> {
    s.parse::<Decimal>().ok().map(|d| d.normalize())
}

fn groupes(g: [&str; 3]) -> Groupes {
    Groupes {
        g1: n(g[0]),
        g2: n(g[1]),
        g3: n(g[2]),
    }
}

/// Par ESMS (ordre du dossier) : répartition de la dotation (ESMS financés par l'ARS),
/// dépenses, recettes, unité, activité théorique, activité des trois dernières années.
type BudgetSpec = (
    Option<[&'static str; 3]>,
    [&'static str; 3],
    [&'static str; 3],
    &'static str,
    &'static str,
    [&'static str; 3],
);

const BUDGETS: [BudgetSpec; 7] = [
    (
        Some(["310000.50", "2480000", "395000"]),
        ["438500.50", "2480000", "395000"],
        ["3185000.50", "120000", "8500"],
        "journées",
        "38000",
        ["35200", "35900", "35494"],
    ),
    (
        Some(["45000", "610000", "62000"]),
        ["60000", "610000", "62000"],
        ["717000", "15000", "0"],
        "séances",
        "9800",
        ["9100", "9350", "9620"],
    ),
    (
        Some(["190000", "1540000", "240000"]),
        ["252500", "1540000", "240000"],
        ["1970000", "60000", "2500"],
        "journées",
        "14400",
        ["13100", "13650", "13980"],
    ),
    (
        Some(["85000", "720000", "95000"]),
        ["1547000", "720000", "95000"],
        ["900000", "1450000", "12000"],
        "places",
        "60",
        ["58", "59", "60"],
    ),
    (
        Some(["60000", "820000", "20000"]),
        ["1455600", "820000", "20000"],
        ["900000", "1390000", "5600"],
        "journées",
        "12775",
        ["12400", "12510", "12600"],
    ),
    (
        Some(["520000", "3640000", "609999.50"]),
        ["739000", "3640000", "609999.50"],
        ["4769999.50", "210000", "9000"],
        "journées",
        "15330",
        ["15020", "15100", "15210"],
    ),
    (
        None,
        ["443000", "1250000", "210000"],
        ["1640000", "260000", "3000"],
        "journées",
        "10220",
        ["9980", "10050", "10110"],
    ),
];

fn affectation(annee: i32, resultat: &str, next_id: &mut dyn FnMut() -> Uuid) -> Affectation {
    Affectation {
        id: next_id(),
        annee: Some(annee),
        resultat: n(resultat),
        ..Affectation::default()
    }
}

pub fn signature(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Signature {
    let mut repartition = Vec::new();
    let mut budgets = Vec::new();
    for (e, (rep, dep, rec, unite, theorique, realise)) in esms.iter().zip(BUDGETS) {
        if let Some(r) = rep {
            repartition.push(RepartitionDotation {
                id: next_id(),
                esms: e.id,
                groupes: groupes(r),
            });
        }
        budgets.push(BudgetReference {
            id: next_id(),
            esms: e.id,
            depenses: groupes(dep),
            recettes: groupes(rec),
            activite_theorique: n(theorique),
            activite_realisee: realise.iter().map(|x| n(x)).collect(),
            activite_retenue: None,
            unite_activite: unite.into(),
        });
    }
    let moyens = Moyens {
        dotation_globalisee: n("12442000"),
        annee_dotation: Some(2027),
        mode_evolution: Some(ModeEvolutionDotation::TauxDrl),
        modalites_cd: "La dotation globale commune du foyer de vie et de la section hébergement de l'EAM est fixée chaque année par le président du conseil départemental, par application du taux directeur voté par l'assemblée départementale à la dotation de l'année précédente.".into(),
        dotation_cd: n("1640000"),
        frais_siege_integres: true,
        frais_siege_montant: n("612400"),
        frais_siege_taux: n("3.1"),
        clause_aide_sociale: "L'EAM Le Clos Fleuri et le foyer de vie Les Tilleuls, habilités à l'aide sociale, accueillent en priorité les bénéficiaires orientés par la MDPH de Loire-Atlantique, sans condition de ressources.".into(),
        clause_affectation: "Les résultats sont affectés par l'organisme gestionnaire dans le respect de l'article R. 314-43 du CASF : apurement des déficits antérieurs d'abord, puis réserve de compensation, investissement avec l'accord des autorités de tarification, compensation des charges d'amortissement.".into(),
        ordre_affectation: vec![
            ModaliteAffectation::ApurementDeficits,
            ModaliteAffectation::ReserveCompensation,
            ModaliteAffectation::Investissement,
            ModaliteAffectation::CompensationAmortissements,
            ModaliteAffectation::ReportANouveau,
        ],
        plan_retour_equilibre: false,
        perception_dotation: "organisme".into(),
        aide_sociale_choix: [("44".to_string(), ModaliteAideSociale::Convention)]
            .into_iter()
            .collect(),
        frais_siege_etp: Etp {
            administratif: n("4.6"),
            autres: n("1"),
            ..Etp::default()
        },
        report_max_annees: None,
        eprd_premier_exercice: Some(2027),
        eprd_perimetre: Some(PerimetreEprd::Cpom),
        reprise_resultats: false,
    };
    let mut a2027 = affectation(2027, "85000", next_id);
    a2027.deficits_anterieurs = n("18250.40");
    a2027.apurement_deficits = n("18250.40");
    a2027.reserve_compensation = n("26749.60");
    a2027.reserve_compensation_existante = n("460300");
    a2027.investissement = n("40000");
    a2027.accord_ars_investissement = true;
    a2027.accord_cd_investissement = true;
    a2027.justification = "Étude de programmation de la MAS Les Grands Chênes (objectif 8).".into();
    let mut a2028 = affectation(2028, "60000", next_id);
    a2028.reserve_compensation = n("20000");
    a2028.reserve_compensation_existante = n("487049.60");
    a2028.compensation_amortissements = n("40000");
    let affectations = vec![
        a2027,
        a2028,
        affectation(2029, "0", next_id),
        affectation(2030, "0", next_id),
        affectation(2031, "0", next_id),
    ];
    let date = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap_or_default();
    let evaluations = [
        date(2027, 11, 15),
        date(2028, 3, 20),
        date(2028, 6, 12),
        date(2029, 2, 5),
        date(2029, 10, 8),
        date(2030, 3, 18),
        date(2030, 11, 25),
    ];
    let suivi = Suivi {
        comite_organisme: vec![
            "Mme Claire Morvan, présidente".into(),
            "M. Yann Le Floch, directeur général".into(),
        ],
        comite_ars: vec![
            "Coordonnateur CPOM de la délégation territoriale de Loire-Atlantique".into(),
        ],
        comite_cd: vec![
            "Chef du service de l'offre médico-sociale, direction de l'autonomie".into(),
        ],
        dialogue_annee4: false,
        evaluations: esms
            .iter()
            .zip(evaluations)
            .map(|(e, date)| EvaluationPrevue { esms: e.id, date })
            .collect(),
    };
    let signatures = Signatures {
        date_deliberation_ca: None,
        date_cvs: NaiveDate::from_ymd_opt(2026, 10, 14),
        date_irp: NaiveDate::from_ymd_opt(2026, 10, 20),
        lieu: "Nantes".into(),
        signataires: vec![
            SignataireSaisi {
                partie: "ars:52".into(),
                nom: "M. Jérôme Castel".into(),
                qualite: "Directeur général de l'agence régionale de santé Pays de la Loire".into(),
                date_signature: None,
            },
            SignataireSaisi {
                partie: "cd:44".into(),
                nom: "Mme Isabelle Hervé".into(),
                qualite: "Présidente du conseil départemental de Loire-Atlantique".into(),
                date_signature: None,
            },
            SignataireSaisi {
                partie: "organisme".into(),
                nom: "Mme Claire Morvan".into(),
                qualite: "Présidente de l'association Les Iris de l'Erdre".into(),
                date_signature: None,
            },
        ],
        annexes: [
            ("autres_contrats", EtatAnnexe::Jointe),
            ("besoins_territoriaux", EtatAnnexe::Jointe),
            ("evaluation_externe", EtatAnnexe::Jointe),
            ("frais_siege", EtatAnnexe::Jointe),
            ("habilitation_aide_sociale", EtatAnnexe::Jointe),
            ("pgfp_ppi", EtatAnnexe::Jointe),
        ]
        .into_iter()
        .map(|(id, etat)| AnnexeJointe {
            id: id.into(),
            etat,
        })
        .collect(),
    };
    Signature {
        moyens,
        pgfp: pgfp(),
        ppi: ppi(esms, next_id),
        repartition,
        budgets,
        affectations,
        suivi,
        signatures,
        ..Signature::default()
    }
}

/// Le PGFP : six années glissantes à partir de la date d'effet (trésorerie = fonds de
/// roulement − besoin en fonds de roulement).
fn pgfp() -> Pgfp {
    let years = 2027..=2032;
    let rows: [(&str, [&str; 6]); 5] = [
        ("resultat", ["85000", "60000", "0", "0", "0", "0"]),
        (
            "caf",
            ["410000", "395000", "370000", "365000", "360000", "355000"],
        ),
        (
            "fonds_roulement",
            [
                "2150000", "2210000", "2180000", "2160000", "2140000", "2120000",
            ],
        ),
        (
            "bfr",
            [
                "980000", "990000", "1000000", "1010000", "1020000", "1030000",
            ],
        ),
        (
            "tresorerie",
            [
                "1170000", "1220000", "1180000", "1150000", "1120000", "1090000",
            ],
        ),
    ];
    Pgfp {
        premiere_annee: Some(2027),
        lignes: rows
            .into_iter()
            .map(|(code, v)| {
                let m = years
                    .clone()
                    .zip(v)
                    .filter_map(|(y, x)| n(x).map(|d| (y, d)))
                    .collect();
                (code.to_string(), m)
            })
            .collect(),
    }
}

/// Le plan pluriannuel d'investissement : l'étude de la MAS (financée par l'affectation de
/// 2027) et la mise en accessibilité de l'IME.
fn ppi(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<OperationInvestissement> {
    let by_name = |nom: &str| esms.iter().find(|e| e.nom.contains(nom)).map(|e| e.id);
    vec![
        OperationInvestissement {
            id: next_id(),
            libelle: "Étude de programmation de la MAS Les Grands Chênes".into(),
            esms: by_name("Grands Chênes"),
            annee_debut: Some(2027),
            annee_fin: Some(2028),
            montant: n("40000"),
            autofinancement: n("40000"),
            statut: StatutPpi::AApprouver,
            ..OperationInvestissement::default()
        },
        OperationInvestissement {
            id: next_id(),
            libelle: "Mise en accessibilité de l'IME Les Hirondelles (ascenseur, sanitaires)"
                .into(),
            esms: by_name("Hirondelles"),
            annee_debut: Some(2028),
            annee_fin: Some(2029),
            montant: n("350000"),
            emprunt: n("250000"),
            autofinancement: n("60000"),
            subventions: n("40000"),
            statut: StatutPpi::Approuve,
            date_approbation: NaiveDate::from_ymd_opt(2026, 9, 30),
        },
    ]
}
