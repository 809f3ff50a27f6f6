//! « Préparer le renouvellement » : le dossier du contrat suivant, prêt pour un nouveau
//! lancement. Il reprend l'organisme, ses adhésions et le périmètre en vigueur, la base
//! juridique, la région et les départements ; la date d'effet suit la fin de la période en
//! cours. Le bilan du contrat écoulé devient une source du nouveau diagnostic (instruction
//! DGCS, seed 000 L1696-L1701 : le dernier dialogue « aide à la formalisation du diagnostic
//! partagé du futur CPOM » ; guide PdL, seed 002 L419-L421 : le bilan final « viendra
//! alimenter le diagnostic du renouvellement » ; guide ANAP, seed 004 L1834-L1842) : chaque
//! objectif précédent, son appréciation, ses indicateurs réalisés et l'explication des
//! écarts deviennent des éléments de la synthèse du diagnostic, à reprendre ou écarter.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::diagnostic::{ElementSynthese, NatureSynthese, SourceDiagnostic, TypeSource};
use crate::dossier::suivi::{Appreciation, NatureBilan};
use crate::kernel::format;
use crate::suivi::calc::{annees_suivies, periode, revue, situation};
use crate::suivi::versions::en_vigueur;

fn valeur(x: Option<rust_decimal::Decimal>, unite: &str) -> String {
    match x {
        None => "—".into(),
        Some(v) if unite.trim() == "%" => format!("{} %", format::decimal_trim(v)),
        Some(v) if unite.trim().is_empty() => format::decimal_trim(v),
        Some(v) => format!("{} {}", format::decimal_trim(v), unite.trim()),
    }
}

/// Le dossier du contrat suivant (`source` : le nom du dossier signé, cité comme source).
pub fn dossier_de_renouvellement(
    d: &Dossier,
    today: NaiveDate,
    source: &str,
    next_id: &mut dyn FnMut() -> Uuid,
) -> Dossier {
    let v = en_vigueur(d);
    let s = situation(d, today);
    let periode_txt = crate::perimetre::calc::derived(&v)
        .periode
        .map_or("CPOM précédent".to_string(), |p| format!("CPOM {p}"));
    let mut n = Dossier {
        organisme: v.organisme.clone(),
        adhesions: v.adhesions.clone(),
        esms: v.esms.clone(),
        ..Dossier::default()
    };
    n.cpom.base_juridique = v.cpom.base_juridique;
    n.cpom.region = v.cpom.region.clone();
    n.cpom.departements = v.cpom.departements.clone();
    n.cpom.duree_annees = v.cpom.duree_annees;
    n.cpom.date_effet = s
        .fin_periode
        .or(periode(&v).map(|p| p.echeance))
        .and_then(|f| f.succ_opt());
    // La source : le bilan du contrat écoulé.
    let bilan = d
        .suivi_contrat
        .bilans
        .iter()
        .find(|b| b.nature == NatureBilan::Final)
        .or_else(|| d.suivi_contrat.bilans.first());
    n.diagnostic.sources.push(SourceDiagnostic {
        id: next_id(),
        type_source: TypeSource::BilanCpomPrecedent,
        libelle: format!(
            "Bilan du {periode_txt}{}",
            bilan.map_or(String::new(), |b| format!(
                " ({})",
                b.nature.label().to_lowercase()
            ))
        ),
        date: Some(today),
        reference: format!(
            "Dossier signé « {source} » : revues des objectifs, dialogues de gestion, bilans"
        ),
        esms: None,
    });
    // Chaque objectif précédent et son résultat, à la dernière année revue.
    let last = annees_suivies(d, today)
        .iter()
        .map(|x| x.0)
        .filter(|k| {
            revue(d, *k).objectifs.iter().any(|o| {
                o.appreciation.is_some() || o.indicateurs.iter().any(|i| i.valeur.is_some())
            })
        })
        .max();
    if let Some(k) = last {
        let r = revue(d, k);
        for o in &r.objectifs {
            let nature = match o.appreciation {
                Some(Appreciation::Atteint) => NatureSynthese::PointFort,
                Some(Appreciation::EnRetard | Appreciation::NonAtteint) => {
                    NatureSynthese::PointAmelioration
                }
                _ => NatureSynthese::Constat,
            };
            let mut texte = format!(
                "{periode_txt}, objectif {} « {} » : {} en {}.",
                o.numero,
                o.titre,
                o.appreciation
                    .map_or("non apprécié".to_string(), |a| a.label().to_lowercase()),
                r.exercice
            );
            for i in &o.indicateurs {
                texte.push_str(&format!(
                    " {} : {} à la signature, {} réalisé (cible finale {}).",
                    i.libelle,
                    valeur(i.valeur_initiale, &i.unite),
                    valeur(i.valeur, &i.unite),
                    valeur(i.cible_finale, &i.unite)
                ));
            }
            // Les écarts expliqués de toutes les années revues.
            for y in 1..=k {
                let ry = revue(d, y);
                if let Some(x) = ry.objectifs.iter().find(|x| x.id == o.id)
                    && !x.explication.trim().is_empty()
                {
                    texte.push_str(&format!(
                        " Écart expliqué (exercice {}) : {}",
                        ry.exercice,
                        x.explication.trim()
                    ));
                }
            }
            let esms = v
                .objectifs
                .objectifs
                .iter()
                .find(|x| x.id == o.id)
                .map(|x| x.esms.clone())
                .unwrap_or_default();
            n.diagnostic.synthese.push(ElementSynthese {
                id: next_id(),
                nature,
                texte,
                axe: None,
                esms,
            });
        }
    }
    if let Some(b) = bilan {
        for (nature, t) in [
            (NatureSynthese::Constat, &b.resultats),
            (NatureSynthese::PointAmelioration, &b.difficultes),
            (NatureSynthese::Enjeu, &b.priorites),
        ] {
            if !t.trim().is_empty() {
                n.diagnostic.synthese.push(ElementSynthese {
                    id: next_id(),
                    nature,
                    texte: format!("{} du {periode_txt} : {}", b.nature.label(), t.trim()),
                    axe: None,
                    esms: Vec::new(),
                });
            }
        }
    }
    n.fill_implicit();
    n
}
