//! Ce que lit chaque calcul de la vue : les règles d'une étape, le rapport du périmètre et
//! les calculs des écrans. Après une écriture, la session ne recalcule que ce qui lit un type
//! d'enregistrement touché (vue incrémentale, issue 16).
//!
//! Les lectures sont déclarées **par partie** : une partie ne lit que les parties qui la
//! précèdent dans la démarche (ARCHITECTURE.md), plus les validations et acquittements pour
//! l'état d'une étape. Une déclaration trop courte rendrait la vue périmée : le test
//! `tests/services/delta.rs` compare, sur une suite aléatoire de saisies, la vue mise à jour
//! par morceaux à la vue recalculée en entier.

use crate::dossier::etapes::StepId;
use crate::record::table::RecordKind::{self, *};

/// Organisme et périmètre.
pub const PERIMETRE: &[RecordKind] = &[Organisme, Cpom, Esms, Adhesion, Accord, ContratLie];
/// Lancement (engagement, rétroplanning, acteurs, réunions).
pub const LANCEMENT: &[RecordKind] = &[Engagement, Jalon, Acteur, ChecklistLancement, Reunion];
/// Diagnostic partagé.
pub const DIAGNOSTIC: &[RecordKind] = &[
    Reponse,
    ThemeDiagnostic,
    Indicateur,
    IndicateurComplementaire,
    Finances,
    Creton,
    Synthese,
    SourceDiagnostic,
    Conformite,
];
/// Objectifs.
pub const OBJECTIFS: &[RecordKind] = &[ReglagesObjectifs, Objectif, Action, IndicateurObjectif];
/// Signature.
pub const SIGNATURE: &[RecordKind] = &[
    Moyens,
    MoyensPa,
    FinancementComplementaire,
    VoletSaad,
    RepartitionDotation,
    BudgetReference,
    Affectation,
    Pgfp,
    OperationInvestissement,
    Suivi,
    Signatures,
];
/// Suivi du contrat signé (enregistrements d'exécution, avenants).
pub const SUIVI: &[RecordKind] = &[
    SuiviGeneral,
    Exercice,
    RealisationIndicateur,
    AvancementAction,
    AppreciationObjectif,
    ActiviteEsms,
    DialogueGestion,
    Saisine,
    EvaluationRealisee,
    Bilan,
    Avenant,
];
/// Les clauses du contrat (texte propre au dossier).
pub const CLAUSES: &[RecordKind] = &[Clause];
/// État des étapes (validations, acquittements).
pub const ETAPES: &[RecordKind] = &[ValidationEtape, Acquittement];

/// Un calcul de la vue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calc {
    /// Ce qui se déduit du périmètre (signataires, caractère tripartite, signé).
    Derived,
    /// Le référentiel régional (déduit de la région du CPOM, ou choisi).
    Pack,
    /// Régime de financement et enveloppe de chaque ESMS.
    Regimes,
    /// Le rapport de l'organisme et du périmètre.
    Report,
    /// Le rapport d'une étape (règles, avancement, état).
    Step(StepId),
    /// Le rétroplanning.
    Planning,
    /// Les calculs du diagnostic.
    Diagnostic,
    /// La vue d'ensemble des objectifs.
    Objectifs,
    /// Les calculs de l'étape Signature.
    Signature,
    /// « Prêt pour signature » et l'état du contrat (signé : lit les avenants).
    Readiness,
    /// La vue du suivi du contrat (état, échéancier, revues).
    Suivi,
    /// Les avenants (projet en cours, différences avec le contrat, rapport).
    Avenants,
}

/// Tout le dossier.
const ALL: &[&[RecordKind]] = &[
    PERIMETRE, LANCEMENT, DIAGNOSTIC, OBJECTIFS, SIGNATURE, ETAPES, SUIVI, CLAUSES,
];

/// Les parties (groupes de types) que lit un calcul.
pub fn reads(c: Calc) -> &'static [&'static [RecordKind]] {
    match c {
        Calc::Derived => &[PERIMETRE, SIGNATURE],
        Calc::Pack | Calc::Regimes => &[PERIMETRE],
        Calc::Report => &[PERIMETRE],
        Calc::Planning => &[PERIMETRE, LANCEMENT],
        Calc::Diagnostic => &[PERIMETRE, LANCEMENT, DIAGNOSTIC],
        Calc::Objectifs => &[PERIMETRE, LANCEMENT, DIAGNOSTIC, OBJECTIFS],
        Calc::Signature => &[PERIMETRE, LANCEMENT, DIAGNOSTIC, OBJECTIFS, SIGNATURE],
        // Les rapports des étapes suivent par `Step` ; ici, les signataires et les versions
        // du contrat.
        Calc::Readiness => &[PERIMETRE, SIGNATURE, SUIVI],
        // Le suivi et les avenants lisent le contrat entier et son exécution.
        Calc::Suivi | Calc::Avenants => ALL,
        Calc::Step(StepId::Lancement) => &[PERIMETRE, LANCEMENT, ETAPES],
        Calc::Step(StepId::Diagnostic) => &[PERIMETRE, LANCEMENT, DIAGNOSTIC, ETAPES],
        Calc::Step(StepId::Objectifs) => &[PERIMETRE, LANCEMENT, DIAGNOSTIC, OBJECTIFS, ETAPES],
        Calc::Step(StepId::Signature) => &[
            PERIMETRE, LANCEMENT, DIAGNOSTIC, OBJECTIFS, SIGNATURE, ETAPES,
        ],
    }
}

/// Le calcul `c` lit-il l'un des types `touched` ?
pub fn affected(c: Calc, touched: &[RecordKind]) -> bool {
    reads(c)
        .iter()
        .any(|group| group.iter().any(|k| touched.contains(k)))
}

/// Les étapes dont les règles lisent l'un des types `touched` : après une écriture, seules
/// elles sont revérifiées (réouverture automatique, vue).
pub fn steps_affected(touched: &[RecordKind]) -> Vec<StepId> {
    StepId::ALL
        .into_iter()
        .filter(|s| affected(Calc::Step(*s), touched))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::table::KINDS;

    #[test]
    fn every_kind_is_in_exactly_one_group() {
        for k in KINDS {
            let n = ALL.iter().filter(|g| g.contains(&k.kind)).count();
            assert_eq!(n, 1, "{}", k.name);
        }
    }

    #[test]
    fn a_reponse_touches_the_diagnostic_and_later_steps_only() {
        assert_eq!(
            steps_affected(&[Reponse]),
            vec![StepId::Diagnostic, StepId::Objectifs, StepId::Signature]
        );
        assert!(steps_affected(&[Clause]).is_empty());
        assert_eq!(steps_affected(&[Esms]).len(), 4);
    }
}
