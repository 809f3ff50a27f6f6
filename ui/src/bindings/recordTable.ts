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
}

export const RECORD_TABLE: Record<RecordKind, RecordKindInfo> = {
  organisme: { path: 'organisme', singleton: true, label: "Organisme", owner: null, scope: 'siege' },
  cpom: { path: 'cpom', singleton: true, label: "CPOM", owner: null, scope: 'siege' },
  esms: { path: 'esms', singleton: false, label: "ESMS", owner: null, scope: 'esms' },
  adhesion: { path: 'adhesions', singleton: false, label: "Adhésion", owner: null, scope: 'siege' },
  engagement: { path: 'lancement.engagement', singleton: true, label: "Engagement", owner: null, scope: 'siege' },
  jalon: { path: 'lancement.jalons', singleton: false, label: "Jalon", owner: null, scope: 'siege' },
  acteur: { path: 'lancement.acteurs', singleton: false, label: "Acteur", owner: null, scope: 'siege' },
  checklist_lancement: { path: 'lancement.checklist', singleton: false, label: "Point de la check-list de lancement", owner: null, scope: 'siege' },
  reunion: { path: 'lancement.reunions', singleton: false, label: "Réunion", owner: null, scope: 'siege' },
  reponse: { path: 'diagnostic.reponses', singleton: false, label: "Réponse au diagnostic", owner: null, scope: 'esms' },
  theme_diagnostic: { path: 'diagnostic.themes', singleton: false, label: "Encarts d'un thème du diagnostic", owner: null, scope: 'siege' },
  indicateur: { path: 'diagnostic.indicateurs', singleton: false, label: "Indicateur", owner: null, scope: 'esms' },
  indicateur_complementaire: { path: 'diagnostic.complementaires', singleton: false, label: "Indicateur complémentaire", owner: null, scope: 'esms' },
  finances: { path: 'diagnostic.finances', singleton: true, label: "Diagnostic financier", owner: null, scope: 'siege' },
  creton: { path: 'diagnostic.creton', singleton: false, label: "Amendement Creton", owner: null, scope: 'esms' },
  synthese: { path: 'diagnostic.synthese', singleton: false, label: "Élément de synthèse", owner: null, scope: 'siege' },
  source_diagnostic: { path: 'diagnostic.sources', singleton: false, label: "Source du diagnostic", owner: null, scope: 'esms' },
  conformite: { path: 'diagnostic.conformite', singleton: false, label: "Contrôle de conformité", owner: null, scope: 'siege' },
  reglages_objectifs: { path: 'objectifs.reglages', singleton: true, label: "Réglages des objectifs", owner: null, scope: 'siege' },
  objectif: { path: 'objectifs.objectifs', singleton: false, label: "Fiche-objectif", owner: null, scope: 'esms' },
  action: { path: 'objectifs.actions', singleton: false, label: "Action", owner: 'objectif', scope: 'esms' },
  indicateur_objectif: { path: 'objectifs.indicateurs', singleton: false, label: "Indicateur d'objectif", owner: 'objectif', scope: 'siege' },
  moyens: { path: 'signature.moyens', singleton: true, label: "Moyens du contrat", owner: null, scope: 'siege' },
  repartition_dotation: { path: 'signature.repartition', singleton: false, label: "Répartition de la dotation", owner: null, scope: 'siege' },
  budget_reference: { path: 'signature.budgets', singleton: false, label: "Budget de référence", owner: null, scope: 'esms' },
  moyens_pa: { path: 'signature.moyens_pa', singleton: false, label: "Forfaits et tarifs (personnes âgées)", owner: null, scope: 'esms' },
  financement_complementaire: { path: 'signature.financements_complementaires', singleton: false, label: "Financement complémentaire", owner: null, scope: 'esms' },
  volet_saad: { path: 'signature.volets_saad', singleton: false, label: "Volet d'un service d'aide à domicile", owner: null, scope: 'esms' },
  affectation: { path: 'signature.affectations', singleton: false, label: "Affectation des résultats", owner: null, scope: 'siege' },
  suivi: { path: 'signature.suivi', singleton: true, label: "Suivi du contrat", owner: null, scope: 'siege' },
  signatures: { path: 'signature.signatures', singleton: true, label: "Consultations et signataires", owner: null, scope: 'siege' },
  clause: { path: 'clauses', singleton: false, label: "Clause libre", owner: null, scope: 'siege' },
  validation_etape: { path: 'etapes.validations', singleton: false, label: "Validation d'étape", owner: null, scope: 'siege' },
  acquittement: { path: 'etapes.acquittements', singleton: false, label: "Acquittement", owner: null, scope: 'siege' },
};
