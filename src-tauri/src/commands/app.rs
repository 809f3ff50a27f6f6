//! L'application : version, auteur, catalogues et listes de référence, dossiers récents.

use cpom_services::Result;
use cpom_services::catalogues::Catalogues;
use cpom_services::recents::RecentEntry;
use cpom_services::view::AppInfo;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        author: state.author.clone(),
    })
}

/// Catalogues, check-lists et listes de référence de tous les écrans (statiques : à charger
/// une fois).
#[tauri::command]
pub async fn catalogues() -> Result<Catalogues> {
    Ok(cpom_services::catalogues::catalogues())
}

#[tauri::command]
pub async fn recents_list(state: State<'_, AppState>) -> Result<Vec<RecentEntry>> {
    Ok(state.recents().list())
}
