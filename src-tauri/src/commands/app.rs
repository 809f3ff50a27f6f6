//! L'application : version, auteur, listes de référence, dossiers récents.

use cpom_services::Result;
use cpom_services::view::{AppInfo, RecentEntry, ReferenceLists};
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        author: state.author.clone(),
    })
}

#[tauri::command]
pub async fn reference_lists() -> Result<ReferenceLists> {
    Ok(cpom_services::view::reference_lists())
}

#[tauri::command]
pub async fn recents_list(state: State<'_, AppState>) -> Result<Vec<RecentEntry>> {
    Ok(state.recents().list())
}
