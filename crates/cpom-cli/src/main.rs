//! `cpom` : Atelier CPOM en ligne de commande, sur les mêmes services que l'application.
//!
//! Codes de sortie : 0 fait ; 1 entrée refusée (raison sur la sortie d'erreur) ; 2 usage.

mod args;
mod commands;
mod contribution;
mod output;
mod suivi;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Err(usage) => {
            eprintln!("cpom : {usage}\n\n{}", args::HELP);
            ExitCode::from(2)
        }
        Ok(cmd) => match commands::run(cmd) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{}", output::error_text(&e));
                ExitCode::from(1)
            }
        },
    }
}
