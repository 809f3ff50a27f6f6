//! La table des enregistrements et les opérations génériques.

use serde_json::Value;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::record::ops::{RecordError, at_path};
use crate::record::table::{KINDS, RecordKind, ops, registry};

#[test]
fn every_record_kind_has_one_entry() {
    let kinds: Vec<&str> = registry().iter().map(|o| o.kind()).collect();
    let mut dedup = kinds.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), kinds.len(), "types en double : {kinds:?}");
    let all: Vec<RecordKind> = serde_json::from_value(serde_json::json!(kinds)).unwrap();
    assert_eq!(all.len(), registry().len());
    // Autant d'entrées que de variantes : le registre et l'énumération se correspondent.
    assert_eq!(all.len(), variants().len());
    for k in variants() {
        let name = serde_json::to_value(k).unwrap();
        assert!(ops(name.as_str().unwrap()).is_some(), "{name}");
    }
    assert!(ops("inconnu").is_none());
}

#[test]
fn every_example_record_replays_through_its_field_setters() {
    let mut n = 0u128;
    let mut d = crate::example::example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    });
    d.fill_implicit();
    let mut rebuilt = Dossier::default();
    for o in registry() {
        for row in o.rows(&d) {
            o.check_import(&row.value)
                .unwrap_or_else(|(f, e)| panic!("{} {} : {f} {e:?}", o.kind(), row.id));
            o.attach(&mut rebuilt, row.id, &row.value.to_string())
                .unwrap();
        }
    }
    rebuilt.fill_implicit();
    assert_eq!(rebuilt, d, "lecture type par type = dossier d'origine");
}

/// Toutes les variantes ; le `match` exhaustif fait échouer la compilation si l'on en
/// ajoute une sans compléter cette liste.
fn variants() -> Vec<RecordKind> {
    use RecordKind::*;
    let all = vec![
        Organisme,
        Cpom,
        Esms,
        Adhesion,
        Accord,
        ContratLie,
        Engagement,
        Jalon,
        Acteur,
        ChecklistLancement,
        Reunion,
        Reponse,
        ThemeDiagnostic,
        Indicateur,
        IndicateurComplementaire,
        Finances,
        Creton,
        Synthese,
        SourceDiagnostic,
        Conformite,
        ReglagesObjectifs,
        Objectif,
        Action,
        IndicateurObjectif,
        Moyens,
        RepartitionDotation,
        BudgetReference,
        MoyensPa,
        FinancementComplementaire,
        VoletSaad,
        Affectation,
        Pgfp,
        OperationInvestissement,
        Suivi,
        Signatures,
        Clause,
        ValidationEtape,
        Acquittement,
        SuiviGeneral,
        Exercice,
        RealisationIndicateur,
        AvancementAction,
        AppreciationObjectif,
        ActiviteEsms,
        DialogueGestion,
        Saisine,
        EvaluationRealisee,
        Bilan,
        Avenant,
    ];
    for k in &all {
        match k {
            Organisme
            | Cpom
            | Esms
            | Adhesion
            | Accord
            | ContratLie
            | Engagement
            | Jalon
            | Acteur
            | ChecklistLancement
            | Reunion
            | Reponse
            | ThemeDiagnostic
            | Indicateur
            | IndicateurComplementaire
            | Finances
            | Creton
            | Synthese
            | SourceDiagnostic
            | Conformite
            | ReglagesObjectifs
            | Objectif
            | Action
            | IndicateurObjectif
            | Moyens
            | RepartitionDotation
            | BudgetReference
            | MoyensPa
            | FinancementComplementaire
            | VoletSaad
            | Affectation
            | Pgfp
            | OperationInvestissement
            | Suivi
            | Signatures
            | Clause
            | ValidationEtape
            | Acquittement
            | SuiviGeneral
            | Exercice
            | RealisationIndicateur
            | AvancementAction
            | AppreciationObjectif
            | ActiviteEsms
            | DialogueGestion
            | Saisine
            | EvaluationRealisee
            | Bilan
            | Avenant => {}
        }
    }
    all
}

#[test]
fn paths_into_lists_count_from_one() {
    let v = serde_json::json!({"realise": ["7", null, "9"], "a": {"b": 2}});
    assert_eq!(at_path(&v, "realise.1"), serde_json::json!("7"));
    assert_eq!(at_path(&v, "realise.3"), serde_json::json!("9"));
    assert_eq!(at_path(&v, "realise.0"), Value::Null);
    assert_eq!(at_path(&v, "a.b"), serde_json::json!(2));
    assert_eq!(at_path(&v, "a.c"), Value::Null);
}

#[test]
fn a_refused_value_reports_the_field_and_changes_nothing() {
    let o = ops("esms").unwrap();
    let id = Uuid::from_u128(7);
    let json = o.create(id, &[]).unwrap();
    let err = o
        .edit(&json, "finess_et", &serde_json::json!("440000000"))
        .unwrap_err();
    assert!(matches!(err, RecordError::Field(ref e) if e.code == "finess.cle"));
    let e = o.edit(&json, "nom", &serde_json::json!("IME")).unwrap();
    assert!(e.changed);
    assert_eq!(e.new, serde_json::json!("IME"));
    assert_eq!(o.path(id), format!("esms.{id}"));
    assert_eq!(ops("organisme").unwrap().path(id), "organisme");
}

/// La table TypeScript de l'interface (`ui/src/bindings/recordTable.ts`) est écrite depuis la
/// table Rust, comme les types de ts-rs : la CI échoue si le fichier du dépôt n'est pas à jour.
#[test]
fn export_record_table_typescript() {
    let ts = crate::record::table::typescript();
    for k in KINDS {
        assert!(
            ts.contains(&format!("  {}: {{ path: '{}'", k.name, k.path)),
            "{}",
            k.name
        );
    }
    let dir = std::env::var("TS_RS_EXPORT_DIR")
        .unwrap_or_else(|_| format!("{}/../../ui/src/bindings", env!("CARGO_MANIFEST_DIR")));
    let path = std::path::Path::new(&dir).join("recordTable.ts");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(ts.as_str()) {
        std::fs::write(&path, ts).unwrap();
    }
}

/// La portée déclarée dans la table est celle des enregistrements : un type « siège » n'est
/// jamais rattaché à un ESMS ; les types « esms » le sont dans l'exemple.
#[test]
fn the_scope_column_matches_the_records() {
    let mut n = 0u128;
    let d = crate::example::example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    });
    let mut esms_scoped = 0;
    for k in KINDS {
        let o = ops(k.name).unwrap();
        let scoped = o
            .rows(&d)
            .iter()
            .filter(|r| o.esms_scope(&r.value.to_string()).is_some())
            .count();
        match k.scope {
            crate::record::table::Scope::Siege => assert_eq!(scoped, 0, "{}", k.name),
            crate::record::table::Scope::Esms => esms_scoped += usize::from(scoped > 0),
        }
    }
    assert!(
        esms_scoped >= 6,
        "{esms_scoped} types rattachés à un ESMS dans l'exemple"
    );
}
