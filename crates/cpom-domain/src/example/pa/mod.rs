//! Le second dossier exemple, « personnes âgées » : une association fictive de l'Hérault
//! (Occitanie) qui gère trois EHPAD, une petite unité de vie, un SSIAD et une résidence
//! autonomie, sous CPOM « EHPAD » (IV ter de l'article L. 313-12) tripartite (ARS Occitanie,
//! département de l'Hérault). Tous les noms et numéros sont fictifs ; FINESS et SIREN ont une
//! clé valide ; GMP, PMP et montants sont d'ordres de grandeur réalistes.
//!
//! Les trois EHPAD montrent les cas de l'instruction DGCS : tarif global avec pharmacie à
//! usage intérieur et habilitation totale (Les Terrasses du Lez) ; habilitation partielle à
//! l'aide sociale et UHR (Le Clos des Amandiers) ; établissement relevant de l'article
//! L. 342-1, non habilité (Villa Saint-Clément). La PUV est au forfait soins ; la résidence
//! autonomie perçoit un forfait soins (l'ARS signe aussi à ce titre).
//!
//! Le dossier est « Prêt pour signature ». Laissés exprès (avertissements visibles) : le PMP
//! du Clos des Amandiers validé après le 30 juin 2025 ne compte qu'à partir de 2027 (V32) ;
//! les signatures ne sont pas encore datées.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::etapes::Etapes;
use crate::dossier::perimetre::*;
use crate::kernel::nomenclature::{Competence, Secteur};

use super::{adresse, cap, dec, with_key};

mod diagnostic;
mod lancement;
mod objectifs;
mod signature;

fn d(y: i32, m: u32, j: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, j)
}

/// Index des ESMS dans le dossier exemple (ordre de `esms`).
pub const TERRASSES: usize = 0;
pub const AMANDIERS: usize = 1;
pub const SAINT_CLEMENT: usize = 2;
pub const PUV: usize = 3;
pub const SSIAD: usize = 4;
pub const RA: usize = 5;

fn esms(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Esms> {
    let base = |nom: &str,
                finess8: &str,
                categorie: &str,
                competence: Competence,
                a: (&str, &str, &str),
                next_id: &mut dyn FnMut() -> Uuid| Esms {
        id: next_id(),
        nom: nom.into(),
        finess_et: Some(with_key(finess8)),
        categorie: Some(categorie.into()),
        secteur: Some(Secteur::PersonnesAgees),
        departement: Some("34".into()),
        adresse: adresse(a.0, a.1, a.2),
        competence: Some(competence),
        competence_source: Some(CompetenceSource::Categorie),
        jours_ouverture: Some(365),
        dans_perimetre: true,
        ..Esms::default()
    };
    let mut terrasses = base(
        "EHPAD Les Terrasses du Lez",
        "34001571",
        "500",
        Competence::Conjointe,
        (
            "145 avenue de la Justice de Castelnau",
            "34090",
            "Montpellier",
        ),
        next_id,
    );
    terrasses.capacites = Capacites {
        internat: cap(84, 84),
        accueil_temporaire: cap(4, 4),
        semi_internat: cap(6, 6),
        ..Capacites::default()
    };
    terrasses.etp = Etp {
        administratif: dec(6, 5),
        educatif: dec(2, 0),
        medical: dec(1, 2),
        paramedical: dec(42, 6),
        pedagogique: None,
        autres: dec(21, 0),
    };
    terrasses.public_specifique = "Personnes âgées de soixante ans et plus en perte d'autonomie ; PASA de 14 places pour des résidents présentant des troubles du comportement modérés.".into();
    terrasses.habilitation_aide_sociale = Some(HabilitationAideSociale::Totale);
    terrasses.places_habilitees_aide_sociale = Some(88);
    terrasses.pa = VoletPa {
        pasa: Some(14),
        gmp: Some(728),
        gmp_date_validation: d(2025, 4, 17),
        pmp: Some(224),
        pmp_date_validation: d(2025, 4, 17),
        option_tarifaire: Some(OptionTarifaire::GlobalAvecPui),
        ctp_date_signature: d(2016, 6, 30),
        ctp_date_echeance: d(2021, 6, 29),
        ..VoletPa::default()
    };

    let mut amandiers = base(
        "EHPAD Le Clos des Amandiers",
        "34002682",
        "500",
        Competence::Conjointe,
        ("12 chemin des Amandiers", "34400", "Lunel"),
        next_id,
    );
    amandiers.capacites = Capacites {
        internat: cap(72, 72),
        accueil_temporaire: cap(2, 2),
        ..Capacites::default()
    };
    amandiers.etp = Etp {
        administratif: dec(5, 0),
        educatif: dec(1, 5),
        medical: dec(0, 9),
        paramedical: dec(38, 4),
        pedagogique: None,
        autres: dec(17, 5),
    };
    amandiers.public_specifique = "Personnes âgées dépendantes ; unité d'hébergement renforcée de 14 places pour des troubles sévères du comportement, unité protégée de 12 places.".into();
    amandiers.habilitation_aide_sociale = Some(HabilitationAideSociale::Partielle);
    amandiers.places_habilitees_aide_sociale = Some(30);
    amandiers.pa = VoletPa {
        uhr: Some(14),
        unite_protegee: Some(12),
        gmp: Some(771),
        gmp_date_validation: d(2025, 5, 22),
        pmp: Some(247),
        // Validé après le 30 juin 2025 : ne compte que pour 2027 (V32, laissé exprès).
        pmp_date_validation: d(2025, 9, 12),
        option_tarifaire: Some(OptionTarifaire::PartielSansPui),
        ctp_date_signature: d(2016, 12, 20),
        ctp_date_echeance: d(2021, 12, 19),
        ..VoletPa::default()
    };

    let mut clement = base(
        "EHPAD Villa Saint-Clément",
        "34003793",
        "500",
        Competence::Conjointe,
        ("3 rue du Moulin de Clément", "34170", "Castelnau-le-Lez"),
        next_id,
    );
    clement.capacites = Capacites {
        internat: cap(60, 60),
        accueil_temporaire: cap(2, 2),
        ..Capacites::default()
    };
    clement.etp = Etp {
        administratif: dec(4, 0),
        educatif: dec(1, 0),
        medical: dec(0, 6),
        paramedical: dec(29, 8),
        pedagogique: None,
        autres: dec(15, 0),
    };
    clement.public_specifique =
        "Personnes âgées de soixante ans et plus ; établissement non habilité à l'aide sociale."
            .into();
    clement.habilitation_aide_sociale = Some(HabilitationAideSociale::NonHabilite);
    clement.pa = VoletPa {
        gmp: Some(694),
        gmp_date_validation: d(2024, 6, 3),
        pmp: Some(208),
        pmp_date_validation: d(2024, 6, 3),
        option_tarifaire: Some(OptionTarifaire::PartielAvecPui),
        l342_1: true,
        ctp_date_signature: d(2016, 3, 1),
        ctp_date_echeance: d(2021, 2, 28),
        ..VoletPa::default()
    };

    let mut puv = base(
        "Petite unité de vie Les Micocouliers",
        "34004804",
        "500",
        Competence::Conjointe,
        ("7 place de la Fontaine", "34380", "Saint-Martin-de-Londres"),
        next_id,
    );
    puv.capacites = Capacites {
        internat: cap(22, 22),
        ..Capacites::default()
    };
    puv.etp = Etp {
        administratif: dec(1, 0),
        educatif: dec(0, 5),
        medical: None,
        paramedical: dec(6, 8),
        pedagogique: None,
        autres: dec(5, 2),
    };
    puv.public_specifique =
        "Personnes âgées en perte d'autonomie modérée, en milieu rural, au plus près de leur domicile."
            .into();
    puv.habilitation_aide_sociale = Some(HabilitationAideSociale::Totale);
    puv.places_habilitees_aide_sociale = Some(22);
    puv.pa = VoletPa {
        puv: true,
        mode_soins_puv: Some(ModeSoinsPuv::ForfaitSoins),
        ..VoletPa::default()
    };

    let mut ssiad = base(
        "SSIAD du Pic Saint-Loup",
        "34005915",
        "354",
        Competence::Ars,
        ("22 avenue de Montpellier", "34980", "Saint-Gély-du-Fesc"),
        next_id,
    );
    ssiad.capacites = Capacites {
        externat: cap(45, 45),
        ..Capacites::default()
    };
    ssiad.etp = Etp {
        administratif: dec(1, 2),
        educatif: None,
        medical: None,
        paramedical: dec(12, 4),
        pedagogique: None,
        autres: dec(0, 5),
    };
    ssiad.public_specifique =
        "Personnes âgées de soixante ans et plus, malades ou dépendantes, à leur domicile.".into();

    let mut ra = base(
        "Résidence autonomie Les Capitelles",
        "34006026",
        "202",
        Competence::Cd,
        ("5 rue des Capitelles", "34830", "Clapiers"),
        next_id,
    );
    ra.capacites = Capacites {
        internat: cap(52, 50),
        ..Capacites::default()
    };
    ra.etp = Etp {
        administratif: dec(1, 5),
        educatif: dec(1, 0),
        medical: None,
        paramedical: dec(1, 8),
        pedagogique: None,
        autres: dec(4, 0),
    };
    ra.public_specifique = "Personnes âgées autonomes de soixante ans et plus, en logements individuels avec espaces collectifs.".into();
    ra.habilitation_aide_sociale = Some(HabilitationAideSociale::NonHabilite);
    ra.pa = VoletPa {
        forfait_soins_ra: true,
        ..VoletPa::default()
    };
    vec![terrasses, amandiers, clement, puv, ssiad, ra]
}

/// Construit le dossier exemple « personnes âgées » ; `next_id` fournit les UUID.
pub fn example_dossier_pa(next_id: &mut dyn FnMut() -> Uuid) -> Dossier {
    let organisme = Organisme {
        raison_sociale: "Association Les Jardins du Lez".into(),
        finess_ej: Some(with_key("34000153")),
        siren: Some(with_key("77934512")),
        statut_juridique: Some(StatutJuridique::Association),
        adresse_siege: adresse("40 rue de l'Aiguillerie", "34000", "Montpellier"),
        representant_legal_nom: "M. Bernard Azaïs".into(),
        representant_legal_qualite: "Président".into(),
        directeur_general: "Mme Nadia Benkhaled".into(),
        referent_cpom_nom: "M. Loïc Fabre".into(),
        referent_cpom_fonction: "Directeur de la qualité et des parcours".into(),
        referent_cpom_contact: "l.fabre@jardins-du-lez.example — 04 67 00 00 00".into(),
        valeurs_projet_associatif: "Projet associatif 2025-2029 « Vieillir chez soi, même en établissement » : respect des choix de vie, liberté d'aller et venir, ouverture sur la commune, soutien des aidants et qualité de vie au travail des équipes.".into(),
        frais_de_siege: false,
        date_arrete_frais_siege: None,
        date_deliberation_ca: lancement::date_deliberation(),
        societe_controlante: false,
    };
    let adhesions = vec![
        Adhesion {
            id: next_id(),
            kind: AdhesionKind::Federation,
            nom: "Fédération des établissements hospitaliers et d'aide à la personne privés solidaires (FEHAP)".into(),
        },
        Adhesion {
            id: next_id(),
            kind: AdhesionKind::Gcsms,
            nom: "GCSMS Gérontologie Montpellier Nord".into(),
        },
    ];
    let cpom = Cpom {
        base_juridique: Some(BaseJuridique::IvTerL313_12),
        region: Some("76".into()),
        departements: vec!["34".into()],
        date_effet: NaiveDate::from_ymd_opt(2027, 1, 1),
        duree_annees: 5,
        // Un seul CPOM : celui-ci.
        articulation: Some(Articulation::Aucune),
        ..Cpom::default()
    };
    let esms = esms(next_id);
    let lancement = lancement::lancement(next_id);
    let diagnostic = diagnostic::diagnostic(&esms, next_id);
    let objectifs = objectifs::objectifs(&esms, &diagnostic.synthese, next_id);
    let signature = signature::signature(&esms, next_id);
    Dossier {
        organisme,
        adhesions,
        cpom,
        esms,
        lancement,
        diagnostic,
        objectifs,
        signature,
        etapes: Etapes::default(),
        clauses: Vec::new(),
        ..Dossier::default()
    }
}

/// Le dossier exemple « personnes âgées » aux identifiants déterministes (tests).
#[cfg(test)]
pub(crate) fn fixture() -> Dossier {
    let mut n = 0u128;
    example_dossier_pa(&mut || {
        n += 1;
        Uuid::from_u128(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::finess::parse_finess;
    use crate::kernel::issue::Severity;
    use crate::perimetre::calc::{PartieKind, Partite, derived};
    use crate::steps::engine::reports;
    use crate::steps::readiness::{EtatDossier, readiness};

    fn pa() -> Dossier {
        fixture()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    #[test]
    fn pa_example_is_ready_for_signature_with_only_deliberate_warnings() {
        let d = pa();
        for r in reports(&d, today()) {
            for i in &r.issues {
                eprintln!(
                    "{:?} {} {} — {} [{}]",
                    i.issue.severity, i.issue.rule, i.issue.path, i.issue.message, i.issue.source
                );
            }
        }
        let r = readiness(&d, today());
        assert!(r.pret, "{:#?}", r.points);
        assert_eq!(r.etat, EtatDossier::PretPourSignature);
        let all: Vec<_> = reports(&d, today())
            .into_iter()
            .flat_map(|r| r.issues)
            .map(|i| i.issue)
            .collect();
        // Aucune règle propre au CPOM PH (guide PdL) ne s'applique à un dossier PA.
        for ph_only in [
            "O-MINIMUM",
            "S-DOTATION",
            "S-REPARTITION",
            "S-BUDGET",
            "D-FLASH-CD",
            "S-CD",
        ] {
            assert!(
                !all.iter().any(|i| i.rule == ph_only),
                "{ph_only} sur un dossier PA"
            );
        }
        // L'alerte V32 laissée exprès : le PMP des Amandiers validé le 12 septembre 2025.
        let v32: Vec<_> = all.iter().filter(|i| i.rule == "V32").collect();
        assert_eq!(v32.len(), 1, "{v32:#?}");
        assert_eq!(v32[0].severity, Severity::Avertissement);
        assert!(
            v32[0].message.contains("12 septembre 2025"),
            "{}",
            v32[0].message
        );
        assert!(v32[0].message.contains("2027"), "{}", v32[0].message);
        // Aucune source affichée ne renvoie à un fichier ou à des lignes.
        for i in all.iter().filter(|i| {
            ["V", "PA-", "O-EHPAD"]
                .iter()
                .any(|p| i.rule.starts_with(p))
        }) {
            assert!(!i.source.contains("seed"), "{}: {}", i.rule, i.source);
        }
    }

    #[test]
    fn pa_example_is_realistic() {
        let d = pa();
        assert_eq!(d.esms.len(), 6);
        for e in &d.esms {
            parse_finess(e.finess_et.as_deref().unwrap()).unwrap();
            assert_eq!(
                crate::perimetre::regime::secteur(e),
                Some(Secteur::PersonnesAgees)
            );
        }
        parse_finess(d.organisme.finess_ej.as_deref().unwrap()).unwrap();
        let x = derived(&d);
        assert_eq!(x.partite, Partite::Tripartite);
        assert!(x.signe(PartieKind::Ars) && x.signe(PartieKind::Cd));
        assert_eq!(x.periode.as_deref(), Some("2027-2031"));
        // Trois EHPAD (PUI et tarif global ; habilitation partielle ; L. 342-1), une PUV.
        assert_eq!(
            d.esms[TERRASSES].pa.option_tarifaire,
            Some(OptionTarifaire::GlobalAvecPui)
        );
        assert_eq!(
            d.esms[AMANDIERS].habilitation_aide_sociale,
            Some(HabilitationAideSociale::Partielle)
        );
        assert!(d.esms[SAINT_CLEMENT].pa.l342_1);
        assert!(d.esms[PUV].pa.puv);
        for e in &d.esms[..3] {
            assert!((650..=800).contains(&e.pa.gmp.unwrap()));
            assert!((180..=260).contains(&e.pa.pmp.unwrap()));
        }
    }

    /// Un CPOM « EHPAD » des Pays de la Loire ou de PACA suit le socle national (les packs de
    /// ces régions sont écrits pour les ESMS pour personnes handicapées) : aucune règle du
    /// guide PdL, aucun catalogue PdL ; le choix explicite du pack PdL les rend.
    #[test]
    fn a_pa_dossier_of_pays_de_la_loire_follows_the_national_pack_unless_chosen() {
        let pdl_only = [
            "O-MINIMUM",
            "O-AXE",
            "L-COORDONNATEUR",
            "P-4-SEMAINES",
            "P-ORDRE-SIGNATURE",
            "S-ORDRE",
            "D-ZONES",
            "D-FLASH-SAISIE",
            "D-FLASH-CD",
            "S-REPARTITION",
            "S-CD",
        ];
        for region in ["52", "93"] {
            let mut d = pa();
            d.cpom.region = Some(region.into());
            assert_eq!(d.pack().id, "national", "région {region}");
            let catalogues: Vec<&str> = crate::diagnostic::catalogue::catalogues_actifs(&d)
                .into_iter()
                .map(|(c, _)| c.data.id.as_str())
                .collect();
            assert!(catalogues.contains(&"diagnostic-pa"), "{catalogues:?}");
            assert!(!catalogues.contains(&"diagnostic-pdl"), "{catalogues:?}");
            for i in reports(&d, today()).into_iter().flat_map(|r| r.issues) {
                assert!(
                    !pdl_only.contains(&i.issue.rule.as_str())
                        && !i.issue.source.contains("Pays de la Loire"),
                    "région {region} : {:#?}",
                    i.issue
                );
            }
        }
        let mut d = pa();
        d.cpom.region = Some("52".into());
        d.cpom.pack = Some("pdl".into());
        assert_eq!(d.pack().id, "pdl");
        let catalogues: Vec<&str> = crate::diagnostic::catalogue::catalogues_actifs(&d)
            .into_iter()
            .map(|(c, _)| c.data.id.as_str())
            .collect();
        // Sous le pack PdL, les ESMS PA gardent leur catalogue ; le catalogue PdL ne vise
        // que les ESMS PH (aucun ici).
        assert!(catalogues.contains(&"diagnostic-pa"), "{catalogues:?}");
    }

    #[test]
    fn the_pa_diagnostic_asks_its_own_questions_per_establishment() {
        let mut d = pa();
        let mut c = crate::kernel::issue::Collector::default();
        crate::diagnostic::rules::check(&d, today(), &mut c);
        assert!(!c.0.iter().any(|i| i.rule == "D-QUESTION"), "{:#?}", c.0);
        let ssiad = d.esms[SSIAD].id;
        d.diagnostic
            .reponses
            .retain(|r| !(r.question == "pa_cvs" && r.esms == Some(ssiad)));
        let mut c = crate::kernel::issue::Collector::default();
        crate::diagnostic::rules::check(&d, today(), &mut c);
        let q =
            c.0.iter()
                .find(|i| i.rule == "D-QUESTION")
                .expect("D-QUESTION");
        assert!(
            q.message.contains("Axe PA-3 (SSIAD du Pic Saint-Loup)"),
            "{}",
            q.message
        );
        assert_eq!(q.path, format!("diagnostic.questions.pa_cvs.{ssiad}"));
    }
}
