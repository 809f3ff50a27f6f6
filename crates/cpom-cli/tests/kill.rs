//! Robustesse : on tue `cpom` (kill -9) en pleine série d'écritures, de nombreuses fois, puis
//! on vérifie que le fichier est intact (`PRAGMA integrity_check`) et que chaque
//! modification annoncée comme validée est bien présente.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use cpom_services::Session;

const RUNS: u64 = 25;

/// Générateur pseudo-aléatoire déterministe (pas de dépendance) pour varier l'instant du kill.
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

#[test]
fn kill_9_during_writes_never_corrupts_nor_loses_committed_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("robustesse.cpom");
    Session::create(&path, "test").unwrap().close().unwrap();
    let mut seed = 0x00C0_FFEE;
    let mut committed: Vec<u64> = Vec::new();
    let mut corrupt = 0;
    for _ in 0..RUNS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cpom"))
            .args(["stress", path.to_str().unwrap(), "--edits", "1000000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ok ").and_then(|n| n.parse::<u64>().ok()))
                .collect::<Vec<u64>>()
        });
        std::thread::sleep(Duration::from_millis(40 + lcg(&mut seed) % 260));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let acked = reader.join().unwrap();
        committed.extend(acked);
        // Vérification avec une connexion brute, avant toute réparation par l'application.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        if check != "ok" {
            corrupt += 1;
        }
        drop(conn);
    }
    let (s, _) = Session::open(&path, "test").unwrap();
    let names: std::collections::HashSet<String> = s
        .dossier()
        .unwrap()
        .esms
        .into_iter()
        .map(|e| e.nom)
        .collect();
    let lost: Vec<&u64> = committed
        .iter()
        .filter(|i| !names.contains(&format!("stress-{i}")))
        .collect();
    eprintln!(
        "kill -9 : {RUNS} exécutions, {} modifications validées, {corrupt} fichier(s) corrompu(s), {} modification(s) perdue(s)",
        committed.len(),
        lost.len()
    );
    assert!(
        committed.len() as u64 >= RUNS,
        "trop peu d'écritures pour que le test ait un sens"
    );
    assert_eq!(corrupt, 0);
    assert!(lost.is_empty(), "modifications perdues : {lost:?}");
}
