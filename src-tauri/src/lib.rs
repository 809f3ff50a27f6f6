//! # cpom-desktop — la coquille de bureau d'Atelier CPOM (Tauri 2)
//!
//! Câblage seulement, aucune règle métier : la fenêtre, les boîtes de dialogue natives et des
//! commandes IPC de quelques lignes qui délèguent à `cpom-services`. La page web n'a que les
//! permissions `core:default` (voir `capabilities/default.json`) : elle ne touche jamais aux
//! fichiers, Rust fait toutes les entrées-sorties.

pub mod commands;
pub mod dialogs;
mod opener;
pub mod state;

use tauri::{Builder, Manager, RunEvent, Runtime, WindowEvent};

pub use state::AppState;

/// Lance l'application (appelée par `main.rs`).
pub fn run() {
    let app = run_app(tauri::Builder::default())
        .build(tauri::generate_context!())
        .expect("Atelier CPOM n'a pas pu démarrer");
    #[cfg(unix)]
    exit_on_signals(app.handle().clone());
    app.run(on_run_event);
}

/// SIGTERM (fin de session, `kill`), SIGINT (Ctrl+C) ou SIGHUP : l'application quitte
/// normalement (`RunEvent::Exit`), donc le dossier ouvert est fermé proprement. Un second
/// signal arrête tout de suite.
#[cfg(unix)]
fn exit_on_signals<R: Runtime>(app: tauri::AppHandle<R>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    match signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                let mut received = signals.forever();
                if received.next().is_some() {
                    app.exit(0);
                }
                if received.next().is_some() {
                    std::process::exit(1);
                }
            });
        }
        Err(e) => eprintln!("Atelier CPOM : signaux d'arrêt non surveillés : {e}"),
    }
}

/// Le premier argument qui désigne un fichier `.cpom` existant.
fn file_argument() -> Option<std::path::PathBuf> {
    std::env::args_os()
        .skip(1)
        .map(std::path::PathBuf::from)
        .find(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("cpom"))
                && p.is_file()
        })
}

/// Linux : les boîtes natives (GTK) en français même sur une machine dans une autre langue.
/// Si `LANGUAGE` n'est pas déjà choisi, l'application se relance aussitôt (`exec`, même
/// processus) avec `LANGUAGE=fr_FR:fr` ; GTK et WebKit lisent cette variable à leur
/// démarrage. Sans effet si la machine est en locale C (gettext l'ignore alors) ou si les
/// traductions françaises de GTK ne sont pas installées. Sous Windows, les boîtes suivent
/// la langue du système.
pub fn prefer_french_dialogs() {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os("LANGUAGE").is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let err = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("LANGUAGE", "fr_FR:fr")
            .exec();
        eprintln!("Atelier CPOM : relance en français impossible ({err}) ; on continue.");
    }
}

/// Configure le constructeur : greffons, état, commandes. Générique sur le runtime pour que
/// les tests passent `tauri::test::mock_builder()`. L'état est créé au démarrage sous
/// `app_config_dir()` / `app_data_dir()`, sauf si le constructeur en a déjà reçu un (tests).
pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    // Le verrou d'écriture dit « l'application » à une autre fenêtre ou à la commande `cpom`
    // qui voudrait modifier le dossier ouvert ; une seconde fenêtre attend peu avant de le dire.
    cpom_services::store::lock::set_program("l'application Atelier CPOM");
    cpom_services::store::lock::set_wait(std::time::Duration::from_secs(2));
    builder
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            if app.try_state::<AppState>().is_none() {
                let config = app.path().app_config_dir().map_err(|e| e.to_string())?;
                let data = app.path().app_data_dir().map_err(|e| e.to_string())?;
                app.manage(AppState::new(config, data));
            }
            // Un fichier .cpom passé en argument (double-clic dans le gestionnaire de
            // fichiers, association du paquet) s'ouvre dès le démarrage.
            if let Some(path) = file_argument() {
                let state = app.state::<AppState>();
                if let Err(e) = commands::dossier::open_path(&state, &path) {
                    eprintln!(
                        "Atelier CPOM : « {} » n'a pas pu être ouvert : {}",
                        path.display(),
                        e.message
                    );
                }
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::catalogues,
            commands::app::recents_list,
            commands::contract::contract_models,
            commands::contract::contract_export,
            commands::contract::open_path,
            commands::contract::clauses_list,
            commands::contract::clause_set,
            commands::contract::clause_reset,
            commands::contributions::kit_export,
            commands::contributions::kit_receive,
            commands::contributions::kit_integrate,
            commands::contributions::merge_undo,
            commands::contributions::contributions,
            commands::dossier::dossier_new,
            commands::dossier::dossier_open,
            commands::dossier::dossier_open_path,
            commands::dossier::dossier_verify,
            commands::dossier::dossier_open_example,
            commands::dossier::dossier_save_copy,
            commands::dossier::dossier_close,
            commands::dossier::dossier_get,
            commands::records::record_update,
            commands::records::record_add,
            commands::records::record_delete,
            commands::records::record_move,
            commands::records::edit_undo,
            commands::records::edit_redo,
            commands::records::dossier_search,
            commands::contract::open_folder,
            commands::steps::step_validate,
            commands::steps::step_reopen,
            commands::steps::issue_acknowledge,
            commands::steps::issue_unacknowledge,
            commands::objectifs::objectif_duplicate,
            commands::signature::avenant_copy,
            commands::suivi::dossier_open_example_suivi,
            commands::suivi::avenant_create,
            commands::suivi::avenant_abandon,
            commands::suivi::avenant_detail,
            commands::suivi::suivi_export,
            commands::suivi::renouveler,
            commands::workbook::workbook_templates,
            commands::workbook::workbook_export,
            commands::workbook::workbook_import_preview,
            commands::workbook::workbook_import_apply,
        ])
}

/// Ferme proprement le dossier ouvert quand la fenêtre se ferme ou que l'application quitte.
pub fn on_run_event<R: Runtime>(app: &tauri::AppHandle<R>, event: RunEvent) {
    let closing = matches!(
        event,
        RunEvent::Exit
            | RunEvent::WindowEvent {
                event: WindowEvent::CloseRequested { .. },
                ..
            }
    );
    if closing
        && let Some(state) = app.try_state::<AppState>()
        && let Err(e) = state.close_session()
    {
        eprintln!("Atelier CPOM : le dossier n'a pas été fermé proprement : {e}");
    }
}

#[cfg(test)]
mod tests;
