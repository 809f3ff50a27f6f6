//! Le fichier `.cpom` seul, après n'importe quel arrêt brutal, est un état que l'utilisateur a
//! vu ; la reprise à l'ouverture suivante le dit et retrouve chaque modification annoncée ;
//! une lecture ne laisse jamais de `-wal` ni de `-shm` ; un import refusé laisse le fichier
//! identique à l'octet près, en-tête compris.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cpom_services::Session;

fn cpom(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cpom"));
    c.args(args).env("CPOM_AUTEUR", "Test");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn names(path: &Path) -> BTreeSet<String> {
    let s = Session::open_read_only(path).unwrap();
    let n = s
        .dossier()
        .unwrap()
        .esms
        .into_iter()
        .map(|e| e.nom)
        .collect();
    s.close_read_only();
    n
}

/// Le fichier seul, copié ailleurs comme on l'enverrait par courriel.
fn alone(path: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    let p = to.join("seul.cpom");
    std::fs::copy(path, &p).unwrap();
    p
}

#[test]
fn an_abort_at_each_step_of_the_close_leaves_a_seen_state_alone_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("dossier.cpom");
    let ds = d.to_str().unwrap();
    assert!(cpom(&["demo", ds], &[]).status.success());
    let mut expected = names(&d);
    for step in 1..=4 {
        let before = expected.clone();
        let o = cpom(
            &["stress", ds, "--edits", "3"],
            &[("CPOM_ESSAI_ARRET", &format!("fermeture-{step}"))],
        );
        assert_eq!(o.status.code(), None, "étape {step} : arrêt brutal attendu");
        let acked: Vec<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("ok ").map(|n| format!("stress-{n}")))
            .collect();
        assert_eq!(acked.len(), 3);
        let mut after = before.clone();
        after.extend(acked.iter().cloned());
        // Le fichier seul : l'état d'avant la session ou celui d'après, jamais un mélange.
        let copy = alone(&d, &dir.path().join(format!("copie-{step}")));
        let seen = names(&copy);
        assert!(
            seen == before || seen == after,
            "étape {step} : état jamais vu : {seen:?}"
        );
        let c = rusqlite::Connection::open(&copy).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "étape {step}");
        // La reprise : dite, et toutes les modifications annoncées sont là.
        let (s, _) = Session::open(&d, "Test").unwrap();
        assert!(s.notice().is_some(), "étape {step} : la reprise est dite");
        let got: BTreeSet<String> = s
            .dossier()
            .unwrap()
            .esms
            .into_iter()
            .map(|e| e.nom)
            .collect();
        assert_eq!(got, after, "étape {step} : rien de perdu");
        let closed = s.close().unwrap();
        assert!(closed.note.is_none());
        let files = listing(dir.path());
        for f in &files {
            assert!(
                !f.ends_with("-wal") && !f.ends_with("-shm") && !f.contains("fermeture"),
                "étape {step} : {f} laissé"
            );
        }
        expected = after;
        assert_eq!(
            names(&alone(&d, &dir.path().join(format!("fin-{step}")))),
            expected
        );
    }
}

#[test]
fn a_read_never_leaves_sidecar_files_nor_changes_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("dossier.cpom");
    let ds = d.to_str().unwrap();
    assert!(cpom(&["demo", ds], &[]).status.success());
    let out = tempfile::tempdir().unwrap();
    let o = |n: &str| out.path().join(n).to_str().unwrap().to_string();
    let reads: Vec<Vec<String>> = vec![
        vec!["check".into(), ds.into()],
        vec!["check".into(), ds.into(), "--json".into()],
        vec!["export".into(), "json".into(), ds.into(), o("d.json")],
        vec!["export".into(), "pdf".into(), ds.into(), o("d.pdf")],
        vec!["export".into(), "xlsx".into(), ds.into(), o("d.xlsx")],
        vec!["contribution".into(), "suivi".into(), ds.into()],
    ];
    // Un dossier fermé proprement, puis le fichier seul d'une session arrêtée brutalement
    // (en-tête en mode WAL, sans journal à côté).
    let crashed_dir = dir.path().join("arret");
    std::fs::create_dir_all(&crashed_dir).unwrap();
    let crashed = crashed_dir.join("arrete.cpom");
    std::fs::copy(&d, &crashed).unwrap();
    let cs = crashed.to_str().unwrap();
    let o2 = cpom(
        &["stress", cs, "--edits", "2"],
        &[("CPOM_ESSAI_ARRET", "fermeture-1")],
    );
    assert_eq!(o2.status.code(), None);
    let alone_copy = alone(&crashed, &dir.path().join("seul"));
    for target in [&d, &alone_copy] {
        let t = target.to_str().unwrap();
        let parent = target.parent().unwrap();
        let before_bytes = std::fs::read(target).unwrap();
        let before = listing(parent);
        for args in &reads {
            let args: Vec<&str> = args
                .iter()
                .map(|a| if a == ds { t } else { a.as_str() })
                .collect();
            let r = cpom(&args, &[]);
            assert!(
                r.status.success(),
                "{args:?} : {}",
                String::from_utf8_lossy(&r.stderr)
            );
            assert_eq!(listing(parent), before, "{args:?} a laissé un fichier");
            assert_eq!(std::fs::read(target).unwrap(), before_bytes, "{args:?}");
        }
        for f in std::fs::read_dir(out.path()).unwrap() {
            std::fs::remove_file(f.unwrap().path()).unwrap();
        }
    }
}

#[test]
fn a_refused_import_leaves_the_file_byte_identical_header_included() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("dossier.cpom");
    let ds = d.to_str().unwrap();
    assert!(cpom(&["demo", ds], &[]).status.success());
    let json = dir.path().join("d.json");
    assert!(
        cpom(&["export", "json", ds, json.to_str().unwrap()], &[])
            .status
            .success()
    );
    // Une valeur refusée par la saisie : refusée avant de toucher au fichier.
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    v["dossier"]["esms"][0]["capacites"]["internat"]["autorisee"] = (-1).into();
    let bad = dir.path().join("refuse.json");
    std::fs::write(&bad, serde_json::to_vec(&v).unwrap()).unwrap();
    let before = std::fs::read(&d).unwrap();
    let listed = listing(dir.path());
    let o = cpom(&["import", "json", ds, bad.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&d).unwrap(), before);
    assert_eq!(listing(dir.path()), listed);
    // Ouvrir en écriture puis fermer sans rien écrire : identique aussi.
    let (s, _) = Session::open(&d, "Test").unwrap();
    s.close().unwrap();
    assert_eq!(std::fs::read(&d).unwrap(), before);
}
