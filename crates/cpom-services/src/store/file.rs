//! Le fichier `.cpom` : création, ouverture (avec contrôles et mise à niveau du schéma),
//! fermeture en fichier autonome, copie cohérente.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::schema::{APPLICATION_ID, MIGRATIONS, migrations_from};
use crate::atomic::{display, temp_sibling};
use crate::error::{Result, ServiceError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL : chaque modification validée survit à une coupure de courant, pas seulement à
    // l'arrêt brutal du processus.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
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

/// Crée un dossier vide (schéma à jour) à `path`, en passant par un fichier temporaire
/// renommé à la fin : en cas d'erreur, rien n'est laissé à `path`.
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
        let mut conn = Connection::open(&tmp)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrations_from(list)
            .to_latest(&mut conn)
            .map_err(|e| ServiceError::storage("Création du schéma du dossier", e))?;
        init(&mut conn)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.close().map_err(|(_, e)| ServiceError::from(e))?;
        // Un ancien journal laissé à côté de la cible (arrêt brutal d'un dossier qui portait
        // ce nom) serait rejoué par SQLite sur le nouveau fichier : on le retire d'abord.
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            match std::fs::remove_file(&side) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        crate::atomic::sync_and_rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| e.with_file(display(path)))
}

/// Ouvre un dossier existant : vérifie que c'est bien un dossier, refuse un schéma plus
/// récent, sauvegarde puis met à niveau un schéma plus ancien.
/// Renvoie la connexion et, le cas échéant, le chemin de la sauvegarde faite avant mise à niveau.
pub fn open(path: &Path) -> Result<(Connection, Option<PathBuf>)> {
    open_with(path, MIGRATIONS)
}

/// Ouvre un dossier en lecture seule, sans rien écrire (pas même le mode du journal) :
/// contrôles, exports et aperçus laissent le fichier identique à l'octet près. Un dossier
/// dont le schéma n'est pas celui de cette version est refusé ici (l'ouvrir en écriture le
/// met à niveau).
pub fn open_read_only(path: &Path) -> Result<Connection> {
    check_header(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_dossier(path, &format!("ouverture impossible ({e}).")))?;
    check_identity(path, &conn, !closed_cleanly(path))?;
    let version = user_version(&conn)?;
    let latest = MIGRATIONS.len() as u32;
    if version != latest {
        return Err(ServiceError::new(
            "dossier.version",
            format!(
                "Ce dossier est au schéma {version} ; cette version lit le schéma {latest}. \
                 Ouvrez-le dans l'application pour le mettre à niveau."
            ),
        )
        .with_file(display(path)));
    }
    Ok(conn)
}

fn check_header(path: &Path) -> Result<()> {
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| {
        use std::io::Read;
        f.read(&mut head)
    });
    match read {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ServiceError::new(
            "dossier.introuvable",
            format!("Le fichier « {} » est introuvable.", display(path)),
        )
        .with_file(display(path))),
        Err(e) => Err(ServiceError::new(
            "dossier.illisible",
            format!("Impossible de lire « {} » : {e}.", display(path)),
        )
        .with_file(display(path))),
        Ok(n) if n < 16 || &head != SQLITE_MAGIC => Err(not_a_dossier(
            path,
            "ce n'est pas un fichier de dossier (.cpom).",
        )),
        Ok(_) => Ok(()),
    }
}

/// Le fichier a-t-il été fermé proprement ? Une fermeture (`close`, `create`) remet le
/// journal en mode « rollback » (octets 18 et 19 de l'en-tête à 1) et ne laisse ni journal
/// WAL ni journal de transaction à côté. Un fichier resté en mode WAL (octets à 2) ou avec un
/// journal non vide à côté n'a pas été fermé (arrêt brutal, ou encore ouvert ailleurs) : il
/// est vérifié à l'ouverture (`PRAGMA quick_check`). Sinon la vérification, qui lit tout le
/// fichier, ne se fait qu'à la demande (« Vérifier le dossier », [`verify`]).
pub fn closed_cleanly(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 32];
    let Ok(len) = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head).and_then(|()| f.metadata()))
        .map(|m| m.len())
    else {
        return false;
    };
    // Taille annoncée par l'en-tête (taille de page × nombre de pages) : un fichier tronqué
    // ou complété n'a pas été fermé proprement.
    let page = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    let header_ok = head[18] == 1 && head[19] == 1 && page * pages == len;
    let side_empty = ["-wal", "-journal"].iter().all(|suffix| {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        std::fs::metadata(&side).map_or(true, |m| m.len() == 0)
    });
    header_ok && side_empty
}

/// Vérifie l'intégrité du fichier ouvert (`PRAGMA quick_check`, qui lit toutes les pages) :
/// `Ok(())` s'il est sain, sinon l'erreur `dossier.endommage` avec ce que SQLite a trouvé.
pub fn verify(path: &Path, conn: &Connection) -> Result<()> {
    let ok: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|_| not_a_dossier(path, "le fichier est endommagé."))?;
    if ok != "ok" {
        return Err(ServiceError::new(
            "dossier.endommage",
            format!(
                "Le dossier « {} » est endommagé ({ok}). Ouvrez une copie de sauvegarde.",
                display(path)
            ),
        )
        .with_file(display(path)));
    }
    Ok(())
}

fn check_identity(path: &Path, conn: &Connection, integrity: bool) -> Result<()> {
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| not_a_dossier(path, "le fichier est endommagé ou chiffré."))?;
    if app_id != APPLICATION_ID {
        return Err(not_a_dossier(
            path,
            "cette base de données n'a pas été créée par Atelier CPOM.",
        ));
    }
    // Le schéma se lit même d'un fichier dont la fin manque : une lecture légère le
    // confirme sans parcourir tout le fichier.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
        .map_err(|_| not_a_dossier(path, "le fichier est endommagé."))?;
    if integrity {
        verify(path, conn)?;
    }
    Ok(())
}

pub(crate) fn open_with(
    path: &Path,
    list: &'static [&'static str],
) -> Result<(Connection, Option<PathBuf>)> {
    check_header(path)?;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_a_dossier(path, &format!("ouverture impossible ({e}).")))?;
    check_identity(path, &conn, !closed_cleanly(path))?;
    let version = user_version(&conn)?;
    let latest = list.len() as u32;
    if version > latest {
        return Err(ServiceError::new(
            "dossier.trop_recent",
            format!(
                "Ce dossier a été enregistré par une version plus récente d'Atelier CPOM (schéma {version} ; \
                 cette version connaît le schéma {latest}). Mettez l'application à jour pour l'ouvrir : \
                 le fichier n'a pas été modifié."
            ),
        )
        .with_file(display(path)));
    }
    let mut backup = None;
    if version < latest {
        let b = backup_path(path, version);
        conn.execute("VACUUM INTO ?1", [b.to_string_lossy().as_ref()])?;
        migrations_from(list).to_latest(&mut conn).map_err(|e| {
            ServiceError::storage("Mise à niveau du dossier", e).with_file(display(path))
        })?;
        backup = Some(b);
    }
    configure(&conn)?;
    Ok((conn, backup))
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

/// Ferme le dossier en laissant un fichier autonome (journal WAL intégré et supprimé).
pub fn close(conn: Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.close().map_err(|(_, e)| ServiceError::from(e))
}

/// Écrit une copie cohérente et autonome du dossier (VACUUM INTO), via un fichier
/// temporaire renommé : la cible n'est remplacée que si tout a réussi.
pub fn save_copy(conn: &Connection, target: &Path) -> Result<()> {
    let tmp = temp_sibling(target);
    let result = conn
        .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
        .map_err(ServiceError::from)
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
        let err = open_with(&p, V1).unwrap_err();
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
        let (conn, backup) = open_with(&p, V2).unwrap();
        assert_eq!(version(&conn), 3);
        let backup = backup.expect("sauvegarde");
        assert_eq!(backup.file_name().unwrap(), "ancien.avant-schema-3.cpom");
        let (old, none) = open_with(&backup, V1).unwrap();
        assert!(none.is_none());
        assert_eq!(version(&old), 2);
        let id: String = old
            .query_row("SELECT value FROM meta WHERE key = 'dossier_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id, "x");
    }

    #[test]
    fn integrity_is_checked_only_after_an_unclean_close() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("propre.cpom");
        create(&p, |_| Ok(())).unwrap();
        assert!(closed_cleanly(&p), "un fichier créé est fermé proprement");
        let (conn, _) = open(&p).unwrap();
        assert!(!closed_cleanly(&p), "ouvert (journal WAL) : pas fermé");
        // Un arrêt brutal laisse le fichier dans cet état : copie faite avant la fermeture.
        let crashed = dir.path().join("arret-brutal.cpom");
        std::fs::copy(&p, &crashed).unwrap();
        verify(&p, &conn).unwrap();
        close(conn).unwrap();
        assert!(closed_cleanly(&p));
        assert!(!closed_cleanly(&crashed));
        let bytes = std::fs::read(&p).unwrap();
        let cut = dir.path().join("tronque.cpom");
        std::fs::write(&cut, &bytes[..bytes.len() - 512]).unwrap();
        assert!(
            !closed_cleanly(&cut),
            "tronqué : la taille ne correspond plus à l'en-tête"
        );
    }

    #[test]
    fn foreign_and_corrupt_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("notes.cpom");
        std::fs::write(&txt, "bonjour").unwrap();
        assert_eq!(open(&txt).unwrap_err().code, "dossier.format");
        let other = dir.path().join("autre.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute("CREATE TABLE t (x)", [])
            .unwrap();
        let e = open(&other).unwrap_err();
        assert!(
            e.message.contains("pas été créée par Atelier CPOM"),
            "{}",
            e.message
        );
        assert_eq!(
            open(&dir.path().join("absent.cpom")).unwrap_err().code,
            "dossier.introuvable"
        );
        // Fichier tronqué : l'en-tête est là mais pas le reste.
        let good = dir.path().join("bon.cpom");
        create(&good, |_| Ok(())).unwrap();
        let bytes = std::fs::read(&good).unwrap();
        let cut = dir.path().join("tronque.cpom");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        assert!(open(&cut).is_err());
    }
}
