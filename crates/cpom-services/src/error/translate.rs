//! Les erreurs des bibliothèques dites en français : ce qui s'est passé et quoi faire. Le
//! texte d'origine (anglais, technique) va dans `details.technique`, jamais dans le message.
//!
//! Un test (`tests/services/messages.rs`) produit chaque code d'erreur des services et
//! vérifie qu'aucun mot d'une liste de mots anglais n'apparaît dans son message.

use std::io::ErrorKind;
use std::path::Path;

use rusqlite::ErrorCode;

use super::ServiceError;

/// Ce qu'on faisait du fichier quand le système a refusé.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Lire,
    Ecrire,
    Creer,
    Renommer,
    Supprimer,
    Acceder,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Lire => "lire",
            Action::Ecrire => "écrire",
            Action::Creer => "créer",
            Action::Renommer => "remplacer",
            Action::Supprimer => "supprimer",
            Action::Acceder => "utiliser",
        }
    }
}

/// Code d'erreur du système « disque plein » (ENOSPC sous Unix, ERROR_DISK_FULL et
/// ERROR_HANDLE_DISK_FULL sous Windows).
fn disk_full(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::StorageFull
        || e.kind() == ErrorKind::QuotaExceeded
        || matches!(e.raw_os_error(), Some(28) if cfg!(unix))
        || matches!(e.raw_os_error(), Some(39 | 112) if cfg!(windows))
}

/// Fichier ouvert par un autre programme (Windows : ERROR_SHARING_VIOLATION,
/// ERROR_LOCK_VIOLATION).
fn sharing(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::ResourceBusy
        || matches!(e.raw_os_error(), Some(32 | 33) if cfg!(windows))
}

/// Une erreur du système de fichiers sur `path`.
pub fn io(e: &std::io::Error, action: Action, path: Option<&Path>) -> ServiceError {
    let verb = action.verb();
    let what = path.map_or_else(
        || "le fichier".to_string(),
        |p| format!("« {} »", p.display()),
    );
    let parent = path
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(
            || "le dossier qui le contient".to_string(),
            |p| format!("le dossier « {} »", p.display()),
        );
    let (code, msg) = if disk_full(e) {
        (
            "disque.plein",
            format!(
                "{} {what} : le disque est plein. Libérez de la place (ou choisissez un autre disque) puis réessayez.",
                impossible(verb)
            ),
        )
    } else if sharing(e) {
        (
            "fichier.occupe",
            format!(
                "{} {what} : il est ouvert par un autre programme (Excel, un lecteur de PDF…). Fermez-le puis réessayez.",
                impossible(verb)
            ),
        )
    } else {
        match e.kind() {
            ErrorKind::NotFound if matches!(action, Action::Lire | Action::Acceder) => (
                "fichier.introuvable",
                match path {
                    Some(_) => format!(
                        "Le fichier {what} est introuvable : vérifiez son nom et son emplacement."
                    ),
                    None => "Le fichier est introuvable : vérifiez son nom et son emplacement."
                        .to_string(),
                },
            ),
            ErrorKind::NotFound => (
                "fichier.dossier_absent",
                format!(
                    "{} {what} : {parent} n'existe pas. Créez-le ou choisissez un autre emplacement.",
                    impossible(verb)
                ),
            ),
            ErrorKind::PermissionDenied => (
                "fichier.droits",
                format!(
                    "{} {what} : le système le refuse (fichier en lecture seule, dossier protégé ou droits insuffisants). Choisissez un autre emplacement ou demandez ces droits.",
                    impossible(verb)
                ),
            ),
            ErrorKind::ReadOnlyFilesystem => (
                "fichier.lecture_seule",
                format!(
                    "{} {what} : le disque est en lecture seule (clé USB protégée, disque réseau en consultation). Choisissez un autre emplacement.",
                    impossible(verb)
                ),
            ),
            ErrorKind::IsADirectory => (
                "fichier.est_un_dossier",
                format!("{what} est un dossier, pas un fichier : choisissez un fichier."),
            ),
            ErrorKind::NotADirectory => (
                "fichier.chemin",
                format!(
                    "{} {what} : une partie du chemin est un fichier, pas un dossier. Vérifiez l'emplacement.",
                    impossible(verb)
                ),
            ),
            ErrorKind::AlreadyExists => (
                "fichier.existe",
                format!("{what} existe déjà : choisissez un autre nom."),
            ),
            ErrorKind::InvalidFilename => (
                "fichier.nom",
                format!(
                    "{} {what} : ce nom de fichier n'est pas accepté par le système (trop long ou caractère interdit). Choisissez un autre nom.",
                    impossible(verb)
                ),
            ),
            ErrorKind::DirectoryNotEmpty | ErrorKind::CrossesDevices | ErrorKind::Unsupported => (
                "fichier.operation",
                format!(
                    "{} {what} : le système ne permet pas cette opération à cet emplacement. Choisissez un autre emplacement.",
                    impossible(verb)
                ),
            ),
            ErrorKind::UnexpectedEof | ErrorKind::InvalidData => (
                "fichier.incomplet",
                format!("{what} est incomplet ou abîmé : il ne peut pas être lu."),
            ),
            _ => (
                "fichier.erreur",
                format!(
                    "{} {what} : le système a signalé une erreur d'entrée-sortie (disque débranché, réseau coupé ?). Réessayez ; si l'erreur revient, transmettez les détails techniques au support.",
                    impossible(verb)
                ),
            ),
        }
    };
    let mut err = ServiceError::new(code, capitalize(&msg)).with_technique(e);
    if let Some(p) = path {
        err = err.with_file(p.display().to_string());
    }
    err
}

/// « Impossible d'écrire », « Impossible de lire ».
fn impossible(verb: &str) -> String {
    if verb.starts_with(['a', 'e', 'é', 'i', 'o', 'u']) {
        format!("Impossible d'{verb}")
    } else {
        format!("Impossible de {verb}")
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Une erreur de SQLite en accédant au fichier du dossier.
pub fn sqlite(e: &rusqlite::Error) -> ServiceError {
    let (code, msg) = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => (
            "dossier.occupe",
            "Le dossier est occupé par un autre programme (une autre fenêtre d'Atelier CPOM, la commande cpom, une sauvegarde) : réessayez dans un instant. Rien n'a été écrit.",
        ),
        Some(ErrorCode::ReadOnly) => (
            "dossier.lecture_seule",
            "Le fichier du dossier ne peut pas être modifié : il est en lecture seule (droits du fichier ou du dossier qui le contient, clé USB protégée). Enregistrez une copie ailleurs ou demandez les droits d'écriture. Rien n'a été écrit.",
        ),
        Some(ErrorCode::DiskFull) => (
            "disque.plein",
            "Le disque est plein : la modification n'a pas été enregistrée. Libérez de la place puis réessayez.",
        ),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => (
            "dossier.endommage",
            "Le fichier du dossier est endommagé : ouvrez une copie de sauvegarde.",
        ),
        Some(ErrorCode::CannotOpen) => (
            "dossier.ouverture",
            "Le fichier du dossier ne peut pas être ouvert (fichier ou dossier introuvable, droits insuffisants) : vérifiez son emplacement.",
        ),
        Some(ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied) => (
            "fichier.droits",
            "Le système refuse l'accès au fichier du dossier : vérifiez ses droits.",
        ),
        Some(ErrorCode::SystemIoFailure) => (
            "disque.erreur",
            "Le disque a signalé une erreur d'entrée-sortie (disque débranché, réseau coupé ?) : la dernière opération n'a pas été enregistrée. Vérifiez le disque puis réessayez.",
        ),
        Some(ErrorCode::OutOfMemory) => (
            "memoire.insuffisante",
            "La mémoire de l'ordinateur ne suffit pas pour cette opération : fermez d'autres programmes puis réessayez.",
        ),
        Some(ErrorCode::TooBig) => (
            "dossier.trop_gros",
            "Une valeur est trop grande pour être enregistrée dans le dossier.",
        ),
        Some(ErrorCode::FileLockingProtocolFailed) => (
            "dossier.verrou",
            "Le système de fichiers ne permet pas de verrouiller le dossier (disque réseau ?) : copiez-le sur un disque local pour le modifier.",
        ),
        _ => (
            "stockage",
            "Erreur inattendue en accédant au fichier du dossier. Réessayez ; si l'erreur revient, transmettez les détails techniques au support.",
        ),
    };
    ServiceError::new(code, msg).with_technique(e)
}

/// Un contenu JSON du dossier (enregistrement stocké) illisible.
pub fn stored_json(e: &serde_json::Error) -> ServiceError {
    ServiceError::new(
        "donnees.illisibles",
        format!(
            "Un contenu du dossier est illisible ({}) : le fichier a été modifié hors de l'application ou vient d'une version plus récente.",
            serde_message(&e.to_string())
        ),
    )
    .with_technique(e)
}

/// « a string » → « un texte » : ce qu'attend serde, en français.
fn expected(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let t = s.trim_start_matches("a ").trim_start_matches("an ");
    let known = [
        ("string", "un texte"),
        ("borrowed string", "un texte"),
        ("char", "un caractère"),
        ("boolean", "oui ou non (vrai ou faux)"),
        ("bool", "oui ou non (vrai ou faux)"),
        ("sequence", "une liste"),
        ("map", "un objet"),
        ("unit", "rien"),
        ("null", "rien"),
        ("valid date", "une date"),
        ("UUID", "un identifiant (UUID)"),
        ("Decimal", "un nombre décimal"),
        ("decimal", "un nombre décimal"),
        ("f64", "un nombre"),
        ("f32", "un nombre"),
        ("floating point", "un nombre"),
    ];
    for (en, fr) in known {
        if t == en {
            return fr.into();
        }
    }
    if t.starts_with("struct ") {
        return "un objet (enregistrement)".into();
    }
    if t.starts_with("tuple") {
        return "une liste".into();
    }
    if t.starts_with("u8")
        || t.starts_with("u16")
        || t.starts_with("u32")
        || t.starts_with("u64")
        || t.starts_with("usize")
    {
        return "un nombre entier positif".into();
    }
    if t.starts_with('i') && t[1..].chars().all(|c| c.is_ascii_digit()) {
        return "un nombre entier".into();
    }
    if t.starts_with("one of ") || t.starts_with("variant identifier") {
        return "une valeur de la liste prévue".into();
    }
    if t.contains("date") || t.contains("time") {
        return "une date".into();
    }
    "la forme prévue par le format".into()
}

/// « integer `12` » → « le nombre entier 12 » : ce que serde a trouvé, en français.
fn unexpected(s: &str) -> String {
    let s = s.trim();
    let inner = |p: &str| -> String {
        s[p.len()..]
            .trim()
            .trim_matches('`')
            .trim_matches('"')
            .chars()
            .take(40)
            .collect()
    };
    if s.starts_with("integer") {
        format!("le nombre entier {}", inner("integer"))
    } else if s.starts_with("floating point") {
        format!("le nombre {}", inner("floating point"))
    } else if s.starts_with("string") {
        format!("le texte « {} »", inner("string"))
    } else if s.starts_with("boolean") {
        let b = inner("boolean");
        format!(
            "la valeur logique {}",
            if b == "true" { "vrai" } else { "faux" }
        )
    } else if s.starts_with("map") {
        "un objet".into()
    } else if s.starts_with("sequence") {
        "une liste".into()
    } else if s.starts_with("null") || s.starts_with("unit") {
        "une valeur vide".into()
    } else if s.starts_with("char") {
        format!("le caractère {}", inner("char"))
    } else {
        "une valeur d'une autre forme".into()
    }
}

fn backticked(s: &str) -> String {
    s.split('`').nth(1).unwrap_or_default().to_string()
}

/// Le texte d'une erreur de serde (« invalid type: integer `12`, expected a string at line 3
/// column 5 ») dit en français (« type inattendu : le nombre entier 12 au lieu d'un texte »).
/// Les textes inconnus donnent une phrase générale : jamais d'anglais.
pub fn serde_message(msg: &str) -> String {
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    if let Some(rest) = msg.strip_prefix("invalid type: ")
        && let Some((found, exp)) = rest.split_once(", expected ")
    {
        return format!(
            "type inattendu : {} alors que le format attend {}",
            unexpected(found),
            expected(exp)
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ")
        && let Some((found, exp)) = rest.split_once(", expected ")
    {
        return format!(
            "valeur refusée : {} alors que le format attend {}",
            unexpected(found),
            expected(exp)
        );
    }
    if msg.starts_with("unknown variant") {
        return format!(
            "la valeur « {} » ne fait pas partie de la liste prévue",
            backticked(msg)
        );
    }
    if msg.starts_with("missing field") {
        return format!("le champ « {} » est absent", backticked(msg));
    }
    if msg.starts_with("unknown field") {
        return format!("le champ « {} » est inconnu", backticked(msg));
    }
    if msg.starts_with("duplicate field") {
        return format!("le champ « {} » apparaît deux fois", backticked(msg));
    }
    if msg.starts_with("invalid length") {
        return "la liste n'a pas le nombre d'éléments prévu".into();
    }
    if msg.contains("UUID") || msg.contains("uuid") {
        return "un identifiant (UUID) est mal formé".into();
    }
    if msg.contains("recursion limit") {
        return "le fichier est imbriqué trop profondément".into();
    }
    if msg.contains("EOF") || msg.contains("end of") {
        return "le fichier s'arrête avant la fin (fichier tronqué ?)".into();
    }
    if msg.contains("premature end of input")
        || msg.contains("input contains invalid characters")
        || msg.contains("input is out of range")
        || msg.contains("input is not enough")
        || msg.contains("trailing input")
    {
        return "une date est mal formée".into();
    }
    if msg.contains("decimal") || msg.contains("Decimal") || msg.contains("number") {
        return "un nombre est mal formé".into();
    }
    "une valeur n'a pas la forme prévue".into()
}

/// Un texte qui peut venir d'une bibliothèque (serde, en anglais) ou du domaine (français) :
/// traduit dans le premier cas, gardé dans le second.
pub fn library_text(why: &str) -> String {
    const MARKERS: [&str; 8] = [
        "invalid",
        "expected",
        "missing field",
        "unknown",
        "duplicate field",
        "EOF",
        "parsing",
        "at line",
    ];
    if MARKERS.iter().any(|m| why.contains(m)) {
        serde_message(why)
    } else {
        why.trim_end_matches('.').to_string()
    }
}

/// Pourquoi calamine n'a pas pu lire un classeur .xlsx (sans le texte anglais).
pub fn xlsx_reason(e: &calamine::XlsxError) -> &'static str {
    use calamine::XlsxError as X;
    match e {
        X::Zip(_) => "l'archive du classeur est abîmée ou incomplète (fichier tronqué ?)",
        X::Io(_) => "le fichier n'a pas pu être lu jusqu'au bout",
        X::Password => "le classeur est protégé par un mot de passe",
        X::FileNotFound(_) | X::RelationshipNotFound => {
            "une partie du classeur manque (fichier produit par un autre logiciel ou abîmé)"
        }
        X::WorksheetNotFound(_) | X::NotAWorksheet(_) => "une feuille annoncée est introuvable",
        X::Xml(_)
        | X::XmlAttr(_)
        | X::XmlEof(_)
        | X::UnexpectedNode(_)
        | X::Unexpected(_)
        | X::Encoding(_) => "le contenu d'une feuille est illisible (texte structuré abîmé)",
        _ => "son contenu est incohérent",
    }
}

/// Pourquoi calamine n'a pas pu lire un classeur .ods.
pub fn ods_reason(e: &calamine::OdsError) -> &'static str {
    use calamine::OdsError as O;
    match e {
        O::Zip(_) => "l'archive du classeur est abîmée ou incomplète (fichier tronqué ?)",
        O::Io(_) => "le fichier n'a pas pu être lu jusqu'au bout",
        O::Password => "le classeur est protégé par un mot de passe",
        O::InvalidMime(_) => "ce n'est pas un classeur OpenDocument",
        O::FileNotFound(_) | O::WorksheetNotFound(_) => {
            "une partie du classeur manque (fichier abîmé ?)"
        }
        O::Xml(_) | O::XmlAttr(_) | O::AttrError(_) | O::EncodingError(_) | O::Eof(_) => {
            "le contenu d'une feuille est illisible (texte structuré abîmé)"
        }
        _ => "son contenu est incohérent",
    }
}

/// Pourquoi calamine n'a pas pu lire un classeur .xls (Excel 97-2003).
pub fn xls_reason(e: &calamine::XlsError) -> &'static str {
    use calamine::XlsError as X;
    match e {
        X::Cfb(_) => {
            "la structure interne du fichier (format Excel 97-2003) est abîmée ou incomplète"
        }
        X::Io(_) => "le fichier n'a pas pu être lu jusqu'au bout",
        X::Password => "le classeur est protégé par un mot de passe",
        _ => "son contenu est incohérent (fichier abîmé ?)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_say_what_and_what_to_do() {
        let p = Path::new("/tmp/dossiers/a.cpom");
        let e = io(
            &std::io::Error::from(ErrorKind::PermissionDenied),
            Action::Ecrire,
            Some(p),
        );
        assert_eq!(e.code, "fichier.droits");
        assert!(
            e.message
                .starts_with("Impossible d'écrire « /tmp/dossiers/a.cpom »"),
            "{}",
            e.message
        );
        assert!(e.details.technique.is_some());
        let e = io(
            &std::io::Error::from(ErrorKind::NotFound),
            Action::Lire,
            Some(p),
        );
        assert_eq!(e.code, "fichier.introuvable");
        assert!(e.message.starts_with("Le fichier « /tmp"), "{}", e.message);
        let e = io(
            &std::io::Error::from(ErrorKind::NotFound),
            Action::Creer,
            Some(p),
        );
        assert!(
            e.message
                .contains("le dossier « /tmp/dossiers » n'existe pas"),
            "{}",
            e.message
        );
        assert!(
            e.message.starts_with("Impossible de créer"),
            "{}",
            e.message
        );
        let e = io(
            &std::io::Error::from(ErrorKind::StorageFull),
            Action::Ecrire,
            Some(p),
        );
        assert_eq!(e.code, "disque.plein");
        let e = io(
            &std::io::Error::from(ErrorKind::IsADirectory),
            Action::Lire,
            Some(p),
        );
        assert!(
            e.message
                .starts_with("« /tmp/dossiers/a.cpom » est un dossier"),
            "{}",
            e.message
        );
        let e = io(&std::io::Error::from(ErrorKind::Other), Action::Lire, None);
        assert!(
            e.message.starts_with("Impossible de lire le fichier"),
            "{}",
            e.message
        );
    }

    #[test]
    fn serde_texts_become_french() {
        let cases = [
            (
                "invalid type: integer `12`, expected a string at line 1 column 5",
                "type inattendu : le nombre entier 12 alors que le format attend un texte",
            ),
            (
                "unknown variant `xyz`, expected one of `a`, `b`",
                "la valeur « xyz » ne fait pas partie de la liste prévue",
            ),
            ("missing field `nom`", "le champ « nom » est absent"),
            (
                "UUID parsing failed: invalid character",
                "un identifiant (UUID) est mal formé",
            ),
            (
                "invalid type: map, expected u32",
                "type inattendu : un objet alors que le format attend un nombre entier positif",
            ),
            (
                "something else entirely",
                "une valeur n'a pas la forme prévue",
            ),
        ];
        for (en, fr) in cases {
            assert_eq!(serde_message(en), fr);
        }
    }
}
