//! Tests d'architecture : les étages du code (`layers.rs`) et la documentation qui doit
//! rester vraie (`docs.rs`).

mod docs;
mod layers;
