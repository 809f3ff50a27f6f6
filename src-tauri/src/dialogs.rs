//! Boîtes de dialogue « Ouvrir » et « Enregistrer sous ».
//!
//! Elles sont affichées **depuis Rust** (`tauri_plugin_dialog::DialogExt`) : la page web n'a
//! donc besoin d'aucune permission de dialogue ni de fichiers. Rust lit et écrit lui-même le
//! chemin choisi.
//!
//! **Point d'accroche pour les tests.** Une boîte native ne se pilote pas par WebDriver. Si la
//! variable d'environnement `CPOM_E2E_DIALOG_DIR` est définie, aucune boîte n'est affichée :
//! - « Enregistrer sous » renvoie `<dir>/dossier-<n>.cpom` (n croît, sans écraser un fichier
//!   existant, même d'un lancement à l'autre) ;
//! - « Ouvrir » renvoie le `.cpom` le plus récemment écrit dans `<dir>` (ou « annulé » s'il
//!   n'y en a pas).
//!
//! Cette variable n'est destinée qu'aux tests de bout en bout (`tests/e2e.rs`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Variable d'environnement du point d'accroche des tests.
pub const E2E_DIALOG_DIR: &str = "CPOM_E2E_DIALOG_DIR";

/// Un type de fichier proposé par les boîtes « Enregistrer sous » : filtre, extension et nom
/// des fichiers créés par le point d'accroche des tests.
pub struct FileKind {
    pub filter_name: &'static str,
    pub extension: &'static str,
    pub test_stem: &'static str,
    /// Autres extensions acceptées à l'ouverture (classeur : .xls, .ods).
    pub also: &'static [&'static str],
}

/// Un dossier CPOM (`.cpom`).
pub const DOSSIER: FileKind = FileKind {
    filter_name: "Dossier CPOM",
    extension: "cpom",
    test_stem: "dossier",
    also: &[],
};

/// La copie de travail d'un dossier signé, pour préparer un avenant (`.cpom`).
pub const AVENANT: FileKind = FileKind {
    filter_name: "Dossier CPOM",
    extension: "cpom",
    test_stem: "avenant",
    also: &[],
};

/// Un kit de contribution (un `.cpom` confié à une direction).
pub const KIT: FileKind = FileKind {
    filter_name: "Kit de contribution (dossier CPOM)",
    extension: "cpom",
    test_stem: "kit",
    also: &[],
};

/// Un document PDF (contrat exporté).
pub const PDF: FileKind = FileKind {
    filter_name: "Document PDF",
    extension: "pdf",
    test_stem: "contrat",
    also: &[],
};

/// Un classeur (export du classeur régional ; import : .xlsx, .xls ou .ods).
pub const CLASSEUR: FileKind = FileKind {
    filter_name: "Classeur (xlsx, xls, ods)",
    extension: "xlsx",
    test_stem: "classeur",
    also: &["xls", "ods"],
};

pub enum Dialogs {
    /// Les boîtes natives du système.
    Native,
    /// Test uniquement : chemins choisis sans interaction dans `dir`.
    TestDir { dir: PathBuf, next: AtomicU32 },
}

impl Dialogs {
    pub fn from_env() -> Self {
        match std::env::var_os(E2E_DIALOG_DIR) {
            Some(dir) if !dir.is_empty() => Self::test_dir(PathBuf::from(dir)),
            _ => Self::Native,
        }
    }

    pub fn test_dir(dir: PathBuf) -> Self {
        Self::TestDir {
            dir,
            next: AtomicU32::new(1),
        }
    }

    /// « Enregistrer sous » : le chemin choisi (avec l'extension `.cpom`), `None` si annulé.
    /// Bloquant : à appeler depuis une commande `async`, jamais sur le fil principal.
    pub fn save<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        kind: &FileKind,
        title: &str,
        start_dir: Option<&Path>,
        file_name: &str,
    ) -> Option<PathBuf> {
        match self {
            Self::Native => native(app, kind, title, start_dir)
                .set_file_name(file_name)
                .blocking_save_file()
                .and_then(|p| p.into_path().ok())
                .map(|p| with_extension(p, kind.extension)),
            Self::TestDir { dir, next } => {
                let _ = std::fs::create_dir_all(dir);
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let p = dir.join(format!("{}-{n}.{}", kind.test_stem, kind.extension));
                    if !p.exists() {
                        return Some(p);
                    }
                }
            }
        }
    }

    /// « Ouvrir » : le fichier choisi, `None` si annulé.
    /// Bloquant : à appeler depuis une commande `async`, jamais sur le fil principal.
    pub fn open<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        title: &str,
        start_dir: Option<&Path>,
    ) -> Option<PathBuf> {
        match self {
            Self::Native => native(app, &DOSSIER, title, start_dir)
                .blocking_pick_file()
                .and_then(|p| p.into_path().ok()),
            Self::TestDir { dir, .. } => latest(dir, &DOSSIER),
        }
    }

    /// « Ouvrir » un fichier d'un autre type (classeur à importer), `None` si annulé. Point
    /// d'accroche des tests : le fichier de ce type le plus récent de `<dir>`.
    pub fn open_kind<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        kind: &FileKind,
        title: &str,
    ) -> Option<PathBuf> {
        match self {
            Self::Native => native(app, kind, title, None)
                .blocking_pick_file()
                .and_then(|p| p.into_path().ok()),
            Self::TestDir { dir, .. } => latest(dir, kind),
        }
    }
}

/// Boîte native : titre, filtre « Dossier CPOM (*.cpom) », dossier de départ.
fn native<R: Runtime>(
    app: &AppHandle<R>,
    kind: &FileKind,
    title: &str,
    start_dir: Option<&Path>,
) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    let builder = app.dialog().file().set_title(title).add_filter(
        kind.filter_name,
        &std::iter::once(kind.extension)
            .chain(kind.also.iter().copied())
            .collect::<Vec<_>>(),
    );
    match start_dir {
        Some(dir) => builder.set_directory(dir),
        None => builder,
    }
}

/// Ajoute `.cpom` si l'utilisateur a tapé un nom sans extension (GTK ne l'ajoute pas).
/// Ajoute l'extension si l'utilisateur a tapé un nom sans elle (GTK ne l'ajoute pas).
fn with_extension(p: PathBuf, extension: &str) -> PathBuf {
    let has_ext = p
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if has_ext {
        p
    } else {
        let mut s = p.into_os_string();
        s.push(".");
        s.push(extension);
        PathBuf::from(s)
    }
}

/// Le fichier de ce type le plus récemment modifié de `dir`.
fn latest(dir: &Path, kind: &FileKind) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == kind.extension || kind.also.iter().any(|a| e == *a))
        })
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_added_once() {
        assert_eq!(
            with_extension("/t/a".into(), "cpom"),
            PathBuf::from("/t/a.cpom")
        );
        assert_eq!(
            with_extension("/t/a.CPOM".into(), "cpom"),
            PathBuf::from("/t/a.CPOM")
        );
        assert_eq!(
            with_extension("/t/a.b".into(), "cpom"),
            PathBuf::from("/t/a.b.cpom")
        );
        assert_eq!(
            with_extension("/t/a".into(), "pdf"),
            PathBuf::from("/t/a.pdf")
        );
    }

    #[test]
    fn test_hook_never_overwrites_and_opens_latest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dossier-1.cpom"), b"x").unwrap();
        let hook = Dialogs::test_dir(dir.path().into());
        let app = tauri::test::mock_app();
        let p = hook
            .save(app.handle(), &DOSSIER, "t", None, "x.cpom")
            .unwrap();
        assert_eq!(p, dir.path().join("dossier-2.cpom"));
        std::fs::write(&p, b"y").unwrap();
        assert_eq!(hook.open(app.handle(), "t", None), Some(p));
    }
}
