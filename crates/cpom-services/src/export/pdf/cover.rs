//! La couverture, puis ce qui s'ajoute à chaque page une fois leur nombre connu : en-tête
//! « CPOM 2027-2031 — <organisme> », pied « Page N sur M », filigrane « PROJET ».

use cpom_domain::contract::document::{Cover, Gap};

use super::fonts::FontKey;
use super::layout::baseline;
use super::page::{Draw, LIMIT, MM, PAGE_H, Page, Piece, WIDTH};
use super::text;

/// Nombre de manques repris sur la couverture.
const MAX_GAPS_ON_COVER: usize = 8;

fn centered(page: &mut Page, y: &mut f32, t: &str, font: FontKey, size: f32, lead: f32) {
    for l in text::wrap_plain(t, font, size, WIDTH - 20.0) {
        let w = text::width(&l, font, size);
        page.text((WIDTH - w) / 2.0, baseline(*y, size, lead), size, font, &l);
        *y += lead;
    }
}

/// Dessine la couverture sur `page`.
pub fn draw_cover(page: &mut Page, c: &Cover, gaps: &[Gap]) {
    let mut y = 45.0 * MM;
    centered(page, &mut y, &c.title, FontKey::Bold, 22.0, 28.0);
    y += 6.0;
    centered(page, &mut y, &c.subtitle, FontKey::Bold, 18.0, 24.0);
    y += 4.0;
    centered(page, &mut y, &c.base, FontKey::Italic, 11.0, 15.0);
    y += 10.0;
    page.hline(WIDTH * 0.25, WIDTH * 0.75, y, 0.8);
    y += 16.0;
    centered(page, &mut y, &c.organisme, FontKey::Bold, 16.0, 21.0);
    y += 4.0;
    centered(page, &mut y, &c.periode, FontKey::Regular, 12.0, 16.0);
    y += 22.0;
    centered(page, &mut y, "Entre", FontKey::Bold, 11.0, 16.0);
    y += 4.0;
    for p in &c.parties {
        centered(page, &mut y, &p.libelle, FontKey::Bold, 11.5, 15.0);
        centered(page, &mut y, &p.representant, FontKey::Italic, 10.0, 13.5);
        y += 8.0;
    }
    // Les manques bloquants, dans un cadre en bas de page.
    if !gaps.is_empty() {
        let mut lines: Vec<(FontKey, String)> = vec![(
            FontKey::Bold,
            format!(
                "PROJET — document de travail : {} point{} à compléter avant signature",
                gaps.len(),
                if gaps.len() > 1 { "s" } else { "" }
            ),
        )];
        for g in gaps.iter().take(MAX_GAPS_ON_COVER) {
            for (i, l) in text::wrap_plain(&g.message, FontKey::Regular, 9.0, WIDTH - 40.0)
                .into_iter()
                .enumerate()
            {
                lines.push((
                    FontKey::Regular,
                    if i == 0 {
                        format!("– {l}")
                    } else {
                        format!("  {l}")
                    },
                ));
            }
        }
        if gaps.len() > MAX_GAPS_ON_COVER {
            lines.push((
                FontKey::Italic,
                format!("… et {} autres points.", gaps.len() - MAX_GAPS_ON_COVER),
            ));
        }
        let lead = 12.0;
        let h = lines.len() as f32 * lead + 14.0;
        let top = (LIMIT - 22.0 * MM - h).max(y + 6.0);
        page.draws.push(Draw::Fill {
            x: 10.0,
            y: top,
            w: WIDTH - 20.0,
            h,
            gray: 0.94,
        });
        page.frame(10.0, top, WIDTH - 20.0, h, 0.8);
        let mut ly = top + 7.0;
        for (f, l) in lines {
            let size = if f == FontKey::Bold { 9.5 } else { 9.0 };
            page.text(20.0, baseline(ly, size, lead), size, f, &l);
            ly += lead;
        }
    }
    let mut y = LIMIT - 14.0 * MM;
    centered(page, &mut y, &c.model, FontKey::Italic, 8.0, 10.0);
}

/// En-tête, pied de page et filigrane de chaque page.
pub fn decorate(pages: &mut [Page], header: &str, draft: bool) {
    let m = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let n = i + 1;
        if draft {
            page.draws.insert(
                0,
                Draw::Watermark {
                    text: "PROJET".into(),
                    size: 110.0,
                    gray: 0.88,
                },
            );
        }
        if n > 1 {
            let size = 8.5;
            let mut h = header.to_string();
            let room = WIDTH - if draft { 50.0 } else { 0.0 };
            while text::width(&h, FontKey::Italic, size) > room && h.chars().count() > 4 {
                h = h.chars().take(h.chars().count() - 2).collect::<String>() + "…";
            }
            let bl = 14.0 * MM;
            page.draws.push(Draw::Text {
                x: 0.0,
                baseline: bl,
                size,
                gray: 0.3,
                pieces: vec![Piece {
                    font: FontKey::Italic,
                    text: h,
                    extra_before: 0.0,
                }],
            });
            if draft {
                let w = text::width("PROJET", FontKey::Bold, size);
                page.text(WIDTH - w, bl, size, FontKey::Bold, "PROJET");
            }
            page.draws.push(Draw::Line {
                x1: 0.0,
                y1: 16.0 * MM,
                x2: WIDTH,
                y2: 16.0 * MM,
                width: 0.4,
                gray: 0.5,
            });
        }
        let foot = format!("Page {n} sur {m}");
        let size = 8.5;
        let w = text::width(&foot, FontKey::Regular, size);
        page.draws.push(Draw::Text {
            x: (WIDTH - w) / 2.0,
            baseline: PAGE_H - 12.0 * MM,
            size,
            gray: 0.2,
            pieces: vec![Piece {
                font: FontKey::Regular,
                text: foot,
                extra_before: 0.0,
            }],
        });
    }
}
