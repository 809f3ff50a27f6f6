// Les quatre étapes de la démarche CPOM, dans l'ordre. Pour construire une étape, remplacer
// le contenu de son composant ; pour en ajouter une, ajouter une entrée ici (et sa clé dans
// `StepKey`, lib/store.svelte.ts) : la navigation et l'affichage suivent.

import type { Component } from 'svelte';

import type { StepKey } from '../lib/store.svelte';
import Diagnostic from './diagnostic/DiagnosticScreen.svelte';
import Lancement from './lancement/LancementScreen.svelte';
import Objectifs from './objectifs/ObjectifsScreen.svelte';
import Signature from './signature/SignatureScreen.svelte';

export interface StepDef {
  key: StepKey;
  number: number;
  title: string;
  component: Component;
}

export const STEPS: readonly StepDef[] = [
  { key: 'lancement', number: 1, title: 'Lancement', component: Lancement },
  { key: 'diagnostic', number: 2, title: 'Diagnostic partagé', component: Diagnostic },
  { key: 'objectifs', number: 3, title: 'Objectifs', component: Objectifs },
  { key: 'signature', number: 4, title: 'Signature', component: Signature },
];
