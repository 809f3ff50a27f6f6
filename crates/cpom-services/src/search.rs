//! La recherche (Ctrl+K) dans le dossier ouvert : ESMS par nom ou FINESS, fiches-objectifs,
//! actions, indicateurs, questions du diagnostic. Chaque résultat porte le chemin du champ où
//! aller. (Les champs cherchés par leur libellé le sont dans l'interface, qui porte les
//! libellés.) Sans accents ni casse : « etablissement » trouve « Établissement ».

use cpom_domain::diagnostic::calc::scopes;
use cpom_domain::diagnostic::catalogue::{AxeActif, axes_actifs};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::session::Session;

/// Ce qu'un résultat désigne.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchKind {
    Esms,
    Fiche,
    Action,
    Indicateur,
    Question,
}

impl SearchKind {
    fn label(self) -> &'static str {
        match self {
            Self::Esms => "ESMS",
            Self::Fiche => "Fiche-objectif",
            Self::Action => "Action",
            Self::Indicateur => "Indicateur",
            Self::Question => "Question du diagnostic",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// « ESMS », « Fiche-objectif »…
    pub kind_label: String,
    pub title: String,
    /// Précision : FINESS et catégorie, fiche d'une action, axe d'une question.
    pub detail: String,
    /// Le champ où aller.
    pub path: String,
}

/// Minuscules sans accents, espaces réduits (comparaison de recherche).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '’' => '\'',
            'œ' => {
                out.push('o');
                'e'
            }
            c if c.is_whitespace() => ' ',
            c => c,
        };
        out.push(base);
    }
    out
}

/// Tous les mots de la requête sont dans le texte (dans n'importe quel ordre).
fn matches(words: &[String], text: &str) -> bool {
    let t = fold(text);
    words.iter().all(|w| t.contains(w.as_str()))
}

const LIMIT: usize = 40;

impl Session {
    /// Les résultats de la recherche `query` (au plus 40), dans l'ordre : ESMS, fiches,
    /// actions, indicateurs, questions.
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>> {
        let words: Vec<String> = fold(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let d = self.snapshot()?.dossier;
        let mut hits = Vec::new();
        let mut hit = |kind: SearchKind, title: String, detail: String, path: String| {
            hits.push(SearchHit {
                kind,
                kind_label: kind.label().into(),
                title,
                detail,
                path,
            });
        };
        for e in &d.esms {
            let finess = e.finess_et.clone().unwrap_or_default();
            let by_finess = digits.len() >= 3 && finess.contains(&digits);
            if by_finess || matches(&words, &format!("{} {finess}", e.nom)) {
                let path = if by_finess && !matches(&words, &e.nom) {
                    format!("esms.{}.finess_et", e.id)
                } else {
                    format!("esms.{}.nom", e.id)
                };
                let detail = if finess.is_empty() {
                    String::new()
                } else {
                    format!("FINESS {finess}")
                };
                hit(SearchKind::Esms, e.nom.clone(), detail, path);
            }
        }
        let numero = |id| {
            d.objectifs
                .objectifs
                .iter()
                .position(|o| o.id == id)
                .map(|n| n + 1)
        };
        for (n, o) in d.objectifs.objectifs.iter().enumerate() {
            if matches(&words, &o.titre) {
                hit(
                    SearchKind::Fiche,
                    o.titre.clone(),
                    format!("Fiche n° {}", n + 1),
                    format!("objectifs.objectifs.{}.titre", o.id),
                );
            }
        }
        for a in &d.objectifs.actions {
            if matches(&words, &a.libelle) {
                let fiche = numero(a.objectif).map_or(String::new(), |n| format!("Fiche n° {n}"));
                hit(
                    SearchKind::Action,
                    a.libelle.clone(),
                    fiche,
                    format!("objectifs.actions.{}.libelle", a.id),
                );
            }
        }
        for i in &d.objectifs.indicateurs {
            if matches(&words, &i.libelle) {
                let fiche = numero(i.objectif).map_or(String::new(), |n| format!("Fiche n° {n}"));
                hit(
                    SearchKind::Indicateur,
                    i.libelle.clone(),
                    fiche,
                    format!("objectifs.indicateurs.{}.libelle", i.id),
                );
            }
        }
        // Les axes des catalogues du référentiel régional du dossier ; un axe sans ESMS de
        // son secteur au périmètre n'est pas affiché.
        for AxeActif { axe, secteurs } in axes_actifs(&d) {
            let Some(scope) = scopes(&d, axe, secteurs).into_iter().next() else {
                continue;
            };
            for theme in &axe.themes {
                for q in &theme.questions {
                    if matches(&words, &q.libelle) {
                        let path = match scope {
                            Some(e) => format!("diagnostic.questions.{}.{}", q.id, e.id),
                            None => format!("diagnostic.questions.{}", q.id),
                        };
                        hit(
                            SearchKind::Question,
                            q.libelle.clone(),
                            format!("Axe {} — {}", axe.code, theme.titre),
                            path,
                        );
                    }
                }
            }
        }
        hits.truncate(LIMIT);
        Ok(hits)
    }
}
