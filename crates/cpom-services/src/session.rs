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
use cpom_domain::computed::{Computed, Part};
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::etapes::StepId;
use cpom_domain::dossier::perimetre::{Cpom, Organisme};
use cpom_domain::kernel::issue::Issue;
use cpom_domain::kernel::issue::Report;
use cpom_domain::perimetre::rules::validate;
use cpom_domain::record::editable::Placed;
use cpom_domain::record::table::{RecordKind, ops};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::atomic::display;
use crate::error::{Result, ServiceError};
use crate::store::dossier::{
    Snapshot, kind_range, parse_uuid, read_snapshot, record_error, write_dossier,
};
use crate::store::file::Closed;
use crate::store::lock::WriterLock;
use crate::store::records::{self, RecordRow, Stamp, Touched};
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

/// Ce que l'interface a reçu en dernier (vue entière ou delta) : sa version, les calculs
/// affichés, et ce que les écritures ont touché depuis (de quoi calculer le prochain delta).
pub(crate) struct Shown {
    pub version: u64,
    pub computed: Computed,
    /// Enregistrements touchés depuis (type, identifiant), sans doublon, dans l'ordre.
    pub touched: Vec<(&'static str, String)>,
    /// Types dont l'ordre a pu changer (déplacement) depuis.
    pub reordered: Vec<&'static str>,
}

/// Le dernier état lu et la `data_version` de SQLite à ce moment, tenu à jour par les
/// écritures de la session elle-même sans relire tout le dossier.
struct Cached {
    data_version: i64,
    /// Dernier numéro du journal pris en compte.
    last_seq: i64,
    snapshot: Snapshot,
    /// Heure de la dernière écriture (gardée : jamais recherchée dans tout le journal).
    saved_at: Option<String>,
    shown: Option<Shown>,
    /// Points des étapes vérifiées par la dernière écriture (réouverture), valables pour le
    /// dossier gardé : le prochain delta ne refait pas tourner leurs règles.
    known: Vec<(StepId, Vec<Issue>)>,
}

/// Comment l'état gardé suit une écriture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Follow {
    /// Les enregistrements touchés (lus dans le journal de l'écriture) sont relus un par un.
    Records,
    /// Tout est relu (imports, intégrations : écritures en nombre ou hors journal).
    Reload,
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
    /// Numéro de la dernière vue ou du dernier delta remis à l'interface.
    view_version: std::cell::Cell<u64>,
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
            view_version: std::cell::Cell::new(0),
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
            view_version: std::cell::Cell::new(0),
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

    /// « Vérifier le dossier » : contrôle d'intégrité de tout le fichier (`PRAGMA
    /// quick_check`). À l'ouverture, il n'est fait que si le fichier n'a pas été fermé
    /// proprement (`store::file::closed_cleanly`).
    pub fn verify(&self) -> Result<()> {
        file::verify(&self.path, &self.conn)
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

    /// L'état gardé à jour : relu en entier si une autre connexion a écrit depuis (ou si
    /// une écriture refusée l'a laissé incertain).
    fn fresh(&self) -> Result<std::cell::RefMut<'_, Cached>> {
        let version = data_version(&self.conn)?;
        let mut cache = self.cache.borrow_mut();
        if cache.as_ref().is_none_or(|c| c.data_version != version) {
            let snapshot = read_snapshot(&self.conn)?;
            *cache = Some(Cached {
                data_version: version,
                last_seq: records::last_seq(&self.conn)?,
                snapshot,
                saved_at: records::last_write(&self.conn)?,
                shown: None,
                known: Vec::new(),
            });
        }
        Ok(std::cell::RefMut::map(cache, |c| {
            c.as_mut().expect("état gardé")
        }))
    }

    /// Le dernier état du fichier : celui que la session a gardé si personne n'a écrit
    /// depuis, sinon une lecture.
    pub fn snapshot(&self) -> Result<Snapshot> {
        Ok(self.fresh()?.snapshot.clone())
    }

    /// Le dossier gardé, sans copie (exports, imports : un grand dossier n'est pas dupliqué).
    /// Tant que la garde vit, ne rien demander d'autre à la session qui lise son état.
    pub fn kept_dossier(&self) -> Result<std::cell::RefMut<'_, Dossier>> {
        Ok(std::cell::RefMut::map(self.fresh()?, |c| {
            &mut c.snapshot.dossier
        }))
    }

    /// Applique `f` au dossier gardé (sans copie).
    pub fn with_dossier<T>(&self, f: impl FnOnce(&Dossier) -> T) -> Result<T> {
        Ok(f(&self.fresh()?.snapshot.dossier))
    }

    /// Heure de la dernière écriture.
    pub fn saved_at(&self) -> Result<Option<String>> {
        Ok(self.fresh()?.saved_at.clone())
    }

    /// Tout ce qui se calcule du dossier pour l'affichage, noté comme remis à l'interface :
    /// le prochain [`Session::take_changes`] partira de là. Renvoie aussi la version.
    pub(crate) fn show_all(&self) -> Result<(u64, Snapshot, Computed)> {
        let today = self.today();
        let mut c = self.fresh()?;
        let computed = Computed::compute(&c.snapshot.dossier, today);
        let version = self.view_version.get() + 1;
        self.view_version.set(version);
        c.shown = Some(Shown {
            version,
            computed: computed.clone(),
            touched: Vec::new(),
            reordered: Vec::new(),
        });
        Ok((version, c.snapshot.clone(), computed))
    }

    /// Ce qui a changé depuis ce que l'interface a reçu : `None` s'il faut lui renvoyer la
    /// vue entière (rien de remis encore, ou une écriture en nombre depuis). Sinon l'ancienne
    /// version, la nouvelle, les parties recalculées qui ont changé, les enregistrements
    /// touchés et les types réordonnés ; `f` lit le dossier et les calculs à jour.
    pub(crate) fn take_changes<T>(
        &self,
        f: impl FnOnce(
            &Snapshot,
            &Computed,
            &[(Part, Value)],
            &[(&'static str, String)],
            &[&'static str],
            Option<&str>,
        ) -> T,
    ) -> Result<Option<(u64, u64, T)>> {
        let today = self.today();
        let mut c = self.fresh()?;
        let c = &mut *c;
        let Some(shown) = c.shown.as_mut() else {
            return Ok(None);
        };
        let mut kinds: Vec<RecordKind> = Vec::new();
        for (k, _) in &shown.touched {
            if let Some(info) = cpom_domain::record::table::KINDS
                .iter()
                .find(|i| i.name == *k)
                && !kinds.contains(&info.kind)
            {
                kinds.push(info.kind);
            }
        }
        let known = std::mem::take(&mut c.known);
        let parts = shown
            .computed
            .update(&c.snapshot.dossier, today, &kinds, known);
        let base = shown.version;
        let version = self.view_version.get() + 1;
        self.view_version.set(version);
        shown.version = version;
        let out = f(
            &c.snapshot,
            &shown.computed,
            &parts,
            &shown.touched,
            &shown.reordered,
            c.saved_at.as_deref(),
        );
        shown.touched.clear();
        shown.reordered.clear();
        Ok(Some((base, version, out)))
    }

    /// Le contenu du dossier.
    pub fn dossier(&self) -> Result<Dossier> {
        Ok(self.fresh()?.snapshot.dossier.clone())
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
        self.with_dossier(validate)
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

    /// Une écriture : la modification `f` dans une transaction, puis les gardes (`write/`) :
    /// dossier signé (exécution libre, contrat modifié seulement dans un projet d'avenant,
    /// qui reçoit les états d'avant), dernière signature, partie déléguée d'un kit,
    /// réouverture des étapes devenues fautives (jamais sur un contrat signé). Une garde qui
    /// refuse annule tout : le fichier reste inchangé.
    ///
    /// L'état gardé suit sans relire tout le dossier : les enregistrements que l'écriture a
    /// journalisés sont relus un par un et remplacés dans le dossier gardé, et seules les
    /// étapes dont les règles lisent un type touché sont revérifiées pour la réouverture.
    /// Les écritures en nombre ([`Session::write_reload`]) relisent tout.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Stamp<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(Follow::Records, f)
    }

    /// Une écriture en nombre (import, intégration, clauses) : l'état gardé est relu en
    /// entier et l'interface recevra la vue entière.
    pub(crate) fn write_reload<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Stamp<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(Follow::Reload, f)
    }

    fn write_with<T>(
        &mut self,
        follow: Follow,
        f: impl FnOnce(&Transaction<'_>, &Stamp<'_>) -> Result<T>,
    ) -> Result<T> {
        match self.try_write(follow, f) {
            Ok(out) => Ok(out),
            Err(WriteError::Refused(e)) => Err(e),
            Err(WriteError::Failed(e)) => {
                // Refus d'une garde ou erreur après la modification : la transaction est
                // annulée ; l'état gardé a pu changer en cours de route, il sera relu.
                *self.cache.borrow_mut() = None;
                Err(e)
            }
        }
    }

    fn try_write<T>(
        &mut self,
        follow: Follow,
        f: impl FnOnce(&Transaction<'_>, &Stamp<'_>) -> Result<T>,
    ) -> std::result::Result<T, WriteError> {
        use WriteError::{Failed, Refused};
        self.fresh().map_err(Refused)?;
        let at = now();
        let author = self.author.clone();
        let today = self.today();
        let Some(mut cache) = self.cache.take() else {
            return Err(Refused(ServiceError::new(
                "dossier.etat",
                "État du dossier indisponible : rouvrez le dossier.",
            )));
        };
        // Le dossier d'avant l'écriture, pour la garde d'un dossier signé : copié seulement
        // si une signature au moins est datée (sinon seule la dernière signature est gardée).
        let before =
            any_signature_date(&cache.snapshot.dossier).then(|| cache.snapshot.dossier.clone());
        // Première écriture de la session : le dossier passe en mode WAL (le fichier seul
        // reste l'état d'avant jusqu'à la fermeture). Transaction « immédiate » : le verrou
        // d'écriture de SQLite est pris d'emblée, jamais au milieu.
        if let Err(e) = file::ensure_wal(&self.conn) {
            *self.cache.borrow_mut() = Some(cache);
            return Err(Refused(e));
        }
        let tx = match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(tx) => tx,
            Err(e) => {
                *self.cache.borrow_mut() = Some(cache);
                return Err(Refused(e.into()));
            }
        };
        let s = Stamp {
            at: &at,
            author: &author,
        };
        let out = match f(&tx, &s) {
            Ok(out) => out,
            Err(e) => {
                // Saisie refusée avant toute lecture : l'état gardé reste valable.
                drop(tx);
                *self.cache.borrow_mut() = Some(cache);
                return Err(Refused(e));
            }
        };
        cache.known.clear();
        let touched = (|| -> Result<Vec<Touched>> {
            let mut touched = records::touched_since(&tx, cache.last_seq)?;
            if follow == Follow::Reload {
                cache.snapshot = read_snapshot(&tx)?;
            } else {
                follow_records(&tx, &mut cache.snapshot, &touched)?;
            }
            let was_signed = match &before {
                // Une signature au moins était datée : l'exécution passe, le contrat ne
                // change que dans un projet d'avenant (qui reçoit les états d'avant).
                Some(b) => {
                    let seq = records::last_seq(&tx)?;
                    if signed::guard(&tx, &s, b, &cache.snapshot.dossier, today)? {
                        let more = records::touched_since(&tx, seq)?;
                        if follow == Follow::Reload {
                            cache.snapshot = read_snapshot(&tx)?;
                        } else {
                            follow_records(&tx, &mut cache.snapshot, &more)?;
                        }
                        touched.extend(more);
                    }
                    cpom_domain::suivi::versions::contrat_signe(b)
                }
                None => {
                    signed::last_signature(&cache.snapshot.dossier, today)?;
                    false
                }
            };
            match &self.kit {
                // Dans un kit, rien hors de la partie déléguée ne s'écrit (pas même la
                // réouverture d'une étape : le siège la fera en intégrant la contribution).
                Some(k) => k.guard(&tx, &at, &cache.snapshot.dossier)?,
                // Un contrat signé ne rouvre pas ses étapes (un projet d'avenant a son
                // propre rapport « Prêt pour signature »).
                None if was_signed => {}
                None => {
                    let kinds = touched_kinds(&touched);
                    let seq = records::last_seq(&tx)?;
                    let (reopened, known) =
                        reopen::reopen_if_needed(&tx, &s, &cache.snapshot.dossier, today, &kinds)?;
                    cache.known = known;
                    if reopened {
                        let more = records::touched_since(&tx, seq)?;
                        if follow == Follow::Reload {
                            cache.snapshot = read_snapshot(&tx)?;
                        } else {
                            follow_records(&tx, &mut cache.snapshot, &more)?;
                        }
                        touched.extend(more);
                    }
                }
            }
            cache.last_seq = records::last_seq(&tx)?;
            tx.commit()?;
            Ok(touched)
        })()
        .map_err(Failed)?;
        cache.data_version = data_version(&self.conn).map_err(Failed)?;
        if !touched.is_empty() {
            cache.saved_at = Some(at.clone());
        }
        match (&mut cache.shown, follow) {
            (Some(shown), Follow::Records) => {
                for t in &touched {
                    let key = (t.kind, t.id.clone());
                    if !shown.touched.contains(&key) {
                        shown.touched.push(key);
                    }
                    if t.moved && !shown.reordered.contains(&t.kind) {
                        shown.reordered.push(t.kind);
                    }
                }
            }
            (shown, _) => *shown = None,
        }
        *self.cache.borrow_mut() = Some(cache);
        Ok(out)
    }
}

/// Une écriture qui n'a pas abouti : refusée avant de toucher l'état gardé, ou échouée après.
enum WriteError {
    Refused(ServiceError),
    Failed(ServiceError),
}

/// Une signature au moins est-elle datée ? (Le dossier est alors gardé comme signé, ou en
/// cours de signature.)
fn any_signature_date(d: &Dossier) -> bool {
    d.signature
        .signatures
        .signataires
        .iter()
        .any(|x| x.date_signature.is_some())
}

/// Les types des enregistrements touchés.
fn touched_kinds(touched: &[Touched]) -> Vec<RecordKind> {
    let mut kinds: Vec<RecordKind> = Vec::new();
    for t in touched {
        if let Some(info) = cpom_domain::record::table::KINDS
            .iter()
            .find(|i| i.name == t.kind)
            && !kinds.contains(&info.kind)
        {
            kinds.push(info.kind);
        }
    }
    kinds
}

/// Met l'état gardé à jour des enregistrements touchés par une écriture : chacun est relu
/// (par sa clé) et remplacé, ajouté ou retiré dans le dossier et les lignes ; un type dont
/// un enregistrement a été déplacé est remis dans l'ordre du fichier. Coût : proportionnel
/// au nombre d'enregistrements touchés (plus la longueur des listes concernées), jamais à
/// la taille du dossier entier.
fn follow_records(conn: &Connection, snap: &mut Snapshot, touched: &[Touched]) -> Result<()> {
    for t in touched {
        let Some(o) = ops(t.kind) else { continue };
        let uuid = if o.singleton() {
            Uuid::nil()
        } else {
            parse_uuid(&t.id)?
        };
        match records::get_alive(conn, &t.id)? {
            Some(row) => {
                o.upsert(&mut snap.dossier, uuid, &row.data)
                    .map_err(|e| record_error(e, "", &row.kind, &row.id))?;
                upsert_row(&mut snap.rows, row);
            }
            None => {
                o.remove(&mut snap.dossier, uuid);
                let range = kind_range(&snap.rows, t.kind);
                if let Some(i) = snap.rows[range.clone()].iter().position(|r| r.id == t.id) {
                    snap.rows.remove(range.start + i);
                }
            }
        }
    }
    let mut moved: Vec<&'static str> = touched.iter().filter(|t| t.moved).map(|t| t.kind).collect();
    moved.dedup();
    for kind in moved {
        let Some(o) = ops(kind) else { continue };
        let fresh = records::load_kind(conn, kind)?;
        let ids: Vec<Uuid> = fresh
            .iter()
            .filter_map(|r| Uuid::parse_str(&r.id).ok())
            .collect();
        o.reorder(&mut snap.dossier, &ids);
        let range = kind_range(&snap.rows, kind);
        snap.rows.splice(range, fresh);
    }
    snap.dossier.fill_implicit();
    Ok(())
}

/// Remplace la ligne de même identifiant, ou l'ajoute après les lignes de son type.
fn upsert_row(rows: &mut Vec<RecordRow>, row: RecordRow) {
    let range = kind_range(rows, &row.kind);
    if let Some(r) = rows[range.clone()].iter_mut().find(|r| r.id == row.id) {
        *r = row;
        return;
    }
    rows.insert(range.end, row);
}
