//! La sortie standard fermée par le programme qui la lit (`cpom check … | head -2`) : pas de
//! panique ni de texte anglais, un code de sortie qui le dit (141), le dossier intact.

use std::process::{Command, Stdio};

fn cpom() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cpom"))
}

#[test]
fn a_closed_output_stops_quietly_with_its_own_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("exemple.cpom");
    let o = cpom().arg("demo").arg(&d).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = std::fs::read(&d).unwrap();

    let mut child = cpom()
        .arg("check")
        .arg(&d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Le lecteur s'en va avant la première ligne.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(141), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert_eq!(std::fs::read(&d).unwrap(), before, "le dossier est intact");
}
