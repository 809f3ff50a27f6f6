//! La page A4 et ce qu'on y dessine, avant traduction en opérations PDF (`writer.rs`).
//! Coordonnées en points : `x` depuis le bord gauche du cadre de texte, `y` depuis le haut
//! de la page ; le writer applique les marges miroir (reliure) selon la parité de la page.

use super::fonts::FontKey;

pub const MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;
/// Marge intérieure (côté reliure) et extérieure.
pub const INNER: f32 = 25.0 * MM;
pub const OUTER: f32 = 20.0 * MM;
pub const TOP: f32 = 25.0 * MM;
pub const BOTTOM: f32 = 22.0 * MM;
/// Largeur du cadre de texte.
pub const WIDTH: f32 = PAGE_W - INNER - OUTER;
/// Bas du cadre de texte (y depuis le haut).
pub const LIMIT: f32 = PAGE_H - BOTTOM;

/// Marge gauche d'une page (numérotée à partir de 1) : recto (impair) reliure à gauche,
/// verso (pair) reliure à droite.
pub fn left_margin(page_no: usize) -> f32 {
    if page_no % 2 == 1 { INNER } else { OUTER }
}

/// Un morceau de texte d'une ligne, avec l'espace supplémentaire (justification) qui le
/// précède.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub font: FontKey,
    pub text: String,
    pub extra_before: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// Une ligne de texte ; `baseline` depuis le haut de la page.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        gray: f32,
        pieces: Vec<Piece>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
    /// Rectangle plein ; `y` = haut.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    /// Mention oblique au centre de la page (filigrane « PROJET »).
    Watermark { text: String, size: f32, gray: f32 },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub draws: Vec<Draw>,
}

impl Page {
    pub fn text(&mut self, x: f32, baseline: f32, size: f32, font: FontKey, text: &str) {
        self.draws.push(Draw::Text {
            x,
            baseline,
            size,
            gray: 0.0,
            pieces: vec![Piece {
                font,
                text: text.to_string(),
                extra_before: 0.0,
            }],
        });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.draws.push(Draw::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            gray: 0.0,
        });
    }

    pub fn vline(&mut self, x: f32, y1: f32, y2: f32, width: f32) {
        self.draws.push(Draw::Line {
            x1: x,
            y1,
            x2: x,
            y2,
            width,
            gray: 0.0,
        });
    }

    /// Cadre d'un rectangle (`y` = haut).
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.hline(x, x + w, y, width);
        self.hline(x, x + w, y + h, width);
        self.vline(x, y, y + h, width);
        self.vline(x + w, y, y + h, width);
    }
}
