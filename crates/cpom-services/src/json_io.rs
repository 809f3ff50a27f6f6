//! Export et import du dossier entier en JSON documenté
//! (schéma : `assets/schemas/dossier-v1.schema.json`, généré depuis les types Rust).
//!
//! À l'import, chaque valeur repasse par les mêmes contrôles que la saisie (FINESS, dates,
//! listes…) : un fichier invalide est refusé avec le chemin JSON fautif, et le dossier reste
//! inchangé.

use std::path::Path;

use cpom_domain::diff::{Change, diff};
use cpom_domain::fields::{
    cpom_field_paths, esms_field_paths, organisme_field_paths, set_adhesion_field, set_cpom_field,
    set_esms_field, set_organisme_field,
};
use cpom_domain::{Dossier, FieldError};
use schemars_free::DossierFile;
use serde_json::Value;

use crate::atomic::{display, write_atomic};
use crate::error::{Result, ServiceError};
use crate::session::{Session, now};

pub const FORMAT: &str = "atelier-cpom/dossier";
pub const VERSION: u32 = 1;

/// Le fichier JSON d'un dossier.
pub mod schemars_free {
    use cpom_domain::Dossier;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
    #[schemars(
        title = "Dossier Atelier CPOM (JSON)",
        description = "Export complet d'un dossier CPOM : organisme gestionnaire, CPOM, adhésions et ESMS du périmètre."
    )]
    pub struct DossierFile {
        /// Toujours « atelier-cpom/dossier ».
        pub format: String,
        /// Version du format (1).
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
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => return Err(refuse(path, format!("Ce fichier est au format version {v} ; cette version d'Atelier CPOM lit la version {VERSION}.")).with_location("version")),
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
    check_ids(&file.dossier).map_err(|m| refuse(path, m))?;
    Ok(file.dossier)
}

fn french_serde(msg: &str) -> String {
    msg.replace("invalid type", "type inattendu")
        .replace("expected", "attendu")
        .replace("unknown variant", "valeur inconnue")
        .replace("missing field", "champ manquant")
        .replace("at line", "à la ligne")
        .replace("column", "colonne")
}

fn pointer(v: &Value, field: &str) -> Value {
    v.pointer(&format!("/{}", field.replace('.', "/")))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Repasse chaque valeur par les contrôles de saisie ; renvoie le chemin JSON fautif.
fn check_values(d: &Value) -> std::result::Result<(), (String, FieldError)> {
    let mut o = cpom_domain::model::Organisme::default();
    for f in organisme_field_paths() {
        set_organisme_field(&mut o, &f, &pointer(&d["organisme"], &f))
            .map_err(|e| (format!("dossier.organisme.{f}"), e))?;
    }
    let mut c = cpom_domain::model::Cpom::default();
    for f in cpom_field_paths() {
        set_cpom_field(&mut c, &f, &pointer(&d["cpom"], &f))
            .map_err(|e| (format!("dossier.cpom.{f}"), e))?;
    }
    for (i, e) in d["esms"].as_array().into_iter().flatten().enumerate() {
        let mut x = cpom_domain::model::Esms::default();
        for f in esms_field_paths() {
            set_esms_field(&mut x, &f, &pointer(e, &f))
                .map_err(|err| (format!("dossier.esms[{i}].{f}"), err))?;
        }
    }
    for (i, a) in d["adhesions"].as_array().into_iter().flatten().enumerate() {
        let mut x = cpom_domain::model::Adhesion {
            id: uuid::Uuid::nil(),
            kind: cpom_domain::model::AdhesionKind::Autre,
            nom: String::new(),
        };
        for f in ["kind", "nom"] {
            set_adhesion_field(&mut x, f, &pointer(a, f))
                .map_err(|err| (format!("dossier.adhesions[{i}].{f}"), err))?;
        }
    }
    Ok(())
}

fn check_ids(d: &Dossier) -> std::result::Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for id in d
        .esms
        .iter()
        .map(|e| e.id)
        .chain(d.adhesions.iter().map(|a| a.id))
    {
        if id.is_nil() {
            return Err("Un enregistrement n'a pas d'identifiant (UUID nul).".into());
        }
        if !seen.insert(id) {
            return Err(format!("L'identifiant {id} apparaît deux fois."));
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

/// Applique (ou prévisualise) un dossier déjà lu et contrôlé.
pub fn apply_import(session: &mut Session, new: &Dossier, dry_run: bool) -> Result<Vec<Change>> {
    let changes = diff(&session.dossier()?, new);
    if !dry_run && !changes.is_empty() {
        session.replace_content(new)?;
    }
    Ok(changes)
}
