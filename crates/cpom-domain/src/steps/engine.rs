//! Le moteur d'étapes : pour chaque étape (lancement, diagnostic, objectifs, signature), son
//! état (à faire / en cours / prêt / validé), son avancement et ses points (erreurs
//! bloquantes, avertissements acquittables, informations), chacun avec sa source.
//!
//! Règles de transition :
//! - « validé » seulement sans erreur bloquante (et dans l'ordre des étapes) ;
//! - une étape validée qu'une modification rend fautive est rouverte (« en cours ») : les
//!   services l'enregistrent dans la même transaction que la modification (`to_reopen`) ;
//! - un avertissement acquitté (avec commentaire) ne compte plus parmi les avertissements en
//!   attente ; une erreur ne s'acquitte pas.
//!
//! Ajouter les règles d'une étape : écrire `check` et `completion` dans le `rules.rs` de sa
//! partie et une ligne à la table `STEPS` ; rien d'autre à changer.

use chrono::NaiveDate;

use crate::diagnostic::rules as diagnostic;
use crate::dossier::Dossier;
use crate::dossier::etapes::{Acquittement, StepId, ValidationEtape};
use crate::kernel::hash::FastMap;
use crate::kernel::issue::{Collector, Issue, Refusal, Severity};
use crate::kernel::progress::CompletionItem;
use crate::lancement::rules as lancement;
use crate::objectifs::rules as objectifs;
use crate::signature::rules as signature;
use crate::steps::report::{StepIssue, StepReport, StepState};

/// Les règles d'une étape.
struct StepDef {
    id: StepId,
    check: fn(&Dossier, NaiveDate, &mut Collector),
    completion: fn(&Dossier, NaiveDate) -> Vec<CompletionItem>,
}

const STEPS: [StepDef; 4] = [
    StepDef {
        id: StepId::Lancement,
        check: lancement::check,
        completion: lancement::completion,
    },
    StepDef {
        id: StepId::Diagnostic,
        check: diagnostic::check,
        completion: diagnostic::completion,
    },
    StepDef {
        id: StepId::Objectifs,
        check: objectifs::check,
        completion: objectifs::completion,
    },
    StepDef {
        id: StepId::Signature,
        check: signature::check,
        completion: signature::completion,
    },
];

fn def(step: StepId) -> &'static StepDef {
    STEPS.iter().find(|s| s.id == step).unwrap_or(&STEPS[0])
}

/// Les points d'une étape, triés (erreurs d'abord), sans les acquittements.
pub fn issues(d: &Dossier, step: StepId, today: NaiveDate) -> Vec<Issue> {
    let mut c = Collector::default();
    (def(step).check)(d, today, &mut c);
    let mut v = c.0;
    v.sort_by_key(|i| i.severity);
    v
}

/// Moyenne des lignes d'avancement, de 0 à 100 (100 seulement si tout est rempli).
pub fn completion_percent(items: &[CompletionItem]) -> u8 {
    let rows: Vec<_> = items.iter().filter(|i| i.total > 0).collect();
    if rows.is_empty() {
        return 0;
    }
    let sum: u32 = rows
        .iter()
        .map(|i| i.fait.min(i.total) * 100 / i.total)
        .sum();
    (sum / rows.len() as u32) as u8
}

/// La validation enregistrée d'une étape.
pub fn validation(d: &Dossier, step: StepId) -> Option<&ValidationEtape> {
    d.etapes.validations.iter().find(|v| v.etape == step)
}

/// Les acquittements par (règle, chemin), le premier s'il y a doublon : un avertissement
/// trouve le sien par une lecture (linéaire en points + acquittements, pas leur produit).
fn acknowledgements(d: &Dossier) -> FastMap<(&str, &str), &Acquittement> {
    let mut m = FastMap::default();
    for a in &d.etapes.acquittements {
        m.entry((a.regle.as_str(), a.chemin.as_str())).or_insert(a);
    }
    m
}

/// Le rapport d'une étape.
pub fn report(d: &Dossier, step: StepId, today: NaiveDate) -> StepReport {
    report_with(d, step, today, issues(d, step, today))
}

/// Le rapport d'une étape dont les points viennent d'être calculés ([`issues`]) : les
/// règles ne tournent pas une seconde fois (réouverture puis vue, après une écriture).
pub fn report_with(d: &Dossier, step: StepId, today: NaiveDate, issues: Vec<Issue>) -> StepReport {
    let avancement = (def(step).completion)(d, today);
    let completion = completion_percent(&avancement);
    let acks = acknowledgements(d);
    let issues: Vec<StepIssue> = issues
        .into_iter()
        .map(|i| StepIssue {
            acquittement: (i.severity == Severity::Avertissement)
                .then(|| {
                    acks.get(&(i.rule.as_str(), i.path.as_str()))
                        .map(|a| (*a).clone())
                })
                .flatten(),
            issue: i,
        })
        .collect();
    let count = |s: Severity| issues.iter().filter(|i| i.issue.severity == s).count();
    let acquittes = issues.iter().filter(|i| i.acquittement.is_some()).count();
    let erreurs = count(Severity::Erreur);
    let v = validation(d, step);
    let valid = v.is_some_and(|v| v.valide);
    let etat = if valid && erreurs == 0 {
        StepState::Valide
    } else if completion == 0 && !valid {
        StepState::AFaire
    } else if erreurs == 0 {
        StepState::Pret
    } else {
        StepState::EnCours
    };
    StepReport {
        etape: step,
        numero: step.number(),
        libelle: step.label().into(),
        etat,
        etat_libelle: etat.label().into(),
        completion,
        avancement,
        erreurs,
        avertissements: count(Severity::Avertissement) - acquittes,
        acquittes,
        informations: count(Severity::Information),
        issues,
        validation: v.filter(|v| v.valide && etat == StepState::Valide).cloned(),
        reouverture: v.filter(|v| !v.valide).and_then(|v| v.reouverture.clone()),
    }
}

/// Les rapports des quatre étapes.
pub fn reports(d: &Dossier, today: NaiveDate) -> Vec<StepReport> {
    StepId::ALL.iter().map(|s| report(d, *s, today)).collect()
}

/// Les étapes validées qui ont désormais une erreur bloquante, avec la première erreur :
/// à rouvrir automatiquement.
pub fn to_reopen(d: &Dossier, today: NaiveDate) -> Vec<(StepId, Issue)> {
    to_reopen_among(d, today, &StepId::ALL).0
}

/// Comme [`to_reopen`], parmi les seules étapes `steps` (celles dont les règles lisent ce
/// qu'une écriture a touché, `steps/reads.rs`) : les règles des autres étapes ne tournent
/// pas. Renvoie aussi les points calculés de chaque étape vérifiée (la vue les reprend).
#[allow(clippy::type_complexity)]
pub fn to_reopen_among(
    d: &Dossier,
    today: NaiveDate,
    steps: &[StepId],
) -> (Vec<(StepId, Issue)>, Vec<(StepId, Vec<Issue>)>) {
    let mut reopen = Vec::new();
    let mut computed = Vec::new();
    for v in d
        .etapes
        .validations
        .iter()
        .filter(|v| v.valide && steps.contains(&v.etape))
    {
        let list = issues(d, v.etape, today);
        if let Some(i) = list.iter().find(|i| i.severity == Severity::Erreur) {
            reopen.push((v.etape, i.clone()));
        }
        computed.push((v.etape, list));
    }
    (reopen, computed)
}

/// Peut-on valider l'étape ? Sinon, pourquoi (message français).
pub fn can_validate(d: &Dossier, step: StepId, today: NaiveDate) -> Result<(), Refusal> {
    let r = report(d, step, today);
    let name = step.label();
    if r.etat == StepState::Valide {
        return Err(Refusal {
            code: "etape.deja_validee",
            message: format!("L'étape « {name} » est déjà validée."),
            chemin: None,
        });
    }
    if r.etat == StepState::AFaire {
        return Err(Refusal {
            code: "etape.vide",
            message: format!(
                "L'étape « {name} » n'a encore aucun contenu : elle ne peut pas être validée."
            ),
            chemin: None,
        });
    }
    if let Some(first) = r
        .issues
        .iter()
        .find(|i| i.issue.severity == Severity::Erreur)
    {
        let n = r.erreurs;
        let what = if n > 1 {
            format!("{n} erreurs bloquantes restent à corriger")
        } else {
            "1 erreur bloquante reste à corriger".into()
        };
        return Err(Refusal {
            code: "etape.erreurs_bloquantes",
            message: format!(
                "L'étape « {name} » ne peut pas être validée : {what}. Première : {}",
                first.issue.message
            ),
            chemin: Some(first.issue.path.clone()),
        });
    }
    if let Some(prev) = step.previous()
        && !validation(d, prev).is_some_and(|v| v.valide)
    {
        return Err(Refusal {
            code: "etape.ordre",
            message: format!(
                "Validez d'abord l'étape « {} » : les étapes se valident dans l'ordre de la démarche.",
                prev.label()
            ),
            chemin: None,
        });
    }
    Ok(())
}

/// Peut-on acquitter ce point ? Seul un avertissement présent s'acquitte, avec un commentaire.
pub fn can_acknowledge(
    d: &Dossier,
    rule: &str,
    path: &str,
    comment: &str,
    today: NaiveDate,
) -> Result<StepId, Refusal> {
    if comment.trim().is_empty() {
        return Err(Refusal {
            code: "acquittement.commentaire",
            message: "Expliquez en un commentaire pourquoi cet avertissement est accepté.".into(),
            chemin: Some(path.into()),
        });
    }
    for step in StepId::ALL {
        if let Some(i) = issues(d, step, today)
            .into_iter()
            .find(|i| i.rule == rule && i.path == path)
        {
            return match i.severity {
                Severity::Avertissement => Ok(step),
                Severity::Erreur => Err(Refusal {
                    code: "acquittement.erreur",
                    message: "Une erreur bloquante ne s'acquitte pas : elle doit être corrigée."
                        .into(),
                    chemin: Some(path.into()),
                }),
                Severity::Information => Err(Refusal {
                    code: "acquittement.information",
                    message: "Une information n'a pas besoin d'être acquittée.".into(),
                    chemin: Some(path.into()),
                }),
            };
        }
    }
    Err(Refusal {
        code: "acquittement.introuvable",
        message: format!("Le point « {rule} » n'apparaît plus dans le rapport (déjà corrigé ?)."),
        chemin: Some(path.into()),
    })
}
