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

/// Fiche activité (guide PdL, annexe 3, seed 002 L633-L637) : « en cours d'élaboration par
/// l'ARS et le Département […] ; des cibles d'activité seront définies par voie d'avenant »,
/// sauf si les parties ont déjà retenu une activité (budgets de référence).
pub fn fiche_activite(ctx: &Contexte) -> Out {
    let mut out = Out::default();
    let retenue = ctx
        .dossier
        .signature
        .budgets
        .iter()
        .any(|b| b.activite_retenue.is_some());
    if !retenue {
        out.blocks.push(Block::Paragraph {
            spans: vec![Span::plain(
                "Cette annexe est en cours d'élaboration par l'ARS et le ou les départements, en lien avec les conclusions des travaux nationaux engagés sur la définition de l'activité. Des cibles d'activité seront définies par voie d'avenant au présent contrat.",
            )],
            align: Align::Justify,
        });
        return out;
    }
    out.blocks.push(sub("Activité retenue par les parties"));
    out.blocks
        .extend(super::annexes_financiers::activite_table(ctx.dossier));
    out
}

/// La réponse des établissements et services aux besoins territoriaux (annexe de nature 1,
/// instruction DGCS, seed 000 L607-L629), tirée des réponses du diagnostic sur les
/// coopérations et le territoire, des partenariats (établissement de santé, HAD), des
/// groupements et autres contrats, et des constats territoriaux de la synthèse.
pub fn besoins_territoriaux(ctx: &Contexte) -> Out {
    let Some(b) = crate::signature::calc::besoins_territoriaux(ctx.dossier) else {
        return gap(
            "besoins_territoriaux",
            "la réponse aux besoins territoriaux sera rédigée à partir des coopérations, des partenariats et des constats territoriaux du diagnostic lorsqu'ils auront été saisis.",
            "La réponse aux besoins territoriaux n'a pas encore d'éléments (coopérations, partenariats, constats territoriaux).",
        );
    };
    let mut out = Out::default();
    out.blocks.push(Block::Paragraph {
        spans: vec![Span::plain(
            "Cette annexe décrit la réponse des établissements et services du contrat aux besoins du territoire et leur inscription dans l'offre de santé et d'autonomie, notamment les partenariats avec un établissement de santé assurant l'hospitalisation complète et avec un établissement d'hospitalisation à domicile.",
        )],
        align: Align::Justify,
    });
    if !b.cooperations.is_empty() {
        out.blocks
            .push(sub("Coopérations, partenariats et parcours"));
        out.blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Question du diagnostic", 2.6),
                Column::new("Réponse", 2.4),
            ],
            rows: b
                .cooperations
                .into_iter()
                .map(|(q, r)| vec![q, r])
                .collect(),
            first_column_bold: false,
            header: true,
            total_row: false,
        }));
    }
    if !b.groupements.is_empty() {
        out.blocks.push(sub(
            "Groupements et autres contrats de l'organisme gestionnaire",
        ));
        out.blocks.push(Block::Bullets {
            items: b
                .groupements
                .into_iter()
                .map(|g| vec![Span::plain(g)])
                .collect(),
        });
    }
    if !b.constats.is_empty() {
        out.blocks
            .push(sub("Constats et enjeux territoriaux du diagnostic partagé"));
        out.blocks.push(Block::Bullets {
            items: b
                .constats
                .into_iter()
                .map(|c| vec![Span::plain(c)])
                .collect(),
        });
    }
    out
}

/// Le plan global de financement pluriannuel (six années glissantes : résultat, CAF, fonds
/// de roulement, BFR, trésorerie) et le plan pluriannuel d'investissement (opérations,
/// montants, financement, approbation) : instruction DGCS, seed 000 L648-L664.
pub fn pgfp_ppi(ctx: &Contexte) -> Out {
    use crate::dossier::signature::LIGNES_PGFP;
    use chrono::Datelike;
    let d = ctx.dossier;
    let pgfp = &d.signature.pgfp;
    if pgfp.is_empty() {
        return gap(
            "pgfp",
            "le plan global de financement pluriannuel et le plan pluriannuel d'investissement seront intégrés lorsqu'ils auront été saisis à l'étape Signature.",
            "Le plan global de financement pluriannuel (PGFP) n'a pas encore été saisi.",
        );
    }
    let first = pgfp
        .premiere_annee
        .or_else(|| d.cpom.date_effet.map(|e| e.year()))
        .or_else(|| pgfp.lignes.values().flat_map(|m| m.keys()).min().copied())
        .unwrap_or_default();
    let years: Vec<i32> = (first..first + 6).collect();
    let mut out = Out::default();
    out.blocks.push(sub(
        "Plan global de financement pluriannuel (six années glissantes)",
    ));
    let mut columns = vec![Column::new("", 2.2)];
    columns.extend(
        years
            .iter()
            .map(|y| Column::new(&y.to_string(), 1.0).right()),
    );
    out.blocks.push(Block::Table(Table {
        columns,
        rows: LIGNES_PGFP
            .iter()
            .map(|(code, label)| {
                let mut r = vec![(*label).to_string()];
                r.extend(
                    years
                        .iter()
                        .map(|y| pgfp.valeur(code, *y).map_or("—".into(), format::amount)),
                );
                r
            })
            .collect(),
        first_column_bold: true,
        header: true,
        total_row: false,
    }));
    out.blocks.push(sub("Plan pluriannuel d'investissement"));
    if d.signature.ppi.is_empty() {
        out.blocks.push(Block::Paragraph {
            spans: vec![Span::plain(
                "Aucune opération d'investissement n'est prévue pendant la durée du contrat.",
            )],
            align: Align::Justify,
        });
        return out;
    }
    let esms = |id: Option<uuid::Uuid>| {
        id.and_then(|id| d.esms.iter().find(|e| e.id == id))
            .map_or("Plusieurs ou siège".to_string(), nom)
    };
    let m = |x: Option<rust_decimal::Decimal>| x.map_or("—".into(), format::amount);
    let mut total = rust_decimal::Decimal::ZERO;
    let mut rows: Vec<Vec<String>> = d
        .signature
        .ppi
        .iter()
        .map(|o| {
            total += o.montant.unwrap_or_default();
            let periode = match (o.annee_debut, o.annee_fin) {
                (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
                (Some(a), _) | (None, Some(a)) => a.to_string(),
                (None, None) => "—".into(),
            };
            let statut = match (o.statut, o.date_approbation) {
                (crate::dossier::signature::StatutPpi::Approuve, Some(dt)) => {
                    format!("Approuvé le {}", format::date_short(dt))
                }
                (s, _) => s.label().to_string(),
            };
            vec![
                if o.libelle.trim().is_empty() {
                    A_COMPLETER.into()
                } else {
                    o.libelle.trim().to_string()
                },
                esms(o.esms),
                periode,
                m(o.montant),
                m(o.emprunt),
                m(o.autofinancement),
                m(o.subventions),
                statut,
            ]
        })
        .collect();
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        format::amount(total),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    out.blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("Opération", 2.3),
            Column::new("Établissement", 1.5),
            Column::new("Années", 0.8),
            Column::new("Montant", 1.1).right(),
            Column::new("Emprunt", 1.0).right(),
            Column::new("Autofinancement", 1.1).right(),
            Column::new("Subventions", 1.0).right(),
            Column::new("Approbation (art. L. 314-7)", 1.4),
        ],
        rows,
        first_column_bold: false,
        header: true,
        total_row: true,
    }));
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
        "habilitation_aide_sociale" => {
            let mut out = blocks::habilitation(ctx);
            let m = blocks::habilitation_modalites(ctx);
            out.blocks.extend(m.blocks);
            out.gaps.extend(m.gaps);
            out
        }
        "besoins_territoriaux" => besoins_territoriaux(ctx),
        "pgfp_ppi" => pgfp_ppi(ctx),
        "externe" => Out {
            blocks: vec![Block::Note {
                text: "Document joint au présent contrat, non reproduit dans ce fichier.".into(),
            }],
            gaps: vec![],
        },
        _ => Out::default(),
    }
}
