//! Les moyens et la signature de l'exemple « personnes âgées » : forfaits et tarifs de chaque
//! établissement (exercice 2027), financements complémentaires prévisionnels 2027-2031,
//! affectation des résultats (dont l'EHPAD relevant de l'article L. 342-1), suivi,
//! consultations et signataires.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{AMANDIERS, PUV, RA, SAINT_CLEMENT, SSIAD, TERRASSES};
use crate::dossier::perimetre::Esms;
use crate::dossier::signature::*;

fn n(s: &str) -> Option<Decimal> {
    s.parse::<Decimal>().ok()
}

fn moyens_pa(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<MoyensPa> {
    let mut out = Vec::new();
    let mut push = |k: usize, f: &dyn Fn(&mut MoyensPa)| {
        let mut m = MoyensPa {
            id: next_id(),
            esms: esms[k].id,
            annee: Some(2027),
            ..MoyensPa::default()
        };
        f(&mut m);
        out.push(m);
    };
    push(TERRASSES, &|m| {
        m.forfait_global_soins = n("1726480");
        m.forfait_global_dependance = n("528310");
        m.tarif_hebergement = n("68.40");
    });
    push(AMANDIERS, &|m| {
        m.forfait_global_soins = n("1398950");
        m.forfait_global_dependance = n("471620");
        m.tarif_hebergement = n("64.10");
    });
    push(SAINT_CLEMENT, &|m| {
        m.forfait_global_soins = n("1052700");
        m.forfait_global_dependance = n("352940");
        m.tarif_hebergement = n("98.50");
    });
    push(PUV, &|m| {
        m.forfait_soins = n("138200");
        m.tarif_hebergement = n("58.90");
    });
    push(SSIAD, &|m| {
        m.dotation_globale = n("612400");
    });
    push(RA, &|m| {
        m.forfait_autonomie = n("38500");
        m.forfait_soins = n("96000");
        m.modulation_forfait_autonomie = Some(ModulationForfaitAutonomie::MajorationOuverture);
        m.justification_modulation = "Les ateliers de prévention des chutes et de stimulation de la mémoire sont ouverts aux habitants de Clapiers (objectif 4), conformément aux priorités de la conférence des financeurs de l'Hérault.".into();
    });
    out
}

fn financements(
    esms: &[Esms],
    next_id: &mut dyn FnMut() -> Uuid,
) -> Vec<FinancementComplementaire> {
    use NatureFinancementComplementaire::*;
    let lines: [(usize, NatureFinancementComplementaire, [&str; 5]); 6] = [
        (
            TERRASSES,
            HebergementTemporaire,
            ["48600", "49330", "50070", "50820", "51580"],
        ),
        (
            TERRASSES,
            AccueilDeJour,
            ["62400", "63340", "64290", "65250", "66230"],
        ),
        (
            TERRASSES,
            Pasa,
            ["64400", "65370", "66350", "67350", "68360"],
        ),
        (
            AMANDIERS,
            HebergementTemporaire,
            ["24300", "24660", "25030", "25410", "25790"],
        ),
        (
            AMANDIERS,
            Uhr,
            ["196000", "198940", "201920", "204950", "208030"],
        ),
        (
            SAINT_CLEMENT,
            HebergementTemporaire,
            ["23400", "23750", "24110", "24470", "24840"],
        ),
    ];
    lines
        .into_iter()
        .map(|(k, nature, montants)| FinancementComplementaire {
            id: next_id(),
            esms: esms[k].id,
            nature,
            libelle: String::new(),
            montants: montants.iter().map(|m| n(m)).collect(),
        })
        .collect()
}

pub fn signature(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Signature {
    let moyens = Moyens {
        clause_aide_sociale: "Les EHPAD Les Terrasses du Lez (habilitation totale) et Le Clos des Amandiers (habilitation partielle, 30 places) ainsi que la petite unité de vie Les Micocouliers accueillent les bénéficiaires de l'aide sociale départementale dans les conditions du règlement départemental d'aide sociale de l'Hérault ; le tarif hébergement applicable est celui arrêté par le président du conseil départemental.".into(),
        clause_affectation: "Les résultats sont librement affectés au sein du périmètre du contrat, établissement par établissement, puis globalement (article R. 314-234 du CASF) ; l'organisme gestionnaire, privé, peut affecter un résultat d'un établissement à un autre (article R. 314-235). Les autorités de tarification ne reprennent pas les résultats. Pour l'EHPAD Villa Saint-Clément, relevant de l'article L. 342-1, les excédents dégagés sur les tarifs soins et dépendance ne sont affectés ni en réserve d'investissement ou de trésorerie, ni à la compensation de charges d'amortissement.".into(),
        ordre_affectation: vec![
            ModaliteAffectation::ApurementDeficits,
            ModaliteAffectation::ReserveCompensation,
            ModaliteAffectation::Investissement,
            ModaliteAffectation::ReportANouveau,
        ],
        // Les EHPAD et la PUV sont sous EPRD depuis 2017 ; le SSIAD et la résidence autonomie
        // à compter de l'exercice qui suit la signature.
        eprd_premier_exercice: Some(2027),
        // L'annexe d'habilitation renvoie au règlement départemental d'aide sociale.
        aide_sociale_choix: [("34".to_string(), ModaliteAideSociale::ReglementDepartemental)]
            .into_iter()
            .collect(),
        ..Moyens::default()
    };
    let mut clement = Affectation {
        id: next_id(),
        annee: Some(2027),
        esms: Some(esms[SAINT_CLEMENT].id),
        resultat: n("85000"),
        excedent_soins_dependance: n("30000"),
        investissement: n("40000"),
        report_a_nouveau: n("45000"),
        accord_ars_investissement: true,
        accord_cd_investissement: true,
        justification: "Rénovation des salles de bains du deuxième étage, financée sur l'excédent de la section hébergement.".into(),
        ..Affectation::default()
    };
    clement.reserve_compensation = None;
    let consolide = |annee: i32,
                     resultat: &str,
                     compensation: Option<&str>,
                     next_id: &mut dyn FnMut() -> Uuid| Affectation {
        id: next_id(),
        annee: Some(annee),
        resultat: n(resultat),
        reserve_compensation: compensation.and_then(n),
        ..Affectation::default()
    };
    let affectations = vec![
        clement,
        consolide(2027, "64000", Some("64000"), next_id),
        consolide(2028, "0", None, next_id),
        consolide(2029, "0", None, next_id),
        consolide(2030, "0", None, next_id),
        consolide(2031, "0", None, next_id),
    ];
    let date = |y, m, j| NaiveDate::from_ymd_opt(y, m, j).unwrap_or_default();
    let evaluations = [
        date(2028, 4, 10),
        date(2029, 3, 12),
        date(2027, 10, 4),
        date(2029, 11, 16),
        date(2030, 5, 20),
        date(2030, 10, 7),
    ];
    let suivi = Suivi {
        comite_organisme: vec![
            "M. Bernard Azaïs, président".into(),
            "Mme Nadia Benkhaled, directrice générale".into(),
        ],
        comite_ars: vec![
            "Inspecteur chargé des CPOM, délégation départementale de l'Hérault".into(),
        ],
        comite_cd: vec!["Chef du service des établissements, direction de l'autonomie".into()],
        dialogue_annee4: false,
        evaluations: esms
            .iter()
            .zip(evaluations)
            .map(|(e, date)| EvaluationPrevue { esms: e.id, date })
            .collect(),
    };
    let signatures = Signatures {
        date_deliberation_ca: NaiveDate::from_ymd_opt(2026, 10, 29),
        date_cvs: NaiveDate::from_ymd_opt(2026, 10, 19),
        date_irp: NaiveDate::from_ymd_opt(2026, 10, 22),
        lieu: "Montpellier".into(),
        signataires: vec![
            SignataireSaisi {
                partie: "organisme".into(),
                nom: "M. Bernard Azaïs".into(),
                qualite: "Président de l'association Les Jardins du Lez".into(),
                date_signature: None,
            },
            SignataireSaisi {
                partie: "cd:34".into(),
                nom: "Mme Hélène Castanier".into(),
                qualite: "Présidente du conseil départemental de l'Hérault".into(),
                date_signature: None,
            },
            SignataireSaisi {
                partie: "ars:76".into(),
                nom: "M. Didier Jaffre".into(),
                qualite: "Directeur général de l'agence régionale de santé Occitanie".into(),
                date_signature: None,
            },
        ],
        annexes: [
            ("autres_contrats", EtatAnnexe::Jointe),
            ("besoins_territoriaux", EtatAnnexe::Jointe),
            ("evaluation_externe", EtatAnnexe::Jointe),
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
        moyens_pa: moyens_pa(esms, next_id),
        financements_complementaires: financements(esms, next_id),
        affectations,
        suivi,
        signatures,
        ..Signature::default()
    }
}

/// Le PGFP de l'association : six années glissantes à partir de la date d'effet (résultats
/// prévisionnels repris de l'affectation ; trésorerie = fonds de roulement − besoin en fonds
/// de roulement).
fn pgfp() -> Pgfp {
    let years = 2027..=2032;
    let rows: [(&str, [&str; 6]); 5] = [
        ("resultat", ["149000", "0", "0", "0", "0", "0"]),
        (
            "caf",
            ["620000", "590000", "575000", "560000", "555000", "550000"],
        ),
        (
            "fonds_roulement",
            [
                "3420000", "3460000", "3390000", "3350000", "3330000", "3310000",
            ],
        ),
        (
            "bfr",
            [
                "1240000", "1250000", "1260000", "1270000", "1280000", "1290000",
            ],
        ),
        (
            "tresorerie",
            [
                "2180000", "2210000", "2130000", "2080000", "2050000", "2020000",
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

/// Le plan pluriannuel d'investissement : les salles de bains de l'EHPAD Saint-Clément
/// (article L. 342-1 : pas d'approbation, financées par l'affectation de 2027) et la
/// mise aux normes de la cuisine de l'EHPAD Les Terrasses.
fn ppi(esms: &[Esms], next_id: &mut dyn FnMut() -> Uuid) -> Vec<OperationInvestissement> {
    vec![
        OperationInvestissement {
            id: next_id(),
            libelle: "Rénovation des salles de bains du deuxième étage".into(),
            esms: Some(esms[SAINT_CLEMENT].id),
            annee_debut: Some(2027),
            annee_fin: Some(2027),
            montant: n("40000"),
            autofinancement: n("40000"),
            statut: StatutPpi::NonSoumis,
            ..OperationInvestissement::default()
        },
        OperationInvestissement {
            id: next_id(),
            libelle: "Mise aux normes de la cuisine centrale".into(),
            esms: Some(esms[TERRASSES].id),
            annee_debut: Some(2028),
            annee_fin: Some(2028),
            montant: n("280000"),
            emprunt: n("200000"),
            autofinancement: n("80000"),
            statut: StatutPpi::Approuve,
            date_approbation: NaiveDate::from_ymd_opt(2026, 9, 24),
            ..OperationInvestissement::default()
        },
    ]
}
