//! Ouvre un fichier produit par l'application avec le programme par défaut du système, ou
//! montre le dossier qui le contient, depuis Rust : la page web n'a besoin d'aucune
//! permission « shell ».

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Pourquoi un fichier n'a pas pu être ouvert.
#[derive(Debug)]
pub enum OpenError {
    /// Aucun programme d'ouverture (pas de `xdg-open`, ou aucun programme associé au type).
    NoProgram,
    Other(std::io::Error),
}

fn launcher() -> &'static str {
    if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    }
}

/// Lance `program args` détaché ; attend au plus 2 s : un lanceur qui s'arrête en échec
/// (xdg-open : code 3 ou 4, aucun programme pour ce type) est signalé, un programme qui
/// tourne encore est considéré comme ouvert.
fn run(program: &str, args: &[&std::ffi::OsStr]) -> Result<(), OpenError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OpenError::NoProgram,
            _ => OpenError::Other(e),
        })?;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        match child.try_wait() {
            // L'explorateur de Windows renvoie 1 même quand il a ouvert le fichier.
            Ok(Some(status)) if status.success() || cfg!(target_os = "windows") => return Ok(()),
            Ok(Some(_)) => return Err(OpenError::NoProgram),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(OpenError::Other(e)),
        }
    }
    Ok(())
}

pub fn open_with_system(p: &Path) -> Result<(), OpenError> {
    run(launcher(), &[p.as_os_str()])
}

/// Montre le dossier qui contient `p` dans le gestionnaire de fichiers (le fichier
/// sélectionné sous Windows et macOS).
pub fn show_in_folder(p: &Path) -> Result<(), OpenError> {
    if cfg!(target_os = "windows") {
        let mut arg = std::ffi::OsString::from("/select,");
        arg.push(p.as_os_str());
        return run("explorer", &[arg.as_os_str()]);
    }
    if cfg!(target_os = "macos") {
        return run("open", &["-R".as_ref(), p.as_os_str()]);
    }
    let dir = p.parent().unwrap_or(Path::new("."));
    run("xdg-open", &[dir.as_os_str()])
}
