//! Ce que désignent les noms du descripteur : collections des tableaux (une ligne par ESMS,
//! par indicateur…), enregistrements uniques des champs, axes des grilles et listes
//! déroulantes. **Le seul endroit à compléter** quand une donnée nouvelle arrive : une
//! branche de `match` par nom.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::diagnostic::catalogue::catalogue;
use crate::dossier::Dossier;
use crate::dossier::diagnostic::{AUTORITES, INDICATEURS_FINANCIERS, NATURES_RESERVES};
use crate::dossier::diagnostic::{AnnexeIndicateur, NiveauIndicateur, SourceValeur};
use crate::dossier::perimetre::{
    Esms, Etp, HabilitationAideSociale, ModeSoinsPuv, OptionTarifaire, StatutJuridique,
};
use crate::dossier::signature::NatureFinancementComplementaire;
use crate::kernel::nomenclature::{Competence, Secteur};
use crate::kernel::reference::reference;
use crate::workbook::descriptor::Template;

/// Une ligne d'un tableau.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    /// Écrit dans la colonne clé cachée : l'UUID de l'enregistrement (ou de l'ESMS pour une
    /// ligne par ESMS dont l'enregistrement n'existe pas encore).
    pub key: Uuid,
    /// L'enregistrement existant et son contenu JSON.
    pub record: Option<(Uuid, Value)>,
    /// Champs à renseigner pour créer l'enregistrement (clé, parent).
    pub create: Vec<(String, Value)>,
    pub esms: Option<&'a Esms>,
    /// Libellé de la ligne dans l'aperçu des différences.
    pub label: String,
    /// Contenu lu par les cellules quand il diffère de l'enregistrement (valeurs d'affichage
    /// ajoutées, années numérotées à partir de 1) ; `None` : le contenu de l'enregistrement.
    pub display: Option<Value>,
}

/// Une ligne par ESMS, l'enregistrement existant (s'il y en a un) ou à créer pour l'ESMS.
fn per_esms<'a>(
    kind: &'static str,
    esms: Vec<&'a Esms>,
    find: impl Fn(&Esms) -> Option<(Uuid, Value)>,
) -> Collection<'a> {
    Collection::Bound {
        kind,
        items: esms
            .into_iter()
            .map(|e| Item {
                key: e.id,
                record: find(e),
                create: vec![("esms".into(), json!(e.id.to_string()))],
                esms: Some(e),
                label: e.nom.clone(),
                display: None,
            })
            .collect(),
        new_row: None,
    }
}

/// Les fiches-objectifs actives, avec des valeurs d'affichage : numéro, libellés des
/// orientations du PRS, avancement (part des actions réalisées).
fn objectifs(d: &Dossier) -> Collection<'_> {
    use crate::objectifs::listes::orientation;
    let items = d
        .objectifs
        .actifs()
        .enumerate()
        .map(|(k, o)| {
            let mut json = value(o);
            let actions: Vec<_> = d.objectifs.actions_of(o.id).collect();
            let done = actions
                .iter()
                .filter(|a| a.statut == crate::dossier::objectifs::StatutAction::Realisee)
                .count();
            json["numero"] = json!((k + 1).to_string());
            json["orientations"] = json!(
                o.orientations_prs
                    .iter()
                    .map(|c| orientation(c).map_or(c.clone(), |x| x.libelle.clone()))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            json["avancement"] = json!(if actions.is_empty() {
                String::new()
            } else {
                (done * 100 / actions.len()).to_string()
            });
            Item {
                key: o.id,
                record: Some((o.id, value(o))),
                create: Vec::new(),
                esms: None,
                label: format!("Objectif {} « {} »", k + 1, o.titre),
                display: Some(json),
            }
        })
        .collect();
    Collection::Bound {
        kind: "objectif",
        items,
        new_row: Some(Vec::new()),
    }
}

/// Le numéro d'affichage de la fiche `id` (« 3 »).
fn numero(d: &Dossier, id: Uuid) -> String {
    d.objectifs.numero(id).map_or("?".into(), |n| n.to_string())
}

/// Les actions des fiches actives, avec le numéro de leur fiche.
fn actions(d: &Dossier) -> Collection<'_> {
    let actifs: Vec<Uuid> = d.objectifs.actifs().map(|o| o.id).collect();
    let items = d
        .objectifs
        .actions
        .iter()
        .filter(|a| actifs.contains(&a.objectif))
        .map(|a| {
            let mut json = value(a);
            json["numero_objectif"] = json!(numero(d, a.objectif));
            Item {
                key: a.id,
                record: Some((a.id, value(a))),
                create: Vec::new(),
                esms: None,
                label: format!(
                    "Objectif {} — action « {} »",
                    numero(d, a.objectif),
                    a.libelle
                ),
                display: Some(json),
            }
        })
        .collect();
    // Une action ajoutée dans le classeur n'a pas de fiche : elle s'ajoute dans l'application.
    Collection::Bound {
        kind: "action",
        items,
        new_row: None,
    }
}

/// Les indicateurs des fiches actives (années « realise.N » comptées à partir de 1 : voir
/// `registry::at_path`).
fn indicateurs_objectif(d: &Dossier) -> Collection<'_> {
    let actifs: Vec<Uuid> = d.objectifs.actifs().map(|o| o.id).collect();
    let items = d
        .objectifs
        .indicateurs
        .iter()
        .filter(|i| actifs.contains(&i.objectif))
        .map(|i| {
            let mut json = value(i);
            json["numero_objectif"] = json!(numero(d, i.objectif));
            Item {
                key: i.id,
                record: Some((i.id, value(i))),
                create: Vec::new(),
                esms: None,
                label: format!(
                    "Objectif {} — indicateur « {} »",
                    numero(d, i.objectif),
                    i.libelle
                ),
                display: Some(json),
            }
        })
        .collect();
    Collection::Bound {
        kind: "indicateur_objectif",
        items,
        new_row: None,
    }
}

/// Les lignes du suivi (classeur « suivi-objectifs » v2) : une par élément du contrat
/// (objectif, action, indicateur des fiches actives), liée à son enregistrement d'exécution
/// (existant, ou créé à l'import avec l'élément et son ESMS) ; les cellules du contrat sont
/// affichées depuis l'élément.
fn suivi<'a, T: serde::Serialize>(
    d: &'a Dossier,
    kind: &'static str,
    key_field: &str,
    items: Vec<(Uuid, &T, String, Option<Uuid>)>,
    existing: impl Fn(Uuid) -> Option<(Uuid, Value)>,
) -> Collection<'a> {
    let items = items
        .into_iter()
        .map(|(id, x, label, esms)| {
            let record = existing(id);
            let mut json = value(x);
            if let (Value::Object(m), Some((_, Value::Object(r)))) = (&mut json, &record) {
                for (k, v) in r {
                    if k != "id" {
                        m.insert(k.clone(), v.clone());
                    }
                }
            }
            let mut create = vec![(key_field.to_string(), json!(id.to_string()))];
            if let Some(e) = esms {
                create.push(("esms".into(), json!(e.to_string())));
            }
            Item {
                key: id,
                record,
                create,
                esms: esms_of(d, esms),
                label,
                display: Some(json),
            }
        })
        .collect();
    Collection::Bound {
        kind,
        items,
        new_row: None,
    }
}

fn suivi_objectifs(d: &Dossier) -> Collection<'_> {
    let items = d
        .objectifs
        .actifs()
        .enumerate()
        .map(|(k, o)| {
            (
                o.id,
                o,
                format!("Objectif {} « {} »", k + 1, o.titre),
                crate::suivi::calc::esms_de_objectif(d, o.id),
            )
        })
        .collect::<Vec<_>>();
    let numbered: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(k, (id, o, l, e))| {
            let mut v = value(*o);
            v["numero"] = json!((k + 1).to_string());
            (*id, v, l.clone(), *e)
        })
        .collect();
    let list: Vec<(Uuid, &Value, String, Option<Uuid>)> = numbered
        .iter()
        .map(|(id, v, l, e)| (*id, v, l.clone(), *e))
        .collect();
    suivi(d, "appreciation_objectif", "objectif", list, |id| {
        d.suivi_contrat
            .objectifs
            .iter()
            .find(|a| a.objectif == id)
            .map(|a| (a.id, value(a)))
    })
}

fn suivi_actions(d: &Dossier) -> Collection<'_> {
    let actifs: Vec<Uuid> = d.objectifs.actifs().map(|o| o.id).collect();
    let rows: Vec<(Uuid, Value, String, Option<Uuid>)> = d
        .objectifs
        .actions
        .iter()
        .filter(|a| actifs.contains(&a.objectif))
        .map(|a| {
            let mut v = value(a);
            v["numero_objectif"] = json!(numero(d, a.objectif));
            (
                a.id,
                v,
                format!(
                    "Objectif {} — action « {} »",
                    numero(d, a.objectif),
                    a.libelle
                ),
                crate::suivi::calc::esms_de_action(d, a.id),
            )
        })
        .collect();
    let list = rows
        .iter()
        .map(|(id, v, l, e)| (*id, v, l.clone(), *e))
        .collect();
    suivi(d, "avancement_action", "action", list, |id| {
        d.suivi_contrat
            .actions
            .iter()
            .find(|a| a.action == id)
            .map(|a| (a.id, value(a)))
    })
}

fn suivi_indicateurs(d: &Dossier) -> Collection<'_> {
    let actifs: Vec<Uuid> = d.objectifs.actifs().map(|o| o.id).collect();
    let rows: Vec<(Uuid, Value, String, Option<Uuid>)> = d
        .objectifs
        .indicateurs
        .iter()
        .filter(|i| actifs.contains(&i.objectif))
        .map(|i| {
            let mut v = value(i);
            v["numero_objectif"] = json!(numero(d, i.objectif));
            // Le réalisé vient du suivi, pas du contrat.
            v["realise"] = json!([]);
            (
                i.id,
                v,
                format!(
                    "Objectif {} — indicateur « {} »",
                    numero(d, i.objectif),
                    i.libelle
                ),
                crate::suivi::calc::esms_de_objectif(d, i.objectif),
            )
        })
        .collect();
    let list = rows
        .iter()
        .map(|(id, v, l, e)| (*id, v, l.clone(), *e))
        .collect();
    suivi(d, "realisation_indicateur", "indicateur", list, |id| {
        d.suivi_contrat
            .indicateurs
            .iter()
            .find(|r| r.indicateur == id)
            .map(|r| (r.id, value(r)))
    })
}

/// Une collection nommée.
#[derive(Debug, Clone)]
pub enum Collection<'a> {
    Bound {
        /// Type d'enregistrement (`RecordKind`).
        kind: &'static str,
        items: Vec<Item<'a>>,
        /// Champs fixés pour une ligne ajoutée dans le classeur ; `None` : ajout impossible.
        new_row: Option<Vec<(String, Value)>>,
    },
    /// Donnée pas encore modélisée (objectifs, actions… : issue 4) : en-têtes et lignes
    /// vides exportés, valeurs ignorées à l'import.
    Pending,
}

fn code<T: serde::Serialize>(x: T) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn value<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

fn esms_of(d: &Dossier, id: Option<Uuid>) -> Option<&Esms> {
    id.and_then(|id| d.esms.iter().find(|e| e.id == id))
}

fn indicateurs(d: &Dossier, annexe: AnnexeIndicateur) -> Collection<'_> {
    let items = d
        .diagnostic
        .indicateurs
        .iter()
        .filter(|i| i.annexe == annexe)
        .map(|i| {
            let esms = esms_of(d, i.esms);
            Item {
                key: i.id,
                record: Some((i.id, value(i))),
                create: Vec::new(),
                esms,
                label: format!(
                    "{} — {}",
                    esms.map_or("(ESMS ?)", |e| e.nom.as_str()),
                    i.libelle
                ),
                display: None,
            }
        })
        .collect();
    Collection::Bound {
        kind: "indicateur",
        items,
        new_row: Some(vec![("annexe".into(), json!(code(annexe)))]),
    }
}

/// La collection `name`, ou `None` si le nom est inconnu.
pub fn collection<'a>(name: &str, d: &'a Dossier) -> Option<Collection<'a>> {
    Some(match name {
        "esms" => Collection::Bound {
            kind: "esms",
            items: d
                .perimetre()
                .map(|e| Item {
                    key: e.id,
                    record: Some((e.id, value(e))),
                    create: Vec::new(),
                    esms: Some(e),
                    label: e.nom.clone(),
                    display: None,
                })
                .collect(),
            new_row: Some(Vec::new()),
        },
        "indicateurs_flash" => indicateurs(d, AnnexeIndicateur::Flash),
        "indicateurs_anap" => indicateurs(d, AnnexeIndicateur::Anap),
        "complementaires" => Collection::Bound {
            kind: "indicateur_complementaire",
            items: d
                .diagnostic
                .complementaires
                .iter()
                .map(|i| Item {
                    key: i.id,
                    record: Some((i.id, value(i))),
                    create: Vec::new(),
                    esms: esms_of(d, i.esms),
                    label: i.libelle.clone(),
                    display: None,
                })
                .collect(),
            new_row: Some(Vec::new()),
        },
        // Une ligne par ESMS du secteur enfance (jeunes adultes maintenus, guide PdL
        // L625-L629) et par ESMS déjà renseigné.
        "creton" => Collection::Bound {
            kind: "creton",
            items: d
                .perimetre()
                .filter(|e| {
                    e.secteur == Some(Secteur::Enfance)
                        || d.diagnostic.creton.iter().any(|c| c.esms == Some(e.id))
                })
                .map(|e| {
                    let rec = d.diagnostic.creton.iter().find(|c| c.esms == Some(e.id));
                    Item {
                        key: e.id,
                        record: rec.map(|c| (c.id, value(c))),
                        create: vec![("esms".into(), json!(e.id.to_string()))],
                        esms: Some(e),
                        label: e.nom.clone(),
                        display: None,
                    }
                })
                .collect(),
            new_row: None,
        },
        "objectifs" => objectifs(d),
        "actions" => actions(d),
        "indicateurs_objectif" => indicateurs_objectif(d),
        "suivi_objectifs" => suivi_objectifs(d),
        "suivi_actions" => suivi_actions(d),
        "suivi_indicateurs" => suivi_indicateurs(d),
        // Une ligne par ESMS de la dotation globalisée commune (enveloppe PH, assurance
        // maladie) : les établissements pour personnes âgées ont leurs forfaits.
        "repartition" => per_esms(
            "repartition_dotation",
            crate::perimetre::regime::dotation_ph(d),
            |e| {
                d.signature
                    .repartition
                    .iter()
                    .find(|r| r.esms == e.id)
                    .map(|r| (r.id, value(r)))
            },
        ),
        "budgets" => per_esms(
            "budget_reference",
            d.perimetre()
                .filter(|e| !crate::perimetre::regime::is_pa(e))
                .collect(),
            |e| {
                d.signature
                    .budgets
                    .iter()
                    .find(|b| b.esms == e.id)
                    .map(|b| (b.id, value(b)))
            },
        ),
        // Établissements et services pour personnes âgées (volet PA de l'annexe 1).
        "esms_pa" => Collection::Bound {
            kind: "esms",
            items: d
                .perimetre()
                .filter(|e| crate::perimetre::regime::is_pa(e))
                .map(|e| Item {
                    key: e.id,
                    record: Some((e.id, value(e))),
                    create: Vec::new(),
                    esms: Some(e),
                    label: e.nom.clone(),
                    display: None,
                })
                .collect(),
            new_row: None,
        },
        // Une ligne par ESMS pour personnes âgées (forfaits et tarifs).
        "moyens_pa" => per_esms(
            "moyens_pa",
            d.perimetre()
                .filter(|e| crate::perimetre::regime::is_pa(e))
                .collect(),
            |e| {
                d.signature
                    .moyens_pa
                    .iter()
                    .find(|m| m.esms == e.id)
                    .map(|m| (m.id, value(m)))
            },
        ),
        "financements_complementaires" => Collection::Bound {
            kind: "financement_complementaire",
            items: d
                .signature
                .financements_complementaires
                .iter()
                .map(|f| {
                    let e = esms_of(d, Some(f.esms));
                    Item {
                        key: f.id,
                        record: Some((f.id, value(f))),
                        create: Vec::new(),
                        esms: e,
                        label: format!(
                            "{} — {}",
                            e.map_or("(ESMS ?)", |e| e.nom.as_str()),
                            f.nature.label()
                        ),
                        display: None,
                    }
                })
                .collect(),
            new_row: Some(Vec::new()),
        },
        "affectations" => Collection::Bound {
            kind: "affectation",
            items: d
                .signature
                .affectations
                .iter()
                .map(|a| Item {
                    key: a.id,
                    record: Some((a.id, value(a))),
                    create: Vec::new(),
                    esms: esms_of(d, a.esms),
                    label: a
                        .annee
                        .map_or("Affectation".into(), |y| format!("Affectation {y}")),
                    display: None,
                })
                .collect(),
            new_row: Some(Vec::new()),
        },
        _ => return None,
    })
}

/// Un enregistrement unique désigné par la racine d'un champ (« organisme.raison_sociale »).
#[derive(Debug, Clone)]
pub enum Singleton {
    Record {
        kind: &'static str,
        json: Value,
    },
    /// Pas encore modélisé (éléments financiers de l'annexe 5 : issue 4).
    Pending,
}

pub fn singleton(root: &str, d: &Dossier) -> Option<Singleton> {
    Some(match root {
        "organisme" => Singleton::Record {
            kind: "organisme",
            json: value(&d.organisme),
        },
        "cpom" => Singleton::Record {
            kind: "cpom",
            json: value(&d.cpom),
        },
        "finances" => Singleton::Record {
            kind: "finances",
            json: value(&d.diagnostic.finances),
        },
        "engagement" => Singleton::Record {
            kind: "engagement",
            json: value(&d.lancement.engagement),
        },
        "moyens" => Singleton::Record {
            kind: "moyens",
            json: value(&d.signature.moyens),
        },
        _ => return None,
    })
}

/// Les lignes ou colonnes d'une grille : (clé dans le chemin du champ, libellé).
pub fn grid_axis(name: &str, d: &Dossier) -> Option<Vec<(String, String)>> {
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(k, l)| (k.to_string(), l.to_string()))
            .collect()
    };
    let years = |v: Vec<i32>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect()
    };
    Some(match name {
        "autorites" => pairs(&AUTORITES),
        "natures_reserves" => pairs(&NATURES_RESERVES),
        "indicateurs_financiers" => INDICATEURS_FINANCIERS
            .iter()
            .map(|(k, l, u)| (k.to_string(), format!("{l} ({u})")))
            .collect(),
        "categories_pro" => pairs(&Etp::CATEGORIES),
        "annees_retrospectives" => years(crate::diagnostic::calc::annees(d).retrospectives),
        "annees_retraites" | "annees_contrat" => {
            years(crate::diagnostic::calc::annees(d).retraites)
        }
        "montant" => vec![(String::new(), "Montant".into())],
        "frais_siege" => vec![(String::new(), "Frais de siège".into())],
        "categories_esms" => {
            let mut cats: Vec<String> = d.perimetre().filter_map(|e| e.categorie.clone()).collect();
            for m in d.diagnostic.finances.effectifs.values() {
                cats.extend(m.keys().cloned());
            }
            cats.sort();
            cats.dedup();
            cats.into_iter()
                .map(|c| {
                    let label = reference().category_label(&c);
                    (c, label)
                })
                .collect()
        }
        // Groupes fonctionnels de dépenses (TDB, colonnes 278-280, reference-facts §4.2).
        "groupes_depenses" => pairs(&[
            (
                "groupe_1",
                "Groupe 1 : dépenses afférentes à l'exploitation courante",
            ),
            ("groupe_2", "Groupe 2 : dépenses afférentes au personnel"),
            ("groupe_3", "Groupe 3 : dépenses afférentes à la structure"),
        ]),
        _ => return None,
    })
}

/// Une liste déroulante : (code enregistré, libellé affiché). Les listes du modèle d'abord.
pub fn list(name: &str, d: &Dossier, t: &Template) -> Option<Vec<(String, String)>> {
    if let Some(l) = t.listes.get(name) {
        return Some(l.valeurs.clone());
    }
    Some(match name {
        "statut_juridique" => StatutJuridique::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "competence" => [Competence::Ars, Competence::Cd, Competence::Conjointe]
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "secteur" => [Secteur::Enfance, Secteur::Adultes, Secteur::PersonnesAgees]
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "habilitation" => HabilitationAideSociale::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "niveau_indicateur" => NiveauIndicateur::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "source_valeur" => SourceValeur::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "unite_ratio" => vec![
            ("pourcentage".into(), "Pourcentage".into()),
            ("ratio".into(), "Ratio".into()),
        ],
        "option_tarifaire" => OptionTarifaire::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "mode_soins_puv" => ModeSoinsPuv::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "nature_financement" => NatureFinancementComplementaire::ALL
            .iter()
            .map(|s| (code(s), s.label().to_string()))
            .collect(),
        "oui_non" => vec![
            ("true".into(), "Oui".into()),
            ("false".into(), "Non".into()),
        ],
        "oui_non_heterogene" => catalogue()
            .data
            .reponses_oui_non
            .iter()
            .map(|c| (c.valeur.clone(), c.libelle.clone()))
            .collect(),
        "finess_perimetre" => d
            .perimetre()
            .filter_map(|e| Some((e.id.to_string(), e.finess_et.clone()?)))
            .collect(),
        _ => return None,
    })
}
