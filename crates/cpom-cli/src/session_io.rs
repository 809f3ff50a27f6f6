//! Ouvrir et fermer un dossier depuis la commande (verrou, reprise, mise à niveau dites sur la
//! sortie d'erreur) et contrôler un fichier à écrire (jamais remplacé sans `--force`). Étage
//! commun aux fichiers de commandes (`commands.rs`, `contribution.rs`, `suivi.rs`).

use std::path::Path;

use cpom_services::store::file::Closed;
use cpom_services::{Result, ServiceError, Session};

pub fn author() -> String {
    std::env::var("CPOM_AUTEUR")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "cpom (ligne de commande)".into())
}

/// Ouvre un dossier en écriture (verrou d'écriture, attente bornée) ; dit ce qui a été repris
/// d'un arrêt brutal et la sauvegarde faite avant une mise à niveau.
pub fn open(path: &Path) -> Result<Session> {
    let (s, backup) = Session::open(path, &author())?;
    if let Some(n) = s.notice() {
        eprintln!("Attention : {n}");
    }
    if let Some(b) = backup {
        eprintln!(
            "Dossier mis à niveau ; copie de l'ancienne version : {}",
            b.display()
        );
    }
    Ok(s)
}

/// Ferme une session d'écriture. Jamais d'échec annoncé après une modification validée : si
/// le fichier n'a pas pu être rendu autonome, on le dit, mais c'est fait.
pub fn close(s: Session) {
    match s.close() {
        Ok(Closed { note: Some(n), .. }) => eprintln!("Attention : {n}"),
        Ok(_) => {}
        Err(e) => eprintln!("Attention : {}", e.message),
    }
}

/// Une commande qui crée un fichier ne remplace jamais un fichier existant sans `--force`, ni
/// jamais le dossier lu.
pub fn check_output(out: &Path, force: bool, dossier: Option<&Path>) -> Result<()> {
    let same = |a: &Path, b: &Path| {
        a == b
            || matches!(
                (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                (Ok(x), Ok(y)) if x == y
            )
    };
    if let Some(d) = dossier
        && same(out, d)
    {
        return Err(ServiceError::new(
            "sortie.dossier",
            format!(
                "Le fichier de sortie « {} » est le dossier lui-même : choisissez un autre nom. Rien n'a été écrit.",
                out.display()
            ),
        )
        .with_file(out.display().to_string()));
    }
    if out.is_dir() {
        return Err(ServiceError::new(
            "fichier.est_un_dossier",
            format!(
                "« {} » est un dossier, pas un fichier : indiquez le nom du fichier à écrire. Rien n'a été écrit.",
                out.display()
            ),
        )
        .with_file(out.display().to_string()));
    }
    if !force && std::fs::symlink_metadata(out).is_ok() {
        return Err(ServiceError::new(
            "fichier.existe",
            format!(
                "« {} » existe déjà : choisissez un autre nom, ou ajoutez --force pour le remplacer. Rien n'a été écrit.",
                out.display()
            ),
        )
        .with_file(out.display().to_string())
        .with_suggestion("--force"));
    }
    Ok(())
}
