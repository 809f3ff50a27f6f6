//! Les blocs générés du contenu « EHPAD » du contrat (`"donnees": "pa.…"`) : caractéristiques
//! des établissements et services pour personnes âgées, option tarifaire et mode de
//! financement des soins, les trois sections tarifaires (soins, dépendance, hébergement),
//! financements complémentaires par nature et par année, parties dédiées des résidences
//! autonomie (forfait autonomie, forfait soins), dotation des services, clause de
//! l'article L. 342-1, fin des conventions tripartites, volet des services d'aide à domicile.
//!
//! Sources (instruction DGCS du 21 mars 2017, seed 000) : L1185-L1224 (forfaits, tarifs,
//! financements complémentaires, PUV, enveloppes), L1279-L1283 et L1302-L1304 (reprise,
//! L. 342-1), L1012-L1020 (article 8 : fin des CTP), L2361-L2389 (résidences autonomie),
//! L2428-L2459 (SAAD).

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::contract::bind::Contexte;
use crate::contract::blocks::Out;
use crate::contract::document::{Align, Block, Column, Gap, Span, Table};
use crate::dossier::Dossier;
use crate::dossier::perimetre::Esms;
use crate::dossier::signature::{MENTIONS_SAAD, MENTIONS_SAAD_HORS_FAMILLE, MoyensPa};
use crate::kernel::format;
use crate::perimetre::regime::{
    RegimeFinancement, is_ehpad_ou_puv, is_pa, is_puv, is_saad, regime,
};

fn p(text: impl Into<String>) -> Block {
    Block::Paragraph {
        spans: vec![Span::plain(text)],
        align: Align::Justify,
    }
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

fn out(blocks: Vec<Block>) -> Out {
    Out {
        blocks,
        gaps: vec![],
    }
}

fn amount(x: Option<Decimal>) -> String {
    x.map_or("—".into(), format::amount)
}

fn places(n: Option<u32>) -> String {
    n.filter(|n| *n > 0)
        .map_or("—".into(), |n| format::integer(i64::from(n)))
}

fn moyens<'a>(d: &'a Dossier, e: &Esms) -> Option<&'a MoyensPa> {
    d.signature.moyens_pa.iter().find(|m| m.esms == e.id)
}

fn ehpad(d: &Dossier) -> Vec<&Esms> {
    d.perimetre().filter(|e| is_ehpad_ou_puv(e)).collect()
}

/// Les années du contrat (« 2027 » … « 2031 »), au plus la durée du contrat.
fn annees(d: &Dossier) -> Vec<String> {
    let n = usize::from(d.cpom.duree_annees.clamp(1, 7));
    match d.cpom.date_effet {
        Some(e) => (0..n).map(|k| (e.year() + k as i32).to_string()).collect(),
        None => (1..=n).map(|k| format!("Année {k}")).collect(),
    }
}

/// Article 1 : places par modalité, GMP et PMP des établissements pour personnes âgées.
pub fn caracteristiques(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let rows: Vec<Vec<String>> = d
        .perimetre()
        .filter(|e| is_pa(e))
        .map(|e| {
            let coupe = |v: Option<u32>, dt: Option<chrono::NaiveDate>| match (v, dt) {
                (Some(v), Some(dt)) => format!("{v} ({})", format::date_short(dt)),
                (Some(v), None) => v.to_string(),
                _ => "—".into(),
            };
            vec![
                e.nom.clone(),
                places(e.capacites.internat.autorisee),
                places(e.capacites.accueil_temporaire.autorisee),
                places(e.capacites.semi_internat.autorisee),
                places(e.pa.pasa),
                places(e.pa.uhr),
                places(e.pa.unite_protegee),
                places(e.capacites.externat.autorisee),
                coupe(e.pa.gmp, e.pa.gmp_date_validation),
                coupe(e.pa.pmp, e.pa.pmp_date_validation),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Out::default();
    }
    out(vec![
        p(
            "Établissements et services pour personnes âgées : places autorisées par modalité d'accueil, dernier GIR moyen pondéré (GMP) et PATHOS moyen pondéré (PMP) validés, avec leur date de validation.",
        ),
        table(
            vec![
                Column::new("Établissement ou service", 2.3),
                Column::new("Héb. perm.", 0.8).right(),
                Column::new("Héb. temp.", 0.8).right(),
                Column::new("Accueil de jour", 0.8).right(),
                Column::new("PASA", 0.6).right(),
                Column::new("UHR", 0.6).right(),
                Column::new("Unité protégée", 0.8).right(),
                Column::new("Places de service", 0.8).right(),
                Column::new("GMP", 1.1),
                Column::new("PMP", 1.1),
            ],
            rows,
            false,
        ),
    ])
}

/// Article 4 : option tarifaire des EHPAD et mode de financement des soins des PUV.
pub fn tarification(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let rows: Vec<Vec<String>> = ehpad(d)
        .into_iter()
        .map(|e| {
            let option = if is_puv(e) {
                format!(
                    "Petite unité de vie — soins : {}",
                    e.pa.mode_soins_puv
                        .map_or(crate::contract::bind::A_COMPLETER, |m| m.label())
                )
            } else {
                e.pa.option_tarifaire
                    .map_or(crate::contract::bind::A_COMPLETER.into(), |o| {
                        o.label().to_string()
                    })
            };
            let statut = if e.pa.l342_1 {
                "Article L. 342-1"
            } else {
                "—"
            };
            vec![e.nom.clone(), option, statut.into()]
        })
        .collect();
    if rows.is_empty() {
        return Out::default();
    }
    out(vec![
        p(
            "Option tarifaire de chaque établissement et, pour les petites unités de vie, mode de financement des soins, valable pour la durée du contrat et révisable à son renouvellement avec l'accord des autorités de tarification. Le passage d'un établissement au tarif global en cours de contrat fait l'objet d'un avenant.",
        ),
        table(
            vec![
                Column::new("Établissement", 2.2),
                Column::new("Option tarifaire ou mode de financement des soins", 3.2),
                Column::new("Statut", 1.1),
            ],
            rows,
            false,
        ),
    ])
}

/// Article 4 : les trois sections tarifaires de chaque EHPAD ou PUV.
pub fn sections(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let list = ehpad(d);
    if list.is_empty() {
        return Out::default();
    }
    let mut total_soins = Decimal::ZERO;
    let mut total_dep = Decimal::ZERO;
    let mut rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            let m = moyens(d, e);
            let soins = match regime(e) {
                Some(RegimeFinancement::PuvForfaitSoins) => m.and_then(|m| m.forfait_soins),
                Some(RegimeFinancement::PuvSsiad) => None,
                _ => m.and_then(|m| m.forfait_global_soins),
            };
            let dep = m.and_then(|m| m.forfait_global_dependance);
            total_soins += soins.unwrap_or_default();
            total_dep += dep.unwrap_or_default();
            let soins_txt = match regime(e) {
                Some(RegimeFinancement::PuvSsiad) => "Soins assurés par un SSIAD".into(),
                Some(RegimeFinancement::PuvForfaitSoins) => {
                    format!("{} (forfait soins)", amount(soins))
                }
                _ => amount(soins),
            };
            vec![
                e.nom.clone(),
                soins_txt,
                amount(dep),
                m.and_then(|m| m.tarif_hebergement)
                    .map_or("—".into(), |t| format!("{} par jour", format::amount(t))),
            ]
        })
        .collect();
    rows.push(vec![
        "Total".into(),
        format::amount(total_soins),
        format::amount(total_dep),
        String::new(),
    ]);
    let annee = d
        .signature
        .moyens_pa
        .iter()
        .find_map(|m| m.annee)
        .or(d.cpom.date_effet.map(|e| e.year()));
    out(vec![
        p(format!(
            "Les établissements tarifés au GMPS perçoivent un forfait global relatif aux soins, résultant d'une équation tarifaire qui restitue le niveau de dépendance et les besoins en soins requis des résidents, un forfait global relatif à la dépendance, automatique et opposable, et des tarifs journaliers afférents à l'hébergement. Montants {} à titre indicatif :",
            annee.map_or("de référence".into(), |y| format!("de l'exercice {y}"))
        )),
        table(
            vec![
                Column::new("Établissement", 2.2),
                Column::new("Soins (forfait global)", 1.6).right(),
                Column::new("Dépendance (forfait global)", 1.6).right(),
                Column::new("Hébergement (tarif journalier)", 1.6).right(),
            ],
            rows,
            true,
        ),
    ])
}

/// Article 4 : le montant prévisionnel des financements complémentaires, par nature et par
/// année (V20).
pub fn financements_complementaires(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let gmps: Vec<&Esms> = ehpad(d)
        .into_iter()
        .filter(|e| regime(e) == Some(RegimeFinancement::Gmps))
        .collect();
    if gmps.is_empty() {
        return Out::default();
    }
    let years = annees(d);
    let mut rows = Vec::new();
    let mut totals = vec![Decimal::ZERO; years.len()];
    let mut sans: Vec<String> = Vec::new();
    for e in &gmps {
        let lines: Vec<_> = d
            .signature
            .financements_complementaires
            .iter()
            .filter(|f| f.esms == e.id)
            .collect();
        if lines.is_empty() {
            if moyens(d, e).is_some_and(|m| m.sans_financement_complementaire) {
                sans.push(e.nom.clone());
            }
            continue;
        }
        for f in lines {
            let nature = if f.libelle.trim().is_empty() {
                f.nature.label().to_string()
            } else {
                format!("{} — {}", f.nature.label(), f.libelle.trim())
            };
            let mut row = vec![e.nom.clone(), nature];
            for (k, t) in totals.iter_mut().enumerate() {
                let m = f.montant(k);
                *t += m.unwrap_or_default();
                row.push(amount(m));
            }
            rows.push(row);
        }
    }
    let mut blocks = vec![p(
        "Montant prévisionnel des financements complémentaires attribués en sus du forfait global relatif aux soins, par établissement, par nature et par année du contrat :",
    )];
    let mut gaps = Vec::new();
    if rows.is_empty() {
        if sans.is_empty() {
            blocks.push(Block::Gap {
                text: "À compléter : le montant prévisionnel des financements complémentaires de chaque EHPAD ou PUV.".into(),
            });
            gaps.push(Gap {
                key: "moyens".into(),
                message: "Les financements complémentaires des EHPAD ne sont pas saisis.".into(),
            });
        }
    } else {
        let mut total = vec!["Total".into(), String::new()];
        total.extend(totals.iter().map(|t| format::amount(*t)));
        rows.push(total);
        let mut cols = vec![
            Column::new("Établissement", 1.9),
            Column::new("Nature", 1.9),
        ];
        cols.extend(years.iter().map(|y| Column::new(y, 1.0).right()));
        blocks.push(table(cols, rows, true));
    }
    if !sans.is_empty() {
        blocks.push(p(format!(
            "Aucun financement complémentaire n'est prévu pour : {}.",
            sans.join(", ")
        )));
    }
    Out { blocks, gaps }
}

/// Article 4 : une partie dédiée au forfait autonomie et une au forfait soins de chaque
/// résidence autonomie (V39, V40).
pub fn residences_autonomie(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let mut blocks = Vec::new();
    for e in d
        .perimetre()
        .filter(|e| regime(e) == Some(RegimeFinancement::ResidenceAutonomie))
    {
        let m = moyens(d, e);
        let mut text = format!(
            "{} — forfait autonomie : {}, attribué par le président du conseil départemental pour financer les actions individuelles et collectives de prévention de la perte d'autonomie fixées par les objectifs du contrat, dans le respect des priorités de la conférence des financeurs.",
            e.nom,
            amount(m.and_then(|m| m.forfait_autonomie))
        );
        if let Some(x) = m.and_then(|m| m.modulation_forfait_autonomie) {
            text.push_str(&format!(
                " Modulation retenue : {} — {}",
                x.label().to_lowercase(),
                m.map_or("", |m| m.justification_modulation.trim())
            ));
        }
        blocks.push(p(text));
        if e.pa.forfait_soins_ra {
            blocks.push(p(format!(
                "{} — forfait soins : {}, attribué par le directeur général de l'agence régionale de santé et dédié à l'emploi de personnels de soins dans la résidence ; il fait l'objet d'une partie distincte de celle du forfait autonomie.",
                e.nom,
                amount(m.and_then(|m| m.forfait_soins))
            )));
        }
    }
    out(blocks)
}

/// Article 4 : les éléments pluriannuels des autres activités pour personnes âgées
/// (dotations des services, forfait soins des PUV).
pub fn services(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let rows: Vec<Vec<String>> = d
        .perimetre()
        .filter(|e| is_pa(e) && regime(e) == Some(RegimeFinancement::Dotation))
        .map(|e| {
            vec![
                e.nom.clone(),
                "Dotation globale de soins".into(),
                amount(moyens(d, e).and_then(|m| m.dotation_globale)),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Out::default();
    }
    out(vec![
        p(
            "Éléments pluriannuels du budget des autres activités pour personnes âgées financées dans le cadre du contrat :",
        ),
        table(
            vec![
                Column::new("Établissement ou service", 2.4),
                Column::new("Financement", 2.0),
                Column::new("Montant annuel", 1.3).right(),
            ],
            rows,
            false,
        ),
    ])
}

/// Article 4-2 : la clause de l'article L. 342-1 (V17).
pub fn l342_1(ctx: &Contexte) -> Out {
    let noms: Vec<String> = ctx
        .dossier
        .perimetre()
        .filter(|e| e.pa.l342_1)
        .map(|e| e.nom.clone())
        .collect();
    if noms.is_empty() {
        return Out::default();
    }
    out(vec![p(format!(
        "Établissement{} relevant de l'article L. 342-1 du code de l'action sociale et des familles : {}. Les excédents dégagés sur les tarifs afférents aux soins et à la dépendance ne peuvent être affectés ni en réserve d'investissement ou de trésorerie, ni à la compensation de charges d'amortissement.",
        if noms.len() > 1 { "s" } else { "" },
        noms.join(", ")
    ))])
}

/// Titre 2, article 4 : la fin des conventions tripartites à l'entrée en vigueur du contrat.
pub fn conventions_tripartites(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let fin = d
        .cpom
        .date_effet
        .map_or(crate::contract::bind::A_COMPLETER.into(), format::date_long);
    let rows: Vec<Vec<String>> = ehpad(d)
        .into_iter()
        .filter(|e| e.pa.ctp_date_signature.is_some() || e.pa.ctp_date_echeance.is_some())
        .map(|e| {
            vec![
                e.nom.clone(),
                e.pa.ctp_date_signature
                    .map_or("—".into(), format::date_long),
                e.pa.ctp_date_echeance.map_or("—".into(), format::date_long),
                fin.clone(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Out::default();
    }
    out(vec![
        p("Conventions tripartites pluriannuelles auxquelles le présent contrat met fin :"),
        table(
            vec![
                Column::new("Établissement", 2.2),
                Column::new("Signée le", 1.3),
                Column::new("Échéance prévue", 1.3),
                Column::new("Fin (entrée en vigueur du contrat)", 1.6),
            ],
            rows,
            false,
        ),
    ])
}

/// Le volet de chaque service d'aide et d'accompagnement à domicile : les mentions de
/// l'article L. 313-11-1 (V41).
pub fn volet_saad(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let mut blocks = Vec::new();
    for e in d.perimetre().filter(|e| is_saad(e)) {
        let v = d.signature.volets_saad.iter().find(|v| v.esms == e.id);
        blocks.push(p(format!(
            "{} — mentions de l'article L. 313-11-1 du code de l'action sociale et des familles :",
            e.nom
        )));
        let items = MENTIONS_SAAD
            .iter()
            .enumerate()
            .map(|(k, titre)| {
                let n = k + 1;
                let texte =
                    if v.is_some_and(|v| v.famille) && MENTIONS_SAAD_HORS_FAMILLE.contains(&n) {
                        "sans objet pour un service d'aide aux familles.".to_string()
                    } else {
                        match v.map(|v| v.mention(n).trim()).filter(|t| !t.is_empty()) {
                            Some(t) => t.to_string(),
                            None => crate::contract::bind::A_COMPLETER.to_string(),
                        }
                    };
                vec![Span::bold(format!("{n}° {titre} : ")), Span::plain(texte)]
            })
            .collect();
        blocks.push(Block::Bullets { items });
    }
    out(blocks)
}

/// Un bloc « personnes âgées » par sa clé (`DONNEES`) ; `None` pour une autre clé.
pub fn generate(key: &str, ctx: &Contexte) -> Option<Out> {
    Some(match key {
        "pa.caracteristiques" => caracteristiques(ctx),
        "pa.tarification" => tarification(ctx),
        "pa.sections" => sections(ctx),
        "pa.financements_complementaires" => financements_complementaires(ctx),
        "pa.residences_autonomie" => residences_autonomie(ctx),
        "pa.services" => services(ctx),
        "pa.l342_1" => l342_1(ctx),
        "pa.conventions_tripartites" => conventions_tripartites(ctx),
        "pa.volet_saad" => volet_saad(ctx),
        _ => return None,
    })
}

/// Les éléments « personnes âgées » de l'annexe financière : forfaits et tarifs, services,
/// financements complémentaires.
pub fn annexe_financiere(ctx: &Contexte) -> Vec<Block> {
    let mut b = Vec::new();
    let heading = |t: &str| Block::Heading {
        level: 3,
        text: t.into(),
        toc: false,
        new_page: false,
    };
    let s = sections(ctx);
    if !s.blocks.is_empty() {
        b.push(heading(
            "Établissements pour personnes âgées : forfaits et tarifs",
        ));
        b.extend(s.blocks);
    }
    let fc = financements_complementaires(ctx);
    if !fc.blocks.is_empty() {
        b.push(heading("Financements complémentaires"));
        b.extend(fc.blocks);
    }
    let ra = residences_autonomie(ctx);
    if !ra.blocks.is_empty() {
        b.push(heading("Résidences autonomie"));
        b.extend(ra.blocks);
    }
    let sv = services(ctx);
    if !sv.blocks.is_empty() {
        b.push(heading("Services pour personnes âgées"));
        b.extend(sv.blocks);
    }
    b
}
