//! Les formats de cellule du classeur : zones bleues de saisie déverrouillées, libellés et
//! calculs verrouillés (guide PdL L549-L550 : « toutes les zones en bleu »).

use std::collections::HashMap;

use cpom_domain::workbook::layout::Style;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline};

const BLEU_FONCE: u32 = 0x1F4E79;
const BLEU_SAISIE: u32 = 0xDDEBF7;
const ENCRE_SAISIE: u32 = 0x1F3F9D;
const ENTETE: u32 = 0xBDD7EE;
const SOUS_TITRE: u32 = 0xD9E1F2;
const GRIS: u32 = 0xF2F2F2;

fn base(style: Style) -> Format {
    let f = Format::new()
        .set_font_name("Liberation Sans")
        .set_font_size(10);
    match style {
        Style::Title => f
            .set_bold()
            .set_font_size(13)
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(BLEU_FONCE))
            .set_align(FormatAlign::VerticalCenter),
        Style::Subtitle => f
            .set_bold()
            .set_background_color(Color::RGB(SOUS_TITRE))
            .set_border(FormatBorder::Thin),
        Style::Header => f
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(ENTETE))
            .set_border(FormatBorder::Thin),
        Style::Label => f
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        Style::Note => f
            .set_italic()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_color(Color::RGB(0x595959)),
        Style::Input => f
            .set_unlocked()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_color(Color::RGB(ENCRE_SAISIE))
            .set_background_color(Color::RGB(BLEU_SAISIE))
            .set_border(FormatBorder::Thin),
        Style::Computed => f
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(GRIS))
            .set_border(FormatBorder::Thin),
        Style::Key => f.set_font_color(Color::RGB(0x808080)),
        Style::Link => f
            .set_font_color(Color::RGB(0x0563C1))
            .set_underline(FormatUnderline::Single),
    }
}

/// Les formats déjà créés, par style et format de nombre.
#[derive(Default)]
pub struct Formats(HashMap<(Style, &'static str), Format>);

impl Formats {
    pub fn get(&mut self, style: Style, num: &'static str) -> &Format {
        self.0.entry((style, num)).or_insert_with(|| {
            let f = base(style);
            if num == "@" { f } else { f.set_num_format(num) }
        })
    }
}
