//! Le registre des types d'enregistrements : une entrée par type, manipulée sans connaître le
//! type (lecture du fichier, saisie d'un champ, import, différences). Les services dispatchent
//! par `kind` à travers lui.

use std::marker::PhantomData;

use serde_json::Value;
use uuid::Uuid;

use crate::diagnostic::{
    Conformite, Creton, ElementSynthese, Finances, IndicateurComplementaire, IndicateurValeur,
    Reponse, SourceDiagnostic, ThemeZones,
};
use crate::dossier::Dossier;
use crate::editable::{Editable, record_path};
use crate::error::FieldError;
use crate::lancement::{Acteur, Engagement, EtatChecklist, Jalon, Reunion};
use crate::model::{Adhesion, Cpom, Esms, Organisme};
use crate::objectifs::{Action, IndicateurObjectif, Objectif, ReglagesObjectifs};
use crate::signature::{
    Affectation, BudgetReference, Moyens, RepartitionDotation, Signatures, Suivi,
};
use crate::steps::{Acquittement, ValidationEtape};

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
}

struct Ops<T>(PhantomData<fn() -> T>);

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

macro_rules! ops {
    ($($t:ty),* $(,)?) => { &[$(&Ops::<$t>(PhantomData) as &dyn RecordOps),*] };
}

/// Tous les types d'enregistrements, dans l'ordre d'écriture et d'affichage des différences.
static REGISTRY: &[&dyn RecordOps] = ops![
    Organisme,
    Cpom,
    Esms,
    Adhesion,
    Engagement,
    Jalon,
    Acteur,
    EtatChecklist,
    Reunion,
    Reponse,
    ThemeZones,
    IndicateurValeur,
    IndicateurComplementaire,
    Finances,
    Creton,
    ElementSynthese,
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
    crate::contract::ClauseOverride,
    ValidationEtape,
    Acquittement,
];

pub fn registry() -> &'static [&'static dyn RecordOps] {
    REGISTRY
}

/// Le type d'enregistrement `kind`, s'il existe.
pub fn ops(kind: &str) -> Option<&'static dyn RecordOps> {
    REGISTRY.iter().copied().find(|o| o.kind() == kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editable::RecordKind;

    #[test]
    fn every_record_kind_has_one_entry() {
        let kinds: Vec<&str> = REGISTRY.iter().map(|o| o.kind()).collect();
        let mut dedup = kinds.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), kinds.len(), "types en double : {kinds:?}");
        let all: Vec<RecordKind> = serde_json::from_value(serde_json::json!(kinds)).unwrap();
        assert_eq!(all.len(), REGISTRY.len());
        // Autant d'entrées que de variantes : le registre et l'énumération se correspondent.
        assert_eq!(all.len(), variants().len());
        for k in variants() {
            let name = serde_json::to_value(k).unwrap();
            assert!(ops(name.as_str().unwrap()).is_some(), "{name}");
        }
        assert!(ops("inconnu").is_none());
    }

    #[test]
    fn every_example_record_replays_through_its_field_setters() {
        let mut n = 0u128;
        let mut d = crate::example::example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        });
        d.fill_implicit();
        let mut rebuilt = Dossier::default();
        for o in REGISTRY {
            for row in o.rows(&d) {
                o.check_import(&row.value)
                    .unwrap_or_else(|(f, e)| panic!("{} {} : {f} {e:?}", o.kind(), row.id));
                o.attach(&mut rebuilt, row.id, &row.value.to_string())
                    .unwrap();
            }
        }
        rebuilt.fill_implicit();
        assert_eq!(rebuilt, d, "lecture type par type = dossier d'origine");
    }

    /// Toutes les variantes ; le `match` exhaustif fait échouer la compilation si l'on en
    /// ajoute une sans compléter cette liste.
    fn variants() -> Vec<RecordKind> {
        use RecordKind::*;
        let all = vec![
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
        ];
        for k in &all {
            match k {
                Organisme
                | Cpom
                | Esms
                | Adhesion
                | Engagement
                | Jalon
                | Acteur
                | ChecklistLancement
                | Reunion
                | Reponse
                | ThemeDiagnostic
                | Indicateur
                | IndicateurComplementaire
                | Finances
                | Creton
                | Synthese
                | SourceDiagnostic
                | Conformite
                | ReglagesObjectifs
                | Objectif
                | Action
                | IndicateurObjectif
                | Moyens
                | RepartitionDotation
                | BudgetReference
                | Affectation
                | Suivi
                | Signatures
                | Clause
                | ValidationEtape
                | Acquittement => {}
            }
        }
        all
    }

    #[test]
    fn paths_into_lists_count_from_one() {
        let v = serde_json::json!({"realise": ["7", null, "9"], "a": {"b": 2}});
        assert_eq!(at_path(&v, "realise.1"), serde_json::json!("7"));
        assert_eq!(at_path(&v, "realise.3"), serde_json::json!("9"));
        assert_eq!(at_path(&v, "realise.0"), Value::Null);
        assert_eq!(at_path(&v, "a.b"), serde_json::json!(2));
        assert_eq!(at_path(&v, "a.c"), Value::Null);
    }

    #[test]
    fn a_refused_value_reports_the_field_and_changes_nothing() {
        let o = ops("esms").unwrap();
        let id = Uuid::from_u128(7);
        let json = o.create(id, &[]).unwrap();
        let err = o
            .edit(&json, "finess_et", &serde_json::json!("440000000"))
            .unwrap_err();
        assert!(matches!(err, RecordError::Field(ref e) if e.code == "finess.cle"));
        let e = o.edit(&json, "nom", &serde_json::json!("IME")).unwrap();
        assert!(e.changed);
        assert_eq!(e.new, serde_json::json!("IME"));
        assert_eq!(o.path(id), format!("esms.{id}"));
        assert_eq!(ops("organisme").unwrap().path(id), "organisme");
    }
}
