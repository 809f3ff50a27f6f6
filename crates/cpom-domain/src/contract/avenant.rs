//! Les avenants en documents : ce qu'un avenant change au contrat (différences champ par
//! champ, articles et annexes dont le texte change), l'avenant lui-même en document court
//! (objet, dispositions modifiées dans leur nouvelle rédaction, signatures), et le contrat
//! consolidé après l'avenant n° N.
//!
//! Les articles modifiés se trouvent en composant le contrat, dans la forme du modèle,
//! avant et après l'avenant, et en comparant le texte de chaque titre.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::clauses::modeles::Modele;
use crate::contract::bind::Contexte;
use crate::contract::blocks;
use crate::contract::compose::compose;
use crate::contract::document::{Align, Block, Document, Gap, Span};
use crate::diff::{Change, diff};
use crate::dossier::Dossier;
use crate::dossier::suivi::{Avenant, TypeAvenant};
use crate::kernel::format;
use crate::kernel::issue::Report;
use crate::steps::readiness::{ReadinessAvenant, readiness_avenant};
use crate::suivi::calc::periode;
use crate::suivi::versions::{restore, version};

/// Un titre du contrat dont le texte change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArticleModifie {
    /// « Article 4 – Moyens dédiés… », « Annexe 4 – Fiches-objectifs… ».
    pub titre: String,
    pub annexe: bool,
    /// « modifie », « ajoute », « supprime ».
    pub nature: String,
    /// Le nouveau texte (vide pour un titre supprimé).
    #[serde(skip)]
    #[ts(skip)]
    pub blocs: Vec<Block>,
}

/// Un segment d'un document : un titre, sa place (les titres qui l'englobent), le titre
/// qu'un avenant cite quand il change (l'annexe entière, ou l'article lui-même) et les blocs
/// qui le suivent jusqu'au titre suivant.
struct Segment {
    key: String,
    unite: String,
    annexe: bool,
    blocs: Vec<Block>,
}

fn segments(doc: &Document) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut stack: Vec<(u8, String)> = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { level, text, .. } => {
                while stack.last().is_some_and(|(l, _)| l >= level) {
                    stack.pop();
                }
                stack.push((*level, text.clone()));
                let top = stack.first().map(|x| x.1.clone()).unwrap_or_default();
                let annexe = top.starts_with("Annexe");
                out.push(Segment {
                    key: stack
                        .iter()
                        .map(|x| x.1.as_str())
                        .collect::<Vec<_>>()
                        .join(" › "),
                    unite: if annexe { top } else { text.clone() },
                    annexe,
                    blocs: Vec::new(),
                });
            }
            Block::Toc => {}
            other => {
                if let Some(last) = out.last_mut() {
                    last.blocs.push(other.clone());
                }
            }
        }
    }
    out.retain(|x| x.key != "Sommaire");
    // Deux titres identiques au même endroit (sous-titres répétés d'une fiche à l'autre) :
    // numérotés dans l'ordre.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for x in &mut out {
        let n = seen.entry(x.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            x.key = format!("{} #{}", x.key, n);
        }
    }
    out
}

fn same(a: &[Block], b: &[Block]) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// Les articles et annexes du contrat (forme du modèle `m`) dont le texte diffère entre
/// `before` et `after`, dans l'ordre du contrat d'après ; une annexe est citée entière.
pub fn articles_modifies(m: &Modele, before: &Dossier, after: &Dossier) -> Vec<ArticleModifie> {
    let empty = Report::default();
    let (Ok(a), Ok(b)) = (
        compose(m, before, &before.clauses, &empty),
        compose(m, after, &after.clauses, &empty),
    ) else {
        return Vec::new();
    };
    let old = segments(&a);
    let new = segments(&b);
    let mut out: Vec<ArticleModifie> = Vec::new();
    let mut push = |titre: &str, annexe: bool, nature: &str, blocs: &[Block]| {
        if let Some(x) = out.iter_mut().find(|x| x.titre == titre) {
            if x.nature == "modifie" || nature != "modifie" {
                return;
            }
            x.nature = nature.into();
            return;
        }
        out.push(ArticleModifie {
            titre: titre.into(),
            annexe,
            nature: nature.into(),
            blocs: blocs.to_vec(),
        });
    };
    for s in &new {
        match old.iter().find(|o| o.key == s.key) {
            Some(o) if same(&o.blocs, &s.blocs) => {}
            Some(_) => push(&s.unite, s.annexe, "modifie", &s.blocs),
            None if s.annexe => push(&s.unite, true, "modifie", &[]),
            None => push(&s.unite, false, "ajoute", &s.blocs),
        }
    }
    for o in &old {
        if !new.iter().any(|s| s.key == o.key) {
            if o.annexe {
                push(&o.unite, true, "modifie", &[]);
            } else {
                push(&o.unite, false, "supprime", &[]);
            }
        }
    }
    // Un titre sans texte propre (« Titre 1 – … ») dont seuls les sous-titres changent n'est
    // pas cité : les sous-titres le sont.
    out.retain(|x| x.annexe || x.nature != "modifie" || !x.blocs.is_empty());
    out
}

/// Ce que l'écran du projet d'avenant affiche.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct VueAvenant {
    pub id: Uuid,
    /// Numéro d'un avenant signé ; vide pour le projet.
    pub numero: Option<usize>,
    pub signe: bool,
    #[ts(type = "string | null")]
    pub signe_le: Option<NaiveDate>,
    /// Les différences champ par champ (contrat d'avant → contrat avec l'avenant).
    pub changements: Vec<Change>,
    pub articles: Vec<ArticleModifie>,
    /// Pour le projet : son rapport « Prêt pour signature ».
    pub readiness: Option<ReadinessAvenant>,
    /// Les parties qui signent l'avenant (clé, libellé), dans l'ordre de signature.
    pub parties: Vec<(String, String)>,
}

/// Le contrat juste avant l'avenant `a` et juste après (projet : le dossier lui-même).
fn before_after(d: &Dossier, a: &Avenant) -> Option<(Dossier, Dossier)> {
    match d.suivi_contrat.numero(a.id) {
        Some(n) => Some((version(d, n - 1)?, version(d, n)?)),
        None => Some((restore(d, &a.modifications), d.clone())),
    }
}

/// La vue de chaque avenant (signés et projet) ; sans `detail`, les différences et articles
/// des avenants signés (figés) ne sont pas recalculés.
pub fn vues(m: &Modele, d: &Dossier, today: NaiveDate, detail: bool) -> Vec<VueAvenant> {
    d.suivi_contrat
        .avenants
        .iter()
        .filter_map(|a| {
            let numero = d.suivi_contrat.numero(a.id);
            let (before, after) = if a.signe() && !detail {
                (d.clone(), d.clone())
            } else {
                before_after(d, a)?
            };
            let parties = crate::perimetre::calc::derived(&after)
                .signataires
                .iter()
                .map(|s| (crate::signature::calc::partie_key(s), s.libelle.clone()))
                .collect();
            Some(VueAvenant {
                id: a.id,
                numero,
                signe: a.signe(),
                signe_le: a.date_signature(),
                changements: diff(&before, &after)
                    .into_iter()
                    .filter(|c| !c.record.starts_with("Avenant"))
                    .collect(),
                articles: articles_modifies(m, &before, &after),
                readiness: (!a.signe()).then(|| readiness_avenant(d, a, today)),
                parties,
            })
        })
        .collect()
}

fn p(text: impl Into<String>) -> Block {
    Block::Paragraph {
        spans: vec![Span::plain(text)],
        align: Align::Justify,
    }
}

fn h(level: u8, text: impl Into<String>, new_page: bool) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        toc: false,
        new_page,
    }
}

/// « signé le 15 décembre 2026 » du contrat initial.
fn signe_le(d: &Dossier) -> String {
    version(d, 0)
        .and_then(|v| {
            v.signature
                .signatures
                .signataires
                .iter()
                .filter_map(|s| s.date_signature)
                .max()
        })
        .map_or(String::new(), |x| {
            format!(" signé le {}", format::date_long(x))
        })
}

/// L'avenant `id` en document court, dans la forme du modèle `m`.
pub fn avenant_document(m: &Modele, d: &Dossier, id: Uuid, today: NaiveDate) -> Option<Document> {
    let a = d.suivi_contrat.avenants.iter().find(|a| a.id == id)?;
    let (before, after) = before_after(d, a)?;
    let numero = d.suivi_contrat.numero(a.id);
    let titre = match numero {
        Some(n) => format!("Avenant n° {n}"),
        None => "Projet d'avenant".into(),
    };
    let base = compose(m, &after, &after.clauses, &Report::default()).ok()?;
    let mut cover = base.cover.clone();
    cover.title = format!("{titre} au contrat pluriannuel d'objectifs et de moyens");
    cover.model = format!(
        "{} — forme du modèle « {} » (version {})",
        if a.objet.trim().is_empty() {
            "Objet à rédiger".to_string()
        } else {
            a.objet.trim().to_string()
        },
        m.libelle,
        m.version
    );
    let mut blocks = vec![h(1, "Préambule", true)];
    blocks.push(p(format!(
        "Vu le contrat pluriannuel d'objectifs et de moyens ({}){} entre les parties ci-dessus ;",
        cover.subtitle,
        signe_le(d)
    )));
    for x in d
        .suivi_contrat
        .avenants_signes()
        .take_while(|x| x.id != a.id)
    {
        let n = d.suivi_contrat.numero(x.id).unwrap_or(0);
        blocks.push(p(format!(
            "Vu l'avenant n° {n}{}{} ;",
            x.date_signature().map_or(String::new(), |s| format!(
                " signé le {}",
                format::date_long(s)
            )),
            if x.objet.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", x.objet.trim())
            }
        )));
    }
    if let Some(g) = a
        .dialogue
        .and_then(|g| d.suivi_contrat.dialogues.iter().find(|x| x.id == g))
    {
        blocks.push(p(format!(
            "Vu le compte-rendu du {} {}{} ;",
            g.nature.label().to_lowercase(),
            g.date
                .map_or(String::new(), |x| format!("du {}", format::date_long(x))),
            g.valide_le.map_or(String::new(), |x| format!(
                ", validé par les parties le {}",
                format::date_long(x)
            ))
        )));
    }
    if !a.motif.trim().is_empty() {
        blocks.push(p(format!("Considérant : {}", a.motif.trim())));
    }
    blocks.push(p("Il est convenu ce qui suit :"));
    blocks.push(h(2, "Article 1 – Objet de l'avenant", false));
    blocks.push(p(if a.objet.trim().is_empty() {
        "Objet à rédiger.".to_string()
    } else {
        format!("{}.", a.objet.trim().trim_end_matches('.'))
    }));
    if !a.types.is_empty() {
        blocks.push(Block::Bullets {
            items: a
                .types
                .iter()
                .map(|t| vec![Span::plain(t.label())])
                .collect(),
        });
    }
    blocks.push(h(2, "Article 2 – Dispositions modifiées", false));
    let articles = articles_modifies(m, &before, &after);
    let mut annexes = Vec::new();
    if articles.is_empty() {
        blocks.push(p(
            "Le présent avenant ne modifie pas la rédaction des articles et annexes du contrat.",
        ));
    }
    for x in &articles {
        if x.annexe {
            annexes.push(x);
            continue;
        }
        match x.nature.as_str() {
            "supprime" => blocks.push(p(format!("La partie « {} » est supprimée.", x.titre))),
            "ajoute" => {
                blocks.push(p(format!(
                    "Il est ajouté une partie « {} » ainsi rédigée :",
                    x.titre
                )));
                blocks.extend(x.blocs.iter().cloned());
            }
            _ => {
                blocks.push(Block::Paragraph {
                    spans: vec![
                        Span::plain("La partie "),
                        Span::bold(format!("« {} »", x.titre)),
                        Span::plain(" est ainsi rédigée :"),
                    ],
                    align: Align::Justify,
                });
                blocks.extend(x.blocs.iter().cloned());
            }
        }
    }
    if !annexes.is_empty() {
        let items: Vec<Vec<Span>> = annexes
            .iter()
            .map(|x| vec![Span::plain(x.titre.clone())])
            .collect();
        blocks.push(p("Les annexes suivantes sont remplacées par leur version jointe à la version consolidée du contrat après le présent avenant :"));
        blocks.push(Block::Bullets { items });
    }
    if a.types.contains(&TypeAvenant::Prorogation)
        && let Some(p7) = periode(&after).and_then(|p| p.fin(7))
    {
        blocks.push(p(format!(
            "Le contrat, prorogé de fait d'une année à son échéance, est prorogé d'une année supplémentaire, jusqu'au {}.",
            format::date_long(p7)
        )));
    }
    if let Some(g) = a
        .dialogue
        .and_then(|g| d.suivi_contrat.dialogues.iter().find(|x| x.id == g))
        && a.types.contains(&TypeAvenant::BilanEtape)
    {
        blocks.push(p("Le compte-rendu du dialogue de gestion à mi-parcours, validé par l'ensemble des parties, a valeur d'avenant au contrat. Il retient :"));
        if !g.compte_rendu.trim().is_empty() {
            blocks.push(p(g.compte_rendu.trim()));
        }
        if !g.decisions.trim().is_empty() {
            blocks.push(p(format!("Décisions : {}", g.decisions.trim())));
        }
    }
    blocks.push(h(2, "Article 3 – Date d'effet", false));
    blocks.push(p(match a.date_effet {
        Some(x) => format!(
            "Le présent avenant prend effet le {}.",
            format::date_long(x)
        ),
        None => "Le présent avenant prend effet à la date de sa dernière signature.".into(),
    }));
    blocks.push(h(2, "Article 4 – Autres dispositions", false));
    blocks.push(p(
        "Les autres dispositions du contrat et de ses annexes demeurent inchangées.",
    ));
    // Les signatures de l'avenant.
    let mut sig = after.clone();
    sig.signature.signatures.signataires = a.signataires.clone();
    sig.signature.signatures.lieu = a.lieu.clone();
    let sctx = Contexte::new(&sig);
    blocks.extend(blocks::signatures(&sctx).blocks);
    let gaps = if a.signe() {
        Vec::new()
    } else {
        readiness_avenant(d, a, today)
            .points
            .into_iter()
            .map(|p| Gap {
                key: format!("avenant:{}:{}", p.regle, p.chemin),
                message: p.message,
            })
            .chain(std::iter::once(Gap {
                key: "avenant:signatures".into(),
                message: "L'avenant n'est pas encore signé par toutes les parties.".into(),
            }))
            .collect()
    };
    let header = format!("{} — {} — {titre}", cover.subtitle, cover.organisme);
    Some(Document {
        title: format!("{titre} — {}", base.header),
        header,
        cover,
        blocks,
        gaps,
    })
}

/// Le contrat consolidé après l'avenant signé n° `n` (0 : le contrat signé initial), dans la
/// forme du modèle `m`. Un contrat signé ne porte pas « PROJET ».
pub fn contrat_consolide(m: &Modele, d: &Dossier, n: usize) -> Option<Document> {
    let v = version(d, n)?;
    let mut doc = compose(m, &v, &v.clauses, &Report::default()).ok()?;
    if n > 0 {
        let a = d.suivi_contrat.avenants_signes().nth(n - 1)?;
        let mention = format!(
            "version consolidée après l'avenant n° {n}{}",
            a.date_signature()
                .map_or(String::new(), |x| format!(" du {}", format::date_long(x)))
        );
        doc.cover.subtitle = format!("{} — {mention}", doc.cover.subtitle);
        doc.header = format!("{} — {mention}", doc.header);
        doc.title = format!("{} — {mention}", doc.title);
    }
    Some(doc)
}
