//! Le classeur régional (issue 5) décrit en données : un modèle (`assets/templates/`) et un
//! dossier donnent la disposition de chaque cellule ; l'export (rust_xlsxwriter) et l'import
//! (calamine) des services s'appuient sur la même disposition, d'où un aller-retour exact.
//!
//! - `descriptor.rs` : le format des modèles et les modèles embarqués ;
//! - `collections.rs` : ce que désignent les noms (collections, champs, grilles, listes) ;
//! - `layout.rs` : la disposition pour un dossier (valeurs, formules et résultats, styles) ;
//! - `values.rs` : conversions champ ↔ cellule.

pub mod collections;
pub mod descriptor;
pub mod layout;
#[cfg(test)]
mod tests;
pub mod values;

pub use descriptor::{DEFAULT_TEMPLATE, Format, Template, template, templates};
pub use layout::{Binding, Cell, Layout, SheetLayout, Style, TableLayout, Target, layout};
pub use values::{CellValue, Raw};
