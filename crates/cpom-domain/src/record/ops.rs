//! Ce que les services savent faire d'un type d'enregistrement sans le connaître ([`RecordOps`]) :
//! lecture du fichier, saisie d'un champ, import, différences. La table (`table.rs`) en donne
//! une entrée par type ; les services dispatchent par `kind` à travers elle.

use std::marker::PhantomData;

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::kernel::error::FieldError;
use crate::record::editable::{Editable, record_path};

/// Pourquoi une opération sur un enregistrement a échoué.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordError {
    /// Valeur refusée (chemin relatif à l'enregistrement).
    Field(FieldError),
    /// Contenu stocké illisible (fichier abîmé ou d'une version future).
    Illisible(String),
}

impl From<FieldError> for RecordError {
    fn from(e: FieldError) -> Self {
        Self::Field(e)
    }
}

/// Une ligne d'enregistrement telle que le dossier la contient.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: Uuid,
    pub value: Value,
    pub describe: String,
    /// Identique à l'enregistrement implicite (jalon standard vide…) : inutile de l'écrire.
    pub implicit_default: bool,
}

/// Le résultat d'une saisie de champ.
#[derive(Debug, Clone)]
pub struct Edit {
    pub changed: bool,
    /// Tout l'enregistrement après la saisie.
    pub json: String,
    /// Ancienne et nouvelle valeur du champ (pour le journal).
    pub old: Value,
    pub new: Value,
}

/// Ce que les services savent faire d'un type d'enregistrement, sans le connaître.
pub trait RecordOps: Sync {
    fn kind(&self) -> &'static str;
    fn label(&self) -> &'static str;
    fn singleton(&self) -> bool;
    fn required(&self) -> bool;
    fn editable(&self) -> bool;
    /// Champ renseigné par le `parent` de `record_add`, s'il y en a un.
    fn parent_field(&self) -> Option<&'static str>;
    /// Type du parent qui possède l'enregistrement (suppression en cascade).
    fn owner_kind(&self) -> Option<&'static str>;
    /// Préfixe des chemins de champs d'un enregistrement : « esms.<uuid> », « organisme ».
    fn path(&self, id: Uuid) -> String;
    /// Emplacement dans le JSON du dossier : « esms », « lancement.jalons ».
    fn json_path(&self) -> &'static str;
    /// Lit un enregistrement stocké et le range dans le dossier.
    fn attach(&self, d: &mut Dossier, id: Uuid, data: &str) -> Result<(), RecordError>;
    /// Les enregistrements de ce type dans le dossier.
    fn rows(&self, d: &Dossier) -> Vec<Row>;
    /// Applique une saisie à un enregistrement stocké (ou implicite).
    fn edit(&self, data: &str, field: &str, v: &Value) -> Result<Edit, RecordError>;
    /// Un nouvel enregistrement, initialisé champ par champ (même contrôle que la saisie).
    fn create(&self, id: Uuid, init: &[(String, Value)]) -> Result<String, RecordError>;
    /// L'enregistrement implicite portant cet identifiant, s'il en existe un.
    fn implicit_json(&self, id: Uuid) -> Option<String>;
    fn unique_key(&self, data: &str) -> Option<String>;
    /// L'ESMS auquel appartient un enregistrement stocké ([`Editable::esms_scope`]).
    fn esms_scope(&self, data: &str) -> Option<Uuid>;
    /// Description lisible d'un enregistrement stocké (« ESMS IME Les Hirondelles »).
    fn describe(&self, data: &str) -> String;
    /// Contrôle un enregistrement importé en rejouant ses champs ; renvoie le champ fautif.
    fn check_import(&self, row: &Value) -> Result<(), (String, FieldError)>;
    /// Contrôle la forme d'un enregistrement importé (types de chaque champ) ; renvoie le
    /// texte de serde (en anglais : les services le traduisent).
    fn check_shape(&self, row: &Value) -> Result<(), String>;
}

/// Les opérations d'un type d'enregistrement `T` (une entrée de la table).
pub(crate) struct Ops<T>(pub(crate) PhantomData<fn() -> T>);

fn parse<T: Editable>(data: &str) -> Result<T, RecordError> {
    serde_json::from_str(data).map_err(|e| RecordError::Illisible(e.to_string()))
}

fn to_json<T: Editable>(x: &T) -> String {
    serde_json::to_string(x).unwrap_or_default()
}

/// JSON de `v` au chemin « a.b.c » (pour le journal et les classeurs). Dans une liste, un
/// segment numérique compte à partir de 1, comme les champs de saisie (« realise.1 » est la
/// première année du contrat, « activite_realisee.3 » la troisième).
pub fn at_path(v: &Value, field: &str) -> Value {
    let mut cur = v;
    for seg in field.split('.') {
        let next = match cur {
            Value::Object(m) => m.get(seg),
            Value::Array(a) => seg
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(x) => cur = x,
            None => return Value::Null,
        }
    }
    cur.clone()
}

impl<T: Editable> RecordOps for Ops<T> {
    fn kind(&self) -> &'static str {
        T::KIND
    }
    fn label(&self) -> &'static str {
        T::LABEL
    }
    fn singleton(&self) -> bool {
        T::SINGLETON
    }
    fn required(&self) -> bool {
        T::REQUIRED
    }
    fn editable(&self) -> bool {
        T::EDITABLE
    }
    fn parent_field(&self) -> Option<&'static str> {
        T::PARENT_FIELD
    }
    fn owner_kind(&self) -> Option<&'static str> {
        T::OWNER_KIND
    }
    fn path(&self, id: Uuid) -> String {
        record_path::<T>(id)
    }
    fn json_path(&self) -> &'static str {
        T::PATH
    }
    fn attach(&self, d: &mut Dossier, id: Uuid, data: &str) -> Result<(), RecordError> {
        let mut x: T = parse(data)?;
        if !T::SINGLETON {
            x.set_id(id);
        }
        x.attach(d);
        Ok(())
    }
    fn rows(&self, d: &Dossier) -> Vec<Row> {
        T::all(d)
            .into_iter()
            .map(|x| Row {
                id: x.id(),
                value: serde_json::to_value(x).unwrap_or(Value::Null),
                describe: x.describe(),
                implicit_default: !T::REQUIRED && T::implicit(x.id()).as_ref() == Some(x),
            })
            .collect()
    }
    fn edit(&self, data: &str, field: &str, v: &Value) -> Result<Edit, RecordError> {
        let before: T = parse(data)?;
        let mut after = before.clone();
        after.set_field(field, v)?;
        let old = serde_json::to_value(&before).unwrap_or(Value::Null);
        let new = serde_json::to_value(&after).unwrap_or(Value::Null);
        Ok(Edit {
            changed: after != before,
            json: to_json(&after),
            old: at_path(&old, field),
            new: at_path(&new, field),
        })
    }
    fn create(&self, id: Uuid, init: &[(String, Value)]) -> Result<String, RecordError> {
        let mut x = T::blank(id);
        let first = init
            .iter()
            .filter(|(f, _)| T::KEY_FIELDS.contains(&f.as_str()));
        let rest = init
            .iter()
            .filter(|(f, _)| !T::KEY_FIELDS.contains(&f.as_str()));
        for (f, v) in first.chain(rest) {
            x.set_field(f, v)?;
        }
        Ok(to_json(&x))
    }
    fn implicit_json(&self, id: Uuid) -> Option<String> {
        T::implicit(id).map(|x| to_json(&x))
    }
    fn unique_key(&self, data: &str) -> Option<String> {
        parse::<T>(data).ok()?.unique_key()
    }
    fn esms_scope(&self, data: &str) -> Option<Uuid> {
        parse::<T>(data).ok()?.esms_scope()
    }
    fn describe(&self, data: &str) -> String {
        parse::<T>(data).map_or_else(|_| T::LABEL.to_string(), |x| x.describe())
    }
    fn check_shape(&self, row: &Value) -> Result<(), String> {
        T::deserialize(row).map(|_| ()).map_err(|e| e.to_string())
    }
    fn check_import(&self, row: &Value) -> Result<(), (String, FieldError)> {
        if !T::EDITABLE {
            return Ok(());
        }
        let id = row
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
            .unwrap_or_default();
        let mut fresh = T::blank(id);
        for (f, v) in T::import_fields(row) {
            fresh.set_field(&f, &v).map_err(|e| (f.clone(), e))?;
        }
        Ok(())
    }
}
