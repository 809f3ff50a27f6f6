// Petites aides DOM : retrouver un élément par attribut, donner le focus à un champ.

import { focusCandidates } from './paths';

/** Sélecteur `[name="value"]` sûr (guillemets et barres obliques échappés). */
export function byAttr(name: string, value: string): string {
  return `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`;
}

/** Le bouton de sélection d'une ligne du tableau des ESMS. */
export function esmsRowButton(id: string): HTMLButtonElement | null {
  return document.querySelector<HTMLButtonElement>(`#esms-table tr${byAttr('data-id', id)} .row-select`);
}

/**
 * Donne le focus à l'élément qui porte ce chemin (`data-path`), ou au plus proche conteneur
 * connu (« esms.<id>.capacites » puis « esms.<id> » puis « esms »). Vrai si trouvé.
 */
export function focusField(path: string, exactOnly = false): boolean {
  if (typeof document === 'undefined') return false;
  const candidates = exactOnly ? [path] : focusCandidates(path);
  for (const candidate of candidates) {
    const el = document.querySelector<HTMLElement>(byAttr('data-path', candidate));
    if (!el) continue;
    // Un champ d'une section repliée : la section s'ouvre.
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) {
      (d as HTMLDetailsElement).open = true;
    }
    if (!el.matches('input, select, textarea, button, [tabindex]')) el.tabIndex = -1;
    el.scrollIntoView?.({ block: 'center' });
    // Seul le contenu défile : la page elle-même reste en place (barre du haut visible).
    const page = document.scrollingElement;
    if (page && page.scrollTop !== 0) page.scrollTop = 0;
    el.focus({ preventScroll: true });
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
    return true;
  }
  return false;
}

/**
 * Attache Svelte (`{@attach showModal}`) : ouvre un `<dialog>` en modal dès qu'il est monté
 * (ou l'ouvre simplement si `showModal` manque, comme dans jsdom) et le ferme au démontage.
 */
export function showModal(dialog: HTMLDialogElement): () => void {
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  return () => {
    if (dialog.open) dialog.close();
  };
}
