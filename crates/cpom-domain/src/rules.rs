//! Outil commun aux règles : un collecteur de points (erreur, avertissement, information),
//! chacun avec sa règle, son chemin de champ, son message français et sa source.

use crate::validation::{Issue, Severity};

#[derive(Debug, Default)]
pub struct Collector(pub Vec<Issue>);

impl Collector {
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
            source: source.into(),
        });
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
