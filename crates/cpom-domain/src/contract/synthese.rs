//! L'annexe « synthèse du diagnostic partagé », tirée de l'étape Diagnostic
//! (`Dossier::diagnostic`) : constats, points forts, points d'amélioration et enjeux, avec les
//! ESMS concernés, puis les sources mobilisées (modalités de réalisation du diagnostic,
//! seed 001 L881-L897).

use crate::contract::document::{Align, Block, Span};
use crate::dossier::Dossier;
use crate::dossier::diagnostic::NatureSynthese;
use crate::kernel::format;

fn titre(n: NatureSynthese) -> &'static str {
    match n {
        NatureSynthese::Constat => "Constats",
        NatureSynthese::PointFort => "Points forts",
        NatureSynthese::PointAmelioration => "Points d'amélioration",
        NatureSynthese::Enjeu => "Enjeux",
    }
}

fn sub(text: &str) -> Block {
    Block::Paragraph {
        spans: vec![Span::bold(text)],
        align: Align::Left,
    }
}

/// La synthèse, si le dossier en a une (au moins un élément rédigé).
pub fn synthese(d: &Dossier) -> Option<Vec<Block>> {
    let elements: Vec<_> = d
        .diagnostic
        .synthese
        .iter()
        .filter(|e| !e.texte.trim().is_empty())
        .collect();
    if elements.is_empty() {
        return None;
    }
    let nom = |id: &uuid::Uuid| {
        d.esms
            .iter()
            .find(|e| &e.id == id)
            .map(|e| e.nom.trim().to_string())
            .filter(|n| !n.is_empty())
    };
    let mut blocks = vec![Block::Paragraph {
        spans: vec![Span::plain(
            "La présente synthèse reprend les principaux enseignements du diagnostic partagé entre les parties. Elle décrit la situation de l'organisme gestionnaire et des établissements et services avant la conclusion du contrat et sert de base à la définition de ses objectifs.",
        )],
        align: Align::Justify,
    }];
    for n in NatureSynthese::ALL {
        let items: Vec<Vec<Span>> = elements
            .iter()
            .filter(|e| e.nature == n)
            .map(|e| {
                let mut r = vec![Span::plain(e.texte.trim().replace('\n', " "))];
                let noms: Vec<String> = e.esms.iter().filter_map(nom).collect();
                if !noms.is_empty() {
                    r.push(Span::italic(format!(" ({})", noms.join(", "))));
                }
                r
            })
            .collect();
        if !items.is_empty() {
            blocks.push(sub(titre(n)));
            blocks.push(Block::Bullets { items });
        }
    }
    let sources: Vec<Vec<Span>> = d
        .diagnostic
        .sources
        .iter()
        .map(|s| {
            let mut t = s.type_source.label().to_string();
            if !s.libelle.trim().is_empty() {
                t.push_str(&format!(" : {}", s.libelle.trim()));
            }
            if let Some(dt) = s.date {
                t.push_str(&format!(" ({})", format::date_long(dt)));
            }
            if let Some(n) = s.esms.as_ref().and_then(nom) {
                t.push_str(&format!(" — {n}"));
            }
            vec![Span::plain(t)]
        })
        .collect();
    if !sources.is_empty() {
        blocks.push(sub("Documents et sources mobilisés"));
        blocks.push(Block::Bullets { items: sources });
    }
    Some(blocks)
}
