//! Le suivi du contrat signé : documents (revue annuelle des objectifs, rapport au
//! département, bilans, avenant, contrat consolidé après l'avenant n° N), échéancier,
//! « Préparer le renouvellement » (un nouveau dossier ; le dossier signé n'est pas touché) et
//! le dossier exemple en cours de suivi. Les documents sont composés par le domaine
//! (`cpom_domain::contract::suivi`, `contract::avenant`) et mis en page par `export/pdf/`.

use std::path::Path;

use chrono::NaiveDate;
use cpom_domain::clauses::modeles::{self, Modele};
use cpom_domain::contract::avenant::{VueAvenant, avenant_document, contrat_consolide, vues};
use cpom_domain::contract::document::Document;
use cpom_domain::contract::suivi::{
    PAGES_BILAN_ETAPE, bilan_document, rapport_cd_document, revue_document,
};
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::suivi::NatureBilan;
use cpom_domain::example::suivi::example_en_suivi;
use cpom_domain::suivi::calc::{Echeance, esms_cd, modele_du_dossier, periode};
use cpom_domain::suivi::renouvellement::dossier_de_renouvellement;
use cpom_domain::suivi::versions::contrat_signe;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::atomic::{display, write_atomic};
use crate::error::{Result, ServiceError};
use crate::export::pdf::{PdfOptions, render_document};
use crate::session::Session;

/// Un document du suivi écrit (ce que l'interface et la commande affichent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentExport {
    pub path: String,
    pub titre: String,
    pub model_id: String,
    pub pages: u32,
    /// Le document porte « PROJET » (points à compléter).
    pub draft: bool,
    pub gaps: Vec<String>,
    /// Remarques qui n'empêchent pas l'export (bilan d'étape de plus de 5 pages…).
    pub avertissements: Vec<String>,
    pub bytes: u32,
}

/// Un document du suivi à exporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "document", rename_all = "snake_case")]
#[ts(export)]
pub enum SuiviDocument {
    /// La revue annuelle des objectifs de l'exercice.
    Revue {
        exercice: i32,
    },
    /// Le rapport au département de l'exercice.
    RapportCd {
        exercice: i32,
    },
    BilanEtape,
    BilanFinal,
    /// L'avenant signé n° `numero`, ou le projet en cours (`numero` vide).
    Avenant {
        numero: Option<usize>,
    },
    /// Le contrat consolidé après l'avenant n° `numero` (0 : le contrat signé initial).
    Contrat {
        numero: usize,
    },
}

impl SuiviDocument {
    /// Le nom de fichier proposé (« <dossier> - revue des objectifs 2028.pdf »).
    pub fn file_name(&self, stem: &str) -> String {
        match self {
            Self::Revue { exercice } => format!("{stem} - revue des objectifs {exercice}.pdf"),
            Self::RapportCd { exercice } => {
                format!("{stem} - rapport au département {exercice}.pdf")
            }
            Self::BilanEtape => format!("{stem} - bilan d'étape.pdf"),
            Self::BilanFinal => format!("{stem} - bilan final.pdf"),
            Self::Avenant { numero: Some(n) } => format!("{stem} - avenant n° {n}.pdf"),
            Self::Avenant { numero: None } => format!("{stem} - projet d'avenant.pdf"),
            Self::Contrat { numero: 0 } => format!("{stem} - contrat signé.pdf"),
            Self::Contrat { numero } => {
                format!("{stem} - contrat consolidé après l'avenant n° {numero}.pdf")
            }
        }
    }
}

/// Quel avenant exporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvenantRef {
    /// L'avenant signé n° N.
    Numero(usize),
    /// Le projet en cours.
    Projet,
}

fn modele(d: &Dossier, model: Option<&str>) -> Result<&'static Modele> {
    let id = model.unwrap_or_else(|| modele_du_dossier(d));
    modeles::model(id).ok_or_else(|| {
        ServiceError::new("contrat.modele_inconnu", modeles::unknown_model_message(id))
            .with_field("model")
    })
}

fn signed(d: &Dossier, what: &str) -> Result<()> {
    if contrat_signe(d) {
        Ok(())
    } else {
        Err(ServiceError::new(
            "suivi.non_signe",
            format!(
                "Le contrat n'est pas encore signé : {what} se prépare pendant son exécution, une fois toutes les signatures datées (étape Signature)."
            ),
        ))
    }
}

fn exercice_hors_contrat(d: &Dossier, exercice: i32) -> ServiceError {
    let range = periode(d).map_or(String::new(), |p| {
        format!(
            " : les exercices suivis vont de {} à {}",
            p.exercice(1),
            p.exercice(7)
        )
    });
    ServiceError::new(
        "suivi.exercice",
        format!("L'exercice {exercice} n'est pas une année de ce contrat{range}."),
    )
    .with_field("exercice")
}

fn write_doc(
    doc: &Document,
    m: &Modele,
    target: &Path,
    opts: &PdfOptions,
    avertissements: Vec<String>,
) -> Result<DocumentExport> {
    let r = render_document(doc, opts)?;
    write_atomic(target, &r.bytes)?;
    Ok(DocumentExport {
        path: display(target),
        titre: doc.cover.title.clone(),
        model_id: m.id.clone(),
        pages: r.pages as u32,
        draft: !r.gaps.is_empty(),
        gaps: r.gaps,
        avertissements,
        bytes: r.bytes.len() as u32,
    })
}

impl Session {
    fn day(&self, opts: &PdfOptions) -> NaiveDate {
        opts.today.unwrap_or_else(|| self.today())
    }

    /// La revue annuelle des objectifs de l'exercice, dans la forme du modèle du dossier
    /// (ou `model`).
    pub fn export_revue(
        &self,
        exercice: i32,
        model: Option<&str>,
        target: &Path,
        opts: &PdfOptions,
    ) -> Result<DocumentExport> {
        let d = self.dossier()?;
        signed(&d, "la revue des objectifs")?;
        let m = modele(&d, model)?;
        let doc = revue_document(m, &d, exercice, self.day(opts))
            .ok_or_else(|| exercice_hors_contrat(&d, exercice))?;
        write_doc(&doc, m, target, opts, Vec::new())
    }

    /// Le rapport au département de l'exercice (activité par type de structure et synthèse
    /// des fiches-objectifs).
    pub fn export_rapport_cd(
        &self,
        exercice: i32,
        model: Option<&str>,
        target: &Path,
        opts: &PdfOptions,
    ) -> Result<DocumentExport> {
        let d = self.dossier()?;
        signed(&d, "le rapport au département")?;
        if esms_cd(&d).is_empty() {
            return Err(ServiceError::new(
                "suivi.sans_cd",
                "Aucun ESMS du périmètre ne relève de la compétence d'un département : il n'y a pas de rapport au département à produire.",
            ));
        }
        let m = modele(&d, model)?;
        let doc = rapport_cd_document(m, &d, exercice)
            .ok_or_else(|| exercice_hors_contrat(&d, exercice))?;
        write_doc(&doc, m, target, opts, Vec::new())
    }

    /// Le bilan d'étape (ou final), tel que rédigé dans le suivi ; un bilan d'étape de plus
    /// de 5 pages est écrit, avec un avertissement.
    pub fn export_bilan(
        &self,
        nature: NatureBilan,
        model: Option<&str>,
        target: &Path,
        opts: &PdfOptions,
    ) -> Result<DocumentExport> {
        let d = self.dossier()?;
        signed(&d, "le bilan")?;
        let m = modele(&d, model)?;
        let doc = bilan_document(m, &d, nature, self.day(opts)).ok_or_else(|| {
            ServiceError::new(
                "suivi.periode",
                "La date d'effet du contrat n'est pas connue : le bilan ne peut pas être composé.",
            )
        })?;
        let r = render_document(&doc, opts)?;
        let mut avertissements = Vec::new();
        if nature == NatureBilan::Etape && r.pages > PAGES_BILAN_ETAPE {
            avertissements.push(format!(
                "Le bilan d'étape compte {} pages : le guide méthodologique CPOM PH de l'ARS Pays de la Loire (partie 5) en demande {PAGES_BILAN_ETAPE} au plus. Raccourcissez les textes du bilan avant de l'envoyer.",
                r.pages
            ));
        }
        write_doc(&doc, m, target, opts, avertissements)
    }

    /// L'avenant n° N (ou le projet en cours) en document court.
    pub fn export_avenant(
        &self,
        which: AvenantRef,
        model: Option<&str>,
        target: &Path,
        opts: &PdfOptions,
    ) -> Result<DocumentExport> {
        let d = self.dossier()?;
        signed(&d, "un avenant")?;
        let m = modele(&d, model)?;
        let id = match which {
            AvenantRef::Projet => d.suivi_contrat.projet_avenant().map(|a| a.id),
            AvenantRef::Numero(n) => n
                .checked_sub(1)
                .and_then(|i| d.suivi_contrat.avenants_signes().nth(i))
                .map(|a| a.id),
        }
        .ok_or_else(|| {
            let n = d.suivi_contrat.avenants_signes().count();
            ServiceError::new(
                "avenant.introuvable",
                match (which, n) {
                    (AvenantRef::Projet, _) => "Aucun projet d'avenant n'est en cours.".to_string(),
                    (AvenantRef::Numero(k), 0) => {
                        format!("L'avenant n° {k} n'existe pas : aucun avenant n'est encore signé.")
                    }
                    (AvenantRef::Numero(k), n) => format!(
                        "L'avenant n° {k} n'existe pas : les avenants signés vont du n° 1 au n° {n}."
                    ),
                },
            )
            .with_field("numero")
        })?;
        let doc = avenant_document(m, &d, id, self.day(opts)).ok_or_else(|| {
            ServiceError::new("avenant.introuvable", "Cet avenant n'existe plus.")
        })?;
        write_doc(&doc, m, target, opts, Vec::new())
    }

    /// Le contrat consolidé après l'avenant signé n° `n` (0 : le contrat signé initial).
    pub fn export_contrat_version(
        &self,
        n: usize,
        model: Option<&str>,
        target: &Path,
        opts: &PdfOptions,
    ) -> Result<DocumentExport> {
        let d = self.dossier()?;
        signed(&d, "une version consolidée")?;
        let m = modele(&d, model)?;
        let doc = contrat_consolide(m, &d, n).ok_or_else(|| {
            ServiceError::new(
                "avenant.introuvable",
                format!(
                    "L'avenant n° {n} n'existe pas : {} avenant(s) signé(s).",
                    d.suivi_contrat.avenants_signes().count()
                ),
            )
            .with_field("version")
        })?;
        write_doc(&doc, m, target, opts, Vec::new())
    }

    /// Un document du suivi, dans la forme du modèle du dossier.
    pub fn export_document(
        &self,
        document: &SuiviDocument,
        target: &Path,
        opts: &PdfOptions,
    ) -> Result<DocumentExport> {
        match *document {
            SuiviDocument::Revue { exercice } => self.export_revue(exercice, None, target, opts),
            SuiviDocument::RapportCd { exercice } => {
                self.export_rapport_cd(exercice, None, target, opts)
            }
            SuiviDocument::BilanEtape => self.export_bilan(NatureBilan::Etape, None, target, opts),
            SuiviDocument::BilanFinal => self.export_bilan(NatureBilan::Final, None, target, opts),
            SuiviDocument::Avenant { numero } => self.export_avenant(
                numero.map_or(AvenantRef::Projet, AvenantRef::Numero),
                None,
                target,
                opts,
            ),
            SuiviDocument::Contrat { numero } => {
                self.export_contrat_version(numero, None, target, opts)
            }
        }
    }

    /// L'échéancier du contrat à la date du jour de la session.
    pub fn echeancier(&self) -> Result<Vec<Echeance>> {
        Ok(cpom_domain::suivi::calc::echeancier(
            &self.dossier()?,
            self.today(),
        ))
    }

    /// Le détail d'un avenant (différences, articles modifiés, rapport du projet).
    pub fn avenant_detail(&self, id: &str, model: Option<&str>) -> Result<VueAvenant> {
        let d = self.dossier()?;
        let m = modele(&d, model)?;
        vues(m, &d, self.today(), true)
            .into_iter()
            .find(|v| v.id.to_string() == id)
            .ok_or_else(|| ServiceError::new("avenant.introuvable", "Cet avenant n'existe plus."))
    }

    /// « Préparer le renouvellement » : écrit `target`, le dossier du contrat suivant. Le
    /// dossier ouvert n'est pas modifié.
    pub fn renouveler(&self, target: &Path) -> Result<Dossier> {
        let d = self.dossier()?;
        signed(&d, "le renouvellement")?;
        if target == self.path() {
            return Err(ServiceError::new(
                "copie.meme_fichier",
                "Choisissez un autre fichier que le dossier signé pour le contrat suivant.",
            ));
        }
        let source = self
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let n = dossier_de_renouvellement(&d, self.today(), &source, &mut Uuid::new_v4);
        let s = Session::create_with(target, &self.author, &n)?;
        s.close()?;
        Ok(n)
    }
}

/// Écrit le dossier exemple signé (délibération et signatures datées fin 2026), et l'ouvre.
pub fn create_example_signed(path: &Path, author: &str) -> Result<Session> {
    let d = cpom_domain::example::suivi::example_signed(&mut Uuid::new_v4);
    Session::create_with(path, author, &d)
}

/// Le dossier exemple en cours de suivi, dans sa 3e année à la date du jour.
pub fn create_example_suivi_today(path: &Path, author: &str) -> Result<Session> {
    create_example_suivi(path, author, chrono::Local::now().date_naive())
}

/// Écrit le dossier exemple signé et dans sa 3e année à la date `today`, et l'ouvre.
pub fn create_example_suivi(path: &Path, author: &str, today: NaiveDate) -> Result<Session> {
    let d = example_en_suivi(&mut Uuid::new_v4, today);
    Session::create_with(path, author, &d)
}
