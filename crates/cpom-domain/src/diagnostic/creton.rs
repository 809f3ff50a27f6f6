//! Annexe 2-F — activité des plus de 20 ans en situation d'amendement Creton : par ESMS et par
//! mode d'accueil (internat / semi-internat), le nombre de personnes selon leur orientation
//! (ESAT, MAS, FAM, foyer de vie) au 31/12/N-1 (guide PdL L625-L629). La nomenclature de 2017
//! renomme FAM en EAM et foyer de vie en EANM : les deux libellés sont donnés.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::editable::{Editable, unknown};
use crate::error::FieldError;
use crate::fields::{count, uuid};

pub const ORIENTATIONS: [(&str, &str); 4] = [
    ("esat", "ESAT"),
    ("mas", "MAS"),
    ("fam_eam", "FAM / EAM"),
    ("foyer_vie_eanm", "Foyer de vie / EANM"),
];

pub const MODES: [(&str, &str); 2] = [("internat", "Internat"), ("semi_internat", "Semi-internat")];

/// Les effectifs d'un mode d'accueil, par orientation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct CretonLigne {
    pub esat: Option<u32>,
    pub mas: Option<u32>,
    pub fam_eam: Option<u32>,
    pub foyer_vie_eanm: Option<u32>,
}

impl CretonLigne {
    fn slot(&mut self, o: &str) -> Option<&mut Option<u32>> {
        match o {
            "esat" => Some(&mut self.esat),
            "mas" => Some(&mut self.mas),
            "fam_eam" => Some(&mut self.fam_eam),
            "foyer_vie_eanm" => Some(&mut self.foyer_vie_eanm),
            _ => None,
        }
    }
    pub fn get(&self, o: &str) -> u32 {
        match o {
            "esat" => self.esat,
            "mas" => self.mas,
            "fam_eam" => self.fam_eam,
            "foyer_vie_eanm" => self.foyer_vie_eanm,
            _ => None,
        }
        .unwrap_or(0)
    }
    pub fn total(&self) -> u32 {
        ORIENTATIONS.iter().map(|(o, _)| self.get(o)).sum()
    }
}

/// Les jeunes adultes en amendement Creton d'un ESMS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Creton {
    pub id: Uuid,
    pub esms: Option<Uuid>,
    pub internat: CretonLigne,
    pub semi_internat: CretonLigne,
}

impl Creton {
    pub fn mode(&self, m: &str) -> Option<&CretonLigne> {
        match m {
            "internat" => Some(&self.internat),
            "semi_internat" => Some(&self.semi_internat),
            _ => None,
        }
    }
    pub fn total(&self) -> u32 {
        self.internat.total() + self.semi_internat.total()
    }
}

impl Editable for Creton {
    const KIND: &'static str = "creton";
    const PATH: &'static str = "diagnostic.creton";
    const LABEL: &'static str = "Amendement Creton";
    const KEY_FIELDS: &'static [&'static str] = &["esms"];
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn unique_key(&self) -> Option<String> {
        self.esms.map(|e| e.to_string())
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.creton.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.creton.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        if field == "esms" {
            self.esms = uuid(field, v)?;
            return Ok(());
        }
        let (mode, o) = field.split_once('.').ok_or_else(|| unknown(field))?;
        let line = match mode {
            "internat" => &mut self.internat,
            "semi_internat" => &mut self.semi_internat,
            _ => return Err(unknown(field)),
        };
        *line.slot(o).ok_or_else(|| unknown(field))? = count(field, v, 10_000)?;
        Ok(())
    }
}

/// Les totaux de l'annexe 2-F.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TotauxCreton {
    /// Total par ESMS (identifiant de l'enregistrement → total).
    #[ts(type = "Record<string, number>")]
    pub par_enregistrement: BTreeMap<Uuid, u32>,
    /// Par mode d'accueil puis orientation.
    #[ts(type = "Record<string, Record<string, number>>")]
    pub par_mode: BTreeMap<String, BTreeMap<String, u32>>,
    #[ts(type = "Record<string, number>")]
    pub par_orientation: BTreeMap<String, u32>,
    pub total: u32,
}

/// Totaux sur les ESMS du périmètre.
pub fn totaux(d: &Dossier) -> TotauxCreton {
    let inside = |c: &&Creton| c.esms.is_some_and(|id| d.perimetre().any(|e| e.id == id));
    let rows: Vec<&Creton> = d.diagnostic.creton.iter().filter(inside).collect();
    let mut par_mode: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut par_orientation: BTreeMap<String, u32> = BTreeMap::new();
    for c in &rows {
        for (m, _) in MODES {
            let line = c.mode(m).copied().unwrap_or_default();
            for (o, _) in ORIENTATIONS {
                *par_mode
                    .entry(m.to_string())
                    .or_default()
                    .entry(o.to_string())
                    .or_default() += line.get(o);
                *par_orientation.entry(o.to_string()).or_default() += line.get(o);
            }
        }
    }
    TotauxCreton {
        par_enregistrement: rows.iter().map(|c| (c.id, c.total())).collect(),
        total: par_orientation.values().sum(),
        par_mode,
        par_orientation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Esms;
    use serde_json::json;

    #[test]
    fn creton_totals_by_mode_orientation_and_esms() {
        let mut d = Dossier::default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        d.esms.push(Esms::new(a));
        d.esms.push(Esms::new(b));
        let mut ca = Creton::blank(Uuid::from_u128(10));
        ca.set_field("esms", &json!(a.to_string())).unwrap();
        ca.set_field("internat.mas", &json!("2")).unwrap();
        ca.set_field("internat.fam_eam", &json!(1)).unwrap();
        ca.set_field("semi_internat.esat", &json!("3")).unwrap();
        let mut cb = Creton::blank(Uuid::from_u128(11));
        cb.set_field("esms", &json!(b.to_string())).unwrap();
        cb.set_field("semi_internat.esat", &json!("1")).unwrap();
        cb.set_field("semi_internat.foyer_vie_eanm", &json!("4"))
            .unwrap();
        d.diagnostic.creton = vec![ca.clone(), cb];
        let t = totaux(&d);
        assert_eq!(t.total, 11);
        assert_eq!(t.par_enregistrement[&ca.id], 6);
        assert_eq!(t.par_mode["internat"]["mas"], 2);
        assert_eq!(t.par_mode["semi_internat"]["esat"], 4);
        assert_eq!(t.par_orientation["esat"], 4);
        assert_eq!(t.par_orientation["foyer_vie_eanm"], 4);
        // Un ESMS sorti du périmètre ne compte plus.
        d.esms[1].dans_perimetre = false;
        assert_eq!(totaux(&d).total, 6);
        assert_eq!(
            ca.set_field("internat.ehpad", &json!("1"))
                .unwrap_err()
                .code,
            "champ.inconnu"
        );
        assert_eq!(
            ca.set_field("internat.mas", &json!("-1")).unwrap_err().code,
            "nombre.negatif"
        );
    }
}
