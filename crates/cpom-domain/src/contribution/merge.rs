//! La fusion d'un kit rendu dans le dossier du siège, champ par champ.
//!
//! Trois états d'un même enregistrement (appariés par UUID stable) : `base` (au départ du
//! kit, ou à sa dernière intégration), `ours` (le dossier du siège aujourd'hui), `theirs` (le
//! kit rendu). Un champ changé dans le kit seulement est « modifié » ; changé des deux côtés
//! vers des valeurs différentes, il est « en conflit ». Un enregistrement créé dans le kit
//! est « nouveau » (ou rapproché, par sa clé d'unicité, de celui que le siège a créé pour la
//! même question) ; supprimé dans le kit, il est « supprimé ».

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::kernel::error::FieldError;
use crate::record::editable::flatten;
use crate::record::ops::RecordError;
use crate::record::table::{ops, registry};

/// Un enregistrement vu d'un côté ; `data` vaut `None` s'il est supprimé (trace
/// `deleted_at`).
#[derive(Debug, Clone, PartialEq)]
pub struct Snap {
    pub id: Uuid,
    pub kind: String,
    pub data: Option<Value>,
}

/// Qui a écrit et quand (ISO 8601).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Stamp {
    pub auteur: String,
    pub le: String,
}

/// Les auteurs connus d'un côté : par champ (journal), sinon par enregistrement.
#[derive(Debug, Clone, Default)]
pub struct Stamps {
    pub records: HashMap<Uuid, Stamp>,
    pub fields: HashMap<(Uuid, String), Stamp>,
}

impl Stamps {
    fn of(&self, id: Uuid, field: Option<&str>) -> Stamp {
        field
            .and_then(|f| self.fields.get(&(id, f.to_string())))
            .or_else(|| self.records.get(&id))
            .cloned()
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureItem {
    /// Enregistrement créé dans le kit.
    Nouveau,
    /// Champ changé dans le kit seulement.
    Modifie,
    /// Changé des deux côtés depuis le départ du kit (valeurs différentes), ou supprimé d'un
    /// côté et modifié de l'autre.
    Conflit,
    /// Enregistrement supprimé dans le kit.
    Supprime,
}

impl NatureItem {
    pub fn label(self) -> &'static str {
        match self {
            Self::Nouveau => "nouveau",
            Self::Modifie => "modifié",
            Self::Conflit => "en conflit",
            Self::Supprime => "supprimé",
        }
    }
}

/// Un élément à décider.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergeItem {
    /// Identifiant de l'élément dans les décisions : « <uuid> » ou « <uuid>:<champ> ».
    pub key: String,
    pub nature: NatureItem,
    /// Type d'enregistrement (`RecordKind`).
    pub kind: String,
    /// L'enregistrement du kit.
    pub record_id: Uuid,
    /// L'enregistrement du siège qui recevra la valeur (le même, ou celui de même clé).
    pub target_id: Uuid,
    pub esms: Option<Uuid>,
    /// « Réponse « … » », « ESMS IME Les Hirondelles ».
    pub record: String,
    /// Champ concerné ; absent pour un enregistrement entier (nouveau, supprimé).
    pub field: Option<String>,
    #[ts(type = "unknown")]
    pub base: Value,
    /// La valeur au siège aujourd'hui.
    #[ts(type = "unknown")]
    pub siege: Value,
    /// La valeur proposée par la direction.
    #[ts(type = "unknown")]
    pub direction: Value,
    pub direction_stamp: Stamp,
    pub siege_stamp: Stamp,
}

/// La décision du siège sur un élément.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "choix", content = "valeur", rename_all = "snake_case")]
#[ts(export)]
pub enum Decision {
    Accepter,
    Rejeter,
    /// Une autre valeur, saisie par le siège (contrôlée comme une saisie).
    Modifier(#[ts(type = "unknown")] Value),
}

fn leaves(v: Option<&Value>) -> BTreeMap<String, Value> {
    let mut out = Vec::new();
    if let Some(v) = v {
        flatten("", v, &mut out);
    }
    out.into_iter().filter(|(k, _)| k != "id").collect()
}

fn leaf(m: &BTreeMap<String, Value>, k: &str) -> Value {
    m.get(k).cloned().unwrap_or(Value::Null)
}

fn live(m: &BTreeMap<Uuid, Snap>, id: Uuid) -> Option<&Snap> {
    m.get(&id).filter(|s| s.data.is_some())
}

fn unique_key(s: &Snap) -> Option<String> {
    let o = ops(&s.kind)?;
    o.unique_key(&s.data.as_ref()?.to_string())
        .map(|k| format!("{}|{k}", s.kind))
}

fn describe(s: &Snap) -> String {
    match (ops(&s.kind), &s.data) {
        (Some(o), Some(d)) => o.describe(&d.to_string()),
        (Some(o), None) => o.label().to_string(),
        _ => s.kind.clone(),
    }
}

fn kind_rank(kind: &str) -> usize {
    registry()
        .iter()
        .position(|o| o.kind() == kind)
        .unwrap_or(usize::MAX)
}

/// Ce qu'apporte le kit, élément par élément (ordre : type d'enregistrement, puis ordre du
/// kit). `esms_of` donne l'ESMS d'un enregistrement (pour le regroupement par ESMS).
pub fn plan(
    base: &BTreeMap<Uuid, Snap>,
    ours: &BTreeMap<Uuid, Snap>,
    theirs: &[Snap],
    their_stamps: &Stamps,
    our_stamps: &Stamps,
    esms_of: &dyn Fn(&Snap) -> Option<Uuid>,
) -> Vec<MergeItem> {
    // Clés d'unicité du siège, pour les seuls types dont le kit apporte un enregistrement
    // nouveau (les autres ne sont jamais cherchés) : un kit d'un ESMS ne relit pas tout le
    // dossier du siège.
    let new_kinds: std::collections::HashSet<&str> = theirs
        .iter()
        .filter(|t| t.data.is_some())
        .filter(|t| base.get(&t.id).and_then(|s| s.data.as_ref()).is_none())
        .filter(|t| live(ours, t.id).is_none())
        .map(|t| t.kind.as_str())
        .collect();
    let by_key: HashMap<String, Uuid> = ours
        .values()
        .filter(|s| s.data.is_some() && new_kinds.contains(s.kind.as_str()))
        .filter_map(|s| Some((unique_key(s)?, s.id)))
        .collect();
    let mut sorted: Vec<&Snap> = theirs.iter().collect();
    sorted.sort_by_key(|s| kind_rank(&s.kind));
    let mut out = Vec::new();
    for t in sorted {
        let b = base.get(&t.id).and_then(|s| s.data.as_ref());
        let esms = esms_of(t).or_else(|| ours.get(&t.id).and_then(esms_of));
        let item = |nature, target: Uuid, field: Option<String>, bv, ov, tv| MergeItem {
            key: match &field {
                Some(f) => format!("{}:{f}", t.id),
                None => t.id.to_string(),
            },
            nature,
            kind: t.kind.clone(),
            record_id: t.id,
            target_id: target,
            esms,
            record: describe(t),
            direction_stamp: their_stamps.of(t.id, field.as_deref()),
            siege_stamp: our_stamps.of(target, field.as_deref()),
            field,
            base: bv,
            siege: ov,
            direction: tv,
        };
        match (b, &t.data) {
            (None, None) => {}
            (None, Some(tv)) => {
                let target = live(ours, t.id)
                    .map(|s| s.id)
                    .or_else(|| unique_key(t).and_then(|k| by_key.get(&k).copied()));
                match target.and_then(|id| live(ours, id)) {
                    None => out.push(item(
                        NatureItem::Nouveau,
                        t.id,
                        None,
                        Value::Null,
                        Value::Null,
                        tv.clone(),
                    )),
                    Some(o) => {
                        let (lo, lt) = (leaves(o.data.as_ref()), leaves(Some(tv)));
                        for (k, vt) in &lt {
                            let vo = leaf(&lo, k);
                            if &vo == vt || vt.is_null() {
                                continue;
                            }
                            let nature = if vo.is_null() {
                                NatureItem::Modifie
                            } else {
                                NatureItem::Conflit
                            };
                            out.push(item(
                                nature,
                                o.id,
                                Some(k.clone()),
                                Value::Null,
                                vo,
                                vt.clone(),
                            ));
                        }
                    }
                }
            }
            (Some(bv), None) => match live(ours, t.id) {
                None => {}
                Some(o) if o.data.as_ref() == Some(bv) => out.push(item(
                    NatureItem::Supprime,
                    t.id,
                    None,
                    bv.clone(),
                    bv.clone(),
                    Value::Null,
                )),
                Some(o) => out.push(item(
                    NatureItem::Conflit,
                    t.id,
                    None,
                    bv.clone(),
                    o.data.clone().unwrap_or(Value::Null),
                    Value::Null,
                )),
            },
            (Some(bv), Some(tv)) if bv == tv => {}
            (Some(bv), Some(tv)) => match live(ours, t.id) {
                None => out.push(item(
                    NatureItem::Conflit,
                    t.id,
                    None,
                    bv.clone(),
                    Value::Null,
                    tv.clone(),
                )),
                Some(o) => {
                    let (lb, lo, lt) =
                        (leaves(Some(bv)), leaves(o.data.as_ref()), leaves(Some(tv)));
                    let keys: BTreeSet<&String> = lb.keys().chain(lt.keys()).collect();
                    for k in keys {
                        let (vb, vo, vt) = (leaf(&lb, k), leaf(&lo, k), leaf(&lt, k));
                        if vt == vb || vo == vt {
                            continue;
                        }
                        let nature = if vo == vb {
                            NatureItem::Modifie
                        } else {
                            NatureItem::Conflit
                        };
                        out.push(item(nature, t.id, Some(k.clone()), vb, vo, vt));
                    }
                }
            },
        }
    }
    out
}

/// Une écriture à faire au siège pour un enregistrement.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub id: Uuid,
    pub kind: String,
    /// Contenu avant (absent : l'enregistrement n'existait pas ou était supprimé).
    pub before: Option<Value>,
    /// Contenu après (absent : supprimé).
    pub after: Option<Value>,
    /// Champs repris du kit (vide : l'enregistrement entier), pour la provenance.
    pub fields: Vec<String>,
    /// Auteur de la direction pour chaque champ repris.
    pub stamps: Vec<Stamp>,
}

/// Pose (ou retire, pour `Null`) la feuille « a.b.c » d'un objet JSON. Les structures du
/// domaine ont toutes `#[serde(default)]` : une clé absente vaut sa valeur par défaut.
fn set_leaf(v: &mut Value, path: &str, new: &Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut cur = v;
    for p in parts {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Some(m) = cur.as_object_mut() else { return };
        cur = m
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    if let Some(m) = cur.as_object_mut() {
        if new.is_null() {
            m.remove(last);
        } else {
            m.insert(last.to_string(), new.clone());
        }
    }
}

/// Pourquoi une décision ne peut pas s'appliquer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyError {
    /// Valeur modifiée refusée (clé de l'élément, erreur du champ).
    Field(String, FieldError),
    /// « Modifier » demandé sur un enregistrement entier.
    NotAField(String),
    /// Le résultat n'est pas un enregistrement valide.
    Invalid(String, String),
}

/// Applique les décisions : une écriture par enregistrement du siège touché. Un élément
/// sans décision est rejeté (le siège garde sa valeur).
pub fn apply(
    items: &[MergeItem],
    decisions: &HashMap<String, Decision>,
    ours: &BTreeMap<Uuid, Snap>,
) -> Result<Vec<Write>, ApplyError> {
    let mut order: Vec<Uuid> = Vec::new();
    let mut groups: HashMap<Uuid, Vec<(&MergeItem, &Decision)>> = HashMap::new();
    for it in items {
        let Some(d) = decisions.get(&it.key) else {
            continue;
        };
        if *d == Decision::Rejeter {
            continue;
        }
        if !groups.contains_key(&it.target_id) {
            order.push(it.target_id);
        }
        groups.entry(it.target_id).or_default().push((it, d));
    }
    let mut out = Vec::new();
    for id in order {
        let group = &groups[&id];
        let kind = group[0].0.kind.clone();
        let before = live(ours, id).and_then(|s| s.data.clone());
        let mut after = before.clone();
        let mut fields = Vec::new();
        let mut stamps = Vec::new();
        for (it, d) in group {
            match (&it.field, d) {
                (None, Decision::Modifier(_)) => return Err(ApplyError::NotAField(it.key.clone())),
                (None, _) => {
                    after = if it.direction.is_null() {
                        None
                    } else {
                        let mut v = it.direction.clone();
                        if let Some(m) = v.as_object_mut()
                            && m.contains_key("id")
                        {
                            m.insert("id".into(), Value::String(id.to_string()));
                        }
                        Some(v)
                    };
                    fields.push(String::new());
                }
                (Some(f), Decision::Accepter) => {
                    let mut v = after.take().unwrap_or(Value::Object(Map::new()));
                    set_leaf(&mut v, f, &it.direction);
                    after = Some(v);
                    fields.push(f.clone());
                }
                (Some(f), Decision::Modifier(value)) => {
                    let o = ops(&kind)
                        .ok_or_else(|| ApplyError::Invalid(it.key.clone(), kind.clone()))?;
                    let cur = after.take().unwrap_or(Value::Object(Map::new()));
                    let edit = o.edit(&cur.to_string(), f, value).map_err(|e| match e {
                        RecordError::Field(fe) => ApplyError::Field(it.key.clone(), fe),
                        RecordError::Illisible(m) => ApplyError::Invalid(it.key.clone(), m),
                    })?;
                    after = Some(
                        serde_json::from_str(&edit.json)
                            .map_err(|e| ApplyError::Invalid(it.key.clone(), e.to_string()))?,
                    );
                    fields.push(f.clone());
                }
                (Some(_), Decision::Rejeter) => {}
            }
            stamps.push(it.direction_stamp.clone());
        }
        if let (Some(o), Some(a)) = (ops(&kind), &after) {
            o.check_import(a)
                .map_err(|(f, e)| ApplyError::Invalid(format!("{id}:{f}"), e.message))?;
        }
        if after != before {
            out.push(Write {
                id,
                kind,
                before,
                after,
                fields,
                stamps,
            });
        }
    }
    Ok(out)
}
