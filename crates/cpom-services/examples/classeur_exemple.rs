//! Écrit le classeur régional du dossier exemple : `cargo run -p cpom-services --example
//! classeur_exemple -- SORTIE.xlsx [MODELE]` (contrôle visuel dans LibreOffice).

use cpom_services::example::create_example;
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = std::path::PathBuf::from(args.first().map_or("classeur.xlsx", String::as_str));
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let s = create_example(&dir.path().join("exemple.cpom"), "exemple").expect("exemple");
    let r = export_xlsx(
        &s,
        args.get(1).map(String::as_str),
        &out,
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .expect("export");
    println!(
        "{} : {} feuilles, {} zones de saisie, {} octets",
        r.path, r.sheets, r.inputs, r.bytes
    );
}
