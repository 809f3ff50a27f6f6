//! Ouvre un fichier produit par l'application avec le programme par défaut du système, depuis
//! Rust : la page web n'a besoin d'aucune permission « shell ».

use std::path::Path;
use std::process::{Command, Stdio};

pub fn open_with_system(p: &Path) -> std::io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    // Détaché : la visionneuse vit sa vie, l'application n'attend pas.
    Command::new(program)
        .arg(p)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}
