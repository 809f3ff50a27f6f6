//! `cpom` : Atelier CPOM en ligne de commande, sur les mêmes services que l'application.
//!
//! Codes de sortie : 0 fait ; 1 entrée refusée (raison sur la sortie d'erreur) ; 2 usage.

mod args;
mod commands;
mod contribution;
mod output;
mod suivi;

use std::process::ExitCode;

/// L'attente d'un second écrivain : `CPOM_ATTENTE` secondes (10 par défaut).
fn lock_wait() -> std::time::Duration {
    std::env::var("CPOM_ATTENTE")
        .ok()
        .and_then(|v| v.trim().replace(',', ".").parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 3600.0)
        .map_or(
            cpom_services::store::lock::DEFAULT_WAIT,
            std::time::Duration::from_secs_f64,
        )
}

fn main() -> ExitCode {
    cpom_services::store::lock::set_program("la commande cpom");
    cpom_services::store::lock::set_wait(lock_wait());
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
