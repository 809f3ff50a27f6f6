// Textes français de l'interface qui ne viennent pas des listes de référence du back end.
// Les libellés métier issus des données (statuts, bases juridiques, catégories…) arrivent
// par `catalogues` (listes de référence) et ne sont pas recopiés ici.

import { clauses } from '../parts/clauses/i18n';
import { contributions } from '../parts/contributions/i18n';
import { diagnostic } from '../parts/diagnostic/i18n';
import { lancement } from '../parts/lancement/i18n';
import { adhesions, cpom, esms, esmsForm, organisme, perimetre } from '../parts/perimetre/i18n';
import { objectifs } from '../parts/objectifs/i18n';
import { readiness, signature } from '../parts/signature/i18n';
import { suivi } from '../parts/suivi/i18n';

export const fr = {
  perimetre,
  organisme,
  adhesions,
  cpom,
  esms,
  esmsForm,
  lancement,
  diagnostic,
  contributions,
  clauses,
  objectifs,
  signature,
  readiness,
  suivi,
  app: {
    name: 'Atelier CPOM',
    tagline:
      'Préparez le contrat pluriannuel d’objectifs et de moyens de votre association, étape par étape, avec les contrôles de l’instruction DGCS.',
    version: (v: string) => `Version ${v}`,
  },
  home: {
    newDossier: 'Nouveau dossier',
    newDossierHint: 'Créer un fichier .cpom vierge',
    openDossier: 'Ouvrir un dossier…',
    openDossierHint: 'Reprendre un fichier .cpom existant',
    openExample: 'Exemple « personnes handicapées »',
    openExampleHint: 'Sept ESMS en Loire-Atlantique, CPOM tripartite L. 313-12-2',
    openExamplePa: 'Exemple « personnes âgées »',
    openExamplePaHint: 'Trois EHPAD, une PUV, un SSIAD et une résidence autonomie dans l’Hérault, CPOM « EHPAD »',
    openExamplePaca: 'Exemple « Provence-Alpes-Côte d’Azur »',
    openExamplePacaHint: 'Sept ESMS pour personnes handicapées dans les Bouches-du-Rhône, modèle de CPOM de l’ARS PACA',
    openExampleSuivi: 'Exemple en cours de suivi',
    openExampleSuiviHint: 'L’exemple « personnes handicapées », signé et dans sa 3e année',
    recents: 'Dossiers récents',
    noRecents: 'Aucun dossier ouvert récemment.',
    openedOn: (d: string) => `ouvert le ${d}`,
    missing: 'introuvable',
    missingTitle: 'Ce fichier a été déplacé ou supprimé depuis sa dernière ouverture.',
    recentsError: 'Impossible de lire la liste des dossiers récents',
    openError: 'Le dossier n’a pas pu être ouvert',
    working: 'Ouverture du dossier…',
  },
  shell: {
    periode: (p: string) => `CPOM ${p}`,
    periodeUnknown: 'Période à définir',
    saveCopy: 'Enregistrer une copie…',
    verify: 'Vérifier le dossier',
    verified: 'Dossier vérifié : le fichier est intact.',
    verifyError: 'Le dossier n’a pas pu être vérifié',
    close: 'Fermer',
    copySaved: (p: string) => `Copie enregistrée : ${p}`,
    navLabel: 'Sections du dossier',
    navPerimetre: 'Organisme & périmètre',
    navMethod: 'Démarche en quatre étapes',
    closeError: 'Le dossier n’a pas pu être fermé',
    copyError: 'La copie n’a pas pu être enregistrée',
    refsError: 'Les listes de référence n’ont pas pu être chargées',
    dismiss: 'Masquer ce message',
    technique: 'Détails techniques',
    exportPdf: 'Exporter le contrat (PDF)',
    exportXlsx: 'Exporter le classeur régional',
    importXlsx: 'Importer un classeur',
  },
  exportXlsx: {
    title: 'Exporter le classeur régional',
    intro:
      'Le classeur reprend les données du dossier ; les zones bleues sont à compléter, le reste est protégé. Il se relit ensuite avec « Importer un classeur ».',
    templateLabel: 'Modèle de classeur',
    version: (v: number) => `version ${v}`,
    export: 'Exporter…',
    exporting: 'Écriture du classeur…',
    progress: (fait: number, total: number) => `Écriture des feuilles : ${fait} sur ${total}`,
    done: (sheets: number, inputs: number) =>
      `Classeur enregistré : ${sheets} feuilles, ${inputs} zones de saisie.`,
    cancel: 'Annuler',
    close: 'Fermer',
    error: 'Le classeur n’a pas pu être exporté',
  },
  importXlsx: {
    title: 'Importer un classeur',
    intro:
      'Choisissez ce que vous importez. Les différences sont montrées champ par champ avant que rien ne soit enregistré.',
    sourceLabel: 'Fichier à importer',
    classeur: 'Le classeur régional complété (xlsx, xls ou ods), y compris le fichier pré-rempli par l’ARS',
    tdb: 'L’export du tableau de bord de la performance ESMS (ANAP/ATIH)',
    yearLabel: 'Année de l’export',
    choose: 'Choisir le fichier…',
    reading: 'Lecture du fichier…',
    none: 'Aucune différence avec le dossier : rien à importer.',
    changes: (n: number) => `${n} modification${n > 1 ? 's' : ''} à appliquer :`,
    columns: { what: 'Champ', old: 'Avant', new: 'Après', where: 'Emplacement' },
    notTaken: 'Lignes non reprises',
    warnings: 'Avertissements',
    newer: (n: number) =>
      `Cet export est d’une campagne plus ancienne que ${n} valeur${n > 1 ? 's' : ''} déjà saisie${n > 1 ? 's' : ''}, qu’il remplacerait :`,
    replaceNewer: 'Remplacer aussi ces valeurs plus récentes par celles de cet export',
    apply: (n: number) => `Appliquer les ${n} modification${n > 1 ? 's' : ''}`,
    applying: 'Enregistrement…',
    applied: (n: number) => `${n} modification${n > 1 ? 's' : ''} enregistrée${n > 1 ? 's' : ''}.`,
    cancel: 'Annuler',
    close: 'Fermer',
    error: 'L’import est refusé',
  },
  exportPdf: {
    title: 'Exporter le contrat (PDF)',
    intro:
      'Choisissez le modèle de contrat ; celui du référentiel régional du dossier est proposé. Le fichier est enregistré où vous le souhaitez.',
    modelsLabel: 'Modèle de contrat',
    version: (v: string) => `version ${v}`,
    loading: 'Chargement des modèles…',
    generate: 'Générer le PDF…',
    generating: 'Génération…',
    cancel: 'Annuler',
    close: 'Fermer',
    done: (pages: number) => `Contrat enregistré (${pages} page${pages > 1 ? 's' : ''}).`,
    draft: (n: number) =>
      `Le document porte la mention « PROJET » : ${n} point${n > 1 ? 's' : ''} à compléter avant signature.`,
    ready: 'Aucun point bloquant : le contrat est prêt à être signé.',
    open: 'Ouvrir le fichier',
    error: 'Le contrat n’a pas pu être exporté',
    customize: 'Personnaliser les clauses…',
  },
  status: {
    idle: 'Enregistrement automatique',
    saving: 'Enregistrement…',
    saved: (time: string) => `Enregistré à ${time}`,
    error: (msg: string) => `Non enregistré : ${msg}`,
    openPanel: 'Afficher le rapport de validation',
    closePanel: 'Masquer le rapport de validation',
  },
  validation: {
    title: 'Rapport de validation',
    close: 'Masquer',
    empty: 'Aucun point à signaler : le dossier est cohérent à ce stade.',
    groups: {
      a_completer: 'À compléter',
      erreur: 'Erreurs',
      avertissement: 'Avertissements',
      information: 'Informations',
    },
    severity: {
      a_completer: 'À compléter',
      erreur: 'Erreur',
      avertissement: 'Avertissement',
      information: 'Information',
    },
    source: 'Source',
    goTo: 'Aller au champ',
  },
  fields: {
    choose: '— Choisir —',
    fix: (s: string) => `Corriger en ${s}`,
    dateIs: (d: string) => `soit le ${d}`,
    dateFormat: 'Date au format jour/mois/année, par exemple 21/03/2026',
  },
  steps: {
    soon: 'Cette étape arrive dans une prochaine version.',
    contents: 'Ce que contiendra cette étape',
    cataloguesError: 'Les catalogues du diagnostic n’ont pas pu être chargés',
    addError: 'L’élément n’a pas pu être ajouté',
    deleteError: 'L’élément n’a pas pu être supprimé',
    moveError: 'L’élément n’a pas pu être déplacé',
    loading: 'Chargement des catalogues…',
    deleteConfirmTitle: 'Supprimer cet élément ?',
    deleteConfirmBody: 'L’élément sera retiré du dossier.',
  },
  dashboard: {
    nav: 'Tableau de bord',
    title: 'Tableau de bord',
    intro:
      'Les quatre étapes de la démarche CPOM : avancement, points bloquants et avertissements. Une étape se valide quand elle n’a plus d’erreur bloquante.',
    completion: (n: number) => `${n} % complété`,
    errors: (n: number) => (n >= 2 ? `${n} erreurs bloquantes` : `${n} erreur bloquante`),
    todo: (n: number) => `${n} à compléter`,
    warnings: (n: number) => (n >= 2 ? `${n} avertissements à traiter` : `${n} avertissement à traiter`),
    acknowledged: (n: number) => (n >= 2 ? `${n} pris en compte` : `${n} pris en compte`),
    open: 'Ouvrir l’étape',
    detail: (done: number, total: number) => `Avancement détaillé : ${done} / ${total} points complets`,
    validatedBy: (who: string, when: string) => `Validée par ${who} le ${when}`,
    reopened: (when: string, why: string) => `Rouverte le ${when}${why ? ` : ${why}` : ''}`,
  },
  step: {
    validate: 'Valider l’étape',
    reopen: 'Rouvrir',
    blockedBy: (n: number) =>
      n >= 2
        ? `Validation impossible : ${n} points bloquants à compléter ou corriger.`
        : 'Validation impossible : 1 point bloquant à compléter ou corriger.',
    previousFirst: 'Validez d’abord l’étape précédente.',
    toComplete: (n: number) =>
      n >= 2 ? `Pour valider l’étape : ${n} points à compléter.` : 'Pour valider l’étape : 1 point à compléter.',
    emptyStep: 'L’étape n’est pas commencée.',
    toCompleteTag: 'À compléter :',
    notStartedPoint: 'l’étape n’est pas encore commencée ; ses rubriques sont ci-dessous.',
    validated: 'Étape validée.',
    validateComment: 'Commentaire de validation (facultatif)',
    validateCommentShort: 'Commentaire (facultatif)',
    report: 'Points de l’étape',
    noIssue: 'Aucun point à signaler pour cette étape.',
    goTo: 'Aller au champ',
    source: 'Source',
    acknowledge: 'Prendre acte',
    acknowledgeComment: 'Commentaire (obligatoire)',
    acknowledgeConfirm: 'Enregistrer la prise d’acte',
    cancel: 'Annuler',
    unacknowledge: 'Annuler la prise d’acte',
    acknowledgedBy: (who: string, when: string) => `Pris en compte par ${who} le ${when}`,
    commentRequired: 'Un commentaire est nécessaire pour prendre acte.',
    progress: 'Avancement',
  },
  history: {
    undo: 'Annuler',
    redo: 'Rétablir',
    undoTitle: (what: string) => `Annuler : ${what} (Ctrl+Z)`,
    redoTitle: (what: string) => `Rétablir : ${what} (Ctrl+Maj+Z)`,
    nothingToUndo: 'Aucune saisie à annuler',
    nothingToRedo: 'Aucune saisie à rétablir',
    undoError: 'La saisie n’a pas pu être annulée',
    redoError: 'La saisie n’a pas pu être rétablie',
  },
  search: {
    open: 'Rechercher',
    title: 'Rechercher dans le dossier',
    placeholder: 'ESMS, FINESS, fiche, action, indicateur, question, champ…',
    hint: 'Entrée pour aller au résultat, flèches pour choisir, Échap pour fermer.',
    none: (q: string) => `Aucun résultat pour « ${q} ».`,
    field: 'Champ',
    error: 'La recherche n’a pas abouti',
  },
  confirm: {
    cancel: 'Annuler',
    confirm: 'Supprimer',
  },
  errors: {
    unexpected: 'Erreur inattendue',
    ipc: (m: string) => `Erreur de communication avec l’application : ${m}`,
    outsideApp:
      'L’interface n’est pas lancée dans l’application Atelier CPOM : cette action n’est pas disponible ici.',
    addEsms: 'L’ESMS n’a pas pu être ajouté',
    deleteEsms: 'L’ESMS n’a pas pu être supprimé',
    moveEsms: 'L’ESMS n’a pas pu être déplacé',
    addAdhesion: 'L’adhésion n’a pas pu être ajoutée',
    deleteAdhesion: 'L’adhésion n’a pas pu être supprimée',
  },
} as const;

/** « 1 erreur », « 2 erreurs », « 0 erreur » (le zéro reste au singulier en français). */
export function plural(n: number, singular: string, pluralForm: string): string {
  return `${n} ${n >= 2 ? pluralForm : singular}`;
}

/** « 3 à compléter · 2 erreurs · 3 avertissements · 1 information » (bilan du dossier). */
export function reportCounts(errors: number, warnings: number, infos: number, todo = 0): string {
  return [
    ...(todo > 0 ? [`${todo} à compléter`] : []),
    plural(errors, 'erreur', 'erreurs'),
    plural(warnings, 'avertissement', 'avertissements'),
    plural(infos, 'information', 'informations'),
  ].join(' · ');
}
