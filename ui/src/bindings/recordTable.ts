// Généré depuis la table des enregistrements (crates/cpom-domain/src/record/table.rs)
// par `cargo test`. Ne pas modifier à la main.

import type { RecordKind } from './RecordKind';

export interface RecordKindInfo {
  /** Début des chemins de champs et place dans le dossier (« lancement.jalons »). */
  path: string;
  /** Un seul enregistrement de ce type par dossier. */
  singleton: boolean;
  /** Libellé français du type. */
  label: string;
  /** Le type du parent qui le possède (supprimé avec lui). */
  owner: RecordKind | null;
  /** « esms » : peut appartenir à un ESMS (kit de contribution) ; « siege » sinon. */
  scope: 'esms' | 'siege';
  /** « contrat » : figé à la signature (sauf projet d'avenant) ; « execution » : suivi du contrat. */
  nature: 'contrat' | 'execution';
}

export const RECORD_TABLE: Record<RecordKind, RecordKindInfo> = {
  organisme: { path: 'organisme', singleton: true, label: "Organisme", owner: null, scope: 'siege', nature: 'contrat' },
  cpom: { path: 'cpom', singleton: true, label: "CPOM", owner: null, scope: 'siege', nature: 'contrat' },
  esms: { path: 'esms', singleton: false, label: "ESMS", owner: null, scope: 'esms', nature: 'contrat' },
  adhesion: { path: 'adhesions', singleton: false, label: "Adhésion", owner: null, scope: 'siege', nature: 'contrat' },
  accord: { path: 'accords', singleton: false, label: "Accord d'une autorité", owner: null, scope: 'siege', nature: 'contrat' },
  contrat_lie: { path: 'contrats_lies', singleton: false, label: "Autre CPOM du gestionnaire", owner: null, scope: 'siege', nature: 'contrat' },
  engagement: { path: 'lancement.engagement', singleton: true, label: "Engagement", owner: null, scope: 'siege', nature: 'contrat' },
  jalon: { path: 'lancement.jalons', singleton: false, label: "Jalon", owner: null, scope: 'siege', nature: 'contrat' },
  acteur: { path: 'lancement.acteurs', singleton: false, label: "Acteur", owner: null, scope: 'siege', nature: 'contrat' },
  checklist_lancement: { path: 'lancement.checklist', singleton: false, label: "Point de la check-list de lancement", owner: null, scope: 'siege', nature: 'contrat' },
  reunion: { path: 'lancement.reunions', singleton: false, label: "Réunion", owner: null, scope: 'siege', nature: 'contrat' },
  reponse: { path: 'diagnostic.reponses', singleton: false, label: "Réponse au diagnostic", owner: null, scope: 'esms', nature: 'contrat' },
  theme_diagnostic: { path: 'diagnostic.themes', singleton: false, label: "Encarts d'un thème du diagnostic", owner: null, scope: 'siege', nature: 'contrat' },
  indicateur: { path: 'diagnostic.indicateurs', singleton: false, label: "Indicateur", owner: null, scope: 'esms', nature: 'contrat' },
  indicateur_complementaire: { path: 'diagnostic.complementaires', singleton: false, label: "Indicateur complémentaire", owner: null, scope: 'esms', nature: 'contrat' },
  finances: { path: 'diagnostic.finances', singleton: true, label: "Diagnostic financier", owner: null, scope: 'siege', nature: 'contrat' },
  creton: { path: 'diagnostic.creton', singleton: false, label: "Amendement Creton", owner: null, scope: 'esms', nature: 'contrat' },
  synthese: { path: 'diagnostic.synthese', singleton: false, label: "Élément de synthèse", owner: null, scope: 'siege', nature: 'contrat' },
  source_diagnostic: { path: 'diagnostic.sources', singleton: false, label: "Source du diagnostic", owner: null, scope: 'esms', nature: 'contrat' },
  conformite: { path: 'diagnostic.conformite', singleton: false, label: "Contrôle de conformité", owner: null, scope: 'siege', nature: 'contrat' },
  reglages_objectifs: { path: 'objectifs.reglages', singleton: true, label: "Réglages des objectifs", owner: null, scope: 'siege', nature: 'contrat' },
  objectif: { path: 'objectifs.objectifs', singleton: false, label: "Fiche-objectif", owner: null, scope: 'esms', nature: 'contrat' },
  action: { path: 'objectifs.actions', singleton: false, label: "Action", owner: 'objectif', scope: 'esms', nature: 'contrat' },
  indicateur_objectif: { path: 'objectifs.indicateurs', singleton: false, label: "Indicateur d'objectif", owner: 'objectif', scope: 'siege', nature: 'contrat' },
  moyens: { path: 'signature.moyens', singleton: true, label: "Moyens du contrat", owner: null, scope: 'siege', nature: 'contrat' },
  repartition_dotation: { path: 'signature.repartition', singleton: false, label: "Répartition de la dotation", owner: null, scope: 'siege', nature: 'contrat' },
  budget_reference: { path: 'signature.budgets', singleton: false, label: "Budget de référence", owner: null, scope: 'esms', nature: 'contrat' },
  moyens_pa: { path: 'signature.moyens_pa', singleton: false, label: "Forfaits et tarifs (personnes âgées)", owner: null, scope: 'esms', nature: 'contrat' },
  financement_complementaire: { path: 'signature.financements_complementaires', singleton: false, label: "Financement complémentaire", owner: null, scope: 'esms', nature: 'contrat' },
  volet_saad: { path: 'signature.volets_saad', singleton: false, label: "Volet d'un service d'aide à domicile", owner: null, scope: 'esms', nature: 'contrat' },
  affectation: { path: 'signature.affectations', singleton: false, label: "Affectation des résultats", owner: null, scope: 'siege', nature: 'contrat' },
  pgfp: { path: 'signature.pgfp', singleton: true, label: "Plan global de financement pluriannuel", owner: null, scope: 'siege', nature: 'contrat' },
  operation_investissement: { path: 'signature.ppi', singleton: false, label: "Opération d'investissement", owner: null, scope: 'siege', nature: 'contrat' },
  suivi: { path: 'signature.suivi', singleton: true, label: "Suivi du contrat", owner: null, scope: 'siege', nature: 'contrat' },
  signatures: { path: 'signature.signatures', singleton: true, label: "Consultations et signataires", owner: null, scope: 'siege', nature: 'contrat' },
  clause: { path: 'clauses', singleton: false, label: "Clause libre", owner: null, scope: 'siege', nature: 'contrat' },
  validation_etape: { path: 'etapes.validations', singleton: false, label: "Validation d'étape", owner: null, scope: 'siege', nature: 'contrat' },
  acquittement: { path: 'etapes.acquittements', singleton: false, label: "Acquittement", owner: null, scope: 'siege', nature: 'contrat' },
  suivi_general: { path: 'suivi_contrat.general', singleton: true, label: "Suivi du contrat", owner: null, scope: 'siege', nature: 'execution' },
  exercice: { path: 'suivi_contrat.exercices', singleton: false, label: "Exercice", owner: null, scope: 'siege', nature: 'execution' },
  realisation_indicateur: { path: 'suivi_contrat.indicateurs', singleton: false, label: "Valeurs réalisées d'un indicateur", owner: null, scope: 'esms', nature: 'execution' },
  avancement_action: { path: 'suivi_contrat.actions', singleton: false, label: "Avancement d'une action", owner: null, scope: 'esms', nature: 'execution' },
  appreciation_objectif: { path: 'suivi_contrat.objectifs', singleton: false, label: "Appréciation d'un objectif", owner: null, scope: 'esms', nature: 'execution' },
  activite_esms: { path: 'suivi_contrat.activites', singleton: false, label: "Activité réalisée d'un ESMS", owner: null, scope: 'esms', nature: 'execution' },
  dialogue_gestion: { path: 'suivi_contrat.dialogues', singleton: false, label: "Dialogue de gestion", owner: null, scope: 'siege', nature: 'execution' },
  saisine: { path: 'suivi_contrat.saisines', singleton: false, label: "Saisine du comité de suivi", owner: null, scope: 'siege', nature: 'execution' },
  evaluation_realisee: { path: 'suivi_contrat.evaluations', singleton: false, label: "Évaluation réalisée", owner: null, scope: 'esms', nature: 'execution' },
  bilan: { path: 'suivi_contrat.bilans', singleton: false, label: "Bilan", owner: null, scope: 'siege', nature: 'execution' },
  avenant: { path: 'suivi_contrat.avenants', singleton: false, label: "Avenant", owner: null, scope: 'siege', nature: 'execution' },
};
