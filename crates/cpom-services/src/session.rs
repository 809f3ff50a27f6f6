//! Un dossier ouvert : toutes les opérations de l'application et de la ligne de commande.
//! Chaque modification est validée par le domaine puis écrite dans une transaction :
//! une saisie refusée laisse le fichier inchangé.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cpom_domain::dossier::Dossier;
use cpom_domain::kernel::issue::Report;
use cpom_domain::perimetre::rules::validate;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use crate::atomic::display;
use crate::contribution::KitMode;
use crate::editing::{read_dossier, write_dossier};
use crate::error::{Result, ServiceError};
use crate::store::records::{self, Stamp};
use crate::store::{file, schema};
use crate::view::{DossierMeta, DossierView};

pub const KIND_ORGANISME: &str = "organisme";
pub const KIND_CPOM: &str = "cpom";
pub const KIND_ESMS: &str = "esms";
pub const KIND_ADHESION: &str = "adhesion";

/// Heure courante, ISO 8601 UTC à la milliseconde.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub struct Session {
    pub(crate) conn: Connection,
    path: PathBuf,
    pub(crate) author: String,
    /// Date du jour imposée (tests, `cpom check --date`) ; sinon l'horloge.
    today: Option<NaiveDate>,
    /// Ouvert comme kit de contribution : seule la partie déléguée se modifie.
    pub(crate) kit: Option<KitMode>,
}

impl Session {
    /// Crée un nouveau dossier vide à `path` (remplace un fichier existant, comme le
    /// confirme la boîte « Enregistrer sous »).
    pub fn create(path: &Path, author: &str) -> Result<Self> {
        Self::create_with(path, author, &Dossier::default())
    }

    /// Crée un dossier à `path` avec le contenu donné (dossier exemple, import).
    pub fn create_with(path: &Path, author: &str, dossier: &Dossier) -> Result<Self> {
        let at = now();
        file::create(path, |conn| {
            let tx = conn.transaction()?;
            let s = Stamp { at: &at, author };
            records::meta_set(&tx, "dossier_id", &Uuid::new_v4().to_string())?;
            records::meta_set(&tx, "created_at", &at)?;
            records::meta_set(&tx, "app_version", env!("CARGO_PKG_VERSION"))?;
            write_dossier(&tx, &s, dossier)?;
            tx.commit()?;
            Ok(())
        })?;
        let (session, _) = Self::open(path, author)?;
        Ok(session)
    }

    /// Ouvre un dossier ; renvoie aussi la sauvegarde faite avant une mise à niveau du schéma.
    pub fn open(path: &Path, author: &str) -> Result<(Self, Option<PathBuf>)> {
        let (conn, backup) = file::open(path)?;
        let kit = KitMode::load(&conn)?;
        let s = Self {
            conn,
            path: path.to_path_buf(),
            author: author.to_string(),
            today: None,
            kit,
        };
        // Un dossier doit avoir son organisme et son CPOM.
        for kind in [KIND_ORGANISME, KIND_CPOM] {
            if records::singleton(&s.conn, kind)?.is_none() {
                return Err(ServiceError::new(
                    "dossier.incomplet",
                    format!(
                        "Le dossier « {} » est incomplet (aucun enregistrement « {kind} »).",
                        display(path)
                    ),
                )
                .with_file(display(path)));
            }
        }
        Ok((s, backup))
    }

    /// Ouvre un dossier en lecture seule : le fichier reste identique à l'octet près.
    /// Les opérations d'écriture échoueront.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        let conn = file::open_read_only(path)?;
        let kit = KitMode::load(&conn)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            author: String::new(),
            today: None,
            kit,
        })
    }

    /// Ferme une session ouverte en lecture seule.
    pub fn close_read_only(self) {
        drop(self.conn);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Ferme le dossier en laissant un fichier autonome.
    pub fn close(self) -> Result<()> {
        file::close(self.conn)
    }

    /// « Enregistrer une copie » : fichier cohérent et autonome.
    pub fn save_copy(&self, target: &Path) -> Result<()> {
        if target == self.path {
            return Err(ServiceError::new(
                "copie.meme_fichier",
                "Choisissez un autre fichier que le dossier ouvert pour la copie.",
            ));
        }
        file::save_copy(&self.conn, target)
    }

    /// Le contenu du dossier.
    pub fn dossier(&self) -> Result<Dossier> {
        read_dossier(&self.conn)
    }

    /// La date du jour des règles de calendrier (réunions passées, jalons échus).
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Impose la date du jour (tests, `cpom check --date`).
    pub fn set_today(&mut self, date: NaiveDate) {
        self.today = Some(date);
    }

    pub fn report(&self) -> Result<Report> {
        Ok(validate(&self.dossier()?))
    }

    pub fn meta(&self) -> Result<DossierMeta> {
        Ok(DossierMeta {
            dossier_id: records::meta_get(&self.conn, "dossier_id")?.unwrap_or_default(),
            created_at: records::meta_get(&self.conn, "created_at")?.unwrap_or_default(),
            schema_version: schema::latest_version(),
            app_version: records::meta_get(&self.conn, "app_version")?.unwrap_or_default(),
        })
    }

    /// Tout ce que l'interface affiche.
    pub fn view(&self) -> Result<DossierView> {
        let rows = records::load_all(&self.conn)?;
        let dossier = self.dossier()?;
        let kit = self.kit.as_ref().map(|k| k.info(&dossier, &rows));
        let provenance = crate::contribution::provenance_notes(&self.conn)?;
        let mut view = DossierView::build(
            display(&self.path),
            self.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            self.meta()?,
            dossier,
            rows,
            records::last_write(&self.conn)?,
            self.today(),
        );
        view.kit = kit;
        view.provenance = provenance;
        Ok(view)
    }

    /// Le kit de contribution ouvert, le cas échéant.
    pub fn kit(&self) -> Option<&KitMode> {
        self.kit.as_ref()
    }

    /// Une écriture : validée par le domaine puis faite dans une transaction ; une étape
    /// validée que l'écriture rend fautive est rouverte dans la même transaction.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Stamp<'_>) -> Result<T>,
    ) -> Result<T> {
        let at = now();
        let author = self.author.clone();
        let today = self.today();
        let tx = self.conn.transaction()?;
        let s = Stamp {
            at: &at,
            author: &author,
        };
        crate::signed::ensure_unsigned(&tx)?;
        let out = f(&tx, &s)?;
        crate::signed::check_last_signature(&tx, today)?;
        match &self.kit {
            // Dans un kit, rien hors de la partie déléguée ne s'écrit (pas même la
            // réouverture d'une étape : le siège la fera en intégrant la contribution).
            Some(k) => k.guard(&tx, &at)?,
            None => crate::steps::reopen_if_needed(&tx, &s, today)?,
        }
        tx.commit()?;
        Ok(out)
    }
}
