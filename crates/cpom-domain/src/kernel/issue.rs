//! Les points d'un rapport (erreur, avertissement, information), chacun avec sa règle, son
//! chemin de champ, son message français et sa source ; le collecteur qu'emploient toutes les
//! règles ; le refus d'une opération.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    /// Bloque la validation de l'étape et la signature.
    Erreur,
    Avertissement,
    Information,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Erreur => "Erreur",
            Self::Avertissement => "Avertissement",
            Self::Information => "Information",
        }
    }
}

/// Un point du rapport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Issue {
    pub severity: Severity,
    /// Identifiant stable de la règle (« V07 », « ESMS-FINESS »…).
    pub rule: String,
    /// Chemin du champ concerné.
    pub path: String,
    pub message: String,
    /// D'où vient la règle, telle que l'utilisateur la lit : titre du document et partie
    /// (jamais de ligne ni de code interne ; voir `kernel/sources.rs`).
    pub source: String,
    /// Une valeur obligatoire pas encore saisie (champ vide, étape pas commencée) : bloque
    /// comme une erreur, mais l'interface l'affiche calmement « à compléter » (un dossier neuf
    /// n'est pas « en erreur »).
    pub a_completer: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Report {
    pub issues: Vec<Issue>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    /// Trie les points (erreurs d'abord) et les compte.
    pub fn from_issues(mut issues: Vec<Issue>) -> Self {
        issues.sort_by_key(|i| i.severity);
        let n = |s: Severity| issues.iter().filter(|i| i.severity == s).count();
        Self {
            errors: n(Severity::Erreur),
            warnings: n(Severity::Avertissement),
            infos: n(Severity::Information),
            issues,
        }
    }
}

#[derive(Debug, Default)]
pub struct Collector(pub Vec<Issue>);

impl Collector {
    /// Ajoute un point ; `source` est écrite pour les mainteneurs (« dgcs L1528-L1532 ») et
    /// rendue lisible ici ([`crate::kernel::sources::cite`]).
    pub fn push(
        &mut self,
        severity: Severity,
        rule: &str,
        path: impl Into<String>,
        message: impl Into<String>,
        source: &str,
    ) {
        self.0.push(Issue {
            severity,
            rule: rule.into(),
            path: path.into(),
            message: message.into(),
            source: {
                debug_assert!(
                    crate::kernel::sources::cites_a_document(source),
                    "règle {rule} : la source « {source} » ne passe pas par kernel/sources.rs"
                );
                debug_assert!(
                    crate::kernel::sources::check(source).is_ok(),
                    "règle {rule} : {:?}",
                    crate::kernel::sources::check(source)
                );
                crate::kernel::sources::cite(source)
            },
            a_completer: false,
        });
    }
    /// Comme `push`, mais une erreur y est « à compléter » (valeur obligatoire absente) ;
    /// pour une règle dont la gravité dépend du référentiel régional.
    pub fn missing_as(
        &mut self,
        severity: Severity,
        rule: &str,
        path: impl Into<String>,
        msg: impl Into<String>,
        src: &str,
    ) {
        let blocking = severity == Severity::Erreur;
        self.push(severity, rule, path, msg, src);
        if let Some(last) = self.0.last_mut() {
            last.a_completer = blocking;
        }
    }
    /// Une valeur obligatoire absente : erreur bloquante « à compléter ».
    pub fn missing(
        &mut self,
        rule: &str,
        path: impl Into<String>,
        msg: impl Into<String>,
        src: &str,
    ) {
        self.push(Severity::Erreur, rule, path, msg, src);
        if let Some(last) = self.0.last_mut() {
            last.a_completer = true;
        }
    }
    pub fn error(
        &mut self,
        rule: &str,
        path: impl Into<String>,
        msg: impl Into<String>,
        src: &str,
    ) {
        self.push(Severity::Erreur, rule, path, msg, src);
    }
    pub fn warn(&mut self, rule: &str, path: impl Into<String>, msg: impl Into<String>, src: &str) {
        self.push(Severity::Avertissement, rule, path, msg, src);
    }
    pub fn info(&mut self, rule: &str, path: impl Into<String>, msg: impl Into<String>, src: &str) {
        self.push(Severity::Information, rule, path, msg, src);
    }
}

/// Un refus (valider, acquitter) : code stable, message français, champ à montrer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    pub chemin: Option<String>,
}
