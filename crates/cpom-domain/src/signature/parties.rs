//! Les signataires du contrat : les parties déduites du périmètre (organisme gestionnaire,
//! département(s), ARS — dans l'ordre de signature du guide PdL, seed 002 L374-L393) et ce
//! que l'utilisateur en a saisi (nom, qualité, date).

use super::model::SignataireSaisi;
use crate::dossier::{Dossier, PartieKind, Signataire};

/// La clé d'une partie : « organisme », « cd:44 », « ars:52 ».
pub fn partie_key(s: &Signataire) -> String {
    match s.kind {
        PartieKind::Organisme => "organisme".into(),
        PartieKind::Cd => format!("cd:{}", s.code),
        PartieKind::Ars => format!("ars:{}", s.code),
    }
}

/// Les parties dans l'ordre de signature, avec leur saisie.
pub fn signataires(d: &Dossier) -> Vec<(Signataire, Option<&SignataireSaisi>)> {
    d.derived()
        .signataires
        .into_iter()
        .map(|s| {
            let saisi = d.signature.signatures.signataire(&partie_key(&s));
            (s, saisi)
        })
        .collect()
}
