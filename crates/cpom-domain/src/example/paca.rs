//! Le dossier exemple Provence-Alpes-Côte d'Azur : une association fictive des
//! Bouches-du-Rhône, sous le pack PACA (modèle de CPOM PH de l'ARS PACA). Il reprend la
//! structure du dossier Pays de la Loire (mêmes établissements, objectifs et budgets) avec
//! ses propres noms, numéros et lieux, un diagnostic partagé du socle national (l'ARS PACA
//! ne publie pas de fichier « Diagnostic ») et un contrat qui prend effet à sa signature. Il
//! est complet : « Prêt pour signature ».
//!
//! Tous les noms et numéros sont fictifs ; les FINESS et le SIREN ont une clé valide.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::diagnostic::catalogue::{TypeReponse, catalogue_by_id};
use crate::dossier::Dossier;
use crate::dossier::diagnostic::{Reponse, Valeur};
use crate::dossier::lancement::JalonCode;
use crate::dossier::signature::ModaliteAideSociale;
use crate::kernel::finess::luhn_key;

fn with_key(first8: &str) -> String {
    format!("{first8}{}", luhn_key(first8))
}

/// Noms, FINESS (8 premiers chiffres) et adresses des sept établissements, dans l'ordre du
/// dossier Pays de la Loire.
const ESMS: [(&str, &str, &str, &str, &str); 7] = [
    (
        "IME Les Calanques",
        "13001234",
        "15 traverse des Calanques",
        "13009",
        "Marseille",
    ),
    (
        "SESSAD Les Calanques",
        "13001235",
        "15 traverse des Calanques",
        "13009",
        "Marseille",
    ),
    (
        "ITEP Le Garlaban",
        "13002250",
        "4 chemin du Garlaban",
        "13400",
        "Aubagne",
    ),
    (
        "ESAT Les Ateliers de l'Huveaune",
        "13003310",
        "7 zone artisanale de l'Huveaune",
        "13400",
        "Aubagne",
    ),
    (
        "EAM Le Mas des Oliviers",
        "13004420",
        "2 avenue des Oliviers",
        "13100",
        "Aix-en-Provence",
    ),
    (
        "MAS La Sainte-Victoire",
        "13005530",
        "45 route de la Sainte-Victoire",
        "13100",
        "Aix-en-Provence",
    ),
    (
        "Foyer de vie Les Pins",
        "13006640",
        "10 boulevard des Pins",
        "13008",
        "Marseille",
    ),
];

/// Les noms et lieux du dossier Pays de la Loire remplacés dans tous les textes.
const REMPLACEMENTS: [(&str, &str); 30] = [
    ("IME Les Hirondelles", "IME Les Calanques"),
    ("SESSAD Les Hirondelles", "SESSAD Les Calanques"),
    ("ITEP La Rivière", "ITEP Le Garlaban"),
    (
        "ESAT Les Ateliers de l'Erdre",
        "ESAT Les Ateliers de l'Huveaune",
    ),
    ("EAM Le Clos Fleuri", "EAM Le Mas des Oliviers"),
    ("MAS Les Grands Chênes", "MAS La Sainte-Victoire"),
    ("Foyer de vie Les Tilleuls", "Foyer de vie Les Pins"),
    ("foyer de vie Les Tilleuls", "foyer de vie Les Pins"),
    ("des Tilleuls", "des Pins"),
    ("(annexe 2-F)", "(diagnostic partagé)"),
    (
        "Annexe 2-F, enquête annuelle Creton",
        "Enquête annuelle Creton",
    ),
    (
        "délégation de Loire-Atlantique",
        "délégation des Bouches-du-Rhône",
    ),
    ("de Loire-Atlantique", "des Bouches-du-Rhône"),
    ("Association Les Iris de l'Erdre", "Association Les Cigales"),
    (
        "l'association Les Iris de l'Erdre",
        "l'association Les Cigales",
    ),
    ("Les Iris de l'Erdre", "Les Cigales"),
    ("iris-erdre", "les-cigales"),
    (
        "GCSMS Handicap Loire-Atlantique Nord",
        "GCSMS Handicap Provence",
    ),
    ("Pays de la Loire", "Provence-Alpes-Côte d'Azur"),
    ("Loire-Atlantique", "Bouches-du-Rhône"),
    ("loire-atlantique", "bouches-du-rhone"),
    ("Saint-Herblain", "Marseille"),
    ("Carquefou", "Aubagne"),
    ("Sainte-Luce-sur-Loire", "Aix-en-Provence"),
    ("La Chapelle-sur-Erdre", "Aubagne"),
    ("Orvault", "Aubagne"),
    ("HAD Nantes et Région", "HAD Provence"),
    ("CHU de Nantes", "AP-HM"),
    ("Nantes", "Marseille"),
    ("CD 44", "CD 13"),
];

/// Le dossier exemple PACA ; `next_id` fournit les UUID.
pub fn example_paca(next_id: &mut dyn FnMut() -> Uuid) -> Dossier {
    let d = super::example_dossier(next_id);
    // Les textes du dossier Pays de la Loire, transposés dans les Bouches-du-Rhône.
    let mut json = serde_json::to_string(&d).unwrap_or_default();
    for (a, b) in REMPLACEMENTS {
        json = json.replace(a, b);
    }
    let mut d: Dossier = serde_json::from_str(&json).unwrap_or(d);
    let o = &mut d.organisme;
    o.finess_ej = Some(with_key("13000012"));
    o.siren = Some(with_key("55667788"));
    o.adresse_siege.ligne = "24 boulevard de la Corderie".into();
    o.adresse_siege.code_postal = "13007".into();
    o.adresse_siege.commune = "Marseille".into();
    o.representant_legal_nom = "M. Julien Roux".into();
    o.representant_legal_qualite = "Président".into();
    o.directeur_general = "Mme Nadia Benali".into();
    o.referent_cpom_nom = "M. Karim Haddad".into();
    o.referent_cpom_contact = "k.haddad@les-cigales.example — 04 91 00 00 00".into();
    d.cpom.region = Some("93".into());
    d.cpom.departements = vec!["13".into()];
    for (e, (nom, finess8, ligne, cp, commune)) in d.esms.iter_mut().zip(ESMS) {
        e.nom = nom.into();
        e.finess_et = Some(with_key(finess8));
        e.departement = Some("13".into());
        e.adresse.ligne = ligne.into();
        e.adresse.code_postal = cp.into();
        e.adresse.commune = commune.into();
    }
    lancement(&mut d);
    diagnostic(&mut d, next_id);
    signature(&mut d);
    d
}

/// Le rétroplanning du socle national (méthode ANAP) : pas de prise de contact ni de projet
/// de fiches-objectifs propres au guide Pays de la Loire ; toutes les parties ont signé leur
/// calendrier ; le contrat prend effet à la dernière signature prévue.
fn lancement(d: &mut Dossier) {
    let date = |y, m, j| NaiveDate::from_ymd_opt(y, m, j);
    for j in &mut d.lancement.jalons {
        match j.code {
            JalonCode::PriseDeContact | JalonCode::ProjetFichesObjectifs => {
                j.date_prevue = None;
                j.date_reelle = None;
                j.responsable.clear();
            }
            JalonCode::SignatureArs => j.date_prevue = date(2026, 12, 11),
            _ => {}
        }
    }
    let e = &mut d.lancement.engagement;
    e.coordonnateur_ars.nom = "M. Frédéric Santoni".into();
    e.coordonnateur_ars.contact = "frederic.santoni@ars.example — 04 13 00 00 00".into();
    e.coordonnateur_cd.nom = "Mme Laure Giraud".into();
    e.coordonnateur_cd.contact = "laure.giraud@bouches-du-rhone.example".into();
    // Le modèle PACA : le contrat prend effet à la date de sa signature.
    d.cpom.date_effet = date(2026, 12, 11);
}

/// Le diagnostic partagé du socle national : les réponses de l'organisme et de chaque ESMS,
/// la synthèse rattachée aux axes nationaux ; ni fichier « Diagnostic » Pays de la Loire
/// (encarts, indicateurs FLASH, annexes 2-D à 2-F) ni réponses à ses questions.
fn diagnostic(d: &mut Dossier, next_id: &mut dyn FnMut() -> Uuid) {
    let g = &mut d.diagnostic;
    g.reponses.clear();
    g.themes.clear();
    g.complementaires.clear();
    g.finances = Default::default();
    g.creton.clear();
    g.indicateurs
        .retain(|i| i.annexe != crate::dossier::diagnostic::AnnexeIndicateur::Flash);
    for s in &mut g.synthese {
        s.axe = s.axe.as_deref().map(|a| {
            match a {
                "axe_1_1" | "axe_1_2" | "axe_1_3" => "nat_territoire",
                "axe_2" => "nat_qualite",
                _ => "nat_demarche",
            }
            .to_string()
        });
    }
    let esms: Vec<Uuid> = d.perimetre().map(|e| e.id).collect();
    let mut reponses = Vec::new();
    for id in ["diagnostic-national", "diagnostic-national-ph"] {
        let Some(c) = catalogue_by_id(id) else {
            continue;
        };
        for axe in &c.data.axes {
            let scopes: Vec<Option<Uuid>> = match axe.niveau {
                crate::diagnostic::catalogue::NiveauAxe::Og => vec![None],
                crate::diagnostic::catalogue::NiveauAxe::Esms => {
                    esms.iter().map(|id| Some(*id)).collect()
                }
            };
            for e in scopes {
                for q in axe.themes.iter().flat_map(|t| &t.questions) {
                    reponses.push(Reponse {
                        id: next_id(),
                        question: q.id.clone(),
                        esms: e,
                        valeur: Some(answer(q)),
                        sans_objet: false,
                        commentaire: String::new(),
                    });
                }
            }
        }
    }
    d.diagnostic.reponses = reponses;
}

/// La réponse de l'exemple, cases cochées dans l'ordre du catalogue (comme une saisie).
fn answer(q: &crate::diagnostic::catalogue::Question) -> Valeur {
    match raw_answer(&q.id, q.type_reponse) {
        Valeur::Liste(l) => Valeur::Liste(
            q.options
                .iter()
                .filter(|o| l.contains(&o.valeur))
                .map(|o| o.valeur.clone())
                .collect(),
        ),
        v => v,
    }
}

fn raw_answer(q: &str, t: TypeReponse) -> Valeur {
    let texte = |s: &str| Valeur::Texte(s.into());
    match (q, t) {
        ("nat_donnees", _) => Valeur::Liste(
            [
                "evaluation_externe",
                "evaluation_interne",
                "tdb",
                "pv_securite",
                "eprd",
            ]
            .map(String::from)
            .to_vec(),
        ),
        ("nat_groupements", _) => Valeur::Liste(vec!["gcsms".into(), "ght".into()]),
        ("nat_echelle", _) => texte(
            "Département des Bouches-du-Rhône, avec une analyse par bassin de vie (Marseille, pays d'Aubagne, pays d'Aix).",
        ),
        ("nat_partenariats", _) => texte(
            "Conventions avec l'AP-HM (filière handicap), l'HAD Provence, le centre hospitalier spécialisé, l'Éducation nationale (unités d'enseignement), Cap emploi et deux bailleurs sociaux.",
        ),
        ("natph_modalites", _) => texte(
            "Internat, internat de semaine, accueil de jour et accueil temporaire à l'IME et à la MAS ; file active au SESSAD ; accueil séquentiel à l'ITEP.",
        ),
        ("nat_bilan_precedent", _) => texte("non"),
        (_, TypeReponse::OuiNonHeterogene) => texte("oui"),
        (_, TypeReponse::Texte) => texte("Voir la synthèse du diagnostic."),
        (_, TypeReponse::Cases) => Valeur::Liste(Vec::new()),
    }
}

/// L'étape Signature : les signataires de la région, le choix du département (renvoi au
/// règlement départemental d'aide sociale), la délibération du conseil d'administration.
fn signature(d: &mut Dossier) {
    let s = &mut d.signature;
    s.moyens.aide_sociale_choix = [(
        "13".to_string(),
        ModaliteAideSociale::ReglementDepartemental,
    )]
    .into_iter()
    .collect();
    let sig = &mut s.signatures;
    sig.date_deliberation_ca = NaiveDate::from_ymd_opt(2026, 10, 27);
    sig.lieu = "Marseille".into();
    for x in &mut sig.signataires {
        match x.partie.as_str() {
            "ars:52" => {
                x.partie = "ars:93".into();
                x.nom = "Mme Catherine Vidal".into();
                x.qualite =
                    "Directrice générale de l'agence régionale de santé Provence-Alpes-Côte d'Azur"
                        .into();
            }
            "cd:44" => {
                x.partie = "cd:13".into();
                x.nom = "M. Bernard Faure".into();
                x.qualite = "Président du conseil départemental des Bouches-du-Rhône".into();
            }
            _ => {
                x.nom = "M. Julien Roux".into();
                x.qualite = "Président de l'association Les Cigales".into();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::finess::parse_finess;
    use crate::kernel::issue::Severity;

    fn ex() -> Dossier {
        let mut n = 0u128;
        example_paca(&mut || {
            n += 1;
            Uuid::from_u128(n)
        })
    }

    #[test]
    fn the_paca_example_is_ready_for_signature_without_any_pdl_rule() {
        let d = ex();
        assert_eq!(d.pack().id, "paca");
        for e in &d.esms {
            parse_finess(e.finess_et.as_deref().unwrap()).unwrap();
            assert_eq!(e.departement.as_deref(), Some("13"));
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let r = crate::steps::readiness::readiness(&d, today);
        assert!(r.pret, "{:#?}", r.points);
        let all: Vec<_> = crate::steps::engine::reports(&d, today)
            .into_iter()
            .flat_map(|s| s.issues)
            .map(|i| i.issue)
            .collect();
        let pdl_only = [
            "O-MINIMUM",
            "O-AXE",
            "L-COORDONNATEUR",
            "P-4-SEMAINES",
            "P-ORDRE-SIGNATURE",
            "S-ORDRE",
            "D-ZONES",
            "D-ENVOI",
            "D-FLASH-SAISIE",
            "D-FLASH-CD",
            "D-FIN-ANNEE",
            "S-REPARTITION",
            "S-CD",
            "A-INVEST",
            "A-REPORT",
            "A-COMPENSATION",
            "A-ANNEE",
        ];
        for i in &all {
            assert!(!pdl_only.contains(&i.rule.as_str()), "{i:#?}");
            assert!(
                !i.source.contains("Pays de la Loire"),
                "source Pays de la Loire dans un dossier PACA : {i:#?}"
            );
        }
        assert!(all.iter().all(|i| i.severity != Severity::Erreur));
        // Le contrat prend effet à la date de sa signature (dernière signature prévue).
        assert!(all.iter().all(|i| i.rule != "PACA-EFFET"), "{all:#?}");
        let json = serde_json::to_string(&d).unwrap();
        for pdl in ["Loire", "Nantes", "Erdre", "Hirondelles"] {
            assert!(!json.contains(pdl), "{pdl}");
        }
    }
}
