//! Les commandes appelées par l'interface (`invoke`), une source par zone de l'interface.
//! Chacune n'est qu'un adaptateur de quelques lignes vers `cpom-services` ; les erreurs
//! traversent l'IPC telles quelles : un [`ServiceError`] se sérialise en
//! `{code, message, details:{field, suggestion, file, location}}` (type TypeScript `ApiError`).

pub mod app;
pub mod contract;
pub mod contributions;
pub mod dossier;
pub mod objectifs;
pub mod records;
pub mod signature;
pub mod steps;
pub mod suivi;
pub mod workbook;

use cpom_services::{DossierView, Result, ServiceError, Session};

use crate::state::{AppState, no_dossier};

/// Applique `f` au dossier ouvert puis renvoie sa vue à jour.
pub(crate) fn with_session<T>(
    state: &AppState,
    f: impl FnOnce(&mut Session) -> Result<T, ServiceError>,
) -> Result<(T, DossierView)> {
    let mut guard = state.session();
    let session = guard.as_mut().ok_or_else(no_dossier)?;
    let out = f(session)?;
    Ok((out, session.view()?))
}
