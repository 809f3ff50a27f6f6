//! Les documents du suivi, composés depuis les enregistrements du suivi dans la forme du
//! modèle de contrat du dossier :
//!
//! - la **revue annuelle des objectifs** d'un exercice : « annexe 4 actualisée » (tableau de
//!   suivi des objectifs, guide ARS Pays de la Loire, seed 002 L428-L442), « revue des
//!   objectifs » jointe à l'ERRD (modèle PACA, article 3-1, seed 001 L565-L569) ou « bilan
//!   des indicateurs » (guide ANAP, seed 004 L1841 ; annexe évolutive de l'instruction DGCS,
//!   seed 000 L632-L645) ;
//! - le **rapport au département** (30 avril) : activité par type de structure et synthèse
//!   de l'avancement des fiches (seed 002 L406-L412) ;
//! - le **bilan d'étape** (3e année, 5 pages au plus : seed 002 L413-L431 ; seed 001
//!   L759-L768) et le **bilan final** (seed 001 L770-L778 ; seed 000 L1696-L1701).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::clauses::modeles::{FormeFiche, Modele};
use crate::contract::compose::compose;
use crate::contract::document::{Align, Block, Column, Document, Gap, Span, Table};
use crate::dossier::Dossier;
use crate::dossier::objectifs::StatutAction;
use crate::dossier::suivi::{Bilan, NatureBilan};
use crate::kernel::format;
use crate::kernel::issue::{Collector, Report, Severity};
use crate::suivi::calc::{
    Revue, activite_par_type, annees_suivies, atteinte, objectifs_cd, periode, revue,
};

/// Nombre de pages au plus du bilan d'étape (guide PdL, seed 002 L429).
pub const PAGES_BILAN_ETAPE: usize = 5;

fn h(level: u8, text: impl Into<String>, new_page: bool) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        toc: false,
        new_page,
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

fn note(text: impl Into<String>) -> Block {
    Block::Note { text: text.into() }
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

fn dec(x: Option<Decimal>, unite: &str) -> String {
    match x {
        None => "—".into(),
        Some(v) if unite.trim() == "%" => format!("{} %", format::decimal_trim(v)),
        Some(v) => format::decimal_trim(v),
    }
}

fn date(x: Option<NaiveDate>) -> String {
    x.map_or("—".into(), format::date_short)
}

fn oui_non(x: Option<bool>) -> String {
    match x {
        Some(true) => "Atteinte".into(),
        Some(false) => "Non atteinte".into(),
        None => "—".into(),
    }
}

fn statut(s: StatutAction, retard: bool) -> String {
    if retard {
        format!("{} (en retard)", s.label())
    } else {
        s.label().into()
    }
}

/// La couverture et l'en-tête du contrat, retitrés pour un document du suivi.
fn base(m: &Modele, d: &Dossier, title: String, detail: String) -> Option<Document> {
    let mut doc = compose(m, d, &d.clauses, &Report::default()).ok()?;
    doc.cover.title = title.clone();
    doc.cover.model = detail;
    doc.header = format!("{} — {}", doc.header, title);
    doc.title = doc.header.clone();
    doc.blocks.clear();
    doc.gaps.clear();
    Some(doc)
}

// ——— La revue annuelle des objectifs ———

/// Le titre de la revue dans la forme du modèle.
pub fn titre_revue(forme: FormeFiche) -> &'static str {
    match forme {
        FormeFiche::Pdl => "Annexe 4 actualisée — tableau de suivi des objectifs",
        FormeFiche::Paca => "Revue des objectifs du CPOM",
        FormeFiche::Anap => "Bilan des indicateurs du CPOM",
    }
}

fn synthese_revue(r: &Revue) -> Block {
    table(
        vec![
            Column::new("N°", 0.4),
            Column::new("Objectif", 3.0),
            Column::new("Appréciation", 1.2),
            Column::new("Actions réalisées", 0.9).right(),
            Column::new("Indicateurs à la cible", 0.9).right(),
        ],
        r.objectifs
            .iter()
            .map(|o| {
                let cibles = o.indicateurs.iter().filter(|i| i.cible.is_some()).count();
                let ok = o
                    .indicateurs
                    .iter()
                    .filter(|i| i.cible_atteinte == Some(true))
                    .count();
                vec![
                    o.numero.to_string(),
                    o.titre.clone(),
                    o.appreciation
                        .map_or("À apprécier".into(), |a| a.label().into()),
                    format!("{} / {}", o.actions_realisees, o.actions.len()),
                    if cibles == 0 {
                        "—".into()
                    } else {
                        format!("{ok} / {cibles}")
                    },
                ]
            })
            .collect(),
    )
}

fn actions_table(o: &crate::suivi::calc::RevueObjectif) -> Block {
    table(
        vec![
            Column::new("Action", 2.6),
            Column::new("Début", 0.8),
            Column::new("Fin", 0.8),
            Column::new("Statut", 1.1),
            Column::new("Avancement", 0.8).right(),
            Column::new("Commentaire", 2.0),
        ],
        o.actions
            .iter()
            .map(|a| {
                vec![
                    a.libelle.clone(),
                    date(a.debut),
                    date(a.fin),
                    statut(a.statut, a.en_retard),
                    a.avancement.map_or("—".into(), |x| format!("{x} %")),
                    a.commentaire.clone(),
                ]
            })
            .collect(),
    )
}

fn indicateurs_pdl(o: &crate::suivi::calc::RevueObjectif, k: u8, exercice0: i32) -> Block {
    let mut cols = vec![
        Column::new("Indicateur", 2.2),
        Column::new("Année de signature", 0.8).right(),
        Column::new("Cible à mi-parcours", 0.8).right(),
        Column::new("Cible en fin de CPOM", 0.8).right(),
    ];
    for y in 1..=k {
        cols.push(Column::new(&format!("Réalisé {}", exercice0 + i32::from(y) - 1), 0.8).right());
    }
    table(
        cols,
        o.indicateurs
            .iter()
            .map(|i| {
                let mut row = vec![
                    i.libelle.clone(),
                    dec(i.valeur_initiale, &i.unite),
                    dec(i.cible_mi_parcours, &i.unite),
                    dec(i.cible_finale, &i.unite),
                ];
                row.extend(i.realise.iter().map(|x| dec(*x, &i.unite)));
                row
            })
            .collect(),
    )
}

fn indicateurs_cible(o: &crate::suivi::calc::RevueObjectif) -> Block {
    table(
        vec![
            Column::new("Indicateur", 2.6),
            Column::new("Cible de l'année", 0.9).right(),
            Column::new("Réalisé", 0.9).right(),
            Column::new("Cible", 0.9),
            Column::new("Commentaire", 2.0),
        ],
        o.indicateurs
            .iter()
            .map(|i| {
                vec![
                    i.libelle.clone(),
                    dec(i.cible, &i.unite),
                    dec(i.valeur, &i.unite),
                    oui_non(i.cible_atteinte),
                    i.commentaire.clone(),
                ]
            })
            .collect(),
    )
}

fn appreciation(o: &crate::suivi::calc::RevueObjectif) -> Vec<Block> {
    let mut out = vec![label_value(
        "Appréciation",
        o.appreciation.map_or("à apprécier", |a| a.label()),
    )];
    if o.appreciation.is_some_and(|a| a.ecart()) || !o.explication.trim().is_empty() {
        out.push(label_value("Explication des écarts", &o.explication));
    }
    if !o.nouveau_calendrier.trim().is_empty() {
        out.push(label_value(
            "Nouveau calendrier de mise en œuvre",
            &o.nouveau_calendrier,
        ));
    }
    out
}

/// Les erreurs du suivi (écarts non expliqués) de l'année `k` : tant qu'il y en a, la revue
/// porte « PROJET ».
fn gaps_revue(d: &Dossier, k: u8, today: NaiveDate) -> Vec<Gap> {
    let mut c = Collector::default();
    crate::suivi::rules::check(d, today, &mut c);
    c.0.into_iter()
        .filter(|i| i.severity == Severity::Erreur && i.path.ends_with(&format!(".{k}")))
        .map(|i| Gap {
            key: format!("revue:{}:{}", i.rule, i.path),
            message: i.message,
        })
        .collect()
}

/// La revue des objectifs de l'exercice `exercice`, dans la forme du modèle `m`.
pub fn revue_document(
    m: &Modele,
    d: &Dossier,
    exercice: i32,
    today: NaiveDate,
) -> Option<Document> {
    let per = periode(d)?;
    let k = per.annee(exercice)?;
    let r = revue(d, k);
    let titre = titre_revue(m.forme_fiche);
    let mut doc = base(
        m,
        d,
        format!("{titre} — exercice {exercice}"),
        format!(
            "Année {k} du contrat — jointe à l'état réalisé des recettes et des dépenses (ERRD) de l'exercice {exercice} — forme du modèle « {} »",
            m.libelle
        ),
    )?;
    let mut b = vec![h(1, format!("Synthèse de l'exercice {exercice}"), true)];
    b.push(note(match m.forme_fiche {
        FormeFiche::Pdl => "Tableau de suivi des objectifs et actions du CPOM (annexe 4), actualisé et joint chaque année à l'ERRD — Guide méthodologique CPOM PH de l'ARS Pays de la Loire, partie 5.",
        FormeFiche::Paca => "Pour chaque objectif, son niveau de réalisation retracé par l'indicateur comparé à la cible, et les éléments permettant d'apprécier son atteinte — Modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur (2017-2021), article 3-1.",
        FormeFiche::Anap => "Bilan des indicateurs (annexe du CPOM) adressé avec l'ERRD ; l'annexe des objectifs fait l'objet d'un point d'avancement et explicite les écarts — Instruction n° DGCS/SD5C/2017/96 du 21 mars 2017, annexe 1, § 1.1 ; Guide ANAP 2017, § 3.2.",
    }));
    b.push(synthese_revue(&r));
    let exercice0 = per.exercice(1);
    match m.forme_fiche {
        FormeFiche::Anap => {
            b.push(h(1, "Bilan des indicateurs", true));
            let rows: Vec<Vec<String>> = r
                .objectifs
                .iter()
                .flat_map(|o| {
                    o.indicateurs.iter().map(move |i| {
                        let ecart = match (i.valeur, i.cible) {
                            (Some(v), Some(c)) => format::decimal_trim(v - c),
                            _ => "—".into(),
                        };
                        vec![
                            o.numero.to_string(),
                            i.libelle.clone(),
                            dec(i.valeur_initiale, &i.unite),
                            dec(i.cible, &i.unite),
                            dec(i.valeur, &i.unite),
                            ecart,
                            i.commentaire.clone(),
                        ]
                    })
                })
                .collect();
            b.push(table(
                vec![
                    Column::new("Obj.", 0.4),
                    Column::new("Indicateur", 2.4),
                    Column::new("Valeur initiale", 0.8).right(),
                    Column::new("Cible", 0.8).right(),
                    Column::new(&format!("Réalisé {exercice}"), 0.8).right(),
                    Column::new("Écart", 0.7).right(),
                    Column::new("Commentaire", 1.8),
                ],
                rows,
            ));
            b.push(h(
                1,
                "Objectifs : appréciation et explication des écarts",
                false,
            ));
            for o in &r.objectifs {
                b.push(h(2, format!("Objectif {} — {}", o.numero, o.titre), false));
                b.extend(appreciation(o));
                let late: Vec<_> = o.actions.iter().filter(|a| a.en_retard).collect();
                if !late.is_empty() {
                    b.push(label_value(
                        "Actions en retard",
                        &late
                            .iter()
                            .map(|a| a.libelle.clone())
                            .collect::<Vec<_>>()
                            .join(" ; "),
                    ));
                }
            }
        }
        forme => {
            for o in &r.objectifs {
                b.push(h(1, format!("Objectif {} — {}", o.numero, o.titre), true));
                b.push(label_value("ESMS concernés", &o.esms_libelle));
                if let Some(a) = o.axe {
                    b.push(label_value(
                        "Axe",
                        &format!("Axe {} — {}", a.number(), a.label()),
                    ));
                }
                if forme == FormeFiche::Paca {
                    b.push(h(2, "Niveau de réalisation : indicateurs et cibles", false));
                    b.push(indicateurs_cible(o));
                    b.push(h(2, "Mise en œuvre des actions", false));
                    b.push(actions_table(o));
                    b.push(h(2, "Éléments d'appréciation", false));
                    b.extend(appreciation(o));
                } else {
                    b.push(h(2, "Actions et calendrier", false));
                    b.push(actions_table(o));
                    b.push(h(2, "Indicateurs de suivi et d'évaluation", false));
                    b.push(indicateurs_pdl(o, k, exercice0));
                    b.extend(appreciation(o));
                }
            }
        }
    }
    doc.blocks = b;
    doc.gaps = gaps_revue(d, k, today);
    Some(doc)
}

// ——— Le rapport au département ———

/// Le rapport d'activité et la synthèse des fiches-objectifs transmis au département pour
/// l'exercice `exercice`.
pub fn rapport_cd_document(m: &Modele, d: &Dossier, exercice: i32) -> Option<Document> {
    let per = periode(d)?;
    let k = per.annee(exercice)?;
    let r = revue(d, k);
    let mut doc = base(
        m,
        d,
        format!("Rapport au département — exercice {exercice}"),
        format!(
            "Rapport d'activité par type de structure et synthèse de l'avancement des fiches-objectifs, à communiquer pour le 30 avril {}",
            exercice + 1
        ),
    )?;
    let mut b = vec![h(1, "Activité par type de structure", true)];
    b.push(note("ESMS de compétence départementale ou conjointe du périmètre. Rapports à communiquer au département pour le 30 avril — Guide méthodologique CPOM PH de l'ARS Pays de la Loire, partie 5 « Le suivi et la révision du contrat »."));
    let act = activite_par_type(d, k);
    if act.is_empty() {
        b.push(p(
            "Aucun ESMS du périmètre ne relève de la compétence du département.",
        ));
    } else {
        b.push(table(
            vec![
                Column::new("Type de structure", 1.8),
                Column::new("ESMS", 2.2),
                Column::new("Capacité installée", 0.8).right(),
                Column::new("Activité théorique", 0.9).right(),
                Column::new(&format!("Activité {exercice}"), 0.9).right(),
                Column::new("Taux", 0.6).right(),
                Column::new("Unité", 0.8),
            ],
            act.iter()
                .map(|a| {
                    vec![
                        a.libelle.clone(),
                        a.esms.join(", "),
                        a.capacite_installee.to_string(),
                        dec(a.activite_theorique, ""),
                        dec(a.activite_realisee, ""),
                        a.taux.map_or("—".into(), |x| format::percent(x, 1)),
                        a.unite.clone(),
                    ]
                })
                .collect(),
        ));
    }
    b.push(h(1, "Synthèse de l'avancement des fiches-objectifs", false));
    let ids = objectifs_cd(d);
    b.push(table(
        vec![
            Column::new("N°", 0.4),
            Column::new("Objectif", 2.4),
            Column::new("ESMS", 1.6),
            Column::new("Appréciation", 1.0),
            Column::new("Actions réalisées", 0.8).right(),
            Column::new("Explication des écarts", 2.2),
        ],
        r.objectifs
            .iter()
            .filter(|o| ids.contains(&o.id))
            .map(|o| {
                vec![
                    o.numero.to_string(),
                    o.titre.clone(),
                    o.esms_libelle.clone(),
                    o.appreciation
                        .map_or("À apprécier".into(), |a| a.label().into()),
                    format!("{} / {}", o.actions_realisees, o.actions.len()),
                    o.explication.clone(),
                ]
            })
            .collect(),
    ));
    doc.blocks = b;
    Some(doc)
}

// ——— Les bilans ———

/// Le bilan d'étape (ou final) : le texte rédigé et les tableaux tirés du suivi.
pub fn bilan_document(
    m: &Modele,
    d: &Dossier,
    nature: NatureBilan,
    today: NaiveDate,
) -> Option<Document> {
    let per = periode(d)?;
    let vide = Bilan::default();
    let bilan = d
        .suivi_contrat
        .bilans
        .iter()
        .find(|b| b.nature == nature)
        .unwrap_or(&vide);
    // La dernière année dont la revue est saisie (au plus l'année en cours).
    let annees = annees_suivies(d, today);
    let courante = per.annee_du_jour(today).max(1);
    let k = annees
        .iter()
        .map(|x| x.0)
        .filter(|y| *y <= courante)
        .filter(|y| {
            revue(d, *y).objectifs.iter().any(|o| {
                o.appreciation.is_some() || o.indicateurs.iter().any(|i| i.valeur.is_some())
            })
        })
        .max()
        .unwrap_or(1);
    let r = revue(d, k);
    let (titre, detail) = match nature {
        NatureBilan::Etape => (
            "Bilan d'étape du contrat (mi-parcours)".to_string(),
            "Faits marquants depuis la signature, trajectoire des objectifs et mesures correctrices — 5 pages au plus (Guide méthodologique CPOM PH de l'ARS Pays de la Loire, partie 5)".to_string(),
        ),
        NatureBilan::Final => (
            "Bilan final du contrat".to_string(),
            "Résultats obtenus et propositions pour le contrat suivant ; il alimente le diagnostic du renouvellement".to_string(),
        ),
    };
    let mut doc = base(m, d, titre, detail)?;
    let mut b = vec![h(1, "1. Faits marquants depuis la signature", true)];
    if !bilan.faits_marquants.trim().is_empty() {
        b.push(p(bilan.faits_marquants.trim()));
    }
    let mut faits: Vec<Vec<Span>> = Vec::new();
    for a in d.suivi_contrat.avenants_signes() {
        let n = d.suivi_contrat.numero(a.id).unwrap_or(0);
        faits.push(vec![Span::plain(format!(
            "Avenant n° {n}{} : {}",
            a.date_signature().map_or(String::new(), |x| format!(
                " signé le {}",
                format::date_long(x)
            )),
            a.objet.trim()
        ))]);
    }
    for g in d
        .suivi_contrat
        .dialogues
        .iter()
        .filter(|g| g.date.is_some_and(|x| x <= today))
    {
        faits.push(vec![Span::plain(format!(
            "{} le {}{}",
            g.nature.label(),
            g.date.map(format::date_long).unwrap_or_default(),
            if g.decisions.trim().is_empty() {
                String::new()
            } else {
                format!(" : {}", g.decisions.trim())
            }
        ))]);
    }
    for s in &d.suivi_contrat.saisines {
        faits.push(vec![Span::plain(format!(
            "Saisine du comité de suivi{} : {}",
            s.date
                .map_or(String::new(), |x| format!(" du {}", format::date_long(x))),
            s.motif.trim()
        ))]);
    }
    for e in &d.suivi_contrat.evaluations {
        let nom = d
            .esms
            .iter()
            .find(|x| Some(x.id) == e.esms)
            .map_or("ESMS", |x| x.nom.as_str());
        faits.push(vec![Span::plain(format!(
            "Évaluation de {nom}{}{}",
            e.date
                .map_or(String::new(), |x| format!(" ({})", format::date_long(x))),
            if e.organisme.trim().is_empty() {
                String::new()
            } else {
                format!(" par {}", e.organisme.trim())
            }
        ))]);
    }
    if !faits.is_empty() {
        b.push(Block::Bullets { items: faits });
    }
    let final_ = nature == NatureBilan::Final;
    b.push(h(
        1,
        if final_ {
            "2. Résultats : réalisé et cibles finales"
        } else {
            "2. Trajectoire des objectifs : réalisé et cibles à mi-parcours"
        },
        false,
    ));
    b.push(note(format!(
        "Dernières valeurs saisies : exercice {} (année {k} du contrat).",
        r.exercice
    )));
    let rows: Vec<Vec<String>> = r
        .objectifs
        .iter()
        .flat_map(|o| {
            o.indicateurs.iter().map(move |i| {
                let cible = if final_ {
                    i.cible_finale
                } else {
                    i.cible_mi_parcours
                };
                vec![
                    o.numero.to_string(),
                    i.libelle.clone(),
                    dec(i.valeur_initiale, &i.unite),
                    dec(cible, &i.unite),
                    dec(i.valeur, &i.unite),
                    oui_non(atteinte(i.valeur_initiale, cible, i.valeur)),
                ]
            })
        })
        .collect();
    b.push(table(
        vec![
            Column::new("Obj.", 0.4),
            Column::new("Indicateur", 2.8),
            Column::new("Valeur initiale", 0.8).right(),
            Column::new(
                if final_ {
                    "Cible finale"
                } else {
                    "Cible à mi-parcours"
                },
                0.8,
            )
            .right(),
            Column::new("Réalisé", 0.8).right(),
            Column::new("Cible", 0.9),
        ],
        rows,
    ));
    b.push(h(
        1,
        "3. Résultats obtenus et qualité de l'accompagnement",
        false,
    ));
    b.push(p(if bilan.resultats.trim().is_empty() {
        "À rédiger.".to_string()
    } else {
        bilan.resultats.trim().to_string()
    }));
    b.push(h(
        1,
        "4. Actions en retard ou abandonnées, difficultés",
        false,
    ));
    let late: Vec<Vec<String>> = r
        .objectifs
        .iter()
        .flat_map(|o| {
            o.actions
                .iter()
                .filter(|a| a.en_retard || a.statut == StatutAction::Abandonnee)
                .map(move |a| {
                    vec![
                        o.numero.to_string(),
                        a.libelle.clone(),
                        date(a.fin),
                        statut(a.statut, a.en_retard),
                        a.commentaire.clone(),
                    ]
                })
        })
        .collect();
    if late.is_empty() {
        b.push(p("Aucune action en retard ni abandonnée."));
    } else {
        b.push(table(
            vec![
                Column::new("Obj.", 0.4),
                Column::new("Action", 2.6),
                Column::new("Échéance", 0.8),
                Column::new("Statut", 1.1),
                Column::new("Commentaire", 2.0),
            ],
            late,
        ));
    }
    if !bilan.difficultes.trim().is_empty() {
        b.push(p(bilan.difficultes.trim()));
    }
    b.push(h(
        1,
        if final_ {
            "5. Enseignements"
        } else {
            "5. Mesures correctrices proposées"
        },
        false,
    ));
    b.push(p(if bilan.mesures_correctrices.trim().is_empty() {
        "À rédiger.".to_string()
    } else {
        bilan.mesures_correctrices.trim().to_string()
    }));
    b.push(h(
        1,
        if final_ {
            "6. Priorités et objectifs proposés pour le contrat suivant"
        } else {
            "6. Priorités à venir"
        },
        false,
    ));
    b.push(p(if bilan.priorites.trim().is_empty() {
        "À rédiger.".to_string()
    } else {
        bilan.priorites.trim().to_string()
    }));
    doc.blocks = b;
    Some(doc)
}
