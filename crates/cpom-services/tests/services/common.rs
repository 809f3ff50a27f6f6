use std::path::PathBuf;

use cpom_services::Session;
use cpom_services::example::create_example;
use tempfile::TempDir;

pub const AUTHOR: &str = "Test Siège";

pub fn temp() -> TempDir {
    tempfile::tempdir().unwrap()
}

pub fn example(dir: &TempDir) -> (Session, PathBuf) {
    let p = dir.path().join("exemple.cpom");
    (create_example(&p, AUTHOR).unwrap(), p)
}

pub fn journal_len(s: &Session) -> i64 {
    s.connection()
        .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .unwrap()
}

/// Un outil externe de vérification (LibreOffice, openpyxl, poppler, qpdf) est-il là ? Sur un
/// poste, son absence saute la vérification avec un message ; en CI (`CI` renseignée), elle
/// fait échouer le test : une vérification ne passe jamais en silence faute d'outil.
pub fn external_tool(what: &str, available: bool, install: &str) -> bool {
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} est introuvable : la CI doit l'installer ({install})."
        );
        eprintln!("{what} absent : vérification sautée ({install}).");
    }
    available
}

/// LibreOffice (`soffice`) est-il là ? Voir [`external_tool`].
pub fn soffice() -> bool {
    let ok = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    external_tool(
        "LibreOffice",
        ok,
        "scripts/installer-dependances.sh --tests, paquet libreoffice-calc-nogui",
    )
}
