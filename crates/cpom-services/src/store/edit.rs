//! Les écritures d'enregistrements, tous types confondus, dans une transaction : saisie d'un
//! champ (contrôlée par le domaine, journalisée), création ou complément, suppression avec
//! les enregistrements possédés, remplacement d'un type entier (import), enregistrements
//! tenus par l'application (validations d'étapes, acquittements).

use std::collections::{HashMap, HashSet};

use cpom_domain::dossier::Dossier;
use cpom_domain::record::editable::Editable;
use cpom_domain::record::ops::RecordOps;
use cpom_domain::record::table::{ops, registry};
use rusqlite::Transaction;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::store::dossier::{parse_uuid, record_error};
use crate::store::records::{self, RecordRow, Stamp};

pub(crate) fn missing() -> ServiceError {
    ServiceError::new(
        "enregistrement.introuvable",
        "Cet élément n'existe plus dans le dossier (supprimé entre-temps ?).",
    )
}

/// Le type d'enregistrement `kind`.
pub(crate) fn kind_ops(kind: &str) -> Result<&'static dyn RecordOps> {
    ops(kind).ok_or_else(|| {
        ServiceError::new(
            "enregistrement.type",
            format!("« {kind} » n'est pas un type d'enregistrement du dossier."),
        )
    })
}

/// L'enregistrement stocké visé par une saisie, ou l'enregistrement implicite à écrire.
enum Target {
    Stored(RecordRow),
    Implicit { id: String, json: String },
}

fn locate(tx: &Transaction<'_>, o: &dyn RecordOps, id: Option<&str>) -> Result<(Uuid, Target)> {
    if o.singleton() {
        return Ok(match records::singleton(tx, o.kind())? {
            Some(r) => (Uuid::nil(), Target::Stored(r)),
            None => (
                Uuid::nil(),
                Target::Implicit {
                    id: Uuid::new_v4().to_string(),
                    json: o.implicit_json(Uuid::nil()).ok_or_else(missing)?,
                },
            ),
        });
    }
    let id = id.ok_or_else(|| {
        ServiceError::new(
            "modification.identifiant",
            "Identifiant de l'élément à modifier manquant.",
        )
    })?;
    let uuid = parse_uuid(id)?;
    match records::get(tx, o.kind(), id)? {
        Some(r) => Ok((uuid, Target::Stored(r))),
        None => {
            let json = o.implicit_json(uuid).ok_or_else(missing)?;
            Ok((
                uuid,
                Target::Implicit {
                    id: id.to_string(),
                    json,
                },
            ))
        }
    }
}

/// Applique une saisie ; renvoie faux si la valeur était déjà celle-là.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    o: &dyn RecordOps,
    id: Option<&str>,
    field: &str,
    value: &Value,
) -> Result<bool> {
    let (uuid, target) = locate(tx, o, id)?;
    let (rid, data) = match &target {
        Target::Stored(r) => (r.id.clone(), r.data.clone()),
        Target::Implicit { id, json } => (id.clone(), json.clone()),
    };
    let edit = o
        .edit(&data, field, value)
        .map_err(|e| record_error(e, &o.path(uuid), o.kind(), &rid))?;
    if !edit.changed {
        return Ok(false);
    }
    match target {
        Target::Stored(_) => records::update_raw(tx, s, &rid, &edit.json)?,
        Target::Implicit { json, .. } => {
            let pos = records::next_position(tx, o.kind())?;
            records::insert_raw(tx, s, &rid, o.kind(), pos, &json)?;
            records::update_raw(tx, s, &rid, &edit.json)?;
        }
    }
    records::journal(
        tx,
        s,
        &rid,
        o.kind(),
        "update",
        Some(field),
        Some(&edit.old.to_string()),
        Some(&edit.new.to_string()),
    )?;
    Ok(true)
}

/// Supprime les enregistrements possédés par `kind`/`id` (actions et indicateurs d'une
/// fiche-objectif) : ils n'ont pas de sens sans leur parent.
pub(crate) fn delete_owned(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    kind: &str,
    id: &str,
) -> Result<()> {
    for child in registry().iter().filter(|c| c.owner_kind() == Some(kind)) {
        let Some(field) = child.parent_field() else {
            continue;
        };
        for r in records::load_kind(tx, child.kind())? {
            let parent = serde_json::from_str::<Value>(&r.data)
                .ok()
                .and_then(|v| v.get(field).and_then(Value::as_str).map(str::to_string));
            if parent.as_deref() == Some(id) {
                records::soft_delete(tx, s, &r.id, child.kind())?;
            }
        }
    }
    Ok(())
}

/// Crée un enregistrement champ par champ ; s'il en existe un de même clé, le complète.
pub(crate) fn create_or_complete(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    o: &dyn RecordOps,
    fields: &[(String, Value)],
) -> Result<String> {
    let id = Uuid::new_v4();
    let json = o
        .create(id, fields)
        .map_err(|e| record_error(e, &o.path(id), o.kind(), &id.to_string()))?;
    if let Some(key) = o.unique_key(&json)
        && let Some(existing) = records::load_kind(tx, o.kind())?
            .into_iter()
            .find(|r| o.unique_key(&r.data).as_deref() == Some(key.as_str()))
    {
        for (f, v) in fields {
            apply(tx, s, o, Some(&existing.id), f, v)?;
        }
        return Ok(existing.id);
    }
    let pos = records::next_position(tx, o.kind())?;
    records::insert_raw(tx, s, &id.to_string(), o.kind(), pos, &json)?;
    Ok(id.to_string())
}

pub(crate) fn refuse_system(o: &dyn RecordOps) -> Result<()> {
    if o.editable() {
        Ok(())
    } else {
        Err(ServiceError::new(
            "modification.impossible",
            format!(
                "« {} » est tenu par l'application : utilisez la commande prévue.",
                o.label()
            ),
        ))
    }
}

fn same_json(a: &str, b: &str) -> bool {
    a == b || serde_json::from_str::<Value>(a).ok() == serde_json::from_str::<Value>(b).ok()
}

pub(crate) fn replace_kind(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    o: &dyn RecordOps,
    new: &Dossier,
) -> Result<()> {
    let existing = records::load_kind(tx, o.kind())?;
    let by_id: HashMap<&str, &RecordRow> = existing.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut keep: HashSet<String> = HashSet::new();
    for (i, row) in o.rows(new).into_iter().enumerate() {
        let json = row.value.to_string();
        let id = if o.singleton() {
            existing
                .first()
                .map(|r| r.id.clone())
                .unwrap_or_else(|| Uuid::new_v4().to_string())
        } else {
            row.id.to_string()
        };
        match by_id.get(id.as_str()) {
            Some(r) => {
                if !same_json(&r.data, &json) {
                    records::update_raw(tx, s, &id, &json)?;
                    records::journal(
                        tx,
                        s,
                        &id,
                        o.kind(),
                        "import",
                        None,
                        Some(&r.data),
                        Some(&json),
                    )?;
                }
                if r.position != i as i64 && !o.singleton() {
                    records::set_position(tx, &id, i as i64)?;
                }
            }
            None if row.implicit_default => {}
            None => {
                // Un enregistrement supprimé puis remis (import, abandon d'un projet
                // d'avenant) garde son identifiant.
                if !records::revive(tx, s, &id, o.kind(), i as i64, &json)? {
                    records::insert_raw(tx, s, &id, o.kind(), i as i64, &json)?;
                }
            }
        }
        keep.insert(id);
    }
    if !o.singleton() {
        for r in existing.iter().filter(|r| !keep.contains(&r.id)) {
            records::soft_delete(tx, s, &r.id, o.kind())?;
        }
    }
    Ok(())
}

/// Le premier enregistrement de type `T` qui satisfait `pred`, avec sa ligne.
pub(crate) fn find<T: Editable>(
    tx: &Transaction<'_>,
    pred: impl Fn(&T) -> bool,
) -> Result<Option<(RecordRow, T)>> {
    for r in records::load_kind(tx, T::KIND)? {
        let x: T = r.parse()?;
        if pred(&x) {
            return Ok(Some((r, x)));
        }
    }
    Ok(None)
}

/// Écrit (crée ou met à jour) un enregistrement tenu par l'application.
pub(crate) fn save<T: Editable>(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    existing: Option<&RecordRow>,
    value: &T,
    field: &str,
) -> Result<()> {
    let json = serde_json::to_string(value)
        .map_err(|e| ServiceError::storage("Sérialisation d'un enregistrement", e))?;
    match existing {
        Some(r) => {
            records::update_raw(tx, s, &r.id, &json)?;
            records::journal(
                tx,
                s,
                &r.id,
                T::KIND,
                "update",
                Some(field),
                Some(&r.data),
                Some(&json),
            )
        }
        None => {
            let pos = records::next_position(tx, T::KIND)?;
            records::insert_raw(tx, s, &value.id().to_string(), T::KIND, pos, &json)
        }
    }
}
