//! Migrations embarquées, ordonnées, ajoutées à la suite (jamais modifiées).
//! `PRAGMA user_version` porte le numéro du schéma ; `PRAGMA application_id` marque un
//! fichier Atelier CPOM.

use rusqlite_migration::{M, Migrations};

/// « CPOM » en ASCII : identifie un fichier de dossier parmi les bases SQLite.
pub const APPLICATION_ID: i32 = 0x4350_4F4D;

/// Les migrations, dans l'ordre : n'en ajouter qu'à la fin.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001-init/up.sql"),
    include_str!("../../migrations/0002-contributions/up.sql"),
];

/// Numéro du schéma que cette version sait lire et écrire.
pub fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

pub fn migrations() -> Migrations<'static> {
    migrations_from(MIGRATIONS)
}

pub fn migrations_from(list: &'static [&'static str]) -> Migrations<'static> {
    Migrations::new(list.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
