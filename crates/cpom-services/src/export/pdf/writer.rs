//! Traduction des pages en PDF (printpdf 0.12) : polices réduites aux glyphes utilisés,
//! marges miroir pour la reliure, métadonnées, identifiant et dates fixes en mode
//! déterministe.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::date::OffsetDateTime;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};

use super::fonts::{FontKey, metrics, subset};
use super::page::{Draw, PAGE_H, PAGE_W, Page, left_margin};

/// Métadonnées du fichier.
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Secondes depuis 1970 (dates de création et de modification).
    pub epoch: i64,
    /// Identifiant du document (/ID), 16 octets.
    pub id: [u8; 16],
}

fn gray(g: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: g,
        icc_profile: None,
    })
}

fn pt(x: f32, y_top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y_top),
    }
}

fn font(key: FontKey) -> PdfFontHandle {
    PdfFontHandle::External(FontId(key.resource().to_string()))
}

/// Les opérations d'une page ; la page est consommée (ses textes passent aux opérations sans
/// copie : la mémoire d'un long contrat n'est pas doublée).
fn ops_of(page: Page, left: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.draws.len() * 4);
    for d in page.draws {
        match d {
            Draw::Text {
                x,
                baseline,
                size,
                gray: g,
                pieces,
            } => {
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: gray(g) });
                ops.push(Op::SetTextCursor {
                    pos: pt(left + x, baseline),
                });
                // Une opération « afficher » par suite de morceaux d'une même police (et non
                // une par mot) : même rendu, bien moins de mémoire pour un long contrat.
                let mut current: Option<FontKey> = None;
                let mut items: Vec<TextItem> = Vec::new();
                for p in pieces {
                    if current != Some(p.font) {
                        if !items.is_empty() {
                            ops.push(Op::ShowText {
                                items: std::mem::take(&mut items),
                            });
                        }
                        ops.push(Op::SetFont {
                            font: font(p.font),
                            size: Pt(size),
                        });
                        current = Some(p.font);
                    }
                    if p.extra_before > 0.0 {
                        items.push(TextItem::Offset(-p.extra_before * 1000.0 / size));
                    }
                    items.push(TextItem::Text(p.text));
                }
                if !items.is_empty() {
                    ops.push(Op::ShowText { items });
                }
                ops.push(Op::EndTextSection);
            }
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray: g,
            } => {
                ops.push(Op::SetOutlineColor { col: gray(g) });
                ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(left + x1, y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(left + x2, y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Draw::Fill {
                x,
                y,
                w,
                h,
                gray: g,
            } => {
                ops.push(Op::SetFillColor { col: gray(g) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(left + x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Draw::Watermark {
                text,
                size,
                gray: g,
            } => {
                let m = metrics(FontKey::Bold);
                let w = m.width(&text, size);
                let angle = (PAGE_H / PAGE_W).atan();
                let (s, c) = angle.sin_cos();
                let cap = m.ascent * size * 0.7;
                let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
                let tx = cx - c * w / 2.0 + s * cap / 2.0;
                let ty = cy - s * w / 2.0 - c * cap / 2.0;
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: gray(g) });
                ops.push(Op::SetFont {
                    font: font(FontKey::Bold),
                    size: Pt(size),
                });
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Raw([c, s, -s, c, tx, ty]),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
                ops.push(Op::EndTextSection);
            }
        }
    }
    ops
}

/// Les caractères utilisés, par police.
fn used_chars(pages: &[Page]) -> BTreeMap<FontKey, BTreeSet<char>> {
    let mut out: BTreeMap<FontKey, BTreeSet<char>> = BTreeMap::new();
    for p in pages {
        for d in &p.draws {
            match d {
                Draw::Text { pieces, .. } => {
                    for x in pieces {
                        out.entry(x.font).or_default().extend(x.text.chars());
                    }
                }
                Draw::Watermark { text, .. } => {
                    out.entry(FontKey::Bold).or_default().extend(text.chars());
                }
                _ => {}
            }
        }
    }
    out
}

/// L'étiquette d'une police réduite (six majuscules, ISO 32000-1 §9.6.4), déduite de son
/// nom et des caractères gardés : stable d'une production à l'autre.
fn subset_tag(name: &str, chars: &std::collections::BTreeSet<char>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name
        .bytes()
        .chain(chars.iter().flat_map(|c| (*c as u32).to_le_bytes()))
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// Préfixe « ABCDEF+ » devant le nom des polices réduites (/BaseFont, /FontName) : les
/// lecteurs et `pdffonts` savent alors que la police embarquée est un sous-ensemble.
fn tag_subset_fonts(lo: &mut lopdf::Document, tags: &[(&str, String)]) {
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Dictionary(dict) = obj else {
            continue;
        };
        for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
            let Ok(lopdf::Object::Name(name)) = dict.get(key) else {
                continue;
            };
            if let Some((n, tag)) = tags.iter().find(|(n, _)| n.as_bytes() == name.as_slice()) {
                let tagged = format!("{tag}+{n}").into_bytes();
                dict.set(key, lopdf::Object::Name(tagged));
            }
        }
    }
}

/// Écrit le PDF en mémoire.
pub fn write(pages: Vec<Page>, meta: &Meta) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut tags = Vec::new();
    for (key, chars) in used_chars(&pages) {
        tags.push((key.resource(), subset_tag(key.resource(), &chars)));
        let bytes = subset(key, &chars)?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("police réduite illisible ({key:?})"))?;
        doc.resources
            .fonts
            .map
            .insert(FontId(key.resource().to_string()), PdfFont::new(parsed));
    }
    let when = OffsetDateTime::from_unix_timestamp(meta.epoch)
        .map_err(|e| format!("date invalide : {e}"))?;
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "Atelier CPOM".into();
    info.producer = format!("Atelier CPOM {} (printpdf 0.12)", env!("CARGO_PKG_VERSION"));
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    info.identifier = meta.id.iter().map(|b| format!("{b:02x}")).collect();
    let pdf_pages: Vec<PdfPage> = pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| PdfPage::new(Mm(210.0), Mm(297.0), ops_of(p, left_margin(i + 1))))
        .collect();
    let doc = doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = printpdf::to_lopdf_doc(doc, &opts, &mut warnings);
    tag_subset_fonts(&mut lo, &tags);
    let id = lopdf::Object::String(meta.id.to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| format!("écriture du PDF : {e}"))?;
    Ok(out)
}
