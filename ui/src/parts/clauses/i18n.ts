// Textes français de l'écran des clauses libres du contrat.

export const clauses = {
  title: 'Clauses du contrat',
  intro:
    'Les clauses libres du modèle peuvent être réécrites pour ce dossier. Paragraphes séparés par une ligne vide ; un texte vide rétablit celui du modèle.',
  modelLabel: 'Modèle de contrat',
  loading: 'Chargement des clauses…',
  none: 'Ce modèle n’a pas de clause modifiable.',
  defaultLabel: 'Texte du modèle',
  textLabel: 'Texte du dossier',
  reset: 'Rétablir le texte du modèle',
  modified: (who: string, when: string) => `Modifié par ${who} le ${when}`,
  unmodified: 'Texte du modèle (non modifié)',
  saving: 'Enregistrement…',
  close: 'Fermer',
  error: 'La clause n’a pas été enregistrée',
  loadError: 'Les clauses n’ont pas pu être chargées',
};
