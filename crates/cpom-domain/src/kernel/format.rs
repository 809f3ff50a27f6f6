//! Formats français pour l'affichage et les documents : « 21 mars 2026 », « 1er janvier 2026 »,
//! « 1 234 567,89 € », « 12,5 % ». Séparateur de milliers : espace fine insécable (U+202F) ;
//! avant « € » et « % » : espace insécable (U+00A0).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

pub const NNBSP: char = '\u{202f}';
pub const NBSP: char = '\u{a0}';

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// « 1er janvier 2026 », « 21 mars 2026 ».
pub fn date_long(d: NaiveDate) -> String {
    let day = if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", MOIS[d.month0() as usize], d.year())
}

/// « 21/03/2026 ».
/// « 21 mars 2026 » à partir d'un horodatage ISO 8601 (« 2026-03-21T10:00:00Z ») ; le texte
/// tel quel s'il n'en commence pas par une date.
pub fn date_long_iso(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| iso.to_string(), date_long)
}

pub fn date_short(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn group_thousands(int_part: &str) -> String {
    let digits: Vec<char> = int_part.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(*c);
    }
    out
}

/// Nombre décimal à la française avec `decimals` chiffres après la virgule.
pub fn decimal(value: Decimal, decimals: u32) -> String {
    let v = value.round_dp(decimals);
    let neg = v.is_sign_negative() && !v.is_zero();
    let s = format!("{:.*}", decimals as usize, v.abs());
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&group_thousands(&int_part));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// Nombre sans zéros inutiles : 12,5 ; 3 ; 1 234,75.
pub fn decimal_trim(value: Decimal) -> String {
    let n = value.normalize();
    decimal(n, n.scale())
}

/// « 1 234 567,89 € ».
pub fn amount(value: Decimal) -> String {
    format!("{}{NBSP}€", decimal(value, 2))
}

/// « 12,5 % » pour une valeur déjà en pourcentage.
pub fn percent(value: Decimal, decimals: u32) -> String {
    format!("{}{NBSP}%", decimal(value, decimals))
}

/// Entier avec séparateur de milliers.
pub fn integer(value: i64) -> String {
    let s = value.unsigned_abs().to_string();
    let g = group_thousands(&s);
    if value < 0 { format!("-{g}") } else { g }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(
            date_long(NaiveDate::from_ymd_opt(2026, 3, 21).unwrap()),
            "21 mars 2026"
        );
        assert_eq!(
            date_long(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            "1er janvier 2026"
        );
        assert_eq!(
            date_long(NaiveDate::from_ymd_opt(2024, 8, 15).unwrap()),
            "15 août 2024"
        );
        assert_eq!(
            date_short(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            "01/03/2026"
        );
    }

    #[test]
    fn amounts_and_percents() {
        assert_eq!(
            amount(d("1234567.891")),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
        assert_eq!(amount(d("1234.56")), "1\u{202f}234,56\u{a0}€");
        assert_eq!(amount(d("0")), "0,00\u{a0}€");
        assert_eq!(amount(d("-999.5")), "-999,50\u{a0}€");
        assert_eq!(percent(d("12.5"), 1), "12,5\u{a0}%");
        assert_eq!(decimal_trim(d("12.50")), "12,5");
        assert_eq!(decimal_trim(d("1234")), "1\u{202f}234");
        assert_eq!(integer(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(integer(-12), "-12");
    }
}
