//! Le classeur régional en xlsx (issue 5) : la disposition calculée par le domaine à partir
//! d'un modèle décrit en données (`assets/templates/`), écrite par rust_xlsxwriter
//! (`writer.rs`, formats dans `styles.rs`), dans un fichier temporaire renommé.

mod styles;
pub mod writer;

use std::path::Path;

use cpom_domain::dossier::Dossier;
use cpom_domain::workbook;
use cpom_domain::workbook::layout::Layout;
use serde::Serialize;
use ts_rs::TS;

use crate::atomic::{display, write_atomic};
use crate::error::{Result, ServiceError};
use crate::session::Session;

/// Ce que l'interface reçoit après un export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WorkbookExport {
    pub path: String,
    pub template_id: String,
    pub template_version: u32,
    pub sheets: u32,
    /// Cellules de saisie (zones bleues).
    pub inputs: u32,
    pub bytes: u32,
}

/// Un modèle de classeur proposé.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TemplateInfo {
    pub id: String,
    pub version: u32,
    pub titre: String,
}

/// Les modèles embarqués, dernière version de chacun.
pub fn template_infos() -> Vec<TemplateInfo> {
    let mut out: Vec<TemplateInfo> = Vec::new();
    for t in workbook::templates() {
        let info = TemplateInfo {
            id: t.id.clone(),
            version: t.version,
            titre: t.titre.clone(),
        };
        match out.iter_mut().find(|x| x.id == t.id) {
            Some(x) if x.version < t.version => *x = info,
            Some(_) => {}
            None => out.push(info),
        }
    }
    out
}

/// La disposition du modèle `template` (dernière version) pour le dossier.
pub fn layout_for(d: &Dossier, template: &str) -> Result<Layout> {
    let t = workbook::template(template, None).ok_or_else(|| {
        let ids: Vec<String> = template_infos().into_iter().map(|t| t.id).collect();
        ServiceError::new(
            "classeur.modele_inconnu",
            format!(
                "Modèle de classeur inconnu : « {template} ». Modèles disponibles : {}.",
                ids.join(", ")
            ),
        )
    })?;
    workbook::layout(t, d).map_err(|e| {
        ServiceError::new(
            "classeur.modele_invalide",
            format!("Le modèle « {template} » est invalide : {e}."),
        )
    })
}

/// Options de l'export.
#[derive(Debug, Clone, Default)]
pub struct XlsxOptions {
    /// Dates fixes (tests de référence).
    pub deterministic: bool,
}

/// Le classeur en mémoire.
pub fn render_xlsx(
    d: &Dossier,
    dossier_id: &str,
    template: &str,
    opts: &XlsxOptions,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<(Layout, Vec<u8>)> {
    let layout = layout_for(d, template)?;
    let meta = writer::Meta {
        dossier_id,
        organisme: &d.organisme.raison_sociale,
        deterministic: opts.deterministic,
    };
    let bytes = writer::render(&layout, &meta, progress).map_err(|e| match e {
        // Ne devrait jamais arriver : chaque texte est borné à la saisie (`kernel/bounds.rs`).
        rust_xlsxwriter::XlsxError::MaxStringLengthExceeded => ServiceError::new(
            "classeur.texte_trop_long",
            "Un texte du dossier dépasse la longueur qu'une cellule d'Excel admet (32 767 caractères) : raccourcissez-le puis relancez l'export. Rien n'a été écrit.",
        )
        .with_technique(e),
        _ => ServiceError::new(
            "classeur.ecriture",
            "Le classeur n'a pas pu être produit (erreur inattendue de la bibliothèque d'écriture). Rien n'a été écrit ; transmettez les détails techniques au support.",
        )
        .with_technique(e),
    })?;
    Ok((layout, bytes))
}

/// Exporte le classeur du modèle `template` (défaut : fichier « Diagnostic » Pays de la
/// Loire) vers `target` ; la cible n'est remplacée qu'une fois le fichier complet écrit.
pub fn export_xlsx(
    session: &Session,
    template: Option<&str>,
    target: &Path,
    opts: &XlsxOptions,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<WorkbookExport> {
    let d = session.dossier()?;
    let id = session.meta()?.dossier_id;
    // Sans modèle choisi : celui du référentiel régional du dossier.
    let template = template
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| d.pack().modele_classeur());
    let (layout, bytes) = render_xlsx(&d, &id, template, opts, progress)?;
    write_atomic(target, &bytes)?;
    Ok(WorkbookExport {
        path: display(target),
        template_id: layout.template_id.clone(),
        template_version: layout.version,
        sheets: layout.sheets.len() as u32,
        inputs: layout
            .sheets
            .iter()
            .flat_map(|s| &s.cells)
            .filter(|c| c.style == workbook::Style::Input)
            .count() as u32,
        bytes: bytes.len() as u32,
    })
}
