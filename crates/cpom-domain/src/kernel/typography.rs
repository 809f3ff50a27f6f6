//! Typographie française des documents produits (contrat PDF, exports) : espaces insécables
//! avant « ; : ! ? » et à l'intérieur des guillemets « », sans jamais toucher aux adresses
//! (`https://`), aux heures (`10:30`) ni aux nombres. Fonction pure et idempotente : on peut
//! l'appliquer deux fois sans rien changer.
//!
//! Conventions retenues (Lexique des règles typographiques de l'Imprimerie nationale) :
//! - « : » est précédé d'une espace insécable (U+00A0) ;
//! - « ; », « ! » et « ? » d'une espace fine insécable (U+202F) ;
//! - « et » sont suivis / précédés d'une espace insécable (U+00A0).
//!
//! Les dates et les montants ont leurs propres fonctions dans [`crate::format`]
//! (`date_long` : « 1er janvier 2027 », `amount` : « 1 234 567,89 € ») ; [`date`] et
//! [`montant`] en sont les raccourcis pour les textes de contrat.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::kernel::format::{self, NBSP, NNBSP};

/// Espace attendue devant `c` (ponctuation haute), s'il y en a une.
fn space_before(c: char) -> Option<char> {
    match c {
        ':' => Some(NBSP),
        ';' | '!' | '?' => Some(NNBSP),
        '»' => Some(NBSP),
        _ => None,
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP || c == '\u{2009}'
}

/// Applique la typographie française à un texte.
pub fn fr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Espaces ordinaires devant une ponctuation haute : remplacées par l'insécable.
        if c == ' ' {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if let Some(&next) = chars.get(j)
                && let Some(nb) = space_before(next)
                && i > 0
                && punct_applies(&chars, j)
            {
                out.push(nb);
                i = j;
                continue;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if let Some(nb) = space_before(c)
            && i > 0
            && !is_space(chars[i - 1])
            && punct_applies(&chars, i)
            && needs_inserted_space(&chars, i)
        {
            out.push(nb);
        }
        out.push(c);
        if c == '«' {
            // Espace ordinaire (ou absente) après « : insécable.
            let mut j = i + 1;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            match chars.get(j) {
                Some(&n) if !is_space(n) => out.push(NBSP),
                Some(_) => {}
                None => {}
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// La ponctuation à la position `i` est-elle une ponctuation de phrase (et non `://`, `10:30`,
/// un `?` de requête web…) ?
fn punct_applies(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let next = chars.get(i + 1).copied();
    if c == '»' {
        return true;
    }
    // Suivie d'une fin, d'une espace, d'une ponctuation fermante ou d'un retour à la ligne.
    let ends = match next {
        None => true,
        Some(n) => n.is_whitespace() || matches!(n, ')' | ']' | '»' | '.' | ',' | '!' | '?'),
    };
    if !ends {
        return false;
    }
    // `: ` dans « http: » n'existe pas en pratique ; on exclut seulement les heures et
    // nombres (chiffre des deux côtés), traités par `ends`.
    true
}

/// Faut-il insérer une espace là où il n'y en a aucune ? Pas après un chiffre suivi d'un
/// chiffre (« 10:30 » est déjà exclu), ni dans une suite « ?! » / « !! », ni après « ( ».
fn needs_inserted_space(chars: &[char], i: usize) -> bool {
    let prev = chars[i - 1];
    if matches!(prev, '!' | '?' | '(' | '[' | '/' | '\n') {
        return false;
    }
    true
}

/// « 1er janvier 2027 » (voir [`format::date_long`]).
pub fn date(d: NaiveDate) -> String {
    format::date_long(d)
}

/// « 1 234 567,89 € » (voir [`format::amount`]).
pub fn montant(v: Decimal) -> String {
    format::amount(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn high_punctuation_gets_non_breaking_spaces() {
        assert_eq!(fr("Objet : le contrat"), "Objet\u{a0}: le contrat");
        assert_eq!(fr("Objet: le contrat"), "Objet\u{a0}: le contrat");
        assert_eq!(fr("Oui ; non"), "Oui\u{202f}; non");
        assert_eq!(fr("Vraiment ?"), "Vraiment\u{202f}?");
        assert_eq!(fr("Enfin!"), "Enfin\u{202f}!");
        assert_eq!(fr("Quoi ?!"), "Quoi\u{202f}?!");
        assert_eq!(fr("Liste :\nun"), "Liste\u{a0}:\nun");
    }

    #[test]
    fn guillemets_get_non_breaking_spaces_inside() {
        assert_eq!(fr("« oui »"), "«\u{a0}oui\u{a0}»");
        assert_eq!(fr("«oui»"), "«\u{a0}oui\u{a0}»");
        assert_eq!(
            fr("le CPOM « EHPAD » signé"),
            "le CPOM «\u{a0}EHPAD\u{a0}» signé"
        );
    }

    #[test]
    fn urls_times_and_numbers_are_untouched() {
        assert_eq!(fr("https://www.ars.sante.fr"), "https://www.ars.sante.fr");
        assert_eq!(fr("à 10:30 précises"), "à 10:30 précises");
        assert_eq!(fr("page?id=3"), "page?id=3");
        assert_eq!(fr("1 234,5"), "1 234,5");
    }

    #[test]
    fn idempotent() {
        for s in [
            "Objet : « le contrat » ; fin !",
            "« oui » ?",
            "a:b",
            "Titre 1 : objet",
        ] {
            let once = fr(s);
            assert_eq!(fr(&once), once, "{s}");
        }
    }

    #[test]
    fn dates_and_amounts() {
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            "1er janvier 2027"
        );
        assert_eq!(
            montant(Decimal::from_str("1234567.891").unwrap()),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
    }
}
