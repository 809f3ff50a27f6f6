//! Lire, écrire et modifier les enregistrements du dossier, tous types confondus, à travers le
//! registre du domaine (`cpom_domain::registry`) : aucun `match` par type ici.

use std::collections::{HashMap, HashSet};

use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::perimetre::AdhesionKind;
use cpom_domain::record::ops::{RecordError, RecordOps};
use cpom_domain::record::table::{ops, registry};
use rusqlite::{Connection, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::records::{self, RecordRow, Stamp};
use crate::view::{FieldUpdate, TargetKind};

fn illisible(kind: &str, id: &str, why: &str) -> ServiceError {
    ServiceError::new(
        "dossier.enregistrement_illisible",
        format!("Un enregistrement du dossier ({kind} {id}) est illisible : {why}."),
    )
}

fn record_error(e: RecordError, prefix: &str, kind: &str, id: &str) -> ServiceError {
    match e {
        RecordError::Field(f) => ServiceError::from(f.prefixed(prefix)),
        RecordError::Illisible(why) => illisible(kind, id, &why),
    }
}

pub(crate) fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| {
        ServiceError::new(
            "dossier.identifiant",
            format!("Identifiant d'enregistrement invalide : {s}."),
        )
    })
}

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

/// Lit tout le dossier (types inconnus de cette version ignorés), jalons standard complétés.
pub fn read_dossier(conn: &Connection) -> Result<Dossier> {
    let mut d = Dossier::default();
    for r in records::load_all(conn)? {
        let Some(o) = ops(&r.kind) else { continue };
        let id = if o.singleton() {
            Uuid::nil()
        } else {
            parse_uuid(&r.id)?
        };
        o.attach(&mut d, id, &r.data)
            .map_err(|e| record_error(e, "", &r.kind, &r.id))?;
    }
    d.fill_implicit();
    Ok(d)
}

/// Écrit un dossier complet dans un fichier neuf (les enregistrements implicites vides ne
/// sont pas écrits).
pub fn write_dossier(tx: &Transaction<'_>, s: &Stamp<'_>, d: &Dossier) -> Result<()> {
    for o in registry() {
        for (i, row) in o.rows(d).into_iter().enumerate() {
            if row.implicit_default {
                continue;
            }
            let id = if o.singleton() {
                Uuid::new_v4()
            } else {
                row.id
            };
            records::insert_raw(
                tx,
                s,
                &id.to_string(),
                o.kind(),
                i as i64,
                &row.value.to_string(),
            )?;
        }
    }
    Ok(())
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
fn apply(
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
fn delete_owned(tx: &Transaction<'_>, s: &Stamp<'_>, kind: &str, id: &str) -> Result<()> {
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
fn create_or_complete(
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

fn refuse_system(o: &dyn RecordOps) -> Result<()> {
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

impl Session {
    /// Enregistre la modification d'un champ (refusée sans rien écrire si la valeur est
    /// invalide). Renvoie faux si la valeur était déjà celle-là (rien n'est écrit).
    pub fn update_field(&mut self, u: &FieldUpdate) -> Result<bool> {
        let o = kind_ops(&u.kind.as_str())?;
        refuse_system(o)?;
        self.write(|tx, s| apply(tx, s, o, u.id.as_deref(), &u.field, &u.value))
    }

    /// Ajoute un enregistrement de type `kind`, initialisé champ par champ avec `init` (et
    /// `parent`, l'ESMS d'une réponse ou d'un indicateur). Si un enregistrement de même clé
    /// existe déjà (réponse à la même question pour le même ESMS…), il est complété et son
    /// identifiant renvoyé. Une valeur refusée n'écrit rien.
    pub fn add_record(
        &mut self,
        kind: TargetKind,
        parent: Option<&str>,
        init: Option<&Map<String, Value>>,
    ) -> Result<String> {
        let o = kind_ops(&kind.as_str())?;
        refuse_system(o)?;
        if o.singleton() {
            return Err(ServiceError::new(
                "ajout.impossible",
                format!("« {} » existe une seule fois dans le dossier.", o.label()),
            ));
        }
        let mut fields: Vec<(String, Value)> = Vec::new();
        if let (Some(p), Some(f)) = (parent, o.parent_field()) {
            fields.push((f.to_string(), Value::String(p.to_string())));
        }
        fields.extend(
            init.into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        self.write(|tx, s| create_or_complete(tx, s, o, &fields))
    }

    /// Applique des opérations d'import (champs d'enregistrements existants, nouveaux
    /// enregistrements) en **une** transaction : chaque champ passe par les contrôles de la
    /// saisie et le journal ; une seule valeur refusée et rien n'est écrit.
    pub fn apply_ops(&mut self, ops: &[crate::import::plan::Op]) -> Result<()> {
        use crate::import::plan::Op;
        self.write(|tx, s| {
            for op in ops {
                match op {
                    Op::Update {
                        kind,
                        id,
                        field,
                        value,
                    } => {
                        let o = kind_ops(kind)?;
                        refuse_system(o)?;
                        apply(tx, s, o, id.as_deref(), field, value)?;
                    }
                    Op::Create { kind, fields } => {
                        let o = kind_ops(kind)?;
                        refuse_system(o)?;
                        create_or_complete(tx, s, o, fields)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Supprime un enregistrement (une trace est gardée pour la fusion des contributions).
    pub fn delete_record(&mut self, kind: TargetKind, id: &str) -> Result<()> {
        let o = kind_ops(&kind.as_str())?;
        let standard = parse_uuid(id)
            .ok()
            .is_some_and(|u| o.implicit_json(u).is_some());
        if o.singleton() || standard || !o.editable() {
            return Err(ServiceError::new(
                "suppression.impossible",
                format!(
                    "« {} » ne se supprime pas{}.",
                    o.label(),
                    if standard {
                        " : effacez plutôt ses dates"
                    } else {
                        ""
                    }
                ),
            ));
        }
        self.write(|tx, s| {
            records::soft_delete(tx, s, id, o.kind())?;
            delete_owned(tx, s, o.kind(), id)
        })
    }

    /// Déplace un enregistrement à la position `to_index` (0 = en tête).
    pub fn move_record(&mut self, kind: TargetKind, id: &str, to_index: usize) -> Result<()> {
        let o = kind_ops(&kind.as_str())?;
        self.write(|tx, s| {
            let mut ids: Vec<String> = records::load_kind(tx, o.kind())?
                .into_iter()
                .map(|r| r.id)
                .collect();
            let from = ids.iter().position(|x| x == id).ok_or_else(missing)?;
            let moved = ids.remove(from);
            ids.insert(to_index.min(ids.len()), moved);
            for (i, rid) in ids.iter().enumerate() {
                records::set_position(tx, rid, i as i64)?;
            }
            records::journal(
                tx,
                s,
                id,
                o.kind(),
                "move",
                None,
                Some(&from.to_string()),
                Some(&to_index.to_string()),
            )
        })
    }

    /// Ajoute un ESMS vide en fin de périmètre ; renvoie son identifiant.
    pub fn add_esms(&mut self) -> Result<String> {
        self.add_record(TargetKind::Esms, None, None)
    }

    /// Ajoute une adhésion ; renvoie son identifiant.
    pub fn add_adhesion(&mut self, kind: AdhesionKind) -> Result<String> {
        let mut init = Map::new();
        init.insert(
            "kind".into(),
            serde_json::to_value(kind).unwrap_or_default(),
        );
        self.add_record(TargetKind::Adhesion, None, Some(&init))
    }

    /// Supprime un enregistrement (ancien nom, gardé pour l'interface du périmètre).
    pub fn delete(&mut self, kind: TargetKind, id: &str) -> Result<()> {
        self.delete_record(kind, id)
    }

    /// Déplace un ESMS à la position `to_index` (0 = en tête).
    pub fn move_esms(&mut self, id: &str, to_index: usize) -> Result<()> {
        self.move_record(TargetKind::Esms, id, to_index)
    }

    /// Remplace tout le contenu du dossier (import JSON), en une transaction. Les
    /// enregistrements sont appariés par identifiant ; ceux qui disparaissent sont supprimés.
    /// Les types inconnus du registre (clauses du contrat…) ne sont pas touchés.
    pub fn replace_content(&mut self, new: &Dossier) -> Result<()> {
        self.write(|tx, s| {
            for o in registry() {
                replace_kind(tx, s, *o, new)?;
            }
            Ok(())
        })
    }
}

fn same_json(a: &str, b: &str) -> bool {
    a == b || serde_json::from_str::<Value>(a).ok() == serde_json::from_str::<Value>(b).ok()
}

fn replace_kind(
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
            None => records::insert_raw(tx, s, &id, o.kind(), i as i64, &json)?,
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
