//! Un dossier ouvert : toutes les opérations de l'application et de la ligne de commande.
//! Chaque modification est validée par le domaine puis écrite dans une transaction :
//! une saisie refusée laisse le fichier inchangé.

use std::path::{Path, PathBuf};

use cpom_domain::fields::{
    set_adhesion_field, set_cpom_field, set_esms_field, set_organisme_field,
};
use cpom_domain::model::{Adhesion, AdhesionKind, Cpom, Esms, Organisme};
use cpom_domain::{Dossier, Report, validate};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::atomic::display;
use crate::error::{Result, ServiceError};
use crate::store::records::{self, Stamp};
use crate::store::{file, schema};
use crate::view::{DossierMeta, DossierView, FieldUpdate, RecordStamp, TargetKind};

pub const KIND_ORGANISME: &str = "organisme";
pub const KIND_CPOM: &str = "cpom";
pub const KIND_ESMS: &str = "esms";
pub const KIND_ADHESION: &str = "adhesion";

/// Heure courante, ISO 8601 UTC à la milliseconde.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub struct Session {
    conn: Connection,
    path: PathBuf,
    author: String,
}

impl Session {
    /// Crée un nouveau dossier vide à `path` (remplace un fichier existant, comme le
    /// confirme la boîte « Enregistrer sous »).
    pub fn create(path: &Path, author: &str) -> Result<Self> {
        Self::create_with(path, author, &Dossier::default())
    }

    /// Crée un dossier à `path` avec le contenu donné (dossier exemple, import).
    pub fn create_with(path: &Path, author: &str, dossier: &Dossier) -> Result<Self> {
        let at = now();
        file::create(path, |conn| {
            let tx = conn.transaction()?;
            let s = Stamp { at: &at, author };
            records::meta_set(&tx, "dossier_id", &Uuid::new_v4().to_string())?;
            records::meta_set(&tx, "created_at", &at)?;
            records::meta_set(&tx, "app_version", env!("CARGO_PKG_VERSION"))?;
            write_dossier(&tx, &s, dossier)?;
            tx.commit()?;
            Ok(())
        })?;
        let (session, _) = Self::open(path, author)?;
        Ok(session)
    }

    /// Ouvre un dossier ; renvoie aussi la sauvegarde faite avant une mise à niveau du schéma.
    pub fn open(path: &Path, author: &str) -> Result<(Self, Option<PathBuf>)> {
        let (conn, backup) = file::open(path)?;
        let s = Self {
            conn,
            path: path.to_path_buf(),
            author: author.to_string(),
        };
        // Un dossier doit avoir son organisme et son CPOM.
        for kind in [KIND_ORGANISME, KIND_CPOM] {
            if records::singleton(&s.conn, kind)?.is_none() {
                return Err(ServiceError::new(
                    "dossier.incomplet",
                    format!(
                        "Le dossier « {} » est incomplet (aucun enregistrement « {kind} »).",
                        display(path)
                    ),
                )
                .with_file(display(path)));
            }
        }
        Ok((s, backup))
    }

    /// Ouvre un dossier en lecture seule : le fichier reste identique à l'octet près.
    /// Les opérations d'écriture échoueront.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        let conn = file::open_read_only(path)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            author: String::new(),
        })
    }

    /// Ferme une session ouverte en lecture seule.
    pub fn close_read_only(self) {
        drop(self.conn);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Ferme le dossier en laissant un fichier autonome.
    pub fn close(self) -> Result<()> {
        file::close(self.conn)
    }

    /// « Enregistrer une copie » : fichier cohérent et autonome.
    pub fn save_copy(&self, target: &Path) -> Result<()> {
        if target == self.path {
            return Err(ServiceError::new(
                "copie.meme_fichier",
                "Choisissez un autre fichier que le dossier ouvert pour la copie.",
            ));
        }
        file::save_copy(&self.conn, target)
    }

    /// Le contenu du dossier.
    pub fn dossier(&self) -> Result<Dossier> {
        let mut d = Dossier::default();
        for r in records::load_all(&self.conn)? {
            match r.kind.as_str() {
                KIND_ORGANISME => d.organisme = r.parse()?,
                KIND_CPOM => d.cpom = r.parse()?,
                KIND_ESMS => {
                    let mut e: Esms = r.parse()?;
                    e.id = parse_uuid(&r.id)?;
                    d.esms.push(e);
                }
                KIND_ADHESION => {
                    let mut a: Adhesion = r.parse()?;
                    a.id = parse_uuid(&r.id)?;
                    d.adhesions.push(a);
                }
                _ => {} // types des étapes suivantes : ignorés par cette version
            }
        }
        Ok(d)
    }

    pub fn report(&self) -> Result<Report> {
        Ok(validate(&self.dossier()?))
    }

    pub fn meta(&self) -> Result<DossierMeta> {
        Ok(DossierMeta {
            dossier_id: records::meta_get(&self.conn, "dossier_id")?.unwrap_or_default(),
            created_at: records::meta_get(&self.conn, "created_at")?.unwrap_or_default(),
            schema_version: schema::latest_version(),
            app_version: records::meta_get(&self.conn, "app_version")?.unwrap_or_default(),
        })
    }

    /// Tout ce que l'interface affiche.
    pub fn view(&self) -> Result<DossierView> {
        let rows = records::load_all(&self.conn)?;
        let dossier = self.dossier()?;
        Ok(DossierView {
            path: display(&self.path),
            name: self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            meta: self.meta()?,
            derived: dossier.derived(),
            report: validate(&dossier),
            dossier,
            stamps: rows
                .into_iter()
                .map(|r| RecordStamp {
                    id: r.id,
                    kind: r.kind,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                    created_by: r.created_by,
                    updated_by: r.updated_by,
                })
                .collect(),
            saved_at: records::last_write(&self.conn)?,
        })
    }

    /// Enregistre la modification d'un champ (refusée sans rien écrire si la valeur est invalide).
    /// Renvoie faux si la valeur était déjà celle-là (rien n'est écrit).
    pub fn update_field(&mut self, u: &FieldUpdate) -> Result<bool> {
        let at = now();
        let author = self.author.clone();
        let s = Stamp {
            at: &at,
            author: &author,
        };
        let tx = self.conn.transaction()?;
        let changed = match u.kind {
            TargetKind::Organisme => {
                let row = records::singleton(&tx, KIND_ORGANISME)?.ok_or_else(missing)?;
                apply(
                    &tx,
                    &s,
                    &row,
                    KIND_ORGANISME,
                    "organisme",
                    &u.field,
                    |o: &mut Organisme| set_organisme_field(o, &u.field, &u.value),
                )?
            }
            TargetKind::Cpom => {
                let row = records::singleton(&tx, KIND_CPOM)?.ok_or_else(missing)?;
                apply(
                    &tx,
                    &s,
                    &row,
                    KIND_CPOM,
                    "cpom",
                    &u.field,
                    |c: &mut Cpom| set_cpom_field(c, &u.field, &u.value),
                )?
            }
            TargetKind::Esms => {
                let id = required_id(u)?;
                let row = records::get(&tx, KIND_ESMS, id)?.ok_or_else(missing)?;
                apply(
                    &tx,
                    &s,
                    &row,
                    KIND_ESMS,
                    &format!("esms.{id}"),
                    &u.field,
                    |e: &mut Esms| set_esms_field(e, &u.field, &u.value),
                )?
            }
            TargetKind::Adhesion => {
                let id = required_id(u)?;
                let row = records::get(&tx, KIND_ADHESION, id)?.ok_or_else(missing)?;
                apply(
                    &tx,
                    &s,
                    &row,
                    KIND_ADHESION,
                    &format!("adhesions.{id}"),
                    &u.field,
                    |a: &mut Adhesion| set_adhesion_field(a, &u.field, &u.value),
                )?
            }
        };
        tx.commit()?;
        Ok(changed)
    }

    fn next_position(&self, kind: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(position), -1) + 1 FROM record WHERE kind = ?1 AND deleted_at IS NULL",
            [kind],
            |r| r.get(0),
        )?)
    }

    /// Ajoute un ESMS vide en fin de périmètre ; renvoie son identifiant.
    pub fn add_esms(&mut self) -> Result<String> {
        let id = Uuid::new_v4();
        let pos = self.next_position(KIND_ESMS)?;
        self.insert(KIND_ESMS, &id.to_string(), pos, &Esms::new(id))?;
        Ok(id.to_string())
    }

    /// Ajoute une adhésion ; renvoie son identifiant.
    pub fn add_adhesion(&mut self, kind: AdhesionKind) -> Result<String> {
        let id = Uuid::new_v4();
        let pos = self.next_position(KIND_ADHESION)?;
        self.insert(
            KIND_ADHESION,
            &id.to_string(),
            pos,
            &Adhesion {
                id,
                kind,
                nom: String::new(),
            },
        )?;
        Ok(id.to_string())
    }

    fn insert<T: Serialize>(&mut self, kind: &str, id: &str, pos: i64, data: &T) -> Result<()> {
        let at = now();
        let author = self.author.clone();
        let tx = self.conn.transaction()?;
        records::insert(
            &tx,
            &Stamp {
                at: &at,
                author: &author,
            },
            id,
            kind,
            pos,
            data,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Supprime un ESMS ou une adhésion (une trace est gardée pour la fusion).
    pub fn delete(&mut self, kind: TargetKind, id: &str) -> Result<()> {
        let k = match kind {
            TargetKind::Esms => KIND_ESMS,
            TargetKind::Adhesion => KIND_ADHESION,
            _ => {
                return Err(ServiceError::new(
                    "suppression.impossible",
                    "L'organisme et le CPOM ne peuvent pas être supprimés.",
                ));
            }
        };
        let at = now();
        let author = self.author.clone();
        let tx = self.conn.transaction()?;
        records::soft_delete(
            &tx,
            &Stamp {
                at: &at,
                author: &author,
            },
            id,
            k,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Déplace un ESMS à la position `to_index` (0 = en tête).
    pub fn move_esms(&mut self, id: &str, to_index: usize) -> Result<()> {
        let at = now();
        let author = self.author.clone();
        let s = Stamp {
            at: &at,
            author: &author,
        };
        let tx = self.conn.transaction()?;
        let mut ids: Vec<String> = records::load_all(&tx)?
            .into_iter()
            .filter(|r| r.kind == KIND_ESMS)
            .map(|r| r.id)
            .collect();
        let from = ids.iter().position(|x| x == id).ok_or_else(missing)?;
        let moved = ids.remove(from);
        ids.insert(to_index.min(ids.len()), moved);
        for (i, rid) in ids.iter().enumerate() {
            records::set_position(&tx, rid, i as i64)?;
        }
        records::journal(
            &tx,
            &s,
            id,
            KIND_ESMS,
            "move",
            None,
            Some(&from.to_string()),
            Some(&to_index.to_string()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Remplace tout le contenu du dossier (import JSON), en une transaction. Les
    /// enregistrements sont appariés par identifiant ; ceux qui disparaissent sont supprimés.
    pub fn replace_content(&mut self, new: &Dossier) -> Result<()> {
        let at = now();
        let author = self.author.clone();
        let s = Stamp {
            at: &at,
            author: &author,
        };
        let tx = self.conn.transaction()?;
        let existing = records::load_all(&tx)?;
        let find = |kind: &str, id: &str| existing.iter().find(|r| r.kind == kind && r.id == id);
        let mut keep: Vec<String> = Vec::new();
        upsert(
            &tx,
            &s,
            find(KIND_ORGANISME, &singleton_id(&existing, KIND_ORGANISME)),
            KIND_ORGANISME,
            &singleton_id(&existing, KIND_ORGANISME),
            0,
            &new.organisme,
        )?;
        upsert(
            &tx,
            &s,
            find(KIND_CPOM, &singleton_id(&existing, KIND_CPOM)),
            KIND_CPOM,
            &singleton_id(&existing, KIND_CPOM),
            0,
            &new.cpom,
        )?;
        for (i, e) in new.esms.iter().enumerate() {
            let id = e.id.to_string();
            upsert(&tx, &s, find(KIND_ESMS, &id), KIND_ESMS, &id, i as i64, e)?;
            keep.push(id);
        }
        for (i, a) in new.adhesions.iter().enumerate() {
            let id = a.id.to_string();
            upsert(
                &tx,
                &s,
                find(KIND_ADHESION, &id),
                KIND_ADHESION,
                &id,
                i as i64,
                a,
            )?;
            keep.push(id);
        }
        for r in existing
            .iter()
            .filter(|r| (r.kind == KIND_ESMS || r.kind == KIND_ADHESION) && !keep.contains(&r.id))
        {
            records::soft_delete(&tx, &s, &r.id, &r.kind)?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn singleton_id(rows: &[records::RecordRow], kind: &str) -> String {
    rows.iter()
        .find(|r| r.kind == kind)
        .map(|r| r.id.clone())
        .unwrap_or_else(|| Uuid::new_v4().to_string())
}

fn upsert<T: Serialize>(
    tx: &rusqlite::Transaction<'_>,
    s: &Stamp<'_>,
    existing: Option<&records::RecordRow>,
    kind: &str,
    id: &str,
    position: i64,
    data: &T,
) -> Result<()> {
    let json =
        serde_json::to_string(data).map_err(|e| ServiceError::storage("Sérialisation", e))?;
    match existing {
        None => records::insert(tx, s, id, kind, position, data),
        Some(r) => {
            if r.data != json {
                let old: Value = serde_json::from_str(&r.data).unwrap_or(Value::Null);
                let new: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
                if old != new {
                    records::update(tx, s, id, data)?;
                    records::journal(tx, s, id, kind, "import", None, Some(&r.data), Some(&json))?;
                }
            }
            if r.position != position {
                records::set_position(tx, id, position)?;
            }
            Ok(())
        }
    }
}

fn write_dossier(tx: &rusqlite::Transaction<'_>, s: &Stamp<'_>, d: &Dossier) -> Result<()> {
    records::insert(
        tx,
        s,
        &Uuid::new_v4().to_string(),
        KIND_ORGANISME,
        0,
        &d.organisme,
    )?;
    records::insert(tx, s, &Uuid::new_v4().to_string(), KIND_CPOM, 0, &d.cpom)?;
    for (i, e) in d.esms.iter().enumerate() {
        records::insert(tx, s, &e.id.to_string(), KIND_ESMS, i as i64, e)?;
    }
    for (i, a) in d.adhesions.iter().enumerate() {
        records::insert(tx, s, &a.id.to_string(), KIND_ADHESION, i as i64, a)?;
    }
    Ok(())
}

fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| {
        ServiceError::new(
            "dossier.identifiant",
            format!("Identifiant d'enregistrement invalide : {s}."),
        )
    })
}

fn missing() -> ServiceError {
    ServiceError::new(
        "enregistrement.introuvable",
        "Cet élément n'existe plus dans le dossier (supprimé entre-temps ?).",
    )
}

fn required_id(u: &FieldUpdate) -> Result<&str> {
    u.id.as_deref().ok_or_else(|| {
        ServiceError::new(
            "modification.identifiant",
            "Identifiant de l'élément à modifier manquant.",
        )
    })
}

/// JSON de `v` au chemin « a.b.c » (pour le journal).
fn at_path(v: &Value, field: &str) -> Value {
    let pointer = format!("/{}", field.replace('.', "/"));
    v.pointer(&pointer).cloned().unwrap_or(Value::Null)
}

/// Charge, modifie par le domaine, écrit et journalise un enregistrement.
fn apply<T>(
    tx: &rusqlite::Transaction<'_>,
    s: &Stamp<'_>,
    row: &records::RecordRow,
    kind: &str,
    prefix: &str,
    field: &str,
    set: impl FnOnce(&mut T) -> std::result::Result<(), cpom_domain::FieldError>,
) -> Result<bool>
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + Clone,
{
    let before: T = row.parse()?;
    let mut after = before.clone();
    set(&mut after).map_err(|e| ServiceError::from(e.prefixed(prefix)))?;
    if after == before {
        return Ok(false);
    }
    let old = serde_json::to_value(&before).unwrap_or(Value::Null);
    let new = serde_json::to_value(&after).unwrap_or(Value::Null);
    records::update(tx, s, &row.id, &after)?;
    records::journal(
        tx,
        s,
        &row.id,
        kind,
        "update",
        Some(field),
        Some(&at_path(&old, field).to_string()),
        Some(&at_path(&new, field).to_string()),
    )?;
    Ok(true)
}
