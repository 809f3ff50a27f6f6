//! Services de l'étape Objectifs qui touchent plusieurs enregistrements à la fois :
//! dupliquer une fiche vers un autre ESMS (fiche, actions et indicateurs dans une seule
//! transaction). La saisie champ par champ passe par `editing.rs` comme partout.

use cpom_domain::dossier::objectifs::{Action, IndicateurObjectif, Objectif};
use cpom_domain::objectifs::duplicate::duplicate_for_esms;
use cpom_domain::record::editable::Editable;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::records;

fn insert<T: Editable + Serialize>(
    tx: &rusqlite::Transaction<'_>,
    s: &records::Stamp<'_>,
    id: Uuid,
    x: &T,
) -> Result<()> {
    let pos = records::next_position(tx, T::KIND)?;
    let json = serde_json::to_string(x)?;
    records::insert_raw(tx, s, &id.to_string(), T::KIND, pos, &json)
}

fn parse(id: &str, what: &str) -> Result<Uuid> {
    Uuid::parse_str(id.trim()).map_err(|_| {
        ServiceError::new(
            "identifiant.invalide",
            format!("« {id} » n'est pas l'identifiant d'un(e) {what}."),
        )
    })
}

impl Session {
    /// Copie la fiche `objectif` (avec ses actions et indicateurs) pour l'ESMS `esms` ;
    /// renvoie l'identifiant de la nouvelle fiche.
    pub fn duplicate_objectif(&mut self, objectif: &str, esms: &str) -> Result<String> {
        let source = parse(objectif, "fiche-objectif")?;
        let target = parse(esms, "ESMS")?;
        let d = self.dossier()?;
        if !d.esms.iter().any(|e| e.id == target) {
            return Err(ServiceError::new(
                "esms.introuvable",
                "L'ESMS choisi n'existe pas dans le dossier.",
            )
            .with_field("esms"));
        }
        let copy = duplicate_for_esms(&d, source, target, &mut Uuid::new_v4).ok_or_else(|| {
            ServiceError::new(
                "objectif.introuvable",
                "Cette fiche-objectif n'existe plus dans le dossier.",
            )
        })?;
        let id = copy.objectif.id.to_string();
        self.write(|tx, s| {
            insert::<Objectif>(tx, s, copy.objectif.id, &copy.objectif)?;
            for a in &copy.actions {
                insert::<Action>(tx, s, a.id, a)?;
            }
            for i in &copy.indicateurs {
                insert::<IndicateurObjectif>(tx, s, i.id, i)?;
            }
            Ok(())
        })?;
        Ok(id)
    }
}
