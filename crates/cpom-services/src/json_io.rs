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

use cpom_domain::kernel::bounds::{TextKind, fits};

use crate::atomic::{display, write_atomic};
use crate::error::translate::{Action, io, serde_message};
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
    let json = serde_json::to_string_pretty(&file)
        .map_err(|e| ServiceError::storage("Écriture de l'export JSON", e))?;
    write_atomic(target, (json + "\n").as_bytes())
}

/// Taille maximale d'un fichier JSON lu : un dossier de 100 ESMS complet en fait quelques Mo.
pub const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

fn refuse(path: &Path, msg: impl Into<String>) -> ServiceError {
    ServiceError::new("import.json", msg).with_file(display(path))
}

/// Un fichier JSON de dossier lu et contrôlé.
#[derive(Debug, Clone)]
pub struct JsonFile {
    pub dossier: Dossier,
    /// L'identifiant du dossier exporté (absent d'un fichier fait à la main).
    pub dossier_id: Option<String>,
}

/// Lit et contrôle un fichier JSON de dossier, sans rien écrire.
pub fn read_json(path: &Path) -> Result<Dossier> {
    Ok(read_json_file(path)?.dossier)
}

/// Les octets du fichier, bornés, sans marque d'ordre des octets (Bloc-notes de Windows).
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| io(&e, Action::Lire, Some(path)))?;
    if meta.is_dir() {
        return Err(io(
            &std::io::Error::from(std::io::ErrorKind::IsADirectory),
            Action::Lire,
            Some(path),
        ));
    }
    if meta.len() > MAX_JSON_BYTES {
        return Err(ServiceError::new(
            "import.json_trop_gros",
            format!(
                "« {} » fait {} Mo ; un export de dossier en fait au plus {} : ce n'est pas un export d'Atelier CPOM (ou il a été modifié).",
                display(path),
                meta.len() / 1_048_576,
                MAX_JSON_BYTES / 1_048_576
            ),
        )
        .with_file(display(path)));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_JSON_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| io(&e, Action::Lire, Some(path)))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(refuse(
            path,
            format!(
                "« {} » est enregistré en UTF-16 : enregistrez-le en UTF-8 (dans le Bloc-notes : « Enregistrer sous », codage UTF-8).",
                display(path)
            ),
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    Ok(bytes)
}

/// Le premier texte plus long que toute borne du dossier (`kernel/bounds.rs`), avec son
/// chemin JSON : dernier recours pour les champs tenus par l'application, que la saisie ne
/// rejoue pas.
fn oversized(v: &Value, at: &str) -> Option<(String, usize)> {
    match v {
        Value::String(s) if !fits(TextKind::Long, s) => Some((at.to_string(), s.chars().count())),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| oversized(x, &format!("{at}[{i}]"))),
        Value::Object(m) => m
            .iter()
            .find_map(|(k, x)| oversized(x, &format!("{at}.{k}"))),
        _ => None,
    }
}

/// Lit et contrôle un fichier JSON de dossier (avec l'identifiant du dossier exporté), sans
/// rien écrire.
pub fn read_json_file(path: &Path) -> Result<JsonFile> {
    let bytes = read_bytes(path)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        let loc = format!("ligne {}, colonne {}", e.line(), e.column());
        let msg = if e.is_eof() {
            format!(
                "« {} » s'arrête avant la fin ({loc}) : le fichier est tronqué (copie interrompue ?).",
                display(path)
            )
        } else {
            format!(
                "« {} » n'est pas un fichier JSON valide ({loc}) : il a été modifié à la main ou n'est pas un export d'Atelier CPOM.",
                display(path)
            )
        };
        refuse(path, msg).with_location(loc).with_technique(&e)
    })?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(refuse(path, format!("« {} » n'est pas un export de dossier Atelier CPOM (champ « format » absent ou différent de « {FORMAT} »).", display(path))).with_location("format"));
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(v) if READABLE.iter().any(|r| u64::from(*r) == v) => {}
        Some(v) => return Err(refuse(path, format!("Ce fichier est au format version {v} ; cette version d'Atelier CPOM lit les versions 1 à {VERSION} : mettez l'application à jour.")).with_location("version")),
        None => return Err(refuse(path, "Le champ « version » est absent ou n'est pas un nombre.").with_location("version")),
    }
    if !value.get("dossier").is_some_and(Value::is_object) {
        return Err(refuse(
            path,
            "Le champ « dossier » est absent ou n'est pas un objet : le fichier n'est pas un export complet.",
        )
        .with_location("dossier"));
    }
    // Un texte démesuré est refusé avant tout (un nom de 50 Mo n'arrive jamais au contrat).
    if let Some((loc, n)) = oversized(&value["dossier"], "dossier") {
        return Err(refuse(
            path,
            format!(
                "Valeur refusée à « {loc} » : ce texte compte {n} caractères ; aucun champ d'un dossier n'en admet plus de {}.",
                cpom_domain::kernel::bounds::TextKind::largest()
            ),
        )
        .with_location(loc));
    }
    // D'abord les contrôles de saisie, qui savent nommer le champ fautif…
    check_values(&value["dossier"]).map_err(|(loc, e)| {
        refuse(path, format!("Valeur refusée à « {loc} » : {}", e.message)).with_location(loc)
    })?;
    // … puis la forme de chaque enregistrement (types des champs) …
    check_shapes(&value["dossier"]).map_err(|(loc, e)| {
        refuse(
            path,
            format!("Forme refusée à « {loc} » : {}.", serde_message(&e)),
        )
        .with_location(loc)
        .with_technique(e)
    })?;
    // … puis la forme complète.
    let file: DossierFile = serde_json::from_value(value).map_err(|e| {
        refuse(
            path,
            format!(
                "Le fichier ne correspond pas au format d'un dossier : {}.",
                serde_message(&e.to_string())
            ),
        )
        .with_technique(&e)
    })?;
    let mut dossier = file.dossier;
    dossier.fill_implicit();
    check_ids(&dossier).map_err(|m| refuse(path, m))?;
    Ok(JsonFile {
        dossier,
        dossier_id: file.dossier_id,
    })
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

/// La forme de chaque enregistrement (les types de ses champs, y compris ceux que la saisie ne
/// rejoue pas) ; renvoie l'enregistrement fautif et le texte de serde.
fn check_shapes(d: &Value) -> std::result::Result<(), (String, String)> {
    for o in registry() {
        let path = o.json_path();
        let at = path.split('.').fold(d, |acc, p| &acc[p]);
        if o.singleton() {
            if !at.is_null() {
                o.check_shape(at)
                    .map_err(|e| (format!("dossier.{path}"), e))?;
            }
            continue;
        }
        match at {
            Value::Null => {}
            Value::Array(rows) => {
                for (i, row) in rows.iter().enumerate() {
                    o.check_shape(row)
                        .map_err(|e| (format!("dossier.{path}[{i}]"), e))?;
                }
            }
            _ => {
                return Err((
                    format!("dossier.{path}"),
                    "invalid type: map, expected a sequence".into(),
                ));
            }
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

/// Options de l'import d'un JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonImportOptions {
    /// Montrer les différences sans rien écrire.
    pub dry_run: bool,
    /// Accepter l'export d'un autre dossier : son contenu remplace tout celui-ci.
    pub remplacer: bool,
}

/// Ce qu'un import JSON a fait (ou ferait).
#[derive(Debug, Clone)]
pub struct JsonImport {
    pub changes: Vec<Change>,
    /// Le fichier vient d'un autre dossier : ce qu'il remplacerait, en français.
    pub autre_dossier: Option<String>,
}

fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

fn named(d: &Dossier, id: &str) -> String {
    let name = d.organisme.raison_sociale.trim();
    let name = if name.is_empty() {
        "sans raison sociale".to_string()
    } else {
        format!("« {name} »")
    };
    if id.is_empty() {
        format!("{name}, sans identifiant")
    } else {
        format!("{name}, identifiant {}…", short_id(id))
    }
}

/// Le dossier ouvert n'a encore aucun contenu (dossier tout juste créé).
fn is_blank(d: &Dossier) -> bool {
    let mut blank = Dossier::default();
    blank.fill_implicit();
    diff(&blank, d).is_empty()
}

/// Importe un JSON dans le dossier ouvert : renvoie les différences ; n'écrit rien si
/// `dry_run`, sinon applique tout en une transaction. L'export d'un autre dossier est refusé
/// sans `remplacer` (sauf dans un dossier encore vide).
pub fn import_json(
    session: &mut Session,
    path: &Path,
    opts: &JsonImportOptions,
) -> Result<JsonImport> {
    let file = read_json_file(path)?;
    apply_json(session, &file, opts, &display(path))
}

/// Applique (ou prévisualise) un fichier déjà lu et contrôlé.
pub fn apply_json(
    session: &mut Session,
    file: &JsonFile,
    opts: &JsonImportOptions,
    shown_as: &str,
) -> Result<JsonImport> {
    let current = session.dossier()?;
    // Sur un dossier signé, l'aperçu refuse déjà ce qui toucherait le contrat signé (la garde
    // d'écriture le refuserait).
    if cpom_domain::suivi::versions::contrat_signe(&current) {
        cpom_domain::steps::guard::guard_write(&current, &file.dossier, session.today())?;
    }
    let ours = session.meta()?.dossier_id;
    let theirs = file.dossier_id.clone().unwrap_or_default();
    let changes = diff(&current, &file.dossier);
    let other = theirs != ours && !is_blank(&current) && !changes.is_empty();
    let autre_dossier = other.then(|| {
        format!(
            "« {shown_as} » est l'export d'un autre dossier ({}) que celui-ci ({}) : l'importer remplacerait tout son contenu ({} {}).",
            named(&file.dossier, &theirs),
            named(&current, &ours),
            changes.len(),
            if changes.len() > 1 { "différences" } else { "différence" }
        )
    });
    if let Some(what) = &autre_dossier
        && !opts.dry_run
        && !opts.remplacer
    {
        return Err(ServiceError::new(
            "import.autre_dossier",
            format!(
                "{what} Confirmez le remplacement si c'est bien votre intention (commande : option --remplacer). Le dossier n'a pas été modifié."
            ),
        )
        .with_file(shown_as)
        .with_suggestion("--remplacer"));
    }
    if !opts.dry_run && !changes.is_empty() {
        session.replace_content(&file.dossier)?;
    }
    Ok(JsonImport {
        changes,
        autre_dossier,
    })
}
