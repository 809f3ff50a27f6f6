//! **Les documents sources et leur citation lisible** — le seul endroit qui sait comment un
//! utilisateur nomme un document.
//!
//! Dans le code et les données, une source est écrite pour les mainteneurs : la clé du
//! document et ses lignes (`"dgcs L1528-L1532"`, `"pdl L374-L393 ; dgcs L1449-L1456"`,
//! `"arrete art. 1"`, `"casf R. 314-48"`). Les lignes renvoient aux textes de
//! `shared/seeds/` : `dgcs` = seed 000 (instruction DGCS), `paca` = seed 001 (modèle PACA),
//! `pdl` = seed 002 (guide Pays de la Loire), `anap` = seed 004 (guide ANAP). Le seed 003
//! (page de synthèse aux erreurs connues) n'est jamais cité.
//!
//! [`cite`] en tire ce que l'utilisateur lit, à l'écran, dans `cpom check` et dans les
//! documents : le titre du document tel que ses lecteurs le connaissent, puis la partie, le
//! paragraphe ou l'article qui contient ces lignes (« Instruction n° DGCS/SD5C/2017/96 du
//! 21 mars 2017, annexe 1, § 2.1 f) « La désignation de la personne perceptrice » »). Jamais
//! de numéro de fichier, de ligne d'extraction ni de code de règle.
//!
//! Grammaire : des segments séparés par « ; ». Un segment commence par une clé connue
//! ([`Doc::key`]) suivie de son localisateur (lignes `L12-L34, L56` pour les textes de
//! `shared/seeds/`, texte libre pour `arrete` et `casf`), éventuellement d'une précision
//! (« : … » ou « (…) ») reprise telle quelle ; `inference : …` signale une inférence ; tout
//! autre segment est un texte libre, repris tel quel.

/// Un document cité.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Dgcs,
    Arrete,
    Anap,
    Pdl,
    Paca,
    Casf,
    Finess,
    Siren,
    TreR66,
    Insee,
    Serafin,
    Tdb,
    Coherence,
}

/// La nature d'un document : ce qu'il impose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nature {
    /// Loi, règlement, arrêté, instruction ministérielle : bloque (erreur).
    Texte,
    /// Méthode ou modèle d'une ARS : s'applique dans sa région.
    Regional,
    /// Guide de bonnes pratiques : conseille (avertissement).
    Conseil,
    /// Référentiel d'identifiants ou nomenclature.
    Referentiel,
}

/// Un intitulé de partie : première ligne, libellé (« annexe 1, § 2.1 f) ») et titre.
type Heading = (u32, &'static str, &'static str);

impl Doc {
    pub const ALL: [Self; 13] = [
        Self::Dgcs,
        Self::Arrete,
        Self::Anap,
        Self::Pdl,
        Self::Paca,
        Self::Casf,
        Self::Finess,
        Self::Siren,
        Self::TreR66,
        Self::Insee,
        Self::Serafin,
        Self::Tdb,
        Self::Coherence,
    ];

    /// La clé employée dans le code et les données.
    pub fn key(self) -> &'static str {
        match self {
            Self::Dgcs => "dgcs",
            Self::Arrete => "arrete",
            Self::Anap => "anap",
            Self::Pdl => "pdl",
            Self::Paca => "paca",
            Self::Casf => "casf",
            Self::Finess => "finess",
            Self::Siren => "siren",
            Self::TreR66 => "tre-r66",
            Self::Insee => "insee",
            Self::Serafin => "serafin",
            Self::Tdb => "tdb",
            Self::Coherence => "coherence",
        }
    }

    /// Le titre du document, tel que ses lecteurs le connaissent.
    pub fn title(self) -> &'static str {
        match self {
            Self::Dgcs => "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017",
            Self::Arrete => {
                "Arrêté du 3 mars 2017 fixant le contenu du cahier des charges du CPOM (IV ter de l'article L. 313-12 du CASF)"
            }
            Self::Anap => {
                "Guide ANAP « Négocier et mettre en œuvre les CPOM dans le secteur médico-social » (janvier 2017)"
            }
            Self::Pdl => "Guide méthodologique CPOM PH de l'ARS Pays de la Loire",
            Self::Paca => "Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021)",
            Self::Casf => "Code de l'action sociale et des familles",
            Self::Finess => "Répertoire FINESS : format du numéro et clé de contrôle",
            Self::Siren => "Répertoire SIRENE (INSEE) : numéro SIREN et clé de contrôle",
            Self::TreR66 => "Nomenclature FINESS des catégories d'établissements (TRE_R66)",
            Self::Insee => "Code officiel géographique (INSEE)",
            Self::Serafin => "Nomenclatures SERAFIN-PH",
            Self::Tdb => "Tableau de bord de la performance dans le secteur médico-social (ATIH)",
            Self::Coherence => "Cohérence du dossier",
        }
    }

    pub fn nature(self) -> Nature {
        match self {
            Self::Dgcs | Self::Arrete | Self::Casf => Nature::Texte,
            Self::Pdl | Self::Paca => Nature::Regional,
            Self::Anap => Nature::Conseil,
            _ => Nature::Referentiel,
        }
    }

    /// Nombre de lignes du texte de `shared/seeds/` (cité par lignes), sinon `None`.
    fn lines(self) -> Option<u32> {
        match self {
            Self::Dgcs => Some(3161),
            Self::Paca => Some(1370),
            Self::Pdl => Some(909),
            Self::Anap => Some(2416),
            _ => None,
        }
    }

    fn headings(self) -> &'static [Heading] {
        match self {
            Self::Dgcs => DGCS,
            Self::Pdl => PDL,
            Self::Paca => PACA,
            Self::Anap => ANAP,
            _ => &[],
        }
    }

    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == k)
    }
}

// Les parties de chaque texte, par première ligne (relevées dans `shared/seeds/`).

/// Seed 000 : instruction DGCS/SD5C/2017/96 (corps en six parties, sept annexes).
const DGCS: &[Heading] = &[
    (1, "en-tête", "Destinataires, objet et textes de référence"),
    (141, "introduction", ""),
    (
        171,
        "§ 1",
        "La réforme de la contractualisation relevant de l'article L. 313-12 (IV ter) du CASF",
    ),
    (
        207,
        "§ 2",
        "La réforme de la contractualisation prévue à l'article L. 313-12-2 du CASF",
    ),
    (
        264,
        "§ 3",
        "La réforme de la tarification des EHPAD et la réforme budgétaire et comptable",
    ),
    (348, "§ 4", "La programmation de la contractualisation"),
    (365, "§ 5", "Les enjeux des réformes"),
    (
        413,
        "§ 6",
        "L'accompagnement et le suivi de la mise en œuvre du dispositif CPOM",
    ),
    (468, "annexe 1", "Mise en œuvre de l'arrêté du 3 mars 2017"),
    (
        486,
        "annexe 1, première partie",
        "Les principes de l'arrêté du 3 mars 2017",
    ),
    (
        550,
        "annexe 1, § 1.1",
        "L'arrêté du 3 mars 2017, son modèle de contrat et les annexes",
    ),
    (
        553,
        "annexe 1, § 1.1 a)",
        "L'élaboration du modèle de contrat-type",
    ),
    (
        589,
        "annexe 1, § 1.1 b)",
        "Les annexes du modèle de contrat-type",
    ),
    (
        596,
        "annexe 1, § 1.1 b) 1)",
        "Annexes obligatoires et communes à l'ensemble des CPOM",
    ),
    (
        667,
        "annexe 1, § 1.1 b) 2)",
        "Annexe obligatoire pour les seuls établissements concernés",
    ),
    (
        681,
        "annexe 1, § 1.1 b) 3)",
        "Documents annexés le cas échéant",
    ),
    (
        757,
        "annexe 1, § 1.2",
        "Les enjeux de la nouvelle contractualisation",
    ),
    (
        760,
        "annexe 1, § 1.2 a)",
        "Un CPOM EHPAD intersectoriel et l'articulation des différents CPOM",
    ),
    (
        870,
        "annexe 1, § 1.2 b)",
        "Un outil de restructuration de l'offre au service de la qualité",
    ),
    (
        942,
        "annexe 1, § 1.2 c)",
        "Un outil de simplification : le CPOM vaut habilitation à l'aide sociale",
    ),
    (960, "annexe 1, § 1.2 d)", "L'amélioration de l'efficience"),
    (
        988,
        "annexe 1, § 1.3",
        "Calendrier et programmation des CPOM",
    ),
    (
        996,
        "annexe 1, § 1.3 a)",
        "Vie des conventions tripartites en attendant la conclusion du CPOM",
    ),
    (
        1010,
        "annexe 1, § 1.3 b)",
        "Calendrier et programmation des CPOM",
    ),
    (
        1088,
        "annexe 1, seconde partie",
        "La mise en œuvre de la réforme de la contractualisation",
    ),
    (1143, "annexe 1, § 2.1", "L'élaboration du CPOM"),
    (
        1151,
        "annexe 1, § 2.1 a)",
        "Le bilan partagé : un préalable à réaliser avec soin",
    ),
    (1169, "annexe 1, § 2.1 b)", "Les moyens engagés"),
    (
        1307,
        "annexe 1, § 2.1 c)",
        "Le périmètre du CPOM et de l'EPRD",
    ),
    (
        1354,
        "annexe 1, § 2.1 d)",
        "La définition d'objectifs en nombre resserré et assortis d'indicateurs",
    ),
    (
        1424,
        "annexe 1, § 2.1 e)",
        "Qui négocie, qui signe le CPOM ?",
    ),
    (
        1519,
        "annexe 1, § 2.1 f)",
        "La désignation de la caisse pivot et de la personne perceptrice de la dotation globalisée",
    ),
    (
        1535,
        "annexe 1, § 2.1 g)",
        "La présentation du CPOM aux CVS et aux instances représentatives du personnel",
    ),
    (1565, "annexe 1, § 2.2", "Le suivi du CPOM"),
    (
        1575,
        "annexe 1, § 2.2 a)",
        "Le suivi du CPOM : articulation avec l'examen annuel de l'EPRD",
    ),
    (
        1606,
        "annexe 1, § 2.2 b)",
        "Les modifications du CPOM par voie d'avenants",
    ),
    (1696, "annexe 1, § 2.2 c)", "Le renouvellement du CPOM"),
    (
        1703,
        "annexe 1, § 2.3",
        "Les outils pour faciliter la mise en place de la réforme",
    ),
    (
        1718,
        "annexe 1, § 2.3 a)",
        "Le tableau de bord de la performance",
    ),
    (
        1737,
        "annexe 1, § 2.3 b)",
        "Le système d'informations eCars",
    ),
    (1789, "annexe 1, § 2.3 c)", "Les nomenclatures SERAFIN-PH"),
    (
        1798,
        "annexe 2",
        "Les différents CPOM du secteur social et médico-social",
    ),
    (2139, "annexe 3", "Résidences autonomie – volet CPOM"),
    (
        2210,
        "annexe 3",
        "Rappel du fondement juridique du CPOM pour les résidences autonomie",
    ),
    (
        2309,
        "annexe 3, 1)",
        "L'articulation entre le programme coordonné et le CPOM des résidences autonomie",
    ),
    (
        2337,
        "annexe 3, 2)",
        "La conclusion du CPOM pour les résidences autonomie",
    ),
    (
        2361,
        "annexe 3, 3)",
        "L'articulation entre forfait autonomie et forfait soins",
    ),
    (
        2372,
        "annexe 3, 4)",
        "La structuration-type minimale du CPOM",
    ),
    (2390, "annexe 4", "Le CPOM des SAAD et des SPASAD"),
    (
        2419,
        "annexe 4, 1)",
        "Un CPOM spécifique valant mandatement",
    ),
    (
        2464,
        "annexe 4, 2)",
        "La structuration et la qualité de l'offre appuyée sur le CPOM",
    ),
    (
        2505,
        "annexe 4, 3)",
        "La situation des SPASAD de l'article 49 de la loi ASV",
    ),
    (2565, "annexe 5", "CPOM et réponse accompagnée pour tous"),
    (
        2589,
        "annexe 5, 1)",
        "La démarche « une réponse accompagnée pour tous »",
    ),
    (
        2638,
        "annexe 5, 2)",
        "Le CPOM pour que les situations les plus lourdes ne restent pas sans solution",
    ),
    (
        2665,
        "annexe 5, 3)",
        "Le CPOM, levier de la transformation de l'offre",
    ),
    (
        2701,
        "annexe 5, 4)",
        "Le CPOM, levier pour insérer l'établissement dans son territoire",
    ),
    (
        2737,
        "annexe 5, 5)",
        "Le CPOM, support d'une meilleure connaissance des ressources du territoire",
    ),
    (
        2777,
        "annexe 6",
        "La mise en œuvre des mesures du Comité interministériel du handicap",
    ),
    (2806, "annexe 6, 1)", "Le volet « polyhandicap »"),
    (2888, "annexe 6, 2)", "Le volet « handicap psychique »"),
    (
        2923,
        "annexe 6, 3)",
        "La démarche nationale en faveur de l'habitat inclusif",
    ),
    (
        2978,
        "annexe 6, 4)",
        "La stratégie nationale de soutien aux aidants",
    ),
    (
        3033,
        "annexe 6, 5)",
        "Les autres mesures du CIH en faveur de l'inclusion sociale",
    ),
    (
        3156,
        "annexe 7",
        "Articulation du cahier des charges des CPOM et du décret relatif aux conditions techniques minimales des EHPAD",
    ),
];

/// Seed 002 : guide méthodologique CPOM PH de l'ARS Pays de la Loire.
const PDL: &[Heading] = &[
    (1, "« L'objet du guide méthodologique »", ""),
    (16, "« Le cadre législatif et réglementaire »", ""),
    (118, "« La programmation pluriannuelle »", ""),
    (136, "« Les principes régionaux retenus »", ""),
    (181, "« L'élaboration de la trame de CPOM régionale »", ""),
    (271, "« La démarche de contractualisation »", ""),
    (
        327,
        "« La démarche de contractualisation », 1. La programmation",
        "",
    ),
    (
        335,
        "« La démarche de contractualisation », 2. Le lancement et la préparation",
        "",
    ),
    (
        354,
        "« La démarche de contractualisation », 3. La négociation",
        "",
    ),
    (
        374,
        "« La démarche de contractualisation », 4. La signature",
        "",
    ),
    (
        401,
        "« La démarche de contractualisation », 5. Le suivi et la révision du contrat",
        "",
    ),
    (
        454,
        "« Le dossier de contractualisation »",
        "Remplissage des annexes",
    ),
    (
        496,
        "« Le dossier de contractualisation », annexe 1",
        "Fiche signalétique",
    ),
    (
        526,
        "« Le dossier de contractualisation », annexe 2",
        "Synthèse du diagnostic partagé",
    ),
    (
        528,
        "« Le dossier de contractualisation », annexe 2-A",
        "Tableau de synthèse et indicateurs mobilisables",
    ),
    (
        557,
        "« Le dossier de contractualisation », annexes 2-B et 2-C",
        "Indicateurs importés par l'ARS",
    ),
    (
        581,
        "« Le dossier de contractualisation », annexe 2-D",
        "Indicateurs complémentaires",
    ),
    (
        601,
        "« Le dossier de contractualisation », annexe 2-E",
        "Diagnostic budgétaire et financier",
    ),
    (
        625,
        "« Le dossier de contractualisation », annexe 2-F",
        "Activité des plus de 20 ans en situation d'amendement Creton",
    ),
    (
        633,
        "« Le dossier de contractualisation », annexe 3",
        "Fiche activité",
    ),
    (
        638,
        "« Le dossier de contractualisation », annexe 4",
        "Fiches-objectifs",
    ),
    (
        715,
        "« Le dossier de contractualisation », annexe 5",
        "Éléments financiers",
    ),
    (
        739,
        "annexe au guide",
        "Affectation des résultats dans le cadre des CPOM",
    ),
];

/// Seed 001 : modèle de CPOM PH de l'ARS PACA.
const PACA: &[Heading] = &[
    (
        1,
        "préambule",
        "« La réponse accompagnée pour tous », une démarche qui s'impose à tous",
    ),
    (58, "« Entre »", "Les parties"),
    (110, "visas", "Visas et références juridiques"),
    (283, "préambule", ""),
    (
        290,
        "article 1",
        "Identification du gestionnaire et périmètre du contrat",
    ),
    (
        407,
        "article 2",
        "Objectifs fixés dans le cadre du CPOM sur la base du diagnostic partagé",
    ),
    (530, "article 3", "Moyens dédiés à la réalisation du CPOM"),
    (532, "article 3-1", "Mise en place de l'EPRD"),
    (575, "article 3-2", "Fixation du budget"),
    (
        601,
        "article 3-3",
        "Habilitation à recevoir des bénéficiaires de l'aide sociale départementale",
    ),
    (630, "article 3-4", "Modalités d'affectation des résultats"),
    (
        671,
        "article 3-5",
        "Virement de crédits et décisions modificatives",
    ),
    (697, "article 3-6", "Affectation des produits financiers"),
    (710, "article 3-7", "Frais de siège"),
    (719, "article 4", "Suivi et évaluation du contrat"),
    (727, "article 4-1", "Composition du comité de suivi"),
    (746, "article 4-2", "Documents à produire"),
    (764, "article 4-3", "Dialogues de gestion"),
    (831, "article 5", "Traitement des litiges"),
    (839, "article 6", "Révision du contrat"),
    (
        861,
        "article 7",
        "Date d'entrée en vigueur du CPOM et durée du CPOM",
    ),
    (869, "titre 3", "La liste des annexes au CPOM"),
    (
        879,
        "article 8",
        "Annexes obligatoires produites spécifiquement pour le CPOM",
    ),
    (
        934,
        "article 9",
        "Annexes obligatoires non produites spécifiquement pour le CPOM",
    ),
    (961, "signatures", ""),
    (1001, "annexe 1", "Diagnostic CPOM"),
    (
        1002,
        "annexe 2",
        "Mise en œuvre de la démarche « Une réponse accompagnée pour tous »",
    ),
    (
        1171,
        "annexe 3",
        "Objectifs opérationnels à mettre en œuvre dans le cadre du CPOM",
    ),
    (
        1242,
        "annexe 4",
        "Budgets de référence des établissements et services et activité retenue",
    ),
    (
        1354,
        "annexe 5",
        "Abrégé et synthèse du dernier rapport d'évaluation externe",
    ),
    (1359, "annexe 6", "Arrêté fixant les frais de siège"),
    (
        1363,
        "annexe 7",
        "Éléments de contrats ou conventions liant le gestionnaire à d'autres autorités publiques",
    ),
];

/// Seed 004 : guide ANAP (janvier 2017).
const ANAP: &[Heading] = &[
    (1, "couverture et sommaire", ""),
    (86, "préface", ""),
    (103, "introduction", ""),
    (219, "introduction, synthèse du document", ""),
    (330, "chapitre 1", "Les enjeux de la contractualisation"),
    (
        354,
        "chapitre 1, § 1",
        "L'association de l'ensemble des parties prenantes",
    ),
    (356, "chapitre 1, § 1.1", "Les principaux signataires"),
    (418, "chapitre 1, § 1.2", "Les partenaires"),
    (
        486,
        "chapitre 1, § 2",
        "Une évolution dans la gestion des ESMS",
    ),
    (
        488,
        "chapitre 1, § 2.1",
        "Une plus grande autonomie des organismes gestionnaires et une responsabilité accrue",
    ),
    (
        602,
        "chapitre 1, § 2.2",
        "Une dimension pluriannuelle propice au déploiement de projets",
    ),
    (
        676,
        "chapitre 1, § 2.3",
        "Une amélioration de la cohérence entre les différents outils",
    ),
    (
        784,
        "chapitre 1, § 3",
        "Une amélioration du parcours et de l'accompagnement des personnes sur les territoires",
    ),
    (
        786,
        "chapitre 1, § 3.1",
        "Une meilleure connaissance de l'offre",
    ),
    (
        821,
        "chapitre 1, § 3.2",
        "Une transversalité de l'offre d'accompagnement",
    ),
    (
        881,
        "chapitre 1, § 3.3",
        "Une recomposition de l'offre au regard des besoins",
    ),
    (1016, "chapitre 1, § 4", "Un changement de culture"),
    (
        1022,
        "chapitre 1, § 4.1",
        "La nécessité d'une définition partagée",
    ),
    (
        1086,
        "chapitre 1, § 4.2",
        "Un levier d'évolution de la gouvernance",
    ),
    (
        1149,
        "chapitre 1, § 4.3",
        "L'implication des usagers et professionnels dans la démarche",
    ),
    (1234, "chapitre 2", "Les étapes de contractualisation"),
    (1267, "chapitre 2, § 1", "Démarche et prérequis"),
    (1295, "chapitre 2, § 1.1", "La programmation"),
    (
        1396,
        "chapitre 2, § 1.2",
        "La politique de contractualisation",
    ),
    (
        1433,
        "chapitre 2, § 1.3",
        "Le lancement du projet de contractualisation",
    ),
    (1519, "chapitre 2, § 2", "Diagnostic et négociation"),
    (
        1521,
        "chapitre 2, § 2.1",
        "Diagnostic : réalisation et partage",
    ),
    (
        1603,
        "chapitre 2, § 2.2",
        "Négociation des objectifs et des modalités associées",
    ),
    (1615, "chapitre 2, § 2.2.1", "La définition des objectifs"),
    (
        1645,
        "chapitre 2, § 2.2.2",
        "La définition des modalités budgétaires et contractuelles",
    ),
    (
        1701,
        "chapitre 2, § 3",
        "Mise en œuvre, suivi et renouvellement",
    ),
    (1703, "chapitre 2, § 3.1", "La mise en œuvre et le suivi"),
    (1760, "chapitre 2, § 3.1.1", "Comitologie interne"),
    (
        1764,
        "chapitre 2, § 3.1.2",
        "Organisation du dialogue de gestion",
    ),
    (1822, "chapitre 2, § 3.2", "Le renouvellement"),
    (
        1856,
        "chapitre 2, § 3.3",
        "Le bilan de la démarche de contractualisation",
    ),
    (1896, "chapitre 3", "Les annexes"),
    (
        1900,
        "annexe 1",
        "Les différentes catégories juridiques de CPOM",
    ),
    (1927, "annexe 2", "Les projets nationaux"),
    (2006, "annexe 3", "État des lieux de la contractualisation"),
    (2032, "annexe 4", "Retours d'expériences"),
    (
        2072,
        "annexe 5",
        "Schéma type du déroulement des campagnes budgétaires",
    ),
    (2098, "glossaire", ""),
];

/// La partie d'un texte qui contient la ligne `line`.
fn heading(doc: Doc, line: u32) -> Option<&'static Heading> {
    doc.headings().iter().rev().find(|h| h.0 <= line)
}

/// Une plage de lignes « L12-L34 » ou « L12 ».
fn parse_range(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a, b),
        None => (s, s),
    };
    let n = |x: &str| x.trim().strip_prefix('L')?.parse::<u32>().ok();
    let (a, b) = (n(a)?, n(b)?);
    (a >= 1 && a <= b).then_some((a, b))
}

/// Les plages en tête d'un localisateur (« L12-L34, L56 : précision ») et ce qui suit.
fn split_ranges(loc: &str) -> (Vec<(u32, u32)>, &str) {
    let mut ranges = Vec::new();
    let mut rest = loc.trim_start();
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == 'L' || c == '-'))
            .unwrap_or(rest.len());
        let Some(r) = parse_range(&rest[..end]) else {
            break;
        };
        ranges.push(r);
        rest = &rest[end..];
        match rest.strip_prefix(", ") {
            Some(next) if next.starts_with('L') => rest = next,
            _ => break,
        }
    }
    (ranges, rest)
}

fn join_fr(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// Un segment « clé localisateur » : `Ok(Some(texte lisible))`, `Ok(None)` si ce n'est pas
/// une clé, `Err` si la clé est connue mais le localisateur faux.
fn segment(seg: &str) -> Result<Option<String>, String> {
    let seg = seg.trim();
    let (key, loc) = match seg.split_once(' ') {
        Some((k, l)) => (k, l.trim()),
        None => (seg, ""),
    };
    if key == "inference" {
        let text = loc.trim_start_matches(':').trim();
        if text.is_empty() {
            return Err("inférence sans explication".into());
        }
        return Ok(Some(format!("inférence : {text}")));
    }
    let Some(doc) = Doc::from_key(key) else {
        return Ok(None);
    };
    let Some(max) = doc.lines() else {
        return Ok(Some(if loc.is_empty() {
            doc.title().to_string()
        } else {
            format!("{}, {loc}", doc.title())
        }));
    };
    let (ranges, rest) = split_ranges(loc);
    if ranges.is_empty() {
        return Err(format!("« {seg} » : lignes attendues (L12-L34)"));
    }
    let mut parts: Vec<&Heading> = Vec::new();
    for (a, b) in ranges {
        if b > max {
            return Err(format!(
                "« {seg} » : ligne {b} au-delà de la fin du texte ({max})"
            ));
        }
        for line in [a, b] {
            if let Some(h) = heading(doc, line)
                && !parts.iter().any(|p| p.1 == h.1 && p.2 == h.2)
            {
                parts.push(h);
            }
        }
    }
    let where_ = match parts.as_slice() {
        [(_, label, title)] if !title.is_empty() => format!("{label} « {title} »"),
        _ => {
            let mut labels: Vec<String> = Vec::new();
            for h in &parts {
                if !labels.iter().any(|l| l == h.1) {
                    labels.push(h.1.to_string());
                }
            }
            join_fr(&labels)
        }
    };
    let rest = rest.trim_end();
    Ok(Some(format!("{}, {where_}{rest}", doc.title())))
}

/// La citation lisible d'une source écrite pour les mainteneurs.
pub fn cite(source: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for seg in source.split(" ; ").map(str::trim).filter(|s| !s.is_empty()) {
        let text = match segment(seg) {
            Ok(Some(t)) => t,
            // Un localisateur faux ne cache pas la source : le test `sources_are_valid` le
            // refuse avant toute livraison.
            Ok(None) | Err(_) => seg.to_string(),
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    let mut s = out.join(" ; ");
    if let Some(first) = s.chars().next() {
        let upper: String = first.to_uppercase().collect();
        s.replace_range(..first.len_utf8(), &upper);
    }
    s
}

/// La citation lisible d'une source de données livrées (catalogues, packs) : une source
/// invalide est une erreur de l'application, refusée au chargement (donc par les tests).
pub fn cite_data(source: &str, at: &str) -> String {
    if let Err(e) = check(source) {
        panic!("{at} : source invalide : {e}");
    }
    cite(source)
}

/// La source d'une règle passe par ce module : son premier segment nomme un document par sa
/// clé (`dgcs L…`, `casf art. …`, `inference : …`) ou est déjà une citation lisible tirée
/// d'ici (données livrées : catalogues, check-lists, packs). Un titre écrit à la main
/// (« Instruction DGCS du … ») est refusé : il échapperait à la table des documents.
pub fn cites_a_document(source: &str) -> bool {
    let first = source.split(" ; ").next().unwrap_or("").trim();
    let key = first.split(' ').next().unwrap_or("");
    key == "inference"
        || Doc::from_key(key).is_some()
        || Doc::ALL.iter().any(|d| first.starts_with(d.title()))
}

/// Vérifie une source : clés et lignes connues ; ce qu'on lira ne contient ni numéro de
/// fichier, ni ligne, ni référence interne.
pub fn check(source: &str) -> Result<(), String> {
    if source.trim().is_empty() {
        return Err("source vide".into());
    }
    for seg in source.split(" ; ") {
        segment(seg)?;
    }
    match unreadable(&cite(source)) {
        Some(bad) => Err(format!("« {source} » : « {bad} » reste illisible")),
        None => Ok(()),
    }
}

/// Ce qu'un utilisateur ne doit jamais lire : « seed », un numéro de ligne (« L123 »),
/// « reference-facts ». Renvoie le premier motif trouvé.
pub fn unreadable(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for w in ["seed", "reference-facts", "shared/domain", "extraction §"] {
        if lower.contains(w) {
            return Some(w.to_string());
        }
    }
    let b = text.as_bytes();
    for i in 0..b.len() {
        let boundary = i == 0 || !(b[i - 1] as char).is_alphanumeric();
        if b[i] == b'L' && boundary && i + 1 < b.len() && b[i + 1].is_ascii_digit() {
            let end = text[i + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(text.len(), |e| i + 1 + e);
            return Some(text[i..end].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_the_part_a_reader_knows() {
        assert_eq!(
            cite("dgcs L1528-L1532"),
            "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.1 f) « La désignation de la caisse pivot et de la personne perceptrice de la dotation globalisée »"
        );
        assert_eq!(
            cite("pdl L374-L380"),
            "Guide méthodologique CPOM PH de l'ARS Pays de la Loire, « La démarche de contractualisation », 4. La signature"
        );
        assert_eq!(
            cite("paca L863"),
            "Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021), article 7 « Date d'entrée en vigueur du CPOM et durée du CPOM »"
        );
        assert_eq!(
            cite("anap L1591 : 4 mois"),
            "Guide ANAP « Négocier et mettre en œuvre les CPOM dans le secteur médico-social » (janvier 2017), chapitre 2, § 2.1 « Diagnostic : réalisation et partage » : 4 mois"
        );
        // Deux parties : leurs numéros seulement.
        assert_eq!(
            cite("dgcs L1380-L1387, L1606"),
            "Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 2.1 d) et annexe 1, § 2.2 b)"
        );
        assert_eq!(
            cite("casf R. 314-48 ; inference : seuil réglable"),
            "Code de l'action sociale et des familles, R. 314-48 ; inférence : seuil réglable"
        );
        assert_eq!(cite("coherence"), "Cohérence du dossier");
        assert_eq!(cite("Saisi par l'utilisateur"), "Saisi par l'utilisateur");
    }

    #[test]
    fn bad_sources_are_refused() {
        assert!(check("dgcs L9999").is_err(), "au-delà de la fin du texte");
        assert!(check("dgcs").is_err(), "lignes manquantes");
        assert!(check("Guide (seed 002), L12").is_err(), "ancienne forme");
        assert!(check("inference").is_err());
        assert!(check("dgcs L12 ; arrete art. 1 ; finess").is_ok());
        assert!(cites_a_document("dgcs L12 ; texte libre"));
        assert!(cites_a_document(&cite("dgcs L12")));
        assert!(!cites_a_document(
            "Instruction DGCS/SD5C/2017/96 du 21 mars 2017, § 3"
        ));
        assert_eq!(unreadable("voir L123"), Some("L123".into()));
        assert_eq!(unreadable("art. L. 313-12"), None);
        assert_eq!(unreadable("Seed 000"), Some("seed".into()));
    }

    #[test]
    fn headings_are_in_order_and_inside_their_text() {
        for d in Doc::ALL {
            let h = d.headings();
            assert!(h.windows(2).all(|w| w[0].0 < w[1].0), "{:?}", d);
            if let (Some(first), Some(max)) = (h.first(), d.lines()) {
                assert_eq!(first.0, 1, "{d:?} : la première partie commence ligne 1");
                assert!(h.iter().all(|x| x.0 <= max));
            }
            assert!(unreadable(d.title()).is_none());
        }
    }
}
