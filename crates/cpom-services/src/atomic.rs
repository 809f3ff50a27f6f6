//! Écritures sûres : un fichier temporaire voisin, synchronisé sur disque, puis renommé.
//! La cible n'est jamais laissée à moitié écrite.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::error::translate::{Action, io};

/// Chemin affichable dans un message.
pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Un fichier temporaire dans le même dossier que `target` (le renommage reste atomique).
pub fn temp_sibling(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()))
}

/// Synchronise `tmp` sur disque puis le renomme en `target`.
pub fn sync_and_rename(tmp: &Path, target: &Path) -> Result<()> {
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(&e, Action::Ecrire, Some(target)))?;
    std::fs::rename(tmp, target).map_err(|e| io(&e, Action::Renommer, Some(target)))?;
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Écrit `bytes` dans `target` de façon atomique.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_sibling(target);
    let result = (|| {
        let mut f = File::create(&tmp).map_err(|e| io(&e, Action::Creer, Some(target)))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| io(&e, Action::Ecrire, Some(target)))?;
        drop(f);
        sync_and_rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| e.with_file(display(target)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_or_leaves_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("a.json");
        write_atomic(&t, b"un").unwrap();
        write_atomic(&t, b"deux").unwrap();
        assert_eq!(std::fs::read(&t).unwrap(), b"deux");
        // Dossier cible inexistant : erreur, rien de créé.
        let bad = dir.path().join("absent").join("b.json");
        assert!(write_atomic(&bad, b"x").is_err());
        assert!(!bad.exists());
        // Pas de fichier temporaire laissé.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
