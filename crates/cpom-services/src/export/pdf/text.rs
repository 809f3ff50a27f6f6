//! Mesure et coupure du texte : typographie française appliquée à tout texte, coupure
//! gloutonne sur l'espace ordinaire seulement (U+00A0 et U+202F restent insécables),
//! paragraphes justifiés (dernière ligne au fer à gauche).

use cpom_domain::contract::document::Span;
use cpom_domain::kernel::typography;

use super::fonts::{FontKey, metrics};
use super::page::Piece;

/// Un mot (éventuellement en plusieurs styles) et sa largeur.
#[derive(Debug, Clone)]
pub struct Word {
    pub parts: Vec<(FontKey, String)>,
    pub width: f32,
    /// Largeur de l'espace qui suit le mot.
    pub space: f32,
}

/// Une ligne coupée : ses mots et sa largeur naturelle.
#[derive(Debug, Clone)]
pub struct Line {
    pub words: Vec<Word>,
    pub width: f32,
}

/// Découpe un texte riche en mots, après typographie française.
pub fn words(spans: &[Span], size: f32) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut open = false; // le dernier mot peut-il se prolonger (pas d'espace depuis) ?
    for s in spans {
        let font = FontKey::of(s.bold, s.italic);
        let m = metrics(font);
        let text = typography::fr(&s.text).replace(['\n', '\t'], " ");
        for (i, chunk) in text.split(' ').enumerate() {
            if i > 0 {
                open = false;
            }
            if chunk.is_empty() {
                continue;
            }
            let w = m.width(chunk, size);
            match out.last_mut() {
                Some(last) if open => {
                    last.parts.push((font, chunk.to_string()));
                    last.width += w;
                    last.space = m.char_width(' ') * size;
                }
                _ => out.push(Word {
                    parts: vec![(font, chunk.to_string())],
                    width: w,
                    space: m.char_width(' ') * size,
                }),
            }
            open = true;
        }
        if text.ends_with(' ') {
            open = false;
        }
    }
    out
}

/// Coupe un mot trop long pour la ligne en morceaux qui tiennent (adresses, identifiants).
fn split_long(word: Word, width: f32, size: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = Word {
        parts: vec![],
        width: 0.0,
        space: word.space,
    };
    for (font, text) in word.parts {
        let m = metrics(font);
        let mut buf = String::new();
        for c in text.chars() {
            let cw = m.char_width(c) * size;
            if cur.width + cw > width && (cur.width > 0.0 || !buf.is_empty()) {
                if !buf.is_empty() {
                    cur.parts.push((font, std::mem::take(&mut buf)));
                }
                out.push(std::mem::replace(
                    &mut cur,
                    Word {
                        parts: vec![],
                        width: 0.0,
                        space: word.space,
                    },
                ));
            }
            buf.push(c);
            cur.width += cw;
        }
        if !buf.is_empty() {
            cur.parts.push((font, buf));
        }
    }
    if !cur.parts.is_empty() {
        out.push(cur);
    }
    out
}

/// Coupure gloutonne en lignes de largeur `width`.
pub fn wrap(words: Vec<Word>, width: f32, size: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cur = Line {
        words: vec![],
        width: 0.0,
    };
    let mut pending = std::collections::VecDeque::from(words);
    while let Some(w) = pending.pop_front() {
        if w.width > width {
            for (i, part) in split_long(w, width, size).into_iter().enumerate() {
                pending.insert(i, part);
            }
            continue;
        }
        let add = match cur.words.last() {
            Some(prev) => prev.space + w.width,
            None => w.width,
        };
        if !cur.words.is_empty() && cur.width + add > width + 0.01 {
            lines.push(std::mem::replace(
                &mut cur,
                Line {
                    words: vec![],
                    width: 0.0,
                },
            ));
            cur.width = w.width;
        } else {
            cur.width += add;
        }
        cur.words.push(w);
    }
    if !cur.words.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Les morceaux à dessiner pour une ligne ; `justify` répartit l'espace restant entre les
/// mots.
pub fn pieces(line: &Line, width: f32, justify: bool) -> Vec<Piece> {
    let gaps = line.words.len().saturating_sub(1);
    let extra = if justify && gaps > 0 {
        ((width - line.width) / gaps as f32).max(0.0)
    } else {
        0.0
    };
    let mut out: Vec<Piece> = Vec::new();
    for (i, w) in line.words.iter().enumerate() {
        let last_word = i + 1 == line.words.len();
        for (j, (font, text)) in w.parts.iter().enumerate() {
            let mut t = text.clone();
            if !last_word && j + 1 == w.parts.len() {
                t.push(' ');
            }
            let extra_before = if i > 0 && j == 0 { extra } else { 0.0 };
            match out.last_mut() {
                Some(p) if p.font == *font && extra_before == 0.0 => p.text.push_str(&t),
                _ => out.push(Piece {
                    font: *font,
                    text: t,
                    extra_before,
                }),
            }
        }
    }
    out
}

/// Largeur d'un texte simple dans une police.
pub fn width(text: &str, font: FontKey, size: f32) -> f32 {
    metrics(font).width(text, size)
}

/// Coupe un texte simple (une seule police).
pub fn wrap_plain(text: &str, font: FontKey, size: f32, width: f32) -> Vec<String> {
    let spans = [Span {
        text: text.to_string(),
        bold: matches!(font, FontKey::Bold | FontKey::BoldItalic),
        italic: matches!(font, FontKey::Italic | FontKey::BoldItalic),
    }];
    wrap(words(&spans, size), width, size)
        .iter()
        .map(line_text)
        .collect()
}

/// Le texte d'une ligne.
pub fn line_text(l: &Line) -> String {
    l.words
        .iter()
        .map(|w| w.parts.iter().map(|p| p.1.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_breaks_on_non_breaking_spaces() {
        let spans = [Span::plain(
            "le contrat « tripartite » : montant 1 234 567,89 € signé",
        )];
        let ws = words(&spans, 10.0);
        // « tripartite » reste un seul mot avec ses guillemets ; « : » reste collé.
        assert!(
            ws.iter()
                .any(|w| w.parts[0].1 == "«\u{a0}tripartite\u{a0}»\u{a0}:")
        );
        for width in [40.0, 60.0, 90.0, 150.0] {
            for l in wrap(ws.clone(), width, 10.0) {
                let t = line_text(&l);
                assert!(
                    !t.starts_with('»') && !t.starts_with(':') && !t.starts_with('€'),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn justified_lines_fill_the_width() {
        let spans = [Span::plain(
            "un deux trois quatre cinq six sept huit neuf dix onze douze",
        )];
        let lines = wrap(words(&spans, 10.0), 120.0, 10.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.width <= 120.01, "{}", l.width);
        }
        let p = pieces(&lines[0], 120.0, true);
        assert!(p.iter().skip(1).all(|x| x.extra_before >= 0.0));
        // Mixed styles stay in one word when no space separates them.
        let ws = words(&[Span::bold("Article"), Span::plain("1er")], 10.0);
        assert_eq!(ws.len(), 1);
        assert_eq!(ws[0].parts.len(), 2);
    }

    #[test]
    fn overlong_words_are_cut() {
        let lines = wrap_plain(&"x".repeat(200), FontKey::Regular, 10.0, 100.0);
        assert!(lines.len() > 2);
    }
}
