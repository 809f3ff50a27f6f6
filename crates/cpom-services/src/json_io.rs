//! Export et import du dossier entier en JSON documenté
//! (schéma : `assets/schemas/dossier-v4.schema.json`, généré depuis les types Rust).
//!
//! Version 2 : le dossier porte aussi le lancement, le diagnostic et les validations
//! d'étapes. Version 3 : les objectifs, la signature et les clauses libres. Version 4 : le
//! suivi du contrat signé et ses avenants (`suivi_contrat`). Les fichiers des versions 1 à 3
//! (sans ces parties) s'importent toujours ; une version plus ancienne
//! d'Atelier CPOM refuse un fichier d'une version plus récente au lieu d'en perdre
//! silencieusement une partie.
//!
//! À l'import, chaque valeur repasse par les mêmes contrôles que la saisie (FINESS, dates,
//! listes…) : un fichier invalide est refusé avec le chemin JSON fautif, et le dossier reste
//! inchangé.

use std::path::Path;

use cpom_domain::diff::{Change, diff};
use cpom_domain::dossier::Dossier;
use cpom_domain::kernel::error::FieldError;
use cpom_domain::record::table::registry;
use schemars_free::DossierFile;
use serde_json::Value;

use crate::atomic::{display, write_atomic};
use crate::error::{Result, ServiceError};
use crate::session::{Session, now};

pub const FORMAT: &str = "atelier-cpom/dossier";
pub const VERSION: u32 = 4;
/// Versions du format que cette version sait lire.
pub const READABLE: [u32; 4] = [1, 2, 3, 4];

/// Le fichier JSON d'un dossier.
pub mod schemars_free {
    use cpom_domain::dossier::Dossier;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
    #[schemars(
        title = "Dossier Atelier CPOM (JSON)",
        description = "Export complet d'un dossier CPOM : organisme gestionnaire, CPOM, adhésions, ESMS du périmètre, lancement, diagnostic partagé et validations des étapes."
    )]
    pub struct DossierFile {
        /// Toujours « atelier-cpom/dossier ».
        pub format: String,
        /// Version du format (4 ; les versions 1 à 3 s'importent encore).
        pub version: u32,
        /// Identifiant du dossier d'origine.
        #[serde(default)]
        pub dossier_id: Option<String>,
        /// Date d'export (ISO 8601).
        #[serde(default)]
        pub exported_at: Option<String>,
        #[serde(default)]
        pub app_version: Option<String>,
        pub dossier: Dossier,
    }
}

/// Le schéma JSON du format (committé dans `assets/schemas/`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(DossierFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Écrit tout le dossier en JSON (fichier temporaire puis renommage).
pub fn export_json(session: &Session, target: &Path) -> Result<()> {
    let file = DossierFile {
        format: FORMAT.into(),
        version: VERSION,
        dossier_id: Some(session.meta()?.dossier_id),
        exported_at: Some(now()),
        app_version: Some(env!("CARGO_PKG_VERSION").into()),
        dossier: session.dossier()?,
    };
    let json =
        serde_json::to_string_pretty(&file).map_err(|e| ServiceError::storage("Export JSON", e))?;
    write_atomic(target, (json + "\n").as_bytes())
}

fn refuse(path: &Path, msg: impl Into<String>) -> ServiceError {
    ServiceError::new("import.json", msg).with_file(display(path))
}

/// Lit et contrôle un fichier JSON de dossier, sans rien écrire.
pub fn read_json(path: &Path) -> Result<Dossier> {
    let bytes = std::fs::read(path).map_err(|e| {
        refuse(
            path,
            format!("Impossible de lire « {} » : {e}.", display(path)),
        )
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        refuse(
            path,
            format!(
                "« {} » n'est pas un fichier JSON valide (ligne {}, colonne {}).",
                display(path),
                e.line(),
                e.column()
            ),
        )
        .with_location(format!("ligne {}, colonne {}", e.line(), e.column()))
    })?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(refuse(path, format!("« {} » n'est pas un export de dossier Atelier CPOM (champ « format » absent ou différent de « {FORMAT} »).", display(path))).with_location("format"));
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(v) if READABLE.iter().any(|r| u64::from(*r) == v) => {}
        Some(v) => return Err(refuse(path, format!("Ce fichier est au format version {v} ; cette version d'Atelier CPOM lit les versions 1 à {VERSION}.")).with_location("version")),
        None => return Err(refuse(path, "Le champ « version » est absent.").with_location("version")),
    }
    // D'abord les contrôles de saisie, qui savent nommer le champ fautif…
    check_values(&value["dossier"]).map_err(|(loc, e)| {
        refuse(path, format!("Valeur refusée à « {loc} » : {}", e.message)).with_location(loc)
    })?;
    // … puis la forme complète.
    let file: DossierFile = serde_json::from_value(value).map_err(|e| {
        refuse(
            path,
            format!(
                "Le fichier ne correspond pas au format d'un dossier : {}.",
                french_serde(&e.to_string())
            ),
        )
    })?;
    let mut dossier = file.dossier;
    dossier.fill_implicit();
    check_ids(&dossier).map_err(|m| refuse(path, m))?;
    Ok(dossier)
}

fn french_serde(msg: &str) -> String {
    msg.replace("invalid type", "type inattendu")
        .replace("expected", "attendu")
        .replace("unknown variant", "valeur inconnue")
        .replace("missing field", "champ manquant")
        .replace("at line", "à la ligne")
        .replace("column", "colonne")
}

/// Repasse chaque valeur par les contrôles de saisie ; renvoie le chemin JSON fautif
/// (« dossier.esms[2].finess_et », « dossier.lancement.jalons[0].date_prevue »).
fn check_values(d: &Value) -> std::result::Result<(), (String, FieldError)> {
    for o in registry() {
        let path = o.json_path();
        let at = path.split('.').fold(d, |acc, p| &acc[p]);
        if o.singleton() {
            if !at.is_null() {
                o.check_import(at)
                    .map_err(|(f, e)| (format!("dossier.{path}.{f}"), e))?;
            }
            continue;
        }
        for (i, row) in at.as_array().into_iter().flatten().enumerate() {
            o.check_import(row)
                .map_err(|(f, e)| (format!("dossier.{path}[{i}].{f}"), e))?;
        }
    }
    Ok(())
}

fn check_ids(d: &Dossier) -> std::result::Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for o in registry().iter().filter(|o| !o.singleton()) {
        for row in o.rows(d) {
            if row.id.is_nil() {
                return Err("Un enregistrement n'a pas d'identifiant (UUID nul).".into());
            }
            if !seen.insert(row.id) {
                return Err(format!("L'identifiant {} apparaît deux fois.", row.id));
            }
        }
    }
    Ok(())
}

/// Importe un JSON dans le dossier ouvert : renvoie les différences ; n'écrit rien si
/// `dry_run`, sinon applique tout en une transaction.
pub fn import_json(session: &mut Session, path: &Path, dry_run: bool) -> Result<Vec<Change>> {
    let new = read_json(path)?;
    apply_import(session, &new, dry_run)
}

/// Applique (ou prévisualise) un dossier déjà lu et contrôlé. Sur un dossier signé, l'aperçu
/// refuse déjà ce qui toucherait le contrat signé (la garde d'écriture le refuserait).
pub fn apply_import(session: &mut Session, new: &Dossier, dry_run: bool) -> Result<Vec<Change>> {
    let current = session.dossier()?;
    if cpom_domain::suivi::versions::contrat_signe(&current) {
        cpom_domain::steps::guard::guard_write(&current, new, session.today())?;
    }
    let changes = diff(&current, new);
    if !dry_run && !changes.is_empty() {
        session.replace_content(new)?;
    }
    Ok(changes)
}
