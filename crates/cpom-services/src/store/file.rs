//! Le fichier `.cpom` : création, ouverture (avec contrôles, reprise après un arrêt brutal
//! et mise à niveau du schéma), fermeture en fichier autonome, copie cohérente.
//!
//! **Le fichier seul est toujours un état que l'utilisateur a vu.** Une session ne touche pas
//! au fichier tant qu'elle n'écrit rien (ouvrir puis fermer le laisse identique à l'octet
//! près). À la première écriture, le dossier passe en mode WAL : chaque modification validée
//! va dans le journal `-wal` (synchronisé sur disque), jamais dans le fichier lui-même —
//! aucun point de contrôle automatique ni à la fermeture de la connexion. Le fichier seul reste
//! donc l'état du début de la session. À la fermeture, une copie cohérente et autonome
//! (`VACUUM INTO`) est écrite à côté (`.<nom>.fermeture`), synchronisée, puis le journal est
//! retiré et la copie renommée sur le fichier : à chaque instant, le fichier seul est
//! l'ancien état ou le nouveau. Un arrêt brutal entre deux étapes est repris à l'ouverture
//! suivante, qui le dit.

use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::lock::{self, WriterLock};
use super::schema::{APPLICATION_ID, MIGRATIONS, migrations_from};
use crate::atomic::{display, temp_sibling};
use crate::error::translate::{Action, io};
use crate::error::{Result, ServiceError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Attente d'un verrou de SQLite (une lecture en cours pendant le passage en mode WAL).
const BUSY: std::time::Duration = std::time::Duration::from_secs(5);

fn configure(conn: &Connection) -> Result<()> {
    // FULL : chaque modification validée survit à une coupure de courant, pas seulement à
    // l'arrêt brutal du processus.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(BUSY)?;
    // Le fichier ne change que par la copie renommée de la fermeture : ni point de contrôle
    // automatique, ni point de contrôle quand la connexion se ferme (même sur une erreur).
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    Ok(())
}

/// Le mode du journal de la connexion (« wal », « delete »).
pub fn journal_mode(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))?
        .to_lowercase())
}

/// Passe le dossier en mode WAL avant sa première écriture (une lecture en cours est
/// attendue).
pub fn ensure_wal(conn: &Connection) -> Result<()> {
    if journal_mode(conn)? == "wal" {
        return Ok(());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(ServiceError::new(
            "dossier.occupe",
            "Le dossier est occupé par un autre programme (une lecture en cours) : réessayez dans un instant. Rien n'a été écrit.",
        ));
    }
    Ok(())
}

fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

fn not_a_dossier(path: &Path, why: &str) -> ServiceError {
    ServiceError::new(
        "dossier.format",
        format!(
            "« {} » n'est pas un dossier Atelier CPOM : {why}",
            display(path)
        ),
    )
    .with_file(display(path))
}

/// `dossier.cpom-wal`, `dossier.cpom-shm`, `dossier.cpom-journal`.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// La copie de fermeture : `.dossier.cpom.fermeture`.
pub fn closing_copy(path: &Path) -> PathBuf {
    lock::sibling(path, "fermeture")
}

fn remove_if_exists(p: &Path) -> Result<()> {
    match std::fs::remove_file(p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(io(&e, Action::Supprimer, Some(p)))
        }
        _ => Ok(()),
    }
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// Crée un dossier vide (schéma à jour) à `path`, en passant par un fichier temporaire
/// renommé à la fin : en cas d'erreur, rien n'est laissé à `path`. L'appelant tient le verrou
/// d'écriture de `path` (`Session::create_with`).
pub fn create(path: &Path, init: impl FnOnce(&mut Connection) -> Result<()>) -> Result<()> {
    create_with(path, MIGRATIONS, init)
}

pub(crate) fn create_with(
    path: &Path,
    list: &'static [&'static str],
    init: impl FnOnce(&mut Connection) -> Result<()>,
) -> Result<()> {
    let tmp = temp_sibling(path);
    let result = (|| {
        let mut conn = Connection::open(&tmp)
            .map_err(|e| crate::error::translate::sqlite(&e).with_file(display(path)))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrations_from(list)
            .to_latest(&mut conn)
            .map_err(|e| ServiceError::storage("Création du schéma du dossier", e))?;
        init(&mut conn)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.close().map_err(|(_, e)| ServiceError::from(e))?;
        // Un ancien journal ou une copie de fermeture laissés à côté de la cible (arrêt
        // brutal d'un dossier qui portait ce nom) seraient repris sur le nouveau fichier : on
        // les retire d'abord.
        for side in [
            sidecar(path, "-wal"),
            sidecar(path, "-shm"),
            sidecar(path, "-journal"),
            closing_copy(path),
        ] {
            remove_if_exists(&side)?;
        }
        crate::atomic::sync_and_rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| {
        if e.details.file.is_some() {
            e
        } else {
            e.with_file(display(path))
        }
    })
}

/// Un dossier ouvert en écriture.
pub struct Opened {
    pub conn: Connection,
    /// Le verrou d'écriture, tenu jusqu'à la fermeture.
    pub lock: WriterLock,
    /// La sauvegarde faite avant une mise à niveau du schéma.
    pub backup: Option<PathBuf>,
    /// Ce qui a été repris d'une session arrêtée brutalement, à dire à l'utilisateur.
    pub recovered: Option<String>,
}

/// Ouvre un dossier existant en écriture : prend le verrou d'écriture (attente bornée), reprend
/// une session arrêtée brutalement, vérifie que c'est bien un dossier, refuse un schéma plus
/// récent, sauvegarde puis met à niveau un schéma plus ancien.
pub fn open(path: &Path, author: &str) -> Result<Opened> {
    check_header(path)?;
    let lock = lock::acquire(path, author)?;
    open_with(path, MIGRATIONS, lock)
}

/// Comme [`open`], le verrou déjà pris (création d'un dossier).
pub fn open_locked(path: &Path, lock: WriterLock) -> Result<Opened> {
    open_with(path, MIGRATIONS, lock)
}

/// L'URI SQLite d'un fichier (`file:///…`, caractères réservés encodés).
fn file_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file:");
    if !s.starts_with('/') {
        out.push_str("///");
    } else {
        out.push_str("//");
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Ouvre un dossier en lecture seule, sans rien écrire ni laisser de fichier à côté (pas
/// même `-wal` ou `-shm`) : contrôles, exports et aperçus laissent le fichier identique à
/// l'octet près. Lit le dernier état validé, même pendant qu'un écrivain travaille. Un
/// dossier dont le schéma n'est pas celui de cette version est refusé ici.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let head = check_header(path)?;
    // En-tête en mode WAL sans journal à côté (copie faite après un arrêt brutal, fermeture
    // en cours) : le fichier seul est complet ; SQLite y créerait `-wal` et `-shm` pour le
    // lire, d'où une ouverture « immuable », sans verrou ni fichier annexe.
    let wal_header = head[18] == 2 || head[19] == 2;
    let conn = if wal_header && !sidecar(path, "-wal").exists() {
        Connection::open_with_flags(
            file_uri(path) + "?immutable=1",
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
    } else {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(|e| not_a_dossier(path, "le fichier ne peut pas être ouvert.").with_technique(e))?;
    conn.busy_timeout(BUSY)?;
    check_identity(path, &conn)?;
    let version = user_version(&conn)?;
    let latest = MIGRATIONS.len() as u32;
    if version > latest {
        return Err(too_recent(path, version, latest));
    }
    if version != latest {
        return Err(ServiceError::new(
            "dossier.version",
            format!(
                "Ce dossier est au schéma {version}, plus ancien que celui de cette version ({latest}) : \
                 ouvrez-le une fois dans l'application (ou importez-y un fichier) pour le mettre à niveau ; \
                 une copie de l'ancienne version est gardée à côté."
            ),
        )
        .with_file(display(path)));
    }
    Ok(conn)
}

fn too_recent(path: &Path, version: u32, latest: u32) -> ServiceError {
    ServiceError::new(
        "dossier.trop_recent",
        format!(
            "Ce dossier a été enregistré par une version plus récente d'Atelier CPOM (schéma {version} ; \
             cette version connaît le schéma {latest}). Mettez l'application à jour pour l'ouvrir : \
             le fichier n'a pas été modifié."
        ),
    )
    .with_file(display(path))
}

/// Lit l'en-tête du fichier (100 octets) : refuse ce qui n'est pas une base SQLite.
fn check_header(path: &Path) -> Result<[u8; 100]> {
    let mut head = [0u8; 100];
    let read = std::fs::File::open(path).and_then(|mut f| {
        use std::io::Read;
        let mut n = 0;
        while n < head.len() {
            match f.read(&mut head[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    });
    match read {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ServiceError::new(
            "dossier.introuvable",
            format!(
                "Le fichier « {} » est introuvable : vérifiez son nom et son emplacement.",
                display(path)
            ),
        )
        .with_file(display(path))),
        Err(e) => Err(io(&e, Action::Lire, Some(path))),
        Ok(n) if n < 100 || &head[..16] != SQLITE_MAGIC => Err(not_a_dossier(
            path,
            "ce n'est pas un fichier de dossier (.cpom).",
        )),
        Ok(_) => Ok(head),
    }
}

/// Un fichier SQLite illisible : endommagé (tronqué, page écrasée) ou étranger (chiffré).
fn damaged_or_foreign(path: &Path, e: rusqlite::Error) -> ServiceError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) {
        ServiceError::new(
            "dossier.endommage",
            format!(
                "Le dossier « {} » est endommagé (fichier tronqué ou abîmé) : ouvrez une copie de sauvegarde.",
                display(path)
            ),
        )
        .with_file(display(path))
        .with_technique(e)
    } else {
        not_a_dossier(path, "le fichier est endommagé ou chiffré.").with_technique(e)
    }
}

fn check_identity(path: &Path, conn: &Connection) -> Result<()> {
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| damaged_or_foreign(path, e))?;
    if app_id != APPLICATION_ID {
        return Err(not_a_dossier(
            path,
            "cette base de données n'a pas été créée par Atelier CPOM.",
        ));
    }
    let ok: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| damaged_or_foreign(path, e))?;
    if ok != "ok" {
        return Err(ServiceError::new(
            "dossier.endommage",
            format!(
                "Le dossier « {} » est endommagé : ouvrez une copie de sauvegarde.",
                display(path)
            ),
        )
        .with_file(display(path))
        .with_technique(ok));
    }
    Ok(())
}

/// Reprend, sous le verrou d'écriture, ce qu'une session arrêtée brutalement a laissé : la
/// copie de fermeture complète est mise à sa place ; un journal `-wal` est repris par
/// SQLite. Renvoie la phrase à dire à l'utilisateur.
fn recover(path: &Path) -> Result<Option<String>> {
    let copy = closing_copy(path);
    if copy.exists() {
        let complete = std::fs::read(&copy)
            .map(|b| b.len() >= 100 && &b[..16] == SQLITE_MAGIC)
            .unwrap_or(false);
        if complete {
            // Le journal (s'il est encore là) porte le même état que la copie : on le retire
            // avant de mettre la copie en place, sinon SQLite le rejouerait sur elle.
            remove_if_exists(&sidecar(path, "-wal"))?;
            remove_if_exists(&sidecar(path, "-shm"))?;
            std::fs::rename(&copy, path).map_err(|e| io(&e, Action::Renommer, Some(path)))?;
            sync_dir(path);
            return Ok(Some(
                "Le dossier n'avait pas été fermé jusqu'au bout (arrêt brutal) : sa dernière version enregistrée a été reprise."
                    .into(),
            ));
        }
        remove_if_exists(&copy)?;
    }
    let non_empty = |p: PathBuf| std::fs::metadata(p).is_ok_and(|m| m.len() > 0);
    if non_empty(sidecar(path, "-wal")) {
        return Ok(Some(
            "Le dossier n'avait pas été fermé normalement (arrêt brutal ou lecture en cours à la fermeture) : les modifications enregistrées jusque-là ont été reprises."
                .into(),
        ));
    }
    if non_empty(sidecar(path, "-journal")) {
        return Ok(Some(
            "Le dossier n'avait pas été fermé normalement : une opération interrompue a été annulée ; il est dans l'état qui précédait."
                .into(),
        ));
    }
    Ok(None)
}

pub(crate) fn open_with(
    path: &Path,
    list: &'static [&'static str],
    lock: WriterLock,
) -> Result<Opened> {
    let recovered = recover(path)?;
    check_header(path)?;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) {
            ServiceError::new(
                "dossier.lecture_seule",
                format!(
                    "Le dossier « {} » ne peut pas être ouvert pour modification (fichier en lecture seule ou droits insuffisants) : enregistrez-en une copie ailleurs ou demandez les droits d'écriture.",
                    display(path)
                ),
            )
            .with_file(display(path))
            .with_technique(e)
        } else {
            not_a_dossier(path, "le fichier ne peut pas être ouvert.").with_technique(e)
        }
    })?;
    configure(&conn)?;
    check_identity(path, &conn)?;
    let version = user_version(&conn)?;
    let latest = list.len() as u32;
    if version > latest {
        return Err(too_recent(path, version, latest));
    }
    let mut backup = None;
    if version < latest {
        let b = backup_path(path, version);
        conn.execute("VACUUM INTO ?1", [b.to_string_lossy().as_ref()])?;
        // En mode WAL : une mise à niveau interrompue laisse le fichier seul intact.
        ensure_wal(&conn)?;
        migrations_from(list).to_latest(&mut conn).map_err(|e| {
            ServiceError::storage("Mise à niveau du dossier", e).with_file(display(path))
        })?;
        backup = Some(b);
    }
    Ok(Opened {
        conn,
        lock,
        backup,
        recovered,
    })
}

/// « dossier.avant-schema-1.cpom », sans écraser une sauvegarde existante.
fn backup_path(path: &Path, version: u32) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut candidate = dir.join(format!("{stem}.avant-schema-{}.cpom", version + 1));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{stem}.avant-schema-{}-{n}.cpom", version + 1));
        n += 1;
    }
    candidate
}

/// Ce que la fermeture a pu faire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Closed {
    /// Vrai si la session avait écrit (le fichier a été remplacé par sa nouvelle version).
    pub written: bool,
    /// Le fichier n'a pas pu être rendu autonome : les modifications sont enregistrées (dans
    /// le journal `-wal`) et seront reprises à la prochaine ouverture. Ce qu'il faut en dire.
    pub note: Option<String>,
}

/// Étapes de la fermeture, pour les essais d'arrêt brutal (`CPOM_ESSAI_ARRET=fermeture-N`,
/// constructions de développement seulement).
fn crash_point(step: u32) {
    if cfg!(debug_assertions)
        && std::env::var("CPOM_ESSAI_ARRET").is_ok_and(|v| v == format!("fermeture-{step}"))
    {
        std::process::abort();
    }
}

/// Ferme le dossier en laissant un fichier autonome : sans écriture pendant la session, le
/// fichier n'a pas été touché ; sinon, copie cohérente à côté puis renommage (voir l'en-tête).
/// Ne renvoie jamais d'échec : les modifications validées sont déjà sur le disque ; si le
/// fichier n'a pas pu être rendu autonome, [`Closed::note`] le dit.
pub fn close(conn: Connection, path: &Path) -> Closed {
    if journal_mode(&conn).ok().as_deref() != Some("wal") {
        drop(conn);
        return Closed::default();
    }
    let copy = closing_copy(path);
    let tmp = temp_sibling(path);
    let made = (|| -> Result<()> {
        conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])?;
        crash_point(1);
        crate::atomic::sync_and_rename(&tmp, &copy)
    })();
    let wal = sidecar(path, "-wal");
    let kept = |why: &str| Closed {
        written: true,
        note: Some(format!(
            "Les modifications sont enregistrées, mais le fichier n'a pas pu être rendu autonome ({why}) : gardez le fichier « {} » à côté du dossier ; il sera intégré à la prochaine ouverture.",
            display(&wal)
        )),
    };
    if let Err(e) = made {
        let _ = std::fs::remove_file(&tmp);
        drop(conn);
        return kept(&e.message.to_lowercase());
    }
    crash_point(2);
    // Sans point de contrôle (configure) : le journal reste tel quel.
    if let Err((c, _)) = conn.close() {
        drop(c);
    }
    crash_point(3);
    if std::fs::remove_file(&wal).is_err_and(|e| e.kind() != std::io::ErrorKind::NotFound) {
        // Un lecteur a encore le journal ouvert (Windows) : on le garde, il reste la
        // référence ; la copie de fermeture est retirée.
        let _ = std::fs::remove_file(&copy);
        return kept("une lecture du dossier était en cours");
    }
    let _ = std::fs::remove_file(sidecar(path, "-shm"));
    crash_point(4);
    for _ in 0..40 {
        if std::fs::rename(&copy, path).is_ok() {
            sync_dir(path);
            return Closed {
                written: true,
                note: None,
            };
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Closed {
        written: true,
        note: Some(format!(
            "Les modifications sont enregistrées dans « {} » ; le dossier, encore ouvert en lecture par un autre programme, sera mis à jour à sa prochaine ouverture.",
            display(&copy)
        )),
    }
}

/// Écrit une copie cohérente et autonome du dossier (VACUUM INTO), via un fichier
/// temporaire renommé : la cible n'est remplacée que si tout a réussi.
pub fn save_copy(conn: &Connection, target: &Path) -> Result<()> {
    let tmp = temp_sibling(target);
    let result = conn
        .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) {
                let parent_missing = target
                    .parent()
                    .is_some_and(|p| !p.as_os_str().is_empty() && !p.exists());
                let kind = if parent_missing {
                    std::io::ErrorKind::NotFound
                } else {
                    std::io::ErrorKind::PermissionDenied
                };
                io(&std::io::Error::from(kind), Action::Creer, Some(target)).with_technique(e)
            } else {
                ServiceError::from(e)
            }
        })
        .and_then(|_| crate::atomic::sync_and_rename(&tmp, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| e.with_file(display(target)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &[&str] = MIGRATIONS;
    const V2: &[&str] = &[
        MIGRATIONS[0],
        MIGRATIONS[1],
        "ALTER TABLE meta ADD COLUMN note TEXT;",
    ];

    fn lk(p: &Path) -> WriterLock {
        lock::acquire_with(p, "test", "test", std::time::Duration::ZERO).unwrap()
    }

    fn version(c: &Connection) -> u32 {
        c.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn newer_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("futur.cpom");
        create_with(&p, V2, |_| Ok(())).unwrap();
        let before = std::fs::read(&p).unwrap();
        let err = open_with(&p, V1, lk(&p)).err().unwrap();
        assert_eq!(err.code, "dossier.trop_recent");
        assert!(err.message.contains("schéma 3"), "{}", err.message);
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }

    #[test]
    fn older_file_is_backed_up_then_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ancien.cpom");
        create_with(&p, V1, |c| {
            c.execute(
                "INSERT INTO meta (key, value) VALUES ('dossier_id', 'x')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
        let o = open_with(&p, V2, lk(&p)).ok().unwrap();
        assert_eq!(version(&o.conn), 3);
        let backup = o.backup.clone().expect("sauvegarde");
        assert_eq!(backup.file_name().unwrap(), "ancien.avant-schema-3.cpom");
        let before = std::fs::read(&backup).unwrap();
        let old = open_with(&backup, V1, lk(&backup)).ok().unwrap();
        assert!(old.backup.is_none());
        assert_eq!(version(&old.conn), 2);
        let old = old.conn;
        let id: String = old
            .query_row("SELECT value FROM meta WHERE key = 'dossier_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id, "x");
        // Ouvrir sans écrire puis fermer : le fichier reste identique à l'octet près.
        drop(old);
        assert_eq!(std::fs::read(&backup).unwrap(), before);
        // La mise à niveau est passée par le journal : le fichier seul est encore l'ancien
        // état jusqu'à la fermeture, qui le remplace par le nouveau.
        let closed = close(o.conn, &p);
        assert!(closed.written && closed.note.is_none(), "{closed:?}");
        drop(o.lock);
        assert!(!sidecar(&p, "-wal").exists());
        let raw = Connection::open_with_flags(&p, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        assert_eq!(version(&raw), 3);
    }

    #[test]
    fn foreign_and_corrupt_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("notes.cpom");
        std::fs::write(&txt, "bonjour").unwrap();
        assert_eq!(open(&txt, "t").err().unwrap().code, "dossier.format");
        let other = dir.path().join("autre.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute("CREATE TABLE t (x)", [])
            .unwrap();
        let e = open(&other, "t").err().unwrap();
        assert!(
            e.message.contains("pas été créée par Atelier CPOM"),
            "{}",
            e.message
        );
        assert_eq!(
            open(&dir.path().join("absent.cpom"), "t")
                .err()
                .unwrap()
                .code,
            "dossier.introuvable"
        );
        // Fichier tronqué : l'en-tête est là mais pas le reste.
        let good = dir.path().join("bon.cpom");
        create(&good, |_| Ok(())).unwrap();
        let bytes = std::fs::read(&good).unwrap();
        let cut = dir.path().join("tronque.cpom");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        assert!(open(&cut, "t").is_err());
    }
}
