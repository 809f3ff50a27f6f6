//! Ce qui se déduit de l'organisme et du périmètre (jamais stocké) : période, échéance,
//! signataires dans l'ordre de signature, bipartite / tripartite, totaux de capacité et d'ETP.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::kernel::reference::reference;

/// Nombre de parties au contrat, déduit du périmètre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Partite {
    Bipartite,
    Tripartite,
    Multipartite,
}

impl Partite {
    pub fn label(self) -> &'static str {
        match self {
            Self::Bipartite => "bipartite",
            Self::Tripartite => "tripartite",
            Self::Multipartite => "multipartite",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PartieKind {
    Organisme,
    Cd,
    Ars,
}

/// Un signataire, dans l'ordre de signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Signataire {
    pub kind: PartieKind,
    /// Code région (ARS) ou département (CD) ; vide pour l'organisme.
    pub code: String,
    pub libelle: String,
}

/// Ce que l'application calcule à partir du dossier (jamais stocké).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Derived {
    /// « 2027-2031 ».
    pub periode: Option<String>,
    #[ts(type = "string | null")]
    pub date_echeance: Option<NaiveDate>,
    pub partite: Partite,
    /// Ordre de signature du guide Pays de la Loire : organisme gestionnaire, puis
    /// conseil(s) départemental(aux), puis ARS en dernier (seed 002).
    pub signataires: Vec<Signataire>,
    pub nb_esms: usize,
    pub capacite_autorisee: u32,
    pub capacite_installee: u32,
    #[ts(type = "string")]
    pub etp_total: Decimal,
}

impl Derived {
    /// Une partie de ce type signe-t-elle le contrat (un département : CPOM tripartite) ?
    pub fn signe(&self, kind: PartieKind) -> bool {
        self.signataires.iter().any(|s| s.kind == kind)
    }
}

/// Dernier jour du contrat : date d'effet + durée − 1 jour.
pub fn date_echeance(effet: NaiveDate, years: u8) -> Option<NaiveDate> {
    effet
        .checked_add_months(Months::new(u32::from(years) * 12))?
        .pred_opt()
}

/// Ce qui se déduit du dossier (période, signataires, totaux).
pub fn derived(d: &Dossier) -> Derived {
    let r = reference();
    let effet = d.cpom.date_effet;
    let echeance = effet.and_then(|x| date_echeance(x, d.cpom.duree_annees));
    let periode = match (effet, echeance) {
        (Some(a), Some(b)) => Some(format!("{}-{}", a.year(), b.year())),
        _ => None,
    };
    let mut cd_deps: Vec<String> = Vec::new();
    let mut ars = false;
    for e in d.perimetre() {
        // Une résidence autonomie qui perçoit un forfait soins : l'ARS devient partie au
        // contrat (instruction DGCS, seed 000 L2204-L2207, V39).
        ars |= crate::perimetre::regime::ra_avec_forfait_soins(e);
        let Some(c) = e.competence else { continue };
        ars |= c.involves_ars();
        if c.involves_cd()
            && let Some(d) = &e.departement
            && !cd_deps.contains(d)
        {
            cd_deps.push(d.clone());
        }
    }
    cd_deps.sort();
    let mut signataires = vec![Signataire {
        kind: PartieKind::Organisme,
        code: String::new(),
        libelle: if d.organisme.raison_sociale.is_empty() {
            "Organisme gestionnaire".into()
        } else {
            d.organisme.raison_sociale.clone()
        },
    }];
    for dep in &cd_deps {
        let nom = r.departement(dep).map_or(dep.as_str(), |x| x.nom.as_str());
        signataires.push(Signataire {
            kind: PartieKind::Cd,
            code: dep.clone(),
            libelle: format!("Conseil départemental — {nom} ({dep})"),
        });
    }
    if ars || cd_deps.is_empty() {
        let region = d.cpom.region.clone().unwrap_or_default();
        let nom = r
            .region(&region)
            .map_or("(région à préciser)", |x| x.nom.as_str());
        signataires.push(Signataire {
            kind: PartieKind::Ars,
            code: region,
            libelle: format!("Agence régionale de santé {nom}"),
        });
    }
    let partite = match signataires.len() {
        0..=2 => Partite::Bipartite,
        3 => Partite::Tripartite,
        _ => Partite::Multipartite,
    };
    Derived {
        periode,
        date_echeance: echeance,
        partite,
        signataires,
        nb_esms: d.perimetre().count(),
        capacite_autorisee: d.perimetre().map(|e| e.capacites.total_autorisee()).sum(),
        capacite_installee: d.perimetre().map(|e| e.capacites.total_installee()).sum(),
        etp_total: d.perimetre().map(|e| e.etp.total()).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::perimetre::Esms;
    use crate::kernel::nomenclature::Competence;
    use uuid::Uuid;

    fn esms(dep: &str, c: Competence) -> Esms {
        Esms {
            departement: Some(dep.into()),
            competence: Some(c),
            ..Esms::new(Uuid::new_v4())
        }
    }

    #[test]
    fn echeance_is_last_day_of_the_period() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(date_echeance(d, 5), NaiveDate::from_ymd_opt(2031, 12, 31));
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(date_echeance(leap, 1), NaiveDate::from_ymd_opt(2029, 2, 27));
    }

    #[test]
    fn partite_follows_the_perimeter() {
        let mut d = Dossier::default();
        d.cpom.region = Some("52".into());
        d.esms.push(esms("44", Competence::Ars));
        let x = derived(&d);
        assert_eq!(x.partite, Partite::Bipartite);
        assert_eq!(
            x.signataires.last().unwrap().libelle,
            "Agence régionale de santé Pays de la Loire"
        );

        d.esms.push(esms("44", Competence::Conjointe));
        let x = derived(&d);
        assert_eq!(x.partite, Partite::Tripartite);
        // Ordre de signature : OG, CD, ARS.
        let kinds: Vec<_> = x.signataires.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![PartieKind::Organisme, PartieKind::Cd, PartieKind::Ars]
        );

        d.esms.push(esms("49", Competence::Cd));
        assert_eq!(derived(&d).partite, Partite::Multipartite);

        // Un ESMS hors périmètre ne compte pas.
        d.esms[2].dans_perimetre = false;
        assert_eq!(derived(&d).partite, Partite::Tripartite);
    }

    #[test]
    fn v39_a_residence_autonomie_with_forfait_soins_brings_the_ars() {
        let mut d = Dossier::default();
        d.cpom.region = Some("76".into());
        let mut ra = esms("34", Competence::Cd);
        ra.categorie = Some("202".into());
        d.esms.push(ra);
        assert!(!derived(&d).signe(PartieKind::Ars));
        d.esms[0].pa.forfait_soins_ra = true;
        let x = derived(&d);
        assert!(x.signe(PartieKind::Ars));
        assert_eq!(x.partite, Partite::Tripartite);
    }
}
