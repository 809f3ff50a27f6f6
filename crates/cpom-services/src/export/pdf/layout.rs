//! Le moteur de mise en page : blocs du document → pages. Titres gardés avec la suite
//! (jamais seuls en bas de page), paragraphes justifiés sans ligne veuve ni orpheline,
//! listes à puces, encadrés, table des matières, blocs de signature insécables.

use cpom_domain::contract::document::{Align, Block, Rich, SignatureBlock, Span};

use super::fonts::{FontKey, metrics};
use super::page::{Draw, LIMIT, Page, TOP, WIDTH};
use super::text::{self, Line};

pub const BODY: f32 = 10.5;
pub const LEAD: f32 = 14.0;
pub const NOTE: f32 = 9.0;
pub const NOTE_LEAD: f32 = 11.5;
const BULLET_INDENT: f32 = 14.0;
const PARA_AFTER: f32 = 5.0;

/// Une entrée de la table des matières.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    /// Numéro de page (la couverture est la page 1).
    pub page: usize,
}

/// Budget de pages d'un contrat : un dossier dont chaque texte est à sa borne
/// (`kernel/bounds.rs`) reste en deçà (banc d'essai `bench_bornes`) ; au-delà, la mise en page
/// s'arrête (mémoire bornée) et l'export est refusé avec un message clair.
pub const MAX_PAGES: usize = 1_200;

pub struct Layout<'a> {
    pub pages: Vec<Page>,
    /// Le budget de pages est dépassé : la mise en page s'est arrêtée.
    pub overflow: bool,
    pub(super) y: f32,
    /// Entrées à imprimer dans la table des matières (passe précédente).
    toc_in: &'a [TocEntry],
    /// Entrées relevées pendant cette passe.
    pub toc_out: Vec<TocEntry>,
}

fn heading_size(level: u8) -> f32 {
    match level {
        1 => 14.0,
        2 => 11.5,
        _ => 10.5,
    }
}

fn heading_font(level: u8) -> FontKey {
    if level >= 3 {
        FontKey::BoldItalic
    } else {
        FontKey::Bold
    }
}

fn space_before(level: u8) -> f32 {
    match level {
        1 => 14.0,
        2 => 10.0,
        _ => 6.0,
    }
}

/// Position de la ligne de base dans une ligne de hauteur `lead`.
pub fn baseline(y: f32, size: f32, lead: f32) -> f32 {
    y + (lead - size) / 2.0 + metrics(FontKey::Regular).ascent * size
}

impl<'a> Layout<'a> {
    /// Une mise en page qui commence après la couverture (page 1, dessinée à part).
    pub fn new(toc_in: &'a [TocEntry]) -> Self {
        Self {
            pages: vec![Page::default()],
            overflow: false,
            y: TOP,
            toc_in,
            toc_out: Vec::new(),
        }
    }

    pub fn page_no(&self) -> usize {
        self.pages.len()
    }

    pub(super) fn cur(&mut self) -> &mut Page {
        self.pages.last_mut().expect("au moins une page")
    }

    pub(super) fn new_page(&mut self) {
        if self.pages.len() >= MAX_PAGES {
            // Au-delà du budget : on réécrit la dernière page au lieu d'en ajouter (mémoire
            // bornée) ; `run` s'arrête au bloc suivant et l'export est refusé.
            self.overflow = true;
            self.cur().draws.clear();
        } else {
            self.pages.push(Page::default());
        }
        self.y = TOP;
    }

    pub(super) fn at_top(&self) -> bool {
        self.y <= TOP + 0.5 && self.pages.len() > 1
    }

    pub(super) fn room(&self) -> f32 {
        LIMIT - self.y
    }

    /// Passe à la page suivante si `h` ne tient pas (sauf en haut de page).
    pub(super) fn ensure(&mut self, h: f32) {
        if h > self.room() && !self.at_top() {
            self.new_page();
        }
    }

    pub fn run(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            if self.overflow {
                break;
            }
            self.block(b, &blocks[i + 1..]);
        }
    }

    fn block(&mut self, b: &Block, next: &[Block]) {
        match b {
            Block::Heading {
                level,
                text,
                toc,
                new_page,
            } => self.heading(*level, text, *toc, *new_page, next),
            Block::Paragraph { spans, align } => {
                let lines = text::wrap(text::words(spans, BODY), WIDTH, BODY);
                self.lines(&lines, 0.0, WIDTH, BODY, LEAD, *align, 0.0);
                self.y += PARA_AFTER;
            }
            Block::Bullets { items } => self.bullets(items),
            Block::Table(t) => self.table(t),
            Block::Gap { text } => self.gap_box(text),
            Block::Note { text } => {
                let lines = text::wrap(
                    text::words(&[Span::italic(text.clone())], NOTE),
                    WIDTH,
                    NOTE,
                );
                self.lines(&lines, 0.0, WIDTH, NOTE, NOTE_LEAD, Align::Left, 0.3);
                self.y += PARA_AFTER;
            }
            Block::Toc => self.toc(),
            Block::Signatures { mention, blocks } => self.signatures(mention, blocks),
            Block::PageBreak => self.new_page(),
        }
    }

    /// Hauteur minimale du début d'un bloc (pour garder un titre avec sa suite).
    fn min_start(&self, next: &[Block]) -> f32 {
        let Some(b) = next.first() else { return 0.0 };
        match b {
            Block::Heading {
                level,
                text,
                new_page,
                ..
            } => {
                if *new_page {
                    0.0
                } else {
                    space_before(*level)
                        + self.heading_height(*level, text)
                        + self.min_start(&next[1..])
                }
            }
            Block::Paragraph { spans, .. } => {
                let n = text::wrap(text::words(spans, BODY), WIDTH, BODY).len();
                n.min(2) as f32 * LEAD
            }
            Block::Bullets { items } => items.first().map_or(0.0, |i| {
                let n = text::wrap(text::words(i, BODY), WIDTH - BULLET_INDENT, BODY).len();
                n.min(2) as f32 * LEAD
            }),
            Block::Table(t) => self.table_start_height(t),
            Block::Gap { text } => self.gap_height(text),
            Block::Note { .. } => 2.0 * NOTE_LEAD,
            Block::Signatures { blocks, .. } => {
                2.0 * LEAD + blocks.first().map_or(0.0, |s| self.signature_height(s))
            }
            Block::Toc | Block::PageBreak => 0.0,
        }
    }

    fn heading_height(&self, level: u8, text: &str) -> f32 {
        let size = heading_size(level);
        let n = text::wrap_plain(text, heading_font(level), size, WIDTH).len();
        n as f32 * size * 1.3 + 4.0
    }

    fn heading(&mut self, level: u8, text: &str, toc: bool, new_page: bool, next: &[Block]) {
        if new_page && !(self.at_top() && self.cur().draws.is_empty()) {
            self.new_page();
        }
        let h = self.heading_height(level, text);
        let before = if self.at_top() {
            0.0
        } else {
            space_before(level)
        };
        self.ensure(before + h + self.min_start(next));
        if !self.at_top() {
            self.y += before;
        }
        if toc {
            self.toc_out.push(TocEntry {
                level,
                text: text.to_string(),
                page: self.page_no(),
            });
        }
        let size = heading_size(level);
        let font = heading_font(level);
        let lead = size * 1.3;
        for l in text::wrap_plain(text, font, size, WIDTH) {
            let w = text::width(&l, font, size);
            let x = if level == 1 { (WIDTH - w) / 2.0 } else { 0.0 };
            let bl = baseline(self.y, size, lead);
            self.cur().text(x, bl, size, font, &l);
            self.y += lead;
        }
        if level == 1 {
            let y = self.y + 1.0;
            self.cur().hline(WIDTH * 0.3, WIDTH * 0.7, y, 0.6);
        }
        self.y += 4.0;
    }

    /// Place des lignes déjà coupées, en évitant veuves et orphelines.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lines(
        &mut self,
        lines: &[Line],
        x: f32,
        width: f32,
        size: f32,
        lead: f32,
        align: Align,
        gray: f32,
    ) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let fit = (self.room() / lead).floor().max(0.0) as usize;
            let rest = n - i;
            let take = if fit >= rest {
                rest
            } else {
                // Au moins deux lignes en bas de page, au moins deux en haut de la suivante.
                let mut k = fit;
                if rest - k == 1 {
                    k = k.saturating_sub(1);
                }
                if k < 2 && !self.at_top() {
                    self.new_page();
                    continue;
                }
                k.max(1)
            };
            for (j, l) in lines[i..i + take].iter().enumerate() {
                let last = i + j + 1 == n;
                let justify = align == Align::Justify && !last;
                let w = l.width;
                let lx = match align {
                    Align::Center => x + (width - w) / 2.0,
                    Align::Right => x + width - w,
                    _ => x,
                };
                let bl = baseline(self.y, size, lead);
                let pieces = text::pieces(l, width, justify);
                self.cur().draws.push(Draw::Text {
                    x: lx,
                    baseline: bl,
                    size,
                    gray,
                    pieces,
                });
                self.y += lead;
            }
            i += take;
            if i < n {
                self.new_page();
            }
        }
    }

    fn bullets(&mut self, items: &[Rich]) {
        for item in items {
            let lines = text::wrap(text::words(item, BODY), WIDTH - BULLET_INDENT, BODY);
            self.ensure(lines.len().min(2) as f32 * LEAD);
            let bl = baseline(self.y, BODY, LEAD);
            self.cur().text(3.0, bl, BODY, FontKey::Regular, "•");
            self.lines(
                &lines,
                BULLET_INDENT,
                WIDTH - BULLET_INDENT,
                BODY,
                LEAD,
                Align::Justify,
                0.0,
            );
            self.y += 2.0;
        }
        self.y += PARA_AFTER - 2.0;
    }

    fn gap_lines(text: &str) -> Vec<Line> {
        text::wrap(
            text::words(&[Span::italic(text.to_string())], BODY),
            WIDTH - 24.0,
            BODY,
        )
    }

    fn gap_height(&self, text: &str) -> f32 {
        Self::gap_lines(text).len() as f32 * LEAD + 12.0
    }

    /// Encadré « à compléter ».
    fn gap_box(&mut self, text: &str) {
        let lines = Self::gap_lines(text);
        let h = lines.len() as f32 * LEAD + 12.0;
        self.ensure(h + 4.0);
        let top = self.y;
        let page = self.cur();
        page.draws.push(Draw::Fill {
            x: 0.0,
            y: top,
            w: WIDTH,
            h,
            gray: 0.93,
        });
        page.draws.push(Draw::Fill {
            x: 0.0,
            y: top,
            w: 3.0,
            h,
            gray: 0.35,
        });
        self.y += 6.0;
        self.lines(&lines, 14.0, WIDTH - 24.0, BODY, LEAD, Align::Left, 0.15);
        self.y = top + h + 8.0;
    }

    fn toc(&mut self) {
        let entries = self.toc_in;
        for e in entries {
            let (size, font, indent) = match e.level {
                1 => (BODY, FontKey::Bold, 0.0),
                2 => (BODY - 0.5, FontKey::Regular, 14.0),
                _ => (BODY - 1.0, FontKey::Italic, 28.0),
            };
            let num = e.page.to_string();
            let num_w = 28.0;
            let avail = WIDTH - indent - num_w - 6.0;
            let lines = text::wrap_plain(&e.text, font, size, avail);
            let lead = size * 1.35;
            if e.level == 1 {
                self.ensure(lines.len() as f32 * lead + 5.0);
                self.y += 4.0;
            } else {
                self.ensure(lines.len() as f32 * lead);
            }
            for (i, l) in lines.iter().enumerate() {
                let bl = baseline(self.y, size, lead);
                self.cur().text(indent, bl, size, font, l);
                if i + 1 == lines.len() {
                    // Points de conduite jusqu'au numéro de page.
                    let end = indent + text::width(l, font, size) + 4.0;
                    let pair = text::width(". ", FontKey::Regular, size);
                    let stop = WIDTH - num_w + 8.0;
                    if stop > end + pair {
                        let n = ((stop - end) / pair).floor() as usize;
                        let dots = ". ".repeat(n).trim_end().to_string();
                        let dw = text::width(&dots, FontKey::Regular, size);
                        self.cur()
                            .text(stop - dw, bl, size, FontKey::Regular, &dots);
                    }
                    let nw = text::width(&num, font, size);
                    self.cur().text(WIDTH - nw, bl, size, font, &num);
                }
                self.y += lead;
            }
        }
        self.y += PARA_AFTER;
    }

    fn signature_lines(s: &SignatureBlock) -> Vec<(FontKey, String)> {
        let who = match (s.nom.is_empty(), s.qualite.is_empty()) {
            (false, false) => format!("{}, {}", s.nom, s.qualite),
            (false, true) => s.nom.clone(),
            (true, false) => format!("{}, nom : ………………………………", s.qualite),
            (true, true) => "Nom et qualité : ………………………………".into(),
        };
        vec![
            (FontKey::Bold, s.pour.clone()),
            (FontKey::Regular, s.entite.clone()),
            (FontKey::Italic, who),
            (FontKey::Regular, s.fait.clone()),
        ]
    }

    const SIGN_BOX: f32 = 26.0 * super::page::MM;

    fn signature_height(&self, s: &SignatureBlock) -> f32 {
        let n: usize = Self::signature_lines(s)
            .iter()
            .map(|(f, t)| text::wrap_plain(t, *f, BODY, WIDTH).len())
            .sum();
        n as f32 * LEAD + 4.0 + Self::SIGN_BOX + 14.0
    }

    fn signatures(&mut self, mention: &str, blocks: &[SignatureBlock]) {
        let lines = text::wrap(text::words(&[Span::plain(mention)], BODY), WIDTH, BODY);
        self.lines(&lines, 0.0, WIDTH, BODY, LEAD, Align::Left, 0.0);
        self.y += 10.0;
        for (i, s) in blocks.iter().enumerate() {
            self.ensure(self.signature_height(s));
            let top = self.y;
            let number = format!("{}.", i + 1);
            let bl = baseline(self.y, BODY, LEAD);
            self.cur().text(0.0, bl, BODY, FontKey::Bold, &number);
            for (font, t) in Self::signature_lines(s) {
                let lines = text::wrap_plain(&t, font, BODY, WIDTH - 18.0);
                for l in lines {
                    let bl = baseline(self.y, BODY, LEAD);
                    self.cur().text(18.0, bl, BODY, font, &l);
                    self.y += LEAD;
                }
            }
            self.y += 4.0;
            let y = self.y;
            let bw = WIDTH * 0.55;
            self.cur().frame(18.0, y, bw, Self::SIGN_BOX, 0.5);
            let bl = y + 10.0;
            self.cur().draws.push(Draw::Text {
                x: 22.0,
                baseline: bl,
                size: 7.5,
                gray: 0.45,
                pieces: vec![super::page::Piece {
                    font: FontKey::Italic,
                    text: "Signature (et cachet)".into(),
                    extra_before: 0.0,
                }],
            });
            self.y = y + Self::SIGN_BOX + 14.0;
            debug_assert!(self.y > top);
        }
    }
}
