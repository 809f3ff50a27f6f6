//! Le document à mettre en page, indépendant du format (PDF aujourd'hui, autre chose demain) :
//! titres, paragraphes, listes, tableaux, encadrés « à compléter », blocs de signature.
//! La composition ([`super::compose`]) le construit à partir du modèle et du dossier ; le
//! moteur de mise en page (`cpom-services`, `export/pdf/`) le dessine.

use serde::Serialize;

/// Un morceau de texte avec son style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            bold: true,
            ..Self::plain(text)
        }
    }
    pub fn italic(text: impl Into<String>) -> Self {
        Self {
            italic: true,
            ..Self::plain(text)
        }
    }
}

/// Texte riche : une suite de morceaux.
pub type Rich = Vec<Span>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub title: String,
    /// Largeur relative.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, weight: f32) -> Self {
        Self {
            title: title.into(),
            weight,
            align: Align::Left,
        }
    }
    pub fn right(mut self) -> Self {
        self.align = Align::Right;
        self
    }
}

/// Un tableau à bordures ; ses lignes passent à la page suivante avec la ligne d'en-tête
/// répétée.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Première colonne en gras (tableaux « libellé / valeur »).
    pub first_column_bold: bool,
    /// Affiche la ligne d'en-tête (titres des colonnes).
    pub header: bool,
    /// Dernière ligne en gras (totaux).
    pub total_row: bool,
}

/// Un bloc de signature (une partie au contrat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureBlock {
    /// « Pour l'organisme gestionnaire ».
    pub pour: String,
    /// « Association Les Iris de l'Erdre ».
    pub entite: String,
    /// Nom du signataire, ou vide (à compléter à la main).
    pub nom: String,
    /// « Présidente », « Le directeur général »…
    pub qualite: String,
    /// « Fait à Nantes, le ……… » (lieu et date de signature quand ils sont connus).
    pub fait: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// Titre ; `level` 1 (titre, annexe), 2 (article), 3 (sous-article).
    Heading {
        level: u8,
        text: String,
        toc: bool,
        new_page: bool,
    },
    Paragraph {
        spans: Rich,
        align: Align,
    },
    Bullets {
        items: Vec<Rich>,
    },
    Table(Table),
    /// Encadré « à compléter » (une annexe dont les données n'existent pas encore).
    Gap {
        text: String,
    },
    /// Note en italique, plus petite (rappel de la source, consigne).
    Note {
        text: String,
    },
    /// La table des matières (numéros de page calculés par la mise en page).
    Toc,
    Signatures {
        /// « Fait en trois exemplaires originaux. »
        mention: String,
        blocks: Vec<SignatureBlock>,
    },
    PageBreak,
}

/// Ce qui manque pour pouvoir signer : tant qu'il y en a, le document porte « PROJET ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Clé de regroupement (« validation », « objectifs »…).
    pub key: String,
    pub message: String,
}

/// Une partie au contrat, telle que la couverture la présente.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverParty {
    pub libelle: String,
    pub representant: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cover {
    pub title: String,
    /// « CPOM 2027-2031 ».
    pub subtitle: String,
    /// Base juridique.
    pub base: String,
    pub organisme: String,
    /// « Du 1er janvier 2027 au 31 décembre 2031 ».
    pub periode: String,
    pub parties: Vec<CoverParty>,
    /// « Modèle : … (version …) ».
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Titre des métadonnées du PDF.
    pub title: String,
    /// En-tête de chaque page : « CPOM 2027-2031 — Association… ».
    pub header: String,
    pub cover: Cover,
    pub blocks: Vec<Block>,
    /// Manques bloquants (erreurs de validation, annexes sans données).
    pub gaps: Vec<Gap>,
}

impl Document {
    /// Le document porte-t-il la mention « PROJET » ?
    pub fn is_draft(&self) -> bool {
        !self.gaps.is_empty()
    }
}

/// Lit le balisage minimal des modèles : `**gras**` et `*italique*`.
pub fn parse_markup(text: &str) -> Rich {
    let mut out: Rich = Vec::new();
    let mut cur = String::new();
    let (mut bold, mut italic) = (false, false);
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut String, out: &mut Rich, bold: bool, italic: bool| {
        if !cur.is_empty() {
            out.push(Span {
                text: std::mem::take(cur),
                bold,
                italic,
            });
        }
    };
    while let Some(c) = chars.next() {
        if c == '*' {
            flush(&mut cur, &mut out, bold, italic);
            if chars.peek() == Some(&'*') {
                chars.next();
                bold = !bold;
            } else {
                italic = !italic;
            }
        } else {
            cur.push(c);
        }
    }
    flush(&mut cur, &mut out, bold, italic);
    out
}

/// Le texte brut d'un texte riche.
pub fn plain_text(r: &Rich) -> String {
    r.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup() {
        let r = parse_markup("**Article 1** : voir *annexe* 2");
        assert_eq!(
            r,
            vec![
                Span::bold("Article 1"),
                Span::plain(" : voir "),
                Span::italic("annexe"),
                Span::plain(" 2"),
            ]
        );
        assert_eq!(plain_text(&r), "Article 1 : voir annexe 2");
    }
}
