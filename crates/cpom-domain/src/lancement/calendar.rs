//! Calendrier : les normes de durée de l'ANAP et les durées en mois et jours (la fenêtre de
//! la campagne budgétaire est un réglage du dossier : `dossier/lancement.rs`).

use chrono::{Months, NaiveDate};

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
    use crate::dossier::lancement::Campagne;
    use crate::dossier::lancement::MoisJour;

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
