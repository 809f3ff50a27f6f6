//! Calendrier : la fenêtre de la campagne budgétaire, les normes de durée de l'ANAP et les
//! durées en mois et jours.
//!
//! **Fenêtre de campagne budgétaire.** Le guide ANAP cite comme aléa « Calendriers de
//! négociation concomitants avec les campagnes budgétaires » (seed 004 L1458) sans dater la
//! campagne. Ses seules dates sont celles de l'annexe 5 : ERRD N-1 « pour le 30 avril N »
//! (L2088) ; EPRD « avant le 30 avril N, ou […] dans les 30 jours qui suivent [la]
//! notification et au plus tard le 30 juin » (L2090). Défaut retenu : du 1er mars au 30 juin.
//! La fin vient de la source ; le début (deux mois avant l'échéance du 30 avril, le temps de
//! préparer ERRD et EPRD) est une inférence. La fenêtre est donc un réglage du dossier
//! (`lancement.engagement.campagne_budgetaire.debut` / `.fin`).

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// Source de la fenêtre par défaut.
pub const SRC_CAMPAGNE: &str = "Guide ANAP 2017 (seed 004), L1458 (aléa « campagnes budgétaires ») ; fenêtre par défaut du 1er mars au 30 juin d'après L2088-L2090 (ERRD au 30 avril, EPRD au plus tard le 30 juin), début inféré, réglable";

/// Un jour de l'année, sérialisé « MM-JJ » (« 03-01 »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MoisJour {
    pub mois: u32,
    pub jour: u32,
}

impl MoisJour {
    pub fn new(mois: u32, jour: u32) -> Option<Self> {
        // 2024 est bissextile : le 29 février est accepté.
        NaiveDate::from_ymd_opt(2024, mois, jour).map(|_| Self { mois, jour })
    }
    /// Ce jour dans l'année `y` (le 29 février devient le 28 hors année bissextile).
    pub fn in_year(self, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, self.mois, self.jour)
            .or_else(|| NaiveDate::from_ymd_opt(y, self.mois, self.jour - 1))
            .unwrap_or(NaiveDate::MIN)
    }
    /// « 03-01 », « 1/3 », « 01/03 » (jour/mois).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some((m, d)) = s.split_once('-') {
            return Self::new(m.parse().ok()?, d.parse().ok()?);
        }
        let (d, m) = s.split_once('/')?;
        Self::new(m.parse().ok()?, d.parse().ok()?)
    }
}

impl fmt::Display for MoisJour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.mois, self.jour)
    }
}

impl Serialize for MoisJour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for MoisJour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("jour « {s} » invalide")))
    }
}

/// La fenêtre annuelle de la campagne budgétaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Campagne {
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub debut: MoisJour,
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub fin: MoisJour,
}

impl Default for Campagne {
    fn default() -> Self {
        Self {
            debut: MoisJour { mois: 3, jour: 1 },
            fin: MoisJour { mois: 6, jour: 30 },
        }
    }
}

impl Campagne {
    /// Les fenêtres de campagne des années `from..=to`.
    pub fn windows(&self, from: i32, to: i32) -> Vec<(NaiveDate, NaiveDate)> {
        (from..=to)
            .map(|y| (self.debut.in_year(y), self.fin.in_year(y)))
            .collect()
    }
    /// Le chevauchement de [a, b] avec une fenêtre de campagne, s'il y en a un.
    pub fn overlap(&self, a: NaiveDate, b: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        self.windows(a.year(), b.year())
            .into_iter()
            .map(|(s, e)| (s.max(a), e.min(b)))
            .find(|(s, e)| s <= e)
    }
}

/// Une norme de durée en mois.
pub fn exceeds(start: NaiveDate, end: NaiveDate, months: u32) -> bool {
    start
        .checked_add_months(Months::new(months))
        .is_some_and(|limit| end > limit)
}

/// « 5 mois et 12 jours », « 3 semaines et 2 jours », « 1 mois ».
pub fn duration_fr(start: NaiveDate, end: NaiveDate) -> String {
    if end < start {
        return "durée négative".into();
    }
    let mut months = 0u32;
    while start
        .checked_add_months(Months::new(months + 1))
        .is_some_and(|d| d <= end)
    {
        months += 1;
    }
    let rest = start
        .checked_add_months(Months::new(months))
        .map_or(0, |d| (end - d).num_days());
    let jours = |n: i64| {
        if n > 1 {
            format!("{n} jours")
        } else {
            format!("{n} jour")
        }
    };
    match (months, rest) {
        (0, r) => jours(r),
        (m, 0) => format!("{m} mois"),
        (m, r) => format!("{m} mois et {}", jours(r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, j: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, j).unwrap()
    }

    #[test]
    fn month_day_parses_and_serializes() {
        assert_eq!(MoisJour::parse("03-01"), MoisJour::new(3, 1));
        assert_eq!(MoisJour::parse("30/06"), MoisJour::new(6, 30));
        assert_eq!(MoisJour::parse("31/02"), None);
        assert_eq!(
            serde_json::to_string(&Campagne::default()).unwrap(),
            r#"{"debut":"03-01","fin":"06-30"}"#
        );
        assert_eq!(MoisJour::new(2, 29).unwrap().in_year(2026), d(2026, 2, 28));
    }

    #[test]
    fn campaign_overlap() {
        let c = Campagne::default();
        // Négociation de juillet à octobre : pas de chevauchement.
        assert_eq!(c.overlap(d(2026, 7, 1), d(2026, 10, 31)), None);
        // De mai à septembre : chevauche du 12 mai au 30 juin.
        assert_eq!(
            c.overlap(d(2026, 5, 12), d(2026, 9, 30)),
            Some((d(2026, 5, 12), d(2026, 6, 30)))
        );
        // D'octobre à avril suivant : chevauche la campagne de l'année suivante.
        assert_eq!(
            c.overlap(d(2026, 10, 1), d(2027, 4, 2)),
            Some((d(2027, 3, 1), d(2027, 4, 2)))
        );
    }

    #[test]
    fn norms_and_durations() {
        assert!(!exceeds(d(2026, 1, 15), d(2026, 5, 15), 4));
        assert!(exceeds(d(2026, 1, 15), d(2026, 5, 16), 4));
        assert_eq!(
            duration_fr(d(2026, 5, 12), d(2026, 10, 24)),
            "5 mois et 12 jours"
        );
        // Fin de mois : le 31 janvier + 1 mois = le 28 février.
        assert_eq!(duration_fr(d(2026, 1, 31), d(2026, 2, 28)), "1 mois");
        assert_eq!(duration_fr(d(2026, 2, 1), d(2026, 2, 22)), "21 jours");
        assert_eq!(duration_fr(d(2026, 3, 1), d(2026, 5, 1)), "2 mois");
        assert_eq!(duration_fr(d(2026, 3, 1), d(2026, 3, 2)), "1 jour");
    }
}
