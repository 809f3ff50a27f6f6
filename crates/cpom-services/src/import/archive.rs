//! Ce qu'est un fichier avant de le confier à calamine : un classeur (xlsx, ods : archive zip ;
//! xls : fichier OLE) ou autre chose (image, PDF, document Word, page HTML, texte…), dit en
//! français ; et, pour une archive, la taille décompressée de chaque partie **avant** de la
//! lire : une archive qui gonflerait au-delà des bornes (« bombe ») est refusée aussitôt, sans
//! rien décompresser. Pendant la lecture, le lecteur zip s'arrête de lui-même à la taille
//! annoncée (zip 9 : limite de taille de chaque partie) : une taille mensongère ne fait pas
//! lire davantage.

use std::io::{Read, Seek};

use crate::error::{Result, ServiceError};

/// Taille décompressée maximale d'une partie d'un classeur (une feuille) : l'export du tableau
/// de bord de toute une région tient dans quelques dizaines de Mo ; celui de la France entière
/// (environ 15 600 lignes de 331 colonnes) dans 300 Mo.
pub const MAX_PART_BYTES: u64 = 400 * 1024 * 1024;
/// Taille décompressée maximale de toutes les parties.
pub const MAX_TOTAL_BYTES: u64 = 600 * 1024 * 1024;
/// Nombre maximal de parties.
pub const MAX_PARTS: usize = 10_000;

fn refuse(code: &str, file: &str, msg: String) -> ServiceError {
    ServiceError::new(code, msg).with_file(file)
}

/// Vérifie les tailles annoncées des parties d'une archive zip, sans rien décompresser ;
/// renvoie les noms des parties. Seul le répertoire central de l'archive est lu : un
/// fichier ouvert est contrôlé sans être chargé en mémoire.
pub fn check_zip<R: Read + Seek>(archive: R, file: &str) -> Result<Vec<String>> {
    let mut z = zip::ZipArchive::new(archive).map_err(|e| {
        refuse(
            "classeur.abime",
            file,
            format!(
                "« {file} » est abîmé ou incomplet : l'archive du classeur est illisible (fichier tronqué ?) ; attendu : un classeur .xlsx, .xls ou .ods complet."
            ),
        )
        .with_technique(e)
    })?;
    if z.len() > MAX_PARTS {
        return Err(refuse(
            "classeur.demesure",
            file,
            format!(
                "« {file} » compte {} parties ; un classeur en compte au plus quelques centaines : fichier refusé sans être lu.",
                z.len()
            ),
        ));
    }
    let mut total = 0u64;
    let mut names = Vec::with_capacity(z.len());
    for i in 0..z.len() {
        let part = z.by_index_raw(i).map_err(|e| {
            refuse(
                "classeur.abime",
                file,
                format!("« {file} » est abîmé : une partie de l'archive est illisible."),
            )
            .with_technique(e)
        })?;
        let size = part.size();
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES || total > MAX_TOTAL_BYTES {
            return Err(refuse(
                "classeur.demesure",
                file,
                format!(
                    "« {file} » se décompresserait en plus de {} Mo (une feuille ou l'ensemble) : c'est bien plus qu'un classeur de CPOM ou un export du tableau de bord. Fichier refusé sans être lu.",
                    if size > MAX_PART_BYTES {
                        MAX_PART_BYTES
                    } else {
                        MAX_TOTAL_BYTES
                    } / 1_048_576
                ),
            ));
        }
        names.push(part.name().map(|n| n.to_string()).unwrap_or_default());
    }
    Ok(names)
}

/// Une archive zip qui n'est pas un classeur : ce qu'elle est, d'après ses parties.
pub fn zip_not_a_workbook(names: &[String]) -> Option<&'static str> {
    let has = |p: &str| names.iter().any(|n| n.starts_with(p));
    if has("xl/") || has("content.xml") {
        return None;
    }
    Some(if has("word/") {
        "un document Word (.docx) renommé"
    } else if has("ppt/") {
        "une présentation PowerPoint (.pptx) renommée"
    } else {
        "une archive zip, pas un classeur"
    })
}

/// Ce qu'est un fichier qui n'est ni une archive zip ni un fichier OLE (format d'Excel
/// 97-2003), d'après ses premiers octets.
pub fn what_else(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(1024)];
    let starts = |m: &[u8]| head.starts_with(m);
    let lower: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(200)
        .map(u8::to_ascii_lowercase)
        .collect();
    let contains = |m: &[u8]| lower.windows(m.len()).any(|w| w == m);
    if starts(b"\x89PNG") {
        "une image PNG renommée"
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        "une image JPEG renommée"
    } else if starts(b"GIF8") {
        "une image GIF renommée"
    } else if starts(b"%PDF") {
        "un document PDF renommé"
    } else if starts(b"SQLite format 3\0") {
        "une base de données (peut-être un dossier Atelier CPOM .cpom)"
    } else if starts(b"{\\rtf") {
        "un document RTF renommé"
    } else if lower.starts_with(b"<?xml") && contains(b"workbook") {
        "un classeur « XML 2003 » : ouvrez-le dans Excel puis enregistrez-le au format .xlsx"
    } else if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || contains(b"<table")
    {
        "une page web (HTML) enregistrée avec l'extension d'un classeur : ouvrez-la dans Excel puis enregistrez-la au format .xlsx"
    } else if starts(&[0xFF, 0xFE]) || starts(&[0xFE, 0xFF]) {
        "un fichier texte (UTF-16) : un CSV renommé ?"
    } else if looks_like_text(head) {
        "un fichier texte : un CSV renommé ?"
    } else {
        "un fichier d'un format inconnu"
    }
}

/// Du texte : aucun octet nul, et de l'UTF-8 valide ou presque uniquement des caractères
/// imprimables.
fn looks_like_text(head: &[u8]) -> bool {
    if head.is_empty() || head.contains(&0) {
        return false;
    }
    // Une coupure au milieu d'un caractère en fin d'extrait est tolérée.
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.valid_up_to() + 4 >= head.len(),
    };
    let printable = head
        .iter()
        .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || **b >= 0xA0)
        .count();
    utf8 || printable * 100 >= head.len() * 95
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_files_are_named_for_what_they_are() {
        assert_eq!(
            what_else(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "une image PNG renommée"
        );
        assert!(what_else(b"a;b\n1;2\n").contains("CSV"));
        assert!(what_else("nom;capacité\nIME;45\n".as_bytes()).contains("CSV"));
        assert!(what_else(b"%PDF-1.7\n").contains("PDF"));
        assert!(what_else(b"<html><body><table>").contains("HTML"));
        assert!(what_else(&[0x00, 0x01, 0x02, 0x03, 0xfe]).contains("inconnu"));
        assert_eq!(zip_not_a_workbook(&["xl/workbook.xml".into()]), None);
        assert!(
            zip_not_a_workbook(&["word/document.xml".into()])
                .unwrap()
                .contains("Word")
        );
    }
}
