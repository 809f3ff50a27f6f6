//! Ce que tout enregistrement du dossier sait faire : être rangé dans le dossier, être modifié
//! champ par champ (avec contrôle de forme) et être décrit dans un aperçu d'import.
//!
//! Chaque type d'enregistrement est déclaré une fois, dans la table (`table.rs`), qui lui
//! donne son nom de type, sa place dans le dossier et son propriétaire ([`Placed`]) ; la
//! partie qui le possède implémente [`Editable`] (saisie champ par champ) dans son
//! `records.rs`. Aucun `match` par type ailleurs.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::kernel::error::FieldError;

/// Ce que la table des enregistrements (`table.rs`) déclare de chaque type : son nom, sa
/// place dans le dossier, s'il est unique et son propriétaire. Implémenté par la table
/// seulement.
pub trait Placed: Sized {
    /// Valeur de la colonne `record.kind` (nom sérialisé d'un `RecordKind`).
    const KIND: &'static str;
    /// Début des chemins de champs, qui est aussi l'emplacement dans le JSON du dossier :
    /// « organisme », « esms », « lancement.jalons », « diagnostic.finances ».
    const PATH: &'static str;
    /// Un seul enregistrement de ce type par dossier.
    const SINGLETON: bool;
    /// Le type du parent quand l'enregistrement n'a pas de sens sans lui : supprimer le
    /// parent le supprime aussi (actions et indicateurs d'une fiche-objectif).
    const OWNER_KIND: Option<&'static str>;
    /// Range l'enregistrement dans le dossier.
    fn attach(self, d: &mut Dossier);
    /// Les enregistrements de ce type dans le dossier, dans l'ordre.
    fn all(d: &Dossier) -> Vec<&Self>;
    /// Remplace l'enregistrement de même identifiant, ou l'ajoute à la fin (mise à jour
    /// incrémentale de l'état gardé par la session après une écriture).
    fn upsert(self, d: &mut Dossier);
    /// Retire l'enregistrement (un enregistrement unique redevient vide).
    fn remove(d: &mut Dossier, id: Uuid);
    /// L'enregistrement de cet identifiant (l'unique pour un enregistrement unique).
    fn find(d: &Dossier, id: Uuid) -> Option<&Self>;
    /// Range la liste dans l'ordre des identifiants donnés (après un déplacement).
    fn reorder(d: &mut Dossier, ids: &[Uuid]);
}

/// Un enregistrement du dossier.
pub trait Editable:
    Placed + Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static
{
    /// Libellé français du type (messages, aperçu d'import).
    const LABEL: &'static str;
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

/// `blank` d'un enregistrement unique qui implémente `Default` : à placer dans le bloc
/// `impl Editable` (sa place dans le dossier est dans la table).
macro_rules! singleton_blank {
    () => {
        fn blank(_: uuid::Uuid) -> Self {
            Self::default()
        }
    };
}
pub(crate) use singleton_blank;

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
