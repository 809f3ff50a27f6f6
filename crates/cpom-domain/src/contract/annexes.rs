//! Le contenu des annexes générées depuis le dossier (les annexes détaillées du diagnostic :
//! [`super::annexes_diagnostic`]). Une annexe dont les données n'existent
//! pas encore (diagnostic, objectifs, moyens) s'imprime comme un encadré « Annexe à
//! compléter » et compte comme un manque bloquant : le document reste un « PROJET ».

use crate::contract::bind::{A_COMPLETER, Contexte};
use crate::contract::blocks::{self, Out, categorie_courte};
use crate::contract::document::{Align, Block, Column, Gap, Span, Table};
use crate::dossier::perimetre::{Capacites, Esms};
use crate::kernel::format;

fn gap(key: &str, text: &str, message: &str) -> Out {
    Out {
        blocks: vec![Block::Gap {
            text: format!("Annexe à compléter : {text}"),
        }],
        gaps: vec![Gap {
            key: key.into(),
            message: message.into(),
        }],
    }
}

const MSG_DIAG: &str = "Le diagnostic partagé n'a pas encore été saisi.";

fn sub(text: &str) -> Block {
    Block::Paragraph {
        spans: vec![Span::bold(text)],
        align: Align::Left,
    }
}

fn nom(e: &Esms) -> String {
    if e.nom.trim().is_empty() {
        A_COMPLETER.into()
    } else {
        e.nom.trim().into()
    }
}

fn fin(e: &Esms) -> String {
    e.finess_et
        .as_deref()
        .map_or(A_COMPLETER.into(), super::bind::finess_nb)
}

fn cap_pair(e: &Esms, key: &str) -> String {
    let c = e.capacites.get(key).copied().unwrap_or_default();
    match (c.autorisee, c.installee) {
        (None, None) | (Some(0), Some(0)) | (Some(0), None) | (None, Some(0)) => "—".into(),
        (a, i) => format!(
            "{} / {}",
            a.map_or("—".into(), |n| n.to_string()),
            i.map_or("—".into(), |n| n.to_string())
        ),
    }
}

/// Annexe 1 : fiche signalétique (gestionnaire et ESMS du périmètre).
pub fn fiche_signaletique(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let mut out = Out::default();
    out.blocks.push(sub("Le gestionnaire"));
    out.blocks.extend(blocks::identification(ctx).blocks);
    if let Ok(Some(v)) = ctx.valeur("organisme.valeurs") {
        out.blocks.push(sub("Valeurs du projet associatif"));
        out.blocks.push(Block::Paragraph {
            spans: vec![Span::plain(v)],
            align: Align::Justify,
        });
    }
    let esms: Vec<&Esms> = d.perimetre().collect();
    if esms.is_empty() {
        out.blocks.push(Block::Gap {
            text: "Périmètre à compléter : aucun ESMS n'est encore saisi.".into(),
        });
        return out;
    }
    out.blocks
        .push(sub("Les établissements et services du périmètre"));
    out.blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Établissement ou service", 1.7),
            Column::new("FINESS", 1.15),
            Column::new("Catégorie", 1.0),
            Column::new("Secteur", 0.9),
            Column::new("Compétence", 1.1),
            Column::new("Implantation", 1.1),
            Column::new("Public accueilli", 2.4),
            Column::new("Aide sociale", 1.0),
        ],
        rows: esms
            .iter()
            .map(|e| {
                vec![
                    nom(e),
                    fin(e),
                    categorie_courte(e.categorie.as_deref()),
                    e.secteur.map_or("—".into(), |s| s.label().to_string()),
                    e.competence.map_or("—".into(), |c| c.label().to_string()),
                    {
                        let c = e.adresse.commune.trim();
                        match (&e.departement, c.is_empty()) {
                            (Some(dep), false) => format!("{c} ({dep})"),
                            (Some(dep), true) => format!("({dep})"),
                            (None, false) => c.to_string(),
                            (None, true) => "—".into(),
                        }
                    },
                    if e.public_specifique.trim().is_empty() {
                        "—".into()
                    } else {
                        e.public_specifique.trim().to_string()
                    },
                    e.habilitation_aide_sociale
                        .map_or("—".into(), |h| h.label().to_string()),
                ]
            })
            .collect(),
        first_column_bold: false,
        header: true,
        total_row: false,
    }));
    out.blocks.push(sub(
        "Capacités autorisées / installées et jours d'ouverture",
    ));
    let mut rows: Vec<Vec<String>> = esms
        .iter()
        .map(|e| {
            let mut r = vec![nom(e), fin(e)];
            for (k, _) in Capacites::MODALITES {
                r.push(cap_pair(e, k));
            }
            r.push(format!(
                "{} / {}",
                e.capacites.total_autorisee(),
                e.capacites.total_installee()
            ));
            r.push(e.jours_ouverture.map_or("—".into(), |j| j.to_string()));
            r
        })
        .collect();
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format!(
            "{} / {}",
            format::integer(i64::from(ctx.derived.capacite_autorisee)),
            format::integer(i64::from(ctx.derived.capacite_installee))
        ),
        String::new(),
    ]);
    out.blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Établissement ou service", 2.0),
            Column::new("FINESS", 1.2),
            Column::new("Internat", 0.9).right(),
            Column::new("Semi-internat / accueil de jour", 1.1).right(),
            Column::new("Accueil temporaire", 0.95).right(),
            Column::new("Externat / places de service", 1.1).right(),
            Column::new("Total", 0.9).right(),
            Column::new("Jours d'ouverture", 0.8).right(),
        ],
        rows,
        first_column_bold: false,
        header: true,
        total_row: true,
    }));
    out.blocks.push(sub("Effectifs (équivalents temps plein)"));
    let mut rows: Vec<Vec<String>> = esms
        .iter()
        .map(|e| {
            let t = &e.etp;
            let mut r = vec![nom(e)];
            for v in [
                t.administratif,
                t.educatif,
                t.medical,
                t.paramedical,
                t.pedagogique,
                t.autres,
            ] {
                r.push(v.map_or("—".into(), format::decimal_trim));
            }
            r.push(format::decimal_trim(t.total()));
            r
        })
        .collect();
    let mut total = vec!["Total".to_string()];
    total.extend(std::iter::repeat_n(String::new(), 6));
    total.push(format::decimal_trim(ctx.derived.etp_total));
    rows.push(total);
    out.blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Établissement ou service", 2.4),
            Column::new("Administratif", 1.0).right(),
            Column::new("Éducatif", 0.9).right(),
            Column::new("Médical", 0.9).right(),
            Column::new("Paramédical", 1.0).right(),
            Column::new("Pédagogique", 1.0).right(),
            Column::new("Autres", 0.8).right(),
            Column::new("Total", 0.8).right(),
        ],
        rows,
        first_column_bold: false,
        header: true,
        total_row: true,
    }));
    out
}

/// Fiche activité (seed 002, annexe 3) : capacités et jours d'ouverture ; l'activité réalisée
/// arrivera avec les moyens.
pub fn fiche_activite(ctx: &Contexte) -> Out {
    let mut out = Out::default();
    let rows: Vec<Vec<String>> = ctx
        .dossier
        .perimetre()
        .map(|e| {
            vec![
                nom(e),
                fin(e),
                format::integer(i64::from(e.capacites.total_installee())),
                e.jours_ouverture.map_or("—".into(), |j| j.to_string()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Établissement ou service", 2.4),
                Column::new("FINESS", 1.2),
                Column::new("Capacité installée", 1.0).right(),
                Column::new("Jours d'ouverture", 1.0).right(),
            ],
            rows,
            first_column_bold: false,
            header: true,
            total_row: false,
        }));
    }
    let activite = super::annexes_financiers::activite_table(ctx.dossier);
    if activite.is_empty() {
        let g = gap(
            "activite",
            "l'activité réalisée des trois dernières années et l'activité retenue seront intégrées lorsqu'elles auront été saisies.",
            "L'activité réalisée et l'activité retenue n'ont pas encore été saisies.",
        );
        out.blocks.extend(g.blocks);
        out.gaps.extend(g.gaps);
    } else {
        out.blocks
            .push(sub("Activité réalisée et activité retenue"));
        out.blocks.extend(activite);
    }
    out
}

/// Le contenu d'une annexe, par sa clé (`CONTENUS`).
pub fn generate(contenu: &str, ctx: &Contexte) -> Out {
    if let Some(out) = super::annexes_diagnostic::generate(contenu, ctx.dossier) {
        return out;
    }
    match contenu {
        "fiche_signaletique" => fiche_signaletique(ctx),
        "synthese_diagnostic" => match crate::contract::synthese::synthese(ctx.dossier) {
            Some(blocks) => Out {
                blocks,
                gaps: vec![],
            },
            None => gap(
                "diagnostic",
                "la synthèse du diagnostic partagé sera intégrée lorsqu'elle aura été saisie.",
                MSG_DIAG,
            ),
        },
        "diagnostic" => {
            if crate::contract::synthese::synthese(ctx.dossier).is_some() {
                Out {
                    blocks: vec![Block::Note {
                        text: "Élément du diagnostic partagé joint depuis le classeur « Diagnostic » de l'ARS (non produit par l'application).".into(),
                    }],
                    gaps: vec![],
                }
            } else {
                gap(
                    "diagnostic",
                    "cet élément du diagnostic partagé sera intégré lorsqu'il aura été saisi.",
                    MSG_DIAG,
                )
            }
        }
        "fiches_objectifs" => super::annexes_objectifs::fiches(ctx.dossier, ctx.forme),
        "fiches_rapt" => super::annexes_objectifs::fiches_rapt(ctx.dossier),
        "tableau_objectifs" => super::annexes_objectifs::tableau(ctx.dossier),
        "elements_financiers" => super::annexes_financiers::elements_financiers(ctx.dossier),
        "budgets_reference" => super::annexes_financiers::budgets_reference(ctx.dossier),
        "fiche_activite" => fiche_activite(ctx),
        "calendrier_dialogues" => blocks::calendrier(ctx),
        "habilitation_aide_sociale" => blocks::habilitation(ctx),
        "externe" => Out {
            blocks: vec![Block::Note {
                text: "Document joint au présent contrat, non reproduit dans ce fichier.".into(),
            }],
            gaps: vec![],
        },
        _ => Out::default(),
    }
}
