//! Annexe 2-E — diagnostic budgétaire et financier (guide PdL L601-L621) : résultats cumulés
//! par autorité de tarification sur les 3 années précédant la négociation, réserves et
//! provisions au 31/12/N-1, indicateurs financiers sur 3 ans, départs en retraite sur 5 ans
//! avec provisions, effectifs au 31/12/N-1, évolution des frais de siège.
//!
//! Montants en décimaux exacts (`rust_decimal`) : les totaux sont des sommes exactes.
//!
//! Années : N = année de négociation (saisie, sinon année précédant la date d'effet du CPOM —
//! un CPOM qui prend effet le 1er janvier 2027 se négocie en 2026, inférence). Le guide parle
//! d'un « état prévisionnel des départs en retraite sur les 5 années précédant la
//! négociation » (L611) : « prévisionnel » et « précédant » se contredisent ; nous retenons
//! les 5 années du contrat (prévision utile à la trajectoire de masse salariale).

use std::collections::BTreeMap;

use chrono::Datelike;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::editable::{Editable, unknown};
use crate::error::FieldError;
use crate::fields::{count, decimal, reference_category, signed_decimal, year};
use crate::model::Etp;

/// Autorités de tarification d'un tableau par autorité.
pub const AUTORITES: [(&str, &str); 2] = [("ars", "ARS"), ("cd", "Conseil départemental")];

/// Natures de réserves et provisions (procédure d'affectation des résultats du guide PdL,
/// L783-L901, et provisions).
pub const NATURES_RESERVES: [(&str, &str); 7] = [
    ("report_a_nouveau", "Report à nouveau"),
    (
        "reserve_compensation",
        "Réserve de compensation des déficits",
    ),
    ("reserve_tresorerie", "Réserve de trésorerie"),
    (
        "excedent_investissement",
        "Excédent affecté à l'investissement",
    ),
    (
        "excedent_amortissements",
        "Excédent affecté à la compensation des charges d'amortissement",
    ),
    ("provisions_risques", "Provisions pour risques et charges"),
    ("provisions_reglementees", "Provisions réglementées"),
];

/// Indicateurs financiers sur 3 ans : code, libellé, unité (guide PdL L610 ; TDB axe 3
/// finances, reference-facts §4.2 ; PGFP, instruction DGCS L651-L664).
pub const INDICATEURS_FINANCIERS: [(&str, &str, &str); 6] = [
    ("taux_caf", "Taux de capacité d'autofinancement (CAF)", "%"),
    ("taux_vetuste", "Taux de vétusté des constructions", "%"),
    ("taux_endettement", "Taux d'endettement", "%"),
    (
        "frng_jours",
        "Fonds de roulement net global (en jours de charges courantes)",
        "jours",
    ),
    ("bfr", "Besoin en fonds de roulement", "€"),
    ("tresorerie", "Trésorerie", "€"),
];

/// Le diagnostic financier (enregistrement unique).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Finances {
    /// Année de négociation N (vide : année précédant la date d'effet du CPOM).
    pub annee_negociation: Option<i32>,
    /// Résultat par autorité (`ars`, `cd`) et par année.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub resultats: BTreeMap<String, BTreeMap<i32, Decimal>>,
    /// Réserves et provisions au 31/12/N-1, par nature puis par autorité.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub reserves: BTreeMap<String, BTreeMap<String, Decimal>>,
    /// Indicateurs financiers par code puis par année.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub indicateurs: BTreeMap<String, BTreeMap<i32, Decimal>>,
    /// Départs en retraite prévus, par catégorie professionnelle puis par année.
    #[ts(type = "Record<string, Record<string, number>>")]
    pub retraites: BTreeMap<String, BTreeMap<i32, u32>>,
    /// Provisions constituées pour départs en retraite, par catégorie professionnelle.
    #[ts(type = "Record<string, string>")]
    pub provisions_retraite: BTreeMap<String, Decimal>,
    /// Effectifs (ETP) au 31/12/N-1 par catégorie professionnelle puis catégorie FINESS d'ESMS.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub effectifs: BTreeMap<String, BTreeMap<String, Decimal>>,
    /// Frais de siège par année.
    #[ts(type = "Record<string, string>")]
    pub frais_siege: BTreeMap<i32, Decimal>,
}

fn refuse(field: &str, what: &str, key: &str) -> FieldError {
    FieldError::new(
        field,
        "champ.inconnu",
        format!("« {key} » n'est pas {what} de ce tableau."),
    )
}

fn key_in(field: &str, key: &str, list: &[&str], what: &str) -> Result<String, FieldError> {
    if list.contains(&key) {
        Ok(key.to_string())
    } else {
        Err(refuse(field, what, key))
    }
}

fn year_key(field: &str, key: &str) -> Result<i32, FieldError> {
    year(field, &Value::String(key.into()))?.ok_or_else(|| unknown(field))
}

fn put<K: Ord, V>(map: &mut BTreeMap<K, V>, k: K, v: Option<V>) {
    match v {
        Some(v) => {
            map.insert(k, v);
        }
        None => {
            map.remove(&k);
        }
    }
}

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
    const KIND: &'static str = "finances";
    const PATH: &'static str = "diagnostic.finances";
    const LABEL: &'static str = "Diagnostic financier";
    const SINGLETON: bool = true;
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.finances = self;
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        vec![&d.diagnostic.finances]
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        self.set(field, v)
    }
}

/// Les années des tableaux.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AnneesFinancieres {
    /// N, l'année de négociation.
    pub negociation: Option<i32>,
    /// N-3, N-2, N-1.
    pub retrospectives: Vec<i32>,
    pub n_moins_1: Option<i32>,
    /// Les 5 années du contrat (départs en retraite).
    pub retraites: Vec<i32>,
}

/// Les années des tableaux financiers du dossier.
pub fn annees(d: &Dossier) -> AnneesFinancieres {
    let effet = d.cpom.date_effet.map(|x| x.year());
    let n = d
        .diagnostic
        .finances
        .annee_negociation
        .or(effet.map(|y| y - 1));
    let first_contract_year = effet.or(n.map(|y| y + 1));
    AnneesFinancieres {
        negociation: n,
        retrospectives: n.map(|n| vec![n - 3, n - 2, n - 1]).unwrap_or_default(),
        n_moins_1: n.map(|n| n - 1),
        retraites: first_contract_year
            .map(|y| (y..y + 5).collect())
            .unwrap_or_default(),
    }
}

/// Les autorités de tarification du périmètre (« ars », « cd »).
pub fn autorites_concernees(d: &Dossier) -> Vec<&'static str> {
    let mut out = Vec::new();
    if d.perimetre()
        .any(|e| e.competence.is_some_and(|c| c.involves_ars()))
    {
        out.push("ars");
    }
    if d.perimetre()
        .any(|e| e.competence.is_some_and(|c| c.involves_cd()))
    {
        out.push("cd");
    }
    out
}

/// Une année et l'évolution par rapport à la précédente.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Evolution {
    pub annee: i32,
    #[ts(type = "string")]
    pub montant: Decimal,
    /// En %, arrondie à 2 décimales ; absente la première année ou si l'année précédente vaut 0.
    #[ts(type = "string | null")]
    pub evolution_pct: Option<Decimal>,
}

/// Les totaux exacts de l'annexe 2-E.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TotauxFinanciers {
    pub annees: AnneesFinancieres,
    pub autorites: Vec<String>,
    /// Résultats cumulés sur N-3..N-1 par autorité.
    #[ts(type = "Record<string, string>")]
    pub resultats_cumules: BTreeMap<String, Decimal>,
    /// Somme des autorités, par année.
    #[ts(type = "Record<string, string>")]
    pub resultats_par_annee: BTreeMap<i32, Decimal>,
    #[ts(type = "string")]
    pub resultats_total: Decimal,
    #[ts(type = "Record<string, string>")]
    pub reserves_par_autorite: BTreeMap<String, Decimal>,
    #[ts(type = "Record<string, string>")]
    pub reserves_par_nature: BTreeMap<String, Decimal>,
    #[ts(type = "string")]
    pub reserves_total: Decimal,
    #[ts(type = "Record<string, number>")]
    pub retraites_par_annee: BTreeMap<i32, u32>,
    #[ts(type = "Record<string, number>")]
    pub retraites_par_categorie: BTreeMap<String, u32>,
    pub retraites_total: u32,
    #[ts(type = "string")]
    pub provisions_retraite_total: Decimal,
    #[ts(type = "Record<string, string>")]
    pub effectifs_par_categorie_pro: BTreeMap<String, Decimal>,
    #[ts(type = "Record<string, string>")]
    pub effectifs_par_categorie_esms: BTreeMap<String, Decimal>,
    #[ts(type = "string")]
    pub effectifs_total: Decimal,
    pub frais_siege: Vec<Evolution>,
}

/// Calcule les totaux (sommes exactes) du diagnostic financier.
pub fn totaux(d: &Dossier) -> TotauxFinanciers {
    let f = &d.diagnostic.finances;
    let a = annees(d);
    let years = &a.retrospectives;
    let in_window = |y: &i32| years.is_empty() || years.contains(y);
    let mut resultats_cumules = BTreeMap::new();
    let mut resultats_par_annee: BTreeMap<i32, Decimal> = BTreeMap::new();
    for (aut, by_year) in &f.resultats {
        let mut sum = Decimal::ZERO;
        for (y, v) in by_year.iter().filter(|(y, _)| in_window(y)) {
            sum += v;
            *resultats_par_annee.entry(*y).or_default() += v;
        }
        resultats_cumules.insert(aut.clone(), sum);
    }
    let mut reserves_par_autorite: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut reserves_par_nature = BTreeMap::new();
    for (nature, by_aut) in &f.reserves {
        reserves_par_nature.insert(nature.clone(), by_aut.values().sum());
        for (aut, v) in by_aut {
            *reserves_par_autorite.entry(aut.clone()).or_default() += v;
        }
    }
    let mut retraites_par_annee: BTreeMap<i32, u32> = BTreeMap::new();
    let mut retraites_par_categorie = BTreeMap::new();
    for (cat, by_year) in &f.retraites {
        retraites_par_categorie.insert(cat.clone(), by_year.values().sum());
        for (y, n) in by_year {
            *retraites_par_annee.entry(*y).or_default() += n;
        }
    }
    let mut effectifs_par_categorie_pro = BTreeMap::new();
    let mut effectifs_par_categorie_esms: BTreeMap<String, Decimal> = BTreeMap::new();
    for (pro, by_cat) in &f.effectifs {
        effectifs_par_categorie_pro.insert(pro.clone(), by_cat.values().sum());
        for (cat, v) in by_cat {
            *effectifs_par_categorie_esms.entry(cat.clone()).or_default() += v;
        }
    }
    let mut frais_siege = Vec::new();
    let mut prev: Option<Decimal> = None;
    for (y, m) in &f.frais_siege {
        let evolution_pct = prev.filter(|p| !p.is_zero()).map(|p| {
            ((m - p) * Decimal::ONE_HUNDRED / p)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        });
        frais_siege.push(Evolution {
            annee: *y,
            montant: *m,
            evolution_pct,
        });
        prev = Some(*m);
    }
    TotauxFinanciers {
        autorites: autorites_concernees(d)
            .into_iter()
            .map(str::to_string)
            .collect(),
        resultats_total: resultats_cumules.values().sum(),
        resultats_cumules,
        resultats_par_annee,
        reserves_total: reserves_par_autorite.values().sum(),
        reserves_par_autorite,
        reserves_par_nature,
        retraites_total: retraites_par_annee.values().sum(),
        retraites_par_annee,
        retraites_par_categorie,
        provisions_retraite_total: f.provisions_retraite.values().sum(),
        effectifs_total: effectifs_par_categorie_pro.values().sum(),
        effectifs_par_categorie_pro,
        effectifs_par_categorie_esms,
        frais_siege,
        annees: a,
    }
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
    fn cells_are_checked_and_blank_removes() {
        let mut f = Finances::default();
        f.set_field("resultats.ars.2024", &json!("-12 345,67"))
            .unwrap();
        assert_eq!(f.resultats["ars"][&2024], dec("-12345.67"));
        for (field, code) in [
            ("resultats.dgfip.2024", "champ.inconnu"),
            ("resultats.ars.1850", "annee.hors_bornes"),
            ("reserves.inconnue.ars", "champ.inconnu"),
            ("indicateurs.taux_caf", "champ.inconnu"),
            ("effectifs.educatif.999", "categorie.inconnue"),
            ("frais_siege.2024", "nombre.negatif"),
        ] {
            let v = if field.starts_with("frais") {
                json!("-1")
            } else {
                json!("1")
            };
            assert_eq!(f.set_field(field, &v).unwrap_err().code, code, "{field}");
        }
        f.set_field("resultats.ars.2024", &Value::Null).unwrap();
        assert!(f.resultats.is_empty(), "ligne vide retirée");
        f.set_field("retraites.educatif.2027", &json!("2")).unwrap();
        assert_eq!(
            f.set_field("retraites.educatif.2027", &json!("1,5"))
                .unwrap_err()
                .code,
            "nombre.entier"
        );
    }

    #[test]
    fn totals_are_exact_sums() {
        let mut d = Dossier::default();
        d.cpom.date_effet = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
        let f = &mut d.diagnostic.finances;
        for (y, a, c) in [
            (2023, "0.1", "0.2"),
            (2024, "0.2", "-0.3"),
            (2025, "1000.05", "0"),
        ] {
            f.set_field(&format!("resultats.ars.{y}"), &json!(a))
                .unwrap();
            f.set_field(&format!("resultats.cd.{y}"), &json!(c))
                .unwrap();
        }
        // Hors de la fenêtre N-3..N-1 : ignoré dans le cumul.
        f.set_field("resultats.ars.2021", &json!("999")).unwrap();
        f.set_field("reserves.reserve_compensation.ars", &json!("150000"))
            .unwrap();
        f.set_field("reserves.reserve_compensation.cd", &json!("20000.10"))
            .unwrap();
        f.set_field("reserves.report_a_nouveau.ars", &json!("-5000"))
            .unwrap();
        f.set_field("frais_siege.2023", &json!("400000")).unwrap();
        f.set_field("frais_siege.2024", &json!("410000")).unwrap();
        f.set_field("frais_siege.2025", &json!("0")).unwrap();
        f.set_field("effectifs.educatif.183", &json!("28")).unwrap();
        f.set_field("effectifs.educatif.255", &json!("12.5"))
            .unwrap();
        f.set_field("effectifs.medical.255", &json!("1.2")).unwrap();
        let t = totaux(&d);
        assert_eq!(t.annees.retrospectives, vec![2023, 2024, 2025]);
        assert_eq!(t.annees.retraites, vec![2027, 2028, 2029, 2030, 2031]);
        assert_eq!(t.resultats_cumules["ars"], dec("1000.35"));
        assert_eq!(t.resultats_cumules["cd"], dec("-0.1"));
        assert_eq!(t.resultats_par_annee[&2023], dec("0.3"));
        assert_eq!(t.resultats_total, dec("1000.25"));
        assert_eq!(t.reserves_par_autorite["ars"], dec("145000"));
        assert_eq!(
            t.reserves_par_nature["reserve_compensation"],
            dec("170000.10")
        );
        assert_eq!(t.reserves_total, dec("165000.10"));
        assert_eq!(t.effectifs_par_categorie_esms["255"], dec("13.7"));
        assert_eq!(t.effectifs_total, dec("41.7"));
        assert_eq!(t.frais_siege[1].evolution_pct, Some(dec("2.50")));
        assert_eq!(t.frais_siege[2].evolution_pct, Some(dec("-100.00")));
        assert_eq!(t.frais_siege[0].evolution_pct, None);
    }
}
