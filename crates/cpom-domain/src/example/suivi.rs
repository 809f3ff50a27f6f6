//! Le dossier exemple en cours de suivi : signé, dans sa 3e année, avec les revues des
//! années 1 et 2 remplies (valeurs réalisées, statuts des actions, un écart expliqué),
//! les exercices transmis, un dialogue de gestion annuel avec le département et l'avenant
//! n° 1 signé (report du calendrier de la rénovation de la MAS).
//!
//! Le contrat exemple prend effet le 1er janvier 2027 ; pour qu'il soit « dans sa 3e
//! année » à la date du jour choisie, toutes ses dates sont décalées d'un nombre entier
//! d'années ([`shift_years`]).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::Value;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::objectifs::StatutAction;
use crate::dossier::signature::SignataireSaisi;
use crate::dossier::suivi::*;
use crate::example::example_dossier;
use crate::suivi::versions::contract_changes;

fn d(y: i32, m: u32, j: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, j)
}

/// Le dossier exemple signé (délibération du CA et signatures datées, fin 2026).
pub fn example_signed(next_id: &mut dyn FnMut() -> Uuid) -> Dossier {
    let mut x = example_dossier(next_id);
    x.signature.signatures.date_deliberation_ca = d(2026, 11, 5);
    for (partie, date) in [
        ("organisme", d(2026, 12, 1)),
        ("cd:44", d(2026, 12, 8)),
        ("ars:52", d(2026, 12, 15)),
    ] {
        if let Some(s) = x
            .signature
            .signatures
            .signataires
            .iter_mut()
            .find(|s| s.partie == partie)
        {
            s.date_signature = date;
        }
    }
    x
}

fn dec(s: &str) -> Option<Decimal> {
    s.parse::<Decimal>().ok().map(|x| x.normalize())
}

/// Une valeur entre `a` et `b` (part `num/den` du chemin), à une décimale.
fn between(a: Decimal, b: Decimal, num: i64, den: i64) -> Decimal {
    (a + (b - a) * Decimal::from(num) / Decimal::from(den))
        .round_dp(1)
        .normalize()
}

/// Le dossier exemple signé, en 3e année à la date `today` (dates décalées en conséquence).
pub fn example_en_suivi(next_id: &mut dyn FnMut() -> Uuid, today: NaiveDate) -> Dossier {
    let mut x = example_signed(next_id);
    let s = &mut x.suivi_contrat;
    s.general.referent = "Mme Sophie Renaud, directrice générale adjointe".into();
    // Les exercices 2027 et 2028 transmis.
    for (annee, envoi) in [(2027, d(2028, 4, 27)), (2028, d(2029, 4, 29))] {
        s.exercices.push(Exercice {
            id: next_id(),
            annee: Some(annee),
            errd_reference: format!("ERRD {annee} — dépôt sur la plateforme de l'ARS"),
            errd_envoye_le: envoi,
            annexe_objectifs_envoyee_le: envoi,
            rapport_cd_envoye_le: envoi,
            retour_autorites: if annee == 2027 {
                "Réponse écrite de l'ARS et du département : pas d'observation.".into()
            } else {
                String::new()
            },
            commentaire: String::new(),
        });
    }
    // Le retard de l'objectif « patrimoine » de la MAS : l'étude de programmation n'est pas
    // terminée fin 2028.
    let retard = x
        .objectifs
        .objectifs
        .iter()
        .find(|o| o.titre.contains("patrimoine"))
        .map(|o| o.id);
    let fin_annee = |k: i32| NaiveDate::from_ymd_opt(2026 + k, 12, 31);
    for o in x.objectifs.actifs() {
        let late = Some(o.id) == retard;
        let esms = crate::suivi::calc::esms_de_objectif(&x, o.id);
        for i in x.objectifs.indicateurs_of(o.id) {
            let (Some(a), Some(b)) = (i.valeur_initiale, i.cible_mi_parcours) else {
                continue;
            };
            let realise = if late {
                vec![Some(a), Some(a)]
            } else {
                vec![Some(between(a, b, 1, 3)), Some(between(a, b, 2, 3))]
            };
            x.suivi_contrat.indicateurs.push(RealisationIndicateur {
                id: next_id(),
                indicateur: i.id,
                esms,
                realise,
                commentaires: vec![String::new(), "Valeur au 31 décembre.".into()],
            });
        }
        for a in x.objectifs.actions_of(o.id) {
            let statut = |k: i32| -> Option<StatutAction> {
                let end = fin_annee(k)?;
                Some(if a.fin.is_some_and(|f| f <= end) && !late {
                    StatutAction::Realisee
                } else if a.debut.is_some_and(|f| f <= end) {
                    StatutAction::EnCours
                } else {
                    StatutAction::APrevoir
                })
            };
            let avancement = |st: Option<StatutAction>| match st {
                Some(StatutAction::Realisee) => Some(100),
                Some(StatutAction::EnCours) => Some(if late { 60 } else { 50 }),
                _ => None,
            };
            let (s1, s2) = (statut(1), statut(2));
            x.suivi_contrat.actions.push(AvancementAction {
                id: next_id(),
                action: a.id,
                esms: crate::suivi::calc::esms_de_action(&x, a.id),
                statut: vec![s1, s2],
                avancement: vec![avancement(s1), avancement(s2)],
                commentaires: if late && s2 == Some(StatutAction::EnCours) {
                    vec![
                        String::new(),
                        "Étude prolongée : deux scénarios de phasage demandés par l'ARS.".into(),
                    ]
                } else {
                    Vec::new()
                },
            });
        }
        x.suivi_contrat.objectifs.push(AppreciationObjectif {
            id: next_id(),
            objectif: o.id,
            esms,
            appreciation: vec![
                Some(Appreciation::EnBonneVoie),
                Some(if late {
                    Appreciation::EnRetard
                } else {
                    Appreciation::EnBonneVoie
                }),
            ],
            explication: if late {
                vec![
                    String::new(),
                    "L'étude de programmation a été prolongée de huit mois pour chiffrer deux scénarios de phasage des travaux ; la rénovation de l'aile Est est décalée d'un an (avenant n° 1).".into(),
                ]
            } else {
                Vec::new()
            },
            nouveau_calendrier: if late {
                vec![String::new(), "Travaux d'avril 2030 à octobre 2031.".into()]
            } else {
                Vec::new()
            },
        });
    }
    // L'activité réalisée des ESMS (95 % puis 97 % de l'activité théorique).
    for b in x.signature.budgets.clone() {
        let Some(t) = b.activite_theorique else {
            continue;
        };
        x.suivi_contrat.activites.push(ActiviteEsms {
            id: next_id(),
            esms: b.esms,
            activite: vec![
                Some((t * dec("0.95").unwrap_or_default()).round()),
                Some((t * dec("0.97").unwrap_or_default()).round()),
            ],
            commentaires: Vec::new(),
        });
    }
    // Les évaluations faites à la date prévue (l'ESAT, prévue en février 2029, ne l'est pas
    // encore : elle apparaît en retard dans l'échéancier).
    for e in x.signature.suivi.evaluations.clone() {
        if e.date <= NaiveDate::from_ymd_opt(2028, 12, 31).unwrap_or(e.date) {
            x.suivi_contrat.evaluations.push(EvaluationRealisee {
                id: next_id(),
                esms: Some(e.esms),
                date: Some(e.date),
                organisme: "Cabinet Qualéval, organisme habilité par la HAS".into(),
                conclusions: "Niveau de qualité conforme au référentiel national ; deux axes de progrès sur la personnalisation des projets.".into(),
            });
        }
    }
    // Le dialogue annuel avec le département (exercice 2027).
    let dialogue = next_id();
    x.suivi_contrat.dialogues.push(DialogueGestion {
        id: dialogue,
        nature: TypeDialogue::AnnuelCd,
        date: d(2028, 6, 12),
        participants: vec![
            "Mme Claire Morvan, présidente de l'association".into(),
            "Mme Sophie Renaud, directrice générale adjointe".into(),
            "Direction de l'autonomie du département de Loire-Atlantique".into(),
            "Délégation départementale de l'ARS".into(),
        ],
        compte_rendu: "Examen du rapport d'activité 2027 et de la synthèse des fiches-objectifs. Le foyer de vie et l'EAM atteignent leurs cibles d'activité ; l'étude de programmation de la MAS prend du retard.".into(),
        decisions: "Report d'un an de la rénovation de l'aile Est de la MAS, par avenant.".into(),
        valide_le: d(2028, 7, 3),
    });
    // L'avenant n° 1 : report du calendrier de la rénovation de l'aile Est.
    let before = x.clone();
    if let Some(a) = x
        .objectifs
        .actions
        .iter_mut()
        .find(|a| a.libelle.starts_with("Rénovation de l'aile Est"))
    {
        a.debut = d(2030, 4, 1);
        a.fin = d(2031, 10, 31);
    }
    let modifications = contract_changes(&before, &x);
    let sign = |partie: &str, nom: &str, qualite: &str, date: Option<NaiveDate>| SignataireSaisi {
        partie: partie.into(),
        nom: nom.into(),
        qualite: qualite.into(),
        date_signature: date,
    };
    x.suivi_contrat.avenants.push(Avenant {
        id: next_id(),
        types: vec![TypeAvenant::RevisionObjectifs],
        objet: "Report d'un an du calendrier de la rénovation de l'aile Est de la MAS Les Grands Chênes".into(),
        motif: "Dialogue de gestion annuel avec le département du 12 juin 2028 : l'étude de programmation a été prolongée.".into(),
        dialogue: Some(dialogue),
        date_effet: None,
        lieu: "Nantes".into(),
        signataires: vec![
            sign("organisme", "Mme Claire Morvan", "Présidente de l'association Les Iris de l'Erdre", d(2028, 9, 15)),
            sign("cd:44", "Mme Isabelle Hervé", "Présidente du conseil départemental de Loire-Atlantique", d(2028, 9, 29)),
            sign("ars:52", "M. Jérôme Castel", "Directeur général de l'agence régionale de santé Pays de la Loire", d(2028, 10, 6)),
        ],
        modifications,
    });
    shift_years(&mut x, today.year() - 2029);
    x
}

// ——— Décaler toutes les dates d'un dossier ———

/// Les années du calendrier propre au dossier exemple (lancement 2026, contrat 2027-2031 et
/// ses prorogations, années de référence du diagnostic) : les autres (textes de 2002, 2017…)
/// ne bougent pas.
const YEARS: std::ops::RangeInclusive<i32> = 2018..=2035;
/// Champs qui portent une année (nombre).
const YEAR_FIELDS: [&str; 3] = ["annee", "annee_dotation", "annee_negociation"];

fn shift_date(s: &str, n: i32) -> Option<String> {
    let date = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    let y = date.year() + n;
    let moved = NaiveDate::from_ymd_opt(y, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, date.month(), 28))?;
    Some(format!("{}{}", moved.format("%Y-%m-%d"), &s[10..]))
}

/// Les années « AAAA » isolées d'un texte, décalées de `n` (dans [`YEARS`]).
fn shift_text(s: &str, n: i32) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let is_digit = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_digit());
        let starts = is_digit(i) && (i == 0 || !is_digit(i - 1));
        if starts && (0..4).all(|k| is_digit(i + k)) && !is_digit(i + 4) {
            let y: i32 = chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            if YEARS.contains(&y) {
                out.push_str(&(y + n).to_string());
                i += 4;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn shift_value(v: &mut Value, n: i32, key: &str) {
    match v {
        Value::String(s) => {
            if Uuid::parse_str(s).is_ok() || s.parse::<Decimal>().is_ok() {
                return;
            }
            *s = match shift_date(s, n) {
                Some(x) if s.len() == 10 || s.as_bytes().get(10) == Some(&b'T') => x,
                _ => shift_text(s, n),
            };
        }
        Value::Number(x) if YEAR_FIELDS.contains(&key) => {
            if let Some(y) = x.as_i64()
                && YEARS.contains(&(y as i32))
            {
                *v = Value::from(y + i64::from(n));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| shift_value(x, n, key)),
        Value::Object(m) => {
            let old = std::mem::take(m);
            for (k, mut x) in old {
                shift_value(&mut x, n, &k);
                let k = match k.parse::<i32>() {
                    Ok(y) if k.len() == 4 && YEARS.contains(&y) => (y + n).to_string(),
                    _ => k,
                };
                m.insert(k, x);
            }
        }
        _ => {}
    }
}

/// Décale de `n` années toutes les dates du dossier, ses années et les années citées dans ses
/// textes (dans [`YEARS`]) — y compris les états d'avant gardés par les avenants.
pub fn shift_years(x: &mut Dossier, n: i32) {
    if n == 0 {
        return;
    }
    let mut v = serde_json::to_value(&*x).unwrap_or(Value::Null);
    shift_value(&mut v, n, "");
    if let Ok(mut moved) = serde_json::from_value::<Dossier>(v) {
        moved.fill_implicit();
        *x = moved;
    }
}
