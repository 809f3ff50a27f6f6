//! La saisie du diagnostic partagé, champ par champ : réponses et encarts (2-A), indicateurs
//! (2-B à 2-D), diagnostic financier (2-E), Creton (2-F), synthèse, sources et conformité.

use serde_json::Value;
use uuid::Uuid;

use crate::diagnostic::catalogue::NiveauAxe;
use crate::diagnostic::catalogue::TypeReponse;
use crate::diagnostic::catalogue::catalogue;
use crate::dossier::diagnostic::AUTORITES;
use crate::dossier::diagnostic::Conformite;
use crate::dossier::diagnostic::Creton;
use crate::dossier::diagnostic::ElementSynthese;
use crate::dossier::diagnostic::Finances;
use crate::dossier::diagnostic::INDICATEURS_FINANCIERS;
use crate::dossier::diagnostic::IndicateurComplementaire;
use crate::dossier::diagnostic::IndicateurValeur;
use crate::dossier::diagnostic::NATURES_RESERVES;
use crate::dossier::diagnostic::Reponse;
use crate::dossier::diagnostic::SourceDiagnostic;
use crate::dossier::diagnostic::ThemeZones;
use crate::dossier::diagnostic::Valeur;
use crate::dossier::perimetre::Etp;
use crate::kernel::checklists::checklist_conformite;
use crate::kernel::error::FieldError;
use crate::kernel::parse::blank;
use crate::kernel::parse::boolean;
use crate::kernel::parse::choice;
use crate::kernel::parse::count;
use crate::kernel::parse::date;
use crate::kernel::parse::decimal;
use crate::kernel::parse::line;
use crate::kernel::parse::lines;
use crate::kernel::parse::reference_category;
use crate::kernel::parse::signed_decimal;
use crate::kernel::parse::text;
use crate::kernel::parse::unknown;
use crate::kernel::parse::uuid;
use crate::kernel::parse::uuid_list;
use crate::kernel::parse::year;
use crate::kernel::parse::{key_in, put, year_key};
use crate::record::editable::Editable;
fn authorities() -> Vec<&'static str> {
    AUTORITES.iter().map(|(k, _)| *k).collect()
}

fn pro_categories() -> Vec<&'static str> {
    Etp::CATEGORIES.iter().map(|(k, _)| *k).collect()
}

impl Finances {
    fn set(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        let parts: Vec<&str> = field.split('.').collect();
        match parts.as_slice() {
            ["annee_negociation"] => self.annee_negociation = year(field, v)?,
            ["resultats", a, y] => {
                let a = key_in(field, a, &authorities(), "une autorité")?;
                let y = year_key(field, y)?;
                put(
                    self.resultats.entry(a).or_default(),
                    y,
                    signed_decimal(field, v)?,
                );
            }
            ["reserves", n, a] => {
                let natures: Vec<&str> = NATURES_RESERVES.iter().map(|(k, _)| *k).collect();
                let n = key_in(field, n, &natures, "une nature de réserve")?;
                let a = key_in(field, a, &authorities(), "une autorité")?;
                put(
                    self.reserves.entry(n).or_default(),
                    a,
                    signed_decimal(field, v)?,
                );
            }
            ["indicateurs", code, y] => {
                let codes: Vec<&str> = INDICATEURS_FINANCIERS.iter().map(|x| x.0).collect();
                let code = key_in(field, code, &codes, "un indicateur")?;
                let y = year_key(field, y)?;
                put(
                    self.indicateurs.entry(code).or_default(),
                    y,
                    signed_decimal(field, v)?,
                );
            }
            ["retraites", c, y] => {
                let c = key_in(field, c, &pro_categories(), "une catégorie professionnelle")?;
                let y = year_key(field, y)?;
                put(
                    self.retraites.entry(c).or_default(),
                    y,
                    count(field, v, 100_000)?,
                );
            }
            ["provisions_retraite", c] => {
                let c = key_in(field, c, &pro_categories(), "une catégorie professionnelle")?;
                put(&mut self.provisions_retraite, c, decimal(field, v)?);
            }
            ["effectifs", c, cat] => {
                let c = key_in(field, c, &pro_categories(), "une catégorie professionnelle")?;
                let cat = reference_category(field, &Value::String((*cat).into()))?
                    .ok_or_else(|| unknown(field))?;
                put(
                    self.effectifs.entry(c).or_default(),
                    cat,
                    decimal(field, v)?,
                );
            }
            ["frais_siege", y] => {
                let y = year_key(field, y)?;
                put(&mut self.frais_siege, y, decimal(field, v)?);
            }
            _ => return Err(unknown(field)),
        }
        // Pas de lignes vides laissées derrière une suppression.
        self.resultats.retain(|_, m| !m.is_empty());
        self.reserves.retain(|_, m| !m.is_empty());
        self.indicateurs.retain(|_, m| !m.is_empty());
        self.retraites.retain(|_, m| !m.is_empty());
        self.effectifs.retain(|_, m| !m.is_empty());
        Ok(())
    }
}

impl Editable for Finances {
    const LABEL: &'static str = "Diagnostic financier";
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        self.set(field, v)
    }
}

impl Editable for ElementSynthese {
    const LABEL: &'static str = "Élément de synthèse";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        let short: String = self.texte.chars().take(60).collect();
        format!("{} « {short} »", self.nature.label())
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "nature" => self.nature = choice(field, v)?.unwrap_or_default(),
            "texte" => self.texte = text(field, v)?,
            "axe" => {
                let a = line(field, v)?;
                if a.is_empty() {
                    self.axe = None;
                } else if catalogue().axe(&a).is_none() {
                    return Err(FieldError::new(
                        field,
                        "axe.inconnu",
                        format!("« {a} » n'est pas un axe du diagnostic."),
                    ));
                } else {
                    self.axe = Some(a);
                }
            }
            "esms" => self.esms = uuid_list(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for SourceDiagnostic {
    const LABEL: &'static str = "Source du diagnostic";
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn describe(&self) -> String {
        format!("Source {}", self.type_source.label())
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "type_source" => self.type_source = choice(field, v)?.unwrap_or_default(),
            "libelle" => self.libelle = line(field, v)?,
            "date" => self.date = date(field, v)?,
            "reference" => self.reference = line(field, v)?,
            "esms" => self.esms = uuid(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Conformite {
    const LABEL: &'static str = "Contrôle de conformité";
    const KEY_FIELDS: &'static [&'static str] = &["item"];
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.item.clone())
    }
    fn describe(&self) -> String {
        let label = checklist_conformite()
            .item(&self.item)
            .map_or(self.item.as_str(), |i| i.libelle.as_str());
        format!("Conformité : {label}")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "item" => {
                let id = line(field, v)?;
                if checklist_conformite().item(&id).is_none() {
                    return Err(FieldError::new(
                        field,
                        "checklist.inconnu",
                        format!("« {id} » n'est pas un contrôle de conformité connu."),
                    ));
                }
                self.item = id;
            }
            "etat" => self.etat = choice(field, v)?.unwrap_or_default(),
            "preuve" => self.preuve = text(field, v)?,
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for Reponse {
    const LABEL: &'static str = "Réponse au diagnostic";
    const KEY_FIELDS: &'static [&'static str] = &["question", "esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
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
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "question" => {
                let q = line(field, v)?;
                if catalogue().question(&q).is_none() {
                    return Err(refuse_value(
                        field,
                        "question.inconnue",
                        format!("« {q} » n'est pas une question du catalogue du diagnostic."),
                    ));
                }
                if !self.question.is_empty() && self.question != q {
                    return Err(refuse_value(
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
            return Err(refuse_value(
                field,
                "reponse.portee",
                "Cette question concerne l'organisme dans son ensemble : elle ne se rattache pas à un ESMS.",
            ));
        }
        Ok(())
    }
}

impl Editable for ThemeZones {
    const LABEL: &'static str = "Encarts d'un thème du diagnostic";
    const KEY_FIELDS: &'static [&'static str] = &["theme"];
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.theme.clone())
    }
    fn describe(&self) -> String {
        let t = catalogue()
            .theme(&self.theme)
            .map_or(self.theme.clone(), |(_, t)| t.titre.clone());
        format!("Encarts du thème « {t} »")
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "theme" => {
                let t = line(field, v)?;
                if catalogue().theme(&t).is_none() {
                    return Err(refuse_value(
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

impl Editable for IndicateurValeur {
    const LABEL: &'static str = "Indicateur";
    const KEY_FIELDS: &'static [&'static str] = &["annexe", "esms", "source"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    const SYSTEM_FIELDS: &'static [&'static str] = &["modifiee"];
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn describe(&self) -> String {
        format!("Indicateur {}", self.libelle)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "annexe" => self.annexe = choice(field, v)?.unwrap_or_default(),
            "esms" => self.esms = uuid(field, v)?,
            "libelle" => self.libelle = line(field, v)?,
            "code" => self.code = line(field, v)?,
            "annee" => self.annee = year(field, v)?,
            "valeur" => self.valeur = signed_decimal(field, v)?,
            "unite" => self.unite = line(field, v)?,
            "source" => self.source = choice(field, v)?.unwrap_or_default(),
            "source_detail" => self.source_detail = line(field, v)?,
            "valeur_preremplie" => self.valeur_preremplie = signed_decimal(field, v)?,
            _ => return Err(unknown(field)),
        }
        self.refresh();
        Ok(())
    }
}

impl Editable for Creton {
    const LABEL: &'static str = "Amendement Creton";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn unique_key(&self) -> Option<String> {
        self.esms.map(|e| e.to_string())
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        if field == "esms" {
            self.esms = uuid(field, v)?;
            return Ok(());
        }
        let (mode, o) = field.split_once('.').ok_or_else(|| unknown(field))?;
        let line = match mode {
            "internat" => &mut self.internat,
            "semi_internat" => &mut self.semi_internat,
            _ => return Err(unknown(field)),
        };
        *line.slot(o).ok_or_else(|| unknown(field))? = count(field, v, 10_000)?;
        Ok(())
    }
}

fn refuse_value(field: &str, code: &str, msg: impl Into<String>) -> FieldError {
    FieldError::new(field, code, msg)
}

fn set_valeur(r: &mut Reponse, field: &str, v: &Value) -> Result<(), FieldError> {
    let q = catalogue().question(&r.question).ok_or_else(|| {
        refuse_value(
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
                return Err(refuse_value(
                    field,
                    "choix.invalide",
                    "Répondez « oui », « non » ou « pratiques hétérogènes ».",
                ));
            }
            Valeur::Texte(s)
        }
        TypeReponse::Cases => {
            let asked = match v {
                Value::String(s) => {
                    text(field, v)?;
                    s.split([',', '\n']).map(|x| x.trim().to_string()).collect()
                }
                _ => lines(field, v)?,
            };
            for a in asked.iter().filter(|a| !a.is_empty()) {
                if !q.options.iter().any(|o| &o.valeur == a) {
                    return Err(refuse_value(
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

impl Editable for IndicateurComplementaire {
    const LABEL: &'static str = "Indicateur complémentaire";
    crate::record::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn describe(&self) -> String {
        format!("Indicateur complémentaire {}", self.libelle)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "libelle" => self.libelle = line(field, v)?,
            "niveau" => self.niveau = choice(field, v)?.unwrap_or_default(),
            "esms" => self.esms = uuid(field, v)?,
            "secteur" => self.secteur = choice(field, v)?,
            "categorie" => self.categorie = reference_category(field, v)?,
            "annee" => self.annee = year(field, v)?,
            "numerateur_libelle" => self.numerateur_libelle = line(field, v)?,
            "denominateur_libelle" => self.denominateur_libelle = line(field, v)?,
            "numerateur" => self.numerateur = decimal(field, v)?,
            "denominateur" => self.denominateur = decimal(field, v)?,
            "unite" => self.unite = choice(field, v)?.unwrap_or_default(),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}
