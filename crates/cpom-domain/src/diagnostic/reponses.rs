//! Annexe 2-A : les réponses aux questions du catalogue (une par question, et par ESMS pour les
//! axes 1-1 et 1-2) et les quatre encarts de stratégie de chaque thème.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::catalogue::{NiveauAxe, TypeReponse, catalogue};
use crate::dossier::Dossier;
use crate::editable::{Editable, unknown};
use crate::error::FieldError;
use crate::fields::{blank, boolean, line, lines, text, uuid};

/// La valeur d'une réponse : un code (« oui ») ou un texte, ou la liste des cases cochées.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(untagged)]
#[ts(export)]
pub enum Valeur {
    Liste(Vec<String>),
    Texte(String),
}

/// Une réponse à une question du catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Reponse {
    pub id: Uuid,
    /// Identifiant de la question dans le catalogue.
    pub question: String,
    /// L'ESMS concerné (axes 1-1 et 1-2) ; absent pour une réponse de l'organisme.
    pub esms: Option<Uuid>,
    pub valeur: Option<Valeur>,
    /// « Sans objet » : la question ne concerne pas cet ESMS ou l'organisme.
    pub sans_objet: bool,
    pub commentaire: String,
}

impl Reponse {
    /// Répondue (ou explicitement sans objet).
    pub fn answered(&self) -> bool {
        self.sans_objet
            || match &self.valeur {
                None => false,
                Some(Valeur::Texte(s)) => !s.trim().is_empty(),
                Some(Valeur::Liste(l)) => !l.is_empty(),
            }
    }
    /// La valeur sous forme de codes (pour les alertes).
    pub fn codes(&self) -> Vec<&str> {
        match &self.valeur {
            Some(Valeur::Texte(s)) => vec![s.as_str()],
            Some(Valeur::Liste(l)) => l.iter().map(String::as_str).collect(),
            None => Vec::new(),
        }
    }
}

fn refuse(field: &str, code: &str, msg: impl Into<String>) -> FieldError {
    FieldError::new(field, code, msg)
}

fn set_valeur(r: &mut Reponse, field: &str, v: &Value) -> Result<(), FieldError> {
    let q = catalogue().question(&r.question).ok_or_else(|| {
        refuse(
            field,
            "reponse.sans_question",
            "Indiquez d'abord la question à laquelle cette réponse se rapporte.",
        )
    })?;
    let q = q.question;
    if blank(v) || matches!(v, Value::Array(a) if a.is_empty()) {
        r.valeur = None;
        return Ok(());
    }
    r.valeur = Some(match q.type_reponse {
        TypeReponse::OuiNonHeterogene => {
            let s = line(field, v)?.to_lowercase().replace(' ', "_");
            let s = s.replace("hétérogènes", "heterogenes");
            let ok = catalogue()
                .data
                .reponses_oui_non
                .iter()
                .any(|c| c.valeur == s);
            if !ok {
                return Err(refuse(
                    field,
                    "choix.invalide",
                    "Répondez « oui », « non » ou « pratiques hétérogènes ».",
                ));
            }
            Valeur::Texte(s)
        }
        TypeReponse::Cases => {
            let asked = match v {
                Value::String(s) => s.split([',', '\n']).map(|x| x.trim().to_string()).collect(),
                _ => lines(field, v)?,
            };
            for a in asked.iter().filter(|a| !a.is_empty()) {
                if !q.options.iter().any(|o| &o.valeur == a) {
                    return Err(refuse(
                        field,
                        "choix.invalide",
                        format!("« {a} » ne fait pas partie des cases proposées."),
                    ));
                }
            }
            // Dans l'ordre du catalogue, sans doublon.
            Valeur::Liste(
                q.options
                    .iter()
                    .filter(|o| asked.contains(&o.valeur))
                    .map(|o| o.valeur.clone())
                    .collect(),
            )
        }
        TypeReponse::Texte => Valeur::Texte(text(field, v)?),
    });
    if r.answered() {
        r.sans_objet = false;
    }
    Ok(())
}

impl Editable for Reponse {
    const KIND: &'static str = "reponse";
    const PATH: &'static str = "diagnostic.reponses";
    const LABEL: &'static str = "Réponse au diagnostic";
    const KEY_FIELDS: &'static [&'static str] = &["question", "esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn unique_key(&self) -> Option<String> {
        Some(format!(
            "{}|{}",
            self.question,
            self.esms.map(|e| e.to_string()).unwrap_or_default()
        ))
    }
    fn describe(&self) -> String {
        let label = catalogue()
            .question(&self.question)
            .map_or(self.question.clone(), |q| q.question.libelle.clone());
        format!("Réponse « {label} »")
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.reponses.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.reponses.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "question" => {
                let q = line(field, v)?;
                if catalogue().question(&q).is_none() {
                    return Err(refuse(
                        field,
                        "question.inconnue",
                        format!("« {q} » n'est pas une question du catalogue du diagnostic."),
                    ));
                }
                if !self.question.is_empty() && self.question != q {
                    return Err(refuse(
                        field,
                        "reponse.question",
                        "Une réponse reste attachée à sa question : créez une autre réponse.",
                    ));
                }
                self.question = q;
            }
            "esms" => self.esms = uuid(field, v)?,
            "valeur" => set_valeur(self, field, v)?,
            "sans_objet" => self.sans_objet = boolean(field, v)?,
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        let og = catalogue()
            .question(&self.question)
            .is_some_and(|q| q.axe.niveau == NiveauAxe::Og);
        if og && self.esms.is_some() {
            return Err(refuse(
                field,
                "reponse.portee",
                "Cette question concerne l'organisme dans son ensemble : elle ne se rattache pas à un ESMS.",
            ));
        }
        Ok(())
    }
}

/// Les quatre encarts de stratégie d'un thème (« modalités de mise en œuvre / difficultés
/// rencontrées / points forts / points d'amélioration », guide PdL L554-L555).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ThemeZones {
    pub id: Uuid,
    /// Identifiant du thème dans le catalogue.
    pub theme: String,
    pub modalites: String,
    pub difficultes: String,
    pub points_forts: String,
    pub points_amelioration: String,
}

impl ThemeZones {
    pub fn filled(&self) -> bool {
        [
            &self.modalites,
            &self.difficultes,
            &self.points_forts,
            &self.points_amelioration,
        ]
        .iter()
        .any(|s| !s.trim().is_empty())
    }
}

impl Editable for ThemeZones {
    const KIND: &'static str = "theme_diagnostic";
    const PATH: &'static str = "diagnostic.themes";
    const LABEL: &'static str = "Encarts d'un thème du diagnostic";
    const KEY_FIELDS: &'static [&'static str] = &["theme"];
    crate::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.theme.clone())
    }
    fn describe(&self) -> String {
        let t = catalogue()
            .theme(&self.theme)
            .map_or(self.theme.clone(), |(_, t)| t.titre.clone());
        format!("Encarts du thème « {t} »")
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.themes.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.themes.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "theme" => {
                let t = line(field, v)?;
                if catalogue().theme(&t).is_none() {
                    return Err(refuse(
                        field,
                        "theme.inconnu",
                        format!("« {t} » n'est pas un thème du catalogue du diagnostic."),
                    ));
                }
                self.theme = t;
            }
            "modalites" => self.modalites = text(field, v)?,
            "difficultes" => self.difficultes = text(field, v)?,
            "points_forts" => self.points_forts = text(field, v)?,
            "points_amelioration" => self.points_amelioration = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(q: &str) -> Reponse {
        let mut r = Reponse::blank(Uuid::from_u128(1));
        r.set_field("question", &json!(q)).unwrap();
        r
    }

    #[test]
    fn values_follow_the_question_type() {
        let mut r = answer("coop_had");
        r.set_field("valeur", &json!("Pratiques hétérogènes"))
            .unwrap();
        assert_eq!(
            r.valeur,
            Some(Valeur::Texte("pratiques_heterogenes".into()))
        );
        assert_eq!(
            r.set_field("valeur", &json!("peut-être")).unwrap_err().code,
            "choix.invalide"
        );
        let mut c = answer("eff_mutualisations");
        c.set_field(
            "valeur",
            &json!(["informatique", "restauration", "informatique"]),
        )
        .unwrap();
        assert_eq!(
            c.valeur,
            Some(Valeur::Liste(vec![
                "restauration".into(),
                "informatique".into()
            ]))
        );
        assert_eq!(
            c.set_field("valeur", &json!(["piscine"])).unwrap_err().code,
            "choix.invalide"
        );
        let mut t = answer("coop_groupements");
        t.set_field("valeur", &json!("GCSMS Nord")).unwrap();
        assert!(t.answered());
        t.set_field("valeur", &Value::Null).unwrap();
        assert!(!t.answered());
        t.set_field("sans_objet", &json!(true)).unwrap();
        assert!(t.answered());
    }

    #[test]
    fn a_value_needs_a_known_question() {
        let mut r = Reponse::blank(Uuid::nil());
        assert_eq!(
            r.set_field("valeur", &json!("oui")).unwrap_err().code,
            "reponse.sans_question"
        );
        assert_eq!(
            r.set_field("question", &json!("nope")).unwrap_err().code,
            "question.inconnue"
        );
        let mut r = answer("coop_had");
        assert_eq!(
            r.set_field("question", &json!("coop_gos_pag"))
                .unwrap_err()
                .code,
            "reponse.question"
        );
        // Question de l'organisme : pas d'ESMS.
        assert_eq!(
            r.set_field("esms", &json!(Uuid::from_u128(9).to_string()))
                .unwrap_err()
                .code,
            "reponse.portee"
        );
        let mut e = answer("enf_ror");
        e.set_field("esms", &json!(Uuid::from_u128(9).to_string()))
            .unwrap();
        assert_eq!(
            e.unique_key().unwrap(),
            format!("enf_ror|{}", Uuid::from_u128(9))
        );
    }

    #[test]
    fn theme_zones() {
        let mut z = ThemeZones::blank(Uuid::nil());
        assert_eq!(
            z.set_field("theme", &json!("x")).unwrap_err().code,
            "theme.inconnu"
        );
        z.set_field("theme", &json!("coop_rapt")).unwrap();
        assert!(!z.filled());
        z.set_field("points_forts", &json!("PAG suivis")).unwrap();
        assert!(z.filled());
    }
}
