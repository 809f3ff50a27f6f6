//! La réouverture automatique : une étape validée qu'une écriture rend fautive (une erreur
//! bloquante apparaît) est rouverte dans la même transaction, avec la règle et le champ en
//! cause. Règle : `cpom_domain::steps::engine::to_reopen`.

use chrono::NaiveDate;
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::etapes::{Reouverture, StepId, ValidationEtape};
use cpom_domain::kernel::issue::Issue;
use cpom_domain::record::table::RecordKind;
use cpom_domain::steps::engine::to_reopen_among;
use cpom_domain::steps::reads::steps_affected;
use rusqlite::Transaction;

use crate::error::Result;
use crate::store::edit::{find, save};
use crate::store::records::Stamp;

/// Rouvre les étapes validées qui ont désormais une erreur bloquante (`after` : le dossier
/// après l'écriture). Seules les étapes dont les règles lisent l'un des types `touched`
/// (`cpom_domain::steps::reads`) sont revérifiées : les autres n'ont pas pu changer.
/// Renvoie vrai si une étape a été rouverte, et les points calculés des étapes vérifiées
/// (les règles ne dépendent pas des validations : la vue les reprend).
#[allow(clippy::type_complexity)]
pub fn reopen_if_needed(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    after: &Dossier,
    today: NaiveDate,
    touched: &[RecordKind],
) -> Result<(bool, Vec<(StepId, Vec<Issue>)>)> {
    if !after.etapes.validations.iter().any(|v| v.valide) {
        return Ok((false, Vec::new()));
    }
    let steps = steps_affected(touched);
    let mut reopened = false;
    let (reopen, checked) = to_reopen_among(after, today, &steps);
    for (step, issue) in reopen {
        let Some((row, mut v)) = find::<ValidationEtape>(tx, |v| v.etape == step)? else {
            continue;
        };
        v.valide = false;
        v.reouverture = Some(Reouverture {
            le: s.at.to_string(),
            par: s.author.to_string(),
            automatique: true,
            regle: issue.rule,
            chemin: issue.path,
            motif: format!("Étape rouverte automatiquement : {}", issue.message),
        });
        save(tx, s, Some(&row), &v, "valide")?;
        reopened = true;
    }
    Ok((reopened, checked))
}
