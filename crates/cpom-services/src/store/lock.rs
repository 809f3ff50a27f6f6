//! **Un seul écrivain à la fois par dossier.** Avant d'écrire quoi que ce soit dans un `.cpom`
//! (ouverture en écriture, création, mise à niveau), l'application comme la commande `cpom`
//! prennent le verrou du système sur un fichier voisin, `.<nom>.verrou` (caché ; le système le
//! libère si le programme s'arrête brutalement : jamais de verrou orphelin). Celui qui le
//! tient écrit à côté qui il est (`.<nom>.occupant` : auteur, programme, poste, depuis quand).
//!
//! Un second écrivain attend un temps borné ([`set_wait`] ; `CPOM_ATTENTE` pour la commande)
//! puis reçoit « Le dossier est en cours de modification par … (depuis …) ; réessayez » sans
//! que rien soit écrit. Les lecteurs (contrôle, exports) ne prennent pas le verrou : ils lisent
//! le dernier état validé (SQLite en mode WAL) sans jamais faire échouer l'écrivain.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::atomic::{display, write_atomic};
use crate::error::translate::{Action, io};
use crate::error::{Result, ServiceError};

/// Qui tient le verrou (contenu de `.<nom>.occupant`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub auteur: String,
    /// « l'application Atelier CPOM », « la commande cpom ».
    pub programme: String,
    /// Nom de l'ordinateur.
    pub poste: String,
    pub pid: u32,
    /// Heure de prise du verrou (ISO 8601, UTC).
    pub depuis: String,
}

struct Settings {
    program: String,
    wait: Duration,
}

static SETTINGS: Mutex<Option<Settings>> = Mutex::new(None);

/// Attente par défaut d'un second écrivain avant de renoncer.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// Le nom du programme inscrit dans le verrou (« l'application Atelier CPOM »).
pub fn set_program(name: &str) {
    let mut s = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let wait = s.as_ref().map_or(DEFAULT_WAIT, |x| x.wait);
    *s = Some(Settings {
        program: name.to_string(),
        wait,
    });
}

/// Le temps qu'un second écrivain attend que le verrou se libère.
pub fn set_wait(wait: Duration) {
    let mut s = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    let program = s
        .as_ref()
        .map_or_else(|| "Atelier CPOM".to_string(), |x| x.program.clone());
    *s = Some(Settings { program, wait });
}

fn settings() -> (String, Duration) {
    let s = SETTINGS.lock().unwrap_or_else(|e| e.into_inner());
    s.as_ref().map_or_else(
        || ("Atelier CPOM".to_string(), DEFAULT_WAIT),
        |x| (x.program.clone(), x.wait),
    )
}

/// Un fichier voisin caché : `.<nom du dossier>.<suffixe>`.
pub fn sibling(dossier: &Path, suffix: &str) -> PathBuf {
    let name = dossier
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = dossier
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(".{name}.{suffix}"))
}

/// Le verrou d'écriture d'un dossier, tenu jusqu'à sa libération (fin de la session).
#[derive(Debug)]
pub struct WriterLock {
    file: Option<File>,
    occupant: PathBuf,
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // D'abord la description (un autre écrivain qui la lirait pendant ce temps
        // dirait « un autre programme »), puis le verrou.
        let _ = std::fs::remove_file(&self.occupant);
        drop(self.file.take());
    }
}

fn hostname() -> String {
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .chain(std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_default()
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_ATTRIBUTE_HIDDEN : le fichier du verrou n'encombre pas l'explorateur.
        o.attributes(0x2);
    }
    o.open(path)
}

/// « le 21 mars 2026 à 14 h 05 » (heure locale) pour un horodatage ISO 8601.
fn since_text(iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(iso)
        .map(|t| {
            let local = t.with_timezone(&chrono::Local);
            format!(
                "le {} à {}",
                cpom_domain::kernel::format::date_long(local.date_naive()),
                local.format("%H h %M")
            )
        })
        .unwrap_or_default()
}

/// Le message du refus, avec ce qu'on sait de celui qui tient le dossier.
pub fn busy_error(dossier: &Path, holder: Option<&Holder>) -> ServiceError {
    let who = match holder {
        Some(h) => {
            let mut parts = vec![h.programme.clone()];
            if !h.poste.is_empty() {
                parts.push(format!("poste {}", h.poste));
            }
            let since = since_text(&h.depuis);
            if !since.is_empty() {
                parts.push(format!("depuis {since}"));
            }
            let name = if h.auteur.trim().is_empty() {
                "un autre utilisateur".to_string()
            } else {
                h.auteur.clone()
            };
            format!("{name} ({})", parts.join(", "))
        }
        None => "un autre programme".to_string(),
    };
    ServiceError::new(
        "dossier.en_cours_de_modification",
        format!(
            "Le dossier « {} » est en cours de modification par {who} ; réessayez quand il sera fermé. Rien n'a été écrit.",
            display(dossier)
        ),
    )
    .with_file(display(dossier))
}

/// Lit la description de celui qui tient le verrou, s'il l'a écrite.
pub fn holder(dossier: &Path) -> Option<Holder> {
    let text = std::fs::read_to_string(sibling(dossier, "occupant")).ok()?;
    serde_json::from_str(&text).ok()
}

/// Prend le verrou d'écriture de `dossier` pour `author`, en attendant au plus le temps
/// réglé ([`set_wait`]). Refus français si un autre écrivain le garde.
pub fn acquire(dossier: &Path, author: &str) -> Result<WriterLock> {
    let (program, wait) = settings();
    acquire_with(dossier, author, &program, wait)
}

pub fn acquire_with(
    dossier: &Path,
    author: &str,
    program: &str,
    wait: Duration,
) -> Result<WriterLock> {
    let lock_path = sibling(dossier, "verrou");
    let file = open_lock_file(&lock_path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            ServiceError::new(
                "dossier.lecture_seule",
                format!(
                    "Le dossier « {} » ne peut pas être modifié : son emplacement est en lecture seule (droits du dossier, clé USB protégée, partage en consultation). Copiez-le ailleurs pour le modifier.",
                    display(dossier)
                ),
            )
            .with_file(display(dossier))
            .with_technique(&e)
        }
        _ => io(&e, Action::Acceder, Some(dossier)),
    })?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                if Instant::now() >= deadline {
                    // Celui qui vient de prendre le verrou écrit qui il est juste après : on
                    // lui laisse un instant pour pouvoir le nommer.
                    let who = (0..10).find_map(|_| {
                        holder(dossier).or_else(|| {
                            std::thread::sleep(Duration::from_millis(30));
                            None
                        })
                    });
                    return Err(busy_error(dossier, who.as_ref()));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            // Système de fichiers sans verrous (rare) : SQLite protège encore chaque
            // transaction ; on continue sans verrou explicite.
            Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => break,
            Err(TryLockError::Error(e)) => return Err(io(&e, Action::Acceder, Some(dossier))),
        }
    }
    let occupant = sibling(dossier, "occupant");
    let me = Holder {
        auteur: author.to_string(),
        programme: program.to_string(),
        poste: hostname(),
        pid: std::process::id(),
        depuis: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    };
    // La description n'est qu'un confort : le verrou seul protège.
    if let Ok(text) = serde_json::to_string(&me) {
        let _ = write_atomic(&occupant, text.as_bytes());
    }
    Ok(WriterLock {
        file: Some(file),
        occupant,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_is_told_who_holds_the_dossier() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("dossier.cpom");
        let first = acquire_with(
            &d,
            "Marie Dupont",
            "l'application Atelier CPOM",
            DEFAULT_WAIT,
        )
        .unwrap();
        let t = Instant::now();
        let e =
            acquire_with(&d, "Paul", "la commande cpom", Duration::from_millis(300)).unwrap_err();
        assert!(t.elapsed() >= Duration::from_millis(300));
        assert_eq!(e.code, "dossier.en_cours_de_modification");
        assert!(
            e.message
                .contains("par Marie Dupont (l'application Atelier CPOM"),
            "{}",
            e.message
        );
        assert!(e.message.contains("depuis le "), "{}", e.message);
        assert!(e.message.contains("réessayez"), "{}", e.message);
        drop(first);
        // Libéré : le suivant l'obtient, et la description est la sienne.
        let second = acquire_with(&d, "Paul", "la commande cpom", Duration::ZERO).unwrap();
        assert_eq!(holder(&d).unwrap().auteur, "Paul");
        drop(second);
        assert!(holder(&d).is_none());
    }

    #[test]
    fn a_waiting_writer_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("dossier.cpom");
        let first = acquire_with(&d, "A", "test", DEFAULT_WAIT).unwrap();
        let d2 = d.clone();
        let waiter = std::thread::spawn(move || acquire_with(&d2, "B", "test", DEFAULT_WAIT));
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
        assert!(waiter.join().unwrap().is_ok());
    }
}
