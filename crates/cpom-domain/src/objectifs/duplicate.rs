//! Dupliquer une fiche-objectif vers un autre ESMS : la fiche, ses actions et ses
//! indicateurs sont recopiés avec de nouveaux identifiants ; la copie repart « en
//! rédaction », propre à l'ESMS choisi, sans valeurs réalisées.

use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::objectifs::*;

/// Les enregistrements de la copie.
#[derive(Debug, Clone, PartialEq)]
pub struct Copie {
    pub objectif: Objectif,
    pub actions: Vec<Action>,
    pub indicateurs: Vec<IndicateurObjectif>,
}

/// La copie de la fiche `source` pour l'ESMS `esms` ; `None` si la fiche n'existe pas.
pub fn duplicate_for_esms(
    d: &Dossier,
    source: Uuid,
    esms: Uuid,
    new_id: &mut dyn FnMut() -> Uuid,
) -> Option<Copie> {
    let o = d.objectifs.objectifs.iter().find(|o| o.id == source)?;
    let id = new_id();
    let objectif = Objectif {
        id,
        portee: PorteeObjectif::Propre,
        esms: vec![esms],
        statut: StatutObjectif::EnRedaction,
        ..o.clone()
    };
    let actions = d
        .objectifs
        .actions_of(source)
        .map(|a| Action {
            id: new_id(),
            objectif: id,
            esms: Vec::new(),
            statut: StatutAction::APrevoir,
            ..a.clone()
        })
        .collect();
    let indicateurs = d
        .objectifs
        .indicateurs_of(source)
        .map(|i| IndicateurObjectif {
            id: new_id(),
            objectif: id,
            realise: Vec::new(),
            ..i.clone()
        })
        .collect();
    Some(Copie {
        objectif,
        actions,
        indicateurs,
    })
}
