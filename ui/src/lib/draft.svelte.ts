// La valeur affichée par un contrôle de saisie. Elle suit le dossier, sauf :
// - pendant que l'utilisateur tape (le contrôle a le focus) ;
// - pendant qu'une valeur de ce champ attend la réponse du back end ;
// - quand la dernière saisie a été refusée : ce que l'utilisateur a tapé reste affiché.

import { untrack } from 'svelte';

import { fullPath, type Target } from './paths';
import { store, type SaveResult } from './store.svelte';

export interface DraftOptions<D> {
  target: () => Target;
  field: () => string;
  /** La valeur du dossier, sous la forme que le contrôle affiche. */
  server: () => D;
  /** Valeur envoyée au back end (par défaut : la valeur du contrôle). */
  toWire?: (value: D) => unknown;
  /** Valeur du contrôle à partir d'une valeur envoyée puis refusée. */
  fromWire?: (value: unknown) => D;
  equals?: (a: D, b: D) => boolean;
}

export class FieldDraft<D> {
  value = $state() as D;
  /** Le contrôle a le focus (champs de texte seulement). */
  focused = false;
  readonly #o: DraftOptions<D>;
  /** Valeur en cours d'envoi (pour ne pas l'envoyer deux fois : `change` puis `blur`). */
  #sending: { value: D } | null = null;

  constructor(options: DraftOptions<D>) {
    this.#o = options;
    const rejected = store.rejectionFor(this.path);
    this.value = rejected ? this.#fromWire(rejected.value) : options.server();
    $effect.pre(() => {
      const server = options.server();
      untrack(() => {
        if (this.#follows()) this.value = server;
      });
    });
  }

  get path(): string {
    return fullPath(this.#o.target(), this.#o.field());
  }

  #fromWire(v: unknown): D {
    return this.#o.fromWire ? this.#o.fromWire(v) : (v as D);
  }

  #equals(a: D, b: D): boolean {
    return this.#o.equals ? this.#o.equals(a, b) : a === b;
  }

  #follows(): boolean {
    return (
      !this.focused &&
      !store.isPending(this.#o.target(), this.#o.field()) &&
      store.rejectionFor(this.path) === undefined
    );
  }

  /** Vrai si la valeur affichée diffère de celle du dossier (ou a été refusée). */
  get dirty(): boolean {
    return (
      store.rejectionFor(this.path) !== undefined || !this.#equals(this.value, this.#o.server())
    );
  }

  /** Enregistre la valeur affichée si elle a changé ; null si rien n'était à enregistrer. */
  async commit(): Promise<SaveResult | null> {
    if (!this.dirty) return null;
    const sent = this.value;
    if (this.#sending && this.#equals(this.#sending.value, sent)) return null;
    const wire = this.#o.toWire ? this.#o.toWire(sent) : sent;
    const sending = { value: sent };
    this.#sending = sending;
    const result = await store.updateField(this.#o.target(), this.#o.field(), wire);
    if (this.#sending === sending) this.#sending = null;
    // Afficher la valeur telle que le dossier l'a retenue (espaces retirés, 12.50 → 12,5…).
    if (result === 'saved' && this.#equals(this.value, sent) && this.#follows()) {
      this.value = this.#o.server();
    }
    return result;
  }

  /** Remplace la valeur affichée puis l'enregistre (correction proposée, bouton…). */
  set(value: D): Promise<SaveResult | null> {
    this.value = value;
    return this.commit();
  }
}
