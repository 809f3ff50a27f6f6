//! **La table des enregistrements** : chaque type d'enregistrement du fichier `.cpom` y est
//! déclaré une fois, sur une ligne — sa variante de [`RecordKind`], son type Rust, son nom
//! (colonne `record.kind` et `kind` des commandes de l'interface), sa place dans le dossier
//! (qui est aussi le début des chemins de champs), unique ou liste, son propriétaire (un
//! enregistrement supprimé avec son parent), sa portée (`esms` : peut appartenir à un
//! ESMS et voyager, modifiable, dans un kit de contribution ; `siege` : toujours au siège) et
//! sa nature (`Contrat` : contenu signé, figé à la signature ; `Execution` : suivi du contrat,
//! qui se saisit après).
//!
//! La macro en tire l'énumération [`RecordKind`], l'implémentation de [`Placed`] de chaque
//! type (`attach`, `all`), le registre ([`registry`], [`ops`]) et la table TypeScript de
//! l'interface (`ui/src/bindings/recordTable.ts`, écrite par un test). L'ordre des lignes est
//! l'ordre d'écriture d'un dossier et d'affichage des différences.
//!
//! Ajouter un type : sa structure dans `dossier/`, une ligne ici, son `impl Editable` dans le
//! `records.rs` de sa partie (ARCHITECTURE.md, « Ajouter un type d'enregistrement »).

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::dossier::clauses::ClauseOverride;
use crate::dossier::diagnostic::{
    Conformite, Creton, ElementSynthese, Finances, IndicateurComplementaire, IndicateurValeur,
    Reponse, SourceDiagnostic, ThemeZones,
};
use crate::dossier::etapes::{Acquittement, ValidationEtape};
use crate::dossier::lancement::{Acteur, Engagement, EtatChecklist, Jalon, Reunion};
use crate::dossier::objectifs::{Action, IndicateurObjectif, Objectif, ReglagesObjectifs};
use crate::dossier::perimetre::{Accord, Adhesion, ContratLie, Cpom, Esms, Organisme};
use crate::dossier::signature::{
    Affectation, BudgetReference, FinancementComplementaire, Moyens, MoyensPa,
    OperationInvestissement, Pgfp, RepartitionDotation, Signatures, Suivi, VoletSaad,
};
use crate::dossier::suivi::{
    ActiviteEsms, AppreciationObjectif, AvancementAction, Avenant, Bilan, DialogueGestion,
    EvaluationRealisee, Exercice, RealisationIndicateur, Saisine, SuiviGeneral,
};
use crate::record::editable::Placed;
use crate::record::ops::{Ops, RecordOps};

/// Où une partie de l'organisme peut appartenir (colonne « portée » de la table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Toujours au siège : voyage en lecture seule dans un kit de contribution.
    Siege,
    /// Peut appartenir à un ESMS ([`crate::record::editable::Editable::esms_scope`]) : se
    /// modifie dans le kit de cet ESMS.
    Esms,
}

/// Ce qu'un enregistrement est pour le contrat signé (colonne « nature » de la table) : la
/// garde des dossiers signés (`cpom-services`, `write/signed.rs`) ne lit que cette colonne.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nature {
    /// Contenu signé : la préparation et le contrat. Figé à la signature ; ne change plus que
    /// par un avenant (projet d'avenant en cours).
    Contrat,
    /// Exécution du contrat (suivi, dialogues, avenants) : se saisit après la signature.
    Execution,
}

/// Une ligne de la table, telle que l'interface et la documentation la lisent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: RecordKind,
    pub name: &'static str,
    pub path: &'static str,
    pub singleton: bool,
    pub owner: Option<&'static str>,
    pub scope: Scope,
    pub nature: Nature,
}

macro_rules! place {
    (one, $ty:ty, $($f:ident).+) => {
        fn attach(self, d: &mut Dossier) {
            d.$($f).+ = self;
        }
        fn all(d: &Dossier) -> Vec<&Self> {
            vec![&d.$($f).+]
        }
    };
    (list, $ty:ty, $($f:ident).+) => {
        fn attach(self, d: &mut Dossier) {
            d.$($f).+.push(self);
        }
        fn all(d: &Dossier) -> Vec<&Self> {
            d.$($f).+.iter().collect()
        }
    };
}

macro_rules! owner {
    () => {
        None
    };
    ($o:literal) => {
        Some($o)
    };
}

macro_rules! record_table {
    ($(
        $variant:ident($ty:ty) = $name:literal at $($f:ident).+ , $card:ident, $scope:ident,
        $nature:ident $(, owner $owner:literal)? ;
    )*) => {
        /// Les types d'enregistrements du fichier `.cpom` (colonne `record.kind`) : c'est aussi le
        /// `kind` des commandes génériques de l'interface (`record_update`, `record_add`…).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum RecordKind {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl RecordKind {
            /// Le nom sérialisé (« esms », « jalon »), qui est aussi la colonne `record.kind`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }

        $(
            impl Placed for $ty {
                const KIND: &'static str = $name;
                const PATH: &'static str = stringify!($($f).+);
                const SINGLETON: bool = record_table!(@one $card);
                const OWNER_KIND: Option<&'static str> = owner!($($owner)?);
                place!($card, $ty, $($f).+);
            }
        )*

        /// Toutes les lignes de la table, dans l'ordre.
        pub static KINDS: &[KindInfo] = &[$(
            KindInfo {
                kind: RecordKind::$variant,
                name: $name,
                path: stringify!($($f).+),
                singleton: record_table!(@one $card),
                owner: owner!($($owner)?),
                scope: Scope::$scope,
                nature: Nature::$nature,
            },
        )*];

        static REGISTRY: &[&dyn RecordOps] = &[$(&Ops::<$ty>(PhantomData) as &dyn RecordOps,)*];
    };
    (@one one) => { true };
    (@one list) => { false };
}

record_table! {
    // Variante(Type)                             nom                        place                       unique   portée  nature
    Organisme(Organisme)                          = "organisme"               at organisme,                one,  Siege, Contrat;
    Cpom(Cpom)                                    = "cpom"                    at cpom,                     one,  Siege, Contrat;
    Esms(Esms)                                    = "esms"                    at esms,                     list, Esms, Contrat;
    Adhesion(Adhesion)                            = "adhesion"                at adhesions,                list, Siege, Contrat;
    Accord(Accord)                                = "accord"                  at accords,                  list, Siege, Contrat;
    ContratLie(ContratLie)                        = "contrat_lie"             at contrats_lies,            list, Siege, Contrat;
    Engagement(Engagement)                        = "engagement"              at lancement.engagement,     one,  Siege, Contrat;
    Jalon(Jalon)                                  = "jalon"                   at lancement.jalons,         list, Siege, Contrat;
    Acteur(Acteur)                                = "acteur"                  at lancement.acteurs,        list, Siege, Contrat;
    ChecklistLancement(EtatChecklist)             = "checklist_lancement"     at lancement.checklist,      list, Siege, Contrat;
    Reunion(Reunion)                              = "reunion"                 at lancement.reunions,       list, Siege, Contrat;
    Reponse(Reponse)                              = "reponse"                 at diagnostic.reponses,      list, Esms, Contrat;
    ThemeDiagnostic(ThemeZones)                   = "theme_diagnostic"        at diagnostic.themes,        list, Siege, Contrat;
    Indicateur(IndicateurValeur)                  = "indicateur"              at diagnostic.indicateurs,   list, Esms, Contrat;
    IndicateurComplementaire(IndicateurComplementaire) = "indicateur_complementaire" at diagnostic.complementaires, list, Esms, Contrat;
    Finances(Finances)                            = "finances"                at diagnostic.finances,      one,  Siege, Contrat;
    Creton(Creton)                                = "creton"                  at diagnostic.creton,        list, Esms, Contrat;
    Synthese(ElementSynthese)                     = "synthese"                at diagnostic.synthese,      list, Siege, Contrat;
    SourceDiagnostic(SourceDiagnostic)            = "source_diagnostic"       at diagnostic.sources,       list, Esms, Contrat;
    Conformite(Conformite)                        = "conformite"              at diagnostic.conformite,    list, Siege, Contrat;
    ReglagesObjectifs(ReglagesObjectifs)          = "reglages_objectifs"      at objectifs.reglages,       one,  Siege, Contrat;
    Objectif(Objectif)                            = "objectif"                at objectifs.objectifs,      list, Esms, Contrat;
    Action(Action)                                = "action"                  at objectifs.actions,        list, Esms, Contrat, owner "objectif";
    IndicateurObjectif(IndicateurObjectif)        = "indicateur_objectif"     at objectifs.indicateurs,    list, Siege, Contrat, owner "objectif";
    Moyens(Moyens)                                = "moyens"                  at signature.moyens,         one,  Siege, Contrat;
    RepartitionDotation(RepartitionDotation)      = "repartition_dotation"    at signature.repartition,    list, Siege, Contrat;
    BudgetReference(BudgetReference)              = "budget_reference"        at signature.budgets,        list, Esms, Contrat;
    MoyensPa(MoyensPa)                            = "moyens_pa"               at signature.moyens_pa,      list, Esms, Contrat;
    FinancementComplementaire(FinancementComplementaire) = "financement_complementaire" at signature.financements_complementaires, list, Esms, Contrat;
    VoletSaad(VoletSaad)                          = "volet_saad"              at signature.volets_saad,    list, Esms, Contrat;
    Affectation(Affectation)                      = "affectation"             at signature.affectations,   list, Siege, Contrat;
    Pgfp(Pgfp)                                    = "pgfp"                    at signature.pgfp,           one,  Siege, Contrat;
    OperationInvestissement(OperationInvestissement) = "operation_investissement" at signature.ppi,   list, Siege, Contrat;
    Suivi(Suivi)                                  = "suivi"                   at signature.suivi,          one,  Siege, Contrat;
    Signatures(Signatures)                        = "signatures"              at signature.signatures,     one,  Siege, Contrat;
    Clause(ClauseOverride)                        = "clause"                  at clauses,                  list, Siege, Contrat;
    ValidationEtape(ValidationEtape)              = "validation_etape"        at etapes.validations,       list, Siege, Contrat;
    Acquittement(Acquittement)                    = "acquittement"            at etapes.acquittements,     list, Siege, Contrat;
    SuiviGeneral(SuiviGeneral)                    = "suivi_general"           at suivi_contrat.general,    one,  Siege, Execution;
    Exercice(Exercice)                            = "exercice"                at suivi_contrat.exercices,  list, Siege, Execution;
    RealisationIndicateur(RealisationIndicateur)  = "realisation_indicateur"  at suivi_contrat.indicateurs, list, Esms, Execution;
    AvancementAction(AvancementAction)            = "avancement_action"       at suivi_contrat.actions,    list, Esms, Execution;
    AppreciationObjectif(AppreciationObjectif)    = "appreciation_objectif"   at suivi_contrat.objectifs,  list, Esms, Execution;
    ActiviteEsms(ActiviteEsms)                    = "activite_esms"           at suivi_contrat.activites,  list, Esms, Execution;
    DialogueGestion(DialogueGestion)              = "dialogue_gestion"        at suivi_contrat.dialogues,  list, Siege, Execution;
    Saisine(Saisine)                              = "saisine"                 at suivi_contrat.saisines,   list, Siege, Execution;
    EvaluationRealisee(EvaluationRealisee)        = "evaluation_realisee"     at suivi_contrat.evaluations, list, Esms, Execution;
    Bilan(Bilan)                                  = "bilan"                   at suivi_contrat.bilans,     list, Siege, Execution;
    Avenant(Avenant)                              = "avenant"                 at suivi_contrat.avenants,   list, Siege, Execution;
}

/// Tous les types d'enregistrements, dans l'ordre d'écriture et d'affichage des différences.
pub fn registry() -> &'static [&'static dyn RecordOps] {
    REGISTRY
}

/// Le type d'enregistrement `kind`, s'il existe.
pub fn ops(kind: &str) -> Option<&'static dyn RecordOps> {
    REGISTRY.iter().copied().find(|o| o.kind() == kind)
}

/// La ligne de la table du type `kind`.
pub fn info(kind: RecordKind) -> &'static KindInfo {
    KINDS.iter().find(|k| k.kind == kind).unwrap_or(&KINDS[0])
}

/// La ligne de la table du type nommé `name` (« esms »), s'il existe.
pub fn info_by_name(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.name == name)
}

/// Vrai pour un type de l'exécution du contrat (se saisit après la signature) ; faux pour le
/// contenu signé et pour un type inconnu de cette version.
pub fn is_execution(name: &str) -> bool {
    info_by_name(name).is_some_and(|k| k.nature == Nature::Execution)
}

/// La table en TypeScript, pour l'interface : préfixe des chemins de champs, unique ou
/// liste, propriétaire et portée de chaque type.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Généré depuis la table des enregistrements (crates/cpom-domain/src/record/table.rs)\n\
         // par `cargo test`. Ne pas modifier à la main.\n\n\
         import type { RecordKind } from './RecordKind';\n\n\
         export interface RecordKindInfo {\n\
         \x20 /** Début des chemins de champs et place dans le dossier (« lancement.jalons »). */\n\
         \x20 path: string;\n\
         \x20 /** Un seul enregistrement de ce type par dossier. */\n\
         \x20 singleton: boolean;\n\
         \x20 /** Libellé français du type. */\n\
         \x20 label: string;\n\
         \x20 /** Le type du parent qui le possède (supprimé avec lui). */\n\
         \x20 owner: RecordKind | null;\n\
         \x20 /** « esms » : peut appartenir à un ESMS (kit de contribution) ; « siege » sinon. */\n\
         \x20 scope: 'esms' | 'siege';\n\
         \x20 /** « contrat » : figé à la signature (sauf projet d'avenant) ; « execution » : suivi du contrat. */\n\
         \x20 nature: 'contrat' | 'execution';\n\
         }\n\n\
         export const RECORD_TABLE: Record<RecordKind, RecordKindInfo> = {\n",
    );
    for k in KINDS {
        let label = ops(k.name).map_or("", |o| o.label());
        let owner = k.owner.map_or("null".to_string(), |o| format!("'{o}'"));
        let scope = match k.scope {
            Scope::Esms => "esms",
            Scope::Siege => "siege",
        };
        let nature = match k.nature {
            Nature::Contrat => "contrat",
            Nature::Execution => "execution",
        };
        out.push_str(&format!(
            "  {}: {{ path: '{}', singleton: {}, label: {}, owner: {owner}, scope: '{scope}', nature: '{nature}' }},\n",
            k.name,
            k.path,
            k.singleton,
            serde_json::to_string(label).unwrap_or_default(),
        ));
    }
    out.push_str("};\n");
    out
}
