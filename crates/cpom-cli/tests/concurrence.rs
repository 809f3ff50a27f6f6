//! Deux écrivains et un lecteur sur le même dossier, en même temps, de nombreuses fois : le
//! code de sortie de chaque commande dit la vérité sur ce qui a été écrit (le journal du
//! dossier en fait foi), le perdant reçoit un message français qui nomme celui qui tient le
//! dossier, le lecteur n'échoue jamais et ne fait jamais échouer un écrivain, et le fichier
//! reste intact et autonome.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const ROUNDS: usize = 12;

fn spawn(args: &[&str], author: &str, wait: Option<&str>) -> std::process::Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cpom"));
    c.args(args)
        .env("CPOM_AUTEUR", author)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(w) = wait {
        c.env("CPOM_ATTENTE", w);
    }
    c.spawn().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Le nombre d'imports de l'organisme inscrits au journal par `author`.
fn journaled(dossier: &Path, author: &str) -> i64 {
    let c =
        rusqlite::Connection::open_with_flags(dossier, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    c.query_row(
        "SELECT count(*) FROM journal WHERE kind = 'organisme' AND op = 'import' AND author = ?1",
        [author],
        |r| r.get(0),
    )
    .unwrap()
}

fn raison_sociale(dossier: &Path) -> String {
    let c =
        rusqlite::Connection::open_with_flags(dossier, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let data: String = c
        .query_row(
            "SELECT data FROM record WHERE kind = 'organisme' AND deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str::<Value>(&data).unwrap()["raison_sociale"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn two_writers_and_a_reader_tell_the_truth_about_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("dossier.cpom");
    let ds = d.to_str().unwrap();
    assert!(
        Command::new(env!("CARGO_BIN_EXE_cpom"))
            .args(["demo", ds])
            .status()
            .unwrap()
            .success()
    );
    let base_json = dir.path().join("base.json");
    assert!(
        Command::new(env!("CARGO_BIN_EXE_cpom"))
            .args(["export", "json", ds, base_json.to_str().unwrap()])
            .status()
            .unwrap()
            .success()
    );
    let base: Value = serde_json::from_slice(&std::fs::read(&base_json).unwrap()).unwrap();
    let pdf = dir.path().join("contrat.pdf");
    let (mut both, mut one_lost, mut lost_messages) = (0, 0, 0);
    for round in 0..ROUNDS {
        // Une version A et une version B du même dossier (même identité).
        let mut files = Vec::new();
        for who in ["A", "B"] {
            let mut v = base.clone();
            v["dossier"]["organisme"]["raison_sociale"] =
                Value::String(format!("Version {who} du tour {round}"));
            let p = dir.path().join(format!("{who}-{round}.json"));
            std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
            files.push(p);
        }
        // Un tour sur deux, le perdant n'attend pas : il doit le dire, en français.
        let wait = (round % 2 == 1).then_some("0");
        let before = [journaled(&d, "Écrivain A"), journaled(&d, "Écrivain B")];
        let reader_args: Vec<String> = if round % 3 == 0 {
            vec!["check".into(), ds.into()]
        } else {
            vec![
                "export".into(),
                "pdf".into(),
                ds.into(),
                pdf.to_str().unwrap().into(),
                "--force".into(),
            ]
        };
        let reader_args: Vec<&str> = reader_args.iter().map(String::as_str).collect();
        let children = [
            spawn(
                &["import", "json", ds, files[0].to_str().unwrap()],
                "Écrivain A",
                wait,
            ),
            spawn(&reader_args, "Lecteur", None),
            spawn(
                &["import", "json", ds, files[1].to_str().unwrap()],
                "Écrivain B",
                wait,
            ),
        ];
        let outs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let (a, r, b) = (&outs[0], &outs[1], &outs[2]);
        assert_eq!(
            r.status.code(),
            Some(0),
            "le lecteur n'échoue jamais : {}",
            text(&r.stderr)
        );
        let after = [journaled(&d, "Écrivain A"), journaled(&d, "Écrivain B")];
        let final_name = raison_sociale(&d);
        for (i, (o, who)) in [(a, "A"), (b, "B")].into_iter().enumerate() {
            let wrote = after[i] - before[i];
            match o.status.code() {
                // Succès annoncé : la modification est au journal.
                Some(0) => assert_eq!(wrote, 1, "tour {round} : {who} dit avoir écrit"),
                // Refus annoncé : rien n'a été écrit, et le message le dit en français.
                Some(1) => {
                    assert_eq!(wrote, 0, "tour {round} : {who} dit n'avoir rien écrit");
                    let err = text(&o.stderr);
                    assert!(
                        err.contains("est en cours de modification par Écrivain")
                            && err.contains("la commande cpom")
                            && err.contains("Rien n'a été écrit"),
                        "tour {round} : {err}"
                    );
                    lost_messages += 1;
                }
                other => panic!("tour {round} : {who} code {other:?} : {}", text(&o.stderr)),
            }
        }
        match (a.status.code(), b.status.code()) {
            (Some(0), Some(0)) => {
                both += 1;
                assert!(
                    final_name == format!("Version A du tour {round}")
                        || final_name == format!("Version B du tour {round}"),
                    "{final_name}"
                );
            }
            (Some(0), Some(1)) => {
                one_lost += 1;
                assert_eq!(final_name, format!("Version A du tour {round}"));
            }
            (Some(1), Some(0)) => {
                one_lost += 1;
                assert_eq!(final_name, format!("Version B du tour {round}"));
            }
            other => panic!("tour {round} : aucun écrivain n'a abouti : {other:?}"),
        }
        // Le fichier est intact et autonome après chaque tour.
        for side in ["-wal", "-shm", "-journal"] {
            assert!(
                !Path::new(&format!("{ds}{side}")).exists(),
                "tour {round} : {side} laissé"
            );
        }
        let c =
            rusqlite::Connection::open_with_flags(&d, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    eprintln!(
        "Concurrence : {ROUNDS} tours à deux écrivains et un lecteur ; {both} tours où les deux ont écrit l'un après l'autre, {one_lost} où le second a renoncé ({lost_messages} messages français vérifiés) ; 0 code de sortie mensonger"
    );
    assert!(
        both > 0,
        "avec attente, les deux écrivains passent l'un après l'autre"
    );
    assert!(
        one_lost > 0,
        "sans attente, le perdant renonce au moins une fois"
    );
}
