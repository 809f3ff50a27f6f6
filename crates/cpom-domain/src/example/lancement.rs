//! Le lancement du dossier exemple : CPOM au 1er janvier 2027, réunion de lancement en
//! janvier 2026, diagnostic au printemps, négociation à l'été, signatures en fin d'année.
//!
//! Laissés exprès (visibles dans le rapport) : la phase de diagnostic dépasse sa norme de
//! 4 mois ; la réunion d'information du CVS n'a pas de compte-rendu ; la négociation
//! chevauche la campagne budgétaire (avertissement acquitté avec un commentaire).

use crate::dossier::lancement::Acteur;
use crate::dossier::lancement::Campagne;
use crate::dossier::lancement::Contact;
use crate::dossier::lancement::Contribution;
use crate::dossier::lancement::Engagement;
use crate::dossier::lancement::EtatChecklist;
use crate::dossier::lancement::EtatItem;
use crate::dossier::lancement::Jalon;
use crate::dossier::lancement::JalonCode;
use crate::dossier::lancement::Lancement;
use crate::dossier::lancement::Niveau;
use crate::dossier::lancement::Raci;
use crate::dossier::lancement::RaciRole;
use crate::dossier::lancement::Reunion;
use crate::dossier::lancement::TypeActeur;
use crate::dossier::lancement::TypeReunion;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::etapes::Acquittement;
use crate::kernel::checklists::checklist_lancement;

fn d(y: i32, m: u32, j: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, j)
}

fn contact(nom: &str, fonction: &str, c: &str) -> Contact {
    Contact {
        nom: nom.into(),
        fonction: fonction.into(),
        contact: c.into(),
    }
}

/// Date de la délibération du CA qui engage la démarche (organisme).
pub fn date_deliberation() -> Option<NaiveDate> {
    d(2025, 12, 11)
}

fn jalons() -> Vec<Jalon> {
    use crate::dossier::lancement::JalonCode::*;
    let j = |code: JalonCode, prevue, reelle, responsable: &str| Jalon {
        date_prevue: prevue,
        date_reelle: reelle,
        responsable: responsable.into(),
        ..Jalon::standard(code)
    };
    vec![
        j(
            Programmation,
            d(2025, 12, 15),
            d(2025, 12, 15),
            "ARS et CD 44",
        ),
        j(
            ReunionLancement,
            d(2026, 1, 20),
            d(2026, 1, 20),
            "ARS et CD 44",
        ),
        j(
            PriseDeContact,
            d(2026, 2, 3),
            d(2026, 2, 5),
            "Coordonnatrice ARS",
        ),
        j(
            EnvoiDossierDiagnostic,
            d(2026, 4, 10),
            d(2026, 4, 24),
            "Référente CPOM",
        ),
        j(
            ReunionDiagnostic,
            d(2026, 5, 19),
            d(2026, 6, 16),
            "Coordonnatrice ARS",
        ),
        j(
            ProjetFichesObjectifs,
            d(2026, 7, 17),
            d(2026, 7, 17),
            "Référente CPOM",
        ),
        j(
            ReunionObjectifs,
            d(2026, 9, 15),
            d(2026, 9, 15),
            "Coordonnatrice ARS",
        ),
        j(
            ProjetCpom,
            d(2026, 10, 9),
            d(2026, 10, 13),
            "Référente CPOM",
        ),
        j(SignatureOg, d(2026, 11, 16), d(2026, 11, 16), "Présidente"),
        j(
            SignatureCd,
            d(2026, 11, 30),
            None,
            "Président du conseil départemental",
        ),
        j(
            SignatureArs,
            d(2026, 12, 11),
            None,
            "Directeur général de l'ARS",
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn acteur(
    id: Uuid,
    nom: &str,
    t: TypeActeur,
    niveau: Niveau,
    referent: &str,
    interet: &str,
    contributions: &[Contribution],
    raci: [Option<RaciRole>; 4],
) -> Acteur {
    Acteur {
        id,
        nom: nom.into(),
        type_acteur: Some(t),
        niveau: Some(niveau),
        referent: referent.into(),
        interet: interet.into(),
        contributions: contributions.to_vec(),
        raci: Raci {
            lancement: raci[0],
            diagnostic: raci[1],
            objectifs: raci[2],
            signature: raci[3],
        },
    }
}

fn acteurs(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Acteur> {
    use crate::dossier::lancement::Contribution::*;
    use crate::dossier::lancement::RaciRole::*;
    vec![
        acteur(
            next_id(),
            "Association Les Iris de l'Erdre",
            TypeActeur::OrganismeGestionnaire,
            Niveau::Signataire,
            "Mme Sophie Guérin, référente CPOM",
            "Porter un projet associatif commun aux sept ESMS et sécuriser leurs moyens sur cinq ans.",
            &[Diagnostic, Objectifs, Evaluation],
            [Some(R), Some(R), Some(R), Some(R)],
        ),
        acteur(
            next_id(),
            "Agence régionale de santé Pays de la Loire — délégation de Loire-Atlantique",
            TypeActeur::Ars,
            Niveau::Signataire,
            "Mme Hélène Marchand, coordonnatrice",
            "Décliner le PRS (transformation de l'offre, réponse accompagnée pour tous).",
            &[Diagnostic, Objectifs, Evaluation],
            [Some(A), Some(A), Some(A), Some(A)],
        ),
        acteur(
            next_id(),
            "Département de Loire-Atlantique — direction de l'autonomie",
            TypeActeur::ConseilDepartemental,
            Niveau::Signataire,
            "M. Julien Poirier, chargé de mission CPOM",
            "Schéma départemental de l'autonomie ; EAM et foyer de vie Les Tilleuls.",
            &[Diagnostic, Objectifs, Evaluation],
            [Some(C), Some(C), Some(C), Some(C)],
        ),
        acteur(
            next_id(),
            "MDPH de Loire-Atlantique",
            TypeActeur::Mdph,
            Niveau::Associe,
            "Dr Anne Le Gall, responsable du pôle orientations",
            "Suivi des orientations, plans d'accompagnement global, listes d'attente.",
            &[Diagnostic],
            [Some(I), Some(C), Some(C), Some(I)],
        ),
        acteur(
            next_id(),
            "Direction des services départementaux de l'Éducation nationale",
            TypeActeur::EducationNationale,
            Niveau::Associe,
            "M. Karim Benali, IEN ASH",
            "Unités d'enseignement de l'IME et de l'ITEP.",
            &[Diagnostic, Objectifs],
            [Some(I), Some(C), Some(C), None],
        ),
        acteur(
            next_id(),
            "CHU de Nantes — filière handicap",
            TypeActeur::EtablissementSante,
            Niveau::Associe,
            "Dr Paul Rivière",
            "Convention d'urgences et d'hospitalisation programmée pour la MAS et l'EAM.",
            &[Objectifs],
            [None, Some(C), Some(C), None],
        ),
        acteur(
            next_id(),
            "Conseils de la vie sociale des sept établissements",
            TypeActeur::Cvs,
            Niveau::Informe,
            "Présidents des CVS",
            "Attentes des personnes accompagnées et des familles.",
            &[Diagnostic],
            [Some(I), Some(C), Some(I), Some(I)],
        ),
        acteur(
            next_id(),
            "Comité social et économique de l'association",
            TypeActeur::Irp,
            Niveau::Informe,
            "Secrétaire du CSE",
            "Consultation sur l'organisation et la qualité de vie au travail.",
            &[],
            [Some(I), Some(I), Some(I), Some(I)],
        ),
    ]
}

fn checklist(next_id: &mut dyn FnMut() -> Uuid) -> Vec<EtatChecklist> {
    checklist_lancement()
        .items
        .iter()
        .map(|i| {
            let (etat, commentaire) = match i.id.as_str() {
                "contraintes_autorites" => (
                    EtatItem::Traite,
                    "Taux d'évolution des dotations 2027 annoncé par l'ARS ; pas de mesure nouvelle.",
                ),
                "documents" => (
                    EtatItem::SansObjet,
                    "Fichier « Diagnostic » et socle transmis par courriel avant la réunion.",
                ),
                _ => (EtatItem::Traite, ""),
            };
            EtatChecklist {
                id: next_id(),
                item: i.id.clone(),
                etat,
                commentaire: commentaire.into(),
            }
        })
        .collect()
}

struct R {
    t: TypeReunion,
    objet: &'static str,
    date: Option<NaiveDate>,
    lieu: &'static str,
    participants: &'static [&'static str],
    decisions: &'static str,
    suite: &'static str,
    cr: &'static str,
    cr_ref: &'static str,
}

fn reunions(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Reunion> {
    let list = [
        R {
            t: TypeReunion::Lancement,
            objet: "Lancement de la démarche CPOM 2027-2031",
            date: d(2026, 1, 20),
            lieu: "Délégation territoriale de l'ARS, Nantes",
            participants: &[
                "Mme Hélène Marchand, ARS",
                "M. Julien Poirier, Département",
                "M. Yann Le Floch, directeur général",
                "Mme Sophie Guérin, référente CPOM",
            ],
            decisions: "Périmètre de sept ESMS confirmé ; CPOM tripartite ; coordination assurée par l'ARS.",
            suite: "Envoi du fichier « Diagnostic » pré-rempli début février ; retour au plus tard fin avril.",
            cr: "Enjeux partagés, calendrier de négociation arrêté (réunion diagnostic en mai, projet de CPOM en octobre), comitologie : trois réunions plénières et un comité de suivi interne mensuel.",
            cr_ref: "",
        },
        R {
            t: TypeReunion::ComiteSuiviInterne,
            objet: "Organisation interne du diagnostic",
            date: d(2026, 2, 12),
            lieu: "Siège de l'association",
            participants: &["Directeurs des sept ESMS", "Direction générale"],
            decisions: "Chaque directeur complète l'axe de son secteur ; le siège consolide l'annexe financière.",
            suite: "Points d'étape hebdomadaires jusqu'à l'envoi du dossier.",
            cr: "",
            cr_ref: "CR-2026-02-12-comite-interne.pdf (GED du siège)",
        },
        R {
            t: TypeReunion::InformationCvs,
            objet: "Information des CVS sur la démarche CPOM",
            date: d(2026, 3, 10),
            lieu: "IME Les Hirondelles, Saint-Herblain",
            participants: &["Présidents des CVS", "Directrice du pôle enfance"],
            decisions: "Recueil des attentes des familles pour le diagnostic.",
            suite: "Synthèse des comptes-rendus de CVS à joindre au diagnostic.",
            cr: "",
            cr_ref: "",
        },
        R {
            t: TypeReunion::Diagnostic,
            objet: "Réunion diagnostic : partage et validation",
            date: d(2026, 6, 16),
            lieu: "Délégation territoriale de l'ARS, Nantes",
            participants: &[
                "Mme Hélène Marchand, ARS",
                "M. Julien Poirier, Département",
                "Dr Anne Le Gall, MDPH",
                "Direction générale et directeurs",
            ],
            decisions: "Diagnostic validé ; six objectifs retenus sur les trois axes du socle régional.",
            suite: "Projet de fiches-objectifs attendu pour la mi-juillet.",
            cr: "Diagnostic partagé validé par les trois parties. Points d'attention : vétusté de la MAS, partenariat HAD à construire, jeunes adultes en amendement Creton à l'IME.",
            cr_ref: "",
        },
        R {
            t: TypeReunion::Negociation,
            objet: "Réunion objectifs",
            date: d(2026, 9, 15),
            lieu: "Hôtel du Département, Nantes",
            participants: &["ARS", "Département", "Direction générale", "Référente CPOM"],
            decisions: "Fiches-objectifs stabilisées ; indicateurs et cibles à mi-parcours arrêtés.",
            suite: "Projet de CPOM complet pour la mi-octobre.",
            cr: "",
            cr_ref: "CR-2026-09-15-reunion-objectifs.pdf",
        },
    ];
    list.into_iter()
        .map(|r| Reunion {
            id: next_id(),
            type_reunion: Some(r.t),
            objet: r.objet.into(),
            date: r.date,
            lieu: r.lieu.into(),
            participants: r.participants.iter().map(|s| s.to_string()).collect(),
            mandat_decision: true,
            decisions: r.decisions.into(),
            prochaines_etapes: r.suite.into(),
            compte_rendu: r.cr.into(),
            compte_rendu_reference: r.cr_ref.into(),
        })
        .collect()
}

/// Le lancement de l'exemple.
pub fn lancement(next_id: &mut dyn FnMut() -> Uuid) -> Lancement {
    let mut l = Lancement {
        engagement: Engagement {
            dg_mandate: true,
            date_mandat_dg: date_deliberation(),
            coordonnateur_ars: contact(
                "Mme Hélène Marchand",
                "Inspectrice, délégation territoriale de Loire-Atlantique",
                "helene.marchand@ars.example — 02 49 00 00 00",
            ),
            coordonnateur_cd: contact(
                "M. Julien Poirier",
                "Chargé de mission CPOM, direction de l'autonomie",
                "julien.poirier@loire-atlantique.example",
            ),
            campagne_budgetaire: Campagne::default(),
        },
        jalons: jalons(),
        acteurs: acteurs(next_id),
        checklist: checklist(next_id),
        reunions: reunions(next_id),
    };
    l.fill_standard_jalons();
    l
}

/// L'avertissement acquitté de l'exemple : la négociation chevauche la campagne budgétaire.
pub fn acquittements(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Acquittement> {
    vec![Acquittement {
        id: next_id(),
        regle: "P-CAMPAGNE".into(),
        chemin: format!(
            "lancement.jalons.{}.date_reelle",
            JalonCode::ReunionDiagnostic.standard_id()
        ),
        commentaire: "Calendrier imposé par la programmation ; le siège prépare l'EPRD en parallèle, la DAF est dégagée des réunions de juin.".into(),
        par: "Mme Sophie Guérin".into(),
        le: "2026-05-20T09:00:00.000Z".into(),
    }]
}
