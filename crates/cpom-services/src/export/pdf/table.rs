//! Les tableaux à bordures : cellules coupées en lignes, ligne d'en-tête répétée en haut de
//! chaque page, lignes trop hautes partagées entre deux pages.

use cpom_domain::contract::document::{Align, Table};

use super::fonts::FontKey;
use super::layout::{Layout, baseline};
use super::page::{Draw, LIMIT, TOP, WIDTH};
use super::text;

const SIZE: f32 = 8.5;
const LEAD: f32 = 10.5;
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 3.0;
const RULE: f32 = 0.5;

/// Une ligne du tableau, ses cellules déjà coupées.
struct Row {
    cells: Vec<Vec<String>>,
    font: Vec<FontKey>,
    fill: Option<f32>,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// Largeur du mot le plus long d'un texte (une cellule ne coupe pas un mot qui tient).
fn longest_word(text: &str, font: FontKey) -> f32 {
    text.split([' ', '\n'])
        .map(|w| text::width(&cpom_domain::kernel::typography::fr(w), font, SIZE))
        .fold(0.0, f32::max)
}

/// Largeurs des colonnes : proportionnelles aux poids, mais jamais moins que le plus long mot
/// de la colonne (en-tête compris) tant que la largeur totale le permet.
fn widths(t: &Table) -> Vec<f32> {
    let n = t.columns.len();
    let total: f32 = t.columns.iter().map(|c| c.weight).sum::<f32>().max(0.001);
    let mut w: Vec<f32> = t.columns.iter().map(|c| c.weight / total * WIDTH).collect();
    let mut min = vec![0.0f32; n];
    for (i, c) in t.columns.iter().enumerate() {
        if t.header {
            min[i] = longest_word(&c.title, FontKey::Bold);
        }
        for r in &t.rows {
            if let Some(cell) = r.get(i) {
                let bold = t.total_row || (i == 0 && t.first_column_bold);
                let f = if bold {
                    FontKey::Bold
                } else {
                    FontKey::Regular
                };
                min[i] = min[i].max(longest_word(cell, f));
            }
        }
        min[i] += 2.0 * PAD_X + 0.5;
    }
    if min.iter().sum::<f32>() > WIDTH {
        return w;
    }
    for _ in 0..8 {
        let deficit: f32 = (0..n).map(|i| (min[i] - w[i]).max(0.0)).sum();
        if deficit <= 0.01 {
            break;
        }
        let slack: f32 = (0..n).map(|i| (w[i] - min[i]).max(0.0)).sum();
        for i in 0..n {
            if w[i] < min[i] {
                w[i] = min[i];
            } else {
                w[i] -= (w[i] - min[i]) / slack * deficit;
            }
        }
    }
    w
}

fn prepare(t: &Table, cells: &[String], w: &[f32], header: bool, total: bool) -> Row {
    let mut out = Row {
        cells: Vec::new(),
        font: Vec::new(),
        fill: if header {
            Some(0.87)
        } else if total {
            Some(0.95)
        } else {
            None
        },
    };
    for (i, width) in w.iter().enumerate() {
        let bold = header || total || (i == 0 && t.first_column_bold);
        let font = if bold {
            FontKey::Bold
        } else {
            FontKey::Regular
        };
        let text = cells.get(i).map(String::as_str).unwrap_or("");
        // Un retour à la ligne dans une cellule commence une nouvelle ligne.
        let lines: Vec<String> = text
            .split('\n')
            .filter(|part| !part.is_empty())
            .flat_map(|part| text::wrap_plain(part, font, SIZE, width - 2.0 * PAD_X))
            .collect();
        out.cells.push(lines);
        out.font.push(font);
    }
    out
}

fn height(lines: usize) -> f32 {
    lines as f32 * LEAD + 2.0 * PAD_Y
}

impl Layout<'_> {
    fn header_row(&self, t: &Table, w: &[f32]) -> Option<Row> {
        t.header.then(|| {
            let titles: Vec<String> = t.columns.iter().map(|c| c.title.clone()).collect();
            prepare(t, &titles, w, true, false)
        })
    }

    /// Hauteur de l'en-tête et de la première ligne (à garder ensemble, et avec un titre).
    pub(super) fn table_start_height(&self, t: &Table) -> f32 {
        let w = widths(t);
        let h = self.header_row(t, &w).map_or(0.0, |r| height(r.lines()));
        let first = t.rows.first().map_or(0.0, |r| {
            let last = t.rows.len() == 1 && t.total_row;
            height(prepare(t, r, &w, false, last).lines())
        });
        h + first.min(LIMIT - TOP - h - 40.0)
    }

    /// Dessine les lignes `from..to` de chaque cellule d'une rangée.
    fn draw_row(&mut self, t: &Table, w: &[f32], row: &Row, from: &[usize], n: usize) {
        let h = height(n);
        let top = self.y;
        if let Some(g) = row.fill {
            self.cur().draws.push(Draw::Fill {
                x: 0.0,
                y: top,
                w: WIDTH,
                h,
                gray: g,
            });
        }
        let mut x = 0.0;
        for (i, cw) in w.iter().enumerate() {
            let lines = &row.cells[i];
            let font = row.font[i];
            let align = if row.fill == Some(0.87) {
                Align::Left
            } else {
                t.columns[i].align
            };
            for (k, l) in lines.iter().skip(from[i]).take(n).enumerate() {
                let lw = text::width(l, font, SIZE);
                let lx = match align {
                    Align::Right => x + cw - PAD_X - lw,
                    Align::Center => x + (cw - lw) / 2.0,
                    _ => x + PAD_X,
                };
                let bl = baseline(top + PAD_Y + k as f32 * LEAD, SIZE, LEAD);
                self.cur().text(lx, bl, SIZE, font, l);
            }
            x += cw;
        }
        let page = self.cur();
        page.hline(0.0, WIDTH, top, RULE);
        page.hline(0.0, WIDTH, top + h, RULE);
        let mut x = 0.0;
        page.vline(0.0, top, top + h, RULE);
        for cw in w {
            x += cw;
            page.vline(x.min(WIDTH), top, top + h, RULE);
        }
        self.y = top + h;
    }

    fn draw_header(&mut self, t: &Table, w: &[f32], header: &Option<Row>) {
        if let Some(hr) = header {
            let n = hr.lines();
            let from = vec![0; w.len()];
            self.draw_row(t, w, hr, &from, n);
        }
    }

    pub(super) fn table(&mut self, t: &Table) {
        let w = widths(t);
        let header = self.header_row(t, &w);
        let header_h = header.as_ref().map_or(0.0, |r| height(r.lines()));
        let rows: Vec<Row> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| prepare(t, r, &w, false, t.total_row && i + 1 == t.rows.len()))
            .collect();
        self.ensure(self.table_start_height(t));
        self.draw_header(t, &w, &header);
        let mut rows_on_page = 0usize;
        for row in &rows {
            let total = row.lines();
            let mut from = vec![0usize; w.len()];
            let mut done = 0usize;
            while done < total {
                let rest = total - done;
                if height(rest) <= self.room() {
                    self.draw_row(t, &w, row, &from, rest);
                    rows_on_page += 1;
                    break;
                }
                let full_page = LIMIT - TOP - header_h;
                if height(rest) <= full_page && rows_on_page > 0 {
                    // La rangée entière passe à la page suivante, sous l'en-tête répété.
                    self.new_page();
                    self.draw_header(t, &w, &header);
                    rows_on_page = 0;
                    continue;
                }
                // Rangée plus haute qu'une page (ou seule) : partagée entre deux pages.
                let k = ((self.room() - 2.0 * PAD_Y) / LEAD).floor();
                if k < 2.0 {
                    self.new_page();
                    self.draw_header(t, &w, &header);
                    rows_on_page = 0;
                    continue;
                }
                let k = k as usize;
                self.draw_row(t, &w, row, &from, k);
                for f in &mut from {
                    *f += k;
                }
                done += k;
                self.new_page();
                self.draw_header(t, &w, &header);
                rows_on_page = 0;
            }
        }
        self.y += 8.0;
    }
}
