//! Annexes 2-B (indicateurs FLASH), 2-C (indicateurs ANAP du tableau de bord de la
//! performance) et 2-D (indicateurs complémentaires : numérateur, dénominateur, ratio calculé).
//!
//! 2-B et 2-C ne forment pas un catalogue intégré : les lignes sont celles que fournit l'ARS
//! (pré-remplissage) ou que l'utilisateur saisit (guide PdL L557-L569).

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::editable::{Editable, unknown};
use crate::error::FieldError;
use crate::fields::{choice, decimal, line, reference_category, signed_decimal, uuid, year};
use crate::format;
use crate::model::Secteur;

/// L'annexe d'un indicateur pré-rempli.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AnnexeIndicateur {
    /// 2-B — indicateurs FLASH recueillis par l'ARS.
    Flash,
    /// 2-C — indicateurs ANAP (tableau de bord de la performance).
    #[default]
    Anap,
}

/// D'où vient une valeur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SourceValeur {
    /// Pré-rempli par l'ARS dans le fichier « Diagnostic ».
    PreRempliArs,
    /// Repris du tableau de bord de la performance.
    Tdb,
    /// Saisi par l'organisme gestionnaire.
    #[default]
    SaisieOg,
    Autre,
}

impl SourceValeur {
    pub const ALL: [Self; 4] = [Self::PreRempliArs, Self::Tdb, Self::SaisieOg, Self::Autre];
    pub fn label(self) -> &'static str {
        match self {
            Self::PreRempliArs => "Pré-rempli par l'ARS",
            Self::Tdb => "Tableau de bord de la performance",
            Self::SaisieOg => "Saisie de l'organisme gestionnaire",
            Self::Autre => "Autre",
        }
    }
}

/// Une valeur d'indicateur FLASH ou ANAP pour un ESMS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct IndicateurValeur {
    pub id: Uuid,
    pub annexe: AnnexeIndicateur,
    pub esms: Option<Uuid>,
    pub libelle: String,
    /// Code de l'indicateur s'il est connu (facultatif).
    pub code: String,
    pub annee: Option<i32>,
    #[ts(type = "string | null")]
    pub valeur: Option<Decimal>,
    /// « % », « jours », « € »…
    pub unite: String,
    pub source: SourceValeur,
    /// Précision de la source : « TDB 2024 », « FLASH 2025 ».
    pub source_detail: String,
    /// La valeur telle que pré-remplie (un pré-remplissage renseigne `valeur` et ce champ).
    #[ts(type = "string | null")]
    pub valeur_preremplie: Option<Decimal>,
    /// Vrai si la valeur a été modifiée après le pré-remplissage (déduit).
    pub modifiee: bool,
}

impl IndicateurValeur {
    fn refresh(&mut self) {
        self.modifiee = self.valeur_preremplie.is_some() && self.valeur != self.valeur_preremplie;
    }
}

impl Editable for IndicateurValeur {
    const KIND: &'static str = "indicateur";
    const PATH: &'static str = "diagnostic.indicateurs";
    const LABEL: &'static str = "Indicateur";
    const KEY_FIELDS: &'static [&'static str] = &["annexe", "esms", "source"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    const SYSTEM_FIELDS: &'static [&'static str] = &["modifiee"];
    crate::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn describe(&self) -> String {
        format!("Indicateur {}", self.libelle)
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.indicateurs.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.indicateurs.iter().collect()
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

/// À quel niveau un indicateur complémentaire est saisi (guide PdL L591-L597).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NiveauIndicateur {
    Esms,
    Secteur,
    Categorie,
    #[default]
    Og,
}

impl NiveauIndicateur {
    pub const ALL: [Self; 4] = [Self::Esms, Self::Secteur, Self::Categorie, Self::Og];
    pub fn label(self) -> &'static str {
        match self {
            Self::Esms => "Par ESMS",
            Self::Secteur => "Par secteur (enfance / adultes)",
            Self::Categorie => "Par catégorie d'ESMS",
            Self::Og => "Organisme gestionnaire",
        }
    }
}

/// Forme du résultat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UniteRatio {
    #[default]
    Pourcentage,
    Ratio,
}

/// Un indicateur complémentaire (annexe 2-D) : l'OG saisit numérateur et dénominateur, le
/// ratio est calculé (guide PdL L584-L589).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct IndicateurComplementaire {
    pub id: Uuid,
    pub libelle: String,
    pub niveau: NiveauIndicateur,
    pub esms: Option<Uuid>,
    pub secteur: Option<Secteur>,
    /// Code de catégorie FINESS.
    pub categorie: Option<String>,
    pub annee: Option<i32>,
    pub numerateur_libelle: String,
    pub denominateur_libelle: String,
    #[ts(type = "string | null")]
    pub numerateur: Option<Decimal>,
    #[ts(type = "string | null")]
    pub denominateur: Option<Decimal>,
    pub unite: UniteRatio,
}

impl Editable for IndicateurComplementaire {
    const KIND: &'static str = "indicateur_complementaire";
    const PATH: &'static str = "diagnostic.complementaires";
    const LABEL: &'static str = "Indicateur complémentaire";
    crate::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn describe(&self) -> String {
        format!("Indicateur complémentaire {}", self.libelle)
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.complementaires.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.complementaires.iter().collect()
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

/// Le ratio calculé d'un indicateur complémentaire, avec sa formule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RatioCalcule {
    pub id: Uuid,
    /// Pourcentage arrondi à 2 décimales, ou ratio arrondi à 4 décimales (exacts avant arrondi).
    #[ts(type = "string | null")]
    pub valeur: Option<Decimal>,
    /// « 25,00 % » ou « 0,2500 ».
    pub affichage: Option<String>,
    /// « Jeunes scolarisés / Jeunes accompagnés × 100 ».
    pub formule: String,
    /// « 12 / 48 × 100 = 25,00 % ».
    pub calcul: Option<String>,
    /// Pourquoi le ratio ne se calcule pas.
    pub probleme: Option<String>,
}

fn name(s: &str, default: &str) -> String {
    if s.trim().is_empty() {
        default.into()
    } else {
        s.trim().into()
    }
}

/// Calcule le ratio (division exacte, arrondi au demi supérieur à l'affichage).
pub fn ratio(i: &IndicateurComplementaire) -> RatioCalcule {
    let pct = i.unite == UniteRatio::Pourcentage;
    let factor = if pct { " × 100" } else { "" };
    let formule = format!(
        "{} / {}{factor}",
        name(&i.numerateur_libelle, "Numérateur"),
        name(&i.denominateur_libelle, "Dénominateur")
    );
    let mut out = RatioCalcule {
        id: i.id,
        valeur: None,
        affichage: None,
        formule,
        calcul: None,
        probleme: None,
    };
    match (i.numerateur, i.denominateur) {
        (Some(n), Some(d)) if d.is_zero() => {
            out.probleme = Some(format!(
                "Dénominateur nul : {} / 0 ne se calcule pas.",
                format::decimal_trim(n)
            ));
        }
        (Some(n), Some(d)) => {
            let (v, shown) = if pct {
                let mut v = (n * Decimal::ONE_HUNDRED / d)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                v.rescale(2);
                (v, format::percent(v, 2))
            } else {
                let mut v =
                    (n / d).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
                v.rescale(4);
                (v, format::decimal(v, 4))
            };
            out.calcul = Some(format!(
                "{} / {}{factor} = {shown}",
                format::decimal_trim(n),
                format::decimal_trim(d)
            ));
            out.valeur = Some(v);
            out.affichage = Some(shown);
        }
        _ => out.probleme = Some("Numérateur et dénominateur à renseigner.".into()),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn ratio_is_exact_and_rounded_half_up() {
        let mut i = IndicateurComplementaire::blank(Uuid::nil());
        i.set_field("numerateur_libelle", &json!("Jeunes scolarisés"))
            .unwrap();
        i.set_field("denominateur_libelle", &json!("Jeunes accompagnés"))
            .unwrap();
        i.set_field("numerateur", &json!("1")).unwrap();
        i.set_field("denominateur", &json!("8")).unwrap();
        let r = ratio(&i);
        // 12,5 % exactement ; 1/3 = 33,33 % ; 2/3 = 66,67 %.
        assert_eq!(r.valeur.unwrap().to_string(), "12.50");
        assert_eq!(r.formule, "Jeunes scolarisés / Jeunes accompagnés × 100");
        assert_eq!(r.calcul.as_deref(), Some("1 / 8 × 100 = 12,50\u{a0}%"));
        i.numerateur = Some(dec("2"));
        i.denominateur = Some(dec("3"));
        assert_eq!(ratio(&i).valeur, Some(dec("66.67")));
        i.numerateur = Some(dec("0.1"));
        i.denominateur = Some(dec("0.3"));
        assert_eq!(ratio(&i).valeur, Some(dec("33.33")));
        i.unite = UniteRatio::Ratio;
        i.numerateur = Some(dec("1"));
        i.denominateur = Some(dec("16"));
        assert_eq!(ratio(&i).valeur, Some(dec("0.0625")));
    }

    #[test]
    fn zero_or_missing_denominator() {
        let mut i = IndicateurComplementaire::blank(Uuid::nil());
        i.numerateur = Some(dec("3"));
        assert!(ratio(&i).probleme.unwrap().contains("à renseigner"));
        i.denominateur = Some(Decimal::ZERO);
        let r = ratio(&i);
        assert!(r.valeur.is_none());
        assert!(r.probleme.unwrap().contains("Dénominateur nul"));
        assert_eq!(
            i.set_field("denominateur", &json!("-2")).unwrap_err().code,
            "nombre.negatif"
        );
    }

    #[test]
    fn prefilled_value_edited_is_flagged() {
        let mut x = IndicateurValeur::blank(Uuid::nil());
        x.set_field("source", &json!("pre_rempli_ars")).unwrap();
        x.set_field("valeur_preremplie", &json!("92,5")).unwrap();
        x.set_field("valeur", &json!("92.5")).unwrap();
        assert!(!x.modifiee);
        x.set_field("valeur", &json!("-1,5")).unwrap();
        assert!(x.modifiee, "valeur modifiée après pré-remplissage");
        assert_eq!(x.valeur, Some(dec("-1.5")));
        x.set_field("valeur", &json!("92.50")).unwrap();
        assert!(!x.modifiee, "même valeur exacte");
        assert_eq!(
            x.set_field("annee", &json!("1999")).unwrap_err().code,
            "annee.hors_bornes"
        );
    }
}
