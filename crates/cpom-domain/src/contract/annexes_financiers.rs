//! Les annexes financières : éléments financiers (dotation globalisée commune et sa
//! répartition par ESMS et groupe fonctionnel, modalités du département, frais de siège,
//! affectation des résultats ; annexe 5 PdL, seed 002 L714-L733) et budgets de référence
//! avec l'activité retenue (annexe 4 PACA, seed 001 L1242-L1353).

use crate::contract::blocks::Out;
use crate::contract::document::{Align, Block, Column, Gap, Span, Table};
use crate::dossier::Dossier;
use crate::dossier::signature::{Groupes, ModaliteAffectation};
use crate::kernel::format;
use crate::signature::calc::{activite, totaux_repartition};

fn h(text: &str) -> Block {
    Block::Heading {
        level: 3,
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

fn amount(x: Option<rust_decimal::Decimal>) -> String {
    x.map_or("—".into(), format::amount)
}

fn esms_nom(d: &Dossier, id: uuid::Uuid) -> String {
    d.esms
        .iter()
        .find(|e| e.id == id)
        .map_or("ESMS supprimé".into(), |e| e.nom.clone())
}

fn table(columns: Vec<Column>, rows: Vec<Vec<String>>, total_row: bool) -> Block {
    Block::Table(Table {
        columns,
        rows,
        first_column_bold: false,
        header: true,
        total_row,
    })
}

fn gap(what: &str) -> Out {
    Out {
        blocks: vec![Block::Gap {
            text: format!("Annexe à compléter : {what}"),
        }],
        gaps: vec![Gap {
            key: "moyens".into(),
            message: "Les éléments financiers (moyens) n'ont pas encore été saisis.".into(),
        }],
    }
}

fn groupes_cols(first: &str) -> Vec<Column> {
    vec![
        Column::new(first, 2.4),
        Column::new("Groupe I", 1.2).right(),
        Column::new("Groupe II", 1.2).right(),
        Column::new("Groupe III", 1.2).right(),
        Column::new("Total", 1.3).right(),
    ]
}

fn groupes_row(label: String, g: &Groupes) -> Vec<String> {
    vec![
        label,
        amount(g.g1),
        amount(g.g2),
        amount(g.g3),
        format::amount(g.total()),
    ]
}

pub fn elements_financiers(d: &Dossier) -> Out {
    let s = &d.signature;
    let m = &s.moyens;
    let pa =
        crate::contract::blocks_pa::annexe_financiere(&crate::contract::bind::Contexte::new(d));
    if m.dotation_globalisee.is_none()
        && s.repartition.is_empty()
        && s.affectations.is_empty()
        && pa.is_empty()
    {
        return gap(
            "les éléments financiers (dotation, répartition par groupe fonctionnel, affectation des résultats) seront intégrés lorsqu'ils auront été saisis.",
        );
    }
    let mut b = Vec::new();
    // La dotation globalisée commune (enveloppe PH) ; un dossier sans ESMS de cette enveloppe
    // ne la mentionne pas.
    let dotation = m.dotation_globalisee.is_some()
        || !s.repartition.is_empty()
        || !crate::perimetre::regime::dotation_ph(d).is_empty();
    if dotation {
        b.push(h("Dotation globalisée commune"));
        b.push(p(format!(
            "La dotation globalisée commune des établissements et services financés par l'assurance maladie est fixée par l'ARS à {} au 1er janvier {}.",
            amount(m.dotation_globalisee),
            m.annee_dotation.map_or("de l'année de signature".into(), |y| y.to_string())
        )));
    }
    if let Some(mode) = m.mode_evolution {
        b.push(p(format!(
            "Mode d'évolution de la dotation : {}.",
            mode.label()
        )));
    }
    let mut rows: Vec<Vec<String>> = s
        .repartition
        .iter()
        .map(|r| groupes_row(esms_nom(d, r.esms), &r.groupes))
        .collect();
    if !rows.is_empty() {
        let t = totaux_repartition(d);
        rows.push(vec![
            "Total".into(),
            format::amount(t.g1),
            format::amount(t.g2),
            format::amount(t.g3),
            format::amount(t.total),
        ]);
        b.push(p("Répartition par établissement ou service et par groupe fonctionnel, déterminée par l'organisme gestionnaire :"));
        b.push(table(groupes_cols("Établissement ou service"), rows, true));
    }
    if !m.modalites_cd.trim().is_empty() {
        b.push(h(
            "Dotation des établissements et services financés par le département",
        ));
        b.push(p(m.modalites_cd.trim()));
        if let Some(x) = m.dotation_cd {
            b.push(p(format!("Montant de référence : {}.", format::amount(x))));
        }
    }
    b.extend(pa);
    if m.frais_siege_integres {
        b.push(h("Frais de siège"));
        let taux = m.frais_siege_taux.map_or(String::new(), |t| {
            format!(
                ", soit {} des charges d'exploitation",
                format::percent(t, 1)
            )
        });
        let arrete = d
            .organisme
            .date_arrete_frais_siege
            .map_or(String::new(), |x| {
                format!(" (arrêté d'autorisation du {})", format::date_long(x))
            });
        b.push(p(format!(
            "Les frais de siège intégrés au contrat s'élèvent à {}{taux}{arrete}.",
            amount(m.frais_siege_montant)
        )));
    }
    if !m.clause_aide_sociale.trim().is_empty() {
        b.push(h("Habilitation à l'aide sociale"));
        b.push(p(m.clause_aide_sociale.trim()));
    }
    b.push(h("Affectation des résultats"));
    if !m.clause_affectation.trim().is_empty() {
        b.push(p(m.clause_affectation.trim()));
    }
    if !m.ordre_affectation.is_empty() {
        b.push(p("Ordre de priorité convenu :"));
        b.push(Block::Bullets {
            items: m
                .ordre_affectation
                .iter()
                .enumerate()
                .map(|(i, x)| vec![Span::plain(format!("Priorité {} : {}", i + 1, x.label()))])
                .collect(),
        });
    }
    if !s.affectations.is_empty() {
        let mut rows = Vec::new();
        for a in &s.affectations {
            let detail: Vec<String> = ModaliteAffectation::ALL
                .iter()
                .filter_map(|x| {
                    a.montant(*x)
                        .filter(|v| !v.is_zero())
                        .map(|v| format!("{} : {}", x.label(), format::amount(v)))
                })
                .collect();
            rows.push(vec![
                a.annee.map_or("—".into(), |y| y.to_string()),
                a.esms
                    .map_or("Ensemble des ESMS".into(), |id| esms_nom(d, id)),
                amount(a.resultat),
                if detail.is_empty() {
                    "—".into()
                } else {
                    detail.join("\n")
                },
            ]);
        }
        b.push(p(
            "Affectation prévisionnelle des résultats figurant au PGFP :",
        ));
        b.push(table(
            vec![
                Column::new("Exercice", 0.8),
                Column::new("Périmètre", 1.6),
                Column::new("Résultat prévisionnel", 1.3).right(),
                Column::new("Affectation", 3.2),
            ],
            rows,
            false,
        ));
    }
    if m.plan_retour_equilibre {
        b.push(p("Un plan de retour à l'équilibre est joint au contrat ; le tableau des mesures mises en œuvre est transmis chaque année avec l'ERRD."));
    }
    Out {
        blocks: b,
        gaps: vec![],
    }
}

pub fn budgets_reference(d: &Dossier) -> Out {
    let budgets: Vec<_> = d
        .perimetre()
        .filter_map(|e| {
            d.signature
                .budgets
                .iter()
                .find(|b| b.esms == e.id)
                .map(|b| (e, b))
        })
        .collect();
    if budgets.is_empty() {
        return gap(
            "les budgets de référence et l'activité retenue de chaque établissement et service seront intégrés lorsqu'ils auront été saisis.",
        );
    }
    let mut rows = Vec::new();
    for (e, b) in &budgets {
        rows.push(groupes_row(format!("{} — dépenses", e.nom), &b.depenses));
        rows.push(groupes_row(format!("{} — recettes", e.nom), &b.recettes));
    }
    let mut blocks = vec![
        h("Budgets de référence"),
        table(groupes_cols("Établissement ou service"), rows, false),
        h("Activité"),
    ];
    blocks.extend(activite_table(d));
    Out {
        blocks,
        gaps: vec![],
    }
}

/// Le tableau d'activité : théorique, trois dernières années, moyenne, taux de réalisation,
/// activité retenue.
pub fn activite_table(d: &Dossier) -> Vec<Block> {
    let rows: Vec<Vec<String>> = d
        .perimetre()
        .filter_map(|e| {
            d.signature
                .budgets
                .iter()
                .find(|b| b.esms == e.id)
                .map(|b| (e, b))
        })
        .map(|(e, b)| {
            let x = activite(b);
            let year = |i: usize| {
                b.activite_realisee
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or("—".into(), format::decimal_trim)
            };
            vec![
                format!("{} ({})", e.nom, b.unite_activite),
                b.activite_theorique
                    .map_or("—".into(), format::decimal_trim),
                year(0),
                year(1),
                year(2),
                x.moyenne.map_or("—".into(), format::decimal_trim),
                x.taux_realisation
                    .map_or("—".into(), |t| format::percent(t, 1)),
                x.retenue.map_or("—".into(), format::decimal_trim),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let y = d
        .cpom
        .date_effet
        .map(|x| chrono::Datelike::year(&x))
        .unwrap_or(0);
    // Les trois exercices qui précèdent l'année de négociation (veille de la date d'effet).
    let col = |k: i32| {
        if y > 0 {
            format!("Réalisé {}", y - 1 - k)
        } else {
            format!("Réalisé N-{k}")
        }
    };
    vec![table(
        vec![
            Column::new("Établissement ou service (unité)", 2.4),
            Column::new("Théorique", 1.0).right(),
            Column::new(&col(3), 0.9).right(),
            Column::new(&col(2), 0.9).right(),
            Column::new(&col(1), 0.9).right(),
            Column::new("Moyenne", 0.9).right(),
            Column::new("Réalisation", 0.9).right(),
            Column::new("Retenue", 0.9).right(),
        ],
        rows,
        false,
    )]
}
