//! Les dossiers exemples. Le premier (`example_dossier`, « ph ») : une association fictive de Loire-Atlantique (Pays de la Loire) qui
//! gère sept ESMS enfance et adultes, sous CPOM L. 313-12-2 tripartite (ARS + département).
//! Tous les noms et numéros sont fictifs ; les FINESS et le SIREN ont une clé valide.
//! Les quatre étapes sont remplies : lancement (`lancement.rs`), diagnostic partagé
//! (`diagnostic.rs`), objectifs (`objectifs.rs`) et signature (`signature.rs`), avec un seul
//! manque volontaire (la délibération du CA approuvant le contrat n'est pas datée). Le second,
//! « personnes âgées » (`pa::example_dossier_pa`) : trois EHPAD, une PUV, un SSIAD et une
//! résidence autonomie en Occitanie, sous CPOM « EHPAD » (socle national). Le troisième,
//! « paca » (`paca::example_paca`) : le premier transposé dans les Bouches-du-Rhône, sous le modèle
//! de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur.

use crate::kernel::nomenclature::Competence;
use crate::kernel::nomenclature::Secteur;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::etapes::Etapes;
use crate::dossier::perimetre::*;
use crate::kernel::finess::luhn_key;

mod diagnostic;
mod lancement;
mod objectifs;
pub mod pa;
pub mod paca;
mod signature;
pub mod suivi;

fn with_key(first8: &str) -> String {
    format!("{first8}{}", luhn_key(first8))
}

fn dec(units: i64, tenths: u32) -> Option<Decimal> {
    Some(Decimal::new(units * 10 + i64::from(tenths), 1).normalize())
}

fn cap(a: u32, i: u32) -> Capacite {
    Capacite {
        autorisee: Some(a),
        installee: Some(i),
    }
}

fn adresse(ligne: &str, cp: &str, commune: &str) -> Adresse {
    Adresse {
        ligne: ligne.into(),
        code_postal: cp.into(),
        commune: commune.into(),
    }
}

struct Spec {
    nom: &'static str,
    finess8: &'static str,
    categorie: &'static str,
    secteur: Secteur,
    competence: Competence,
    adresse: (&'static str, &'static str, &'static str),
    capacites: Capacites,
    jours: u16,
    etp: [(i64, u32); 6],
    public: &'static str,
    habilitation: Option<HabilitationAideSociale>,
}

fn specs() -> Vec<Spec> {
    let c = Capacites::default;
    vec![
        Spec {
            nom: "IME Les Hirondelles",
            finess8: "44001234",
            categorie: "183",
            secteur: Secteur::Enfance,
            competence: Competence::Ars,
            adresse: ("8 allée des Hirondelles", "44800", "Saint-Herblain"),
            capacites: Capacites {
                internat: cap(24, 24),
                semi_internat: cap(36, 34),
                ..c()
            },
            jours: 210,
            etp: [(4, 5), (28, 0), (0, 6), (6, 2), (3, 0), (9, 5)],
            public: "Enfants et adolescents de 6 à 20 ans présentant une déficience intellectuelle, dont 8 places pour jeunes avec troubles du spectre de l'autisme",
            habilitation: None,
        },
        Spec {
            nom: "SESSAD Les Hirondelles",
            finess8: "44001235",
            categorie: "182",
            secteur: Secteur::Enfance,
            competence: Competence::Ars,
            adresse: ("8 allée des Hirondelles", "44800", "Saint-Herblain"),
            capacites: Capacites {
                externat: cap(45, 45),
                ..c()
            },
            jours: 210,
            etp: [(1, 5), (7, 0), (0, 3), (4, 8), (0, 0), (0, 5)],
            public: "Enfants et adolescents de 0 à 20 ans avec déficience intellectuelle, accompagnés en milieu ordinaire",
            habilitation: None,
        },
        Spec {
            nom: "ITEP La Rivière",
            finess8: "44002250",
            categorie: "186",
            secteur: Secteur::Enfance,
            competence: Competence::Ars,
            adresse: ("23 route de la Chézine", "44700", "Orvault"),
            capacites: Capacites {
                internat: cap(18, 18),
                semi_internat: cap(24, 24),
                ..c()
            },
            jours: 205,
            etp: [(2, 8), (19, 0), (0, 4), (3, 0), (2, 0), (6, 0)],
            public: "Enfants et adolescents de 8 à 18 ans présentant des difficultés psychologiques dont l'expression perturbe la socialisation et l'accès aux apprentissages",
            habilitation: None,
        },
        Spec {
            nom: "ESAT Les Ateliers de l'Erdre",
            finess8: "44003310",
            categorie: "246",
            secteur: Secteur::Adultes,
            competence: Competence::Ars,
            adresse: (
                "Zone artisanale de la Bérangerais",
                "44240",
                "La Chapelle-sur-Erdre",
            ),
            capacites: Capacites {
                externat: cap(92, 90),
                ..c()
            },
            jours: 226,
            etp: [(3, 0), (14, 5), (0, 1), (0, 5), (0, 0), (2, 0)],
            public: "Adultes en situation de handicap orientés par la CDAPH vers un établissement et service d'aide par le travail",
            habilitation: None,
        },
        Spec {
            nom: "EAM Le Clos Fleuri",
            finess8: "44004420",
            categorie: "448",
            secteur: Secteur::Adultes,
            competence: Competence::Conjointe,
            adresse: ("2 rue du Clos Fleuri", "44470", "Carquefou"),
            capacites: Capacites {
                internat: cap(32, 32),
                accueil_temporaire: cap(2, 2),
                ..c()
            },
            jours: 365,
            etp: [(2, 5), (18, 0), (0, 5), (12, 0), (0, 0), (8, 0)],
            public: "Adultes avec handicap psychique ou déficience intellectuelle nécessitant une surveillance médicale et des soins constants",
            habilitation: Some(HabilitationAideSociale::Totale),
        },
        Spec {
            nom: "MAS Les Grands Chênes",
            finess8: "44005530",
            categorie: "255",
            secteur: Secteur::Adultes,
            competence: Competence::Ars,
            adresse: (
                "45 chemin des Grands Chênes",
                "44980",
                "Sainte-Luce-sur-Loire",
            ),
            capacites: Capacites {
                internat: cap(44, 44),
                accueil_temporaire: cap(2, 3),
                ..c()
            },
            jours: 365,
            etp: [(3, 0), (12, 0), (1, 2), (41, 5), (0, 0), (11, 0)],
            public: "Adultes polyhandicapés ou avec handicap grave nécessitant une assistance pour les actes essentiels de la vie",
            habilitation: None,
        },
        Spec {
            nom: "Foyer de vie Les Tilleuls",
            finess8: "44006640",
            categorie: "449",
            secteur: Secteur::Adultes,
            competence: Competence::Cd,
            adresse: ("10 avenue des Tilleuls", "44300", "Nantes"),
            capacites: Capacites {
                internat: cap(28, 28),
                semi_internat: cap(10, 10),
                ..c()
            },
            jours: 365,
            etp: [(1, 5), (17, 0), (0, 0), (1, 0), (0, 0), (5, 5)],
            public: "Adultes en situation de handicap disposant d'une autonomie suffisante pour des activités quotidiennes sans relever d'un ESAT",
            habilitation: Some(HabilitationAideSociale::Totale),
        },
    ]
}

/// Construit le dossier exemple ; `next_id` fournit les UUID (aléatoires dans l'application,
/// déterministes dans les tests de référence).
pub fn example_dossier(next_id: &mut dyn FnMut() -> Uuid) -> Dossier {
    let organisme = Organisme {
        raison_sociale: "Association Les Iris de l'Erdre".into(),
        finess_ej: Some(with_key("44000012")),
        siren: Some(with_key("77889900")),
        statut_juridique: Some(StatutJuridique::Association),
        adresse_siege: adresse("12 rue des Tanneurs", "44000", "Nantes"),
        representant_legal_nom: "Mme Claire Morvan".into(),
        representant_legal_qualite: "Présidente".into(),
        directeur_general: "M. Yann Le Floch".into(),
        referent_cpom_nom: "Mme Sophie Guérin".into(),
        referent_cpom_fonction: "Directrice du pôle enfance".into(),
        referent_cpom_contact: "s.guerin@iris-erdre.example — 02 40 00 00 00".into(),
        valeurs_projet_associatif:
            "Projet associatif 2024-2028 « Vivre ensemble, choisir sa vie » : \
            autodétermination des personnes accompagnées, inclusion dans la cité, \
            coopération avec les familles et les partenaires du territoire, bientraitance et \
            qualité de vie au travail des professionnels."
                .into(),
        frais_de_siege: true,
        date_arrete_frais_siege: NaiveDate::from_ymd_opt(2024, 6, 14),
        date_deliberation_ca: lancement::date_deliberation(),
        societe_controlante: false,
    };
    let adhesions = vec![
        Adhesion {
            id: next_id(),
            kind: AdhesionKind::Gcsms,
            nom: "GCSMS Handicap Loire-Atlantique Nord".into(),
        },
        Adhesion {
            id: next_id(),
            kind: AdhesionKind::Federation,
            nom: "Nexem".into(),
        },
    ];
    let cpom = Cpom {
        base_juridique: Some(BaseJuridique::L313_12_2),
        region: Some("52".into()),
        pack: None,
        articulation: Some(Articulation::Aucune),
        departements: vec!["44".into()],
        date_effet: NaiveDate::from_ymd_opt(2027, 1, 1),
        duree_annees: 5,
    };
    let esms: Vec<Esms> = specs()
        .into_iter()
        .map(|s| Esms {
            id: next_id(),
            nom: s.nom.into(),
            finess_et: Some(with_key(s.finess8)),
            categorie: Some(s.categorie.into()),
            secteur: Some(s.secteur),
            departement: Some("44".into()),
            adresse: adresse(s.adresse.0, s.adresse.1, s.adresse.2),
            competence: Some(s.competence),
            competence_source: Some(CompetenceSource::Categorie),
            capacites: s.capacites,
            jours_ouverture: Some(s.jours),
            etp: Etp {
                administratif: dec(s.etp[0].0, s.etp[0].1),
                educatif: dec(s.etp[1].0, s.etp[1].1),
                medical: dec(s.etp[2].0, s.etp[2].1),
                paramedical: dec(s.etp[3].0, s.etp[3].1),
                pedagogique: dec(s.etp[4].0, s.etp[4].1),
                autres: dec(s.etp[5].0, s.etp[5].1),
            },
            public_specifique: s.public.into(),
            habilitation_aide_sociale: s.habilitation,
            dans_perimetre: true,
            autorisation_en_cours: false,
            mode_financement: Some(ModeFinancement::DotationGlobale),
            ..Esms::default()
        })
        .collect();
    let lancement = lancement::lancement(next_id);
    let diagnostic = diagnostic::diagnostic(&esms, next_id);
    let objectifs = objectifs::objectifs(&esms, &diagnostic.synthese, next_id);
    let signature = signature::signature(&esms, next_id);
    let etapes = Etapes {
        validations: Vec::new(),
        acquittements: lancement::acquittements(next_id),
    };
    Dossier {
        organisme,
        adhesions,
        cpom,
        esms,
        accords: Vec::new(),
        contrats_lies: Vec::new(),
        lancement,
        diagnostic,
        objectifs,
        signature,
        etapes,
        clauses: Vec::new(),
        suivi_contrat: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::finess::parse_finess;
    use crate::perimetre::calc::Partite;
    use crate::perimetre::calc::derived;

    #[test]
    fn example_is_realistic() {
        let mut n = 0u128;
        let d = example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        });
        assert!(d.esms.len() >= 6);
        assert!(d.esms.iter().any(|e| e.secteur == Some(Secteur::Enfance)));
        assert!(d.esms.iter().any(|e| e.secteur == Some(Secteur::Adultes)));
        for e in &d.esms {
            parse_finess(e.finess_et.as_deref().unwrap()).unwrap();
        }
        parse_finess(d.organisme.finess_ej.as_deref().unwrap()).unwrap();
        assert_eq!(derived(&d).partite, Partite::Tripartite);
        assert_eq!(derived(&d).periode.as_deref(), Some("2027-2031"));
    }
}
