//! Les annexes détaillées du diagnostic partagé, mises en tableaux depuis `Dossier::diagnostic` :
//! indicateurs FLASH (2-B) et ANAP (2-C) par ESMS, indicateurs complémentaires (2-D),
//! diagnostic budgétaire et financier (2-E), amendement Creton (2-F).
//!
//! Les montants sont des décimaux exacts mis en forme par [`format::amount`] ; les totaux et
//! les ratios viennent des fonctions du domaine (`diagnostic::calc::totaux_financiers`,
//! `diagnostic::calc::totaux_creton`, `diagnostic::calc::ratio`) : rien n'est recalculé ici.
//! Sans données, l'annexe reste un encadré « à compléter » (manque bloquant).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use uuid::Uuid;

use crate::contract::bind::A_COMPLETER;
use crate::contract::blocks::{Out, categorie_courte};
use crate::contract::document::{Block, Column, Gap, Table};
use crate::diagnostic::calc::{self, TotauxFinanciers};
use crate::dossier::Dossier;
use crate::dossier::diagnostic::{
    AUTORITES, AnnexeIndicateur, INDICATEURS_FINANCIERS, MODES, NATURES_RESERVES, NiveauIndicateur,
    ORIENTATIONS, UniteRatio,
};
use crate::dossier::perimetre::{Esms, Etp};
use crate::kernel::format;

const DASH: &str = "—";

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

/// Intertitre (titre de niveau 3 hors sommaire : la mise en page le garde avec son tableau).
fn sub(text: impl Into<String>) -> Block {
    Block::Heading {
        level: 3,
        text: text.into(),
        toc: false,
        new_page: false,
    }
}

fn note(text: impl Into<String>) -> Block {
    Block::Note { text: text.into() }
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

fn esms_nom(e: &Esms) -> String {
    let n = e.nom.trim();
    if n.is_empty() {
        A_COMPLETER.into()
    } else {
        n.to_string()
    }
}

fn nom_court(d: &Dossier, id: Option<Uuid>) -> String {
    id.and_then(|id| d.esms.iter().find(|e| e.id == id))
        .map_or(A_COMPLETER.into(), |e| {
            let n = e.nom.trim();
            if n.is_empty() {
                A_COMPLETER.into()
            } else {
                n.to_string()
            }
        })
}

fn opt_dec(v: Option<Decimal>) -> String {
    v.map_or(DASH.into(), format::decimal_trim)
}

/// « 12,5 % » : un pourcentage exact, sans zéros inutiles.
fn pct(v: Decimal) -> String {
    let n = v.normalize();
    format::percent(n, n.scale())
}

fn amount(v: Option<Decimal>) -> String {
    v.map_or(DASH.into(), format::amount)
}

// ---------------------------------------------------------------------------------------
// 2-B et 2-C : valeurs des indicateurs par ESMS.

fn indicateurs_valeurs(d: &Dossier, annexe: AnnexeIndicateur) -> Out {
    let what = match annexe {
        AnnexeIndicateur::Flash => "les indicateurs FLASH",
        AnnexeIndicateur::Anap => "les indicateurs du tableau de bord de la performance (ANAP)",
    };
    if !calc::has_indicateurs(d, annexe) {
        return gap(
            "diagnostic-indicateurs",
            &format!(
                "{what} de chaque établissement et service seront intégrés lorsqu'ils auront été saisis (étape Diagnostic)."
            ),
            "Les indicateurs FLASH / ANAP du diagnostic n'ont pas encore été saisis.",
        );
    }
    let mut out = Out::default();
    // Un seul tableau, dans l'ordre du périmètre, puis les valeurs propres à l'organisme ;
    // le nom de l'ESMS n'est écrit qu'en tête de ses lignes.
    let mut scopes: Vec<(Option<Uuid>, String)> =
        d.perimetre().map(|e| (Some(e.id), esms_nom(e))).collect();
    scopes.push((None, "Organisme gestionnaire".into()));
    let mut modifiees = false;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (id, titre) in scopes {
        let mine = d
            .diagnostic
            .indicateurs
            .iter()
            .filter(|i| i.annexe == annexe && i.esms == id);
        for (n, i) in mine.enumerate() {
            let source = if i.source_detail.trim().is_empty() {
                i.source.label().to_string()
            } else {
                format!("{} ({})", i.source.label(), i.source_detail.trim())
            };
            let modif = if i.modifiee {
                modifiees = true;
                match i.valeur_preremplie {
                    Some(p) => format!("modifiée (pré-rempli : {})", format::decimal_trim(p)),
                    None => "modifiée".into(),
                }
            } else {
                String::new()
            };
            rows.push(vec![
                if n == 0 { titre.clone() } else { String::new() },
                if i.libelle.trim().is_empty() {
                    A_COMPLETER.into()
                } else {
                    i.libelle.trim().to_string()
                },
                i.annee.map_or(DASH.into(), |y| y.to_string()),
                opt_dec(i.valeur),
                if i.unite.trim().is_empty() {
                    DASH.into()
                } else {
                    i.unite.trim().to_string()
                },
                source,
                modif,
            ]);
        }
    }
    out.blocks.push(table(
        vec![
            Column::new("Établissement ou service", 1.5),
            Column::new("Indicateur", 2.4),
            Column::new("Année", 0.5).right(),
            Column::new("Valeur", 0.6).right(),
            Column::new("Unité", 0.75),
            Column::new("Source", 2.5),
            Column::new("Modifiée", 0.95),
        ],
        rows,
        false,
    ));
    if modifiees {
        out.blocks.push(note(
            "« modifiée » : valeur pré-remplie corrigée par l'organisme gestionnaire ; la valeur pré-remplie est rappelée.",
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------
// 2-D : indicateurs complémentaires.

fn niveau(d: &Dossier, i: &crate::dossier::diagnostic::IndicateurComplementaire) -> String {
    match i.niveau {
        NiveauIndicateur::Esms => nom_court(d, i.esms),
        NiveauIndicateur::Secteur => i
            .secteur
            .map_or(A_COMPLETER.into(), |s| format!("Secteur {}", s.label())),
        NiveauIndicateur::Categorie => categorie_courte(i.categorie.as_deref()),
        NiveauIndicateur::Og => "Organisme gestionnaire".into(),
    }
}

fn complementaires(d: &Dossier) -> Out {
    let list = &d.diagnostic.complementaires;
    if list.is_empty() {
        return gap(
            "diagnostic-complementaires",
            "les indicateurs complémentaires seront intégrés lorsqu'ils auront été saisis (étape Diagnostic).",
            "Les indicateurs complémentaires du diagnostic (annexe 2-D) n'ont pas encore été saisis.",
        );
    }
    let mut out = Out::default();
    let mut problemes = Vec::new();
    let rows = list
        .iter()
        .map(|i| {
            let r = calc::ratio(i);
            let resultat = match (r.valeur, i.unite) {
                (Some(v), UniteRatio::Pourcentage) => pct(v),
                (Some(v), UniteRatio::Ratio) => format::decimal_trim(v),
                (None, _) => DASH.into(),
            };
            let libelle = if i.libelle.trim().is_empty() {
                A_COMPLETER.to_string()
            } else {
                i.libelle.trim().to_string()
            };
            if let Some(p) = &r.probleme {
                problemes.push(format!("{libelle} : {p}"));
            }
            vec![
                niveau(d, i),
                libelle,
                i.annee.map_or(DASH.into(), |y| y.to_string()),
                opt_dec(i.numerateur),
                opt_dec(i.denominateur),
                resultat,
                r.formule,
            ]
        })
        .collect();
    out.blocks.push(table(
        vec![
            Column::new("Niveau", 1.4),
            Column::new("Indicateur", 2.2),
            Column::new("Année", 0.6).right(),
            Column::new("Numérateur", 1.0).right(),
            Column::new("Dénominateur", 1.05).right(),
            Column::new("Résultat", 0.9).right(),
            Column::new("Formule", 2.6),
        ],
        rows,
        false,
    ));
    for p in problemes {
        out.blocks.push(note(p));
    }
    out
}

// ---------------------------------------------------------------------------------------
// 2-E : diagnostic budgétaire et financier.

/// Les années N-3 à N-1 ; sans année de négociation, celles qui sont saisies.
fn retro_years<'a, I: Iterator<Item = &'a i32>>(t: &TotauxFinanciers, saisies: I) -> Vec<i32> {
    if t.annees.retrospectives.is_empty() {
        saisies
            .copied()
            .collect::<BTreeSet<i32>>()
            .into_iter()
            .collect()
    } else {
        t.annees.retrospectives.clone()
    }
}

fn libelle_autorite(a: &str) -> String {
    AUTORITES
        .iter()
        .find(|(k, _)| *k == a)
        .map_or(a.to_string(), |(_, l)| (*l).to_string())
}

fn finances_out(d: &Dossier) -> Out {
    if !calc::has_finances(d) {
        return gap(
            "diagnostic-finances",
            "le diagnostic budgétaire et financier sera intégré lorsqu'il aura été saisi (étape Diagnostic).",
            "Le diagnostic budgétaire et financier (annexe 2-E) n'a pas encore été saisi.",
        );
    }
    let f = &d.diagnostic.finances;
    let t = calc::totaux_financiers(d);
    let mut out = Out::default();
    if let Some(n) = t.annees.negociation {
        out.blocks.push(note(format!(
            "Année de négociation (N) : {n} ; exercices de référence N-3 à N-1 : {} à {}.",
            n - 3,
            n - 1
        )));
    }

    // Résultats par autorité de tarification.
    out.blocks
        .push(sub("Résultats comptables des trois derniers exercices"));
    let years = retro_years(&t, f.resultats.values().flat_map(|m| m.keys()));
    if f.resultats.is_empty() || years.is_empty() {
        out.blocks.push(note("Non renseignés."));
    } else {
        let mut cols = vec![Column::new("Autorité de tarification", 2.2)];
        for y in &years {
            cols.push(Column::new(&y.to_string(), 1.2).right());
        }
        cols.push(Column::new("Cumul", 1.3).right());
        let mut rows: Vec<Vec<String>> = f
            .resultats
            .iter()
            .map(|(a, by_year)| {
                let mut r = vec![libelle_autorite(a)];
                r.extend(years.iter().map(|y| amount(by_year.get(y).copied())));
                r.push(amount(t.resultats_cumules.get(a).copied()));
                r
            })
            .collect();
        let mut total = vec!["Total".to_string()];
        total.extend(
            years
                .iter()
                .map(|y| amount(t.resultats_par_annee.get(y).copied())),
        );
        total.push(format::amount(t.resultats_total));
        rows.push(total);
        out.blocks.push(table(cols, rows, true));
    }

    // Réserves.
    out.blocks.push(sub("Réserves et provisions"));
    if f.reserves.is_empty() {
        out.blocks.push(note("Non renseignées."));
    } else {
        let auts: Vec<&str> = AUTORITES
            .iter()
            .map(|(k, _)| *k)
            .filter(|a| f.reserves.values().any(|m| m.contains_key(*a)))
            .collect();
        let mut cols = vec![Column::new("Nature", 3.0)];
        for a in &auts {
            cols.push(Column::new(&libelle_autorite(a), 1.3).right());
        }
        cols.push(Column::new("Total", 1.3).right());
        let mut rows: Vec<Vec<String>> = NATURES_RESERVES
            .iter()
            .filter_map(|(k, l)| {
                let m = f.reserves.get(*k)?;
                let mut r = vec![(*l).to_string()];
                r.extend(auts.iter().map(|a| amount(m.get(*a).copied())));
                r.push(amount(t.reserves_par_nature.get(*k).copied()));
                Some(r)
            })
            .collect();
        let mut total = vec!["Total".to_string()];
        total.extend(
            auts.iter()
                .map(|a| amount(t.reserves_par_autorite.get(*a).copied())),
        );
        total.push(format::amount(t.reserves_total));
        rows.push(total);
        out.blocks.push(table(cols, rows, true));
    }

    // Indicateurs financiers.
    out.blocks.push(sub("Indicateurs financiers"));
    let years = retro_years(&t, f.indicateurs.values().flat_map(|m| m.keys()));
    if f.indicateurs.is_empty() || years.is_empty() {
        out.blocks.push(note("Non renseignés."));
    } else {
        let mut cols = vec![Column::new("Indicateur", 3.2)];
        for y in &years {
            cols.push(Column::new(&y.to_string(), 1.2).right());
        }
        let rows = INDICATEURS_FINANCIERS
            .iter()
            .filter_map(|(k, l, unite)| {
                let m = f.indicateurs.get(*k)?;
                let mut r = vec![(*l).to_string()];
                r.extend(years.iter().map(|y| match m.get(y).copied() {
                    None => DASH.into(),
                    Some(v) => match *unite {
                        "%" => pct(v),
                        "€" => format::amount(v),
                        u => format!("{}\u{a0}{u}", format::decimal_trim(v)),
                    },
                }));
                Some(r)
            })
            .collect();
        out.blocks.push(table(cols, rows, false));
    }

    // Départs en retraite.
    out.blocks.push(sub(
        "Départs en retraite prévisionnels sur la durée du contrat",
    ));
    if f.retraites.is_empty() && f.provisions_retraite.is_empty() {
        out.blocks.push(note("Non renseignés."));
    } else {
        let years: Vec<i32> = if t.annees.retraites.is_empty() {
            f.retraites
                .values()
                .flat_map(|m| m.keys().copied())
                .collect::<BTreeSet<i32>>()
                .into_iter()
                .collect()
        } else {
            t.annees.retraites.clone()
        };
        let mut cols = vec![Column::new("Catégorie professionnelle", 1.9)];
        for y in &years {
            cols.push(Column::new(&y.to_string(), 0.7).right());
        }
        cols.push(Column::new("Total", 0.7).right());
        cols.push(Column::new("Provision constituée", 1.4).right());
        let mut rows: Vec<Vec<String>> = Etp::CATEGORIES
            .iter()
            .filter(|(k, _)| f.retraites.contains_key(*k) || f.provisions_retraite.contains_key(*k))
            .map(|(k, l)| {
                let m = f.retraites.get(*k);
                let mut r = vec![(*l).to_string()];
                r.extend(years.iter().map(|y| {
                    m.and_then(|m| m.get(y))
                        .map_or(DASH.into(), |n| n.to_string())
                }));
                r.push(
                    t.retraites_par_categorie
                        .get(*k)
                        .map_or(DASH.into(), |n| n.to_string()),
                );
                r.push(amount(f.provisions_retraite.get(*k).copied()));
                r
            })
            .collect();
        let mut total = vec!["Total".to_string()];
        total.extend(years.iter().map(|y| {
            t.retraites_par_annee
                .get(y)
                .map_or(DASH.into(), |n| n.to_string())
        }));
        total.push(t.retraites_total.to_string());
        total.push(format::amount(t.provisions_retraite_total));
        rows.push(total);
        out.blocks.push(table(cols, rows, true));
    }

    // Effectifs.
    out.blocks.push(sub(
        "Effectifs (équivalents temps plein) par catégorie d'établissement ou de service",
    ));
    if f.effectifs.is_empty() {
        out.blocks.push(note("Non renseignés."));
    } else {
        let mut cols = vec![Column::new("Catégorie d'ESMS", 1.9)];
        for (_, l) in Etp::CATEGORIES {
            cols.push(Column::new(l, 1.0).right());
        }
        cols.push(Column::new("Total", 0.8).right());
        let mut rows: Vec<Vec<String>> = t
            .effectifs_par_categorie_esms
            .iter()
            .map(|(cat, tot)| {
                let mut r = vec![categorie_courte(Some(cat))];
                r.extend(Etp::CATEGORIES.iter().map(|(pro, _)| {
                    opt_dec(f.effectifs.get(*pro).and_then(|m| m.get(cat)).copied())
                }));
                r.push(format::decimal_trim(*tot));
                r
            })
            .collect();
        let mut total = vec!["Total".to_string()];
        total.extend(
            Etp::CATEGORIES
                .iter()
                .map(|(pro, _)| opt_dec(t.effectifs_par_categorie_pro.get(*pro).copied())),
        );
        total.push(format::decimal_trim(t.effectifs_total));
        rows.push(total);
        out.blocks.push(table(cols, rows, true));
    }

    // Frais de siège.
    if !t.frais_siege.is_empty() {
        out.blocks.push(sub("Frais de siège"));
        let rows = t
            .frais_siege
            .iter()
            .map(|e| {
                vec![
                    e.annee.to_string(),
                    format::amount(e.montant),
                    e.evolution_pct.map_or(DASH.into(), pct),
                ]
            })
            .collect();
        out.blocks.push(table(
            vec![
                Column::new("Exercice", 1.0),
                Column::new("Montant", 1.6).right(),
                Column::new("Évolution annuelle", 1.4).right(),
            ],
            rows,
            false,
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------
// 2-F : amendement Creton.

fn creton_out(d: &Dossier) -> Out {
    if !calc::has_creton(d) {
        return gap(
            "diagnostic-creton",
            "l'activité des jeunes adultes maintenus au titre de l'amendement Creton sera intégrée lorsqu'elle aura été saisie (étape Diagnostic).",
            "L'activité en amendement Creton (annexe 2-F) n'a pas encore été saisie.",
        );
    }
    let t = calc::totaux_creton(d);
    let mut cols = vec![
        Column::new("Établissement", 2.2),
        Column::new("Mode d'accueil", 1.2),
    ];
    for (_, l) in ORIENTATIONS {
        cols.push(Column::new(l, 1.0).right());
    }
    cols.push(Column::new("Total", 0.8).right());
    let mut rows = Vec::new();
    // Dans l'ordre du périmètre.
    for e in d.perimetre() {
        for c in d.diagnostic.creton.iter().filter(|c| c.esms == Some(e.id)) {
            for (i, (m, ml)) in MODES.iter().enumerate() {
                let line = c.mode(m).copied().unwrap_or_default();
                let mut r = vec![
                    if i == 0 {
                        nom_court(d, c.esms)
                    } else {
                        String::new()
                    },
                    (*ml).to_string(),
                ];
                r.extend(ORIENTATIONS.iter().map(|(o, _)| line.get(o).to_string()));
                r.push(line.total().to_string());
                rows.push(r);
            }
            let mut r = vec![String::new(), "Ensemble".to_string()];
            r.extend(ORIENTATIONS.iter().map(|(o, _)| {
                MODES
                    .iter()
                    .map(|(m, _)| c.mode(m).map_or(0, |l| l.get(o)))
                    .sum::<u32>()
                    .to_string()
            }));
            r.push(
                t.par_enregistrement
                    .get(&c.id)
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
            );
            rows.push(r);
        }
    }
    for (i, (m, ml)) in MODES.iter().enumerate() {
        let by = t.par_mode.get(*m);
        let head = if i == 0 { "Total du périmètre" } else { "" };
        let mut r = vec![head.to_string(), (*ml).to_string()];
        let mut sum = 0u32;
        for (o, _) in ORIENTATIONS {
            let n = by.and_then(|b| b.get(o)).copied().unwrap_or(0);
            sum += n;
            r.push(n.to_string());
        }
        r.push(sum.to_string());
        rows.push(r);
    }
    let mut r = vec![String::new(), "Ensemble".to_string()];
    r.extend(
        ORIENTATIONS
            .iter()
            .map(|(o, _)| t.par_orientation.get(*o).copied().unwrap_or(0).to_string()),
    );
    r.push(t.total.to_string());
    rows.push(r);
    Out {
        blocks: vec![
            note(
                "Nombre de jeunes adultes maintenus au titre de l'amendement Creton, par orientation prononcée par la CDAPH.",
            ),
            table(cols, rows, true),
        ],
        gaps: vec![],
    }
}

/// Le contenu d'une annexe détaillée du diagnostic, par sa clé, ou `None` si la clé n'en est
/// pas une.
pub fn generate(contenu: &str, d: &Dossier) -> Option<Out> {
    Some(match contenu {
        "indicateurs_flash" => indicateurs_valeurs(d, AnnexeIndicateur::Flash),
        "indicateurs_anap" => indicateurs_valeurs(d, AnnexeIndicateur::Anap),
        "indicateurs_complementaires" => complementaires(d),
        "diagnostic_financier" => finances_out(d),
        "creton" => creton_out(d),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_dossier;

    fn ex() -> Dossier {
        let mut n = 0u128;
        example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        })
    }

    fn text(out: &Out) -> String {
        let mut s = String::new();
        for b in &out.blocks {
            match b {
                Block::Table(t) => {
                    for r in &t.rows {
                        s.push_str(&r.join(" | "));
                        s.push('\n');
                    }
                }
                Block::Note { text } | Block::Gap { text } => {
                    s.push_str(text);
                    s.push('\n');
                }
                Block::Paragraph { spans, .. } => {
                    s.push_str(&crate::contract::document::plain_text(spans));
                    s.push('\n');
                }
                _ => {}
            }
        }
        s
    }

    #[test]
    fn example_annexes_are_tables_without_gaps() {
        let d = ex();
        for k in [
            "indicateurs_flash",
            "indicateurs_anap",
            "indicateurs_complementaires",
            "diagnostic_financier",
            "creton",
        ] {
            let out = generate(k, &d).unwrap();
            assert!(out.gaps.is_empty(), "{k}");
            assert!(
                out.blocks.iter().any(|b| matches!(b, Block::Table(_))),
                "{k}"
            );
        }
        let t = text(&generate("indicateurs_complementaires", &d).unwrap());
        assert!(t.contains("33,04\u{a0}%"), "{t}");
        assert!(t.contains("10\u{a0}%"), "{t}");
        let t = text(&generate("indicateurs_anap", &d).unwrap());
        assert!(t.contains("modifiée (pré-rempli : 91,2)"), "{t}");
        let t = text(&generate("diagnostic_financier", &d).unwrap());
        // Totaux exacts du domaine : 182 450,37 - 64 120,90 + 97 300,15 = 215 629,62.
        assert!(
            t.contains("ARS | 182\u{202f}450,37\u{a0}€ | -64\u{202f}120,90\u{a0}€ | 97\u{202f}300,15\u{a0}€ | 215\u{202f}629,62\u{a0}€"),
            "{t}"
        );
        assert!(t.contains("4,1\u{a0}%"), "{t}");
        let t = text(&generate("creton", &d).unwrap());
        assert!(t.ends_with(" | Ensemble | 4 | 0 | 2 | 2 | 8\n"), "{t}");
        assert!(generate("diagnostic", &d).is_none());
    }

    #[test]
    fn absent_data_is_a_blocking_gap() {
        let mut d = ex();
        d.diagnostic.indicateurs.clear();
        d.diagnostic.complementaires.clear();
        d.diagnostic.finances = Default::default();
        d.diagnostic.creton.clear();
        for k in [
            "indicateurs_flash",
            "indicateurs_anap",
            "indicateurs_complementaires",
            "diagnostic_financier",
            "creton",
        ] {
            let out = generate(k, &d).unwrap();
            assert_eq!(out.gaps.len(), 1, "{k}");
            assert!(matches!(out.blocks[0], Block::Gap { .. }), "{k}");
        }
    }
}
