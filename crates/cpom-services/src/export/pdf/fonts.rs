//! Les polices embarquées (Liberation Serif 2, SIL OFL 1.1 : `assets/fonts/OFL.txt`), leurs
//! métriques pour mesurer le texte, et leur réduction aux seuls glyphes utilisés (allsorts),
//! qui garde le PDF léger sans la fonctionnalité `text_layout` de printpdf.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tag;
use printpdf::ParsedFont;

/// Les quatre styles utilisés.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontKey {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontKey {
    pub const ALL: [Self; 4] = [Self::Regular, Self::Bold, Self::Italic, Self::BoldItalic];

    pub fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Self::Regular,
            (true, false) => Self::Bold,
            (false, true) => Self::Italic,
            (true, true) => Self::BoldItalic,
        }
    }

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Self::Regular => {
                include_bytes!("../../../../../assets/fonts/LiberationSerif-Regular.ttf")
            }
            Self::Bold => include_bytes!("../../../../../assets/fonts/LiberationSerif-Bold.ttf"),
            Self::Italic => {
                include_bytes!("../../../../../assets/fonts/LiberationSerif-Italic.ttf")
            }
            Self::BoldItalic => {
                include_bytes!("../../../../../assets/fonts/LiberationSerif-BoldItalic.ttf")
            }
        }
    }

    /// Nom de la ressource dans le PDF, aussi son /BaseFont (stable : sortie déterministe).
    pub fn resource(self) -> &'static str {
        match self {
            Self::Regular => "LiberationSerif",
            Self::Bold => "LiberationSerif-Bold",
            Self::Italic => "LiberationSerif-Italic",
            Self::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }
}

/// Métriques d'une police : chasse des caractères, ascendante, descendante.
pub struct Metrics {
    font: ParsedFont,
    upem: f32,
    /// Chasses (unités de la police) des caractères < 0x2200, précalculées.
    fast: Vec<u16>,
    pub ascent: f32,
}

const FAST: usize = 0x2200;

impl Metrics {
    fn load(key: FontKey) -> Self {
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(key.bytes(), 0, &mut warnings)
            .unwrap_or_else(|| panic!("police embarquée illisible : {key:?}"));
        let upem = f32::from(font.units_per_em.max(1));
        let width = |c: u32| {
            font.lookup_glyph_index(c)
                .and_then(|g| font.get_glyph_width(g))
                .unwrap_or(0)
        };
        let fast = (0..FAST as u32).map(width).collect();
        Self {
            ascent: f32::from(font.font_metrics.ascent) / upem,
            upem,
            fast,
            font,
        }
    }

    /// Chasse d'un caractère, en points pour une taille de 1 pt.
    pub fn char_width(&self, c: char) -> f32 {
        let units = match self.fast.get(c as usize) {
            Some(w) => *w,
            None => self
                .font
                .lookup_glyph_index(c as u32)
                .and_then(|g| self.font.get_glyph_width(g))
                .unwrap_or(0),
        };
        f32::from(units) / self.upem
    }

    /// Largeur d'un texte à la taille `size` (points).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c)).sum::<f32>() * size
    }

    /// La police a-t-elle un glyphe pour ce caractère ?
    #[cfg(test)]
    pub fn has(&self, c: char) -> bool {
        self.font
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }
}

static METRICS: LazyLock<Vec<Metrics>> =
    LazyLock::new(|| FontKey::ALL.iter().map(|k| Metrics::load(*k)).collect());

pub fn metrics(key: FontKey) -> &'static Metrics {
    &METRICS[key as usize]
}

/// Réduit une police aux caractères utilisés ; la police réduite garde une table cmap
/// Unicode, que printpdf relit pour coder le texte et produire le /ToUnicode.
pub fn subset(key: FontKey, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let m = metrics(key);
    let mut gids: BTreeMap<u16, ()> = BTreeMap::new();
    for c in chars {
        if let Some(g) = m.font.lookup_glyph_index(*c as u32) {
            gids.insert(g, ());
        }
    }
    let ids: Vec<u16> = std::iter::once(0)
        .chain(gids.keys().copied().filter(|g| *g != 0))
        .collect();
    let scope = ReadScope::new(key.bytes());
    let data = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let profile = SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::NAME,
        tag::OS_2,
        tag::POST,
        tag::CVT,
        tag::FPGM,
        tag::PREP,
    ]);
    allsorts::subset::subset(&provider, &ids, &profile, CmapTarget::Unicode)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_characters_are_covered_and_measured() {
        let m = metrics(FontKey::Regular);
        for c in "éèêàâçœÉ«»€\u{a0}\u{202f}’…–—".chars() {
            assert!(m.has(c), "{c:?}");
        }
        let w = m.width("Contrat", 10.0);
        assert!(w > 25.0 && w < 45.0, "{w}");
        assert!(m.ascent > 0.8);
    }

    #[test]
    fn subset_keeps_a_unicode_cmap() {
        let chars: BTreeSet<char> = "Contrat « é » 1 234,56 €".chars().collect();
        let bytes = subset(FontKey::Bold, &chars).unwrap();
        assert!(bytes.len() < 40_000, "{}", bytes.len());
        let mut w = Vec::new();
        let f = ParsedFont::from_bytes(&bytes, 0, &mut w).unwrap();
        for c in chars {
            assert!(f.lookup_glyph_index(c as u32).is_some(), "{c:?}");
        }
    }
}
