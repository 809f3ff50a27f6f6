//! Ce que le dossier fournit aux modèles : les faits testés par les conditions et les valeurs
//! des champs `{organisme.raison_sociale}`, `{cpom.periode}`… Une valeur absente s'imprime
//! « ………… » (à compléter à la main) ; un champ inconnu est une erreur de modèle.

use std::collections::BTreeSet;

use chrono::Datelike;

use crate::dossier::Dossier;
use crate::dossier::perimetre::{AdhesionKind, BaseJuridique, HabilitationAideSociale};
use crate::kernel::finess;
use crate::kernel::format::{self, NBSP};
use crate::kernel::nomenclature::Secteur;
use crate::kernel::reference::{Regime, reference};
use crate::perimetre::calc::derived;
use crate::perimetre::calc::{Derived, PartieKind};

/// Marque d'une valeur absente, à compléter à la main sur l'exemplaire imprimé.
pub const A_COMPLETER: &str = "…………";

/// Un nombre en lettres (jusqu'à dix), sinon en chiffres.
pub fn en_lettres(n: usize) -> String {
    const L: [&str; 11] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    ];
    L.get(n).map_or_else(|| n.to_string(), |s| (*s).to_string())
}

/// Le contexte de composition d'un contrat : dossier, valeurs déduites et faits.
pub struct Contexte<'a> {
    pub dossier: &'a Dossier,
    pub derived: Derived,
    pub faits: BTreeSet<&'static str>,
    /// La forme des fiches-objectifs du modèle en cours.
    pub forme: crate::clauses::modeles::FormeFiche,
}

impl<'a> Contexte<'a> {
    pub fn new(dossier: &'a Dossier) -> Self {
        let derived = derived(dossier);
        let faits = faits(dossier, &derived);
        Self {
            dossier,
            derived,
            faits,
            forme: Default::default(),
        }
    }

    /// Libellé d'un département : « Loire-Atlantique (44) ».
    pub fn departement(code: &str) -> String {
        match reference().departement(code) {
            Some(d) => format!("{} ({code})", d.nom),
            None => code.to_string(),
        }
    }

    /// « le conseil départemental de Loire-Atlantique ».
    pub fn cd_libelle(code: &str) -> String {
        let nom = reference()
            .departement(code)
            .map_or(code.to_string(), |d| d.nom.clone());
        format!("le conseil départemental {}", de_departement(&nom))
    }

    pub fn region_nom(&self) -> Option<String> {
        let code = self.dossier.cpom.region.as_deref()?;
        reference().region(code).map(|r| r.nom.clone())
    }

    /// Valeur d'un champ : `Err` si le champ n'existe pas, `Ok(None)` s'il est vide.
    pub fn valeur(&self, champ: &str) -> Result<Option<String>, String> {
        let d = self.dossier;
        let o = &d.organisme;
        let x = &self.derived;
        let non_vide = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let v = match champ {
            "organisme.raison_sociale" => non_vide(&o.raison_sociale),
            "organisme.finess_ej" => o.finess_ej.as_deref().map(finess_nb),
            "organisme.siren" => o.siren.clone(),
            "organisme.statut" => o.statut_juridique.map(|s| s.label().to_string()),
            "organisme.siege" => {
                let a = &o.adresse_siege;
                let s = [a.ligne.trim(), &format!("{} {}", a.code_postal, a.commune)]
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                non_vide(&s)
            }
            "organisme.representant" => match (
                non_vide(&o.representant_legal_nom),
                non_vide(&o.representant_legal_qualite),
            ) {
                (Some(n), Some(q)) => Some(format!("{n}, {q}")),
                (Some(n), None) => Some(n),
                (None, Some(q)) => Some(q),
                (None, None) => None,
            },
            "organisme.representant_nom" => non_vide(&o.representant_legal_nom),
            "organisme.representant_qualite" => non_vide(&o.representant_legal_qualite),
            "organisme.directeur_general" => non_vide(&o.directeur_general),
            "organisme.valeurs" => non_vide(&o.valeurs_projet_associatif),
            "organisme.date_deliberation_ca" => o.date_deliberation_ca.map(format::date_long),
            "organisme.date_arrete_frais_siege" => o.date_arrete_frais_siege.map(format::date_long),
            "cpom.periode" => x.periode.clone(),
            "cpom.date_effet" => d.cpom.date_effet.map(format::date_long),
            "cpom.date_echeance" => x.date_echeance.map(format::date_long),
            "cpom.duree" => Some(match d.cpom.duree_annees {
                1 => "un an".to_string(),
                n => format!("{} ans", en_lettres(usize::from(n))),
            }),
            "cpom.base_juridique" => d.cpom.base_juridique.map(|b| b.label().to_string()),
            "cpom.region" => self.region_nom(),
            "cpom.departements" => {
                let v: Vec<String> = d
                    .cpom
                    .departements
                    .iter()
                    .map(|c| Self::departement(c))
                    .collect();
                (!v.is_empty()).then(|| liste_fr(&v))
            }
            "cpom.departements_de" => {
                let v: Vec<String> = d
                    .cpom
                    .departements
                    .iter()
                    .map(|c| match reference().departement(c) {
                        Some(x) => format!("{} ({c})", de_departement(&x.nom)),
                        None => format!("de {c}"),
                    })
                    .collect();
                (!v.is_empty()).then(|| liste_fr(&v))
            }
            "cpom.annee_mi_parcours" => d.cpom.date_effet.map(|e| (e.year() + 2).to_string()),
            "cpom.annee_finale" => x.date_echeance.map(|e| e.year().to_string()),
            "cpom.premier_exercice" => d.cpom.date_effet.map(|e| e.year().to_string()),
            "moyens.frais_siege_montant" => {
                d.signature.moyens.frais_siege_montant.map(format::amount)
            }
            "moyens.frais_siege_etp" => etp_fr(&d.signature.moyens.frais_siege_etp),
            "moyens.eprd_premier_exercice" => d
                .signature
                .moyens
                .eprd_premier_exercice
                .or_else(|| crate::signature::rules::premier_exercice_eprd(d))
                .map(|y| y.to_string()),
            "ars.libelle" => self
                .region_nom()
                .map(|r| format!("l'Agence régionale de santé {r}")),
            "cd.liste" => {
                let v: Vec<String> = x
                    .signataires
                    .iter()
                    .filter(|s| s.kind == PartieKind::Cd)
                    .map(|s| Self::cd_libelle(&s.code))
                    .collect();
                (!v.is_empty()).then(|| liste_fr(&v))
            }
            "parties.nombre" => Some(en_lettres(x.signataires.len())),
            "partite" => Some(x.partite.label().to_string()),
            "perimetre.nb_esms" => Some(x.nb_esms.to_string()),
            "perimetre.capacite_autorisee" => {
                Some(format::integer(i64::from(x.capacite_autorisee)))
            }
            "perimetre.capacite_installee" => {
                Some(format::integer(i64::from(x.capacite_installee)))
            }
            "esms.liste" => {
                let v: Vec<String> = d
                    .perimetre()
                    .map(|e| e.nom.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                (!v.is_empty()).then(|| liste_fr(&v))
            }
            _ => return Err(format!("champ inconnu « {{{champ}}} »")),
        };
        Ok(v)
    }

    /// Remplace les `{champ}` d'un texte par leur valeur.
    pub fn remplir(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after
                .find('}')
                .ok_or_else(|| format!("accolade non fermée dans « {text} »"))?;
            let champ = &after[..end];
            match self.valeur(champ)? {
                Some(v) => out.push_str(&v),
                None => out.push_str(A_COMPLETER),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// « 4,6 ETP administratifs et 1 ETP autres » (catégories renseignées seulement).
pub fn etp_fr(e: &crate::dossier::perimetre::Etp) -> Option<String> {
    let label = |k: &str| match k {
        "administratif" => "administratifs",
        "educatif" => "éducatifs",
        "medical" => "médicaux",
        "paramedical" => "paramédicaux",
        "pedagogique" => "pédagogiques",
        _ => "autres",
    };
    let mut e = *e;
    let parts: Vec<String> = crate::dossier::perimetre::Etp::CATEGORIES
        .iter()
        .filter_map(|(k, _)| {
            let v = (*e.get_mut(k)?)?;
            (!v.is_zero()).then(|| format!("{} ETP {}", format::decimal_trim(v), label(k)))
        })
        .collect();
    (!parts.is_empty()).then(|| liste_fr(&parts))
}

/// « a », « a et b », « a, b et c ».
pub fn liste_fr(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// « de Loire-Atlantique », « du Nord », « de la Sarthe », « des Landes », « de l'Ain ».
pub fn de_departement(nom: &str) -> String {
    const DU: [&str; 25] = [
        "Nord",
        "Calvados",
        "Cantal",
        "Cher",
        "Doubs",
        "Finistère",
        "Gard",
        "Gers",
        "Var",
        "Loiret",
        "Lot",
        "Lot-et-Garonne",
        "Morbihan",
        "Rhône",
        "Tarn",
        "Tarn-et-Garonne",
        "Jura",
        "Pas-de-Calais",
        "Puy-de-Dôme",
        "Haut-Rhin",
        "Bas-Rhin",
        "Val-d'Oise",
        "Val-de-Marne",
        "Territoire de Belfort",
        "Vaucluse",
    ];
    const DES: [&str; 14] = [
        "Ardennes",
        "Bouches-du-Rhône",
        "Côtes-d'Armor",
        "Hautes-Alpes",
        "Hautes-Pyrénées",
        "Pyrénées-Atlantiques",
        "Pyrénées-Orientales",
        "Landes",
        "Yvelines",
        "Deux-Sèvres",
        "Alpes-de-Haute-Provence",
        "Alpes-Maritimes",
        "Vosges",
        "Hauts-de-Seine",
    ];
    const DE_LA: [&str; 33] = [
        "Sarthe",
        "Vendée",
        "Mayenne",
        "Manche",
        "Marne",
        "Loire",
        "Gironde",
        "Charente",
        "Charente-Maritime",
        "Corrèze",
        "Creuse",
        "Dordogne",
        "Drôme",
        "Lozère",
        "Meuse",
        "Moselle",
        "Nièvre",
        "Somme",
        "Vienne",
        "Savoie",
        "Seine-Maritime",
        "Seine-et-Marne",
        "Seine-Saint-Denis",
        "Saône-et-Loire",
        "Côte-d'Or",
        "Meurthe-et-Moselle",
        "Corse-du-Sud",
        "Réunion",
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "Haute-Corse",
        "Haute-Garonne",
    ];
    let first = nom.chars().next().unwrap_or('x');
    if DES.contains(&nom) {
        format!("des {nom}")
    } else if DU.contains(&nom) {
        format!("du {nom}")
    } else if DE_LA.contains(&nom) || nom.starts_with("Haute-") {
        format!("de la {nom}")
    } else if "AEIOUYÉÈÊ".contains(first) || nom == "Hérault" {
        // « Hérault » : h muet (de l'Hérault).
        format!("de l'{nom}")
    } else {
        format!("de {nom}")
    }
}

fn faits(d: &Dossier, x: &Derived) -> BTreeSet<&'static str> {
    let mut f = BTreeSet::new();
    let mut add = |cond: bool, k: &'static str| {
        if cond {
            f.insert(k);
        }
    };
    let nb = x.signataires.len();
    let cd = x.signe(PartieKind::Cd);
    let ars = x.signe(PartieKind::Ars);
    add(nb <= 2, "bipartite");
    add(nb >= 3, "tripartite");
    add(nb > 3, "multipartite");
    add(cd, "cd");
    add(ars, "ars");
    let r = reference();
    let regime = |c: &Option<String>| c.as_deref().and_then(|c| r.category(c)?.regime);
    let sigle = |c: &Option<String>| {
        c.as_deref()
            .and_then(|c| r.category(c)?.sigle.clone())
            .unwrap_or_default()
    };
    add(
        d.perimetre().any(|e| {
            regime(&e.categorie) == Some(Regime::IvTer)
                || crate::perimetre::regime::is_ehpad_ou_puv(e)
        }),
        "ehpad",
    );
    add(d.perimetre().any(crate::perimetre::regime::is_puv), "puv");
    add(
        d.perimetre()
            .any(crate::perimetre::regime::is_residence_autonomie),
        "residence_autonomie",
    );
    add(d.perimetre().any(|e| e.pa.l342_1), "l342_1");
    add(d.signature.moyens.reprise_resultats, "reprise_resultats");
    add(d.perimetre().any(crate::perimetre::regime::is_saad), "saad");
    add(
        d.perimetre().any(|e| {
            crate::perimetre::regime::is_ehpad_ou_puv(e)
                && (e.pa.ctp_date_signature.is_some() || e.pa.ctp_date_echeance.is_some())
        }),
        "ctp",
    );
    add(
        d.perimetre()
            .any(|e| matches!(e.secteur, Some(Secteur::Enfance | Secteur::Adultes))),
        "ph",
    );
    add(d.perimetre().any(crate::perimetre::regime::is_pa), "pa");
    add(
        d.perimetre().any(|e| e.secteur == Some(Secteur::Enfance)),
        "enfance",
    );
    add(
        d.perimetre().any(|e| e.secteur == Some(Secteur::Adultes)),
        "adultes",
    );
    add(
        d.perimetre()
            .any(|e| sigle(&e.categorie).to_uppercase().starts_with("ESAT")),
        "esat",
    );
    add(
        d.perimetre().any(|e| {
            e.secteur == Some(Secteur::Enfance)
                && (e.capacites.internat.autorisee.unwrap_or(0) > 0
                    || e.capacites.semi_internat.autorisee.unwrap_or(0) > 0)
        }),
        "creton",
    );
    add(
        d.perimetre().any(|e| {
            matches!(
                e.habilitation_aide_sociale,
                Some(
                    HabilitationAideSociale::Totale
                        | HabilitationAideSociale::Partielle
                        | HabilitationAideSociale::ConventionL342_3_1
                )
            )
        }),
        "habilitation_aide_sociale",
    );
    add(
        d.perimetre().any(|e| {
            let p = e.public_specifique.to_lowercase();
            p.contains("autis") || p.contains("tsa")
        }),
        "tsa",
    );
    add(d.organisme.frais_de_siege, "frais_de_siege");
    add(
        d.signature.moyens.frais_siege_integres,
        "frais_siege_integres",
    );
    add(
        !d.signature.moyens.frais_siege_etp.total().is_zero(),
        "frais_siege_etp",
    );
    add(!d.adhesions.is_empty(), "adhesions");
    add(
        d.adhesions.iter().any(|a| a.kind == AdhesionKind::Gcsms),
        "gcsms",
    );
    add(
        d.adhesions.iter().any(|a| a.kind == AdhesionKind::Ght),
        "ght",
    );
    add(d.cpom.departements.len() > 1, "pluridepartemental");
    let b = d.cpom.base_juridique;
    add(b == Some(BaseJuridique::L313_12_2), "base_l313_12_2");
    add(b == Some(BaseJuridique::IvTerL313_12), "base_iv_ter");
    add(b == Some(BaseJuridique::L313_11), "base_l313_11");
    add(
        crate::contract::synthese::synthese(d).is_some(),
        "diagnostic",
    );
    {
        use crate::diagnostic::calc as ad;
        use crate::dossier::diagnostic::AnnexeIndicateur;
        add(
            ad::has_indicateurs(d, AnnexeIndicateur::Flash),
            "indicateurs_flash",
        );
        add(
            ad::has_indicateurs(d, AnnexeIndicateur::Anap),
            "indicateurs_anap",
        );
        add(
            !d.diagnostic.complementaires.is_empty(),
            "indicateurs_complementaires",
        );
        add(ad::has_finances(d), "diagnostic_financier");
        add(ad::has_creton(d), "creton_saisi");
    }
    f
}

/// Un FINESS affiché « 44 001 234 5 », avec des espaces insécables (un numéro ne se coupe
/// pas en fin de ligne).
pub fn finess_nb(n: &str) -> String {
    finess::display(n).replace(' ', &NBSP.to_string())
}

/// « 1 234 » avec espace fine insécable, ou « — » si absent.
pub fn nombre(v: Option<u32>) -> String {
    v.map_or("—".into(), |n| format::integer(i64::from(n)))
}

/// Un libellé et sa valeur séparés par « : » (espace insécable).
pub fn libelle_valeur(l: &str, v: &str) -> String {
    format!("{l}{NBSP}: {v}")
}

/// La condition `si` est-elle remplie (absente = toujours) ?
pub fn applies(si: &Option<String>, ctx: &Contexte) -> bool {
    match si {
        None => true,
        Some(s) => crate::clauses::condition::parse(s)
            .map(|c| c.eval(&ctx.faits))
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clauses::modeles::CHAMPS;
    use crate::example::example_dossier;
    use uuid::Uuid;

    fn ex() -> Dossier {
        let mut n = 0u128;
        example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        })
    }

    #[test]
    fn facts_of_the_example() {
        let d = ex();
        let c = Contexte::new(&d);
        for f in [
            "tripartite",
            "cd",
            "ars",
            "ph",
            "enfance",
            "adultes",
            "esat",
            "creton",
            "habilitation_aide_sociale",
            "frais_de_siege",
            "gcsms",
            "base_l313_12_2",
        ] {
            assert!(c.faits.contains(f), "{f}");
        }
        for f in ["bipartite", "ehpad", "pa", "ght", "multipartite"] {
            assert!(!c.faits.contains(f), "{f}");
        }
        // Chaque fait calculé est documenté.
        for f in &c.faits {
            assert!(
                crate::clauses::condition::FAITS.iter().any(|(k, _)| k == f),
                "{f}"
            );
        }
    }

    #[test]
    fn fields_are_filled() {
        let d = ex();
        let c = Contexte::new(&d);
        assert_eq!(
            c.remplir("CPOM {cpom.periode} de {organisme.raison_sociale}")
                .unwrap(),
            "CPOM 2027-2031 de Association Les Iris de l'Erdre"
        );
        assert_eq!(
            c.remplir("du {cpom.date_effet} au {cpom.date_echeance}, {cpom.duree}")
                .unwrap(),
            "du 1er janvier 2027 au 31 décembre 2031, cinq ans"
        );
        assert_eq!(
            c.remplir("{cd.liste} et {ars.libelle}").unwrap(),
            "le conseil départemental de Loire-Atlantique et l'Agence régionale de santé Pays de la Loire"
        );
        assert_eq!(c.remplir("{parties.nombre}").unwrap(), "trois");
        assert!(c.remplir("{inconnu}").unwrap_err().contains("inconnu"));
        for (k, _) in CHAMPS {
            assert!(c.valeur(k).is_ok(), "{k}");
        }
        let vide = Dossier::default();
        let c = Contexte::new(&vide);
        assert_eq!(c.remplir("le {cpom.date_effet}").unwrap(), "le …………");
    }

    #[test]
    fn departement_articles() {
        assert_eq!(de_departement("Loire-Atlantique"), "de Loire-Atlantique");
        assert_eq!(de_departement("Nord"), "du Nord");
        assert_eq!(de_departement("Bouches-du-Rhône"), "des Bouches-du-Rhône");
        assert_eq!(de_departement("Ain"), "de l'Ain");
        assert_eq!(de_departement("Var"), "du Var");
        assert_eq!(de_departement("Sarthe"), "de la Sarthe");
        assert_eq!(de_departement("Essonne"), "de l'Essonne");
        assert_eq!(de_departement("Hérault"), "de l'Hérault");
        assert_eq!(de_departement("Haute-Garonne"), "de la Haute-Garonne");
        assert_eq!(liste_fr(&["a".into(), "b".into(), "c".into()]), "a, b et c");
    }
}
