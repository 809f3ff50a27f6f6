//! Un dossier ouvert : le fichier, la date du jour des règles, le mode kit, et **une**
//! porte d'écriture ([`Session::write`]) : une transaction, la modification, une lecture du
//! dossier, les gardes (`write/`), la validation. Les cas d'usage (`editing.rs`, `steps.rs`,
//! `contribution/`, `import/`…) sont des blocs `impl Session` au-dessus ; la vue
//! (`view.rs`) tout en haut.
//!
//! La session garde le dernier état lu ([`Snapshot`]) : une saisie lit le dossier une fois
//! (dans sa transaction) et la vue qui suit le reprend sans relire. L'état gardé n'est repris
//! que si aucune autre connexion n'a écrit depuis (`PRAGMA data_version`).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::perimetre::{Cpom, Organisme};
use cpom_domain::dossier::signature::Signatures;
use cpom_domain::kernel::issue::Report;
use cpom_domain::perimetre::rules::validate;
use cpom_domain::record::editable::Placed;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::atomic::display;
use crate::error::{Result, ServiceError};
use crate::store::dossier::{Snapshot, read_snapshot, write_dossier};
use crate::store::file::Closed;
use crate::store::lock::WriterLock;
use crate::store::records::{self, Stamp};
use crate::store::{file, lock, schema};
use crate::write::kit::KitMode;
use crate::write::{reopen, signed};

/// Heure courante, ISO 8601 UTC à la milliseconde.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Métadonnées du fichier `.cpom`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DossierMeta {
    pub dossier_id: String,
    pub created_at: String,
    pub schema_version: u32,
    pub app_version: String,
}

/// Une saisie de champ faite pendant cette session (annuler / rétablir, `undo.rs`).
#[derive(Debug, Clone)]
pub(crate) struct FieldChange {
    pub kind: String,
    /// Identifiant passé à la saisie (absent pour un enregistrement unique).
    pub id: Option<String>,
    /// Identifiant de la ligne écrite (celle du journal).
    pub record_id: String,
    pub field: String,
    pub old: serde_json::Value,
    pub new: serde_json::Value,
}

/// Les saisies de la session, à annuler puis à rétablir (jamais enregistrées : une session
/// nouvelle repart d'un historique vide ; le journal du fichier, lui, garde tout).
#[derive(Debug, Default)]
pub(crate) struct History {
    pub undo: Vec<FieldChange>,
    pub redo: Vec<FieldChange>,
}

/// Le dernier état lu et la `data_version` de SQLite à ce moment.
struct Cached {
    data_version: i64,
    snapshot: Snapshot,
}

pub struct Session {
    pub(crate) conn: Connection,
    /// Le verrou d'écriture du dossier (absent en lecture seule) : libéré après la connexion.
    lock: Option<WriterLock>,
    /// Ce qui a été repris d'une session arrêtée brutalement (à dire à l'utilisateur).
    notice: Option<String>,
    path: PathBuf,
    pub(crate) author: String,
    /// Date du jour imposée (tests, `cpom check --date`) ; sinon l'horloge.
    today: Option<NaiveDate>,
    /// Ouvert comme kit de contribution : seule la partie déléguée se modifie.
    pub(crate) kit: Option<KitMode>,
    cache: RefCell<Option<Cached>>,
    pub(crate) history: History,
}

/// L'auteur inscrit sur chaque modification : un nom, borné comme les autres
/// (`CPOM_AUTEUR` de 1 Mo refusé avant d'ouvrir quoi que ce soit).
fn check_author(author: &str) -> Result<()> {
    cpom_domain::kernel::parse::line("auteur", &serde_json::Value::String(author.to_string()))?;
    Ok(())
}

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// Une signature au moins est datée (requête légère, sans lire tout le dossier).
fn any_signature_date(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM record WHERE kind = ?1 AND deleted_at IS NULL \
         AND EXISTS (SELECT 1 FROM json_each(data, '$.signataires') \
                     WHERE json_extract(value, '$.date_signature') IS NOT NULL)",
        [Signatures::KIND],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

impl Session {
    /// Crée un nouveau dossier vide à `path` (remplace un fichier existant, comme le
    /// confirme la boîte « Enregistrer sous » ; la commande `cpom` exige `--force`). Refusé si
    /// un autre écrivain tient ce fichier.
    pub fn create(path: &Path, author: &str) -> Result<Self> {
        Self::create_with(path, author, &Dossier::default())
    }

    /// Crée un dossier à `path` avec le contenu donné (dossier exemple, import).
    pub fn create_with(path: &Path, author: &str, dossier: &Dossier) -> Result<Self> {
        check_author(author)?;
        let lock = lock::acquire(path, author)?;
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
        let (session, _) = Self::from_opened(path, author, file::open_locked(path, lock)?)?;
        Ok(session)
    }

    /// Ouvre un dossier en écriture ; renvoie aussi la sauvegarde faite avant une mise à
    /// niveau du schéma. Prend le verrou d'écriture du dossier (un second écrivain attend un
    /// temps borné puis apprend qui le tient) ; rien n'est écrit avant la première
    /// modification.
    pub fn open(path: &Path, author: &str) -> Result<(Self, Option<PathBuf>)> {
        check_author(author)?;
        let opened = file::open(path, author)?;
        Self::from_opened(path, author, opened)
    }

    fn from_opened(
        path: &Path,
        author: &str,
        opened: file::Opened,
    ) -> Result<(Self, Option<PathBuf>)> {
        let file::Opened {
            conn,
            lock,
            backup,
            recovered,
        } = opened;
        let kit = KitMode::load(&conn)?;
        let s = Self {
            conn,
            lock: Some(lock),
            notice: recovered,
            path: path.to_path_buf(),
            author: author.to_string(),
            today: None,
            kit,
            cache: RefCell::new(None),
            history: History::default(),
        };
        // Un dossier doit avoir son organisme et son CPOM.
        for kind in [Organisme::KIND, Cpom::KIND] {
            if records::singleton(&s.conn, kind)?.is_none() {
                return Err(ServiceError::new(
                    "dossier.incomplet",
                    format!(
                        "Le dossier « {} » est incomplet (aucun enregistrement « {kind} ») : ouvrez une copie de sauvegarde.",
                        display(path)
                    ),
                )
                .with_file(display(path)));
            }
        }
        Ok((s, backup))
    }

    /// Ouvre un dossier en lecture seule : le fichier reste identique à l'octet près, aucun
    /// fichier n'est laissé à côté, et un écrivain en cours n'est jamais gêné. Les opérations
    /// d'écriture échoueront.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        let conn = file::open_read_only(path)?;
        let kit = KitMode::load(&conn)?;
        Ok(Self {
            conn,
            lock: None,
            notice: None,
            path: path.to_path_buf(),
            author: String::new(),
            today: None,
            kit,
            cache: RefCell::new(None),
            history: History::default(),
        })
    }

    /// Une répétition : `f` s'applique à une copie privée du dossier (dans le dossier
    /// temporaire du système), jetée ensuite. Sert à refuser une opération avant de toucher
    /// au fichier (un import refusé le laisse identique à l'octet près, en-tête compris).
    pub fn rehearse<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let dir =
            std::env::temp_dir().join(format!("atelier-cpom-essai-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| {
            crate::error::translate::io(&e, crate::error::translate::Action::Creer, Some(&dir))
        })?;
        let result = (|| {
            let copy = dir.join("essai.cpom");
            file::save_copy(&self.conn, &copy)?;
            let author = if self.author.is_empty() {
                "essai"
            } else {
                &self.author
            };
            let lock = lock::acquire_with(&copy, author, "essai", std::time::Duration::ZERO)?;
            let (mut s, _) = Self::from_opened(&copy, author, file::open_locked(&copy, lock)?)?;
            s.today = self.today;
            let r = f(&mut s);
            drop(s);
            r
        })();
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    /// Ce qui a été repris d'une session précédente arrêtée brutalement, à dire à
    /// l'utilisateur à l'ouverture.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
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

    /// L'auteur inscrit sur ce que la session écrit (dossier de renouvellement préparé
    /// depuis un dossier ouvert en lecture seule).
    pub fn set_author(&mut self, author: &str) {
        self.author = author.to_string();
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Ferme le dossier en laissant un fichier autonome, puis libère le verrou d'écriture.
    /// Ne renvoie jamais d'échec après une modification validée : si le fichier n'a pas pu
    /// être rendu autonome, [`Closed::note`] le dit (les modifications sont enregistrées).
    pub fn close(self) -> Result<Closed> {
        let Session {
            conn, lock, path, ..
        } = self;
        let closed = if lock.is_some() {
            file::close(conn, &path)
        } else {
            drop(conn);
            Closed::default()
        };
        drop(lock);
        Ok(closed)
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

    /// Le dernier état du fichier : celui que la session a gardé si personne n'a écrit
    /// depuis, sinon une lecture.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let version = data_version(&self.conn)?;
        if let Some(c) = self.cache.borrow().as_ref()
            && c.data_version == version
        {
            return Ok(c.snapshot.clone());
        }
        let snapshot = read_snapshot(&self.conn)?;
        *self.cache.borrow_mut() = Some(Cached {
            data_version: version,
            snapshot: snapshot.clone(),
        });
        Ok(snapshot)
    }

    /// Le contenu du dossier.
    pub fn dossier(&self) -> Result<Dossier> {
        Ok(self.snapshot()?.dossier)
    }

    /// La date du jour des règles de calendrier (réunions passées, jalons échus).
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Impose la date du jour (tests, `cpom check --date`).
    pub fn set_today(&mut self, date: NaiveDate) {
        self.today = Some(date);
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

    /// Le kit de contribution ouvert, le cas échéant.
    pub fn kit(&self) -> Option<&KitMode> {
        self.kit.as_ref()
    }

    /// Le dossier était-il signé avant l'écriture ? L'état gardé s'il est à jour ; sans
    /// aucune signature datée, rien à lire.
    fn signed_before(&self) -> Result<Option<Dossier>> {
        let version = data_version(&self.conn)?;
        if let Some(c) = self.cache.borrow().as_ref()
            && c.data_version == version
        {
            return Ok(Some(c.snapshot.dossier.clone()));
        }
        if !any_signature_date(&self.conn)? {
            return Ok(None);
        }
        Ok(Some(self.snapshot()?.dossier))
    }

    /// Une écriture : la modification `f` dans une transaction, puis **une** lecture du
    /// dossier et les gardes (`write/`) : dossier signé (exécution libre, contrat modifié
    /// seulement dans un projet d'avenant, qui reçoit les états d'avant), dernière signature,
    /// partie déléguée d'un kit, réouverture des étapes devenues fautives. Une garde qui refuse annule tout :
    /// le fichier reste inchangé. Le dossier lu est gardé pour la vue qui suit.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Stamp<'_>) -> Result<T>,
    ) -> Result<T> {
        let before = self.signed_before()?;
        let at = now();
        let author = self.author.clone();
        let today = self.today();
        // Première écriture de la session : le dossier passe en mode WAL (le fichier seul
        // reste l'état d'avant jusqu'à la fermeture). Transaction « immédiate » : le verrou
        // d'écriture de SQLite est pris d'emblée, jamais au milieu.
        file::ensure_wal(&self.conn)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let s = Stamp {
            at: &at,
            author: &author,
        };
        let out = f(&tx, &s)?;
        let mut after = read_snapshot(&tx)?;
        let was_signed = match &before {
            // Une signature au moins était datée : l'exécution passe, le contrat ne change
            // que dans un projet d'avenant (qui reçoit les états d'avant).
            Some(b) => {
                if signed::guard(&tx, &s, b, &after.dossier, today)? {
                    after = read_snapshot(&tx)?;
                }
                cpom_domain::suivi::versions::contrat_signe(b)
            }
            None => {
                signed::last_signature(&after.dossier, today)?;
                false
            }
        };
        match &self.kit {
            // Dans un kit, rien hors de la partie déléguée ne s'écrit (pas même la
            // réouverture d'une étape : le siège la fera en intégrant la contribution).
            Some(k) => k.guard(&tx, &at, &after.dossier)?,
            // Un contrat signé ne rouvre pas ses étapes (un projet d'avenant a son propre
            // rapport « Prêt pour signature »).
            None if was_signed => {}
            None => {
                if reopen::reopen_if_needed(&tx, &s, &after.dossier, today)? {
                    after = read_snapshot(&tx)?;
                }
            }
        }
        tx.commit()?;
        let version = data_version(&self.conn)?;
        *self.cache.borrow_mut() = Some(Cached {
            data_version: version,
            snapshot: after,
        });
        Ok(out)
    }
}
