//! Le contrat CPOM produit depuis le dossier : modèles de contrat (des données, dans
//! `assets/contracts/`), conditions, champs, clauses libres propres au dossier, et composition
//! d'un [`document::Document`] neutre que `cpom-services` met en page en PDF.

pub mod annexes;
pub mod annexes_diagnostic;
pub mod annexes_financiers;
pub mod annexes_objectifs;
pub mod bind;
pub mod blocks;
pub mod clause;
pub mod compose;
pub mod condition;
pub mod document;
pub mod model;
pub mod synthese;

use std::sync::LazyLock;

pub use clause::ClauseOverride;
pub use compose::{compose, fiche_document};
pub use document::Document;
pub use model::{ClauseInfo, ContractModelInfo, Modele};

/// Modèle utilisé quand on n'en choisit pas.
pub const DEFAULT_MODEL: &str = "arrete-2017";

/// Les modèles embarqués (lus à la compilation : aucune E/S à l'exécution).
const SOURCES: [(&str, &str); 3] = [
    (
        "arrete-2017",
        include_str!("../../../../assets/contracts/arrete-2017/modele.json"),
    ),
    (
        "pdl-socle",
        include_str!("../../../../assets/contracts/pdl-socle/modele.json"),
    ),
    (
        "paca-ph",
        include_str!("../../../../assets/contracts/paca-ph/modele.json"),
    ),
];

fn load(id: &str, text: &str) -> Modele {
    let m: Modele = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("modèle de contrat « {id} » illisible : {e}"));
    assert_eq!(m.id, id, "identifiant du modèle « {id} »");
    m
}

static MODELES: LazyLock<Vec<Modele>> =
    LazyLock::new(|| SOURCES.iter().map(|(id, t)| load(id, t)).collect());

/// Tous les modèles, dans l'ordre de présentation.
pub fn models() -> &'static [Modele] {
    &MODELES
}

/// Un modèle par son identifiant.
pub fn model(id: &str) -> Option<&'static Modele> {
    models().iter().find(|m| m.id == id)
}

/// La liste présentée à l'utilisateur.
pub fn model_infos() -> Vec<ContractModelInfo> {
    models().iter().map(Modele::info).collect()
}

/// Message français d'un modèle inconnu, avec les modèles disponibles.
pub fn unknown_model_message(id: &str) -> String {
    let ids: Vec<String> = models().iter().map(|m| format!("« {} »", m.id)).collect();
    format!(
        "Modèle de contrat inconnu : « {id} ». Modèles disponibles : {}.",
        ids.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_models_are_valid() {
        assert_eq!(models().len(), 3);
        for m in models() {
            m.check().unwrap();
            assert!(!m.clauses().is_empty(), "{} : au moins le préambule", m.id);
        }
        assert!(model(DEFAULT_MODEL).is_some());
        assert!(unknown_model_message("x").contains("« paca-ph »"));
    }

    #[test]
    fn readme_documents_every_key() {
        let readme = include_str!("../../../../assets/contracts/README.md");
        let keys = condition::FAITS
            .iter()
            .chain(bind::CHAMPS.iter())
            .chain(model::DONNEES.iter())
            .chain(model::CONTENUS.iter());
        for (k, _) in keys {
            assert!(
                readme.contains(&format!("`{k}`")),
                "assets/contracts/README.md ne documente pas « {k} »"
            );
        }
        for m in models() {
            assert!(readme.contains(&format!("`{}`", m.id)), "{}", m.id);
        }
    }
}
