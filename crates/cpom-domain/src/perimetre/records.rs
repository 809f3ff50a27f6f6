//! Modification d'un champ à partir de la saisie de l'utilisateur.
//!
//! La valeur arrive telle que l'interface l'envoie (texte, booléen, liste, `null`). Une saisie
//! qui n'a pas la forme attendue (date impossible, nombre négatif, FINESS dont la clé est
//! fausse…) est refusée avec un message français : l'enregistrement n'est pas modifié. Les
//! incohérences entre champs (installée > autorisée, doublons…) ne bloquent pas la saisie :
//! elles figurent dans le rapport de validation.

use crate::kernel::parse::blank;
use crate::kernel::parse::boolean;
use crate::kernel::parse::choice;
use crate::kernel::parse::count;
use crate::kernel::parse::date;
use crate::kernel::parse::decimal;
use crate::kernel::parse::finess;
use crate::kernel::parse::line;
use crate::kernel::parse::text;
use crate::kernel::parse::unknown;
use crate::kernel::parse::{R, code_postal, departement, err};

use serde_json::Value;

use crate::dossier::perimetre::AdhesionKind;
use crate::dossier::perimetre::{
    Accord, Adhesion, Adresse, Capacites, CompetenceSource, ContratLie, Cpom, Esms, Etp, Organisme,
    VoletPa,
};
use crate::kernel::error::FieldError;
use crate::kernel::nomenclature::Competence;
use crate::kernel::pack::{pack, unknown_pack_message};
use crate::kernel::reference::reference;
use crate::kernel::siren::parse_siren;
use crate::record::editable::Editable;
use uuid::Uuid;

fn set_adresse(a: &mut Adresse, field: &str, sub: &str, v: &Value) -> R<()> {
    match sub {
        "ligne" => a.ligne = text(field, v)?,
        "code_postal" => a.code_postal = code_postal(field, v)?,
        "commune" => a.commune = line(field, v)?,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

/// Modifie un champ de l'organisme gestionnaire.
pub fn set_organisme_field(o: &mut Organisme, field: &str, v: &Value) -> R<()> {
    if let Some(sub) = field.strip_prefix("adresse_siege.") {
        return set_adresse(&mut o.adresse_siege, field, sub, v);
    }
    match field {
        "raison_sociale" => o.raison_sociale = line(field, v)?,
        "finess_ej" => o.finess_ej = finess(field, v)?,
        "siren" => {
            o.siren = if blank(v) {
                None
            } else {
                Some(parse_siren(&text(field, v)?).map_err(|m| err(field, "siren.invalide", m))?)
            }
        }
        "statut_juridique" => o.statut_juridique = choice(field, v)?,
        "representant_legal_nom" => o.representant_legal_nom = line(field, v)?,
        "representant_legal_qualite" => o.representant_legal_qualite = line(field, v)?,
        "directeur_general" => o.directeur_general = line(field, v)?,
        "referent_cpom_nom" => o.referent_cpom_nom = line(field, v)?,
        "referent_cpom_fonction" => o.referent_cpom_fonction = line(field, v)?,
        "referent_cpom_contact" => o.referent_cpom_contact = line(field, v)?,
        "valeurs_projet_associatif" => o.valeurs_projet_associatif = text(field, v)?,
        "frais_de_siege" => o.frais_de_siege = boolean(field, v)?,
        "date_arrete_frais_siege" => o.date_arrete_frais_siege = date(field, v)?,
        "date_deliberation_ca" => o.date_deliberation_ca = date(field, v)?,
        "societe_controlante" => o.societe_controlante = boolean(field, v)?,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

/// Modifie un champ des informations générales du CPOM.
pub fn set_cpom_field(c: &mut Cpom, field: &str, v: &Value) -> R<()> {
    match field {
        "base_juridique" => {
            c.base_juridique = choice(field, v)?;
            // Une base à durée fixe impose sa durée (V07).
            if let Some(b) = c.base_juridique {
                let rule = b.duration();
                if !(rule.min..=rule.max).contains(&c.duree_annees) {
                    c.duree_annees = rule.default;
                }
            }
        }
        "region" => {
            c.region = if blank(v) {
                None
            } else {
                let s = line(field, v)?;
                if reference().region(&s).is_none() {
                    return Err(err(
                        field,
                        "region.inconnue",
                        format!("« {s} » n'est pas un code de région."),
                    ));
                }
                Some(s)
            }
        }
        "pack" => {
            c.pack = if blank(v) {
                None
            } else {
                let id = line(field, v)?;
                if pack(&id).is_none() {
                    return Err(err(field, "pack.inconnu", unknown_pack_message(&id)));
                }
                Some(id)
            }
        }
        "articulation" => c.articulation = choice(field, v)?,
        "departements" => {
            let list: Vec<Value> = match v {
                Value::Array(a) => a.clone(),
                Value::Null => Vec::new(),
                _ => {
                    return Err(err(
                        field,
                        "liste.invalide",
                        "Ce champ attend une liste de départements.",
                    ));
                }
            };
            let mut out = Vec::new();
            for item in &list {
                if let Some(d) = departement(field, item)?
                    && !out.contains(&d)
                {
                    out.push(d);
                }
            }
            out.sort();
            c.departements = out;
        }
        "date_effet" => c.date_effet = date(field, v)?,
        "duree_annees" => {
            let n = count(field, v, 99)?.ok_or_else(|| {
                err(
                    field,
                    "duree.vide",
                    "La durée du CPOM est obligatoire (5 ans en règle générale).",
                )
            })?;
            if n == 0 {
                return Err(err(
                    field,
                    "duree.nulle",
                    "La durée du CPOM doit être d'au moins un an.",
                ));
            }
            if let Some(b) = c.base_juridique {
                let rule = b.duration();
                if !(u32::from(rule.min)..=u32::from(rule.max)).contains(&n) {
                    let bornes = if rule.min == rule.max {
                        format!("est de {} ans", rule.min)
                    } else {
                        format!("va de {} à {} ans", rule.min, rule.max)
                    };
                    return Err(err(
                        field,
                        "duree.hors_bornes",
                        format!(
                            "Pour ce type de CPOM, la durée {bornes} ({}).",
                            crate::kernel::sources::cite(rule.source)
                        ),
                    ));
                }
            }
            c.duree_annees = u8::try_from(n).unwrap_or(u8::MAX);
        }
        _ => return Err(unknown(field)),
    }
    Ok(())
}

/// Modifie un champ d'un ESMS. Choisir une catégorie propose le secteur et la compétence
/// tarifaire usuels (la source du défaut reste visible) ; saisir le FINESS propose le
/// département.
pub fn set_esms_field(e: &mut Esms, field: &str, v: &Value) -> R<()> {
    if let Some(sub) = field.strip_prefix("adresse.") {
        return set_adresse(&mut e.adresse, field, sub, v);
    }
    if let Some(rest) = field.strip_prefix("capacites.") {
        let (modalite, which) = rest.split_once('.').ok_or_else(|| unknown(field))?;
        let n = count(field, v, 100_000)?;
        let cap = e
            .capacites
            .get_mut(modalite)
            .ok_or_else(|| unknown(field))?;
        match which {
            "autorisee" => cap.autorisee = n,
            "installee" => cap.installee = n,
            _ => return Err(unknown(field)),
        }
        return Ok(());
    }
    if let Some(sub) = field.strip_prefix("pa.") {
        return set_pa_field(&mut e.pa, field, sub, v);
    }
    if let Some(cat) = field.strip_prefix("etp.") {
        let d = decimal(field, v)?;
        *e.etp.get_mut(cat).ok_or_else(|| unknown(field))? = d;
        return Ok(());
    }
    match field {
        "nom" => e.nom = line(field, v)?,
        "finess_et" => {
            e.finess_et = finess(field, v)?;
            if e.departement.is_none()
                && let Some(f) = &e.finess_et
            {
                let d = crate::kernel::finess::departement_of(f);
                if reference().departement(&d).is_some() {
                    e.departement = Some(d);
                }
            }
        }
        "categorie" => {
            let code = if blank(v) {
                None
            } else {
                Some(line(field, v)?)
            };
            if let Some(c) = &code {
                let cat = reference().category(c).ok_or_else(|| {
                    err(
                        field,
                        "categorie.inconnue",
                        format!("La catégorie FINESS « {c} » n'existe pas dans la nomenclature."),
                    )
                })?;
                if e.secteur.is_none() {
                    e.secteur = cat.secteur;
                }
                if e.competence_source != Some(CompetenceSource::Saisie) {
                    e.competence = cat.competence;
                    e.competence_source = cat.competence.map(|_| CompetenceSource::Categorie);
                }
            }
            e.categorie = code;
        }
        "secteur" => e.secteur = choice(field, v)?,
        "departement" => e.departement = departement(field, v)?,
        "competence" => {
            e.competence = choice::<Competence>(field, v)?;
            e.competence_source = e.competence.map(|_| CompetenceSource::Saisie);
        }
        "jours_ouverture" => {
            e.jours_ouverture = match count(field, v, 366)? {
                Some(0) => {
                    return Err(err(
                        field,
                        "jours.nul",
                        "Le nombre de jours d'ouverture doit être compris entre 1 et 366.",
                    ));
                }
                Some(n) => Some(u16::try_from(n).unwrap_or(366)),
                None => None,
            }
        }
        "public_specifique" => e.public_specifique = text(field, v)?,
        "habilitation_aide_sociale" => e.habilitation_aide_sociale = choice(field, v)?,
        "places_habilitees_aide_sociale" => {
            e.places_habilitees_aide_sociale = count(field, v, 100_000)?
        }
        "titulaire_autorisation" => e.titulaire_autorisation = line(field, v)?,
        "dans_perimetre" => e.dans_perimetre = boolean(field, v)?,
        "autorisation_en_cours" => e.autorisation_en_cours = boolean(field, v)?,
        "mode_financement" => e.mode_financement = choice(field, v)?,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

/// Modifie un champ du volet « personnes âgées » d'un ESMS.
fn set_pa_field(p: &mut VoletPa, field: &str, sub: &str, v: &Value) -> R<()> {
    match sub {
        "pasa" => p.pasa = count(field, v, 10_000)?,
        "uhr" => p.uhr = count(field, v, 10_000)?,
        "unite_protegee" => p.unite_protegee = count(field, v, 10_000)?,
        "puv" => p.puv = boolean(field, v)?,
        // GIR moyen pondéré : moyenne de poids GIR dont le plus fort (GIR 1) vaut 1 000.
        "gmp" => p.gmp = count(field, v, 1000)?,
        "gmp_date_validation" => p.gmp_date_validation = date(field, v)?,
        // PATHOS moyen pondéré : borne de saisie contre les fautes de frappe (pas une règle).
        "pmp" => p.pmp = count(field, v, 2000)?,
        "pmp_date_validation" => p.pmp_date_validation = date(field, v)?,
        "option_tarifaire" => p.option_tarifaire = choice(field, v)?,
        "mode_soins_puv" => p.mode_soins_puv = choice(field, v)?,
        "l342_1" => p.l342_1 = boolean(field, v)?,
        "ctp_date_signature" => p.ctp_date_signature = date(field, v)?,
        "ctp_date_echeance" => p.ctp_date_echeance = date(field, v)?,
        "date_convention_aide_sociale" => p.date_convention_aide_sociale = date(field, v)?,
        "forfait_soins_ra" => p.forfait_soins_ra = boolean(field, v)?,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

/// Les chemins des champs du volet « personnes âgées » (après « pa. »).
pub const PA_FIELDS: [&str; 15] = [
    "pasa",
    "uhr",
    "unite_protegee",
    "puv",
    "gmp",
    "gmp_date_validation",
    "pmp",
    "pmp_date_validation",
    "option_tarifaire",
    "mode_soins_puv",
    "l342_1",
    "ctp_date_signature",
    "ctp_date_echeance",
    "date_convention_aide_sociale",
    "forfait_soins_ra",
];

/// Modifie un champ d'une adhésion.
pub fn set_adhesion_field(a: &mut Adhesion, field: &str, v: &Value) -> R<()> {
    match field {
        "kind" => {
            a.kind = choice(field, v)?
                .ok_or_else(|| err(field, "choix.vide", "Choisissez le type d'adhésion."))?
        }
        "nom" => a.nom = line(field, v)?,
        _ => return Err(unknown(field)),
    }
    Ok(())
}

/// Les chemins de champs modifiables de l'organisme.
pub fn organisme_field_paths() -> Vec<String> {
    [
        "raison_sociale",
        "finess_ej",
        "siren",
        "statut_juridique",
        "adresse_siege.ligne",
        "adresse_siege.code_postal",
        "adresse_siege.commune",
        "representant_legal_nom",
        "representant_legal_qualite",
        "directeur_general",
        "referent_cpom_nom",
        "referent_cpom_fonction",
        "referent_cpom_contact",
        "valeurs_projet_associatif",
        "frais_de_siege",
        "date_arrete_frais_siege",
        "date_deliberation_ca",
        "societe_controlante",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Les chemins de champs modifiables du CPOM (la durée après la base juridique).
pub fn cpom_field_paths() -> Vec<String> {
    [
        "base_juridique",
        "region",
        "pack",
        "articulation",
        "departements",
        "date_effet",
        "duree_annees",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Les chemins de champs modifiables d'un ESMS (pour la documentation et les tests).
pub fn esms_field_paths() -> Vec<String> {
    let mut v: Vec<String> = [
        "nom",
        "finess_et",
        "categorie",
        "secteur",
        "departement",
        "adresse.ligne",
        "adresse.code_postal",
        "adresse.commune",
        "competence",
        "jours_ouverture",
        "public_specifique",
        "habilitation_aide_sociale",
        "places_habilitees_aide_sociale",
        "titulaire_autorisation",
        "dans_perimetre",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (m, _) in Capacites::MODALITES {
        v.push(format!("capacites.{m}.autorisee"));
        v.push(format!("capacites.{m}.installee"));
    }
    for (c, _) in Etp::CATEGORIES {
        v.push(format!("etp.{c}"));
    }
    for f in PA_FIELDS {
        v.push(format!("pa.{f}"));
    }
    v
}

// Les enregistrements de l'organisme et du périmètre (organisme, CPOM, ESMS, adhésions)
// branchés sur [`Editable`] ; leur saisie reste dans `fields.rs`.

impl Editable for Organisme {
    const LABEL: &'static str = "Organisme";
    const REQUIRED: bool = true;
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_organisme_field(self, field, v)
    }
}

impl Editable for Cpom {
    const LABEL: &'static str = "CPOM";
    const REQUIRED: bool = true;
    fn blank(_: Uuid) -> Self {
        Self::default()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_cpom_field(self, field, v)
    }
}

impl Editable for Esms {
    const LABEL: &'static str = "ESMS";
    const SYSTEM_FIELDS: &'static [&'static str] = &["competence_source"];
    fn blank(id: Uuid) -> Self {
        Self::new(id)
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn esms_scope(&self) -> Option<Uuid> {
        Some(self.id)
    }
    fn describe(&self) -> String {
        if self.nom.is_empty() {
            format!("ESMS {}", self.id)
        } else {
            format!("ESMS {}", self.nom)
        }
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_esms_field(self, field, v)
    }
}

impl Editable for Adhesion {
    const LABEL: &'static str = "Adhésion";
    fn blank(id: Uuid) -> Self {
        Self {
            id,
            kind: AdhesionKind::Autre,
            nom: String::new(),
        }
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn set_id(&mut self, id: Uuid) {
        self.id = id;
    }
    fn describe(&self) -> String {
        format!("Adhésion {}", self.nom)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        set_adhesion_field(self, field, v)
    }
}

/// L'autorité d'un accord : « cd:49 » (département connu) ou « ars:53 » (région connue).
fn autorite(field: &str, v: &Value) -> R<String> {
    let a = line(field, v)?;
    let ok = match a.split_once(':') {
        Some(("cd", d)) => reference().departement(d).is_some(),
        Some(("ars", r)) => reference().region(r).is_some(),
        _ => false,
    };
    if a.is_empty() || ok {
        Ok(a)
    } else {
        Err(err(
            field,
            "autorite.inconnue",
            format!(
                "« {a} » n'est pas une autorité : « cd:49 » pour un département, « ars:53 » pour une ARS."
            ),
        ))
    }
}

impl Editable for Accord {
    const LABEL: &'static str = "Accord d'une autorité";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("Accord {}", self.autorite)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "autorite" => self.autorite = autorite(field, v)?,
            "date" => self.date = date(field, v)?,
            "reference" => self.reference = line(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for ContratLie {
    const LABEL: &'static str = "Autre CPOM du gestionnaire";
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("CPOM lié « {} »", self.intitule)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "intitule" => self.intitule = line(field, v)?,
            "base_juridique" => self.base_juridique = choice(field, v)?,
            "autorites" => self.autorites = line(field, v)?,
            "date_effet" => self.date_effet = date(field, v)?,
            "date_echeance" => self.date_echeance = date(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    use crate::dossier::perimetre::BaseJuridique;
    use crate::kernel::nomenclature::Secteur;
    use serde_json::json;
    use uuid::Uuid;

    #[test]
    fn dates_are_checked() {
        assert_eq!(
            date("d", &json!("2026-03-21")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 21)
        );
        assert_eq!(
            date("d", &json!("21/03/2026")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 21)
        );
        assert_eq!(date("d", &json!("")).unwrap(), None);
        let e = date("d", &json!("31/02/2026")).unwrap_err();
        assert!(e.message.contains("n'existe pas"), "{}", e.message);
        assert_eq!(
            date("d", &json!("demain")).unwrap_err().code,
            "date.invalide"
        );
        assert_eq!(
            date("d", &json!("01/01/1850")).unwrap_err().code,
            "date.hors_bornes"
        );
    }

    #[test]
    fn numbers_are_checked() {
        assert_eq!(count("n", &json!("1 234"), 10_000).unwrap(), Some(1234));
        assert_eq!(
            count("n", &json!("-3"), 10).unwrap_err().code,
            "nombre.negatif"
        );
        assert_eq!(
            count("n", &json!("2,5"), 10).unwrap_err().code,
            "nombre.entier"
        );
        assert_eq!(
            decimal("n", &json!("12,50")).unwrap(),
            Some(Decimal::new(125, 1))
        );
        assert_eq!(
            decimal("n", &json!("-1")).unwrap_err().code,
            "nombre.negatif"
        );
    }

    #[test]
    fn a_wrong_finess_leaves_the_record_unchanged() {
        let mut e = Esms::new(Uuid::nil());
        set_esms_field(&mut e, "finess_et", &json!("010000016")).unwrap();
        let before = e.clone();
        let err = set_esms_field(&mut e, "finess_et", &json!("010000017")).unwrap_err();
        assert_eq!(err.code, "finess.cle");
        assert_eq!(e, before);
        // Le département est proposé d'après le FINESS.
        assert_eq!(e.departement.as_deref(), Some("01"));
    }

    #[test]
    fn category_proposes_sector_and_competence_with_source() {
        let mut e = Esms::new(Uuid::nil());
        set_esms_field(&mut e, "categorie", &json!("448")).unwrap();
        assert_eq!(e.secteur, Some(Secteur::Adultes));
        assert_eq!(e.competence, Some(Competence::Conjointe));
        assert_eq!(e.competence_source, Some(CompetenceSource::Categorie));
        set_esms_field(&mut e, "competence", &json!("ars")).unwrap();
        assert_eq!(e.competence_source, Some(CompetenceSource::Saisie));
        // Une compétence saisie n'est plus écrasée par la catégorie.
        set_esms_field(&mut e, "categorie", &json!("449")).unwrap();
        assert_eq!(e.competence, Some(Competence::Ars));
        assert_eq!(
            set_esms_field(&mut e, "categorie", &json!("999"))
                .unwrap_err()
                .code,
            "categorie.inconnue"
        );
    }

    #[test]
    fn every_esms_path_is_settable() {
        let mut e = Esms::new(Uuid::nil());
        for p in esms_field_paths() {
            let r = set_esms_field(&mut e, &p, &Value::Null);
            assert!(
                r.is_ok() || r.as_ref().unwrap_err().code != "champ.inconnu",
                "{p}: {r:?}"
            );
        }
        assert_eq!(
            set_esms_field(&mut e, "nope", &Value::Null)
                .unwrap_err()
                .code,
            "champ.inconnu"
        );
        assert_eq!(
            set_esms_field(&mut e, "capacites.internat.x", &json!("1"))
                .unwrap_err()
                .code,
            "champ.inconnu"
        );
    }

    #[test]
    fn duration_bounds_follow_the_base_juridique() {
        let mut c = Cpom::default();
        set_cpom_field(&mut c, "base_juridique", &json!("l313_12_2")).unwrap();
        assert_eq!(c.base_juridique, Some(BaseJuridique::L313_12_2));
        let e = set_cpom_field(&mut c, "duree_annees", &json!("3")).unwrap_err();
        assert_eq!(e.code, "duree.hors_bornes");
        assert!(e.message.contains("5 ans"));
        set_cpom_field(&mut c, "base_juridique", &json!("l313_11")).unwrap();
        set_cpom_field(&mut c, "duree_annees", &json!("3")).unwrap();
        assert_eq!(c.duree_annees, 3);
        // Passer à une base à durée fixe remet la durée réglementaire.
        set_cpom_field(&mut c, "base_juridique", &json!("iv_ter_l313_12")).unwrap();
        assert_eq!(c.duree_annees, 5);
        set_cpom_field(&mut c, "departements", &json!(["49", "44", "44"])).unwrap();
        assert_eq!(c.departements, vec!["44", "49"]);
        assert_eq!(
            set_cpom_field(&mut c, "departements", &json!(["99"]))
                .unwrap_err()
                .code,
            "departement.inconnu"
        );
    }

    #[test]
    fn siren_and_postal_code() {
        let mut o = Organisme::default();
        set_organisme_field(&mut o, "siren", &json!("772 201 489")).unwrap();
        assert_eq!(o.siren.as_deref(), Some("772201489"));
        assert_eq!(
            set_organisme_field(&mut o, "siren", &json!("772201488"))
                .unwrap_err()
                .code,
            "siren.invalide"
        );
        assert_eq!(
            set_organisme_field(&mut o, "adresse_siege.code_postal", &json!("4400"))
                .unwrap_err()
                .code,
            "code_postal.invalide"
        );
    }
}
