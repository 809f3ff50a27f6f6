//! Ce que tout enregistrement du dossier sait faire : être rangé dans le dossier, être modifié
//! champ par champ (avec contrôle de forme) et être décrit dans un aperçu d'import.
//!
//! Chaque type d'enregistrement implémente [`Editable`] ; le registre (`registry.rs`) les
//! liste tous. Ajouter un type, c'est implémenter ce trait et ajouter une ligne au registre :
//! aucun `match` à allonger ailleurs.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::error::FieldError;

/// Les types d'enregistrements du fichier `.cpom` (colonne `record.kind`) : c'est aussi le
/// `kind` des commandes génériques de l'interface (`field_update`, `record_add`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    Organisme,
    Cpom,
    Esms,
    Adhesion,
    Engagement,
    Jalon,
    Acteur,
    ChecklistLancement,
    Reunion,
    Reponse,
    ThemeDiagnostic,
    Indicateur,
    IndicateurComplementaire,
    Finances,
    Creton,
    Synthese,
    SourceDiagnostic,
    Conformite,
    ReglagesObjectifs,
    Objectif,
    Action,
    IndicateurObjectif,
    Moyens,
    RepartitionDotation,
    BudgetReference,
    Affectation,
    Suivi,
    Signatures,
    Clause,
    ValidationEtape,
    Acquittement,
}

impl RecordKind {
    /// Le nom sérialisé (« esms », « jalon »), qui est aussi la colonne `record.kind`.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// Un enregistrement du dossier.
pub trait Editable:
    Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static
{
    /// Valeur de la colonne `record.kind` (nom sérialisé d'un [`RecordKind`]).
    const KIND: &'static str;
    /// Début des chemins de champs, qui est aussi l'emplacement dans le JSON du dossier :
    /// « organisme », « esms », « lancement.jalons », « diagnostic.finances ».
    const PATH: &'static str;
    /// Libellé français du type (messages, aperçu d'import).
    const LABEL: &'static str;
    /// Un seul enregistrement de ce type par dossier.
    const SINGLETON: bool = false;
    /// Écrit même vide à la création du dossier (organisme, CPOM).
    const REQUIRED: bool = false;
    /// Faux pour les enregistrements tenus par l'application (validations d'étapes,
    /// acquittements) : ils ne se modifient pas champ par champ.
    const EDITABLE: bool = true;
    /// Champs sérialisés qui ne se saisissent pas (déduits) : ignorés au contrôle d'un import.
    const SYSTEM_FIELDS: &'static [&'static str] = &[];
    /// Champs à appliquer en premier à la création (la question avant la valeur…).
    const KEY_FIELDS: &'static [&'static str] = &[];
    /// Le champ que renseigne le `parent` de `record_add` (l'ESMS d'une réponse…).
    const PARENT_FIELD: Option<&'static str> = None;
    /// Le type du parent quand l'enregistrement n'a pas de sens sans lui : supprimer le
    /// parent le supprime aussi (actions et indicateurs d'une fiche-objectif).
    const OWNER_KIND: Option<&'static str> = None;

    /// Un enregistrement vide portant cet identifiant.
    fn blank(id: Uuid) -> Self;
    fn id(&self) -> Uuid {
        Uuid::nil()
    }
    fn set_id(&mut self, _id: Uuid) {}
    /// Clé d'unicité : `record_add` d'un enregistrement dont la clé existe déjà complète
    /// l'enregistrement existant au lieu d'en créer un second (réponse à une question pour
    /// un ESMS, état d'un point de check-list…).
    fn unique_key(&self) -> Option<String> {
        None
    }
    /// Un enregistrement qui existe sans avoir été écrit : les singletons, les jalons
    /// standard du rétroplanning. Modifier l'un d'eux l'écrit.
    fn implicit(id: Uuid) -> Option<Self> {
        Self::SINGLETON.then(|| Self::blank(id))
    }
    /// L'ESMS auquel appartient l'enregistrement, pour les kits de contribution
    /// (`contribution/scope.rs`) : un kit préparé pour un ESMS n'ouvre à la saisie que les
    /// enregistrements dont `esms_scope` est cet ESMS ; tout le reste (organisme, CPOM,
    /// lancement, synthèse, enregistrements de tout l'organisme…) voyage en lecture seule.
    /// `None` (par défaut) : l'enregistrement appartient au siège. Un nouveau type rattaché à
    /// un ESMS (fiche-action, indicateur d'objectif…) doit la redéfinir.
    fn esms_scope(&self) -> Option<Uuid> {
        None
    }
    /// « ESMS IME Les Hirondelles », « Jalon Réunion de lancement ».
    fn describe(&self) -> String {
        Self::LABEL.to_string()
    }
    /// Range l'enregistrement dans le dossier.
    fn attach(self, d: &mut Dossier);
    /// Les enregistrements de ce type dans le dossier, dans l'ordre.
    fn all(d: &Dossier) -> Vec<&Self>;
    /// Modifie un champ ; une valeur de forme incorrecte est refusée et l'enregistrement
    /// reste inchangé (l'appelant travaille sur une copie).
    fn set_field(&mut self, field: &str, _v: &Value) -> Result<(), FieldError> {
        Err(FieldError::new(
            field,
            "champ.non_modifiable",
            format!("« {} » ne se modifie pas champ par champ.", Self::LABEL),
        ))
    }
    /// Les champs à rejouer (dans l'ordre : `KEY_FIELDS` d'abord) pour contrôler un
    /// enregistrement importé, lus dans son JSON brut.
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        flatten("", row, &mut out);
        out.retain(|(k, _)| k != "id" && !Self::SYSTEM_FIELDS.contains(&k.as_str()));
        out.sort_by_key(|(k, _)| !Self::KEY_FIELDS.contains(&k.as_str()));
        out
    }
}

/// Feuilles d'un JSON : « a.b.c » → valeur ; une liste est une feuille.
pub fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

/// Le chemin complet d'un enregistrement : « organisme », « esms.<uuid> ».
pub fn record_path<T: Editable>(id: Uuid) -> String {
    if T::SINGLETON {
        T::PATH.to_string()
    } else {
        format!("{}.{id}", T::PATH)
    }
}

/// Refus d'un champ inconnu.
pub fn unknown(field: &str) -> FieldError {
    FieldError::new(
        field,
        "champ.inconnu",
        format!("Le champ « {field} » n'existe pas."),
    )
}

/// Les méthodes d'identité (`blank`, `id`, `set_id`) d'un enregistrement dont le champ `id`
/// porte l'UUID et qui implémente `Default` : à placer dans le bloc `impl Editable`.
macro_rules! uuid_identity {
    () => {
        fn blank(id: uuid::Uuid) -> Self {
            Self {
                id,
                ..Self::default()
            }
        }
        fn id(&self) -> uuid::Uuid {
            self.id
        }
        fn set_id(&mut self, id: uuid::Uuid) {
            self.id = id;
        }
    };
}
pub(crate) use uuid_identity;

/// `blank`, `attach` et `all` d'un enregistrement unique rangé au chemin donné du dossier :
/// `singleton_at!(signature.moyens)`.
macro_rules! singleton_at {
    ($($f:ident).+) => {
        fn blank(_: uuid::Uuid) -> Self {
            Self::default()
        }
        fn attach(self, d: &mut crate::dossier::Dossier) {
            d.$($f).+ = self;
        }
        fn all(d: &crate::dossier::Dossier) -> Vec<&Self> {
            vec![&d.$($f).+]
        }
    };
}
pub(crate) use singleton_at;

/// Les champs d'un enregistrement importé, les listes annuelles `lists` dépliées case par case
/// (« realise.1 », « realise.2 »… : années comptées à partir de 1), `first` en tête.
pub fn import_fields_with_lists(row: &Value, lists: &[&str], first: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    flatten("", row, &mut out);
    let mut fields = Vec::new();
    for (k, v) in out {
        match (k.as_str(), &v) {
            ("id", _) => {}
            (name, Value::Array(a)) if lists.contains(&name) => {
                for (i, x) in a.iter().enumerate() {
                    fields.push((format!("{k}.{}", i + 1), x.clone()));
                }
            }
            _ => fields.push((k, v)),
        }
    }
    fields.sort_by_key(|(k, _)| k != first);
    fields
}
