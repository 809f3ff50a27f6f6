//! La saisie de tous les enregistrements du dossier, tous types confondus (organisme, CPOM,
//! ESMS, adhésions, jalons, réponses, fiches…), à travers la table des enregistrements du
//! domaine : modifier un champ, ajouter, supprimer, déplacer, appliquer les opérations d'un
//! import, remplacer le contenu. Aucun `match` par type ici ; les écritures elles-mêmes sont
//! dans `store/edit.rs`.

use cpom_domain::dossier::Dossier;
use cpom_domain::record::table::{RecordKind, registry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::dossier::parse_uuid;
use crate::store::edit::{
    apply, apply_many, create_or_complete, delete_owned, kind_ops, missing, refuse_system,
    replace_kind,
};
use crate::store::records;

/// Une modification de champ envoyée par l'interface (enregistrée aussitôt).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldUpdate {
    pub kind: RecordKind,
    /// Identifiant de l'enregistrement ; absent pour un enregistrement unique (organisme,
    /// CPOM, engagement, finances).
    pub id: Option<String>,
    /// Chemin du champ dans l'enregistrement (« finess_et », « capacites.internat.autorisee »,
    /// « date_prevue », « resultats.ars.2024 »). Voir `crates/cpom-services/API.md`.
    pub field: String,
    #[ts(type = "unknown")]
    pub value: Value,
}

impl Session {
    /// Enregistre la modification d'un champ (refusée sans rien écrire si la valeur est
    /// invalide). Renvoie faux si la valeur était déjà celle-là (rien n'est écrit).
    pub fn update_field(&mut self, u: &FieldUpdate) -> Result<bool> {
        let o = kind_ops(u.kind.as_str())?;
        refuse_system(o)?;
        let changed = self.write(|tx, s| apply(tx, s, o, u.id.as_deref(), &u.field, &u.value))?;
        if changed {
            self.remember_edit(u.id.as_deref())?;
        }
        Ok(changed)
    }

    /// Ajoute un enregistrement de type `kind`, initialisé champ par champ avec `init` (et
    /// `parent`, l'ESMS d'une réponse ou d'un indicateur). Si un enregistrement de même clé
    /// existe déjà (réponse à la même question pour le même ESMS…), il est complété et son
    /// identifiant renvoyé. Une valeur refusée n'écrit rien.
    pub fn add_record(
        &mut self,
        kind: RecordKind,
        parent: Option<&str>,
        init: Option<&Map<String, Value>>,
    ) -> Result<String> {
        let o = kind_ops(kind.as_str())?;
        refuse_system(o)?;
        if o.singleton() {
            return Err(ServiceError::new(
                "ajout.impossible",
                format!("« {} » existe une seule fois dans le dossier.", o.label()),
            ));
        }
        let mut fields: Vec<(String, Value)> = Vec::new();
        if let (Some(p), Some(f)) = (parent, o.parent_field()) {
            fields.push((f.to_string(), Value::String(p.to_string())));
        }
        fields.extend(
            init.into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        self.write(|tx, s| create_or_complete(tx, s, o, &fields))
    }

    /// Applique des opérations d'import (champs d'enregistrements existants, nouveaux
    /// enregistrements) en **une** transaction : chaque champ passe par les contrôles de la
    /// saisie et le journal ; une seule valeur refusée et rien n'est écrit.
    pub fn apply_ops(&mut self, ops: &[crate::import::plan::Op]) -> Result<()> {
        use crate::import::plan::Op;
        self.write_reload(|tx, s| {
            let mut i = 0;
            while i < ops.len() {
                match &ops[i] {
                    Op::Update { kind, id, .. } => {
                        // Les saisies qui se suivent sur le même enregistrement : lues et
                        // écrites une fois (pas un aller-retour JSON par champ).
                        let mut fields: Vec<(&str, &serde_json::Value)> = Vec::new();
                        while let Some(Op::Update {
                            kind: k,
                            id: x,
                            field,
                            value,
                        }) = ops.get(i)
                            && k == kind
                            && x == id
                        {
                            fields.push((field.as_str(), value));
                            i += 1;
                        }
                        let o = kind_ops(kind)?;
                        refuse_system(o)?;
                        apply_many(tx, s, o, id.as_deref(), &fields)?;
                    }
                    Op::Create { kind, fields } => {
                        let o = kind_ops(kind)?;
                        refuse_system(o)?;
                        create_or_complete(tx, s, o, fields)?;
                        i += 1;
                    }
                }
            }
            Ok(())
        })
    }

    /// Supprime un enregistrement (une trace est gardée pour la fusion des contributions).
    pub fn delete_record(&mut self, kind: RecordKind, id: &str) -> Result<()> {
        let o = kind_ops(kind.as_str())?;
        let standard = parse_uuid(id)
            .ok()
            .is_some_and(|u| o.implicit_json(u).is_some());
        if o.singleton() || standard || !o.editable() {
            return Err(ServiceError::new(
                "suppression.impossible",
                format!(
                    "« {} » ne se supprime pas{}.",
                    o.label(),
                    if standard {
                        " : effacez plutôt ses dates"
                    } else {
                        ""
                    }
                ),
            ));
        }
        self.write(|tx, s| {
            records::soft_delete(tx, s, id, o.kind())?;
            delete_owned(tx, s, o.kind(), id)
        })
    }

    /// Déplace un enregistrement à la position `to_index` (0 = en tête).
    pub fn move_record(&mut self, kind: RecordKind, id: &str, to_index: usize) -> Result<()> {
        let o = kind_ops(kind.as_str())?;
        self.write(|tx, s| {
            let mut ids: Vec<String> = records::load_kind(tx, o.kind())?
                .into_iter()
                .map(|r| r.id)
                .collect();
            let from = ids.iter().position(|x| x == id).ok_or_else(missing)?;
            let moved = ids.remove(from);
            ids.insert(to_index.min(ids.len()), moved);
            for (i, rid) in ids.iter().enumerate() {
                records::set_position(tx, rid, i as i64)?;
            }
            records::journal(
                tx,
                s,
                id,
                o.kind(),
                "move",
                None,
                Some(&from.to_string()),
                Some(&to_index.to_string()),
            )
        })
    }

    /// Remplace tout le contenu du dossier (import JSON), en une transaction. Les
    /// enregistrements sont appariés par identifiant ; ceux qui disparaissent sont supprimés.
    /// Les types inconnus du registre (clauses du contrat…) ne sont pas touchés.
    pub fn replace_content(&mut self, new: &Dossier) -> Result<()> {
        self.write_reload(|tx, s| {
            for o in registry() {
                replace_kind(tx, s, *o, new)?;
            }
            Ok(())
        })
    }
}
