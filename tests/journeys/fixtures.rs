//! Dossiers enregistrés par des versions publiées (`tests/fixtures/`) : chaque version
//! future doit savoir les ouvrir (et les mettre à niveau après sauvegarde).

use std::path::PathBuf;

use cpom_services::Session;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn dossier_written_by_0_1_0_opens() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("exemple-0.1.0.cpom");
    std::fs::copy(fixture("exemple-schema-1.cpom"), &p).unwrap();
    let (s, _backup) = Session::open(&p, "test").unwrap();
    let d = s.dossier().unwrap();
    assert_eq!(
        d.organisme.raison_sociale,
        "Association Les Iris de l'Erdre"
    );
    assert_eq!(d.esms.len(), 7);
    assert_eq!(s.view().unwrap().report.errors, 0);
}
