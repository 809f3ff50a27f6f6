//! Le rapport de validation : erreurs (bloquantes pour la signature), avertissements et
//! informations, chacun avec le chemin du champ, un message français et sa source.
//!
//! Règles du périmètre tirées de l'instruction DGCS du 21 mars 2017
//! (`shared/domain/seed000-dgcs-instruction.md` §8.2 : V01, V02, V03, V05, V06, V07, V09),
//! du contenu obligatoire de l'article 1 de l'arrêté du 3 mars 2017
//! (`reference-facts.md` §2) et des règles d'identifiants (`reference-facts.md` §4.3).

use crate::kernel::issue::Report;
use std::collections::HashMap;

use crate::dossier::Dossier;
use crate::dossier::perimetre::{BaseJuridique, Esms};
use crate::kernel::finess::parse_finess;
use crate::kernel::issue::Collector;
use crate::kernel::nomenclature::Competence;
use crate::kernel::reference::{Regime, reference};
use crate::kernel::siren::parse_siren;

const SRC_ART1: &str = "arrete art. 1";
const SRC_FINESS: &str = "finess";
const SRC_SIREN: &str = "siren";

fn esms_label(e: &Esms) -> String {
    if e.nom.is_empty() {
        "ESMS sans nom".into()
    } else {
        e.nom.clone()
    }
}

/// Construit le rapport de validation de tout le dossier.
pub fn validate(d: &Dossier) -> Report {
    let mut c = Collector(Vec::new());
    organisme(d, &mut c);
    cpom(d, &mut c);
    perimetre(d, &mut c);
    for e in &d.esms {
        esms(d, e, &mut c);
    }
    crate::perimetre::pa::check(d, &mut c);
    Report::from_issues(c.0)
}

fn organisme(d: &Dossier, c: &mut Collector) {
    let o = &d.organisme;
    if o.raison_sociale.trim().is_empty() {
        c.missing(
            "OG-RAISON",
            "organisme.raison_sociale",
            "La raison sociale de l'organisme gestionnaire est obligatoire.",
            SRC_ART1,
        );
    }
    match &o.finess_ej {
        None => c.missing(
            "OG-FINESS",
            "organisme.finess_ej",
            "Le numéro FINESS de l'entité juridique est obligatoire.",
            SRC_ART1,
        ),
        Some(n) => match parse_finess(n) {
            Err(p) => c.error("OG-FINESS", "organisme.finess_ej", p.message(), SRC_FINESS),
            Ok(f) if f.key_unchecked => c.warn(
                "OG-FINESS-CORSE",
                "organisme.finess_ej",
                "FINESS corse : la clé de contrôle n'a pas pu être vérifiée.",
                SRC_FINESS,
            ),
            Ok(_) => {}
        },
    }
    match &o.siren {
        None => c.warn(
            "OG-SIREN",
            "organisme.siren",
            "Le SIREN de l'organisme n'est pas renseigné.",
            SRC_SIREN,
        ),
        Some(s) => {
            if let Err(m) = parse_siren(s) {
                c.error("OG-SIREN", "organisme.siren", m, SRC_SIREN);
            }
        }
    }
    if o.statut_juridique.is_none() {
        c.missing(
            "OG-STATUT",
            "organisme.statut_juridique",
            "Le statut juridique de l'organisme est obligatoire.",
            SRC_ART1,
        );
    }
    if o.adresse_siege.commune.trim().is_empty() {
        c.warn(
            "OG-ADRESSE",
            "organisme.adresse_siege.commune",
            "L'adresse du siège n'est pas complète.",
            SRC_ART1,
        );
    }
    if o.representant_legal_nom.trim().is_empty() || o.representant_legal_qualite.trim().is_empty()
    {
        let path = if o.representant_legal_nom.trim().is_empty() {
            "organisme.representant_legal_nom"
        } else {
            "organisme.representant_legal_qualite"
        };
        c.missing("V09", path, "Le représentant légal (nom et qualité) doit être connu : il signe le CPOM pour l'organisme.",
            "dgcs L1449-L1456");
    }
    if o.frais_de_siege && o.date_arrete_frais_siege.is_none() {
        c.warn(
            "OG-SIEGE",
            "organisme.date_arrete_frais_siege",
            "Frais de siège autorisés : indiquez la date de l'arrêté d'autorisation.",
            "dgcs L730-L743 (frais de siège)",
        );
    }
    if o.date_deliberation_ca.is_none() {
        c.warn(
            "OG-CA",
            "organisme.date_deliberation_ca",
            "La délibération du conseil d'administration n'est pas encore datée.",
            "dgcs L991-L993",
        );
    }
    if o.referent_cpom_nom.trim().is_empty() {
        c.warn(
            "OG-REFERENT",
            "organisme.referent_cpom_nom",
            "Désignez un référent CPOM pour l'organisme.",
            "anap L1711 (référent CPOM)",
        );
    }
    for a in &d.adhesions {
        if a.nom.trim().is_empty() {
            c.warn(
                "OG-ADHESION",
                format!("adhesions.{}.nom", a.id),
                "Indiquez le nom du groupement auquel l'organisme adhère.",
                SRC_ART1,
            );
        }
    }
}

fn cpom(d: &Dossier, c: &mut Collector) {
    let p = &d.cpom;
    if p.base_juridique.is_none() {
        c.missing(
            "CPOM-BASE",
            "cpom.base_juridique",
            "Choisissez la base juridique du CPOM.",
            "dgcs L1798",
        );
    }
    if p.region.is_none() {
        c.missing(
            "CPOM-REGION",
            "cpom.region",
            "Indiquez la région : l'ARS de cette région signe le CPOM.",
            "dgcs L1449-L1456",
        );
    }
    if p.date_effet.is_none() {
        c.missing(
            "CPOM-EFFET",
            "cpom.date_effet",
            "La date d'effet du CPOM est obligatoire.",
            "arrete titre 2, art. 5 « Date d'entrée en vigueur et durée »",
        );
    }
    if let Some(b) = p.base_juridique {
        let r = b.duration();
        if !(r.min..=r.max).contains(&p.duree_annees) {
            c.error(
                "V07",
                "cpom.duree_annees",
                format!(
                    "Durée de {} ans incompatible avec cette base juridique (de {} à {} ans).",
                    p.duree_annees, r.min, r.max
                ),
                r.source,
            );
        }
    }
    if p.departements.is_empty() {
        c.missing(
            "CPOM-DEPARTEMENTS",
            "cpom.departements",
            "Indiquez le ou les départements couverts par le CPOM.",
            "dgcs L217-L219",
        );
    }
    if let Some(region) = &p.region {
        for dep in &p.departements {
            let Some(x) = reference().departement(dep) else {
                continue;
            };
            if &x.region != region {
                let msg = format!(
                    "Le département {} ({dep}) n'appartient pas à la région du CPOM.",
                    x.nom
                );
                if p.base_juridique == Some(BaseJuridique::IvTerL313_12) {
                    c.error("V03", "cpom.departements", format!("{msg} Un CPOM « EHPAD » ne peut s'étendre qu'à des départements de la même région."),
                        "dgcs L769-L771");
                } else {
                    // V04 : extension à une autre région, avec l'accord de tous les financeurs.
                    accord_requis(
                        d,
                        &format!("ars:{}", x.region),
                        &format!(
                            "{msg} L'extension à une autre région suppose l'accord de tous les financeurs"
                        ),
                        "V04",
                        "dgcs L1829-L1839",
                        c,
                    );
                }
            }
        }
        // V03 : un CPOM étendu à plusieurs départements requiert l'accord daté du président
        // de chaque conseil départemental concerné et du directeur général de l'ARS.
        if p.departements.len() > 1 {
            for dep in &p.departements {
                let nom = reference()
                    .departement(dep)
                    .map_or(dep.clone(), |x| x.nom.clone());
                accord_requis(
                    d,
                    &format!("cd:{dep}"),
                    &format!(
                        "Le CPOM couvre plusieurs départements : l'accord du président du conseil départemental ({nom}) est requis"
                    ),
                    "V03",
                    "dgcs L769-L771, L1504-L1506",
                    c,
                );
            }
            let nom = reference()
                .region(region)
                .map_or(region.clone(), |r| r.nom.clone());
            accord_requis(
                d,
                &format!("ars:{region}"),
                &format!(
                    "Le CPOM couvre plusieurs départements : l'accord du directeur général de l'ARS ({nom}) est requis"
                ),
                "V03",
                "dgcs L769-L771, L1504-L1506",
                c,
            );
        }
    }
    if let Some(id) = &p.pack
        && crate::kernel::pack::pack(id).is_none()
    {
        c.warn(
            "CPOM-PACK",
            "cpom.pack",
            format!(
                "{} Le dossier suit le référentiel de sa région en attendant.",
                crate::kernel::pack::unknown_pack_message(id)
            ),
            "coherence",
        );
    }
    articulation(d, c);
}

/// L'accord daté de l'autorité `autorite` (« cd:49 », « ars:53 ») est-il enregistré ?
fn accord_requis(d: &Dossier, autorite: &str, msg: &str, rule: &str, src: &str, c: &mut Collector) {
    let found = d.accords.iter().find(|a| a.autorite == autorite);
    match found {
        Some(a) if a.date.is_some() => {}
        Some(a) => c.error(
            rule,
            format!("accords.{}.date", a.id),
            format!("{msg} : datez l'accord enregistré."),
            src,
        ),
        None => c.error(
            rule,
            format!("accords.{autorite}"),
            format!("{msg} : enregistrez son accord daté."),
            src,
        ),
    }
}

/// L'articulation avec les autres CPOM du gestionnaire (instruction DGCS, seed 000
/// L814-L846) : regroupement simple ou CPOM unique, contrats liés nommés, dates d'effet
/// alignées autant que possible.
fn articulation(d: &Dossier, c: &mut Collector) {
    use crate::dossier::perimetre::Articulation;
    let src = "dgcs L814-L846";
    match d.cpom.articulation {
        None => c.warn(
            "CPOM-ARTICULATION",
            "cpom.articulation",
            "Précisez l'articulation avec les autres CPOM du gestionnaire : aucun, regroupement simple (chaque contrat garde ses effets) ou CPOM unique.",
            src,
        ),
        Some(Articulation::Aucune) => {}
        Some(a) => {
            if d.contrats_lies.is_empty() {
                c.warn(
                    "CPOM-ARTICULATION",
                    "contrats_lies",
                    format!(
                        "{} : nommez les autres CPOM du gestionnaire concernés.",
                        a.label()
                    ),
                    src,
                );
            }
            for x in &d.contrats_lies {
                if x.intitule.trim().is_empty() {
                    c.warn(
                        "CPOM-ARTICULATION",
                        format!("contrats_lies.{}.intitule", x.id),
                        "Un CPOM lié n'a pas d'intitulé.",
                        src,
                    );
                }
                if a == Articulation::RegroupementSimple
                    && let (Some(e), Some(mine)) = (x.date_effet, d.cpom.date_effet)
                    && e != mine
                {
                    c.warn(
                        "CPOM-DATES",
                        format!("contrats_lies.{}.date_effet", x.id),
                        format!(
                            "Regroupement simple : « {} » prend effet le {}, ce CPOM le {} ; les dates d'effet sont à faire coïncider autant que possible.",
                            x.intitule.trim(),
                            crate::kernel::format::date_long(e),
                            crate::kernel::format::date_long(mine)
                        ),
                        "dgcs L826-L831",
                    );
                }
            }
        }
    }
}

pub(crate) fn is_ehpad_family(code: &str) -> bool {
    matches!(
        reference().category(code).and_then(|c| c.regime),
        Some(Regime::IvTer)
    )
}

fn perimetre(d: &Dossier, c: &mut Collector) {
    if d.perimetre().next().is_none() {
        c.missing(
            "PERIMETRE-VIDE",
            "esms",
            "Le périmètre ne contient encore aucun ESMS.",
            SRC_ART1,
        );
    }
    let base = d.cpom.base_juridique;
    // V01 : EHPAD ou PUV au périmètre → CPOM « EHPAD » (IV ter L. 313-12).
    if let Some(e) = d
        .perimetre()
        .find(|e| crate::perimetre::regime::is_ehpad_ou_puv(e))
        && base.is_some()
        && base != Some(BaseJuridique::IvTerL313_12)
    {
        c.error("V01", "cpom.base_juridique",
            format!("Le périmètre comprend un EHPAD ou une PUV ({}) : le CPOM relève du IV ter de l'article L. 313-12.", esms_label(e)),
            "dgcs L175-L186, L1870-L1887");
    }
    // V02 : tous les EHPAD d'un même département dans le même CPOM.
    for out in d
        .esms
        .iter()
        .filter(|e| !e.dans_perimetre && e.categorie.as_deref().is_some_and(is_ehpad_family))
    {
        let same_dep = d.perimetre().any(|e| {
            e.departement == out.departement && e.categorie.as_deref().is_some_and(is_ehpad_family)
        });
        if same_dep {
            c.error("V02", format!("esms.{}.dans_perimetre", out.id),
                format!("{} est laissé hors du CPOM alors qu'un autre EHPAD du même département y figure : tous doivent être couverts par le même CPOM.", esms_label(out)),
                "dgcs L767-L769, L1502-L1504");
        }
    }
    // Doublons de FINESS ET.
    let mut seen: HashMap<&str, &Esms> = HashMap::new();
    for e in &d.esms {
        if let Some(f) = e.finess_et.as_deref() {
            if let Some(first) = seen.get(f) {
                c.error(
                    "ESMS-DOUBLON",
                    format!("esms.{}.finess_et", e.id),
                    format!(
                        "Le FINESS {f} est déjà celui de « {} » : un ESMS par FINESS géographique.",
                        esms_label(first)
                    ),
                    SRC_FINESS,
                );
            } else {
                seen.insert(f, e);
            }
        }
    }
    let mut names: HashMap<String, &Esms> = HashMap::new();
    for e in &d.esms {
        let key = e.nom.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(v) = names.entry(key) {
            v.insert(e);
        } else {
            c.warn(
                "ESMS-NOM",
                format!("esms.{}.nom", e.id),
                format!("Deux ESMS portent le nom « {} ».", e.nom.trim()),
                SRC_ART1,
            );
        }
    }
}

fn esms(d: &Dossier, e: &Esms, c: &mut Collector) {
    let p = |f: &str| format!("esms.{}.{f}", e.id);
    let label = esms_label(e);
    if e.nom.trim().is_empty() {
        c.missing(
            "ESMS-NOM",
            p("nom"),
            "Le nom de l'ESMS est obligatoire.",
            SRC_ART1,
        );
    }
    match &e.finess_et {
        None => c.missing(
            "ESMS-FINESS",
            p("finess_et"),
            format!("{label} : le FINESS géographique est obligatoire."),
            SRC_ART1,
        ),
        Some(n) => match parse_finess(n) {
            Err(pb) => c.error(
                "ESMS-FINESS",
                p("finess_et"),
                format!("{label} : {}", pb.message()),
                SRC_FINESS,
            ),
            Ok(f) => {
                if f.key_unchecked {
                    c.warn(
                        "ESMS-FINESS-CORSE",
                        p("finess_et"),
                        format!("{label} : FINESS corse, clé non vérifiée."),
                        SRC_FINESS,
                    );
                }
                if let Some(dep) = &e.departement
                    && &f.departement() != dep
                {
                    c.warn("ESMS-FINESS-DEP", p("departement"),
                        format!("{label} : le FINESS commence par {} mais l'ESMS est indiqué dans le département {dep}.", f.departement()), SRC_FINESS);
                }
                if d.organisme.finess_ej.as_deref() == Some(n.as_str()) {
                    c.error("ESMS-FINESS-EJ", p("finess_et"), format!("{label} : le FINESS géographique ne peut pas être celui de l'entité juridique."), SRC_FINESS);
                }
            }
        },
    }
    let r = reference();
    match e.categorie.as_deref().map(|code| (code, r.category(code))) {
        None => c.missing(
            "ESMS-CATEGORIE",
            p("categorie"),
            format!("{label} : choisissez la catégorie FINESS."),
            SRC_ART1,
        ),
        Some((code, None)) => c.error(
            "ESMS-CATEGORIE",
            p("categorie"),
            format!("{label} : la catégorie « {code} » est inconnue de la nomenclature FINESS."),
            "tre-r66",
        ),
        Some((code, Some(cat))) => {
            if !cat.ouverte {
                let repl = cat
                    .remplacement
                    .as_deref()
                    .map(|x| format!(" Catégorie de remplacement : {}.", r.category_label(x)))
                    .unwrap_or_default();
                c.warn(
                    "ESMS-CATEGORIE-FERMEE",
                    p("categorie"),
                    format!(
                        "{label} : la catégorie {code} est fermée depuis le {}.{repl}",
                        cat.date_fermeture.as_deref().unwrap_or("?")
                    ),
                    "tre-r66",
                );
            }
            if e.dans_perimetre && e.autorisation_en_cours {
                c.error("V11", p("autorisation_en_cours"),
                    format!("{label} : sa procédure d'autorisation n'est pas achevée ; il n'entre au périmètre qu'une fois l'autorisation délivrée, par avenant si le CPOM est déjà signé."),
                    "dgcs L1480-L1484");
            }
            if e.dans_perimetre {
                match cat.regime {
                    Some(Regime::Exclu) => c.error("V05", p("categorie"),
                        format!("{label} : un établissement de soins de longue durée ne peut pas entrer dans un CPOM médico-social (régime des conventions tripartites)."),
                        "dgcs L188-L193"),
                    Some(Regime::NonSoumis) => c.info("V06", p("categorie"),
                        format!("{label} n'est pas soumis à l'obligation de CPOM : il peut néanmoins être inclus dans le contrat."),
                        "dgcs L242-L244, L255-L257"),
                    _ => {}
                }
            }
        }
    }
    if e.secteur.is_none() {
        c.warn(
            "ESMS-SECTEUR",
            p("secteur"),
            format!("{label} : précisez le secteur (enfance, adultes, personnes âgées)."),
            SRC_ART1,
        );
    }
    match &e.departement {
        None => c.missing(
            "ESMS-DEPARTEMENT",
            p("departement"),
            format!("{label} : le département est obligatoire."),
            SRC_ART1,
        ),
        Some(dep)
            if e.dans_perimetre
                && !d.cpom.departements.is_empty()
                && !d.cpom.departements.contains(dep) =>
        {
            c.error("V03", p("departement"),
                format!("{label} est dans le département {dep}, qui ne figure pas parmi les départements du CPOM."),
                "dgcs L769-L771, L1504-L1506");
        }
        _ => {}
    }
    match e.competence {
        None => c.missing("ESMS-COMPETENCE", p("competence"), format!("{label} : indiquez l'autorité de tarification (ARS, conseil départemental ou conjointe)."),
            "dgcs L212-L213 (compétence tarifaire)"),
        Some(Competence::Cd) if e.dans_perimetre && d.cpom.base_juridique == Some(BaseJuridique::L313_12_2) => {
            c.info("V06", p("competence"),
                format!("{label} relève du seul conseil départemental : non soumis au CPOM L. 313-12-2, il peut y être intégré avec l'accord du département."),
                "dgcs L255-L257");
        }
        _ => {}
    }
    let mut any = false;
    for (m, libelle) in crate::dossier::perimetre::Capacites::MODALITES {
        let Some(cap) = e.capacites.get(m) else {
            continue;
        };
        any |= cap.autorisee.is_some() || cap.installee.is_some();
        if let (Some(a), Some(i)) = (cap.autorisee, cap.installee)
            && i > a
        {
            c.warn(
                "ESMS-CAPACITE",
                p(&format!("capacites.{m}.installee")),
                format!(
                    "{label} : {i} places installées pour {a} autorisées ({}).",
                    libelle.to_lowercase()
                ),
                "casf art. L. 313-1 : la capacité installée ne dépasse pas l'autorisée",
            );
        }
    }
    if !any {
        c.warn(
            "ESMS-CAPACITE-VIDE",
            p("capacites.internat.autorisee"),
            format!("{label} : aucune capacité autorisée n'est renseignée."),
            SRC_ART1,
        );
    }
    if let Some(j) = e.jours_ouverture
        && (j == 0 || j > 366)
    {
        c.error(
            "ESMS-JOURS",
            p("jours_ouverture"),
            format!("{label} : {j} jours d'ouverture, hors de 1 à 366."),
            SRC_ART1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::perimetre::Capacite;
    use crate::example::example_dossier;
    use crate::kernel::issue::Severity;
    use crate::kernel::nomenclature::Competence;

    fn rules(r: &Report) -> Vec<&str> {
        r.issues.iter().map(|i| i.rule.as_str()).collect()
    }

    fn ids() -> impl FnMut() -> uuid::Uuid {
        let mut n = 0u128;
        move || {
            n += 1;
            uuid::Uuid::from_u128(n)
        }
    }

    #[test]
    fn empty_dossier_lists_what_is_missing() {
        let r = validate(&Dossier::default());
        for rule in [
            "OG-RAISON",
            "OG-FINESS",
            "OG-STATUT",
            "V09",
            "CPOM-BASE",
            "CPOM-REGION",
            "CPOM-EFFET",
            "PERIMETRE-VIDE",
        ] {
            assert!(
                rules(&r).contains(&rule),
                "{rule} manquant : {:?}",
                rules(&r)
            );
        }
        assert!(r.errors >= 8);
        // Les erreurs viennent en premier.
        assert_eq!(r.issues[0].severity, Severity::Erreur);
    }

    #[test]
    fn example_has_no_error() {
        let d = example_dossier(&mut ids());
        let r = validate(&d);
        assert_eq!(r.errors, 0, "{:#?}", r.issues);
    }

    #[test]
    fn v01_ehpad_requires_iv_ter() {
        let mut d = example_dossier(&mut ids());
        d.esms[0].categorie = Some("500".into());
        assert!(rules(&validate(&d)).contains(&"V01"));
        d.cpom.base_juridique = Some(BaseJuridique::IvTerL313_12);
        assert!(!rules(&validate(&d)).contains(&"V01"));
    }

    #[test]
    fn v02_all_ehpad_of_a_departement() {
        let mut d = example_dossier(&mut ids());
        d.cpom.base_juridique = Some(BaseJuridique::IvTerL313_12);
        d.esms[0].categorie = Some("500".into());
        d.esms[1].categorie = Some("500".into());
        d.esms[1].dans_perimetre = false;
        let r = validate(&d);
        let v02 = r.issues.iter().find(|i| i.rule == "V02").expect("V02");
        assert_eq!(v02.path, format!("esms.{}.dans_perimetre", d.esms[1].id));
    }

    #[test]
    fn v03_departement_outside_the_cpom() {
        let mut d = example_dossier(&mut ids());
        d.esms[0].departement = Some("49".into());
        let r = validate(&d);
        assert!(
            r.issues
                .iter()
                .any(|i| i.rule == "V03" && i.severity == Severity::Erreur)
        );
        // Département d'une autre région : impossible pour un CPOM « EHPAD » ; sinon, l'accord
        // daté de tous les financeurs (V04), dont l'ARS de l'autre région.
        let mut d = example_dossier(&mut ids());
        d.cpom.departements.push("35".into());
        let rules = |d: &Dossier| -> Vec<(String, String)> {
            validate(d)
                .issues
                .into_iter()
                .filter(|i| i.severity == Severity::Erreur && (i.rule == "V03" || i.rule == "V04"))
                .map(|i| (i.rule, i.path))
                .collect()
        };
        let r = rules(&d);
        assert!(
            r.contains(&("V04".into(), "accords.ars:53".into())),
            "{r:?}"
        );
        // Plusieurs départements : l'accord de chaque président de département et de l'ARS.
        for a in ["cd:35", "cd:44", "ars:52"] {
            assert!(
                r.contains(&("V03".into(), format!("accords.{a}"))),
                "{a} : {r:?}"
            );
        }
        for (k, a) in ["cd:35", "cd:44", "ars:52", "ars:53"].iter().enumerate() {
            d.accords.push(crate::dossier::perimetre::Accord {
                id: uuid::Uuid::from_u128(900 + k as u128),
                autorite: (*a).into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 6, 1),
                reference: "Courrier".into(),
            });
        }
        assert_eq!(rules(&d), Vec::<(String, String)>::new());
        // Un accord sans date ne suffit pas.
        d.accords[0].date = None;
        assert_eq!(
            rules(&d),
            vec![(
                "V03".to_string(),
                format!("accords.{}.date", d.accords[0].id)
            )]
        );
        d.cpom.base_juridique = Some(BaseJuridique::IvTerL313_12);
        assert!(validate(&d).issues.iter().any(|i| i.rule == "V03"
            && i.severity == Severity::Erreur
            && i.path == "cpom.departements"));
    }

    #[test]
    fn v11_authorisation_in_progress_keeps_an_esms_out() {
        let mut d = example_dossier(&mut ids());
        d.esms[2].autorisation_en_cours = true;
        let v11: Vec<_> = validate(&d)
            .issues
            .into_iter()
            .filter(|i| i.rule == "V11")
            .collect();
        assert_eq!(v11.len(), 1);
        assert_eq!(v11[0].severity, Severity::Erreur);
        assert!(v11[0].message.contains("par avenant"), "{}", v11[0].message);
        d.esms[2].dans_perimetre = false;
        assert!(validate(&d).issues.iter().all(|i| i.rule != "V11"));
    }

    #[test]
    fn articulation_with_the_other_cpom() {
        use crate::dossier::perimetre::{Articulation, ContratLie};
        let mut d = example_dossier(&mut ids());
        let has = |d: &Dossier, r: &str| validate(d).issues.iter().any(|i| i.rule == r);
        assert!(!has(&d, "CPOM-ARTICULATION"));
        d.cpom.articulation = None;
        assert!(has(&d, "CPOM-ARTICULATION"));
        d.cpom.articulation = Some(Articulation::RegroupementSimple);
        assert!(has(&d, "CPOM-ARTICULATION"), "contrats liés à nommer");
        d.contrats_lies.push(ContratLie {
            id: uuid::Uuid::from_u128(77),
            intitule: "CPOM personnes âgées 2026-2030".into(),
            base_juridique: Some(BaseJuridique::IvTerL313_12),
            autorites: "ARS, département".into(),
            date_effet: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            date_echeance: chrono::NaiveDate::from_ymd_opt(2030, 12, 31),
        });
        assert!(!has(&d, "CPOM-ARTICULATION"));
        let dates = validate(&d)
            .issues
            .into_iter()
            .find(|i| i.rule == "CPOM-DATES")
            .expect("dates d'effet différentes");
        assert_eq!(dates.severity, Severity::Avertissement);
        d.contrats_lies[0].date_effet = d.cpom.date_effet;
        assert!(!has(&d, "CPOM-DATES"));
    }

    #[test]
    fn v05_v06_categories() {
        let mut d = example_dossier(&mut ids());
        d.esms[0].categorie = Some("362".into());
        assert!(rules(&validate(&d)).contains(&"V05"));
        d.esms[0].dans_perimetre = false;
        assert!(!rules(&validate(&d)).contains(&"V05"));
        let mut d = example_dossier(&mut ids());
        d.esms[0].categorie = Some("464".into());
        assert!(
            validate(&d)
                .issues
                .iter()
                .any(|i| i.rule == "V06" && i.severity == Severity::Information)
        );
    }

    #[test]
    fn v07_duration() {
        let mut d = example_dossier(&mut ids());
        d.cpom.duree_annees = 4;
        assert!(rules(&validate(&d)).contains(&"V07"));
        d.cpom.base_juridique = Some(BaseJuridique::L313_11);
        assert!(!rules(&validate(&d)).contains(&"V07"));
    }

    #[test]
    fn v09_legal_representative() {
        let mut d = example_dossier(&mut ids());
        d.organisme.representant_legal_qualite.clear();
        let r = validate(&d);
        assert!(
            r.issues
                .iter()
                .any(|i| i.rule == "V09" && i.path == "organisme.representant_legal_qualite")
        );
    }

    #[test]
    fn esms_checks() {
        let mut d = example_dossier(&mut ids());
        let dup = d.esms[0].finess_et.clone();
        d.esms[1].finess_et = dup;
        d.esms[2].capacites.internat = Capacite {
            autorisee: Some(10),
            installee: Some(12),
        };
        d.esms[3].categorie = Some("437".into());
        d.esms[4].finess_et = Some("440000000".into()); // clé fausse (import JSON)
        d.esms[5].competence = None;
        let r = validate(&d);
        let find = |rule: &str| {
            r.issues
                .iter()
                .find(|i| i.rule == rule)
                .unwrap_or_else(|| panic!("{rule}"))
        };
        assert_eq!(find("ESMS-DOUBLON").severity, Severity::Erreur);
        assert!(
            find("ESMS-CAPACITE")
                .message
                .contains("12 places installées pour 10 autorisées")
        );
        let closed = find("ESMS-CATEGORIE-FERMEE");
        assert!(closed.message.contains("448"), "{}", closed.message);
        assert!(find("ESMS-FINESS").message.contains("clé"));
        assert!(find("ESMS-COMPETENCE").path.ends_with(".competence"));
        let _ = Competence::Ars;
    }
}
