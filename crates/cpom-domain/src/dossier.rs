//! L'agrégat « dossier CPOM » et ce qui s'en déduit (période, échéance, signataires,
//! bipartite / tripartite).

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::diagnostic::Diagnostic;
use crate::lancement::Lancement;
use crate::model::{Adhesion, Cpom, Esms, Organisme};
use crate::objectifs::Objectifs;
use crate::reference::reference;
use crate::signature::Signature;
use crate::steps::Etapes;

/// Tout le contenu d'un dossier (sans les métadonnées de stockage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Dossier {
    pub organisme: Organisme,
    pub adhesions: Vec<Adhesion>,
    pub cpom: Cpom,
    pub esms: Vec<Esms>,
    /// Étape 1 : engagement, rétroplanning, acteurs, check-list, réunions.
    pub lancement: Lancement,
    /// Étape 2 : diagnostic partagé (annexe 2 du socle Pays de la Loire).
    pub diagnostic: Diagnostic,
    /// Étape 3 : fiches-objectifs, actions, indicateurs.
    pub objectifs: Objectifs,
    /// Étape 4 : moyens, affectation des résultats, suivi, consultations et signataires.
    pub signature: Signature,
    /// Validations des étapes et avertissements acquittés.
    pub etapes: Etapes,
    /// Clauses libres des modèles de contrat réécrites pour ce dossier.
    pub clauses: Vec<crate::contract::ClauseOverride>,
}

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

impl Dossier {
    /// Complète ce qui existe sans avoir été écrit (jalons standard du rétroplanning) et
    /// range les jalons dans l'ordre du processus. À appeler après lecture ou import.
    pub fn fill_implicit(&mut self) {
        self.lancement.fill_standard_jalons();
    }

    /// ESMS inclus dans le CPOM.
    pub fn perimetre(&self) -> impl Iterator<Item = &Esms> {
        self.esms.iter().filter(|e| e.dans_perimetre)
    }

    pub fn derived(&self) -> Derived {
        let r = reference();
        let effet = self.cpom.date_effet;
        let echeance = effet.and_then(|d| date_echeance(d, self.cpom.duree_annees));
        let periode = match (effet, echeance) {
            (Some(a), Some(b)) => Some(format!("{}-{}", a.year(), b.year())),
            _ => None,
        };
        let mut cd_deps: Vec<String> = Vec::new();
        let mut ars = false;
        for e in self.perimetre() {
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
            libelle: if self.organisme.raison_sociale.is_empty() {
                "Organisme gestionnaire".into()
            } else {
                self.organisme.raison_sociale.clone()
            },
        }];
        for d in &cd_deps {
            let nom = r.departement(d).map_or(d.as_str(), |x| x.nom.as_str());
            signataires.push(Signataire {
                kind: PartieKind::Cd,
                code: d.clone(),
                libelle: format!("Conseil départemental — {nom} ({d})"),
            });
        }
        if ars || cd_deps.is_empty() {
            let region = self.cpom.region.clone().unwrap_or_default();
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
            nb_esms: self.perimetre().count(),
            capacite_autorisee: self
                .perimetre()
                .map(|e| e.capacites.total_autorisee())
                .sum(),
            capacite_installee: self
                .perimetre()
                .map(|e| e.capacites.total_installee())
                .sum(),
            etp_total: self.perimetre().map(|e| e.etp.total()).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Competence;
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
        let x = d.derived();
        assert_eq!(x.partite, Partite::Bipartite);
        assert_eq!(
            x.signataires.last().unwrap().libelle,
            "Agence régionale de santé Pays de la Loire"
        );

        d.esms.push(esms("44", Competence::Conjointe));
        let x = d.derived();
        assert_eq!(x.partite, Partite::Tripartite);
        // Ordre de signature : OG, CD, ARS.
        let kinds: Vec<_> = x.signataires.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![PartieKind::Organisme, PartieKind::Cd, PartieKind::Ars]
        );

        d.esms.push(esms("49", Competence::Cd));
        assert_eq!(d.derived().partite, Partite::Multipartite);

        // Un ESMS hors périmètre ne compte pas.
        d.esms[2].dans_perimetre = false;
        assert_eq!(d.derived().partite, Partite::Tripartite);
    }
}
