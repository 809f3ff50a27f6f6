//! Composition d'un contrat : modèle + dossier + clauses propres au dossier + rapport de
//! validation → [`Document`] (couverture, sommaire, socle, signatures, annexes, manques).

use crate::clauses::modeles::{Annexe, Bloc, Modele, Section};
use crate::contract::annexes;
use crate::contract::bind::{Contexte, applies};
use crate::contract::blocks::{self, Out};
use crate::contract::document::{
    Align, Block, Cover, CoverParty, Document, Gap, Span, parse_markup,
};
use crate::dossier::Dossier;
use crate::dossier::clauses::ClauseOverride;
use crate::kernel::format;
use crate::kernel::issue::{Report, Severity};
use crate::perimetre::calc::PartieKind;

/// Nombre maximal de points de validation repris un à un dans les manques.
const MAX_VALIDATION_GAPS: usize = 12;

struct Composer<'a> {
    ctx: Contexte<'a>,
    model: &'a Modele,
    overrides: &'a [ClauseOverride],
    blocks: Vec<Block>,
    gaps: Vec<Gap>,
}

impl Composer<'_> {
    fn fill(&self, t: &str) -> Result<String, String> {
        self.ctx.remplir(t)
    }

    fn push_out(&mut self, out: Out) {
        self.blocks.extend(out.blocks);
        for g in out.gaps {
            self.add_gap(g);
        }
    }

    fn add_gap(&mut self, g: Gap) {
        if !self.gaps.iter().any(|x| x.key == g.key) {
            self.gaps.push(g);
        }
    }

    fn paragraph(&self, t: &str) -> Result<Block, String> {
        // Le balisage est lu avant de remplacer les champs : une valeur du dossier
        // contenant « * » reste du texte.
        let spans = parse_markup(t)
            .into_iter()
            .map(|s| {
                Ok(Span {
                    text: self.fill(&s.text)?,
                    ..s
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Block::Paragraph {
            spans,
            align: Align::Justify,
        })
    }

    fn blocs(&mut self, blocs: &[Bloc]) -> Result<(), String> {
        for b in blocs {
            if !applies(&b.si, &self.ctx) {
                continue;
            }
            if let Some(t) = &b.p {
                let p = self.paragraph(t)?;
                self.blocks.push(p);
            } else if let Some(items) = &b.liste {
                let mut rich = Vec::new();
                for i in items {
                    if let Block::Paragraph { spans, .. } = self.paragraph(i)? {
                        rich.push(spans);
                    }
                }
                self.blocks.push(Block::Bullets { items: rich });
            } else if let Some(k) = &b.donnees {
                let out = match crate::contract::blocks_pa::generate(k, &self.ctx) {
                    Some(out) => out,
                    None => blocks::generate(k, &self.ctx, self.model),
                };
                self.push_out(out);
            } else if let Some(id) = &b.clause {
                let own = self
                    .overrides
                    .iter()
                    .find(|o| o.model_id == self.model.id && &o.clause_id == id);
                match own {
                    Some(o) => {
                        for para in o.paragraphs() {
                            self.blocks.push(Block::Paragraph {
                                spans: vec![Span::plain(para)],
                                align: Align::Justify,
                            });
                        }
                    }
                    None => {
                        for t in b.texte.iter().flatten() {
                            let p = self.paragraph(t)?;
                            self.blocks.push(p);
                        }
                    }
                }
            } else if let Some(n) = &b.note {
                let text = self.fill(n)?;
                self.blocks.push(Block::Note { text });
            }
        }
        Ok(())
    }

    fn section(&mut self, s: &Section, level: u8) -> Result<(), String> {
        if !applies(&s.si, &self.ctx) {
            return Ok(());
        }
        let text = self.fill(&s.titre)?;
        self.blocks.push(Block::Heading {
            level,
            text,
            toc: s.sommaire.unwrap_or(level <= 2),
            new_page: s.nouvelle_page,
        });
        self.blocs(&s.blocs)?;
        for c in &s.sections {
            self.section(c, (level + 1).min(3))?;
        }
        Ok(())
    }

    fn annexe(&mut self, a: &Annexe, level: u8) -> Result<(), String> {
        if !applies(&a.si, &self.ctx) {
            return Ok(());
        }
        let titre = self.fill(&a.titre)?;
        let text = if level == 1 {
            format!("Annexe {} – {titre}", a.numero)
        } else {
            format!("{} – {titre}", a.numero)
        };
        self.blocks.push(Block::Heading {
            level,
            text,
            toc: true,
            new_page: level == 1,
        });
        self.blocs(&a.blocs)?;
        let out = annexes::generate(&a.contenu, &self.ctx);
        self.push_out(out);
        for s in &a.sous_annexes {
            self.annexe(s, 2)?;
        }
        Ok(())
    }

    /// Les documents joints (annexes « externes » de premier niveau), en une seule liste.
    fn documents_joints(&mut self) -> Result<(), String> {
        let mut items = Vec::new();
        for a in &self.model.annexes {
            if a.contenu == "externe" && applies(&a.si, &self.ctx) {
                let titre = self.fill(&a.titre)?;
                items.push(vec![
                    Span::bold(format!("Annexe {}", a.numero)),
                    Span::plain(format!(" – {titre}")),
                ]);
            }
        }
        if items.is_empty() {
            return Ok(());
        }
        self.blocks.push(Block::Heading {
            level: 1,
            text: "Documents annexés au contrat".into(),
            toc: true,
            new_page: true,
        });
        self.blocks.push(Block::Paragraph {
            spans: vec![Span::plain(
                "Les documents suivants, qui ne sont pas produits spécifiquement pour le contrat, lui sont annexés et sont joints à chaque exemplaire original :",
            )],
            align: Align::Justify,
        });
        self.blocks.push(Block::Bullets { items });
        Ok(())
    }
}

fn cover(ctx: &Contexte, m: &Modele) -> Cover {
    let d = ctx.dossier;
    let o = &d.organisme;
    let parties = ctx
        .derived
        .signataires
        .iter()
        .map(|s| match s.kind {
            PartieKind::Organisme => CoverParty {
                libelle: if o.raison_sociale.trim().is_empty() {
                    "L'organisme gestionnaire".into()
                } else {
                    o.raison_sociale.trim().into()
                },
                representant: match ctx.valeur("organisme.representant") {
                    Ok(Some(r)) => format!("représenté par {r}"),
                    _ => "représentant légal à préciser".into(),
                },
            },
            PartieKind::Cd => {
                let l = Contexte::cd_libelle(&s.code);
                let mut c = l.chars();
                CoverParty {
                    libelle: c
                        .next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default(),
                    representant: "représenté par le président du conseil départemental".into(),
                }
            }
            PartieKind::Ars => CoverParty {
                libelle: ctx
                    .region_nom()
                    .map(|r| format!("L'Agence régionale de santé {r}"))
                    .unwrap_or_else(|| s.libelle.clone()),
                representant: "représentée par son directeur général".into(),
            },
        })
        .collect();
    let periode = match (d.cpom.date_effet, ctx.derived.date_echeance) {
        (Some(a), Some(b)) => format!("Du {} au {}", format::date_long(a), format::date_long(b)),
        _ => "Période à préciser (date d'effet non saisie)".into(),
    };
    Cover {
        title: m.titre.clone(),
        subtitle: match &ctx.derived.periode {
            Some(p) => format!("CPOM {p}"),
            None => "CPOM".into(),
        },
        base: d
            .cpom
            .base_juridique
            .map_or("Base juridique à préciser".into(), |b| {
                b.label().to_string()
            }),
        organisme: if o.raison_sociale.trim().is_empty() {
            "Organisme gestionnaire à préciser".into()
        } else {
            o.raison_sociale.trim().into()
        },
        periode,
        parties,
        model: format!("Modèle : {} — version {}", m.libelle, m.version),
    }
}

/// Compose le contrat d'un dossier selon un modèle.
pub fn compose(
    m: &Modele,
    d: &Dossier,
    overrides: &[ClauseOverride],
    report: &Report,
) -> Result<Document, String> {
    let mut ctx = Contexte::new(d);
    ctx.forme = m.forme_fiche;
    let cover = cover(&ctx, m);
    let header = format!("{} — {}", cover.subtitle, cover.organisme);
    let mut c = Composer {
        ctx,
        model: m,
        overrides,
        blocks: Vec::new(),
        gaps: Vec::new(),
    };
    let errors: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Erreur)
        .collect();
    for i in errors.iter().take(MAX_VALIDATION_GAPS) {
        c.add_gap(Gap {
            key: format!("validation:{}:{}", i.rule, i.path),
            message: i.message.clone(),
        });
    }
    if errors.len() > MAX_VALIDATION_GAPS {
        c.add_gap(Gap {
            key: "validation:suite".into(),
            message: format!(
                "… et {} autres erreurs au rapport de validation.",
                errors.len() - MAX_VALIDATION_GAPS
            ),
        });
    }
    c.blocks.push(Block::Heading {
        level: 1,
        text: "Sommaire".into(),
        toc: false,
        new_page: true,
    });
    c.blocks.push(Block::Toc);
    for s in &m.corps {
        c.section(s, 1)?;
    }
    for a in &m.annexes {
        if a.contenu != "externe" {
            c.annexe(a, 1)?;
        }
    }
    c.documents_joints()?;
    Ok(Document {
        title: format!("{} — {}", m.titre, header),
        header,
        cover,
        blocks: c.blocks,
        gaps: c.gaps,
    })
}

/// Une fiche-objectif seule, comme document (couverture, puis la fiche dans la forme du
/// modèle) ; les erreurs bloquantes qui la concernent en font un « PROJET ».
pub fn fiche_document(m: &Modele, d: &Dossier, id: uuid::Uuid) -> Option<Document> {
    let mut ctx = Contexte::new(d);
    ctx.forme = m.forme_fiche;
    let o = d.objectifs.objectifs.iter().find(|o| o.id == id)?;
    let mut blocks = vec![Block::PageBreak];
    blocks.extend(super::annexes_objectifs::fiche_seule(d, id, m.forme_fiche)?);
    let mut owned: Vec<String> = vec![id.to_string()];
    owned.extend(d.objectifs.actions_of(id).map(|a| a.id.to_string()));
    owned.extend(d.objectifs.indicateurs_of(id).map(|i| i.id.to_string()));
    let mut c = crate::kernel::issue::Collector::default();
    crate::objectifs::rules::check(d, chrono::NaiveDate::MIN, &mut c);
    let gaps =
        c.0.into_iter()
            .filter(|i| i.severity == Severity::Erreur && owned.iter().any(|x| i.path.contains(x)))
            .map(|i| Gap {
                key: format!("fiche:{}:{}", i.rule, i.path),
                message: i.message,
            })
            .collect();
    let mut cover = cover(&ctx, m);
    let n = d.objectifs.numero(id).unwrap_or(0);
    cover.title = format!("Fiche-objectif n° {n}");
    cover.model = format!(
        "{} — forme du modèle « {} » (version {})",
        o.titre, m.libelle, m.version
    );
    let header = format!("{} — {} — fiche {n}", cover.subtitle, cover.organisme);
    Some(Document {
        title: format!("Fiche-objectif {n} — {header}"),
        header,
        cover,
        blocks,
        gaps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clauses::modeles::models;
    use crate::contract::document::plain_text;
    use crate::example::example_dossier;
    use crate::perimetre::rules::validate;
    use uuid::Uuid;

    fn ex() -> Dossier {
        let mut n = 0u128;
        example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        })
    }

    fn all_text(doc: &Document) -> String {
        let mut s = String::new();
        for b in &doc.blocks {
            match b {
                Block::Heading { text, .. } | Block::Gap { text } | Block::Note { text } => {
                    s.push_str(text)
                }
                Block::Paragraph { spans, .. } => s.push_str(&plain_text(spans)),
                Block::Bullets { items } => {
                    for i in items {
                        s.push_str(&plain_text(i));
                    }
                }
                Block::Table(t) => {
                    for r in &t.rows {
                        s.push_str(&r.join("|"));
                    }
                }
                Block::Signatures { mention, blocks } => {
                    s.push_str(mention);
                    for b in blocks {
                        s.push_str(&b.entite);
                    }
                }
                _ => {}
            }
            s.push('\n');
        }
        s
    }

    #[test]
    fn every_model_composes_the_example() {
        let d = ex();
        let r = validate(&d);
        for m in models() {
            let doc = compose(m, &d, &[], &r).unwrap();
            let t = all_text(&doc);
            for e in &d.esms {
                let f = crate::contract::bind::finess_nb(e.finess_et.as_deref().unwrap());
                assert!(t.contains(&f), "{} : {f}", m.id);
            }
            assert!(
                t.contains("Fait en trois exemplaires originaux"),
                "{}",
                m.id
            );
            assert!(!t.contains('{'), "{} : champ non remplacé", m.id);
            // Toutes les annexes générées ont leurs données : aucun manque (le rapport de
            // validation de l'organisme et du périmètre est sans erreur).
            assert!(!doc.is_draft(), "{} : {:?}", m.id, doc.gaps);
            for o in d.objectifs.actifs() {
                assert!(t.contains(&o.titre), "{} : {}", m.id, o.titre);
            }
            // Sans objectifs, l'annexe est « à compléter » et le document un projet.
            let mut empty = d.clone();
            empty.objectifs = Default::default();
            let doc = compose(m, &empty, &[], &r).unwrap();
            assert!(doc.gaps.iter().any(|g| g.key == "objectifs"), "{}", m.id);
            assert_eq!(
                doc.header,
                "CPOM 2027-2031 — Association Les Iris de l'Erdre"
            );
        }
    }

    #[test]
    fn clause_override_replaces_the_default_text() {
        let d = ex();
        let r = validate(&d);
        let m = crate::clauses::modeles::model("arrete-2017").unwrap();
        let o = ClauseOverride {
            model_id: m.id.clone(),
            clause_id: "preambule".into(),
            text: "Notre préambule.\n\nSecond paragraphe.".into(),
            ..ClauseOverride::default()
        };
        let doc = compose(m, &d, &[o], &r).unwrap();
        let t = all_text(&doc);
        assert!(t.contains("Notre préambule.\nSecond paragraphe."), "{t}");
    }

    #[test]
    fn conditions_follow_the_dossier() {
        let mut d = ex();
        // Bipartite : seuls des ESMS de compétence ARS.
        for e in &mut d.esms {
            e.competence = Some(crate::kernel::nomenclature::Competence::Ars);
            e.habilitation_aide_sociale = None;
        }
        d.organisme.frais_de_siege = false;
        let r = validate(&d);
        let m = crate::clauses::modeles::model("arrete-2017").unwrap();
        let t = all_text(&compose(m, &d, &[], &r).unwrap());
        assert!(t.contains("Fait en deux exemplaires originaux"));
        assert!(!t.contains("conseil départemental de Loire-Atlantique"));
        assert!(!t.contains("Arrêté fixant les frais de siège"), "{t}");
    }
}
