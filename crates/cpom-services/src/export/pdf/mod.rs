//! Le contrat CPOM en PDF : le document composé par le domaine (`cpom_domain::contract`)
//! mis en page ici, sur printpdf 0.12 sans fonctionnalités par défaut.
//!
//! - `fonts.rs` : polices embarquées, métriques, réduction aux glyphes utilisés ;
//! - `text.rs` : typographie française, mesure, coupure, justification ;
//! - `layout.rs` : titres, paragraphes, listes, encadrés, sommaire, signatures ;
//! - `table.rs` : tableaux à bordures répartis sur plusieurs pages ;
//! - `cover.rs` : couverture, en-têtes, pieds « Page N sur M », filigrane « PROJET » ;
//! - `writer.rs` : opérations PDF, métadonnées, sortie déterministe.
//!
//! Deux passes au moins : la première relève les numéros de page des titres, la suivante
//! imprime le sommaire avec ces numéros ; le nombre total de pages est connu à la fin, avant
//! d'écrire les pieds de page.

mod cover;
mod fonts;
mod layout;
mod page;
mod table;
mod text;
mod writer;

use std::path::Path;

use chrono::NaiveDate;
use cpom_domain::clauses::modeles;
use cpom_domain::contract::compose::{self as composition, fiche_document};
use cpom_domain::contract::document::Document;
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::clauses::ClauseOverride;
use cpom_domain::kernel::issue::{Issue, Report, Severity};
use cpom_domain::steps::readiness::readiness;
use serde::Serialize;
use ts_rs::TS;

use crate::atomic::{display, write_atomic};
use crate::clauses;
use crate::error::{Result, ServiceError};
use crate::session::Session;

pub use layout::TocEntry;

/// Variable d'environnement des constructions reproductibles : si elle est définie, les dates
/// du PDF en viennent et l'identifiant est fixe.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Options de production.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Dates et identifiant fixes (tests de référence) ; aussi activé par
    /// `SOURCE_DATE_EPOCH`.
    pub deterministic: bool,
    /// Date du jour pour le rapport « Prêt pour signature » (vide : la date du système).
    pub today: Option<NaiveDate>,
}

impl PdfOptions {
    fn day(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// Un PDF produit en mémoire.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Manques bloquants (le PDF porte « PROJET » s'il y en a).
    pub gaps: Vec<String>,
    pub toc: Vec<TocEntry>,
}

/// Ce que l'interface reçoit après un export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ContractExport {
    pub path: String,
    pub model_id: String,
    pub pages: u32,
    /// Vrai si le document porte la mention « PROJET ».
    pub draft: bool,
    /// Les manques bloquants, en français.
    pub gaps: Vec<String>,
    pub bytes: u32,
}

fn render_error(e: String) -> ServiceError {
    ServiceError::new(
        "contrat.ecriture",
        "Le contrat n'a pas pu être écrit en PDF (erreur inattendue des polices ou de l'écriture du fichier). Rien n'a été écrit ; transmettez les détails techniques au support.",
    )
    .with_technique(e)
}

fn fnv(seed: u64, s: &str) -> u64 {
    let mut h = seed;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn meta(doc: &Document, opts: &PdfOptions) -> writer::Meta {
    let env_epoch = std::env::var(SOURCE_DATE_EPOCH)
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let deterministic = opts.deterministic || env_epoch.is_some();
    let (epoch, id) = if deterministic {
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&fnv(0xcbf2_9ce4_8422_2325, &doc.title).to_be_bytes());
        id[8..].copy_from_slice(&fnv(0x8422_2325_cbf2_9ce4, &doc.header).to_be_bytes());
        (env_epoch.unwrap_or(0), id)
    } else {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        (now, *uuid::Uuid::new_v4().as_bytes())
    };
    writer::Meta {
        title: doc.title.clone(),
        author: doc.cover.organisme.clone(),
        subject: doc.cover.subtitle.clone(),
        epoch,
        id,
    }
}

/// Met en page un document composé.
pub fn render_document(doc: &Document, opts: &PdfOptions) -> Result<Rendered> {
    // Passe 1 : sommaire à la bonne taille (entrées connues, numéros provisoires) ; passe 2 :
    // numéros relevés. Les numéros ont une largeur réservée : la mise en page ne bouge pas,
    // la boucle ne sert que de garde-fou.
    let mut toc: Vec<TocEntry> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            cpom_domain::contract::document::Block::Heading {
                level,
                text,
                toc: true,
                ..
            } => Some(TocEntry {
                level: *level,
                text: text.clone(),
                page: 0,
            }),
            _ => None,
        })
        .collect();
    let mut pages: Vec<page::Page> = Vec::new();
    for _ in 0..5 {
        // Les pages de la passe précédente sont libérées avant la suivante (mémoire bornée).
        drop(std::mem::take(&mut pages));
        let (out, new_pages) = {
            let mut l = layout::Layout::new(&toc);
            l.run(&doc.blocks);
            if l.overflow {
                return Err(ServiceError::new(
                    "contrat.trop_long",
                    format!(
                        "Le contrat dépasserait {} pages : c'est bien plus qu'un CPOM. Raccourcissez les textes les plus longs (constats, descriptions, comptes rendus, clauses) puis relancez l'export. Rien n'a été écrit.",
                        cpom_domain::kernel::format::integer(layout::MAX_PAGES as i64)
                    ),
                ));
            }
            (l.toc_out, l.pages)
        };
        let stable = out == toc;
        toc = out;
        pages = new_pages;
        if stable {
            break;
        }
    }
    if let Some(first) = pages.first_mut() {
        cover::draw_cover(first, &doc.cover, &doc.gaps);
    }
    cover::decorate(&mut pages, &doc.header, doc.is_draft());
    let count = pages.len();
    let bytes = writer::write(pages, &meta(doc, opts)).map_err(render_error)?;
    Ok(Rendered {
        bytes,
        pages: count,
        gaps: doc.gaps.iter().map(|g| g.message.clone()).collect(),
        toc,
    })
}

/// Compose puis met en page le contrat d'un dossier.
pub fn render_contract(
    dossier: &Dossier,
    model_id: &str,
    overrides: &[ClauseOverride],
    opts: &PdfOptions,
) -> Result<Rendered> {
    let doc = compose(dossier, model_id, overrides, opts.day())?;
    render_document(&doc, opts)
}

/// Les points bloquants du rapport « Prêt pour signature », sous la forme d'un rapport :
/// tant qu'il y en a, le PDF porte « PROJET ».
fn blocking_report(dossier: &Dossier, today: NaiveDate) -> Report {
    let issues: Vec<Issue> = readiness(dossier, today)
        .points
        .into_iter()
        .map(|p| Issue {
            severity: Severity::Erreur,
            rule: p.regle,
            path: p.chemin,
            message: p.message,
            source: p.source,
            a_completer: p.a_completer,
        })
        .collect();
    Report {
        errors: issues.len(),
        warnings: 0,
        infos: 0,
        issues,
    }
}

/// Le document composé (sans mise en page) : utile aux exports vers d'autres formats.
pub fn compose(
    dossier: &Dossier,
    model_id: &str,
    overrides: &[ClauseOverride],
    today: NaiveDate,
) -> Result<Document> {
    let m = modeles::model(model_id).ok_or_else(|| {
        ServiceError::new(
            "contrat.modele_inconnu",
            modeles::unknown_model_message(model_id),
        )
    })?;
    let report = blocking_report(dossier, today);
    composition::compose(m, dossier, overrides, &report).map_err(|e| {
        ServiceError::new(
            "contrat.modele",
            format!("Le modèle « {model_id} » est incorrect : {e}"),
        )
    })
}

/// Une fiche-objectif seule (ce qu'un directeur envoie au siège pour relecture), dans la forme
/// du modèle `model_id`. `fiche` : l'identifiant de la fiche ou son numéro (« 3 »).
pub fn render_fiche(
    dossier: &Dossier,
    fiche: &str,
    model_id: &str,
    opts: &PdfOptions,
) -> Result<Rendered> {
    let m = modeles::model(model_id).ok_or_else(|| {
        ServiceError::new(
            "contrat.modele_inconnu",
            modeles::unknown_model_message(model_id),
        )
    })?;
    let key = fiche.trim();
    let id = uuid::Uuid::parse_str(key).ok().or_else(|| {
        key.parse::<usize>()
            .ok()
            .and_then(|n| dossier.objectifs.actifs().nth(n.checked_sub(1)?))
            .map(|o| o.id)
    });
    let doc = id
        .and_then(|id| fiche_document(m, dossier, id))
        .map(|mut doc| {
            // La fiche porte « PROJET » tant que le dossier a un point bloquant avant
            // signature, comme le contrat (et ses propres erreurs en plus).
            for i in blocking_report(dossier, opts.day()).issues {
                if !doc.gaps.iter().any(|g| g.message == i.message) {
                    doc.gaps.push(cpom_domain::contract::document::Gap {
                        key: format!("pret:{}:{}", i.rule, i.path),
                        message: i.message,
                    });
                }
            }
            doc
        })
        .ok_or_else(|| {
            let n = dossier.objectifs.actifs().count();
            ServiceError::new(
                "fiche.introuvable",
                if n == 0 {
                    "Aucune fiche-objectif n'existe encore dans ce dossier (elles se saisissent à l'étape Objectifs).".to_string()
                } else {
                    format!("La fiche « {key} » n'existe pas : indiquez son identifiant ou son numéro (1 à {n}).")
                },
            )
            .with_field("fiche")
        })?;
    render_document(&doc, opts)
}

fn write(target: &Path, r: &Rendered, model_id: &str) -> Result<ContractExport> {
    write_atomic(target, &r.bytes)?;
    Ok(ContractExport {
        path: display(target),
        model_id: model_id.to_string(),
        pages: r.pages as u32,
        draft: !r.gaps.is_empty(),
        gaps: r.gaps.clone(),
        bytes: r.bytes.len() as u32,
    })
}

/// Écrit le contrat du dossier ouvert dans `target` (fichier temporaire puis renommage :
/// en cas d'erreur, la cible reste intacte).
pub fn export_pdf(
    session: &Session,
    model_id: &str,
    target: &Path,
    opts: &PdfOptions,
) -> Result<ContractExport> {
    let dossier = session.kept_dossier()?;
    // Sans modèle choisi : celui du référentiel régional du dossier.
    let model_id = if model_id.is_empty() {
        dossier.pack().modele_contrat()
    } else {
        model_id
    };
    let opts = PdfOptions {
        today: opts.today.or(Some(session.today())),
        ..opts.clone()
    };
    // Un contrat signé s'exporte dans sa dernière version signée (consolidée après le
    // dernier avenant), sans le projet d'avenant en cours ni « PROJET ».
    if cpom_domain::suivi::versions::contrat_signe(&dossier) {
        let m = modeles::model(model_id).ok_or_else(|| {
            ServiceError::new(
                "contrat.modele_inconnu",
                modeles::unknown_model_message(model_id),
            )
        })?;
        let n = dossier.suivi_contrat.avenants_signes().count();
        let doc = cpom_domain::contract::avenant::contrat_consolide(m, &dossier, n)
            .ok_or_else(|| render_error("version du contrat introuvable".into()))?;
        let r = render_document(&doc, &opts)?;
        return write(target, &r, model_id);
    }
    let overrides = clauses::list(session)?;
    let r = render_contract(&dossier, model_id, &overrides, &opts)?;
    write(target, &r, model_id)
}

/// Écrit une fiche seule dans `target`.
pub fn export_fiche_pdf(
    session: &Session,
    fiche_id: &str,
    model_id: &str,
    target: &Path,
    opts: &PdfOptions,
) -> Result<ContractExport> {
    let dossier = session.kept_dossier()?;
    let model_id = if model_id.is_empty() {
        dossier.pack().modele_contrat()
    } else {
        model_id
    };
    let opts = PdfOptions {
        today: opts.today.or(Some(session.today())),
        ..opts.clone()
    };
    let r = render_fiche(&dossier, fiche_id, model_id, &opts)?;
    write(target, &r, "fiche")
}
