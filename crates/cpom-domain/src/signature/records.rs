//! Saisie des enregistrements de l'étape Signature (trait [`Editable`]).

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::signature::*;
use crate::kernel::checklists::checklist_annexes;
use crate::kernel::error::FieldError;
use crate::kernel::parse::unknown;
use crate::kernel::parse::{
    boolean, choice, choice_list, count, date, decimal, departement, key_in, line, lines, put,
    signed_decimal, text, uuid, year, year_key,
};
use crate::record::editable::Editable;

type R = Result<(), FieldError>;

fn set_groupe(g: &mut Groupes, field: &str, sub: &str, v: &Value) -> R {
    let x = decimal(field, v)?;
    match sub {
        "g1" => g.g1 = x,
        "g2" => g.g2 = x,
        "g3" => g.g3 = x,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

fn esms_required(field: &str, v: &Value) -> Result<Uuid, FieldError> {
    uuid(field, v)?
        .ok_or_else(|| FieldError::new(field, "esms.requis", "Choisissez l'ESMS concerné."))
}

impl Editable for Moyens {
    const LABEL: &'static str = "Moyens du contrat";
    crate::record::editable::singleton_blank!();
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "dotation_globalisee" => self.dotation_globalisee = decimal(field, v)?,
            "annee_dotation" => self.annee_dotation = year(field, v)?,
            "mode_evolution" => self.mode_evolution = choice(field, v)?,
            "modalites_cd" => self.modalites_cd = text(field, v)?,
            "dotation_cd" => self.dotation_cd = decimal(field, v)?,
            "frais_siege_integres" => self.frais_siege_integres = boolean(field, v)?,
            "frais_siege_montant" => self.frais_siege_montant = decimal(field, v)?,
            "frais_siege_taux" => {
                let t = decimal(field, v)?;
                if t.is_some_and(|t| t > rust_decimal::Decimal::from(100)) {
                    return Err(FieldError::new(
                        field,
                        "taux.hors_bornes",
                        "Un taux ne peut dépasser 100 %.",
                    ));
                }
                self.frais_siege_taux = t;
            }
            "clause_aide_sociale" => self.clause_aide_sociale = text(field, v)?,
            "clause_affectation" => self.clause_affectation = text(field, v)?,
            "ordre_affectation" => self.ordre_affectation = choice_list(field, v)?,
            "plan_retour_equilibre" => self.plan_retour_equilibre = boolean(field, v)?,
            "reprise_resultats" => self.reprise_resultats = boolean(field, v)?,
            "perception_dotation" => {
                let x = line(field, v)?;
                if !(x.is_empty() || x == "organisme" || Uuid::parse_str(&x).is_ok()) {
                    return Err(FieldError::new(
                        field,
                        "perception.invalide",
                        "Choisissez l'organisme gestionnaire ou l'un des ESMS du périmètre.",
                    ));
                }
                self.perception_dotation = x;
            }
            "report_max_annees" => {
                self.report_max_annees = count(field, v, 5)?.map(|n| n.max(1) as u8);
            }
            "eprd_premier_exercice" => self.eprd_premier_exercice = year(field, v)?,
            "eprd_perimetre" => self.eprd_perimetre = choice(field, v)?,
            other => {
                if let Some(dep) = other.strip_prefix("aide_sociale_choix.") {
                    let dep = departement(field, &Value::String(dep.into()))?
                        .ok_or_else(|| unknown(field))?;
                    put(&mut self.aide_sociale_choix, dep, choice(field, v)?);
                } else if let Some(cat) = other.strip_prefix("frais_siege_etp.") {
                    let d = decimal(field, v)?;
                    *self
                        .frais_siege_etp
                        .get_mut(cat)
                        .ok_or_else(|| unknown(field))? = d;
                } else {
                    return Err(unknown(field));
                }
            }
        }
        Ok(())
    }
}

impl Editable for Pgfp {
    const LABEL: &'static str = "Plan global de financement pluriannuel";
    crate::record::editable::singleton_blank!();
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        let parts: Vec<&str> = field.split('.').collect();
        match parts.as_slice() {
            ["premiere_annee"] => self.premiere_annee = year(field, v)?,
            ["lignes", code, y] => {
                let codes: Vec<&str> = LIGNES_PGFP.iter().map(|(k, _)| *k).collect();
                let code = key_in(field, code, &codes, "une ligne")?;
                let y = year_key(field, y)?;
                put(
                    self.lignes.entry(code).or_default(),
                    y,
                    signed_decimal(field, v)?,
                );
            }
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for OperationInvestissement {
    const LABEL: &'static str = "Opération d'investissement";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("Opération d'investissement « {} »", self.libelle)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "libelle" => self.libelle = line(field, v)?,
            "esms" => self.esms = uuid(field, v)?,
            "annee_debut" => self.annee_debut = year(field, v)?,
            "annee_fin" => self.annee_fin = year(field, v)?,
            "montant" => self.montant = decimal(field, v)?,
            "emprunt" => self.emprunt = decimal(field, v)?,
            "autofinancement" => self.autofinancement = decimal(field, v)?,
            "subventions" => self.subventions = decimal(field, v)?,
            "statut" => self.statut = choice(field, v)?.unwrap_or_default(),
            "date_approbation" => self.date_approbation = date(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for RepartitionDotation {
    const LABEL: &'static str = "Répartition de la dotation";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.esms.to_string())
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("groupes.") {
            return set_groupe(&mut self.groupes, field, sub, v);
        }
        match field {
            "esms" => self.esms = esms_required(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for BudgetReference {
    const LABEL: &'static str = "Budget de référence";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    /// Le budget de référence d'un ESMS est préparé par sa direction (kit de contribution) ;
    /// la répartition de la dotation reste au siège.
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.esms)
    }
    fn unique_key(&self) -> Option<String> {
        Some(self.esms.to_string())
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        crate::record::editable::import_fields_with_lists(row, &["activite_realisee"], "esms")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("depenses.") {
            return set_groupe(&mut self.depenses, field, sub, v);
        }
        if let Some(sub) = field.strip_prefix("recettes.") {
            return set_groupe(&mut self.recettes, field, sub, v);
        }
        if let Some(sub) = field.strip_prefix("activite_realisee.") {
            let i = match sub.parse::<usize>() {
                Ok(n @ 1..=3) => n - 1,
                _ => {
                    return Err(FieldError::new(
                        field,
                        "annee.invalide",
                        "L'activité réalisée porte sur les trois dernières années (1 à 3).",
                    ));
                }
            };
            let x = decimal(field, v)?;
            if self.activite_realisee.len() < 3 {
                self.activite_realisee.resize(3, None);
            }
            self.activite_realisee[i] = x;
            if self.activite_realisee.iter().all(Option::is_none) {
                self.activite_realisee.clear();
            }
            return Ok(());
        }
        match field {
            "esms" => self.esms = esms_required(field, v)?,
            "activite_theorique" => self.activite_theorique = decimal(field, v)?,
            "activite_retenue" => self.activite_retenue = decimal(field, v)?,
            "unite_activite" => self.unite_activite = line(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Affectation {
    const LABEL: &'static str = "Affectation des résultats";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        match self.annee {
            Some(y) => format!("Affectation des résultats {y}"),
            None => Self::LABEL.into(),
        }
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "annee" => self.annee = year(field, v)?,
            "esms" => self.esms = uuid(field, v)?,
            "resultat" => self.resultat = signed_decimal(field, v)?,
            "deficits_anterieurs" => self.deficits_anterieurs = decimal(field, v)?,
            "apurement_deficits" => self.apurement_deficits = decimal(field, v)?,
            "report_a_nouveau" => self.report_a_nouveau = decimal(field, v)?,
            "investissement" => self.investissement = decimal(field, v)?,
            "reserve_compensation" => self.reserve_compensation = decimal(field, v)?,
            "reserve_tresorerie" => self.reserve_tresorerie = decimal(field, v)?,
            "compensation_amortissements" => self.compensation_amortissements = decimal(field, v)?,
            "reserve_compensation_existante" => {
                self.reserve_compensation_existante = decimal(field, v)?
            }
            "bfr" => self.bfr = decimal(field, v)?,
            "esms_beneficiaire" => self.esms_beneficiaire = uuid(field, v)?,
            "justification" => self.justification = text(field, v)?,
            "accord_ars_investissement" => self.accord_ars_investissement = boolean(field, v)?,
            "accord_cd_investissement" => self.accord_cd_investissement = boolean(field, v)?,
            "excedent_soins_dependance" => self.excedent_soins_dependance = decimal(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for MoyensPa {
    const LABEL: &'static str = "Forfaits et tarifs (personnes âgées)";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    /// Les forfaits d'un établissement sont préparés par sa direction (kit de contribution).
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.esms)
    }
    fn unique_key(&self) -> Option<String> {
        Some(self.esms.to_string())
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "esms" => self.esms = esms_required(field, v)?,
            "annee" => self.annee = year(field, v)?,
            "forfait_global_soins" => self.forfait_global_soins = decimal(field, v)?,
            "forfait_global_dependance" => self.forfait_global_dependance = decimal(field, v)?,
            "tarif_hebergement" => {
                let t = decimal(field, v)?;
                // Un tarif journalier (ordre de grandeur : 50 à 150 €) : un montant annuel
                // saisi par erreur est refusé.
                if t.is_some_and(|t| t > rust_decimal::Decimal::from(1000)) {
                    return Err(FieldError::new(
                        field,
                        "tarif.journalier",
                        "Le tarif hébergement est un prix de journée (en euros par jour) : au-delà de 1 000 €, vérifiez qu'il ne s'agit pas d'un montant annuel.",
                    ));
                }
                self.tarif_hebergement = t;
            }
            "forfait_soins" => self.forfait_soins = decimal(field, v)?,
            "forfait_autonomie" => self.forfait_autonomie = decimal(field, v)?,
            "modulation_forfait_autonomie" => self.modulation_forfait_autonomie = choice(field, v)?,
            "justification_modulation" => self.justification_modulation = text(field, v)?,
            "dotation_globale" => self.dotation_globale = decimal(field, v)?,
            "sans_financement_complementaire" => {
                self.sans_financement_complementaire = boolean(field, v)?
            }
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for FinancementComplementaire {
    const LABEL: &'static str = "Financement complémentaire";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.esms)
    }
    fn describe(&self) -> String {
        format!("Financement complémentaire « {} »", self.nature.label())
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        crate::record::editable::import_fields_with_lists(row, &["montants"], "esms")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("montants.") {
            let i = match sub.parse::<usize>() {
                Ok(n @ 1..=ANNEES_MAX) => n - 1,
                _ => {
                    return Err(FieldError::new(
                        field,
                        "annee.invalide",
                        format!(
                            "Les montants portent sur les années du contrat (1 à {ANNEES_MAX})."
                        ),
                    ));
                }
            };
            let x = decimal(field, v)?;
            if self.montants.len() <= i {
                self.montants.resize(i + 1, None);
            }
            self.montants[i] = x;
            while self.montants.last().is_some_and(Option::is_none) {
                self.montants.pop();
            }
            return Ok(());
        }
        match field {
            "esms" => self.esms = esms_required(field, v)?,
            "nature" => self.nature = choice(field, v)?.unwrap_or_default(),
            "libelle" => self.libelle = line(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for VoletSaad {
    const LABEL: &'static str = "Volet d'un service d'aide à domicile";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.esms)
    }
    fn unique_key(&self) -> Option<String> {
        Some(self.esms.to_string())
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        crate::record::editable::import_fields_with_lists(row, &["mentions"], "esms")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("mentions.") {
            let n = MENTIONS_SAAD.len();
            let i = match sub.parse::<usize>() {
                Ok(k) if (1..=n).contains(&k) => k - 1,
                _ => {
                    return Err(FieldError::new(
                        field,
                        "mention.invalide",
                        format!("L'article L. 313-11-1 compte {n} mentions (1 à {n})."),
                    ));
                }
            };
            let t = text(field, v)?;
            if self.mentions.len() <= i {
                self.mentions.resize(i + 1, String::new());
            }
            self.mentions[i] = t;
            while self.mentions.last().is_some_and(String::is_empty) {
                self.mentions.pop();
            }
            return Ok(());
        }
        match field {
            "esms" => self.esms = esms_required(field, v)?,
            "famille" => self.famille = boolean(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

fn set_members(field: &str, v: &Value) -> Result<Vec<String>, FieldError> {
    lines(field, v)
}

impl Editable for Suivi {
    const LABEL: &'static str = "Suivi du contrat";
    crate::record::editable::singleton_blank!();
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        let mut fields = Vec::new();
        if let Value::Object(m) = row {
            for (k, v) in m {
                if k == "evaluations" {
                    for e in v.as_array().into_iter().flatten() {
                        if let Some(id) = e.get("esms").and_then(Value::as_str) {
                            let date = e.get("date").cloned().unwrap_or(Value::Null);
                            fields.push((format!("evaluations.{id}"), date));
                        }
                    }
                } else {
                    fields.push((k.clone(), v.clone()));
                }
            }
        }
        fields
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("evaluations.") {
            let esms = esms_required(field, &Value::String(sub.into()))?;
            self.evaluations.retain(|e| e.esms != esms);
            if let Some(date) = date(field, v)? {
                self.evaluations.push(EvaluationPrevue { esms, date });
            }
            return Ok(());
        }
        match field {
            "comite_organisme" => self.comite_organisme = set_members(field, v)?,
            "comite_ars" => self.comite_ars = set_members(field, v)?,
            "comite_cd" => self.comite_cd = set_members(field, v)?,
            "dialogue_annee4" => self.dialogue_annee4 = boolean(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// « organisme », « cd:44 », « ars:52 » : lettres, chiffres, « : » et « _ » seulement.
fn partie_key(field: &str, key: &str) -> Result<String, FieldError> {
    let ok = !key.is_empty()
        && key.len() <= 20
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '_');
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

impl Editable for Signatures {
    const LABEL: &'static str = "Consultations et signataires";
    crate::record::editable::singleton_blank!();
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        let mut fields = Vec::new();
        let Value::Object(m) = row else {
            return fields;
        };
        for (k, v) in m {
            match k.as_str() {
                "signataires" => {
                    for s in v.as_array().into_iter().flatten() {
                        let p = s.get("partie").and_then(Value::as_str).unwrap_or("");
                        for f in ["nom", "qualite", "date_signature"] {
                            let x = s.get(f).cloned().unwrap_or(Value::Null);
                            fields.push((format!("signataires.{p}.{f}"), x));
                        }
                    }
                }
                "annexes" => {
                    for a in v.as_array().into_iter().flatten() {
                        let id = a.get("id").and_then(Value::as_str).unwrap_or("");
                        let etat = a.get("etat").cloned().unwrap_or(Value::Null);
                        fields.push((format!("annexes.{id}"), etat));
                    }
                }
                _ => fields.push((k.clone(), v.clone())),
            }
        }
        fields
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(rest) = field.strip_prefix("signataires.") {
            let (key, sub) = rest.rsplit_once('.').ok_or_else(|| unknown(field))?;
            let key = partie_key(field, key)?;
            let mut s = self.signataire(&key).cloned().unwrap_or(SignataireSaisi {
                partie: key.clone(),
                ..SignataireSaisi::default()
            });
            match sub {
                "nom" => s.nom = line(field, v)?,
                "qualite" => s.qualite = line(field, v)?,
                "date_signature" => s.date_signature = date(field, v)?,
                _ => return Err(unknown(field)),
            }
            self.signataires.retain(|x| x.partie != key);
            if s != (SignataireSaisi {
                partie: key,
                ..SignataireSaisi::default()
            }) {
                self.signataires.push(s);
                self.signataires.sort_by(|a, b| a.partie.cmp(&b.partie));
            }
            return Ok(());
        }
        if let Some(id) = field.strip_prefix("annexes.") {
            if checklist_annexes().item(id).is_none() {
                return Err(FieldError::new(
                    field,
                    "annexe.inconnue",
                    format!("« {id} » n'est pas une annexe de la liste."),
                ));
            }
            let etat: EtatAnnexe = choice(field, v)?.unwrap_or_default();
            self.annexes.retain(|a| a.id != id);
            if etat != EtatAnnexe::AJoindre {
                self.annexes.push(AnnexeJointe {
                    id: id.to_string(),
                    etat,
                });
                self.annexes.sort_by(|a, b| a.id.cmp(&b.id));
            }
            return Ok(());
        }
        match field {
            "date_deliberation_ca" => self.date_deliberation_ca = date(field, v)?,
            "date_cvs" => self.date_cvs = date(field, v)?,
            "date_irp" => self.date_irp = date(field, v)?,
            "lieu" => self.lieu = line(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}
