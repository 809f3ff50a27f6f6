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
