//! Liste des dossiers récents, gardée dans le dossier de configuration de l'application
//! (fichier `recents.json`, écrit de façon atomique).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic::write_atomic;
use crate::error::Result;

const MAX: usize = 10;

pub struct Recents {
    file: PathBuf,
}

impl Recents {
    pub fn new(config_dir: &Path) -> Self {
        Self {
            file: config_dir.join("recents.json"),
        }
    }

    /// La liste, du plus récent au plus ancien ; `exists` dit si le fichier est encore là.
    pub fn list(&self) -> Vec<RecentEntry> {
        let mut v: Vec<RecentEntry> = std::fs::read(&self.file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        for e in &mut v {
            e.exists = Path::new(&e.path).is_file();
        }
        v
    }

    /// Place `path` en tête de liste.
    pub fn touch(&self, path: &Path, at: &str) -> Result<()> {
        let p = path.to_string_lossy().into_owned();
        let mut v = self.list();
        v.retain(|e| e.path != p);
        v.insert(
            0,
            RecentEntry {
                path: p,
                name: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                opened_at: at.to_string(),
                exists: true,
            },
        );
        v.truncate(MAX);
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(&v).unwrap_or_default();
        write_atomic(&self.file, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let r = Recents::new(&dir.path().join("cfg"));
        let a = dir.path().join("a.cpom");
        let b = dir.path().join("b.cpom");
        std::fs::write(&a, b"").unwrap();
        r.touch(&a, "2026-01-01T00:00:00Z").unwrap();
        r.touch(&b, "2026-01-02T00:00:00Z").unwrap();
        r.touch(&a, "2026-01-03T00:00:00Z").unwrap();
        let l = r.list();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].name, "a");
        assert!(l[0].exists);
        assert!(!l[1].exists, "b.cpom n'existe pas");
    }
}

/// Un dossier récemment ouvert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecentEntry {
    pub path: String,
    pub name: String,
    /// ISO 8601, UTC.
    pub opened_at: String,
    /// Faux si le fichier a été déplacé ou supprimé depuis.
    #[serde(default)]
    pub exists: bool,
}
