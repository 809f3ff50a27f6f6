//! Le régime de financement de chaque ESMS, déduit de sa catégorie FINESS et de ce que
//! l'utilisateur a déclaré (petite unité de vie, mode des soins, forfait soins d'une
//! résidence autonomie) ; l'enveloppe à laquelle il appartient (personnes âgées ou personnes
//! handicapées). Jamais stocké : les règles, les écrans et les documents le lisent ici.
//!
//! Sources (instruction DGCS du 21 mars 2017, seed 000) : EHPAD et PUV au GMPS — forfait
//! global relatif aux soins, forfait global dépendance, tarifs journaliers hébergement,
//! financements complémentaires (L1185-L1212) ; PUV au forfait soins ou avec recours à un
//! SSIAD (L1214-L1219) ; résidences autonomie — forfait autonomie et forfait soins
//! (L2177-L2207, L2361-L2369) ; ESMS du L. 313-12-2 — dotation globale (L1227-L1232) ;
//! pas de fongibilité entre les enveloppes PA et PH (L1223-L1224).

use serde::Serialize;
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::dossier::perimetre::{Esms, ModeSoinsPuv};
use crate::kernel::nomenclature::{Competence, Secteur};
use crate::kernel::reference::reference;

/// Catégories FINESS des établissements d'hébergement pour personnes âgées (EHPAD, EHPA) :
/// celles qui peuvent être une petite unité de vie.
pub const CATEGORIES_EHPA: [&str; 3] = ["500", "501", "502"];
/// Résidence autonomie.
pub const CATEGORIE_RA: &str = "202";
/// Services d'aide et d'accompagnement à domicile (SAA, ex-SAAD) et services autonomie
/// aide et soins (SAAS, ex-SPASAD).
pub const CATEGORIES_SAAD: [&str; 2] = ["460", "209"];

/// Comment un ESMS est financé.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegimeFinancement {
    /// EHPAD ou PUV tarifé au GMPS : forfait global relatif aux soins, forfait global
    /// dépendance, tarifs journaliers hébergement, financements complémentaires.
    Gmps,
    /// PUV dont les soins sont financés par un forfait soins (art. D. 313-17).
    PuvForfaitSoins,
    /// PUV dont les soins sont assurés par un SSIAD (art. D. 313-17).
    PuvSsiad,
    /// Résidence autonomie : forfait autonomie, et forfait soins le cas échéant.
    ResidenceAutonomie,
    /// Dotation globale de l'assurance maladie (ESMS PH, SSIAD, accueil de jour autonome…).
    Dotation,
    /// Financement du seul département.
    Departement,
}

impl RegimeFinancement {
    pub fn label(self) -> &'static str {
        match self {
            Self::Gmps => "EHPAD ou PUV au GMPS (forfaits soins et dépendance, tarif hébergement)",
            Self::PuvForfaitSoins => "Petite unité de vie au forfait soins",
            Self::PuvSsiad => "Petite unité de vie avec recours à un SSIAD",
            Self::ResidenceAutonomie => "Résidence autonomie (forfait autonomie)",
            Self::Dotation => "Dotation globale de l'assurance maladie",
            Self::Departement => "Financement du département",
        }
    }
    /// EHPAD ou PUV, quel que soit le mode des soins (périmètre du CPOM « EHPAD »).
    pub fn ehpad_ou_puv(self) -> bool {
        matches!(self, Self::Gmps | Self::PuvForfaitSoins | Self::PuvSsiad)
    }
}

/// L'enveloppe de financement : pas de transfert de crédits entre les deux (V18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Enveloppe {
    PersonnesAgees,
    PersonnesHandicapees,
}

impl Enveloppe {
    pub fn label(self) -> &'static str {
        match self {
            Self::PersonnesAgees => "Personnes âgées",
            Self::PersonnesHandicapees => "Personnes handicapées",
        }
    }
}

/// Le secteur d'un ESMS : saisi, sinon celui de sa catégorie.
pub fn secteur(e: &Esms) -> Option<Secteur> {
    e.secteur_effectif()
}

/// L'ESMS relève-t-il du secteur des personnes âgées ?
pub fn is_pa(e: &Esms) -> bool {
    secteur(e) == Some(Secteur::PersonnesAgees)
}

/// L'enveloppe de l'ESMS (personnes handicapées quand le secteur n'est pas connu : c'est le
/// comportement de l'application avant le volet personnes âgées).
pub fn enveloppe(e: &Esms) -> Enveloppe {
    if is_pa(e) {
        Enveloppe::PersonnesAgees
    } else {
        Enveloppe::PersonnesHandicapees
    }
}

fn competence(e: &Esms) -> Option<Competence> {
    e.competence.or_else(|| {
        e.categorie
            .as_deref()
            .and_then(|c| reference().category(c))
            .and_then(|c| c.competence)
    })
}

/// Établissement d'hébergement pour personnes âgées (EHPAD, EHPA).
pub fn is_ehpa(e: &Esms) -> bool {
    e.categorie
        .as_deref()
        .is_some_and(|c| CATEGORIES_EHPA.contains(&c))
}

pub fn is_residence_autonomie(e: &Esms) -> bool {
    e.categorie.as_deref() == Some(CATEGORIE_RA)
}

pub fn is_saad(e: &Esms) -> bool {
    e.categorie
        .as_deref()
        .is_some_and(|c| CATEGORIES_SAAD.contains(&c))
}

/// Une petite unité de vie déclarée (sur une catégorie d'hébergement pour personnes âgées).
pub fn is_puv(e: &Esms) -> bool {
    e.pa.puv && is_ehpa(e)
}

/// Le régime de financement de l'ESMS ; `None` sans catégorie.
pub fn regime(e: &Esms) -> Option<RegimeFinancement> {
    let cat = e.categorie.as_deref()?;
    if is_puv(e) {
        return Some(match e.pa.mode_soins_puv {
            Some(ModeSoinsPuv::ForfaitSoins) => RegimeFinancement::PuvForfaitSoins,
            Some(ModeSoinsPuv::Ssiad) => RegimeFinancement::PuvSsiad,
            _ => RegimeFinancement::Gmps,
        });
    }
    if matches!(cat, "500" | "501") {
        return Some(RegimeFinancement::Gmps);
    }
    if cat == CATEGORIE_RA {
        return Some(RegimeFinancement::ResidenceAutonomie);
    }
    Some(match competence(e) {
        Some(c) if c.involves_ars() => RegimeFinancement::Dotation,
        Some(_) => RegimeFinancement::Departement,
        None => RegimeFinancement::Dotation,
    })
}

/// EHPAD ou PUV au périmètre (au GMPS ou non).
pub fn is_ehpad_ou_puv(e: &Esms) -> bool {
    regime(e).is_some_and(RegimeFinancement::ehpad_ou_puv)
}

/// Le périmètre compte-t-il un ESMS de chaque enveloppe ?
pub fn enveloppes(d: &Dossier) -> (bool, bool) {
    let pa = d.perimetre().any(is_pa);
    let ph = d.perimetre().any(|e| !is_pa(e));
    (pa, ph)
}

/// Les ESMS du périmètre financés par la dotation globalisée commune (enveloppe personnes
/// handicapées, assurance maladie) : ceux que répartit l'annexe 5 du guide Pays de la Loire.
pub fn dotation_ph(d: &Dossier) -> Vec<&Esms> {
    d.perimetre()
        .filter(|e| {
            !is_pa(e)
                && regime(e) == Some(RegimeFinancement::Dotation)
                && competence(e).is_some_and(|c| c.involves_ars())
        })
        .collect()
}

/// Le régime et l'enveloppe d'un ESMS, pour les écrans.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RegimeEsms {
    #[ts(type = "string")]
    pub esms: uuid::Uuid,
    pub regime: Option<RegimeFinancement>,
    pub regime_libelle: String,
    pub enveloppe: Enveloppe,
    /// Établissement d'hébergement pour personnes âgées (EHPAD, EHPA) : GMP, PMP, option
    /// tarifaire, petite unité de vie.
    pub ehpa: bool,
    pub residence_autonomie: bool,
    pub saad: bool,
}

/// Le régime et l'enveloppe de chaque ESMS du dossier.
pub fn regimes(d: &Dossier) -> Vec<RegimeEsms> {
    d.esms
        .iter()
        .map(|e| {
            let r = regime(e);
            RegimeEsms {
                esms: e.id,
                regime: r,
                regime_libelle: r.map_or(String::new(), |r| r.label().to_string()),
                enveloppe: enveloppe(e),
                ehpa: is_ehpa(e),
                residence_autonomie: is_residence_autonomie(e),
                saad: is_saad(e),
            }
        })
        .collect()
}

/// Une résidence autonomie qui perçoit un forfait soins : l'ARS est partie au contrat (V39).
pub fn ra_avec_forfait_soins(e: &Esms) -> bool {
    is_residence_autonomie(e) && e.pa.forfait_soins_ra
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn esms(cat: &str) -> Esms {
        let mut e = Esms::new(Uuid::nil());
        e.categorie = Some(cat.into());
        e
    }

    #[test]
    fn regime_follows_category_and_declarations() {
        assert_eq!(regime(&esms("500")), Some(RegimeFinancement::Gmps));
        assert_eq!(
            regime(&esms("202")),
            Some(RegimeFinancement::ResidenceAutonomie)
        );
        assert_eq!(regime(&esms("354")), Some(RegimeFinancement::Dotation));
        assert_eq!(regime(&esms("449")), Some(RegimeFinancement::Departement));
        assert_eq!(regime(&esms("502")), Some(RegimeFinancement::Departement));
        let mut puv = esms("502");
        puv.pa.puv = true;
        assert_eq!(regime(&puv), Some(RegimeFinancement::Gmps));
        puv.pa.mode_soins_puv = Some(ModeSoinsPuv::Ssiad);
        assert_eq!(regime(&puv), Some(RegimeFinancement::PuvSsiad));
        assert!(is_ehpad_ou_puv(&puv));
        // Une « PUV » déclarée sur une catégorie qui n'est pas un hébergement PA ne compte pas.
        let mut ime = esms("183");
        ime.pa.puv = true;
        assert_eq!(regime(&ime), Some(RegimeFinancement::Dotation));
        assert_eq!(regime(&Esms::new(Uuid::nil())), None);
    }

    #[test]
    fn envelope_follows_the_sector() {
        assert_eq!(enveloppe(&esms("354")), Enveloppe::PersonnesAgees);
        assert_eq!(enveloppe(&esms("183")), Enveloppe::PersonnesHandicapees);
        let mut e = esms("354");
        e.secteur = Some(Secteur::Adultes);
        assert_eq!(enveloppe(&e), Enveloppe::PersonnesHandicapees);
    }
}

#[cfg(test)]
mod envelope_tests {
    use crate::kernel::issue::Collector;

    /// Un dossier mixte : l'exemple PH et un EHPAD. Les règles de la dotation globalisée
    /// commune ne concernent que les ESMS PH ; l'EHPAD a ses forfaits.
    #[test]
    fn a_mixed_dossier_keeps_pa_and_ph_apart() {
        let mut n = 0u128;
        let mut d = crate::example::example_dossier(&mut || {
            n += 1;
            uuid::Uuid::from_u128(n)
        });
        let pa = crate::example::pa::fixture();
        d.esms.push(pa.esms[crate::example::pa::TERRASSES].clone());
        d.cpom.base_juridique = Some(crate::dossier::perimetre::BaseJuridique::IvTerL313_12);
        let mut c = Collector::default();
        crate::signature::rules::check(&d, chrono::NaiveDate::MIN, &mut c);
        let rules: Vec<&str> = c.0.iter().map(|i| i.rule.as_str()).collect();
        assert!(!rules.contains(&"S-REPARTITION"), "{rules:?}");
        assert!(!rules.contains(&"S-BUDGET"), "{rules:?}");
        assert!(rules.contains(&"V20"), "{rules:?}");
        assert_eq!(super::dotation_ph(&d).len(), 6);
        assert_eq!(super::enveloppes(&d), (true, true));
    }
}
