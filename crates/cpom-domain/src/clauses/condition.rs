//! Le petit langage des conditions des modèles de contrat (`"si": "tripartite et non ehpad"`).
//!
//! Grammaire (mots-clés français, insensibles à la casse) :
//! ```text
//! expr   := terme ( "ou" terme )*
//! terme  := facteur ( "et" facteur )*
//! facteur:= "non" facteur | "(" expr ")" | fait
//! fait   := [a-z0-9_]+          (voir [`FAITS`])
//! ```
//! Un fait inconnu est une erreur de modèle, détectée au chargement (et par les tests).

use std::collections::BTreeSet;

/// Les faits qu'une condition peut tester, avec leur définition (documentée dans
/// `assets/contracts/README.md`).
pub const FAITS: [(&str, &str); 36] = [
    ("bipartite", "deux signataires (organisme + une autorité)"),
    (
        "tripartite",
        "au moins trois signataires (un conseil départemental signe avec l'ARS)",
    ),
    (
        "multipartite",
        "plus de trois signataires (plusieurs départements)",
    ),
    ("ars", "l'ARS signe le contrat"),
    ("cd", "au moins un conseil départemental signe le contrat"),
    (
        "ehpad",
        "un EHPAD ou une PUV est au périmètre (régime IV ter L. 313-12)",
    ),
    (
        "ph",
        "un ESMS pour personnes handicapées (enfance ou adultes) est au périmètre",
    ),
    ("pa", "un ESMS pour personnes âgées est au périmètre"),
    ("enfance", "un ESMS du secteur enfance est au périmètre"),
    ("adultes", "un ESMS du secteur adultes est au périmètre"),
    (
        "esat",
        "un ESAT est au périmètre (budgets de production et de commercialisation)",
    ),
    (
        "creton",
        "un établissement pour enfants (internat ou semi-internat) est au périmètre : des jeunes adultes peuvent y être maintenus au titre de l'amendement Creton",
    ),
    (
        "tsa",
        "le public d'un ESMS du périmètre mentionne l'autisme (TSA)",
    ),
    (
        "habilitation_aide_sociale",
        "au moins un ESMS est habilité à l'aide sociale départementale",
    ),
    (
        "frais_de_siege",
        "le siège est autorisé à percevoir des frais de siège",
    ),
    (
        "frais_siege_integres",
        "les frais de siège sont intégrés au contrat (montant saisi)",
    ),
    (
        "frais_siege_etp",
        "le nombre et la catégorie des ETP financés par les frais de siège sont saisis",
    ),
    ("adhesions", "l'organisme adhère à au moins un groupement"),
    ("gcsms", "l'organisme adhère à un GCSMS"),
    ("ght", "l'organisme est associé à un GHT"),
    (
        "pluridepartemental",
        "le CPOM couvre plusieurs départements",
    ),
    (
        "base_l313_12_2",
        "base juridique : article L. 313-12-2 du CASF",
    ),
    (
        "base_iv_ter",
        "base juridique : IV ter de l'article L. 313-12 du CASF",
    ),
    ("base_l313_11", "base juridique : article L. 313-11 du CASF"),
    ("diagnostic", "la synthèse du diagnostic partagé est saisie"),
    (
        "indicateurs_flash",
        "des indicateurs FLASH (2-B) sont saisis pour le périmètre",
    ),
    (
        "indicateurs_anap",
        "des indicateurs ANAP (2-C) sont saisis pour le périmètre",
    ),
    (
        "indicateurs_complementaires",
        "des indicateurs complémentaires (2-D) sont saisis",
    ),
    (
        "diagnostic_financier",
        "des éléments du diagnostic budgétaire et financier (2-E) sont saisis",
    ),
    (
        "creton_saisi",
        "des jeunes adultes en amendement Creton (2-F) sont saisis pour le périmètre",
    ),
    (
        "puv",
        "une petite unité de vie (II de l'article L. 313-12) est au périmètre",
    ),
    (
        "residence_autonomie",
        "une résidence autonomie est au périmètre",
    ),
    (
        "l342_1",
        "un établissement relevant de l'article L. 342-1 est au périmètre",
    ),
    (
        "saad",
        "un service d'aide et d'accompagnement à domicile (SAA, SAAS) est au périmètre",
    ),
    (
        "reprise_resultats",
        "le contrat maintient la reprise des résultats par l'autorité de tarification (article R. 314-43)",
    ),
    (
        "ctp",
        "une convention tripartite d'un EHPAD du périmètre est renseignée (article 8 : le contrat y met fin)",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    Fait(String),
    Non(Box<Cond>),
    Et(Box<Cond>, Box<Cond>),
    Ou(Box<Cond>, Box<Cond>),
}

impl Cond {
    /// Évalue la condition avec l'ensemble des faits vrais.
    pub fn eval(&self, vrais: &BTreeSet<&str>) -> bool {
        match self {
            Self::Fait(f) => vrais.contains(f.as_str()),
            Self::Non(c) => !c.eval(vrais),
            Self::Et(a, b) => a.eval(vrais) && b.eval(vrais),
            Self::Ou(a, b) => a.eval(vrais) || b.eval(vrais),
        }
    }
}

fn tokens(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in src.chars() {
        if c == '(' || c == ')' || c.is_whitespace() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        } else {
            cur.extend(c.to_lowercase());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

struct Parser {
    toks: Vec<String>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }
    fn next(&mut self) -> Option<String> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn expr(&mut self) -> Result<Cond, String> {
        let mut left = self.terme()?;
        while self.peek() == Some("ou") {
            self.pos += 1;
            left = Cond::Ou(Box::new(left), Box::new(self.terme()?));
        }
        Ok(left)
    }
    fn terme(&mut self) -> Result<Cond, String> {
        let mut left = self.facteur()?;
        while self.peek() == Some("et") {
            self.pos += 1;
            left = Cond::Et(Box::new(left), Box::new(self.facteur()?));
        }
        Ok(left)
    }
    fn facteur(&mut self) -> Result<Cond, String> {
        match self.next().as_deref() {
            Some("non") => Ok(Cond::Non(Box::new(self.facteur()?))),
            Some("(") => {
                let e = self.expr()?;
                match self.next().as_deref() {
                    Some(")") => Ok(e),
                    _ => Err("parenthèse fermante attendue".into()),
                }
            }
            Some(f) if FAITS.iter().any(|(k, _)| *k == f) => Ok(Cond::Fait(f.to_string())),
            Some(f) => Err(format!("fait inconnu « {f} »")),
            None => Err("condition incomplète".into()),
        }
    }
}

/// Analyse une condition ; l'erreur dit ce qui ne va pas, en français.
pub fn parse(src: &str) -> Result<Cond, String> {
    let mut p = Parser {
        toks: tokens(src),
        pos: 0,
    };
    let c = p.expr()?;
    match p.peek() {
        None => Ok(c),
        Some(t) => Err(format!("« {t} » inattendu dans la condition « {src} »")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(v: &[&'static str]) -> BTreeSet<&'static str> {
        v.iter().copied().collect()
    }

    #[test]
    fn parses_and_evaluates() {
        let c = parse("tripartite et non ehpad").unwrap();
        assert!(c.eval(&facts(&["tripartite", "ph"])));
        assert!(!c.eval(&facts(&["tripartite", "ehpad"])));
        let c = parse("(cd ou ars) et NON frais_de_siege").unwrap();
        assert!(c.eval(&facts(&["ars"])));
        assert!(!c.eval(&facts(&["ars", "frais_de_siege"])));
        // « et » est prioritaire sur « ou ».
        let c = parse("ehpad ou ph et creton").unwrap();
        assert!(c.eval(&facts(&["ehpad"])));
        assert!(!c.eval(&facts(&["ph"])));
    }

    #[test]
    fn errors_are_explained() {
        assert!(parse("tripartie").unwrap_err().contains("tripartie"));
        assert!(parse("(ehpad").unwrap_err().contains("parenthèse"));
        assert!(parse("ehpad ph").unwrap_err().contains("ph"));
        assert!(parse("").is_err());
    }
}
