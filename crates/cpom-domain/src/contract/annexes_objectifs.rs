//! Les annexes des objectifs : fiches-objectifs sous la forme du modèle (Pays de la Loire,
//! ANAP ou PACA : voir `objectifs/model.rs`), tableau récapitulatif, liste des objectifs de
//! l'article 3, et une fiche seule (ce qu'un directeur envoie au siège pour relecture).

use crate::clauses::modeles::FormeFiche;
use uuid::Uuid;

use crate::contract::blocks::{Out, objectifs_gap};
use crate::contract::document::{Align, Block, Column, Span, Table};
use crate::dossier::Dossier;
use crate::dossier::objectifs::{
    Action, IndicateurObjectif, NatureIndicateur, Objectif, PorteeObjectif,
};
use crate::kernel::format;
use crate::objectifs::calc::esms_of;
use crate::objectifs::calc::{grille_annuelle, recapitulatif};
use crate::objectifs::listes::{besoin, orientation};

fn h(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        toc: false,
        new_page: false,
    }
}

fn p(text: impl Into<String>) -> Block {
    Block::Paragraph {
        spans: vec![Span::plain(text)],
        align: Align::Justify,
    }
}

fn label_value(label: &str, value: &str) -> Block {
    let v = value.trim();
    Block::Paragraph {
        spans: vec![
            Span::bold(format!("{label} : ")),
            Span::plain(if v.is_empty() { "—" } else { v }),
        ],
        align: Align::Justify,
    }
}

fn table(columns: Vec<Column>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        columns,
        rows,
        first_column_bold: false,
        header: true,
        total_row: false,
    })
}

fn dec(x: Option<rust_decimal::Decimal>, unite: &str) -> String {
    match x {
        None => "—".into(),
        Some(v) if unite.trim() == "%" => format!("{} %", format::decimal_trim(v)),
        Some(v) => format::decimal_trim(v),
    }
}

fn date(x: Option<chrono::NaiveDate>) -> String {
    x.map_or("—".into(), format::date_short)
}

fn esms_names(d: &Dossier, o: &Objectif) -> String {
    match o.portee {
        PorteeObjectif::Partage => "Objectif partagé : tous les ESMS du CPOM".into(),
        PorteeObjectif::Propre => {
            let names: Vec<String> = esms_of(d, o).iter().map(|e| e.nom.clone()).collect();
            format!("Objectif propre à : {}", names.join(", "))
        }
    }
}

fn indicator_rows(list: &[&IndicateurObjectif]) -> Vec<Vec<String>> {
    list.iter()
        .map(|i| {
            vec![
                i.libelle.clone(),
                i.mode_calcul.clone(),
                dec(i.valeur_initiale, &i.unite),
                dec(i.cible_mi_parcours, &i.unite),
                dec(i.cible_finale, &i.unite),
            ]
        })
        .collect()
}

fn indicator_table(list: &[&IndicateurObjectif], mid: bool) -> Block {
    let mut cols = vec![
        Column::new("Indicateur", 2.0),
        Column::new("Mode de calcul", 2.6),
        Column::new("Année de signature", 1.0).right(),
    ];
    if mid {
        cols.push(Column::new("Cible à mi-parcours", 1.0).right());
    }
    cols.push(Column::new("Cible en fin de CPOM", 1.0).right());
    let rows = indicator_rows(list)
        .into_iter()
        .map(|mut r| {
            if !mid {
                r.remove(3);
            }
            r
        })
        .collect();
    table(cols, rows)
}

fn action_rows(actions: &[&Action]) -> Vec<Vec<String>> {
    actions
        .iter()
        .map(|a| {
            vec![
                a.libelle.clone(),
                a.partenaires.join(", "),
                a.referent.clone(),
                date(a.debut),
                date(a.fin),
            ]
        })
        .collect()
}

fn action_table(actions: &[&Action], partners_title: &str) -> Block {
    table(
        vec![
            Column::new("Action", 2.8),
            Column::new(partners_title, 1.8),
            Column::new("Référent", 1.4),
            Column::new("Début", 0.9),
            Column::new("Fin", 0.9),
        ],
        action_rows(actions),
    )
}

/// Une fiche sous la forme demandée.
pub fn fiche(d: &Dossier, o: &Objectif, forme: FormeFiche, level: u8) -> Vec<Block> {
    let n = d.objectifs.numero(o.id).unwrap_or(0);
    let actions: Vec<&Action> = d.objectifs.actions_of(o.id).collect();
    let indicateurs: Vec<&IndicateurObjectif> = d.objectifs.indicateurs_of(o.id).collect();
    let axe = o
        .axe
        .map(|a| format!("Axe {} — {}", a.number(), a.label()))
        .unwrap_or_default();
    let mut b = vec![h(level, format!("Fiche {n} — {}", o.titre))];
    b.push(label_value("Axe stratégique", &axe));
    b.push(label_value("Périmètre", &esms_names(d, o)));
    b.push(label_value(
        "Autorité(s) engagée(s)",
        o.autorites.map_or("", |a| a.label()),
    ));
    b.push(label_value("Pilote", &o.pilote));
    match forme {
        FormeFiche::Pdl => pdl(d, o, &actions, &indicateurs, level, &mut b),
        FormeFiche::Anap => anap(o, &actions, &indicateurs, level, &mut b),
        FormeFiche::Paca => paca(d, o, &actions, &indicateurs, level, &mut b),
    }
    b
}

fn constats(d: &Dossier, o: &Objectif) -> Vec<String> {
    o.constats
        .iter()
        .filter_map(|id| d.diagnostic.synthese.iter().find(|s| s.id == *id))
        .map(|s| format!("{} : {}", s.nature.label(), s.texte))
        .collect()
}

fn bullets(items: Vec<String>) -> Block {
    Block::Bullets {
        items: items.into_iter().map(|s| vec![Span::plain(s)]).collect(),
    }
}

fn pdl(
    d: &Dossier,
    o: &Objectif,
    actions: &[&Action],
    indicateurs: &[&IndicateurObjectif],
    level: u8,
    b: &mut Vec<Block>,
) {
    b.push(h(level + 1, "1 — Le contexte"));
    b.push(label_value(
        "Cadre de référence réglementaire",
        &o.cadre_reglementaire,
    ));
    let orientations: Vec<String> = o
        .orientations_prs
        .iter()
        .map(|id| orientation(id).map_or(id.clone(), |x| x.libelle.clone()))
        .collect();
    b.push(label_value(
        "Orientations du Projet régional de santé",
        &orientations.join(" ; "),
    ));
    b.push(label_value(
        "Référence au schéma départemental",
        &o.schema_departemental,
    ));
    b.push(label_value(
        "Constats et enjeux territoriaux",
        &o.constats_territoriaux,
    ));
    b.push(label_value(
        "Constats et enjeux de l'organisme gestionnaire",
        &o.constats_organisme,
    ));
    let c = constats(d, o);
    if !c.is_empty() {
        b.push(p(
            "Constats du diagnostic partagé auxquels l'objectif répond :",
        ));
        b.push(bullets(c));
    }
    let besoins: Vec<String> = o
        .besoins_serafin
        .iter()
        .map(|c| besoin(c).map_or(c.clone(), |x| format!("{c} {}", x.libelle)))
        .collect();
    b.push(label_value(
        "Besoins visés (nomenclature SERAFIN-PH)",
        &besoins.join(" ; "),
    ));
    b.push(h(level + 1, "2 — Les actions concrètes"));
    if actions.is_empty() {
        b.push(p("Aucune action n'est encore décrite."));
    } else {
        b.push(action_table(actions, "Partenaires"));
    }
    let (eval, interne): (Vec<&IndicateurObjectif>, Vec<&IndicateurObjectif>) = indicateurs
        .iter()
        .partition(|i| i.nature != NatureIndicateur::SuiviInterne);
    b.push(h(level + 1, "3 — Les indicateurs de suivi et d'évaluation"));
    if eval.is_empty() {
        b.push(p("Aucun indicateur de suivi et d'évaluation."));
    } else {
        b.push(indicator_table(&eval, true));
    }
    b.push(h(level + 1, "4 — Les indicateurs de suivi interne"));
    if interne.is_empty() {
        b.push(p("Aucun indicateur de suivi interne."));
    } else {
        b.push(indicator_table(&interne, true));
    }
}

fn anap(
    o: &Objectif,
    actions: &[&Action],
    indicateurs: &[&IndicateurObjectif],
    level: u8,
    b: &mut Vec<Block>,
) {
    b.push(h(level + 1, "Orientations stratégiques"));
    let orientations: Vec<String> = o
        .orientations_prs
        .iter()
        .map(|id| orientation(id).map_or(id.clone(), |x| x.libelle.clone()))
        .collect();
    b.push(p(if orientations.is_empty() {
        "—".to_string()
    } else {
        orientations.join(" ; ")
    }));
    b.push(h(level + 1, "État des lieux et situation visée à 5 ans"));
    b.push(label_value("État des lieux", &o.etat_des_lieux));
    b.push(label_value("Situation visée à 5 ans", &o.situation_visee));
    b.push(h(level + 1, "Plan d'actions"));
    if actions.is_empty() {
        b.push(p("Aucune action n'est encore décrite."));
    } else {
        let rows = actions
            .iter()
            .map(|a| {
                let mut what = a.libelle.clone();
                for t in &a.taches {
                    what.push_str(&format!("\n– {t}"));
                }
                vec![
                    what,
                    format!("{} – {}", date(a.debut), date(a.fin)),
                    a.referent.clone(),
                    a.personnes_ressources.clone(),
                ]
            })
            .collect();
        b.push(table(
            vec![
                Column::new("Tâches", 3.0),
                Column::new("Échéancier", 1.6),
                Column::new("Personne référente", 1.4),
                Column::new("Personnes ressources", 1.4),
            ],
            rows,
        ));
    }
    b.push(h(level + 1, "Mesure des résultats"));
    let rows = indicateurs
        .iter()
        .map(|i| {
            vec![
                i.libelle.clone(),
                i.mode_calcul.clone(),
                dec(i.cible_finale, &i.unite),
            ]
        })
        .collect();
    b.push(table(
        vec![
            Column::new("Indicateur de réussite", 2.2),
            Column::new("Modalités de calcul", 2.8),
            Column::new("Cible à 5 ans", 1.0).right(),
        ],
        rows,
    ));
}

fn paca(
    d: &Dossier,
    o: &Objectif,
    actions: &[&Action],
    indicateurs: &[&IndicateurObjectif],
    level: u8,
    b: &mut Vec<Block>,
) {
    let mut constat = constats(d, o);
    if !o.constats_organisme.trim().is_empty() {
        constat.insert(0, o.constats_organisme.trim().to_string());
    }
    b.push(h(level + 1, "Constat issu du diagnostic"));
    b.push(if constat.is_empty() {
        p("—")
    } else {
        bullets(constat)
    });
    b.push(label_value(
        "Objectif opérationnel",
        &o.objectif_operationnel,
    ));
    b.push(h(
        level + 1,
        "Description de l'action, acteurs et calendrier prévisionnel",
    ));
    if !actions.is_empty() {
        // Chaque action avec sa description et ses tâches (calendrier prévisionnel) : tout ce
        // que la fiche action PACA prévoit (seed 001 L1040-L1090, L1193-L1215).
        for a in actions {
            let desc = if a.description.trim().is_empty() {
                "—".to_string()
            } else {
                a.description.trim().to_string()
            };
            b.push(label_value(&a.libelle, &desc));
            if !a.taches.is_empty() {
                b.push(p("Calendrier prévisionnel :"));
                b.push(bullets(a.taches.clone()));
            }
        }
        b.push(action_table(actions, "Acteurs à mobiliser"));
        // Grille début / fin par année du contrat.
        let years: Vec<i32> = grille_annuelle(d, actions[0])
            .iter()
            .map(|(y, _)| *y)
            .collect();
        if !years.is_empty() {
            let mut cols = vec![Column::new("Action", 3.0)];
            cols.extend(years.iter().map(|y| Column::new(&y.to_string(), 0.7)));
            let rows = actions
                .iter()
                .map(|a| {
                    let mut r = vec![a.libelle.clone()];
                    r.extend(grille_annuelle(d, a).iter().map(|(_, on)| {
                        if *on {
                            "■".to_string()
                        } else {
                            String::new()
                        }
                    }));
                    r
                })
                .collect();
            b.push(table(cols, rows));
        }
    }
    let moyens: Vec<String> = actions
        .iter()
        .filter(|a| !a.moyens.trim().is_empty())
        .map(|a| a.moyens.clone())
        .collect();
    let mut m = o
        .nature_moyens
        .map(|n| n.label().to_string())
        .unwrap_or_default();
    if let Some(x) = o.montant_moyens {
        m.push_str(&format!(" ({})", format::amount(x)));
    }
    if !moyens.is_empty() {
        m.push_str(&format!(" — {}", moyens.join(" ; ")));
    }
    b.push(label_value("Moyens nécessaires", &m));
    for (nature, titre) in [
        (
            NatureIndicateur::MiseEnOeuvre,
            "Indicateurs de mise en œuvre",
        ),
        (
            NatureIndicateur::Resultat,
            "Indicateurs de résultat (impact)",
        ),
        (NatureIndicateur::Evaluation, "Indicateurs d'évaluation"),
        (
            NatureIndicateur::SuiviMdph,
            "Indicateurs de suivi avec la MDPH",
        ),
        (
            NatureIndicateur::SuiviInterne,
            "Indicateurs de suivi interne",
        ),
    ] {
        let list: Vec<&IndicateurObjectif> = indicateurs
            .iter()
            .copied()
            .filter(|i| i.nature == nature)
            .collect();
        if !list.is_empty() {
            b.push(h(level + 1, titre));
            b.push(indicator_table(&list, true));
        }
    }
    b.push(label_value(
        "Points de vigilance et bonnes pratiques",
        &o.points_vigilance,
    ));
    b.push(label_value(
        "Objectifs chiffrés attendus",
        &o.objectifs_chiffres,
    ));
}

/// L'annexe des fiches-objectifs.
pub fn fiches(d: &Dossier, forme: FormeFiche) -> Out {
    let actifs: Vec<&Objectif> = d.objectifs.actifs().collect();
    if actifs.is_empty() {
        return Out {
            blocks: vec![Block::Gap {
                text: "Annexe à compléter : les fiches-objectifs seront intégrées lorsqu'elles auront été saisies.".into(),
            }],
            gaps: vec![objectifs_gap()],
        };
    }
    let mut blocks = Vec::new();
    for (k, o) in actifs.iter().enumerate() {
        if k > 0 {
            blocks.push(Block::PageBreak);
        }
        blocks.extend(fiche(d, o, forme, 3));
    }
    Out {
        blocks,
        gaps: vec![],
    }
}

/// Les fiches liées au parcours (annexe « Réponse accompagnée pour tous » du modèle PACA) :
/// la liste renvoie aux fiches détaillées de l'annexe des objectifs.
pub fn fiches_rapt(d: &Dossier) -> Out {
    let rows: Vec<Vec<String>> = d
        .objectifs
        .actifs()
        .filter(|o| o.orientations_prs.iter().any(|x| x.starts_with("parcours")))
        .map(|o| {
            vec![
                format!("{}", d.objectifs.numero(o.id).unwrap_or(0)),
                o.titre.clone(),
                d.objectifs
                    .indicateurs_of(o.id)
                    .map(|i| i.libelle.clone())
                    .collect::<Vec<_>>()
                    .join(" ; "),
            ]
        })
        .collect();
    let blocks = if rows.is_empty() {
        vec![p(
            "Aucun objectif du contrat ne porte spécifiquement sur la démarche.",
        )]
    } else {
        vec![
            p(
                "Les objectifs suivants mettent en œuvre la démarche ; leurs fiches détaillées figurent à l'annexe des objectifs opérationnels.",
            ),
            table(
                vec![
                    Column::new("N°", 0.4),
                    Column::new("Objectif", 3.0),
                    Column::new("Indicateurs", 2.6),
                ],
                rows,
            ),
        ]
    };
    Out {
        blocks,
        gaps: vec![],
    }
}

/// Le tableau récapitulatif des objectifs (modèle PACA, seed 001 L491-L503 ; tableau de suivi
/// PdL, seed 002 L425-L440).
pub fn tableau(d: &Dossier) -> Out {
    let lignes = recapitulatif(d);
    if lignes.is_empty() {
        return Out {
            blocks: vec![Block::Gap {
                text: "Annexe à compléter : le tableau récapitulatif sera intégré lorsque les objectifs auront été saisis.".into(),
            }],
            gaps: vec![objectifs_gap()],
        };
    }
    let rows = lignes
        .iter()
        .map(|l| {
            let ind: Vec<String> = d
                .objectifs
                .indicateurs_of(l.id)
                .map(|i| {
                    format!(
                        "{} : {} → {}",
                        i.libelle,
                        dec(i.valeur_initiale, &i.unite),
                        dec(i.cible_finale, &i.unite)
                    )
                })
                .collect();
            vec![
                l.numero.to_string(),
                format!("{}\n{}", l.titre, l.axe_libelle),
                l.esms.join(", "),
                l.autorites.clone(),
                format!("{} – {}", date(l.debut), date(l.fin)),
                ind.join("\n"),
            ]
        })
        .collect();
    Out {
        blocks: vec![table(
            vec![
                Column::new("N°", 0.35),
                Column::new("Objectif et axe", 2.4),
                Column::new("ESMS", 1.5),
                Column::new("Autorités", 1.0),
                Column::new("Calendrier", 1.1),
                Column::new("Indicateurs : départ → cible", 2.2),
            ],
            rows,
        )],
        gaps: vec![],
    }
}

/// Une fiche seule, comme document à part entière ; `None` si la fiche n'existe pas.
pub fn fiche_seule(d: &Dossier, id: Uuid, forme: FormeFiche) -> Option<Vec<Block>> {
    let o = d.objectifs.objectifs.iter().find(|o| o.id == id)?;
    Some(fiche(d, o, forme, 1))
}
