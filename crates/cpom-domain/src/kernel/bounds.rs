//! **Les bornes des textes saisis, déclarées une fois.** Chaque champ de texte du dossier est
//! lu par un lecteur de `parse.rs` qui porte sa sorte ([`TextKind`]) : un nom ou un intitulé
//! sur une ligne (`line`), un texte libre (`text`), un compte rendu ou une clause (`long_text`),
//! une liste d'intitulés (`lines`). La borne de la sorte s'applique partout où la valeur entre
//! dans le dossier : saisie, import JSON, classeur relu, export du tableau de bord, kit de
//! contribution (tous passent par la saisie champ par champ).
//!
//! Les bornes ne viennent d'aucun texte de référence (inférence, ajustable ici seulement) :
//! elles sont choisies pour l'usage (un nom de 300 caractères tient sur une ligne de
//! tableau ; un texte libre de 10 000 caractères fait environ quatre pages du contrat) et
//! pour que chaque texte tienne dans une cellule d'Excel (32 767 unités UTF-16 au plus :
//! 16 000 caractères, même tous hors du plan multilingue de base, en font au plus 32 000).
//! Le contrat PDF d'un dossier dont chaque texte est à sa borne reste dans le budget de
//! pages et de mémoire de l'export (`cargo run --release -p cpom-cli --example bench_bornes`).

use serde::Serialize;

/// La sorte d'un champ de texte, qui fixe sa longueur maximale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextKind {
    /// Un nom, un intitulé, un contact, une référence : une ligne.
    Nom,
    /// Un texte libre (constats, description, commentaire, modalités…).
    Texte,
    /// Un compte rendu de réunion, le texte d'une clause du contrat.
    Long,
}

/// Toutes les sortes, dans l'ordre (documentation, tests).
pub const TEXT_KINDS: [TextKind; 3] = [TextKind::Nom, TextKind::Texte, TextKind::Long];

/// Une liste d'intitulés (tâches, partenaires, participants) : chaque élément est un
/// [`TextKind::Nom`], la liste entière (un élément par ligne) au plus un [`TextKind::Texte`].
pub const LIST_MAX_ITEMS: usize = 200;

impl TextKind {
    /// Longueur maximale, en caractères.
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::Nom => 300,
            TextKind::Texte => 10_000,
            TextKind::Long => 16_000,
        }
    }

    /// « un nom ou un intitulé », pour les messages.
    pub const fn label(self) -> &'static str {
        match self {
            TextKind::Nom => "un nom ou un intitulé",
            TextKind::Texte => "un texte libre",
            TextKind::Long => "un compte rendu ou une clause",
        }
    }

    /// La plus grande borne : aucun texte du dossier ne la dépasse (contrôle de dernier
    /// recours des imports, qui voient aussi les champs tenus par l'application).
    pub const fn largest() -> usize {
        TextKind::Long.max_chars()
    }
}

/// « 12 034 » : un nombre de caractères avec l'espace fine des milliers.
fn thousands(n: usize) -> String {
    crate::kernel::format::integer(n as i64)
}

/// Nombre de caractères de `s`, sans parcourir au-delà de `limit + 1` (un texte de 50 Mo
/// est refusé sans être compté en entier).
pub fn chars_up_to(s: &str, limit: usize) -> usize {
    s.chars().take(limit + 1).count()
}

/// Le message d'un texte trop long (« Ce texte compte plus de 300 caractères… »).
pub fn too_long_message(kind: TextKind, s: &str) -> String {
    let max = kind.max_chars();
    let n = s.chars().count();
    format!(
        "Ce texte compte {} caractères ; ce champ attend {} d'au plus {} caractères : raccourcissez-le.",
        thousands(n),
        kind.label(),
        thousands(max)
    )
}

/// Vrai si `s` tient dans la borne de `kind`.
pub fn fits(kind: TextKind, s: &str) -> bool {
    s.len() <= kind.max_chars() || chars_up_to(s, kind.max_chars()) <= kind.max_chars()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_hold_in_an_excel_cell_and_count_characters() {
        for k in TEXT_KINDS {
            // Même en caractères hors du plan de base (deux unités UTF-16 chacun).
            assert!(k.max_chars() * 2 <= 32_767, "{k:?}");
        }
        assert!(fits(TextKind::Nom, &"é".repeat(300)));
        assert!(!fits(TextKind::Nom, &"é".repeat(301)));
        assert!(fits(TextKind::Nom, &"a".repeat(300)));
        assert!(!fits(TextKind::Nom, &"a".repeat(301)));
        let m = too_long_message(TextKind::Texte, &"x".repeat(12_034));
        assert!(m.contains("12\u{202f}034 caractères"), "{m}");
        assert!(m.contains("10\u{202f}000"), "{m}");
        assert_eq!(chars_up_to(&"x".repeat(1000), 10), 11);
    }
}
