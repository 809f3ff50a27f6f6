//! `cpom` : Atelier CPOM en ligne de commande, sur les mêmes services que l'application.
//!
//! Codes de sortie : 0 fait ; 1 entrée refusée (raison sur la sortie d'erreur) ; 2 usage ;
//! 141 sortie fermée par le programme qui la lisait (`cpom check … | head`) : ce qui devait
//! être écrit dans le dossier l'a été, seul l'affichage a été interrompu.

mod args;
mod commands;
mod contribution;
mod output;
mod session_io;
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

/// `println!` panique quand le lecteur de la sortie standard l'a fermée.
fn is_broken_pipe(payload: &(dyn std::any::Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.contains("failed printing to stdout") || text.contains("Broken pipe")
}

/// Code de sortie d'un affichage interrompu (128 + SIGPIPE, comme le rapporte un shell).
const BROKEN_PIPE: u8 = 141;

fn main() -> ExitCode {
    cpom_services::store::lock::set_program("la commande cpom");
    cpom_services::store::lock::set_wait(lock_wait());
    // Sortie fermée par le lecteur : pas de message anglais ; la pile se déroule (le dossier
    // ouvert est fermé normalement) et le code de sortie le dit.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_broken_pipe(info.payload()) {
            default_hook(info);
        }
    }));
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&argv) {
        Err(usage) => {
            eprintln!("cpom : {usage}\n\n{}", args::HELP);
            ExitCode::from(2)
        }
        Ok(cmd) => match std::panic::catch_unwind(|| commands::run(cmd)) {
            Ok(Ok(())) => ExitCode::SUCCESS,
            Ok(Err(e)) => {
                eprintln!("{}", output::error_text(&e));
                ExitCode::from(1)
            }
            Err(p) if is_broken_pipe(p.as_ref()) => ExitCode::from(BROKEN_PIPE),
            Err(p) => std::panic::resume_unwind(p),
        },
    }
}
