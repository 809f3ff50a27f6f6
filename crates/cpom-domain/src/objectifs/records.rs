//! Saisie des fiches-objectifs, actions et indicateurs (trait [`Editable`]).

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::objectifs::*;
use crate::kernel::error::FieldError;
use crate::kernel::parse::unknown;
use crate::kernel::parse::{
    boolean, choice, choice_list, count, date, decimal, line, lines, signed_decimal, text, uuid,
    uuid_list,
};
use crate::objectifs::listes::{besoin, orientation};
use crate::record::editable::Editable;

type R = Result<(), FieldError>;

/// Une liste de codes d'une liste de référence (`known` dit si le code existe).
fn codes(
    field: &str,
    v: &Value,
    known: impl Fn(&str) -> bool,
    what: &str,
) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for c in lines(field, v)? {
        if !known(&c) {
            return Err(FieldError::new(
                field,
                "code.inconnu",
                format!("« {c} » ne fait pas partie de la liste {what}."),
            ));
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

impl Editable for Objectif {
    const LABEL: &'static str = "Fiche-objectif";
    crate::record::editable::uuid_identity!();
    /// Une fiche propre à un seul ESMS se délègue à sa direction (kit de contribution) ; une
    /// fiche partagée ou multi-ESMS reste au siège.
    fn esms_scope(&self) -> Option<Uuid> {
        match (self.portee, self.esms.as_slice()) {
            (PorteeObjectif::Propre, [one]) => Some(*one),
            _ => None,
        }
    }
    fn describe(&self) -> String {
        format!("Objectif « {} »", self.titre)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "titre" => self.titre = line(field, v)?,
            "axe" => self.axe = choice(field, v)?,
            "minimums" => self.minimums = choice_list(field, v)?,
            "portee" => self.portee = choice(field, v)?.unwrap_or_default(),
            "esms" => self.esms = uuid_list(field, v)?,
            "autorites" => self.autorites = choice(field, v)?,
            "constats" => self.constats = uuid_list(field, v)?,
            "pilote" => self.pilote = line(field, v)?,
            "statut" => self.statut = choice(field, v)?.unwrap_or_default(),
            "cadre_reglementaire" => self.cadre_reglementaire = text(field, v)?,
            "orientations_prs" => {
                self.orientations_prs = codes(
                    field,
                    v,
                    |c| orientation(c).is_some(),
                    "des orientations du PRS",
                )?
            }
            "schema_departemental" => self.schema_departemental = text(field, v)?,
            "constats_territoriaux" => self.constats_territoriaux = text(field, v)?,
            "constats_organisme" => self.constats_organisme = text(field, v)?,
            "besoins_serafin" => {
                self.besoins_serafin =
                    codes(field, v, |c| besoin(c).is_some(), "des besoins SERAFIN-PH")?
            }
            "etat_des_lieux" => self.etat_des_lieux = text(field, v)?,
            "situation_visee" => self.situation_visee = text(field, v)?,
            "objectif_operationnel" => self.objectif_operationnel = text(field, v)?,
            "points_vigilance" => self.points_vigilance = text(field, v)?,
            "objectifs_chiffres" => self.objectifs_chiffres = text(field, v)?,
            "nature_moyens" => self.nature_moyens = choice(field, v)?,
            "montant_moyens" => self.montant_moyens = decimal(field, v)?,
            "impact_pgfp" => self.impact_pgfp = boolean(field, v)?,
            "themes_ehpad" => self.themes_ehpad = choice_list(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

impl Editable for ReglagesObjectifs {
    const LABEL: &'static str = "Réglages des objectifs";
    crate::record::editable::singleton_blank!();
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "seuil_objectifs" => self.seuil_objectifs = count(field, v, 200)?,
            "seuil_annee1" => self.seuil_annee1 = count(field, v, 100)?.map(|n| n as u8),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

fn parent_objectif(field: &str, v: &Value) -> Result<Uuid, FieldError> {
    uuid(field, v)?.ok_or_else(|| {
        FieldError::new(
            field,
            "objectif.requis",
            "Rattachez l'élément à une fiche-objectif.",
        )
    })
}

impl Editable for Action {
    const LABEL: &'static str = "Action";
    const KEY_FIELDS: &'static [&'static str] = &["objectif"];
    const PARENT_FIELD: Option<&'static str> = Some("objectif");
    crate::record::editable::uuid_identity!();
    /// Une action menée dans un seul ESMS se délègue à sa direction.
    fn esms_scope(&self) -> Option<Uuid> {
        match self.esms.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
    fn describe(&self) -> String {
        format!("Action « {} »", self.libelle)
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        match field {
            "objectif" => self.objectif = parent_objectif(field, v)?,
            "libelle" => self.libelle = line(field, v)?,
            "description" => self.description = text(field, v)?,
            "esms" => self.esms = uuid_list(field, v)?,
            "taches" => self.taches = lines(field, v)?,
            "debut" | "fin" => {
                let d = date(field, v)?;
                let (debut, fin) = if field == "debut" {
                    (d, self.fin)
                } else {
                    (self.debut, d)
                };
                if let (Some(a), Some(b)) = (debut, fin)
                    && b < a
                {
                    return Err(FieldError::new(
                        field,
                        "action.dates_ordre",
                        "La fin de l'action ne peut précéder son début.",
                    ));
                }
                self.debut = debut;
                self.fin = fin;
            }
            "referent" => self.referent = line(field, v)?,
            "personnes_ressources" => self.personnes_ressources = text(field, v)?,
            "partenaires" => self.partenaires = lines(field, v)?,
            "depend_partenaire" => self.depend_partenaire = boolean(field, v)?,
            "moyens" => self.moyens = text(field, v)?,
            "statut" => self.statut = choice(field, v)?.unwrap_or_default(),
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// « cibles_annuelles.3 » → indice 2 (années 1 à 5 du contrat).
fn year_slot(field: &str, sub: &str) -> Result<usize, FieldError> {
    match sub.parse::<usize>() {
        Ok(n) if (1..=ANNEES_CIBLES).contains(&n) => Ok(n - 1),
        _ => Err(FieldError::new(
            field,
            "annee_contrat.invalide",
            format!("Les années du contrat vont de 1 à {ANNEES_CIBLES}."),
        )),
    }
}

fn set_year(
    slots: &mut Vec<Option<rust_decimal::Decimal>>,
    i: usize,
    x: Option<rust_decimal::Decimal>,
) {
    if slots.len() < ANNEES_CIBLES {
        slots.resize(ANNEES_CIBLES, None);
    }
    slots[i] = x;
    if slots.iter().all(Option::is_none) {
        slots.clear();
    }
}

impl Editable for IndicateurObjectif {
    const LABEL: &'static str = "Indicateur d'objectif";
    const KEY_FIELDS: &'static [&'static str] = &["objectif"];
    const PARENT_FIELD: Option<&'static str> = Some("objectif");
    crate::record::editable::uuid_identity!();
    fn describe(&self) -> String {
        format!("Indicateur « {} »", self.libelle)
    }
    fn import_fields(row: &Value) -> Vec<(String, Value)> {
        // Les listes annuelles se rejouent case par case.
        crate::record::editable::import_fields_with_lists(
            row,
            &["cibles_annuelles", "realise"],
            "objectif",
        )
    }
    fn set_field(&mut self, field: &str, v: &Value) -> R {
        if let Some(sub) = field.strip_prefix("cibles_annuelles.") {
            let i = year_slot(field, sub)?;
            set_year(&mut self.cibles_annuelles, i, signed_decimal(field, v)?);
            return Ok(());
        }
        if let Some(sub) = field.strip_prefix("realise.") {
            let i = year_slot(field, sub)?;
            set_year(&mut self.realise, i, signed_decimal(field, v)?);
            return Ok(());
        }
        match field {
            "objectif" => self.objectif = parent_objectif(field, v)?,
            "libelle" => self.libelle = line(field, v)?,
            "nature" => self.nature = choice(field, v)?.unwrap_or_default(),
            "mode_calcul" => self.mode_calcul = text(field, v)?,
            "source" => self.source = line(field, v)?,
            "unite" => self.unite = line(field, v)?,
            "valeur_initiale" => self.valeur_initiale = signed_decimal(field, v)?,
            "cible_mi_parcours" => self.cible_mi_parcours = signed_decimal(field, v)?,
            "cible_finale" => self.cible_finale = signed_decimal(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}
