//! Saisie des enregistrements du lancement (trait [`Editable`]).

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::lancement::*;
use crate::dossier::lancement::{Campagne, MoisJour};
use crate::kernel::checklists::checklist_lancement;
use crate::kernel::error::FieldError;
use crate::kernel::parse::unknown;
use crate::kernel::parse::{
    blank, boolean, choice, choice_list, date, line, lines, long_text, text,
};
use crate::record::editable::Editable;

type R = Result<(), FieldError>;

fn set_contact(c: &mut Contact, field: &str, sub: &str, v: &Value) -> R {
    match sub {
        "nom" => c.nom = line(field, v)?,
        "fonction" => c.fonction = line(field, v)?,
        "contact" => c.contact = line(field, v)?,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

fn month_day(field: &str, v: &Value) -> Result<MoisJour, FieldError> {
    let s = text(field, v)?;
    MoisJour::parse(&s).ok_or_else(|| {
        FieldError::new(
            field,
            "jour.invalide",
            format!("« {s} » n'est pas un jour de l'année : saisissez-le sous la forme JJ/MM."),
        )
    })
}

fn set_campagne(c: &mut Campagne, field: &str, sub: &str, v: &Value) -> R {
    let mut next = *c;
    let d = if blank(v) {
        None
    } else {
        Some(month_day(field, v)?)
    };
    let def = Campagne::default();
    match sub {
        "debut" => next.debut = d.unwrap_or(def.debut),
        "fin" => next.fin = d.unwrap_or(def.fin),
        _ => return Err(unknown(field)),
    }
    if next.fin < next.debut {
        return Err(FieldError::new(
            field,
            "campagne.ordre",
            "La fin de la campagne budgétaire doit suivre son début dans l'année.",
        ));
    }
    *c = next;
    Ok(())
}

impl Editable for Engagement {
    const LABEL: &'static str = "Engagement";
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("coordonnateur_ars.") {
            return set_contact(&mut self.coordonnateur_ars, field, sub, v);
        }
        if let Some(sub) = field.strip_prefix("coordonnateur_cd.") {
            return set_contact(&mut self.coordonnateur_cd, field, sub, v);
        }
        if let Some(sub) = field.strip_prefix("campagne_budgetaire.") {
            return set_campagne(&mut self.campagne_budgetaire, field, sub, v);
        }
        match field {
            "dg_mandate" => self.dg_mandate = boolean(field, v)?,
            "date_mandat_dg" => self.date_mandat_dg = date(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Jalon {
    const LABEL: &'static str = "Jalon";
    const KEY_FIELDS: &'static [&'static str] = &["code"];
    fn blank(id: Uuid) -> Self {
        Self::implicit(id).unwrap_or(Self {
            id,
            ..Self::default()
        })
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn implicit(id: Uuid) -> Option<Self> {
        JalonCode::STANDARD
            .into_iter()
            .find(|c| c.standard_id() == id)
            .map(Jalon::standard)
    }
    fn describe(&self) -> String {
        format!("Jalon {}", self.titre())
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "code" => {
                let code: JalonCode = choice(field, v)?.unwrap_or_default();
                let standard = JalonCode::STANDARD
                    .iter()
                    .any(|c| c.standard_id() == self.id);
                if standard && code != self.code {
                    return Err(FieldError::new(
                        field,
                        "jalon.standard",
                        "Un jalon du processus ne change pas de nature : ajoutez plutôt un jalon.",
                    ));
                }
                self.code = code;
            }
            "libelle" => self.libelle = line(field, v)?,
            "date_prevue" => self.date_prevue = date(field, v)?,
            "date_reelle" => self.date_reelle = date(field, v)?,
            "responsable" => self.responsable = line(field, v)?,
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

fn raci_role(field: &str, v: &Value) -> Result<Option<RaciRole>, FieldError> {
    if let Value::String(s) = v {
        return choice(field, &Value::String(s.trim().to_lowercase()));
    }
    choice(field, v)
}

impl Editable for Acteur {
    const LABEL: &'static str = "Acteur";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("Acteur {}", self.nom)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(step) = field.strip_prefix("raci.") {
            let role = raci_role(field, v)?;
            let slot = match step {
                "lancement" => &mut self.raci.lancement,
                "diagnostic" => &mut self.raci.diagnostic,
                "objectifs" => &mut self.raci.objectifs,
                "signature" => &mut self.raci.signature,
                _ => return Err(unknown(field)),
            };
            *slot = role;
            return Ok(());
        }
        match field {
            "nom" => self.nom = line(field, v)?,
            "type_acteur" => self.type_acteur = choice(field, v)?,
            "niveau" => self.niveau = choice(field, v)?,
            "referent" => self.referent = line(field, v)?,
            "interet" => self.interet = text(field, v)?,
            "contributions" => self.contributions = choice_list(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for EtatChecklist {
    const LABEL: &'static str = "Point de la check-list de lancement";
    const KEY_FIELDS: &'static [&'static str] = &["item"];
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.item.clone())
    }
    fn describe(&self) -> String {
        let label = checklist_lancement()
            .item(&self.item)
            .map_or(self.item.as_str(), |i| i.libelle.as_str());
        format!("Check-list de lancement : {label}")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "item" => {
                let id = line(field, v)?;
                if checklist_lancement().item(&id).is_none() {
                    return Err(FieldError::new(
                        field,
                        "checklist.inconnu",
                        format!("« {id} » n'est pas un point de la check-list de lancement."),
                    ));
                }
                self.item = id;
            }
            "etat" => self.etat = choice(field, v)?.unwrap_or_default(),
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Reunion {
    const LABEL: &'static str = "Réunion";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        self.titre()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "type_reunion" => self.type_reunion = choice(field, v)?,
            "objet" => self.objet = line(field, v)?,
            "date" => self.date = date(field, v)?,
            "lieu" => self.lieu = line(field, v)?,
            "participants" => self.participants = lines(field, v)?,
            "mandat_decision" => self.mandat_decision = boolean(field, v)?,
            "decisions" => self.decisions = text(field, v)?,
            "prochaines_etapes" => self.prochaines_etapes = text(field, v)?,
            "compte_rendu" => self.compte_rendu = long_text(field, v)?,
            "compte_rendu_reference" => self.compte_rendu_reference = line(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn engagement_fields() {
        let mut e = Engagement::default();
        e.set_field("dg_mandate", &json!(true)).unwrap();
        e.set_field("coordonnateur_ars.nom", &json!(" M. Durand "))
            .unwrap();
        assert_eq!(e.coordonnateur_ars.nom, "M. Durand");
        e.set_field("campagne_budgetaire.debut", &json!("01/04"))
            .unwrap();
        assert_eq!(e.campagne_budgetaire.debut, MoisJour::new(4, 1).unwrap());
        let err = e
            .set_field("campagne_budgetaire.fin", &json!("15/03"))
            .unwrap_err();
        assert_eq!(err.code, "campagne.ordre");
        assert_eq!(
            e.set_field("campagne_budgetaire.fin", &json!("31/02"))
                .unwrap_err()
                .code,
            "jour.invalide"
        );
        // Vide : retour au défaut.
        e.set_field("campagne_budgetaire.debut", &Value::Null)
            .unwrap();
        assert_eq!(e.campagne_budgetaire, Campagne::default());
        assert_eq!(
            e.set_field("x", &json!(1)).unwrap_err().code,
            "champ.inconnu"
        );
    }

    #[test]
    fn standard_jalons_are_implicit_and_keep_their_nature() {
        let id = JalonCode::ReunionLancement.standard_id();
        assert_eq!(id, JalonCode::ReunionLancement.standard_id());
        assert_ne!(id, JalonCode::ReunionDiagnostic.standard_id());
        let mut j = Jalon::implicit(id).unwrap();
        assert_eq!(j.code, JalonCode::ReunionLancement);
        j.set_field("date_reelle", &json!("12/01/2026")).unwrap();
        assert_eq!(
            j.set_field("code", &json!("projet_cpom")).unwrap_err().code,
            "jalon.standard"
        );
        assert!(Jalon::implicit(Uuid::from_u128(1)).is_none());
        let mut extra = Jalon::blank(Uuid::from_u128(1));
        extra
            .set_field("code", &json!("reunion_objectifs"))
            .unwrap();
        assert_eq!(extra.code, JalonCode::ReunionObjectifs);
    }

    #[test]
    fn acteur_raci_and_contributions() {
        let mut a = Acteur::blank(Uuid::from_u128(3));
        a.set_field("raci.diagnostic", &json!("A")).unwrap();
        assert_eq!(a.raci.diagnostic, Some(RaciRole::A));
        a.set_field(
            "contributions",
            &json!(["diagnostic", "diagnostic", "evaluation"]),
        )
        .unwrap();
        assert_eq!(
            a.contributions,
            vec![Contribution::Diagnostic, Contribution::Evaluation]
        );
        assert_eq!(
            a.set_field("raci.diagnostic", &json!("X"))
                .unwrap_err()
                .code,
            "choix.invalide"
        );
        assert_eq!(
            a.set_field("raci.suivi", &json!("R")).unwrap_err().code,
            "champ.inconnu"
        );
    }

    #[test]
    fn checklist_item_must_exist() {
        let mut c = EtatChecklist::blank(Uuid::from_u128(4));
        c.set_field("item", &json!("perimetre")).unwrap();
        c.set_field("etat", &json!("traite")).unwrap();
        assert_eq!(c.unique_key().as_deref(), Some("perimetre"));
        assert_eq!(
            c.set_field("item", &json!("inexistant")).unwrap_err().code,
            "checklist.inconnu"
        );
    }

    #[test]
    fn reunion_participants_from_text_or_list() {
        let mut r = Reunion::blank(Uuid::from_u128(5));
        r.set_field("participants", &json!("Mme A, ARS\n\n M. B, CD 44 "))
            .unwrap();
        assert_eq!(r.participants, vec!["Mme A, ARS", "M. B, CD 44"]);
        r.set_field("participants", &json!(["X"])).unwrap();
        assert_eq!(r.participants, vec!["X"]);
        assert!(!r.has_compte_rendu());
        r.set_field("compte_rendu_reference", &json!("CR.pdf"))
            .unwrap();
        assert!(r.has_compte_rendu());
    }
}
