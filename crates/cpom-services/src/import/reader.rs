//! Lecture bornée d'un classeur .xlsx, .xls ou .ods avec calamine. Le format est reconnu au
//! contenu (pas à l'extension) ; un CSV renommé, un fichier tronqué ou chiffré, une feuille
//! démesurée donnent une erreur française qui nomme le fichier (et la feuille).
//!
//! Pièges de calamine (stack-notes §5b, P4) : entiers `Int` en .xls, dates ISO en .ods,
//! positions absolues : tout passe par [`Raw`].

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsx};
use cpom_domain::workbook::descriptor::cell_name;
use cpom_domain::workbook::values::Raw;

use super::archive;
use crate::atomic::display;
use crate::error::translate::{self, Action, io};
use crate::error::{Result, ServiceError};

/// Taille maximale d'un fichier lu (un export du tableau de bord de toute une région fait
/// quelques dizaines de Mo).
pub const MAX_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xls,
    Ods,
}

/// Ce que lit calamine : le fichier lui-même (un .xlsx, lu au fil de l'eau sans le charger
/// en entier) ou son contenu en mémoire (.xls, .ods).
pub enum Source {
    File(BufReader<File>),
    Memory(Cursor<Vec<u8>>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Self::File(f) => f.read(buf),
            Self::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Self::File(f) => f.seek(pos),
            Self::Memory(m) => m.seek(pos),
        }
    }
}

enum Inner {
    Xlsx(Xlsx<Source>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

/// Décide de garder une ligne (numéro, cellules gardées de la ligne).
pub type KeepRow<'a> = dyn FnMut(u32, &[(u16, Raw)]) -> bool + 'a;

/// Un classeur ouvert.
pub struct Book {
    pub file: String,
    pub kind: Kind,
    inner: Inner,
}

/// Les cellules lues d'une feuille (positions absolues, à partir de 0).
#[derive(Debug, Default)]
pub struct Grid {
    pub name: String,
    cells: cpom_domain::kernel::hash::FastMap<(u32, u16), Raw>,
    /// Dernière ligne contenant une valeur (+1).
    pub height: u32,
}

impl Grid {
    pub fn get(&self, row: u32, col: u16) -> Raw {
        self.cells.get(&(row, col)).cloned().unwrap_or(Raw::Empty)
    }
}

pub fn err(code: &str, file: &str, msg: impl Into<String>) -> ServiceError {
    ServiceError::new(code, msg).with_file(file)
}

/// Emplacement lisible : « feuille « Annexe 1 », cellule C5 ».
pub fn at(sheet: &str, row: u32, col: u16) -> String {
    format!("feuille « {sheet} », cellule {}", cell_name(row, col))
}

fn looks_encrypted(bytes: &[u8]) -> bool {
    // Un classeur OOXML protégé par mot de passe est un fichier OLE contenant
    // « EncryptedPackage » (MS-OFFCRYPTO), en UTF-16.
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Ouvre un classeur en reconnaissant son format au contenu.
pub fn open(path: &Path) -> Result<Book> {
    let file = display(path);
    let meta = std::fs::metadata(path).map_err(|e| io(&e, Action::Lire, Some(path)))?;
    if meta.is_dir() {
        let e = std::io::Error::from(std::io::ErrorKind::IsADirectory);
        return Err(io(&e, Action::Lire, Some(path)));
    }
    if meta.len() > MAX_BYTES {
        return Err(err(
            "classeur.trop_gros",
            &file,
            format!(
                "« {file} » fait {} Mo ; attendu : un classeur de moins de {} Mo.",
                meta.len() / 1_048_576,
                MAX_BYTES / 1_048_576
            ),
        ));
    }
    let unreadable = |e: std::io::Error| io(&e, Action::Lire, Some(path));
    // L'en-tête suffit à reconnaître un .xlsx : il est alors lu au fil de l'eau depuis le
    // fichier (un export de 20 Mo n'est pas chargé en mémoire) ; .xls et .ods sont lus
    // en entier.
    let mut head = Vec::with_capacity(512);
    File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(unreadable)?;
    let is_ods = |b: &[u8]| {
        b.len() > 80
            && b[30..80].windows(8).any(|w| w == b"mimetype")
            && b[..200.min(b.len())]
                .windows(11)
                .any(|w| w == b"opendocumen")
    };
    if head.starts_with(b"PK\x03\x04") && !is_ods(&head) {
        let damaged = |why: &str, e: &dyn std::fmt::Display| {
            err(
                "classeur.abime",
                &file,
                format!(
                    "« {file} » est abîmé ou incomplet et ne peut pas être lu : {why} ; attendu : un classeur .xlsx, .xls ou .ods complet."
                ),
            )
            .with_technique(e)
        };
        // Tailles décompressées annoncées contrôlées avant toute lecture (archive.rs) : le
        // contrôle ne lit que le répertoire central de l'archive, dans le fichier (un export
        // de 20 Mo n'est pas chargé en mémoire pour autant).
        {
            let f = File::open(path).map_err(unreadable)?;
            let parts = archive::check_zip(BufReader::new(f), &file)?;
            if let Some(what) = archive::zip_not_a_workbook(&parts) {
                return Err(err(
                    "classeur.format",
                    &file,
                    format!(
                        "« {file} » n'est pas un classeur Excel ou LibreOffice (c'est {what}) ; attendu : un fichier .xlsx, .xls ou .ods."
                    ),
                ));
            }
        }
        let f = File::open(path).map_err(unreadable)?;
        let x = Xlsx::new(Source::File(BufReader::new(f)))
            .map_err(|e| damaged(translate::xlsx_reason(&e), &e))?;
        return Ok(Book {
            file,
            kind: Kind::Xlsx,
            inner: Inner::Xlsx(x),
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    if bytes.is_empty() {
        return Err(err(
            "classeur.vide",
            &file,
            format!("« {file} » est vide ; attendu : un classeur .xlsx, .xls ou .ods."),
        ));
    }
    let damaged = |why: &str, e: &dyn std::fmt::Display| {
        err(
            "classeur.abime",
            &file,
            format!(
                "« {file} » est abîmé ou incomplet et ne peut pas être lu : {why} ; attendu : un classeur .xlsx, .xls ou .ods complet."
            ),
        )
        .with_technique(e)
    };
    let inner = if bytes.starts_with(b"PK\x03\x04") {
        // Tailles décompressées annoncées contrôlées avant toute lecture (archive.rs).
        let parts = archive::check_zip(std::io::Cursor::new(&bytes[..]), &file)?;
        if let Some(what) = archive::zip_not_a_workbook(&parts) {
            return Err(err(
                "classeur.format",
                &file,
                format!(
                    "« {file} » n'est pas un classeur Excel ou LibreOffice (c'est {what}) ; attendu : un fichier .xlsx, .xls ou .ods."
                ),
            ));
        }
        let is_ods = bytes.len() > 80
            && bytes[30..80].windows(8).any(|w| w == b"mimetype")
            && bytes[..200.min(bytes.len())]
                .windows(11)
                .any(|w| w == b"opendocumen");
        if is_ods {
            Inner::Ods(
                Ods::new(Cursor::new(bytes)).map_err(|e| damaged(translate::ods_reason(&e), &e))?,
            )
        } else {
            Inner::Xlsx(
                Xlsx::new(Source::Memory(Cursor::new(bytes)))
                    .map_err(|e| damaged(translate::xlsx_reason(&e), &e))?,
            )
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        if looks_encrypted(&bytes) {
            return Err(err(
                "classeur.chiffre",
                &file,
                format!(
                    "« {file} » est protégé par un mot de passe (chiffré) ; attendu : un classeur enregistré sans mot de passe d'ouverture."
                ),
            ));
        }
        Inner::Xls(
            Xls::new(Cursor::new(bytes)).map_err(|e| damaged(translate::xls_reason(&e), &e))?,
        )
    } else {
        let what = archive::what_else(&bytes);
        return Err(err(
            "classeur.format",
            &file,
            format!(
                "« {file} » n'est pas un classeur Excel ou LibreOffice (c'est {what}) ; attendu : un fichier .xlsx, .xls ou .ods."
            ),
        ));
    };
    let kind = match inner {
        Inner::Xlsx(_) => Kind::Xlsx,
        Inner::Xls(_) => Kind::Xls,
        Inner::Ods(_) => Kind::Ods,
    };
    Ok(Book { file, kind, inner })
}

fn from_data(d: &Data) -> Raw {
    match d {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(x) => x
            .as_datetime()
            .map_or(Raw::Number(x.as_f64()), |dt| Raw::Date(dt.date())),
        Data::DateTimeIso(s) => {
            chrono::NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d")
                .map_or_else(|_| Raw::Text(s.clone()), Raw::Date)
        }
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
    }
}

fn from_ref(d: &DataRef<'_>) -> Raw {
    match d {
        DataRef::Empty => Raw::Empty,
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::String(s) => Raw::Text(s.clone()),
        DataRef::SharedString(s) => Raw::Text((*s).to_string()),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(x) => x
            .as_datetime()
            .map_or(Raw::Number(x.as_f64()), |dt| Raw::Date(dt.date())),
        DataRef::DateTimeIso(s) => {
            chrono::NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d")
                .map_or_else(|_| Raw::Text(s.clone()), Raw::Date)
        }
        DataRef::DurationIso(s) => Raw::Text(s.clone()),
        DataRef::Error(e) => Raw::Error(e.to_string()),
    }
}

fn too_long(file: &str, sheet: &str, max_rows: u32) -> ServiceError {
    err(
        "classeur.trop_de_lignes",
        file,
        format!(
            "« {file} », feuille « {sheet} » : plus de {max_rows} lignes ; attendu : au plus {max_rows} lignes (feuille démesurée ou mal exportée)."
        ),
    )
    .with_location(format!("feuille « {sheet} », ligne {}", max_rows + 1))
}

fn range_error(file: &str, sheet: &str, why: &str, e: impl std::fmt::Display) -> ServiceError {
    err(
        "classeur.abime",
        file,
        format!(
            "« {file} », feuille « {sheet} » illisible : {why} ; attendu : une feuille complète."
        ),
    )
    .with_location(format!("feuille « {sheet} »"))
    .with_technique(e)
}

impl Book {
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Xlsx(x) => x.sheet_names(),
            Inner::Xls(x) => x.sheet_names(),
            Inner::Ods(x) => x.sheet_names(),
        }
    }

    /// Lit une feuille, en ne gardant que les colonnes `keep` ; au-delà de `max_rows`
    /// lignes la lecture s'arrête (temps et mémoire bornés) et l'erreur le dit.
    /// Une feuille dont la lecture fait paniquer calamine (fichier fabriqué ou abîmé) est
    /// refusée comme illisible.
    pub fn grid(&mut self, sheet: &str, max_rows: u32, keep: &dyn Fn(u16) -> bool) -> Result<Grid> {
        let file = self.file.clone();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.grid_unguarded(sheet, max_rows, keep)
        }))
        .unwrap_or_else(|_| {
            Err(range_error(
                &file,
                sheet,
                "sa structure est incohérente",
                "panique de calamine à la lecture de la feuille",
            ))
        })
    }

    /// Comme [`Book::grid`], en ne gardant que les lignes que `keep_row` retient : chaque
    /// ligne passe dans un tampon (ses seules colonnes gardées, converties), puis `keep_row`
    /// (numéro de ligne, cellules) décide. Une feuille de 15 600 lignes dont quelques-unes
    /// concernent le dossier ne reste pas en mémoire. Protégée comme [`Book::grid`].
    pub fn grid_rows(
        &mut self,
        sheet: &str,
        max_rows: u32,
        keep: &dyn Fn(u16) -> bool,
        keep_row: &mut KeepRow<'_>,
    ) -> Result<Grid> {
        let file = self.file.clone();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.grid_rows_unguarded(sheet, max_rows, keep, keep_row)
        }))
        .unwrap_or_else(|_| {
            Err(range_error(
                &file,
                sheet,
                "sa structure est incohérente",
                "panique de calamine à la lecture de la feuille",
            ))
        })
    }

    fn grid_unguarded(
        &mut self,
        sheet: &str,
        max_rows: u32,
        keep: &dyn Fn(u16) -> bool,
    ) -> Result<Grid> {
        self.grid_rows_unguarded(sheet, max_rows, keep, &mut |_, _| true)
    }

    fn grid_rows_unguarded(
        &mut self,
        sheet: &str,
        max_rows: u32,
        keep: &dyn Fn(u16) -> bool,
        keep_row: &mut KeepRow<'_>,
    ) -> Result<Grid> {
        let mut g = Grid {
            name: sheet.to_string(),
            ..Grid::default()
        };
        let mut buffer: Vec<(u16, Raw)> = Vec::new();
        let mut current: Option<u32> = None;
        let mut flush = |g: &mut Grid, row: u32, buffer: &mut Vec<(u16, Raw)>| {
            if !buffer.is_empty() && keep_row(row, buffer) {
                g.height = g.height.max(row + 1);
                for (c, raw) in buffer.drain(..) {
                    g.cells.insert((row, c), raw);
                }
            }
            buffer.clear();
        };
        let mut put = |g: &mut Grid, r: u32, c: u32, raw: Raw| {
            if current != Some(r) {
                if let Some(prev) = current {
                    flush(g, prev, &mut buffer);
                }
                current = Some(r);
            }
            if raw != Raw::Empty && c <= u32::from(u16::MAX) && keep(c as u16) {
                buffer.push((c as u16, raw));
            }
        };
        let file = self.file.clone();
        let range: Range<Data> = match &mut self.inner {
            Inner::Xlsx(x) => {
                let mut reader = match x.worksheet_cells_reader(sheet) {
                    Ok(r) => r,
                    Err(e) => {
                        return Err(range_error(&file, sheet, translate::xlsx_reason(&e), e));
                    }
                };
                loop {
                    match reader.next_cell() {
                        Ok(Some(cell)) => {
                            let (r, c) = cell.get_position();
                            if r >= max_rows {
                                return Err(too_long(&file, sheet, max_rows));
                            }
                            // Seules les colonnes gardées sont converties.
                            if c <= u32::from(u16::MAX) && keep(c as u16) {
                                put(&mut g, r, c, from_ref(cell.get_value()));
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            return Err(range_error(&file, sheet, translate::xlsx_reason(&e), e));
                        }
                    }
                }
                put(&mut g, u32::MAX, 0, Raw::Empty);
                return Ok(g);
            }
            Inner::Xls(x) => x
                .worksheet_range(sheet)
                .map_err(|e| range_error(&file, sheet, translate::xls_reason(&e), e)),
            Inner::Ods(x) => x
                .worksheet_range(sheet)
                .map_err(|e| range_error(&file, sheet, translate::ods_reason(&e), e)),
        }?;
        if range.end().is_some_and(|(r, _)| r >= max_rows) {
            return Err(too_long(&file, sheet, max_rows));
        }
        for (r, c, d) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            put(&mut g, r as u32 + r0, c as u32 + c0, from_data(d));
        }
        put(&mut g, u32::MAX, 0, Raw::Empty);
        Ok(g)
    }

    /// Les formules d'une feuille : (ligne, colonne) → texte de la formule.
    pub fn formulas(&mut self, sheet: &str) -> HashMap<(u32, u16), String> {
        let range = match &mut self.inner {
            Inner::Xlsx(x) => x.worksheet_formula(sheet).ok(),
            Inner::Xls(x) => x.worksheet_formula(sheet).ok(),
            Inner::Ods(x) => x.worksheet_formula(sheet).ok(),
        };
        let mut out = HashMap::new();
        if let Some(range) = range {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, f) in range.used_cells() {
                if !f.is_empty() {
                    out.insert((r as u32 + r0, (c as u32 + c0) as u16), f.clone());
                }
            }
        }
        out
    }

    /// Les plages fusionnées (xlsx et xls ; `None` pour l'ods). Une plage illisible au point
    /// de faire paniquer calamine (référence « B5:A1 » à l'envers : soustraction qui déborde
    /// dans calamine 0.38, trouvée par les tests de propriétés) compte comme aucune plage :
    /// le contrôle des fusions refuse alors le classeur en le disant.
    pub fn merges(&mut self, sheet: &str) -> Option<Vec<(u32, u16, u32, u16)>> {
        let inner = &mut self.inner;
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match inner {
            Inner::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).ok(),
            Inner::Xls(x) => x.merge_cells_by_sheet_name(sheet).ok(),
            Inner::Ods(_) => None,
        }));
        let dims = match read {
            Ok(dims) => dims?,
            Err(_) => return Some(Vec::new()),
        };
        Some(
            dims.iter()
                .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
                .collect(),
        )
    }
}
