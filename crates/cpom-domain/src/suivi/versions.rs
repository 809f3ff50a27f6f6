//! Les versions du contrat : le contrat signé ne change plus que par avenant, et chaque avenant
//! garde l'état d'avant des enregistrements du contrat qu'il modifie ([`EtatAnterieur`]). Le
//! dossier porte toujours la dernière version (projet d'avenant compris) ; les versions
//! précédentes se reconstituent en remettant ces états, du plus récent au plus ancien.
//!
//! - [`contract_changes`] : ce qu'une écriture change au contenu signé (types de nature
//!   `Contrat` de la table) — la garde des dossiers signés le refuse, ou le range dans le
//!   projet d'avenant ;
//! - [`restore`] : un dossier avec les états d'avant d'un avenant ;
//! - [`version`] : le contrat signé initial (0) ou consolidé après l'avenant n° N ;
//! - [`contrat_signe`] : le contrat a été signé (même si un avenant a depuis ajouté une
//!   partie qui n'a signé que l'avenant).

use std::collections::BTreeMap;

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::suivi::{Avenant, EtatAnterieur};
use crate::record::table::{Nature, info_by_name, ops, registry};
use crate::signature::calc::is_signed;

/// Les enregistrements du contenu signé que `after` change par rapport à `before` (contenu,
/// place dans la liste, ajout, suppression), avec leur état dans `before`.
pub fn contract_changes(before: &Dossier, after: &Dossier) -> Vec<EtatAnterieur> {
    let mut out = Vec::new();
    for o in registry() {
        let Some(info) = info_by_name(o.kind()) else {
            continue;
        };
        if info.nature != Nature::Contrat {
            continue;
        }
        let old = o.rows(before);
        let new = o.rows(after);
        if o.singleton() {
            let a = old.first().map(|r| &r.value);
            let b = new.first().map(|r| &r.value);
            if a != b {
                out.push(EtatAnterieur {
                    kind: o.kind().into(),
                    id: Uuid::nil(),
                    avant: old
                        .first()
                        .filter(|r| !r.implicit_default)
                        .map(|r| r.value.clone()),
                    rang: 0,
                });
            }
            continue;
        }
        for (rang, r) in old.iter().enumerate() {
            let same = new
                .iter()
                .position(|n| n.id == r.id)
                .is_some_and(|i| i == rang && new[i].value == r.value);
            if !same {
                out.push(EtatAnterieur {
                    kind: o.kind().into(),
                    id: r.id,
                    avant: (!r.implicit_default).then(|| r.value.clone()),
                    rang,
                });
            }
        }
        for n in &new {
            if !old.iter().any(|r| r.id == n.id) && !n.implicit_default {
                out.push(EtatAnterieur {
                    kind: o.kind().into(),
                    id: n.id,
                    avant: None,
                    rang: 0,
                });
            }
        }
    }
    out
}

/// Ajoute à `captured` les états d'avant de `changes` qui n'y sont pas encore (le premier
/// état relevé est celui d'avant l'avenant). Renvoie vrai si la liste a changé.
pub fn capture(captured: &mut Vec<EtatAnterieur>, changes: Vec<EtatAnterieur>) -> bool {
    let mut changed = false;
    for c in changes {
        if !captured.iter().any(|x| x.kind == c.kind && x.id == c.id) {
            captured.push(c);
            changed = true;
        }
    }
    changed
}

fn at_mut<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.').try_fold(root, |v, seg| v.get_mut(seg))
}

/// Le dossier avec les états d'avant `etats` (contenus, places, enregistrements ajoutés
/// retirés, supprimés remis).
pub fn restore(d: &Dossier, etats: &[EtatAnterieur]) -> Dossier {
    let mut root = serde_json::to_value(d).unwrap_or(Value::Null);
    let mut by_kind: BTreeMap<&str, Vec<&EtatAnterieur>> = BTreeMap::new();
    for e in etats {
        by_kind.entry(e.kind.as_str()).or_default().push(e);
    }
    for (kind, list) in by_kind {
        let Some(o) = ops(kind) else { continue };
        let Some(slot) = at_mut(&mut root, o.json_path()) else {
            continue;
        };
        if o.singleton() {
            let back = list.first().and_then(|e| e.avant.clone()).or_else(|| {
                o.implicit_json(Uuid::nil())
                    .and_then(|j| serde_json::from_str(&j).ok())
            });
            if let Some(v) = back {
                *slot = v;
            }
            continue;
        }
        let Value::Array(items) = slot else { continue };
        let ids: Vec<String> = list.iter().map(|e| e.id.to_string()).collect();
        items.retain(|x| {
            x.get("id")
                .and_then(Value::as_str)
                .is_none_or(|id| !ids.iter().any(|i| i == id))
        });
        let mut back: Vec<&&EtatAnterieur> = list.iter().filter(|e| e.avant.is_some()).collect();
        back.sort_by_key(|e| e.rang);
        for e in back {
            let at = e.rang.min(items.len());
            items.insert(at, e.avant.clone().unwrap_or(Value::Null));
        }
    }
    let mut out: Dossier = serde_json::from_value(root).unwrap_or_else(|_| d.clone());
    out.fill_implicit();
    out
}

/// Le dossier tel qu'il était avant `avenants` (le plus récent remis en premier).
fn before_all<'a>(d: &Dossier, avenants: impl DoubleEndedIterator<Item = &'a Avenant>) -> Dossier {
    let mut cur = d.clone();
    for a in avenants.rev() {
        cur = restore(&cur, &a.modifications);
    }
    cur
}

/// Le contrat signé initial (`n` = 0) ou consolidé après l'avenant signé n° `n` ; sans le
/// projet d'avenant en cours. `None` si cet avenant n'existe pas.
pub fn version(d: &Dossier, n: usize) -> Option<Dossier> {
    let signes: Vec<&Avenant> = d.suivi_contrat.avenants_signes().collect();
    if n > signes.len() {
        return None;
    }
    let later = d
        .suivi_contrat
        .avenants
        .iter()
        .filter(|a| !a.signe() || signes.iter().position(|s| s.id == a.id) >= Some(n));
    Some(before_all(d, later))
}

/// Le contrat en vigueur : la dernière version signée (sans le projet d'avenant en cours).
pub fn en_vigueur(d: &Dossier) -> Dossier {
    match d.suivi_contrat.projet_avenant() {
        Some(p) => restore(d, &p.modifications),
        None => d.clone(),
    }
}

/// Le contrat a-t-il été signé ? Toutes les parties ont daté leur signature — dans le
/// contrat initial quand des avenants ont changé les parties depuis.
pub fn contrat_signe(d: &Dossier) -> bool {
    if is_signed(d) {
        return true;
    }
    if d.suivi_contrat.avenants.is_empty() {
        return false;
    }
    version(d, 0).is_some_and(|v| is_signed(&v))
}

/// L'état du dossier juste avant le projet d'avenant (ce que le projet modifie).
pub fn avant_projet(d: &Dossier) -> Option<Dossier> {
    d.suivi_contrat
        .projet_avenant()
        .map(|p| restore(d, &p.modifications))
}
