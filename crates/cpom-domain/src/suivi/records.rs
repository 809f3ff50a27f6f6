//! Saisie des enregistrements du suivi du contrat (trait [`Editable`]) : les listes annuelles
//! se saisissent case par case (« realise.3 » : la 3e année du contrat, comptée à partir de 1).

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::suivi::*;
use crate::kernel::error::FieldError;
use crate::kernel::parse::{
    choice, choice_list, count, date, decimal, line, lines, signed_decimal, text, unknown, uuid,
    year,
};
use crate::record::editable::{Editable, flatten, import_fields_with_lists};

type R = Result<(), FieldError>;

/// L'année du contrat désignée par « champ.N » (1 à 7) : son rang dans la liste.
fn annee(field: &str, sub: &str) -> Result<usize, FieldError> {
    match sub.parse::<usize>() {
        Ok(n) if (1..=ANNEES_SUIVI).contains(&n) => Ok(n - 1),
        _ => Err(FieldError::new(
            field,
            "annee_contrat.invalide",
            format!(
                "Les années suivies vont de 1 à {ANNEES_SUIVI} (cinq ans et deux années de prorogation)."
            ),
        )),
    }
}

/// Range `x` à la place `i` ; les cases vides de fin de liste sont retirées.
fn set_at<T: Clone + Default + PartialEq>(slots: &mut Vec<T>, i: usize, x: T) {
    if slots.len() <= i {
        slots.resize(i + 1, T::default());
    }
    slots[i] = x;
    while slots.last().is_some_and(|v| *v == T::default()) {
        slots.pop();
    }
}

/// « champ.N » : le rang de l'année si `field` commence par `name.`.
fn slot(field: &str, name: &str) -> Option<Result<usize, FieldError>> {
    field
        .strip_prefix(name)
        .and_then(|r| r.strip_prefix('.'))
        .map(|sub| annee(field, sub))
}

fn required(field: &str, v: &Value, what: &str) -> Result<Uuid, FieldError> {
    uuid(field, v)?.ok_or_else(|| {
        FieldError::new(
            field,
            "suivi.reference",
            format!("Indiquez {what} concerné."),
        )
    })
}

fn percent(field: &str, v: &Value) -> Result<Option<u8>, FieldError> {
    Ok(count(field, v, 100)?.map(|n| n as u8))
}

/// La clé d'une partie (« organisme », « ars:52 », « cd:44 »).
fn partie(field: &str, key: &str) -> Result<String, FieldError> {
    let ok = key == "organisme"
        || ["ars:", "cd:"].iter().any(|p| {
            key.strip_prefix(p).is_some_and(|c| {
                !c.is_empty() && c.len() <= 3 && c.chars().all(|x| x.is_ascii_alphanumeric())
            })
        });
    if ok {
        Ok(key.to_string())
    } else {
        Err(FieldError::new(
            field,
            "signataire.partie",
            format!("« {key} » ne désigne pas une partie au contrat."),
        ))
    }
}

impl Editable for SuiviGeneral {
    const LABEL: &'static str = "Suivi du contrat";
    crate::record::editable::singleton_blank!();
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "referent" => self.referent = line(field, v)?,
            "renouvele_le" => self.renouvele_le = date(field, v)?,
            "dossier_renouvellement" => self.dossier_renouvellement = line(field, v)?,
            "renouvellement_prepare_le" => self.renouvellement_prepare_le = date(field, v)?,
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Exercice {
    const LABEL: &'static str = "Exercice";
    const KEY_FIELDS: &'static [&'static str] = &["annee"];
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        self.annee.map(|a| a.to_string())
    }
    fn describe(&self) -> String {
        self.annee
            .map_or("Exercice".into(), |a| format!("Exercice {a}"))
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "annee" => self.annee = year(field, v)?,
            "errd_reference" => self.errd_reference = line(field, v)?,
            "errd_envoye_le" => self.errd_envoye_le = date(field, v)?,
            "annexe_objectifs_envoyee_le" => self.annexe_objectifs_envoyee_le = date(field, v)?,
            "rapport_cd_envoye_le" => self.rapport_cd_envoye_le = date(field, v)?,
            "retour_autorites" => self.retour_autorites = text(field, v)?,
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for RealisationIndicateur {
    const LABEL: &'static str = "Valeurs réalisées d'un indicateur";
    const KEY_FIELDS: &'static [&'static str] = &["indicateur"];
    const PARENT_FIELD: Option<&'static str> = Some("indicateur");
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.indicateur.to_string())
    }
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        import_fields_with_lists(row, &["realise", "commentaires"], "indicateur")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(i) = slot(field, "realise") {
            set_at(&mut self.realise, i?, signed_decimal(field, v)?);
            return Ok(());
        }
        if let Some(i) = slot(field, "commentaires") {
            set_at(&mut self.commentaires, i?, text(field, v)?);
            return Ok(());
        }
        match field {
            "indicateur" => self.indicateur = required(field, v, "l'indicateur")?,
            "esms" => self.esms = uuid(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for AvancementAction {
    const LABEL: &'static str = "Avancement d'une action";
    const KEY_FIELDS: &'static [&'static str] = &["action"];
    const PARENT_FIELD: Option<&'static str> = Some("action");
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.action.to_string())
    }
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        import_fields_with_lists(row, &["statut", "avancement", "commentaires"], "action")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(i) = slot(field, "statut") {
            set_at(&mut self.statut, i?, choice(field, v)?);
            return Ok(());
        }
        if let Some(i) = slot(field, "avancement") {
            set_at(&mut self.avancement, i?, percent(field, v)?);
            return Ok(());
        }
        if let Some(i) = slot(field, "commentaires") {
            set_at(&mut self.commentaires, i?, text(field, v)?);
            return Ok(());
        }
        match field {
            "action" => self.action = required(field, v, "l'action")?,
            "esms" => self.esms = uuid(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for AppreciationObjectif {
    const LABEL: &'static str = "Appréciation d'un objectif";
    const KEY_FIELDS: &'static [&'static str] = &["objectif"];
    const PARENT_FIELD: Option<&'static str> = Some("objectif");
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.objectif.to_string())
    }
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        import_fields_with_lists(
            row,
            &["appreciation", "explication", "nouveau_calendrier"],
            "objectif",
        )
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(i) = slot(field, "appreciation") {
            set_at(&mut self.appreciation, i?, choice(field, v)?);
            return Ok(());
        }
        if let Some(i) = slot(field, "explication") {
            set_at(&mut self.explication, i?, text(field, v)?);
            return Ok(());
        }
        if let Some(i) = slot(field, "nouveau_calendrier") {
            set_at(&mut self.nouveau_calendrier, i?, text(field, v)?);
            return Ok(());
        }
        match field {
            "objectif" => self.objectif = required(field, v, "l'objectif")?,
            "esms" => self.esms = uuid(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for ActiviteEsms {
    const LABEL: &'static str = "Activité réalisée d'un ESMS";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.esms.to_string())
    }
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.esms)
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        import_fields_with_lists(row, &["activite", "commentaires"], "esms")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(i) = slot(field, "activite") {
            set_at(&mut self.activite, i?, decimal(field, v)?);
            return Ok(());
        }
        if let Some(i) = slot(field, "commentaires") {
            set_at(&mut self.commentaires, i?, text(field, v)?);
            return Ok(());
        }
        match field {
            "esms" => self.esms = required(field, v, "l'ESMS")?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for DialogueGestion {
    const LABEL: &'static str = "Dialogue de gestion";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("{} {}", self.nature.label(), date_or_blank(self.date))
            .trim()
            .to_string()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "nature" => self.nature = choice(field, v)?.unwrap_or_default(),
            "date" => self.date = date(field, v)?,
            "participants" => self.participants = lines(field, v)?,
            "compte_rendu" => self.compte_rendu = text(field, v)?,
            "decisions" => self.decisions = text(field, v)?,
            "valide_le" => self.valide_le = date(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

fn date_or_blank(d: Option<chrono::NaiveDate>) -> String {
    d.map(crate::kernel::format::date_long).unwrap_or_default()
}

impl Editable for Saisine {
    const LABEL: &'static str = "Saisine du comité de suivi";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("Saisine du comité de suivi {}", date_or_blank(self.date))
            .trim()
            .to_string()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "date" => self.date = date(field, v)?,
            "par" => {
                let p = line(field, v)?;
                self.par = if p.is_empty() { p } else { partie(field, &p)? };
            }
            "motif" => self.motif = text(field, v)?,
            "recue_le" => self.recue_le = date(field, v)?,
            "suites" => self.suites = text(field, v)?,
            "suites_le" => self.suites_le = date(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for EvaluationRealisee {
    const LABEL: &'static str = "Évaluation réalisée";
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "esms" => self.esms = uuid(field, v)?,
            "date" => self.date = date(field, v)?,
            "organisme" => self.organisme = line(field, v)?,
            "conclusions" => self.conclusions = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Bilan {
    const LABEL: &'static str = "Bilan";
    const KEY_FIELDS: &'static [&'static str] = &["nature"];
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(serde_json::to_string(&self.nature).unwrap_or_default())
    }
    fn describe(&self) -> String {
        self.nature.label().into()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "nature" => self.nature = choice(field, v)?.unwrap_or_default(),
            "faits_marquants" => self.faits_marquants = text(field, v)?,
            "resultats" => self.resultats = text(field, v)?,
            "difficultes" => self.difficultes = text(field, v)?,
            "mesures_correctrices" => self.mesures_correctrices = text(field, v)?,
            "priorites" => self.priorites = text(field, v)?,
            "dialogue" => self.dialogue = uuid(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

fn refuse_signed(a: &Avenant, field: &str) -> R {
    if a.signe() {
        return Err(FieldError::new(
            field,
            "avenant.signe",
            "Cet avenant est signé : il ne se modifie plus.",
        ));
    }
    Ok(())
}

impl Editable for Avenant {
    const LABEL: &'static str = "Avenant";
    const SYSTEM_FIELDS: &'static [&'static str] = &["modifications"];
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        if self.objet.trim().is_empty() {
            "Avenant".into()
        } else {
            format!("Avenant « {} »", self.objet.trim())
        }
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        let mut fields = Vec::new();
        let Value::Object(m) = row else {
            return fields;
        };
        for (k, v) in m {
            match k.as_str() {
                "id" | "modifications" => {}
                "signataires" => {
                    for s in v.as_array().into_iter().flatten() {
                        let p = s.get("partie").and_then(Value::as_str).unwrap_or("");
                        for f in ["nom", "qualite", "date_signature"] {
                            let x = s.get(f).cloned().unwrap_or(Value::Null);
                            fields.push((format!("signataires.{p}.{f}"), x));
                        }
                    }
                }
                "types" => fields.push((k.clone(), v.clone())),
                _ => flatten(k, v, &mut fields),
            }
        }
        // Les signataires en dernier, leurs dates après tous les noms : un avenant dont
        // toutes les signatures sont datées refuse toute autre saisie.
        fields.sort_by_key(|(k, _)| {
            (
                k.ends_with(".date_signature"),
                k.starts_with("signataires."),
            )
        });
        fields
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        refuse_signed(self, field)?;
        if let Some(rest) = field.strip_prefix("signataires.") {
            let (key, sub) = rest.rsplit_once('.').ok_or_else(|| unknown(field))?;
            let key = partie(field, key)?;
            let mut s = self.signataire(&key).cloned().unwrap_or_default();
            s.partie = key.clone();
            match sub {
                "nom" => s.nom = line(field, v)?,
                "qualite" => s.qualite = line(field, v)?,
                "date_signature" => s.date_signature = date(field, v)?,
                _ => return Err(unknown(field)),
            }
            match self.signataires.iter_mut().find(|x| x.partie == key) {
                Some(x) => *x = s,
                None => self.signataires.push(s),
            }
            return Ok(());
        }
        match field {
            "types" => self.types = choice_list(field, v)?,
            "objet" => self.objet = text(field, v)?,
            "motif" => self.motif = text(field, v)?,
            "dialogue" => self.dialogue = uuid(field, v)?,
            "date_effet" => self.date_effet = date(field, v)?,
            "lieu" => self.lieu = line(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}
