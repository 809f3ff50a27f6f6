//! SIREN (9 chiffres) et SIRET (14 chiffres = SIREN + NIC + clé), contrôlés par Luhn.
//! Exception de La Poste (SIREN 356000000) : un SIRET est valide si la somme de ses chiffres
//! est un multiple de 5 (le siège 35600000000048 suit Luhn ordinaire).
//! Source : `shared/domain/reference-facts.md` §4.3.

use crate::kernel::luhn::luhn_valid;

const LA_POSTE: &str = "356000000";

fn digits_only(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect()
}

/// Vérifie un SIREN ; renvoie le numéro normalisé ou un message français.
pub fn parse_siren(input: &str) -> Result<String, String> {
    let n = digits_only(input);
    if n.len() != 9 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "Un SIREN compte 9 chiffres ; « {} » n'en a pas la forme.",
            input.trim()
        ));
    }
    if !luhn_valid(&n) {
        return Err("La clé de contrôle du SIREN est incorrecte : vérifiez la saisie.".into());
    }
    Ok(n)
}

/// Vérifie un SIRET (14 chiffres).
pub fn parse_siret(input: &str) -> Result<String, String> {
    let n = digits_only(input);
    if n.len() != 14 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "Un SIRET compte 14 chiffres ; « {} » n'en a pas la forme.",
            input.trim()
        ));
    }
    let ok = if n.starts_with(LA_POSTE) && n != "35600000000048" {
        n.bytes().map(|b| u32::from(b - b'0')).sum::<u32>() % 5 == 0
    } else {
        luhn_valid(&n)
    };
    if !ok {
        return Err("La clé de contrôle du SIRET est incorrecte : vérifiez la saisie.".into());
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pairs_pass() {
        assert_eq!(parse_siren("772 201 489").unwrap(), "772201489");
        assert!(parse_siret("77220148900022").is_ok());
        assert!(parse_siren(LA_POSTE).is_ok());
    }

    #[test]
    fn la_poste_exception() {
        assert!(parse_siret("35600000049837").is_ok());
        assert!(parse_siret("35600000000048").is_ok());
        // Somme non multiple de 5 : refusé.
        assert!(parse_siret("35600000049838").is_err());
    }

    #[test]
    fn altered_numbers_fail() {
        assert!(parse_siren("772201488").is_err());
        assert!(parse_siret("77220148900023").is_err());
        assert!(parse_siren("77220148").unwrap_err().contains("9 chiffres"));
        assert!(
            parse_siret("7722014890002")
                .unwrap_err()
                .contains("14 chiffres")
        );
    }
}
