//! Des exports du tableau de bord fabriqués à partir du vrai en-tête (tests, fichiers
//! d'essai refusés, banc d'essai de 15 600 lignes) : rust_xlsxwriter, sans LibreOffice.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::error::{Result, ServiceError};

/// Une valeur de cellule d'un export fabriqué.
#[derive(Debug, Clone)]
pub enum SampleValue {
    Text(String),
    Number(f64),
}

/// Une ligne : FINESS géographique et juridique, raison sociale, et des valeurs par numéro
/// de colonne (à partir de 1).
#[derive(Debug, Clone, Default)]
pub struct SampleRow {
    pub finess_et: String,
    pub finess_ej: String,
    pub raison: String,
    pub values: Vec<(u16, SampleValue)>,
    /// Remplir toutes les autres colonnes (volume réaliste du banc d'essai).
    pub fill_all: bool,
}

/// Écrit un export : `header` (331 libellés), feuille `sheet`, colonne vide en tête si
/// `extra_first_col` ; FINESS écrits comme nombres si `numeric_finess` (zéro perdu).
pub fn write_sample(
    path: &Path,
    header: &[String],
    rows: &mut dyn Iterator<Item = SampleRow>,
    sheet: &str,
    extra_first_col: bool,
    numeric_finess: bool,
) -> Result<()> {
    let e = |x: rust_xlsxwriter::XlsxError| {
        ServiceError::new(
            "essai.tdb",
            "L'export d'essai du tableau de bord n'a pas pu être écrit (dossier de destination absent ?).",
        )
        .with_technique(x)
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(e)?;
    ws.set_name(sheet).map_err(e)?;
    let off = u16::from(extra_first_col);
    for (i, h) in header.iter().enumerate() {
        ws.write_string(0, i as u16 + off, h).map_err(e)?;
    }
    for (n, r) in rows.enumerate() {
        let row = n as u32 + 1;
        let mut put = |col1: u16, v: &SampleValue| -> Result<()> {
            let c = col1 - 1 + off;
            match v {
                SampleValue::Text(t) => ws.write_string(row, c, t).map(|_| ()),
                SampleValue::Number(x) => ws.write_number(row, c, *x).map(|_| ()),
            }
            .map_err(e)
        };
        let finess = |f: &str| match (numeric_finess, f.parse::<f64>()) {
            (true, Ok(x)) => SampleValue::Number(x),
            _ => SampleValue::Text(f.to_string()),
        };
        let mut cells: Vec<(u16, SampleValue)> = vec![
            (1, SampleValue::Text("Pays de la Loire".into())),
            (5, finess(&r.finess_et)),
            (6, SampleValue::Text(r.raison.clone())),
            (12, finess(&r.finess_ej)),
        ];
        cells.extend(r.values.iter().cloned());
        if r.fill_all {
            for c in 2..=header.len() as u16 {
                if !cells.iter().any(|(k, _)| *k == c) {
                    // Entiers pour l'identité et les capacités (colonnes 1 à 138),
                    // décimaux ensuite (taux, ETP…).
                    let frac = if c >= 139 {
                        (n % 13) as f64 / 10.0
                    } else {
                        0.0
                    };
                    cells.push((c, SampleValue::Number(f64::from(c % 97) + frac)));
                }
            }
        }
        cells.sort_by_key(|(c, _)| *c);
        for (c, v) in &cells {
            put(*c, v)?;
        }
    }
    wb.save(path).map_err(e)?;
    Ok(())
}
