//! Écrit une disposition (`cpom_domain::workbook::Layout`) avec rust_xlsxwriter : valeurs,
//! formules avec leur résultat (LibreOffice ne recalcule pas à l'ouverture : stack-notes
//! P3), listes déroulantes vers la feuille cachée « Listes », fusions, largeurs, mise en
//! page A4 et protection des feuilles (seules les zones bleues sont modifiables).

use chrono::Datelike;
use cpom_domain::workbook::layout::LISTS_SHEET;
use cpom_domain::workbook::layout::{Layout, SheetLayout, Style};
use cpom_domain::workbook::values::CellValue;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Formula, Url, Workbook,
    Worksheet, XlsxError,
};

use super::styles::Formats;

/// Identification du classeur (feuille « Listes », colonnes A-B) : relue à l'import.
pub const ID_FORMAT: &str = "atelier-cpom/classeur";
/// Première colonne des listes déroulantes dans la feuille « Listes » (D).
const FIRST_LIST_COL: u16 = 3;

pub struct Meta<'a> {
    pub dossier_id: &'a str,
    pub organisme: &'a str,
    /// Dates fixes (tests de référence).
    pub deterministic: bool,
}

fn list_ranges(layout: &Layout) -> Vec<(String, String)> {
    layout
        .lists
        .iter()
        .enumerate()
        .map(|(i, (name, values))| {
            let c = cpom_domain::workbook::descriptor::col_name(FIRST_LIST_COL + i as u16);
            let last = values.len().max(1) + 1;
            (name.clone(), format!("={LISTS_SHEET}!${c}$2:${c}${last}"))
        })
        .collect()
}

fn write_lists(ws: &mut Worksheet, layout: &Layout, meta: &Meta<'_>) -> Result<(), XlsxError> {
    ws.set_name(LISTS_SHEET)?;
    for (r, (k, v)) in [
        ("Format", ID_FORMAT.to_string()),
        ("Modèle", layout.template_id.clone()),
        ("Version", layout.version.to_string()),
        ("Dossier", meta.dossier_id.to_string()),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *k)?;
        ws.write_string(r as u32, 1, v)?;
    }
    for (i, (name, values)) in layout.lists.iter().enumerate() {
        let c = FIRST_LIST_COL + i as u16;
        ws.write_string(0, c, name)?;
        for (j, (_, label)) in values.iter().enumerate() {
            ws.write_string(1 + j as u32, c, label)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}

fn write_sheet(
    ws: &mut Worksheet,
    s: &SheetLayout,
    formats: &mut Formats,
    ranges: &[(String, String)],
) -> Result<(), XlsxError> {
    ws.set_name(&s.name)?;
    for (c, w) in &s.widths {
        ws.set_column_width(*c, *w)?;
    }
    for (r, h) in &s.heights {
        ws.set_row_height(*r, *h)?;
    }
    for c in &s.hidden_cols {
        ws.set_column_hidden(*c)?;
    }
    for r in &s.hidden_rows {
        ws.set_row_hidden(*r)?;
    }
    // Le style de la première cellule de chaque fusion, lu dans une table (une fusion ne
    // parcourt pas toutes les cellules de la feuille).
    let mut first: cpom_domain::kernel::hash::FastMap<(u32, u16), (Style, &'static str)> =
        cpom_domain::kernel::hash::FastMap::default();
    if !s.merges.is_empty() {
        for x in &s.cells {
            first
                .entry((x.row, x.col))
                .or_insert((x.style, x.num_format.unwrap_or(x.format.num_format())));
        }
    }
    for (r1, c1, r2, c2) in &s.merges {
        let (st, num) = first
            .get(&(*r1, *c1))
            .copied()
            .unwrap_or((Style::Label, "@"));
        ws.merge_range(*r1, *c1, *r2, *c2, "", formats.get(st, num))?;
    }
    for cell in &s.cells {
        let num = cell.num_format.unwrap_or(cell.format.num_format());
        let f = formats.get(cell.style, num);
        let (r, c) = (cell.row, cell.col);
        if let Some(formula) = &cell.formula {
            // Un résultat vide s'écrit « texte espace » : sans valeur en cache, LibreOffice
            // (qui ne recalcule pas à l'ouverture) afficherait 0,00 %.
            let result = match cell.value.as_text() {
                t if t.is_empty() => " ".to_string(),
                t => t,
            };
            ws.write_formula_with_format(r, c, Formula::new(formula).set_result(result), f)?;
            continue;
        }
        if let Some(target) = &cell.link {
            let url = Url::new(format!("internal:'{target}'!A1")).set_text(cell.value.as_text());
            ws.write_url_with_format(r, c, url, f)?;
            continue;
        }
        match &cell.value {
            // Toujours du texte, même « =… » ou « +… » : jamais une formule.
            CellValue::Text(t) if !t.is_empty() => {
                ws.write_string_with_format(r, c, t, f)?;
            }
            CellValue::Number(n) => {
                ws.write_number_with_format(r, c, *n, f)?;
            }
            CellValue::Date(d) => {
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(r, c, dt, f)?;
            }
            _ => {
                ws.write_blank(r, c, f)?;
            }
        }
        if let Some(list) = &cell.validation
            && let Some((_, range)) = ranges.iter().find(|(n, _)| n == list)
        {
            let v = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_error_title("Valeur non prévue")?
                .set_error_message("Choisissez une valeur dans la liste déroulante.")?;
            ws.add_data_validation(r, c, r, c, &v)?;
        }
    }
    ws.set_paper_size(9); // A4
    if s.landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    if let Some((a, b)) = s.repeat_rows {
        ws.set_repeat_rows(a, b)?;
    }
    ws.set_footer("&L&A&RPage &P sur &N");
    ws.protect();
    Ok(())
}

/// Le classeur en mémoire ; `progress(feuilles faites, total)`.
pub fn render(
    layout: &Layout,
    meta: &Meta<'_>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(&layout.title)
        .set_author("Atelier CPOM")
        .set_company(meta.organisme);
    if meta.deterministic {
        props = props.set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?);
    }
    wb.set_properties(&props);
    let ranges = list_ranges(layout);
    let mut formats = Formats::default();
    let total = layout.sheets.len() as u32 + 1;
    for (i, s) in layout.sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        write_sheet(ws, s, &mut formats, &ranges)?;
        progress(i as u32 + 1, total);
    }
    write_lists(wb.add_worksheet(), layout, meta)?;
    let bytes = wb.save_to_buffer()?;
    progress(total, total);
    Ok(bytes)
}
