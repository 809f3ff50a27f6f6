// L'état central de l'interface : le dossier ouvert (la vue entière à l'ouverture, puis mise à
// jour par les deltas que renvoient les modifications : `lib/delta.ts`), les listes de
// référence, la navigation, l'état d'enregistrement et les saisies refusées (conservées pour
// ne jamais perdre ce que l'utilisateur a tapé).

import { tick } from 'svelte';

import * as api from '../api';
import { ApiError, toApiError } from '../api';
import type { AdhesionKind } from '../bindings/AdhesionKind';
import type { AppInfo } from '../bindings/AppInfo';
import type { Catalogues } from '../bindings/Catalogues';
import type { DossierView } from '../bindings/DossierView';
import type { ViewDelta } from '../bindings/ViewDelta';
import type { ViewUpdate } from '../bindings/ViewUpdate';
import { applyDelta } from './delta';
import type { Issue } from '../bindings/Issue';
import type { RecordKind } from '../bindings/RecordKind';
import type { StepId } from '../bindings/StepId';
import type { DocumentExport } from '../bindings/DocumentExport';
import type { SuiviDocument } from '../bindings/SuiviDocument';
import type { TypeAvenant } from '../bindings/TypeAvenant';
import type { ReferenceLists } from '../bindings/ReferenceLists';
import { fr } from '../i18n/fr';
import { focusField } from './dom';
import { objectifsTarget } from './objectifs';
import { RECORD_TABLE } from '../bindings/recordTable';
import { fullPath, normalizePath, parsePath, recordOf, screenOf, type Target } from './paths';
import { sectionFor, type DiagSection } from '../parts/diagnostic/sections';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';
export type Tab = 'organisme' | 'cpom' | 'esms';
export type StepKey = 'lancement' | 'diagnostic' | 'objectifs' | 'signature';
/** « pret-signature » : le rapport « Prêt pour signature » (points bloquants des quatre étapes). */
/** « suivi » : le suivi du contrat signé (revues, échéancier, dialogues, avenants, bilans). */
export type NavKey = 'tableau-de-bord' | 'perimetre' | 'contributions' | StepKey | 'pret-signature' | 'suivi';
export type SuiviTab = 'revue' | 'echeancier' | 'dialogues' | 'avenants' | 'bilans';

/** Une saisie refusée : la valeur tapée (gardée telle quelle) et la raison du refus. */
export interface Rejection {
  value: unknown;
  error: ApiError;
}

/** Issue d'un enregistrement de champ. */
export type SaveResult = 'saved' | 'refused' | 'superseded';

type Outcome = { ok: true; at: string } | { ok: false; message: string };

export class AppStore {
  view = $state.raw<DossierView | null>(null);
  refs = $state.raw<ReferenceLists | null>(null);
  appInfo = $state.raw<AppInfo | null>(null);

  catalogues = $state.raw<Catalogues | null>(null);

  nav = $state<NavKey>('tableau-de-bord');
  /** Sous-section affichée de l'écran Diagnostic (axe, 2-B/2-C, 2-D…). */
  diagSection = $state<DiagSection | null>(null);
  /** ESMS affiché dans un axe par ESMS (1-1, 1-2). */
  diagEsms = $state<string | null>(null);
  /** Étape Objectifs : la fiche ouverte, ou la vue d'ensemble. */
  objectifsPane = $state<'fiche' | 'ensemble'>('fiche');
  objectifSelected = $state<string | null>(null);

  /** Onglet de l'écran « Suivi du contrat » et année du contrat revue. */
  suiviTab = $state<SuiviTab>('revue');
  suiviAnnee = $state<number | null>(null);

  /** Le contrat est signé : la partie « Suivi du contrat » apparaît. */
  signed = $derived(this.view?.readiness.etat === 'signe');
  /** Un projet d'avenant est ouvert : le contrat se modifie dans ce projet. */
  draftAvenant = $derived(this.view?.suivi.situation.projet_avenant ?? false);
  /** Contrat signé sans projet d'avenant : le contenu signé ne se modifie plus. */
  readOnly = $derived(this.signed && !this.draftAvenant);

  /**
   * Un champ de ce type est-il figé ? Après la signature, ce que la table des
   * enregistrements déclare « contrat » ne se modifie que dans un projet d'avenant ; les
   * signatures du contrat initial jamais ; l'exécution (« execution ») toujours.
   */
  lockedKind(kind: RecordKind): boolean {
    if (!this.signed) return false;
    if (kind === 'signatures') return true;
    return this.readOnly && RECORD_TABLE[kind].nature === 'contrat';
  }

  /**
   * Tous les points à afficher sous les champs : rapport du périmètre et points des étapes
   * (sans doublon : le rapport du périmètre est repris dans l'étape Lancement).
   */
  issues = $derived.by((): Issue[] => {
    const v = this.view;
    if (!v) return [];
    const seen = new Set<string>();
    const out: Issue[] = [];
    for (const i of [...v.report.issues, ...v.etapes.flatMap((e) => e.issues)]) {
      const key = `${i.rule}|${i.path}|${i.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(i);
    }
    return out;
  });
  tab = $state<Tab>('organisme');
  selectedEsms = $state<string | null>(null);
  panelOpen = $state(false);

  saveState = $state<SaveState>('idle');
  savedAt = $state<string | null>(null);
  saveError = $state<string | null>(null);
  /** Message non lié à un champ (ouverture impossible, copie enregistrée…). */
  alert = $state.raw<{ kind: 'error' | 'info'; text: string; technique?: string | null } | null>(null);
  /** Saisies refusées, par chemin complet du champ. */
  rejected = $state.raw<Record<string, Rejection>>({});
  /** Une ouverture ou fermeture de dossier est en cours. */
  busy = $state(false);

  #inFlight = 0;
  #chains = new Map<string, Promise<unknown>>();
  #latest = new Map<string, number>();
  #seq = 0;

  // ——— Dossier ———

  /** Au démarrage : version de l'application et dossier éventuellement déjà ouvert. */
  async init(): Promise<void> {
    api.appInfo().then(
      (info) => (this.appInfo = info),
      () => (this.appInfo = null),
    );
    try {
      const view = await api.dossierGet();
      if (view) this.enter(view);
    } catch {
      // Hors de l'application ou back end indisponible : l'accueil affiche l'erreur.
    }
  }

  /** Ouvre un dossier par l'une des commandes d'ouverture ; false si annulé ou refusé. */
  async openWith(open: () => Promise<DossierView | null>): Promise<boolean> {
    this.busy = true;
    this.alert = null;
    try {
      const view = await open();
      if (!view) return false;
      this.enter(view);
      return true;
    } catch (e) {
      const err = toApiError(e);
      this.alert = { kind: 'error', text: err.message, technique: err.details?.technique ?? null };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Affiche un dossier qui vient d'être ouvert. */
  enter(view: DossierView): void {
    this.rejected = {};
    this.nav = 'tableau-de-bord';
    this.tab = 'organisme';
    this.selectedEsms = null;
    this.diagSection = null;
    this.diagEsms = null;
    this.objectifsPane = 'fiche';
    this.objectifSelected = null;
    this.panelOpen = false;
    this.saveState = 'idle';
    this.saveError = null;
    this.savedAt = view.saved_at;
    // Reprise après un arrêt brutal : dite une fois, à l'ouverture.
    this.alert = view.avis ? { kind: 'info', text: view.avis } : null;
    this.setView(view);
    if (!this.catalogues) void this.loadCatalogues();
  }

  async loadCatalogues(): Promise<void> {
    try {
      this.catalogues = await api.catalogues();
      this.refs = this.catalogues.references;
    } catch (e) {
      this.alert = { kind: 'error', text: `${fr.steps.cataloguesError} : ${toApiError(e).message}` };
    }
  }

  /**
   * Dans un kit de contribution, l'enregistrement se modifie-t-il ? La partie déléguée est
   * celle que le domaine calcule (`kit.editables` : enregistrements rattachés aux ESMS du
   * kit) ; un enregistrement encore à créer l'est si son type peut appartenir à un ESMS (table
   * des enregistrements) et que son ESMS (`parent`) est celui du kit.
   */
  canEdit(kind: RecordKind, id: string | null, parent: string | null = null): boolean {
    const kit = this.view?.kit;
    if (!kit) return true;
    if (id) return kit.editables.includes(id);
    return RECORD_TABLE[kind].scope === 'esms' && parent !== null && kit.esms.includes(parent);
  }

  /** Dans un kit de contribution, vrai pour un champ hors de la partie déléguée (lecture seule). */
  isLocked(path: string): boolean {
    if (!this.view?.kit) return false;
    const record = recordOf(path);
    return record === null || !this.canEdit(record.kind, record.id);
  }

  /** La note de provenance d'un champ repris d'une contribution (« Rédigé par … »). */
  provenanceFor(path: string): string | null {
    return this.view?.provenance.find((p) => p.path === path)?.texte ?? null;
  }

  /** Remplace tout le dossier affiché par la réponse du back end. */
  setView(view: DossierView): void {
    this.view = view;
    const ids = new Set([
      ...view.dossier.esms.map((e) => e.id),
      ...view.dossier.adhesions.map((a) => a.id),
    ]);
    if (this.selectedEsms && !ids.has(this.selectedEsms)) this.selectedEsms = null;
    const kept = Object.entries(this.rejected).filter(([path]) => {
      const target = parsePath(path)?.target;
      return !target?.id || ids.has(target.id);
    });
    if (kept.length !== Object.keys(this.rejected).length) this.rejected = Object.fromEntries(kept);
  }

  async close(): Promise<void> {
    this.busy = true;
    try {
      await api.dossierClose();
      this.view = null;
      this.rejected = {};
      this.alert = null;
    } catch (e) {
      this.alert = { kind: 'error', text: `${fr.shell.closeError} : ${toApiError(e).message}` };
    } finally {
      this.busy = false;
    }
  }

  async saveCopy(): Promise<void> {
    try {
      const path = await api.dossierSaveCopy();
      if (path) this.alert = { kind: 'info', text: fr.shell.copySaved(path) };
    } catch (e) {
      this.alert = {
        kind: 'error',
        text: `${fr.shell.copyError} : ${toApiError(e).message}`,
      };
    }
  }

  /** « Vérifier le dossier » : contrôle d'intégrité du fichier, résultat dans le bandeau. */
  async verify(): Promise<void> {
    try {
      await api.dossierVerify();
      this.alert = { kind: 'info', text: fr.shell.verified };
    } catch (e) {
      this.alert = { kind: 'error', text: `${fr.shell.verifyError} : ${toApiError(e).message}` };
    }
  }

  // ——— Enregistrement ———

  #begin(): void {
    this.#inFlight++;
    this.saveState = 'saving';
  }

  #end(outcome: Outcome): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (this.#inFlight > 0) return;
    if (outcome.ok) {
      this.saveState = 'saved';
      this.savedAt = outcome.at;
      this.saveError = null;
    } else {
      this.saveState = 'error';
      this.saveError = outcome.message;
    }
  }

  /** Deltas arrivés avant celui dont ils partent (réponses reçues dans le désordre). */
  #early = new Map<number, ViewDelta>();

  /**
   * Applique ce que renvoie une modification : la vue entière, ou un delta à partir de la
   * version affichée. Un delta arrivé trop tôt attend le précédent ; un delta qui ne part
   * d'aucune version connue fait recharger la vue entière (jamais d'affichage périmé).
   */
  async applyUpdate(update: ViewUpdate): Promise<void> {
    if (update.type === 'view') {
      this.#early.clear();
      this.setView(update.data);
      return;
    }
    const current = this.view;
    if (!current) return;
    const delta = update.data;
    if (delta.version <= current.version) return;
    if (delta.base !== current.version) {
      this.#early.set(delta.base, delta);
      if (this.#early.size > 8) await this.reload();
      return;
    }
    let view = applyDelta(current, delta);
    for (let next = this.#early.get(view.version); next; next = this.#early.get(view.version)) {
      this.#early.delete(next.base);
      view = applyDelta(view, next);
    }
    this.setView(view);
  }

  /** Recharge la vue entière du dossier ouvert. */
  async reload(): Promise<void> {
    this.#early.clear();
    const view = await api.dossierGet();
    if (view) this.setView(view);
  }

  /** Exécute une modification du dossier et affiche ce qui a changé. */
  async #mutate<T>(op: () => Promise<T>, updateOf: (r: T) => ViewUpdate): Promise<T> {
    this.#begin();
    try {
      const result = await op();
      await this.applyUpdate(updateOf(result));
      this.#end({ ok: true, at: this.view?.saved_at ?? new Date().toISOString() });
      return result;
    } catch (e) {
      const err = toApiError(e);
      this.#end({ ok: false, message: err.message });
      throw err;
    }
  }

  /**
   * Enregistre un champ. Une seule requête à la fois par champ : les valeurs suivantes
   * attendent leur tour et seule la plus récente part. Un refus est gardé dans `rejected`
   * (valeur tapée et message) jusqu'au prochain enregistrement réussi du champ.
   */
  updateField(target: Target, field: string, value: unknown): Promise<SaveResult> {
    const path = fullPath(target, field);
    const seq = ++this.#seq;
    this.#latest.set(path, seq);
    const previous = this.#chains.get(path) ?? Promise.resolve();
    const next = previous.then(() =>
      this.#latest.get(path) === seq ? this.#send(target, field, value, path) : ('superseded' as const),
    );
    this.#chains.set(path, next);
    void next.finally(() => {
      if (this.#chains.get(path) === next) this.#chains.delete(path);
    });
    return next;
  }

  async #send(target: Target, field: string, value: unknown, path: string): Promise<SaveResult> {
    try {
      await this.#mutate(
        () => api.recordUpdate({ kind: target.kind, id: target.id, field, value }),
        (v) => v,
      );
      if (path in this.rejected) {
        const { [path]: _cleared, ...rest } = this.rejected;
        this.rejected = rest;
      }
      return 'saved';
    } catch (e) {
      this.rejected = { ...this.rejected, [path]: { value, error: toApiError(e) } };
      return 'refused';
    }
  }

  /** Vrai tant qu'une valeur de ce champ attend la réponse du back end. */
  isPending(target: Target, field: string): boolean {
    return this.#chains.has(fullPath(target, field));
  }

  rejectionFor(path: string): Rejection | undefined {
    return this.rejected[normalizePath(path)];
  }

  #reportFailure(prefix: string, e: unknown): void {
    const err = toApiError(e);
    this.alert = { kind: 'error', text: `${prefix} : ${err.message}`, technique: err.details?.technique ?? null };
  }

  async addEsms(): Promise<string | null> {
    try {
      const created = await this.#mutate(() => api.recordAdd('esms'), (c) => c.update);
      this.tab = 'esms';
      this.selectedEsms = created.id;
      return created.id;
    } catch (e) {
      this.#reportFailure(fr.errors.addEsms, e);
      return null;
    }
  }

  async deleteEsms(id: string): Promise<boolean> {
    try {
      await this.#mutate(() => api.recordDelete('esms', id), (v) => v);
      return true;
    } catch (e) {
      this.#reportFailure(fr.errors.deleteEsms, e);
      return false;
    }
  }

  async moveEsms(id: string, toIndex: number): Promise<boolean> {
    try {
      await this.#mutate(() => api.recordMove('esms', id, toIndex), (v) => v);
      return true;
    } catch (e) {
      this.#reportFailure(fr.errors.moveEsms, e);
      return false;
    }
  }

  async addAdhesion(kind: AdhesionKind): Promise<string | null> {
    try {
      const created = await this.#mutate(() => api.recordAdd('adhesion', null, { kind }), (c) => c.update);
      return created.id;
    } catch (e) {
      this.#reportFailure(fr.errors.addAdhesion, e);
      return null;
    }
  }

  async deleteAdhesion(id: string): Promise<boolean> {
    try {
      await this.#mutate(() => api.recordDelete('adhesion', id), (v) => v);
      return true;
    } catch (e) {
      this.#reportFailure(fr.errors.deleteAdhesion, e);
      return false;
    }
  }

  // ——— Enregistrements des étapes (Lancement, Diagnostic) ———

  /** Ajoute (ou complète, pour les types à clé) un enregistrement ; son id, null si refusé. */
  async addRecord(
    kind: RecordKind,
    parent: string | null = null,
    init: Record<string, unknown> | null = null,
  ): Promise<string | null> {
    try {
      const created = await this.#mutate(() => api.recordAdd(kind, parent, init), (c) => c.update);
      return created.id;
    } catch (e) {
      this.#reportFailure(fr.steps.addError, e);
      return null;
    }
  }

  async deleteRecord(kind: RecordKind, id: string): Promise<boolean> {
    try {
      await this.#mutate(() => api.recordDelete(kind, id), (v) => v);
      return true;
    } catch (e) {
      this.#reportFailure(fr.steps.deleteError, e);
      return false;
    }
  }

  async moveRecord(kind: RecordKind, id: string, toIndex: number): Promise<boolean> {
    try {
      await this.#mutate(() => api.recordMove(kind, id, toIndex), (v) => v);
      return true;
    } catch (e) {
      this.#reportFailure(fr.steps.moveError, e);
      return false;
    }
  }

  /** Valide une étape ; renvoie le refus du back end (message, champ), null si validée. */
  async validateStep(step: StepId, comment: string | null = null): Promise<ApiError | null> {
    try {
      await this.#mutate(() => api.stepValidate(step, comment), (v) => v);
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  async reopenStep(step: StepId): Promise<ApiError | null> {
    try {
      await this.#mutate(() => api.stepReopen(step), (v) => v);
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  /** Prend acte d'un avertissement (commentaire obligatoire) ; le refus, null si fait. */
  async acknowledge(rule: string, path: string, comment: string): Promise<ApiError | null> {
    try {
      await this.#mutate(() => api.issueAcknowledge(rule, path, comment), (v) => v);
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  async unacknowledge(rule: string, path: string): Promise<ApiError | null> {
    try {
      await this.#mutate(() => api.issueUnacknowledge(rule, path), (v) => v);
      return null;
    } catch (e) {
      return toApiError(e);
    }
  }

  // ——— Étapes Objectifs et Signature (issue 4) ———

  /** Copie une fiche (actions et indicateurs compris) pour un autre ESMS ; l'id de la copie. */
  async duplicateObjectif(objectif: string, esms: string): Promise<string | null> {
    try {
      const created = await this.#mutate(() => api.objectifDuplicate(objectif, esms), (c) => c.update);
      this.objectifSelected = created.id;
      return created.id;
    } catch (e) {
      this.#reportFailure(fr.objectifs.duplicateError, e);
      return null;
    }
  }

  /** Dossier signé : crée et ouvre une copie de travail pour un avenant. */
  async avenantCopy(): Promise<void> {
    this.busy = true;
    try {
      const view = await api.avenantCopy();
      if (!view) return;
      this.enter(view);
      this.alert = { kind: 'info', text: fr.readiness.avenantCreated(view.path) };
    } catch (e) {
      this.#reportFailure(fr.readiness.avenantError, e);
    } finally {
      this.busy = false;
    }
  }

  // ——— Annuler / rétablir (saisies de la session, par le journal ; services `undo.rs`) ———

  /** Annule la dernière saisie puis montre le champ rétabli. */
  async undo(): Promise<void> {
    await this.#history(() => api.editUndo(), fr.history.undoError);
  }

  /** Rétablit la dernière saisie annulée puis montre le champ. */
  async redo(): Promise<void> {
    await this.#history(() => api.editRedo(), fr.history.redoError);
  }

  async #history(op: () => Promise<api.Undone>, error: string): Promise<void> {
    // Sur un contrat signé, seules les saisies du suivi (exécution) s'annulent : la garde des
    // dossiers signés refuse les autres, avec son message.
    // Un champ qui a le focus garde ce qu'il affiche : on le quitte pour qu'il suive la valeur
    // rétablie (goTo lui redonne le focus ensuite).
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    try {
      const done = await this.#mutate(op, (u) => u.update);
      // Le champ affiche la valeur du dossier (et non une saisie refusée gardée).
      if (done.path in this.rejected) {
        const { [done.path]: _dropped, ...rest } = this.rejected;
        this.rejected = rest;
      }
      await this.goTo(done.path);
    } catch (e) {
      this.#reportFailure(error, e);
    }
  }

  // ——— Suivi du contrat (issue 13) ———

  /** Ouvre le dossier exemple signé, dans sa 3e année. */
  async openExampleSuivi(): Promise<boolean> {
    const ok = await this.openWith(() => api.dossierOpenExampleSuivi());
    if (ok) this.nav = 'suivi';
    return ok;
  }

  /** « Préparer un avenant » ; refus affiché, false. */
  async avenantCreate(types: TypeAvenant[], objet: string): Promise<boolean> {
    try {
      await this.#mutate(() => api.avenantCreate(types, objet), (v) => ({ type: 'view', data: v }));
      return true;
    } catch (e) {
      this.#reportFailure(fr.suivi.nouvelAvenant, e);
      return false;
    }
  }

  async avenantAbandon(id: string): Promise<boolean> {
    try {
      await this.#mutate(() => api.avenantAbandon(id), (v) => ({ type: 'view', data: v }));
      return true;
    } catch (e) {
      this.#reportFailure(fr.suivi.abandon, e);
      return false;
    }
  }

  /** Exporte un document du suivi (boîte native) ; le résultat, null si annulé ou refusé. */
  async exportSuivi(document: SuiviDocument): Promise<DocumentExport | null> {
    try {
      const r = await api.suiviExport(document);
      if (r) {
        const notes = [...r.gaps, ...r.avertissements];
        this.alert = {
          kind: notes.length > 0 ? 'error' : 'info',
          text: `${fr.suivi.exportOk(r.titre, r.pages)} : ${r.path}${notes.length > 0 ? ` — ${notes.join(' ; ')}` : ''}`,
        };
      }
      return r;
    } catch (e) {
      this.#reportFailure(fr.suivi.exportError, e);
      return null;
    }
  }

  /** « Préparer le renouvellement » : le chemin du nouveau dossier, null si annulé. */
  async renouveler(): Promise<string | null> {
    try {
      const p = await api.renouveler();
      if (p) this.alert = { kind: 'info', text: fr.suivi.renouvelleOk(p) };
      return p;
    } catch (e) {
      this.#reportFailure(fr.suivi.renouveler, e);
      return null;
    }
  }

  // ——— Navigation ———

  /** Affiche l'écran qui porte ce champ puis lui donne le focus (clic sur un point du rapport). */
  async goTo(path: string): Promise<boolean> {
    // Le champ est déjà à l'écran (date du CA reprise dans le Lancement…) : y aller.
    if (this.nav !== 'tableau-de-bord' && focusField(path, true)) return true;
    const screen = screenOf(path);
    if (screen === 'lancement') {
      this.nav = 'lancement';
    } else if (screen === 'objectifs') {
      this.nav = 'objectifs';
      const target = objectifsTarget(path, this.view?.dossier ?? null);
      this.objectifsPane = target.pane;
      if (target.pane === 'fiche') this.objectifSelected = target.objectif;
    } else if (screen === 'signature') {
      this.nav = 'signature';
    } else if (screen === 'suivi') {
      this.nav = 'suivi';
      this.suiviTab = suiviTabOf(path);
    } else if (screen === 'diagnostic') {
      this.nav = 'diagnostic';
      const target = sectionFor(path, this.catalogues, this.view);
      if (target) {
        this.diagSection = target.section;
        if (target.esms) this.diagEsms = target.esms;
      }
    } else {
      const parsed = parsePath(path);
      if (!parsed) return false;
      this.nav = 'perimetre';
      this.tab = parsed.tab;
      if (parsed.target?.kind === 'esms' && parsed.target.id) this.selectedEsms = parsed.target.id;
    }
    await tick();
    await tick();
    return focusField(path);
  }
}

/** L'onglet du suivi qui porte un champ (« suivi_contrat.dialogues.<id>.date » → dialogues). */
export function suiviTabOf(path: string): SuiviTab {
  const part = path.split('.')[1] ?? '';
  if (['dialogues', 'saisines', 'evaluations'].includes(part)) return 'dialogues';
  if (part === 'avenants') return 'avenants';
  if (part === 'bilans' || part === 'general') return 'bilans';
  return 'revue';
}

export const store = new AppStore();
