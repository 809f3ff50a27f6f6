// « ? » à côté d'une section : ce qu'elle sert à faire, en français simple, et d'où cela vient
// (le document tel que ses lecteurs le nomment). Les références de lignes des extractions
// restent dans le code des règles (crates/cpom-domain/src/<partie>/rules.rs).

export interface HelpTopic {
  title: string;
  text: string;
  source: string;
}

const DGCS = 'Instruction DGCS/SD5C/2017/96 du 21 mars 2017';
const ARRETE = 'Arrêté du 3 mars 2017 fixant le contenu du cahier des charges du CPOM';
const PDL = 'Guide méthodologique CPOM PH de l’ARS Pays de la Loire';
const ANAP = 'Guide ANAP 2017 « Négocier et mettre en œuvre les CPOM dans le secteur médico-social »';

export const HELP: Record<string, HelpTopic> = {
  'og-identite': {
    title: 'L’organisme gestionnaire',
    text: 'L’association, la fondation ou l’établissement public qui gère les ESMS et signe le contrat. Son numéro FINESS juridique et son statut figurent en tête du contrat.',
    source: `${ARRETE}, article 1`,
  },
  'og-gouvernance': {
    title: 'Représentant légal et délibération',
    text: 'La personne qui signe pour l’organisme, et la délibération du conseil d’administration qui approuve le contrat : sans elle, le contrat ne peut pas être signé.',
    source: DGCS,
  },
  'og-referent': {
    title: 'Le référent CPOM',
    text: 'La personne que l’ARS et le département contactent pendant la négociation et le suivi. Le guide conseille d’en désigner une.',
    source: ANAP,
  },
  'cpom-cadre': {
    title: 'Le cadre du contrat',
    text: 'La base juridique dépend des ESMS du périmètre (EHPAD et PUV, ESMS pour personnes handicapées…) ; elle fixe la durée possible du contrat, en règle générale cinq ans.',
    source: `${DGCS}, annexe 2`,
  },
  'cpom-territoire': {
    title: 'Région et départements',
    text: 'L’ARS de la région signe le contrat ; chaque département qui finance un ESMS du périmètre le signe aussi.',
    source: DGCS,
  },
  'esms-capacites': {
    title: 'Capacités',
    text: 'Les places autorisées et installées de chaque modalité d’accueil. Une capacité installée supérieure à l’autorisée est signalée.',
    source: `${ARRETE}, article 1`,
  },
  'eng-title': {
    title: 'L’engagement de l’organisme',
    text: 'La décision de l’organisme d’entrer dans la démarche (accord de principe ou délibération) et le mandat du directeur général pour négocier.',
    source: `${ANAP} ; ${PDL}`,
  },
  'planning-title': {
    title: 'Le rétroplanning',
    text: 'Les dates prévues puis réelles des grandes étapes, de la programmation à la signature. Les durées de référence des phases viennent du guide de l’ANAP ; un dépassement est un avertissement, pas une erreur.',
    source: `${ANAP} ; ${DGCS}`,
  },
  'acteurs-title': {
    title: 'Les acteurs et leurs rôles (RACI)',
    text: 'Qui réalise (R), qui décide (A), qui est consulté (C) et qui est informé (I) à chaque étape. Un seul « A » par étape est une convention de la méthode RACI, pas une obligation.',
    source: ANAP,
  },
  'checklist-title': {
    title: 'La réunion de lancement',
    text: 'Les points que la réunion de lancement doit aborder avec l’ARS et le département.',
    source: `${ANAP} ; ${PDL}`,
  },
  'ind-title': {
    title: 'Les indicateurs du diagnostic',
    text: 'Les indicateurs pré-remplis par l’ARS (ou saisis par l’organisme pour les ESMS du seul département) décrivent l’activité et l’organisation de chaque ESMS.',
    source: PDL,
  },
  'fin-title': {
    title: 'Le diagnostic budgétaire et financier',
    text: 'Les résultats, les réserves et les indicateurs financiers des trois derniers exercices : ils éclairent les moyens et l’affectation des résultats du contrat.',
    source: PDL,
  },
  'syn-title': {
    title: 'La synthèse du diagnostic',
    text: 'Les constats, points forts, points d’amélioration et enjeux tirés du diagnostic. Elle est annexée au contrat et fonde les objectifs : il en faut au moins un élément.',
    source: `${DGCS} ; ${PDL}`,
  },
  'creton-title': {
    title: 'L’amendement Creton',
    text: 'Les jeunes adultes maintenus dans un établissement pour enfants faute de place adaptée, et les solutions recherchées.',
    source: PDL,
  },
  'cov-title': {
    title: 'Les objectifs minimum',
    text: 'Les objectifs que le guide régional demande de couvrir par au moins une fiche. Hors de cette région, ce n’est qu’une information.',
    source: PDL,
  },
  'actions-title': {
    title: 'Les actions d’une fiche',
    text: 'Chaque objectif se décline en actions datées, avec un référent et, le cas échéant, des partenaires. Une action qui dépend d’un partenaire est signalée pour en parler avec lui.',
    source: `${PDL} ; ${ANAP}`,
  },
  'ind-obj-title': {
    title: 'Les indicateurs d’une fiche',
    text: 'Chaque objectif a au moins un indicateur avec son mode de calcul, sa valeur l’année de la signature et sa cible en fin de contrat.',
    source: DGCS,
  },
  'moyens-title': {
    title: 'Les moyens du contrat',
    text: 'La dotation globalisée commune des ESMS financés par l’assurance maladie, sa répartition par ESMS et par groupe de dépenses, et son mode d’évolution.',
    source: `${DGCS} ; ${ARRETE}`,
  },
  'budgets-title': {
    title: 'Les budgets de référence',
    text: 'Pour chaque ESMS, le budget de l’année de référence (dépenses et recettes à l’équilibre) et l’activité retenue.',
    source: PDL,
  },
  'aff-title': {
    title: 'L’affectation des résultats',
    text: 'Ce que l’organisme fait de l’excédent ou du déficit de chaque exercice : apurer les déficits d’abord, puis réserves et investissement selon les accords des autorités.',
    source: PDL,
  },
  'signataires-title': {
    title: 'Les signataires',
    text: 'Les parties signent dans l’ordre indiqué ; quand toutes les signatures sont datées, le dossier est signé et n’est plus modifiable (un avenant se prépare sur une copie).',
    source: ARRETE,
  },
  'annexes-title': {
    title: 'Les annexes du contrat',
    text: 'Les documents annexés au contrat, par nature : certains sont obligatoires, d’autres joints le cas échéant.',
    source: DGCS,
  },
};
