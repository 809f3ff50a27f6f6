//! Ce que l'interface reçoit : le dossier ouvert, ce qui s'en déduit et son rapport, tout en
//! haut des services (elle lit le dossier gardé par la session, les calculs du domaine et
//! les cas d'usage). Types exportés en TypeScript (`ui/src/bindings/`).

use chrono::NaiveDate;
use cpom_domain::computed::{Computed, Part};
pub use cpom_domain::computed::{ObjectifsVue, SignatureCalculee};
use cpom_domain::contract::avenant::VueAvenant;
use cpom_domain::diagnostic::calc::DiagnosticCalcule;
use cpom_domain::dossier::Dossier;
use cpom_domain::kernel::issue::Report;
use cpom_domain::lancement::calc::Planning;
use cpom_domain::perimetre::calc::Derived;
use cpom_domain::record::table::{KINDS, RecordKind, ops};
use cpom_domain::steps::readiness::Readiness;
use cpom_domain::steps::report::StepReport;
use cpom_domain::suivi::rules::SuiviVue;
use serde_json::Value;
use uuid::Uuid;

use cpom_domain::kernel::pack::PackInfo;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic::display;
use crate::contribution::kit_info;
use crate::contribution::{Integration, KitInfo, MergePlan, ProvenanceNote, provenance_notes};
use crate::error::Result;
use crate::session::{DossierMeta, Session};
use crate::store::dossier::Snapshot;
use crate::store::records::RecordRow;
use crate::undo::Historique;

/// Horodatage et auteur d'un enregistrement (pour la fusion des contributions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, Deserialize)]
#[ts(export)]
pub struct RecordStamp {
    pub id: String,
    pub kind: String,
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
    pub updated_by: String,
}

/// Le dossier ouvert, tel que l'interface l'affiche.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DossierView {
    /// Numéro de cette vue : le prochain [`ViewDelta`] part de lui (`base`).
    #[ts(type = "number")]
    pub version: u64,
    pub path: String,
    /// Nom du fichier sans extension.
    pub name: String,
    pub meta: DossierMeta,
    /// Toutes les données saisies (organisme, périmètre, lancement, diagnostic, étapes).
    pub dossier: Dossier,
    pub derived: Derived,
    /// Le référentiel régional du dossier (choisi, sinon celui de sa région) : ses règles,
    /// modèles de contrat et de classeur.
    pub pack: PackInfo,
    /// Le référentiel a été choisi explicitement (sinon : déduit de la région).
    pub pack_choisi: bool,
    /// Régime de financement et enveloppe (PA / PH) de chaque ESMS.
    pub regimes: Vec<cpom_domain::perimetre::regime::RegimeEsms>,
    /// Rapport de l'organisme et du périmètre (repris dans l'étape « Lancement »).
    pub report: Report,
    /// Les quatre étapes : état, avancement, points (ce que `cpom check` imprime).
    pub etapes: Vec<StepReport>,
    /// Le rétroplanning calculé (frise).
    pub planning: Planning,
    /// Ce qui se calcule du diagnostic (axes applicables, ratios, totaux).
    pub diagnostic: DiagnosticCalcule,
    /// Vue d'ensemble des objectifs (couverture, matrice, tableau récapitulatif).
    pub objectifs: ObjectifsVue,
    /// Ce qui se calcule de l'étape Signature (activité, totaux, calendrier du suivi).
    pub signature: SignatureCalculee,
    /// Le rapport « Prêt pour signature » et l'état du dossier (signé : le contrat ne change
    /// plus que par avenant).
    pub readiness: Readiness,
    /// Le suivi du contrat : état du contrat, échéancier, revues des objectifs par exercice.
    pub suivi: SuiviVue,
    /// Les avenants : le projet en cours avec ses différences et son rapport « Prêt pour
    /// signature » ; les avenants signés sans leur détail (commande `avenant_detail`).
    pub avenants: Vec<VueAvenant>,
    /// La date du jour retenue pour les règles de calendrier (AAAA-MM-JJ).
    #[ts(type = "string")]
    pub aujourdhui: NaiveDate,
    pub stamps: Vec<RecordStamp>,
    /// Heure de la dernière écriture (ISO 8601, UTC).
    pub saved_at: Option<String>,
    /// Renseigné quand le fichier ouvert est un kit de contribution (saisie limitée).
    pub kit: Option<KitInfo>,
    /// Champs repris d'une contribution (« rédigé par …, intégré le … »).
    pub provenance: Vec<ProvenanceNote>,
    /// Ce que « Annuler » et « Rétablir » feraient (saisies de cette session).
    pub historique: Historique,
    /// Ce qui a été repris à l'ouverture d'une session arrêtée brutalement (à afficher une fois).
    pub avis: Option<String>,
}

impl DossierView {
    /// Assemble la vue à partir du dossier et de ce qui s'en calcule.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        version: u64,
        path: String,
        name: String,
        meta: DossierMeta,
        dossier: Dossier,
        computed: Computed,
        rows: &[RecordRow],
        saved_at: Option<String>,
        today: NaiveDate,
    ) -> Self {
        let Computed {
            derived,
            pack,
            pack_choisi,
            regimes,
            report,
            etapes,
            planning,
            diagnostic,
            objectifs,
            signature,
            readiness,
            suivi,
            avenants,
        } = computed;
        Self {
            version,
            path,
            name,
            meta,
            derived,
            pack,
            pack_choisi,
            regimes,
            report,
            etapes,
            planning,
            diagnostic,
            objectifs,
            signature,
            readiness,
            suivi,
            avenants,
            aujourdhui: today,
            dossier,
            stamps: rows.iter().map(stamp).collect(),
            saved_at,
            kit: None,
            provenance: Vec::new(),
            historique: Historique::default(),
            avis: None,
        }
    }
}

fn stamp(r: &RecordRow) -> RecordStamp {
    RecordStamp {
        id: r.id.clone(),
        kind: r.kind.clone(),
        created_at: r.created_at.clone(),
        updated_at: r.updated_at.clone(),
        created_by: r.created_by.clone(),
        updated_by: r.updated_by.clone(),
    }
}

/// Réponse à une création (ESMS, adhésion, copie d'une fiche) : l'identifiant créé et ce
/// qui a changé dans la vue.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Created {
    pub id: String,
    pub update: ViewUpdate,
}

/// Version de l'application et nom de l'auteur inscrit sur les modifications.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub author: String,
}

/// Un kit rendu examiné par le siège (commande `kit_receive`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KitReview {
    /// Chemin du kit (renvoyé à `kit_integrate`).
    pub path: String,
    pub plan: MergePlan,
    pub view: DossierView,
}

/// Une contribution intégrée (commande `kit_integrate`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Integrated {
    pub integration: Integration,
    pub view: DossierView,
}

impl Session {
    /// Tout ce que l'interface affiche, à partir du dossier gardé par la session (aucune
    /// lecture après une saisie). Les deltas suivants partent de cette vue.
    pub fn view(&self) -> Result<DossierView> {
        let (version, snap, computed) = self.show_all()?;
        let kit = self.kit().map(|k| kit_info(k, &snap.dossier, &snap.rows));
        let provenance = provenance_notes(self.connection())?;
        let mut view = DossierView::build(
            version,
            display(self.path()),
            self.path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            self.meta()?,
            snap.dossier,
            computed,
            &snap.rows,
            self.saved_at()?,
            self.today(),
        );
        view.kit = kit;
        view.provenance = provenance;
        view.historique = self.historique();
        view.avis = self.notice().map(str::to_string);
        Ok(view)
    }

    /// Ce qui a changé depuis la dernière vue ou le dernier delta remis à l'interface : les
    /// enregistrements touchés, leurs traces, et les seules parties calculées qui ont changé
    /// (recalculées si elles lisent un type touché). La vue entière quand un delta n'est pas
    /// possible (aucune vue remise, import, intégration).
    pub fn update(&self) -> Result<ViewUpdate> {
        let changes = self.take_changes(build_delta)?;
        match changes {
            Some((base, version, mut delta)) => {
                delta.base = base;
                delta.version = version;
                delta.historique = self.historique();
                if let Some(k) = self.kit() {
                    // La partie déléguée d'un kit, recalculée entière (un kit est petit).
                    let snap = self.snapshot()?;
                    delta.kit = Some(kit_info(k, &snap.dossier, &snap.rows));
                }
                Ok(ViewUpdate::Delta(Box::new(delta)))
            }
            None => Ok(ViewUpdate::View(Box::new(self.view()?))),
        }
    }
}

/// Ce qu'une commande qui modifie le dossier renvoie : un delta (cas courant : saisie,
/// ajout, suppression, déplacement, étapes) ou la vue entière.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
#[ts(export)]
pub enum ViewUpdate {
    Delta(Box<ViewDelta>),
    View(Box<DossierView>),
}

/// Un enregistrement écrit (`value` absent : supprimé).
#[derive(Debug, Clone, PartialEq, Serialize, TS, Deserialize)]
#[ts(export)]
pub struct RecordChange {
    pub kind: RecordKind,
    pub id: String,
    #[ts(type = "unknown")]
    pub value: Option<Value>,
}

/// Le nouvel ordre d'une liste d'enregistrements (après un déplacement ou un tri).
#[derive(Debug, Clone, PartialEq, Serialize, TS, Deserialize)]
#[ts(export)]
pub struct RecordOrder {
    pub kind: RecordKind,
    pub ids: Vec<String>,
}

/// Un segment de chemin dans la vue : nom de champ ou rang dans une liste.
#[derive(Debug, Clone, PartialEq, Serialize, TS, Deserialize)]
#[serde(untagged)]
#[ts(export)]
pub enum PathSeg {
    Key(String),
    Index(#[ts(type = "number")] usize),
}

/// Une modification de la vue au chemin `path`.
#[derive(Debug, Clone, PartialEq, Serialize, TS, Deserialize)]
#[ts(export)]
pub struct PatchOp {
    pub path: Vec<PathSeg>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub op: PatchKind,
}

/// Remplacer la valeur (`set`), retirer une clé (`remove`) ou remplacer `delete` éléments
/// d'une liste à partir de `start` par `insert` (`splice`).
#[derive(Debug, Clone, PartialEq, Serialize, TS, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[ts(export)]
pub enum PatchKind {
    Set {
        #[ts(type = "unknown")]
        value: Value,
    },
    Remove,
    Splice {
        #[ts(type = "number")]
        start: usize,
        #[ts(type = "number")]
        delete: usize,
        #[ts(type = "Array<unknown>")]
        insert: Vec<Value>,
    },
}

/// Ce qui a changé dans la vue depuis la version `base`, à appliquer dans l'ordre par
/// l'interface (`ui/src/lib/delta.ts`) : le résultat est la vue `version`, identique à
/// celle qu'un recalcul complet donnerait (test `tests/services/delta.rs`).
#[derive(Debug, Clone, Default, Serialize, TS, Deserialize)]
#[ts(export)]
pub struct ViewDelta {
    #[ts(type = "number")]
    pub base: u64,
    #[ts(type = "number")]
    pub version: u64,
    /// Enregistrements écrits ou supprimés (dans `dossier`).
    pub records: Vec<RecordChange>,
    /// Listes dont l'ordre a changé.
    pub order: Vec<RecordOrder>,
    /// Traces (auteur, heure) des enregistrements écrits ; `stamps_removed` : supprimés.
    pub stamps: Vec<RecordStamp>,
    pub stamps_removed: Vec<String>,
    /// Modifications des parties calculées (`derived`, `report`, `etapes`, `planning`,
    /// `diagnostic`, `objectifs`, `signature`, `readiness`).
    pub patch: Vec<PatchOp>,
    pub saved_at: Option<String>,
    /// Ce que « Annuler » et « Rétablir » feraient maintenant (change à chaque saisie).
    #[serde(default)]
    pub historique: Historique,
    /// Dans un kit de contribution : la partie déléguée à jour.
    #[serde(default, skip_deserializing)]
    pub kit: Option<KitInfo>,
}

fn kind_of(name: &str) -> Option<RecordKind> {
    KINDS.iter().find(|i| i.name == name).map(|i| i.kind)
}

fn part_value(c: &Computed, p: Part) -> (Vec<PathSeg>, Value) {
    let key = |k: &str| vec![PathSeg::Key(k.into())];
    fn v<T: Serialize>(x: &T) -> Value {
        serde_json::to_value(x).unwrap_or(Value::Null)
    }
    match p {
        Part::Derived => (key("derived"), v(&c.derived)),
        Part::Pack => (key("pack"), v(&c.pack)),
        Part::PackChoisi => (key("pack_choisi"), v(&c.pack_choisi)),
        Part::Regimes => (key("regimes"), v(&c.regimes)),
        Part::Report => (key("report"), v(&c.report)),
        Part::Step(i) => (
            vec![PathSeg::Key("etapes".into()), PathSeg::Index(i)],
            v(&c.etapes[i]),
        ),
        Part::Planning => (key("planning"), v(&c.planning)),
        Part::Diagnostic => (key("diagnostic"), v(&c.diagnostic)),
        Part::Couverture => (
            vec![
                PathSeg::Key("objectifs".into()),
                PathSeg::Key("couverture".into()),
            ],
            v(&c.objectifs.couverture),
        ),
        Part::CouvertureEhpad => (
            vec![
                PathSeg::Key("objectifs".into()),
                PathSeg::Key("couverture_ehpad".into()),
            ],
            v(&c.objectifs.couverture_ehpad),
        ),
        Part::Matrice => (
            vec![
                PathSeg::Key("objectifs".into()),
                PathSeg::Key("matrice".into()),
            ],
            v(&c.objectifs.matrice),
        ),
        Part::Recapitulatif => (
            vec![
                PathSeg::Key("objectifs".into()),
                PathSeg::Key("recapitulatif".into()),
            ],
            v(&c.objectifs.recapitulatif),
        ),
        Part::Signature => (key("signature"), v(&c.signature)),
        Part::Readiness => (key("readiness"), v(&c.readiness)),
        Part::Suivi => (key("suivi"), v(&c.suivi)),
        Part::Avenants => (key("avenants"), v(&c.avenants)),
    }
}

fn build_delta(
    snap: &Snapshot,
    computed: &Computed,
    parts: &[(Part, Value)],
    touched: &[(&'static str, String)],
    reordered: &[&'static str],
    saved_at: Option<&str>,
) -> ViewDelta {
    let mut delta = ViewDelta {
        saved_at: saved_at.map(str::to_string),
        ..ViewDelta::default()
    };
    for (kind, id) in touched {
        let (Some(o), Some(k)) = (ops(kind), kind_of(kind)) else {
            continue;
        };
        let uuid = if o.singleton() {
            Uuid::nil()
        } else {
            Uuid::parse_str(id).unwrap_or_default()
        };
        let row = snap.row(kind, id);
        // Une ligne supprimée peut laisser un enregistrement implicite (jalon standard) :
        // la vue montre alors celui-là.
        delta.records.push(RecordChange {
            kind: k,
            id: if o.singleton() {
                String::new()
            } else {
                id.clone()
            },
            value: o.value(&snap.dossier, uuid),
        });
        match row {
            Some(r) => delta.stamps.push(stamp(r)),
            None => delta.stamps_removed.push(id.clone()),
        }
    }
    for kind in reordered {
        let (Some(o), Some(k)) = (ops(kind), kind_of(kind)) else {
            continue;
        };
        delta.order.push(RecordOrder {
            kind: k,
            ids: o
                .rows(&snap.dossier)
                .iter()
                .map(|r| r.id.to_string())
                .collect(),
        });
    }
    for (part, old) in parts {
        let (path, new) = part_value(computed, *part);
        diff(&path, old, &new, &mut delta.patch);
    }
    delta
}

/// Les modifications qui font passer de `a` à `b` (au chemin `path`) : objets comparés clé
/// par clé, listes de même longueur rang par rang, autres listes par un seul remplacement
/// entre leurs début et fin communs. Linéaire en taille des valeurs.
pub fn diff(path: &[PathSeg], a: &Value, b: &Value, out: &mut Vec<PatchOp>) {
    if a == b {
        return;
    }
    let at = |seg: PathSeg| {
        let mut p = path.to_vec();
        p.push(seg);
        p
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, vb) in y {
                match x.get(k) {
                    Some(va) => diff(&at(PathSeg::Key(k.clone())), va, vb, out),
                    None => out.push(PatchOp {
                        path: at(PathSeg::Key(k.clone())),
                        op: PatchKind::Set { value: vb.clone() },
                    }),
                }
            }
            for k in x.keys().filter(|k| !y.contains_key(*k)) {
                out.push(PatchOp {
                    path: at(PathSeg::Key(k.clone())),
                    op: PatchKind::Remove,
                });
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(&at(PathSeg::Index(i)), va, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let prefix = x.iter().zip(y).take_while(|(p, q)| p == q).count();
            let suffix = x[prefix..]
                .iter()
                .rev()
                .zip(y[prefix..].iter().rev())
                .take_while(|(p, q)| p == q)
                .count();
            out.push(PatchOp {
                path: path.to_vec(),
                op: PatchKind::Splice {
                    start: prefix,
                    delete: x.len() - prefix - suffix,
                    insert: y[prefix..y.len() - suffix].to_vec(),
                },
            });
        }
        _ => out.push(PatchOp {
            path: path.to_vec(),
            op: PatchKind::Set { value: b.clone() },
        }),
    }
}

/// Applique un delta à une vue (en JSON) : ce que fait l'interface (`ui/src/lib/delta.ts`),
/// ici pour les tests qui comparent au recalcul complet.
pub fn apply_delta(view: &mut Value, delta: &ViewDelta) {
    for c in &delta.records {
        let Some(info) = KINDS.iter().find(|i| i.kind == c.kind) else {
            continue;
        };
        let mut slot = &mut view["dossier"];
        for seg in info.path.split('.') {
            slot = &mut slot[seg];
        }
        if info.singleton {
            if let Some(v) = &c.value {
                *slot = v.clone();
            }
            continue;
        }
        let Some(list) = slot.as_array_mut() else {
            continue;
        };
        let at = list.iter().position(|x| x["id"].as_str() == Some(&c.id));
        match (at, &c.value) {
            (Some(i), Some(v)) => list[i] = v.clone(),
            (None, Some(v)) => list.push(v.clone()),
            (Some(i), None) => {
                list.remove(i);
            }
            (None, None) => {}
        }
    }
    for o in &delta.order {
        let Some(info) = KINDS.iter().find(|i| i.kind == o.kind) else {
            continue;
        };
        let mut slot = &mut view["dossier"];
        for seg in info.path.split('.') {
            slot = &mut slot[seg];
        }
        if let Some(list) = slot.as_array_mut() {
            let rank = |x: &Value| {
                o.ids
                    .iter()
                    .position(|id| x["id"].as_str() == Some(id))
                    .unwrap_or(usize::MAX)
            };
            list.sort_by_key(rank);
        }
    }
    if let Some(stamps) = view["stamps"].as_array_mut() {
        stamps.retain(|s| {
            let id = s["id"].as_str().unwrap_or_default();
            !delta.stamps_removed.iter().any(|r| r == id)
        });
        for st in &delta.stamps {
            let v = serde_json::to_value(st).unwrap_or(Value::Null);
            match stamps.iter().position(|s| s["id"].as_str() == Some(&st.id)) {
                Some(i) => stamps[i] = v,
                None => stamps.push(v),
            }
        }
    }
    for p in &delta.patch {
        let (last, parents) = match p.path.split_last() {
            Some(x) => x,
            None => continue,
        };
        let mut slot = &mut *view;
        for seg in parents {
            slot = match seg {
                PathSeg::Key(k) => &mut slot[k.as_str()],
                PathSeg::Index(i) => &mut slot[*i],
            };
        }
        match &p.op {
            PatchKind::Set { value } => match last {
                PathSeg::Key(k) => slot[k.as_str()] = value.clone(),
                PathSeg::Index(i) => slot[*i] = value.clone(),
            },
            PatchKind::Remove => {
                if let (PathSeg::Key(k), Some(m)) = (last, slot.as_object_mut()) {
                    m.remove(k);
                }
            }
            PatchKind::Splice {
                start,
                delete,
                insert,
            } => {
                let target = match last {
                    PathSeg::Key(k) => &mut slot[k.as_str()],
                    PathSeg::Index(i) => &mut slot[*i],
                };
                if let Some(list) = target.as_array_mut() {
                    list.splice(*start..*start + *delete, insert.iter().cloned());
                }
            }
        }
    }
    view["version"] = Value::from(delta.version);
    view["historique"] = serde_json::to_value(&delta.historique).unwrap_or(Value::Null);
    view["saved_at"] = delta
        .saved_at
        .as_ref()
        .map_or(Value::Null, |s| Value::String(s.clone()));
    if let Some(k) = &delta.kit {
        view["kit"] = serde_json::to_value(k).unwrap_or(Value::Null);
    }
}
