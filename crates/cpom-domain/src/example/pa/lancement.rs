//! Le lancement du dossier exemple « personnes âgées » : programmation par l'arrêté conjoint
//! ARS Occitanie – département de l'Hérault, réunion de lancement en mars 2026,
//! diagnostic partagé en juillet, objectifs à l'automne, signatures en décembre.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::lancement::{
    Acteur, Campagne, Contact, Contribution, Engagement, EtatChecklist, EtatItem, Jalon, JalonCode,
    Lancement, Niveau, Raci, RaciRole, Reunion, TypeActeur, TypeReunion,
};
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

/// Délibération du conseil d'administration qui engage la démarche et approuve le contrat.
pub fn date_deliberation() -> Option<NaiveDate> {
    d(2025, 11, 27)
}

fn jalons() -> Vec<Jalon> {
    use JalonCode::*;
    let j = |code: JalonCode, prevue, reelle, responsable: &str| Jalon {
        date_prevue: prevue,
        date_reelle: reelle,
        responsable: responsable.into(),
        ..Jalon::standard(code)
    };
    vec![
        j(
            Programmation,
            d(2025, 12, 12),
            d(2025, 12, 12),
            "ARS Occitanie et département de l'Hérault",
        ),
        j(
            ReunionLancement,
            d(2026, 3, 10),
            d(2026, 3, 10),
            "ARS Occitanie et département de l'Hérault",
        ),
        j(
            PriseDeContact,
            d(2026, 3, 20),
            d(2026, 3, 20),
            "Coordonnateur ARS",
        ),
        j(
            EnvoiDossierDiagnostic,
            d(2026, 5, 29),
            d(2026, 5, 29),
            "Référent CPOM",
        ),
        j(
            ReunionDiagnostic,
            d(2026, 7, 2),
            d(2026, 7, 2),
            "Coordonnateur ARS",
        ),
        j(
            ProjetFichesObjectifs,
            d(2026, 9, 4),
            d(2026, 9, 4),
            "Référent CPOM",
        ),
        j(
            ReunionObjectifs,
            d(2026, 9, 29),
            d(2026, 9, 29),
            "Coordonnateur ARS",
        ),
        j(
            ProjetCpom,
            d(2026, 10, 30),
            d(2026, 10, 30),
            "Référent CPOM",
        ),
        j(SignatureOg, d(2026, 12, 1), None, "Président"),
        j(
            SignatureCd,
            d(2026, 12, 11),
            None,
            "Présidente du conseil départemental",
        ),
        j(
            SignatureArs,
            d(2026, 12, 18),
            None,
            "Directeur général de l'ARS",
        ),
    ]
}

struct Spec {
    nom: &'static str,
    t: TypeActeur,
    niveau: Niveau,
    referent: &'static str,
    interet: &'static str,
    contributions: &'static [Contribution],
    raci: [Option<RaciRole>; 4],
}

fn acteurs(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Acteur> {
    use Contribution::*;
    use RaciRole::*;
    let list = [
        Spec {
            nom: "Association Les Jardins du Lez",
            t: TypeActeur::OrganismeGestionnaire,
            niveau: Niveau::Signataire,
            referent: "M. Loïc Fabre, référent CPOM",
            interet: "Un contrat unique pour les six établissements et services, des moyens lisibles sur cinq ans et le passage au tarif global des Amandiers.",
            contributions: &[Diagnostic, Objectifs, Evaluation],
            raci: [Some(R), Some(R), Some(R), Some(R)],
        },
        Spec {
            nom: "Agence régionale de santé Occitanie — délégation départementale de l'Hérault",
            t: TypeActeur::Ars,
            niveau: Niveau::Signataire,
            referent: "M. Olivier Roques, inspecteur",
            interet: "Décliner le projet régional de santé : parcours des personnes âgées, hospitalisation à domicile en EHPAD, soins palliatifs.",
            contributions: &[Diagnostic, Objectifs, Evaluation],
            raci: [Some(A), Some(A), Some(A), Some(A)],
        },
        Spec {
            nom: "Département de l'Hérault — pôle des solidarités, direction de l'autonomie",
            t: TypeActeur::ConseilDepartemental,
            niveau: Niveau::Signataire,
            referent: "Mme Claire Vidal, chargée de mission établissements",
            interet: "Schéma départemental de l'autonomie ; aide sociale à l'hébergement ; forfait autonomie de la résidence Les Capitelles.",
            contributions: &[Diagnostic, Objectifs, Evaluation],
            raci: [Some(C), Some(C), Some(C), Some(C)],
        },
        Spec {
            nom: "HAD Montpellier Métropole",
            t: TypeActeur::EtablissementSante,
            niveau: Niveau::Associe,
            referent: "Dr Sylvie Marty, médecin coordonnateur",
            interet: "Conventions d'intervention dans les trois EHPAD et la petite unité de vie.",
            contributions: &[Diagnostic, Objectifs],
            raci: [None, Some(C), Some(C), None],
        },
        Spec {
            nom: "Centre hospitalier universitaire de Montpellier — filière gériatrique",
            t: TypeActeur::EtablissementSante,
            niveau: Niveau::Associe,
            referent: "Pr Jean Castel, équipe mobile de gériatrie",
            interet: "Hospitalisations programmées, retours d'hospitalisation, équipe mobile de soins palliatifs.",
            contributions: &[Objectifs],
            raci: [None, Some(C), Some(C), None],
        },
        Spec {
            nom: "Conseils de la vie sociale des cinq établissements",
            t: TypeActeur::Cvs,
            niveau: Niveau::Informe,
            referent: "Présidents des CVS",
            interet: "Attentes des résidents et des familles ; liberté d'aller et venir ; vie sociale.",
            contributions: &[Diagnostic],
            raci: [Some(I), Some(C), Some(I), Some(I)],
        },
        Spec {
            nom: "Comité social et économique de l'association",
            t: TypeActeur::Irp,
            niveau: Niveau::Informe,
            referent: "Secrétaire du CSE",
            interet: "Organisation du travail, absentéisme, qualité de vie au travail.",
            contributions: &[],
            raci: [Some(I), Some(I), Some(I), Some(I)],
        },
    ];
    list.into_iter()
        .map(|a| Acteur {
            id: next_id(),
            nom: a.nom.into(),
            type_acteur: Some(a.t),
            niveau: Some(a.niveau),
            referent: a.referent.into(),
            interet: a.interet.into(),
            contributions: a.contributions.to_vec(),
            raci: Raci {
                lancement: a.raci[0],
                diagnostic: a.raci[1],
                objectifs: a.raci[2],
                signature: a.raci[3],
            },
        })
        .collect()
}

fn checklist(next_id: &mut dyn FnMut() -> Uuid) -> Vec<EtatChecklist> {
    checklist_lancement()
        .items
        .iter()
        .map(|i| {
            let (etat, commentaire) = match i.id.as_str() {
                "contraintes_autorites" => (
                    EtatItem::Traite,
                    "Financements complémentaires 2027 annoncés à enveloppe constante ; passage au tarif global des Amandiers possible en 2028 sous réserve des crédits.",
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
}

fn reunions(next_id: &mut dyn FnMut() -> Uuid) -> Vec<Reunion> {
    let list = [
        R {
            t: TypeReunion::Lancement,
            objet: "Lancement du CPOM « EHPAD » 2027-2031",
            date: d(2026, 3, 10),
            lieu: "Délégation départementale de l'ARS, Montpellier",
            participants: &[
                "M. Olivier Roques, ARS",
                "Mme Claire Vidal, Département",
                "Mme Nadia Benkhaled, directrice générale",
                "M. Loïc Fabre, référent CPOM",
            ],
            decisions: "Périmètre de six établissements et services ; CPOM tripartite ; les conventions tripartites échues prennent fin à l'entrée en vigueur du contrat.",
            suite: "Transmission du diagnostic partagé fin mai.",
            cr: "Calendrier arrêté (diagnostic en juillet après la campagne budgétaire, objectifs en septembre, projet de contrat fin octobre) ; comité de pilotage interne mensuel.",
        },
        R {
            t: TypeReunion::ComiteSuiviInterne,
            objet: "Organisation interne du diagnostic",
            date: d(2026, 3, 24),
            lieu: "Siège de l'association, Montpellier",
            participants: &[
                "Directeurs des six établissements et services",
                "Direction générale",
            ],
            decisions: "Chaque directeur renseigne le diagnostic de son établissement ; le siège consolide les données financières.",
            suite: "Points d'étape tous les quinze jours.",
            cr: "Répartition des questions par établissement ; coupes AGGIR et PATHOS à jour vérifiées avec les médecins coordonnateurs.",
        },
        R {
            t: TypeReunion::InformationCvs,
            objet: "Information des CVS sur la démarche CPOM",
            date: d(2026, 4, 2),
            lieu: "EHPAD Les Terrasses du Lez, Montpellier",
            participants: &["Présidents des CVS", "Référent CPOM"],
            decisions: "Recueil des attentes des résidents pour le diagnostic.",
            suite: "Synthèse des attentes jointe au diagnostic.",
            cr: "Attentes : vie sociale ouverte sur la commune, repas, continuité des soignants la nuit.",
        },
        R {
            t: TypeReunion::Diagnostic,
            objet: "Réunion diagnostic : partage et validation",
            date: d(2026, 7, 2),
            lieu: "Délégation départementale de l'ARS, Montpellier",
            participants: &[
                "M. Olivier Roques, ARS",
                "Mme Claire Vidal, Département",
                "Direction générale et directeurs",
            ],
            decisions: "Diagnostic validé ; cinq objectifs couvrant les thématiques de la loi.",
            suite: "Projet de fiches-objectifs pour début septembre.",
            cr: "Diagnostic partagé validé par les trois parties. Points d'attention : occupation de l'hébergement temporaire, convention HAD à étendre à la petite unité de vie, PMP du Clos des Amandiers validé tardivement.",
        },
        R {
            t: TypeReunion::Negociation,
            objet: "Réunion objectifs et moyens",
            date: d(2026, 9, 29),
            lieu: "Hôtel du Département, Montpellier",
            participants: &["ARS", "Département", "Direction générale", "Référent CPOM"],
            decisions: "Fiches-objectifs et financements complémentaires arrêtés ; forfait autonomie majoré pour ouverture des actions aux habitants.",
            suite: "Projet de CPOM complet fin octobre.",
            cr: "Montants prévisionnels des financements complémentaires 2027-2031 validés ; pas de reprise des résultats.",
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
            compte_rendu_reference: String::new(),
        })
        .collect()
}

/// Le lancement de l'exemple « personnes âgées ».
pub fn lancement(next_id: &mut dyn FnMut() -> Uuid) -> Lancement {
    let mut l = Lancement {
        engagement: Engagement {
            dg_mandate: true,
            date_mandat_dg: date_deliberation(),
            coordonnateur_ars: contact(
                "M. Olivier Roques",
                "Inspecteur, délégation départementale de l'Hérault",
                "olivier.roques@ars.example — 04 67 00 00 01",
            ),
            coordonnateur_cd: contact(
                "Mme Claire Vidal",
                "Chargée de mission établissements, direction de l'autonomie",
                "claire.vidal@herault.example",
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
