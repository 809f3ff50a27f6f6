// Le seul module de l'interface qui parle à Tauri (règle vérifiée par tests/boundary.test.ts).
// Une fonction typée par commande ; tout refus devient une `ApiError` { code, message, details }.

import { invoke } from '@tauri-apps/api/core';

import type { ApiError as ApiErrorData } from '../bindings/ApiError';
import type { AppInfo } from '../bindings/AppInfo';
import type { Created } from '../bindings/Created';
import type { DossierView } from '../bindings/DossierView';
import type { ErrorDetails } from '../bindings/ErrorDetails';
import type { Exemple } from '../bindings/Exemple';
import type { FieldUpdate } from '../bindings/FieldUpdate';
import type { RecentEntry } from '../bindings/RecentEntry';
import type { ViewUpdate } from '../bindings/ViewUpdate';
import { fr } from '../i18n/fr';

/** Code d'erreur quand l'interface tourne dans un simple navigateur, hors de l'application. */
export const OUTSIDE_APP = 'hors_application';
/** Code d'erreur d'un échec de communication qui n'a pas la forme d'une ApiError. */
export const IPC_ERROR = 'ipc';

const NO_DETAILS: ErrorDetails = { field: null, suggestion: null, file: null, location: null, technique: null };

/** Erreur d'une commande : même forme que l'`ApiError` Rust, message toujours en français. */
export class ApiError extends Error implements ApiErrorData {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.details = { ...NO_DETAILS, ...data.details };
  }

  /** Les données brutes, telles que le back end les a envoyées. */
  toJSON(): ApiErrorData {
    return { code: this.code, message: this.message, details: this.details };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function optString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Convertit n'importe quel refus (objet du back end, texte, exception JS) en `ApiError`. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isRecord(e) && typeof e.code === 'string' && typeof e.message === 'string') {
    const d = isRecord(e.details) ? e.details : {};
    return new ApiError({
      code: e.code,
      message: e.message,
      details: {
        field: optString(d.field),
        suggestion: optString(d.suggestion),
        file: optString(d.file),
        location: optString(d.location),
        technique: optString(d.technique),
      },
    });
  }
  const text =
    typeof e === 'string' ? e : e instanceof Error ? e.message : isRecord(e) ? JSON.stringify(e) : String(e);
  return new ApiError({
    code: IPC_ERROR,
    message: fr.errors.ipc(text),
    details: NO_DETAILS,
  });
}

function insideApp(): boolean {
  return (
    typeof window !== 'undefined' &&
    (window as unknown as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ !== undefined
  );
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  if (!insideApp()) {
    throw new ApiError({
      code: OUTSIDE_APP,
      message: fr.errors.outsideApp,
      details: NO_DETAILS,
    });
  }
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const appInfo = (): Promise<AppInfo> => call('app_info');
export const recentsList = (): Promise<RecentEntry[]> => call('recents_list');

/** Nouveau dossier (dialogue d'enregistrement natif) ; null si l'utilisateur annule. */
export const dossierNew = (): Promise<DossierView | null> => call('dossier_new');
/** Ouvrir un dossier (dialogue d'ouverture natif) ; null si l'utilisateur annule. */
export const dossierOpen = (): Promise<DossierView | null> => call('dossier_open');
export const dossierOpenPath = (path: string): Promise<DossierView> => call('dossier_open_path', { path });
export const dossierOpenExample = (exemple: Exemple = 'ph'): Promise<DossierView> =>
  call('dossier_open_example', { exemple });
/** Enregistrer une copie ; renvoie le chemin écrit, null si l'utilisateur annule. */
export const dossierSaveCopy = (): Promise<string | null> => call('dossier_save_copy');
export const dossierClose = (): Promise<null> => call('dossier_close');
/** « Vérifier le dossier » : contrôle d'intégrité du fichier ouvert (refus `dossier.endommage`). */
export const dossierVerify = (): Promise<null> => call('dossier_verify');
/** Le dossier ouvert, null si aucun. */
export const dossierGet = (): Promise<DossierView | null> => call('dossier_get');

/** Enregistre un champ de n'importe quel enregistrement (organisme, ESMS, jalon, fiche…). */
export const recordUpdate = (update: FieldUpdate): Promise<ViewUpdate> => call('record_update', { update });

// Contrat PDF (issue 6). La boîte « Enregistrer sous » est native et s'ouvre côté Rust ;
// le fichier s'ouvre dans la visionneuse du système par Rust aussi (aucune permission web).
import type { ContractExport } from '../bindings/ContractExport';
import type { ContractModelInfo } from '../bindings/ContractModelInfo';

/** Les modèles de contrat disponibles (id, libellé, version). */
export const contractModels = (): Promise<ContractModelInfo[]> => call('contract_models');
/** Exporte le contrat du dossier ouvert ; null si l'utilisateur annule la boîte d'enregistrement. */
export const contractExport = (model: string): Promise<ContractExport | null> =>
  call('contract_export', { model });
/** Ouvre un fichier produit par l'application avec le programme par défaut du système. */
export const openPath = (path: string): Promise<null> => call('open_path', { path });

// Clauses libres du contrat (préambule, spécificités locales…) propres au dossier.
import type { ClauseEntry } from '../bindings/ClauseEntry';

/** Les clauses libres d'un modèle : texte du modèle, texte du dossier, qui et quand. */
export const clausesList = (model: string): Promise<ClauseEntry[]> => call('clauses_list', { model });
/** Enregistre le texte d'une clause (vide : texte du modèle) ; renvoie les clauses à jour du modèle. */
export const clauseSet = (model: string, clause: string, text: string): Promise<ClauseEntry[]> =>
  call('clause_set', { model, clause, text });
/** Rétablit le texte du modèle ; renvoie les clauses à jour du modèle. */
export const clauseReset = (model: string, clause: string): Promise<ClauseEntry[]> =>
  call('clause_reset', { model, clause });

// Enregistrements (tous types, périmètre compris), validation des étapes, prise d'acte des
// avertissements, catalogues. Contrat : crates/cpom-services/API.md.
import type { Catalogues } from '../bindings/Catalogues';
import type { RecordKind } from '../bindings/RecordKind';
import type { StepId } from '../bindings/StepId';

/** Ajoute un enregistrement (ou complète celui de même clé) ; `parent` : l'ESMS concerné. */
export const recordAdd = (
  kind: RecordKind,
  parent: string | null = null,
  init: Record<string, unknown> | null = null,
): Promise<Created> => call('record_add', { kind, parent, init });
export const recordDelete = (kind: RecordKind, id: string): Promise<ViewUpdate> =>
  call('record_delete', { kind, id });
export const recordMove = (kind: RecordKind, id: string, toIndex: number): Promise<ViewUpdate> =>
  call('record_move', { kind, id, toIndex });
/** Refusée (`etape.erreurs_bloquantes`, `etape.ordre`, `etape.vide`…) tant que l'étape bloque. */
export const stepValidate = (step: StepId, comment: string | null = null): Promise<ViewUpdate> =>
  call('step_validate', { step, comment });
export const stepReopen = (step: StepId): Promise<ViewUpdate> => call('step_reopen', { step });
export const issueAcknowledge = (rule: string, path: string, comment: string): Promise<ViewUpdate> =>
  call('issue_acknowledge', { rule, path, comment });
export const issueUnacknowledge = (rule: string, path: string): Promise<ViewUpdate> =>
  call('issue_unacknowledge', { rule, path });
/** Catalogues, check-lists et listes de référence de tous les écrans (statiques : à charger une fois). */
export const catalogues = (): Promise<Catalogues> => call('catalogues');

// Étapes Objectifs et Signature (issue 4). Contrat : crates/cpom-services/API.md.

/** Copie une fiche-objectif (actions et indicateurs compris) pour l'ESMS `esms`. */
export const objectifDuplicate = (objectif: string, esms: string): Promise<Created> =>
  call('objectif_duplicate', { objectif, esms });
/**
 * Dossier signé : boîte « Enregistrer sous » native, copie de travail sans les dates de
 * signature, ouverte à la place du dossier signé ; null si l'utilisateur annule.
 */
export const avenantCopy = (): Promise<DossierView | null> => call('avenant_copy');

// Kits de contribution (issue 7) : préparer un kit, intégrer une contribution, annuler une
// intégration, suivi et totaux par autorité. Les boîtes de fichiers s'ouvrent côté Rust.
import type { Consolidation } from '../bindings/Consolidation';
import type { Decision } from '../bindings/Decision';
import type { Integrated } from '../bindings/Integrated';
import type { KitIssued } from '../bindings/KitIssued';
import type { KitRequest } from '../bindings/KitRequest';
import type { KitReview } from '../bindings/KitReview';

/** Écrit un kit pour les ESMS demandés ; null si l'utilisateur annule la boîte. */
export const kitExport = (request: KitRequest): Promise<[KitIssued, DossierView] | null> =>
  call('kit_export', { request });
/** Choisit un kit rendu et renvoie ce qu'il apporte (rien n'est intégré) ; null si annulé. */
export const kitReceive = (): Promise<KitReview | null> => call('kit_receive');
/** Intègre le kit selon les décisions (clé d'élément → décision), en une transaction. */
export const kitIntegrate = (path: string, decisions: Record<string, Decision>): Promise<Integrated> =>
  call('kit_integrate', { path, decisions });
/** Annule une intégration en bloc. */
export const mergeUndo = (mergeId: string): Promise<DossierView> => call('merge_undo', { mergeId });
/** Suivi des contributions, totaux par autorité, journal des intégrations. */
export const contributions = (): Promise<Consolidation> => call('contributions');

// Classeur régional (issue 5) : export (boîte native côté Rust, progression par événement) et
// imports en deux temps : aperçu des différences, puis application confirmée.
import { listen } from '@tauri-apps/api/event';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { TemplateInfo } from '../bindings/TemplateInfo';
import type { WorkbookExport } from '../bindings/WorkbookExport';

/** Source d'un import de classeur : notre classeur relu, ou l'export du tableau de bord. */
export type ImportSource = 'classeur' | 'tdb';

/** Les modèles de classeur (identifiant, titre, version). */
export const workbookTemplates = (): Promise<TemplateInfo[]> => call('workbook_templates');
/** Exporte le classeur du modèle choisi ; null si l'utilisateur annule la boîte. */
export const workbookExport = (template: string | null): Promise<WorkbookExport | null> =>
  call('workbook_export', { template });
/** Choix du fichier et aperçu des différences (rien n'est écrit) ; null si annulé. */
export const workbookImportPreview = (source: ImportSource, annee: number | null): Promise<ImportPreview | null> =>
  call('workbook_import_preview', { source, annee });
/** Applique l'import confirmé (même empreinte que l'aperçu) ; renvoie la vue à jour. */
export const workbookImportApply = (
  source: ImportSource,
  path: string,
  empreinte: string,
  annee: number | null,
  remplacerPlusRecentes = false,
): Promise<DossierView> =>
  call('workbook_import_apply', { source, path, empreinte, annee, remplacerPlusRecentes });
/** Suit la progression de l'export (feuilles écrites / total) ; renvoie de quoi arrêter. */
export async function onWorkbookProgress(cb: (fait: number, total: number) => void): Promise<() => void> {
  try {
    return await listen<{ fait: number; total: number }>('classeur-progression', (e) =>
      cb(e.payload.fait, e.payload.total),
    );
  } catch {
    return () => {};
  }
}

// Usage de tous les jours : annuler / rétablir, recherche, dossier d'un fichier exporté.
import type { SearchHit } from '../bindings/SearchHit';

/** Une saisie annulée ou rétablie : le champ concerné et ce qui a changé (delta). */
export interface Undone {
  path: string;
  update: ViewUpdate;
}
/** Annule la dernière saisie de la session. */
export const editUndo = (): Promise<Undone> => call('edit_undo');
/** Rétablit la dernière saisie annulée. */
export const editRedo = (): Promise<Undone> => call('edit_redo');
/** Cherche dans le dossier ouvert (ESMS, fiches, actions, indicateurs, questions). */
export const dossierSearch = (query: string): Promise<SearchHit[]> => call('dossier_search', { query });
/** Montre, dans le gestionnaire de fichiers, le dossier d'un fichier exporté. */
export const openFolder = (path: string): Promise<null> => call('open_folder', { path });

// Suivi du contrat signé (issue 13) : exemple en cours de suivi, projets d'avenant,
// documents du suivi (boîte « Enregistrer sous » native côté Rust), renouvellement.
import type { DocumentExport } from '../bindings/DocumentExport';
import type { SuiviDocument } from '../bindings/SuiviDocument';
import type { TypeAvenant } from '../bindings/TypeAvenant';
import type { VueAvenant } from '../bindings/VueAvenant';

/** Le dossier exemple signé, dans sa 3e année aujourd'hui. */
export const dossierOpenExampleSuivi = (): Promise<DossierView> => call('dossier_open_example_suivi');
/** « Préparer un avenant » : un projet posé sur le contrat signé. */
export const avenantCreate = (types: TypeAvenant[], objet: string): Promise<DossierView> =>
  call('avenant_create', { types, objet });
/** « Abandonner le projet » : le contrat revient à son état d'avant. */
export const avenantAbandon = (id: string): Promise<DossierView> => call('avenant_abandon', { id });
/** Le détail d'un avenant (différences et articles modifiés). */
export const avenantDetail = (id: string): Promise<VueAvenant> => call('avenant_detail', { id });
/** Exporte un document du suivi ; null si l'utilisateur annule la boîte d'enregistrement. */
export const suiviExport = (document: SuiviDocument): Promise<DocumentExport | null> =>
  call('suivi_export', { document });
/** « Préparer le renouvellement » : le chemin du dossier écrit, null si annulé. */
export const renouveler = (): Promise<string | null> => call('renouveler');
