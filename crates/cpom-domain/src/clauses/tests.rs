//! Les modèles de contrat embarqués et leur documentation.

use crate::clauses::condition;
use crate::clauses::modeles::{self, DEFAULT_MODEL, model, models, unknown_model_message};

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
        .chain(modeles::CHAMPS.iter())
        .chain(modeles::DONNEES.iter())
        .chain(modeles::CONTENUS.iter());
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
