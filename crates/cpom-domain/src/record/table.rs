//! **La table des enregistrements** : chaque type d'enregistrement du fichier `.cpom` y est
//! déclaré une fois, sur une ligne — sa variante de [`RecordKind`], son type Rust, son nom
//! (colonne `record.kind` et `kind` des commandes de l'interface), sa place dans le dossier
//! (qui est aussi le début des chemins de champs), unique ou liste, son propriétaire (un
//! enregistrement supprimé avec son parent) et sa portée (`esms` : peut appartenir à un
//! ESMS et voyager, modifiable, dans un kit de contribution ; `siege` : toujours au siège).
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
use crate::dossier::perimetre::{Adhesion, Cpom, Esms, Organisme};
use crate::dossier::signature::{
    Affectation, BudgetReference, FinancementComplementaire, Moyens, MoyensPa, RepartitionDotation,
    Signatures, Suivi, VoletSaad,
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

/// Une ligne de la table, telle que l'interface et la documentation la lisent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: RecordKind,
    pub name: &'static str,
    pub path: &'static str,
    pub singleton: bool,
    pub owner: Option<&'static str>,
    pub scope: Scope,
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
        $variant:ident($ty:ty) = $name:literal at $($f:ident).+ , $card:ident, $scope:ident
        $(, owner $owner:literal)? ;
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
            },
        )*];

        static REGISTRY: &[&dyn RecordOps] = &[$(&Ops::<$ty>(PhantomData) as &dyn RecordOps,)*];
    };
    (@one one) => { true };
    (@one list) => { false };
}

record_table! {
    // Variante(Type)                             nom                        place                       unique   portée
    Organisme(Organisme)                          = "organisme"               at organisme,                one,  Siege;
    Cpom(Cpom)                                    = "cpom"                    at cpom,                     one,  Siege;
    Esms(Esms)                                    = "esms"                    at esms,                     list, Esms;
    Adhesion(Adhesion)                            = "adhesion"                at adhesions,                list, Siege;
    Engagement(Engagement)                        = "engagement"              at lancement.engagement,     one,  Siege;
    Jalon(Jalon)                                  = "jalon"                   at lancement.jalons,         list, Siege;
    Acteur(Acteur)                                = "acteur"                  at lancement.acteurs,        list, Siege;
    ChecklistLancement(EtatChecklist)             = "checklist_lancement"     at lancement.checklist,      list, Siege;
    Reunion(Reunion)                              = "reunion"                 at lancement.reunions,       list, Siege;
    Reponse(Reponse)                              = "reponse"                 at diagnostic.reponses,      list, Esms;
    ThemeDiagnostic(ThemeZones)                   = "theme_diagnostic"        at diagnostic.themes,        list, Siege;
    Indicateur(IndicateurValeur)                  = "indicateur"              at diagnostic.indicateurs,   list, Esms;
    IndicateurComplementaire(IndicateurComplementaire) = "indicateur_complementaire" at diagnostic.complementaires, list, Esms;
    Finances(Finances)                            = "finances"                at diagnostic.finances,      one,  Siege;
    Creton(Creton)                                = "creton"                  at diagnostic.creton,        list, Esms;
    Synthese(ElementSynthese)                     = "synthese"                at diagnostic.synthese,      list, Siege;
    SourceDiagnostic(SourceDiagnostic)            = "source_diagnostic"       at diagnostic.sources,       list, Esms;
    Conformite(Conformite)                        = "conformite"              at diagnostic.conformite,    list, Siege;
    ReglagesObjectifs(ReglagesObjectifs)          = "reglages_objectifs"      at objectifs.reglages,       one,  Siege;
    Objectif(Objectif)                            = "objectif"                at objectifs.objectifs,      list, Esms;
    Action(Action)                                = "action"                  at objectifs.actions,        list, Esms, owner "objectif";
    IndicateurObjectif(IndicateurObjectif)        = "indicateur_objectif"     at objectifs.indicateurs,    list, Siege, owner "objectif";
    Moyens(Moyens)                                = "moyens"                  at signature.moyens,         one,  Siege;
    RepartitionDotation(RepartitionDotation)      = "repartition_dotation"    at signature.repartition,    list, Siege;
    BudgetReference(BudgetReference)              = "budget_reference"        at signature.budgets,        list, Esms;
    MoyensPa(MoyensPa)                            = "moyens_pa"               at signature.moyens_pa,      list, Esms;
    FinancementComplementaire(FinancementComplementaire) = "financement_complementaire" at signature.financements_complementaires, list, Esms;
    VoletSaad(VoletSaad)                          = "volet_saad"              at signature.volets_saad,    list, Esms;
    Affectation(Affectation)                      = "affectation"             at signature.affectations,   list, Siege;
    Suivi(Suivi)                                  = "suivi"                   at signature.suivi,          one,  Siege;
    Signatures(Signatures)                        = "signatures"              at signature.signatures,     one,  Siege;
    Clause(ClauseOverride)                        = "clause"                  at clauses,                  list, Siege;
    ValidationEtape(ValidationEtape)              = "validation_etape"        at etapes.validations,       list, Siege;
    Acquittement(Acquittement)                    = "acquittement"            at etapes.acquittements,     list, Siege;
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
        out.push_str(&format!(
            "  {}: {{ path: '{}', singleton: {}, label: {}, owner: {owner}, scope: '{scope}' }},\n",
            k.name,
            k.path,
            k.singleton,
            serde_json::to_string(label).unwrap_or_default(),
        ));
    }
    out.push_str("};\n");
    out
}
