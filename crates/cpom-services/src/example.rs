//! Le dossier exemple embarqué (« Ouvrir le dossier exemple », `cpom demo`).

use std::path::Path;

use cpom_domain::example::example_dossier;
use uuid::Uuid;

use crate::error::Result;
use crate::session::Session;

/// Écrit le dossier exemple à `path` et l'ouvre.
pub fn create_example(path: &Path, author: &str) -> Result<Session> {
    let d = example_dossier(&mut Uuid::new_v4);
    Session::create_with(path, author, &d)
}

/// Un grand dossier fictif pour les essais de volume (benchmark du PDF, tableaux sur
/// plusieurs pages) : le dossier exemple complété jusqu'à `n` ESMS.
pub fn large_example(n: usize) -> cpom_domain::Dossier {
    use cpom_domain::finess::luhn_key;
    use cpom_domain::model::Esms;
    let mut k = 0u128;
    let mut d = example_dossier(&mut || {
        k += 1;
        Uuid::from_u128(k)
    });
    let models: Vec<Esms> = d.esms.clone();
    let communes = [
        ("44000", "Nantes"),
        ("44600", "Saint-Nazaire"),
        ("44110", "Châteaubriant"),
        ("44500", "La Baule-Escoublac"),
        ("44190", "Clisson"),
        ("44150", "Ancenis-Saint-Géréon"),
    ];
    let mut i = 0usize;
    while d.esms.len() < n {
        let base = &models[i % models.len()];
        let (cp, commune) = communes[i % communes.len()];
        let first8 = format!("4401{:04}", 5000 + i);
        let mut e = base.clone();
        e.id = Uuid::from_u128(1_000_000 + i as u128);
        e.nom = format!("{} — site {}", base.nom, i + 2);
        e.finess_et = Some(format!("{first8}{}", luhn_key(&first8)));
        e.adresse.code_postal = cp.into();
        e.adresse.commune = commune.into();
        d.esms.push(e);
        i += 1;
    }
    d
}
