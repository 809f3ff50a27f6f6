//! L'étape Objectifs : ce qui touche plusieurs enregistrements à la fois (la saisie champ par
//! champ passe par les commandes génériques de `steps.rs`). Contrat : `crates/cpom-services/API.md`.

use cpom_services::Result;
use cpom_services::view::Created;
use tauri::State;

use super::with_update;
use crate::state::AppState;

/// « Dupliquer vers un autre ESMS » : copie la fiche, ses actions et ses indicateurs pour
/// l'ESMS `esms` ; renvoie l'identifiant de la nouvelle fiche et la vue.
#[tauri::command]
pub async fn objectif_duplicate(
    state: State<'_, AppState>,
    objectif: String,
    esms: String,
) -> Result<Created> {
    let (id, update) = with_update(&state, |s| s.duplicate_objectif(&objectif, &esms))?;
    Ok(Created { id, update })
}
