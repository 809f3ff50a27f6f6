//! Le format des modèles de classeur (`assets/templates/<id>/v<version>.json`, décrit dans
//! `assets/README.md`) : feuilles dans l'ordre, blocs (titres, libellés, liens internes,
//! champs liés, tableaux à lignes répétées, grilles, questionnaires du catalogue), listes
//! déroulantes, largeurs, mise en page. Le même descripteur pilote l'export et l'import.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

pub const FORMAT: &str = "atelier-cpom/modele-classeur";

/// Les modèles embarqués : (identifiant, version, JSON).
const EMBEDDED: [(&str, u32, &str); 6] = [
    (
        "socle-national",
        1,
        include_str!("../../../../assets/templates/socle-national/v1.json"),
    ),
    (
        "socle-national",
        2,
        include_str!("../../../../assets/templates/socle-national/v2.json"),
    ),
    (
        "pdl-diagnostic",
        1,
        include_str!("../../../../assets/templates/pdl-diagnostic/v1.json"),
    ),
    (
        "pdl-diagnostic",
        2,
        include_str!("../../../../assets/templates/pdl-diagnostic/v2.json"),
    ),
    (
        "suivi-objectifs",
        1,
        include_str!("../../../../assets/templates/suivi-objectifs/v1.json"),
    ),
    (
        "suivi-objectifs",
        2,
        include_str!("../../../../assets/templates/suivi-objectifs/v2.json"),
    ),
];

/// Le modèle proposé quand le référentiel régional du dossier n'est pas connu ; sinon,
/// le premier modèle de classeur de son pack (`assets/packs/`).
pub const DEFAULT_TEMPLATE: &str = "socle-national";

#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    pub format: String,
    pub id: String,
    pub version: u32,
    pub titre: String,
    pub source: String,
    #[serde(default)]
    pub listes: BTreeMap<String, ListeDef>,
    pub feuilles: Vec<Feuille>,
}

/// Une liste déroulante décrite dans le modèle : (code, libellé affiché).
#[derive(Debug, Clone, Deserialize)]
pub struct ListeDef {
    pub source: String,
    pub valeurs: Vec<(String, String)>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Feuille {
    pub nom: String,
    /// Largeur des colonnes (« B » → 40).
    #[serde(default)]
    pub largeurs: BTreeMap<String, f64>,
    #[serde(default)]
    pub impression: Impression,
    pub blocs: Vec<Bloc>,
}

/// Mise en page : A4, ajusté à la largeur, lignes d'en-tête répétées (numéros de ligne 1…).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Impression {
    #[serde(default)]
    pub paysage: bool,
    #[serde(default)]
    pub lignes_repetees: Option<(u32, u32)>,
}

/// Comment une valeur s'écrit dans une cellule et se relit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Texte,
    Entier,
    Decimal,
    Euros,
    Pourcentage,
    /// Indicateur calculé de l'annexe 2-D : pourcentage ou ratio selon la ligne.
    Ratio,
    Date,
    Annee,
    /// Un code d'une liste, affiché par son libellé.
    Choix,
    /// Oui / Non.
    Booleen,
    /// Un ESMS du périmètre, affiché par son FINESS géographique.
    Esms,
    /// Cases à cocher d'une question : libellés séparés par « ; ».
    Cases,
}

impl Format {
    /// Le format de nombre Excel (codes indépendants de la langue : Excel et LibreOffice
    /// affichent « 1 234,56 € » en français).
    pub fn num_format(self) -> &'static str {
        match self {
            Self::Entier => "#,##0",
            Self::Decimal => "#,##0.0##",
            Self::Euros => "#,##0.00\\ \"€\"",
            Self::Pourcentage => "0.00%",
            Self::Ratio => "0.0000",
            Self::Date => "dd/mm/yyyy",
            Self::Annee => "0",
            _ => "@",
        }
    }
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Self::Entier
                | Self::Decimal
                | Self::Euros
                | Self::Pourcentage
                | Self::Ratio
                | Self::Annee
        )
    }
    /// Ce qui est attendu dans la cellule (messages d'erreur).
    pub fn expected(self) -> &'static str {
        match self {
            Self::Texte | Self::Cases => "un texte",
            Self::Entier | Self::Annee => "un nombre entier",
            Self::Decimal | Self::Pourcentage | Self::Ratio => "un nombre",
            Self::Euros => "un montant en euros",
            Self::Date => "une date (JJ/MM/AAAA)",
            Self::Choix => "une valeur de la liste déroulante",
            Self::Booleen => "« Oui » ou « Non »",
            Self::Esms => "le FINESS géographique d'un ESMS du périmètre",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Bloc {
    /// Titre (fusionné jusqu'à `jusqua`).
    Titre {
        cellule: String,
        #[serde(default)]
        jusqua: Option<String>,
        texte: String,
        #[serde(default)]
        style: Option<String>,
    },
    Texte {
        cellule: String,
        texte: String,
        #[serde(default)]
        style: Option<String>,
    },
    /// Lien interne vers une feuille (les « boutons » de l'onglet Accueil).
    Lien {
        cellule: String,
        feuille: String,
        texte: String,
    },
    /// Libellé en B, valeur liée en C (fusionnée jusqu'à `jusqua`).
    Champ {
        ligne: u32,
        libelle: String,
        /// « organisme.finess_ej », « finances.annee_negociation ».
        champ: String,
        format: Format,
        #[serde(default)]
        liste: Option<String>,
        #[serde(default)]
        jusqua: Option<String>,
        #[serde(default)]
        hauteur: Option<f64>,
    },
    /// Une information sur le fichier lui-même (année d'un fichier pré-rempli par l'ARS).
    Meta {
        ligne: u32,
        libelle: String,
        cle: String,
        format: Format,
    },
    /// Une ligne par élément d'une collection (ESMS, indicateurs…), clé cachée en `cle`.
    Tableau {
        ligne: u32,
        collection: String,
        cle: String,
        #[serde(default)]
        lignes_vides: u32,
        colonnes: Vec<Colonne>,
    },
    /// Les questions d'un axe du catalogue du diagnostic, une colonne par ESMS concerné ;
    /// `intitule` précède « Axe … » dans le titre (« Annexe 2-A » du guide PdL par défaut).
    Questionnaire {
        axe: String,
        ligne: u32,
        #[serde(default)]
        intitule: Option<String>,
    },
    /// Un tableau à double entrée (lignes × colonnes nommées), champ à gabarit.
    Grille {
        ligne: u32,
        titre: String,
        lignes: String,
        colonnes: String,
        /// « finances.resultats.{ligne}.{colonne} ».
        champ: String,
        format: Format,
        #[serde(default)]
        totaux: bool,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct Colonne {
    pub col: String,
    pub entete: String,
    /// Champ de l'enregistrement (« capacites.internat.autorisee »).
    #[serde(default)]
    pub champ: Option<String>,
    /// Valeur affichée seulement (« esms.nom », « source »).
    #[serde(default)]
    pub affiche: Option<String>,
    #[serde(default)]
    pub calcul: Option<Calcul>,
    pub format: Format,
    #[serde(default)]
    pub liste: Option<String>,
}

/// Une formule Excel dont l'application calcule aussi le résultat.
#[derive(Debug, Clone, Deserialize)]
pub struct Calcul {
    #[serde(default)]
    pub somme: Option<Vec<String>>,
    #[serde(default)]
    pub ratio: Option<(String, String)>,
    /// Colonne de la forme (pourcentage ou ratio) d'un ratio.
    #[serde(default)]
    pub forme: Option<String>,
}

static TEMPLATES: LazyLock<Vec<Template>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .map(|(id, v, json)| {
            let t: Template = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("modèle de classeur {id} v{v} illisible : {e}"));
            assert_eq!((t.id.as_str(), t.version), (*id, *v), "modèle {id}");
            t
        })
        .collect()
});

/// Tous les modèles embarqués.
pub fn templates() -> &'static [Template] {
    &TEMPLATES
}

/// Le modèle `id` dans sa dernière version, ou dans la version `version`.
pub fn template(id: &str, version: Option<u32>) -> Option<&'static Template> {
    templates()
        .iter()
        .filter(|t| t.id == id && version.is_none_or(|v| t.version == v))
        .max_by_key(|t| t.version)
}

/// « B » → 1 (colonnes numérotées à partir de 0).
pub fn col_index(letters: &str) -> Option<u16> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (c as u32 - 'A' as u32 + 1);
    }
    u16::try_from(n - 1).ok()
}

/// 1 → « B ».
pub fn col_name(mut col: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.iter().rev().collect()
}

/// « C5 » → (ligne 4, colonne 2), numérotées à partir de 0.
pub fn cell_index(a1: &str) -> Option<(u32, u16)> {
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col_index(letters)?))
}

/// (4, 2) → « C5 ».
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ce que le classeur montre (titres, notes, libellés, en-têtes, liens) se lit sans
    /// numéro de ligne ni fichier de travail ; seules les `source` des modèles (pour les
    /// mainteneurs) en citent.
    #[test]
    fn workbook_texts_shown_to_users_are_readable() {
        fn walk(v: &serde_json::Value, at: &str, bad: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, x) in m {
                        if k == "source" {
                            continue;
                        }
                        if let serde_json::Value::String(s) = x
                            && ["texte", "libelle", "entete", "intitule", "titre"]
                                .contains(&k.as_str())
                            && let Some(w) = crate::kernel::sources::unreadable(s)
                        {
                            bad.push(format!("{at} {k} : « {w} » dans « {s} »"));
                        }
                        walk(x, at, bad);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, at, bad)),
                _ => {}
            }
        }
        let mut bad = Vec::new();
        for (id, v, json) in EMBEDDED {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            walk(&value, &format!("{id} v{v}"), &mut bad);
        }
        assert!(bad.is_empty(), "{bad:#?}");
        // Le socle national porte, depuis sa version 2, les feuilles personnes âgées.
        let socle = template(DEFAULT_TEMPLATE, None).unwrap();
        assert_eq!(socle.version, 2);
        let names: Vec<&str> = socle.feuilles.iter().map(|f| f.nom.as_str()).collect();
        for want in [
            "Annexe 1 PA",
            "Axe PA Soins",
            "Annexe 5 Forfaits PA",
            "Annexe 5 Financements compl.",
        ] {
            assert!(names.contains(&want), "{want} : {names:?}");
        }
    }
}
