//! Numéros FINESS (EJ « juridique » et ET « géographique »).
//!
//! Règles (source : `shared/domain/reference-facts.md` §4.3, d'après
//! `Naamabak/sndc-documentations/ref_etab.md` et l'issue ansforge/finess#22) :
//! - 9 caractères ; les deux premiers sont le département (01–95, 2A/2B pour la Corse,
//!   « 97 » + 4ᵉ caractère 1 à 5 pour les DOM, « 98 » pour Mayotte) ;
//! - le 9ᵉ caractère est une clé : Luhn sur les 9 chiffres (vérifié sur 6 numéros réels ;
//!   la convention corse n'est pas connue : on accepte 2A/2B sans contrôler la clé, avec un
//!   avertissement) ;
//! - les tableurs perdent le zéro initial : un numéro de 8 chiffres dont la forme à 9 chiffres
//!   précédée de « 0 » est valide se voit proposer cette réparation ;
//! - l'affichage courant « NN NNN NNN N » est accepté en saisie (espaces ignorés).

use crate::kernel::luhn::luhn_valid;

/// Ce qui ne va pas dans un numéro FINESS saisi ; chaque variante donne un message français.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinessProblem {
    Empty,
    Length {
        len: usize,
    },
    Characters,
    Departement {
        prefix: String,
    },
    Key {
        expected: char,
    },
    /// 8 chiffres : le zéro initial a sans doute été perdu par un tableur.
    LostLeadingZero {
        repaired: String,
    },
}

impl FinessProblem {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "finess.vide",
            Self::Length { .. } => "finess.longueur",
            Self::Characters => "finess.caracteres",
            Self::Departement { .. } => "finess.departement",
            Self::Key { .. } => "finess.cle",
            Self::LostLeadingZero { .. } => "finess.zero_initial",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::Empty => "Le numéro FINESS est vide.".into(),
            Self::Length { len } => {
                format!("Un numéro FINESS compte 9 caractères ; celui-ci en compte {len}.")
            }
            Self::Characters => {
                "Un numéro FINESS ne contient que des chiffres (sauf 2A/2B pour la Corse).".into()
            }
            Self::Departement { prefix } => format!(
                "Le numéro FINESS commence par « {prefix} », qui n'est pas un code de département valide."
            ),
            Self::Key { expected } => format!(
                "La clé de contrôle du numéro FINESS est incorrecte (dernier chiffre attendu : {expected}). Vérifiez la saisie."
            ),
            Self::LostLeadingZero { repaired } => format!(
                "Ce numéro n'a que 8 chiffres : le zéro initial a sans doute été perdu par un tableur. Numéro réparé proposé : {repaired}."
            ),
        }
    }

    /// La réparation proposée, s'il y en a une.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Self::LostLeadingZero { repaired } => Some(repaired),
            _ => None,
        }
    }
}

/// Résultat d'une vérification réussie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finess {
    pub number: String,
    /// Vrai pour la Corse (2A/2B) : clé non contrôlée, à signaler en avertissement.
    pub key_unchecked: bool,
}

impl Finess {
    pub fn departement(&self) -> String {
        departement_of(&self.number)
    }
}

/// Code département porté par un FINESS (« 44 », « 2A », « 974 »…).
pub fn departement_of(number: &str) -> String {
    if number.starts_with("97") && number.len() >= 4 {
        format!("97{}", &number[3..4])
    } else if number.starts_with("98") {
        "976".into()
    } else {
        number.chars().take(2).collect()
    }
}

/// Forme normalisée d'une saisie : espaces, espaces insécables et points retirés, majuscules.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '\u{a0}' && *c != '\u{202f}')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Vérifie un numéro FINESS saisi ou importé.
pub fn parse_finess(input: &str) -> Result<Finess, FinessProblem> {
    let n = normalize(input);
    if n.is_empty() {
        return Err(FinessProblem::Empty);
    }
    if n.len() == 8 && n.chars().all(|c| c.is_ascii_digit()) {
        let repaired = format!("0{n}");
        if parse_finess(&repaired).is_ok() {
            return Err(FinessProblem::LostLeadingZero { repaired });
        }
    }
    let len = n.chars().count();
    if len != 9 {
        return Err(FinessProblem::Length { len });
    }
    let corse = n.starts_with("2A") || n.starts_with("2B");
    let rest_ok = if corse {
        n[2..].chars().all(|c| c.is_ascii_digit())
    } else {
        n.chars().all(|c| c.is_ascii_digit())
    };
    if !rest_ok {
        return Err(FinessProblem::Characters);
    }
    if !corse {
        let prefix = &n[..2];
        let d: u32 = prefix.parse().unwrap_or(0);
        let ok = match d {
            1..=19 | 21..=95 | 98 => true,
            97 => matches!(n.as_bytes()[3], b'1'..=b'5'),
            _ => false,
        };
        if !ok {
            let shown = if d == 97 {
                n[..4].to_string()
            } else {
                prefix.to_string()
            };
            return Err(FinessProblem::Departement { prefix: shown });
        }
        if !luhn_valid(&n) {
            return Err(FinessProblem::Key {
                expected: luhn_key(&n[..8]),
            });
        }
    }
    Ok(Finess {
        number: n,
        key_unchecked: corse,
    })
}

/// Clé de Luhn à ajouter à 8 chiffres pour former un numéro valide.
pub fn luhn_key(first8: &str) -> char {
    (b'0'..=b'9')
        .map(char::from)
        .find(|k| luhn_valid(&format!("{first8}{k}")))
        .unwrap_or('0')
}

/// Affichage « NN NNN NNN N ».
pub fn display(number: &str) -> String {
    if number.len() != 9 {
        return number.to_string();
    }
    format!(
        "{} {} {} {}",
        &number[..2],
        &number[2..5],
        &number[5..8],
        &number[8..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // Numéros réels (reference-facts §4.3) : ils doivent passer.
    const REAL: [&str; 6] = [
        "010000016",
        "010000156",
        "010780195",
        "010000164",
        "010787190",
        "950110015",
    ];

    #[test]
    fn real_numbers_pass() {
        for n in REAL {
            let f = parse_finess(n).unwrap_or_else(|e| panic!("{n}: {e:?}"));
            assert_eq!(f.number, n);
            assert!(!f.key_unchecked);
        }
    }

    #[test]
    fn altered_numbers_fail_on_the_key() {
        for n in REAL {
            // Changer le dernier chiffre casse toujours la clé de Luhn.
            let last = n.as_bytes()[8] - b'0';
            let altered = format!("{}{}", &n[..8], (last + 1) % 10);
            assert_eq!(
                parse_finess(&altered).unwrap_err().code(),
                "finess.cle",
                "{altered}"
            );
            // Permuter deux chiffres adjacents différents aussi.
            let b = n.as_bytes();
            if let Some(i) = (2..7).find(|&i| b[i] != b[i + 1]) {
                let mut s = b.to_vec();
                s.swap(i, i + 1);
                let swapped = String::from_utf8(s).unwrap();
                assert!(parse_finess(&swapped).is_err(), "{swapped}");
            }
        }
    }

    #[test]
    fn key_message_names_the_expected_digit() {
        let e = parse_finess("010000017").unwrap_err();
        assert_eq!(e, FinessProblem::Key { expected: '6' });
        assert!(e.message().contains("attendu : 6"));
    }

    #[test]
    fn spaces_and_display_form_are_accepted() {
        assert_eq!(parse_finess("01 000 001 6").unwrap().number, "010000016");
        assert_eq!(
            parse_finess(" 010\u{a0}000\u{a0}016 ").unwrap().number,
            "010000016"
        );
        assert_eq!(display("010000016"), "01 000 001 6");
    }

    #[test]
    fn lost_leading_zero_is_offered_its_repair() {
        let e = parse_finess("10000016").unwrap_err();
        assert_eq!(e.suggestion(), Some("010000016"));
        assert_eq!(e.code(), "finess.zero_initial");
        // 8 chiffres sans réparation possible : simple erreur de longueur.
        assert_eq!(
            parse_finess("10000017").unwrap_err().code(),
            "finess.longueur"
        );
    }

    #[test]
    fn departement_prefixes() {
        assert_eq!(
            parse_finess("000000000").unwrap_err().code(),
            "finess.departement"
        );
        assert_eq!(
            parse_finess("200000000").unwrap_err().code(),
            "finess.departement"
        );
        assert_eq!(
            parse_finess("960000000").unwrap_err().code(),
            "finess.departement"
        );
        // DOM : 97 + 4e caractère de 1 à 5.
        // Réunion : « 97 », un chiffre, puis « 4 » en 4e position.
        let dom = format!("97040000{}", luhn_key("97040000"));
        assert!(parse_finess(&dom).is_ok(), "{dom}");
        assert_eq!(departement_of(&dom), "974");
        let bad_dom = format!("97060000{}", luhn_key("97060000"));
        assert_eq!(
            parse_finess(&bad_dom).unwrap_err().code(),
            "finess.departement"
        );
        // Corse : accepté, clé non contrôlée.
        let c = parse_finess("2A0000123").unwrap();
        assert!(c.key_unchecked);
        assert_eq!(c.departement(), "2A");
        assert_eq!(
            parse_finess("2AX000123").unwrap_err().code(),
            "finess.caracteres"
        );
    }

    #[test]
    fn wrong_length_and_characters() {
        assert_eq!(parse_finess("").unwrap_err().code(), "finess.vide");
        assert_eq!(
            parse_finess("0100000160").unwrap_err(),
            FinessProblem::Length { len: 10 }
        );
        assert_eq!(
            parse_finess("01000001A").unwrap_err().code(),
            "finess.caracteres"
        );
    }

    #[test]
    fn luhn_key_builds_valid_numbers() {
        for prefix in ["44000001", "49012345", "85987654", "72000000"] {
            let n = format!("{prefix}{}", luhn_key(prefix));
            assert!(parse_finess(&n).is_ok(), "{n}");
        }
    }
}
