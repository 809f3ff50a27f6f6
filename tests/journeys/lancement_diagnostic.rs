//! Une association mène les deux premières étapes de bout en bout, comme dans l'application :
//! lancement (engagement, rétroplanning, acteurs, check-list, réunion), validation refusée
//! par une porte puis accordée, diagnostic partagé (questions du catalogue, indicateurs,
//! finances, Creton, synthèse), validation, export et réimport.

use crate::common::{finess, set};
use cpom_domain::RecordKind;
use cpom_domain::diagnostic::catalogue::{NiveauAxe, TypeReponse, catalogue};
use cpom_domain::dossier::etapes::StepId;
use cpom_domain::dossier::lancement::JalonCode;
use cpom_domain::steps::report::StepState;
use cpom_services::json_io::{JsonImportOptions, export_json, import_json};
use cpom_services::{ServiceError, Session};
use serde_json::{Map, Value, json};

fn add(s: &mut Session, kind: RecordKind, parent: Option<&str>, init: Value) -> String {
    let m: Map<String, Value> = init.as_object().unwrap().clone();
    s.add_record(kind, parent, Some(&m))
        .unwrap_or_else(|e| panic!("{kind:?} : {e}"))
}

fn state(s: &Session, step: StepId) -> StepState {
    s.step_reports().unwrap()[step.number() as usize - 1].etat
}

fn blocking(s: &Session, step: StepId) -> Vec<String> {
    s.step_reports().unwrap()[step.number() as usize - 1]
        .issues
        .iter()
        .filter(|i| i.issue.severity == cpom_domain::Severity::Erreur)
        .map(|i| format!("{} {}", i.issue.rule, i.issue.path))
        .collect()
}

fn jalon(code: JalonCode) -> String {
    code.standard_id().to_string()
}

fn perimetre(s: &mut Session) -> (String, String) {
    use RecordKind::{Cpom, Esms, Organisme};
    for (f, v) in [
        ("raison_sociale", json!("Association Vendée Horizons")),
        ("finess_ej", json!(finess("85000123"))),
        ("siren", json!("772 201 489")),
        ("statut_juridique", json!("association")),
        ("adresse_siege.commune", json!("La Roche-sur-Yon")),
        ("representant_legal_nom", json!("Mme Lucie Bonnet")),
        ("representant_legal_qualite", json!("Présidente")),
        ("directeur_general", json!("M. Hugo Martin")),
        ("referent_cpom_nom", json!("Mme Inès Girard")),
        ("date_deliberation_ca", json!("04/12/2025")),
    ] {
        set(s, Organisme, None, f, v);
    }
    for (f, v) in [
        ("base_juridique", json!("l313_12_2")),
        ("region", json!("52")),
        ("departements", json!(["85"])),
        ("date_effet", json!("2027-01-01")),
    ] {
        set(s, Cpom, None, f, v);
    }
    let ime = s.add_record(RecordKind::Esms, None, None).unwrap();
    for (f, v) in [
        ("nom", json!("IME Les Oyats")),
        ("finess_et", json!(finess("85000456"))),
        ("categorie", json!("183")),
        ("capacites.internat.autorisee", json!("20")),
        ("capacites.internat.installee", json!("20")),
    ] {
        set(s, Esms, Some(&ime), f, v);
    }
    let mas = s.add_record(RecordKind::Esms, None, None).unwrap();
    for (f, v) in [
        ("nom", json!("MAS Le Marais")),
        ("finess_et", json!(finess("85000789"))),
        ("categorie", json!("255")),
        ("capacites.internat.autorisee", json!("40")),
        ("capacites.internat.installee", json!("40")),
    ] {
        set(s, Esms, Some(&mas), f, v);
    }
    (ime, mas)
}

fn lancement(s: &mut Session) {
    set(s, RecordKind::Engagement, None, "dg_mandate", json!(true));
    set(
        s,
        RecordKind::Engagement,
        None,
        "coordonnateur_ars.nom",
        json!("Mme Claire Lemoine"),
    );
    use JalonCode::*;
    for (code, prevue, reelle) in [
        (Programmation, "2025-12-15", Some("2025-12-15")),
        (ReunionLancement, "2026-01-22", None),
        (PriseDeContact, "2026-02-02", Some("2026-02-02")),
        (EnvoiDossierDiagnostic, "2026-04-15", Some("2026-04-15")),
        (ReunionDiagnostic, "2026-05-26", Some("2026-05-26")),
        (ProjetFichesObjectifs, "2026-07-10", None),
        (ReunionObjectifs, "2026-09-08", None),
        (ProjetCpom, "2026-09-25", None),
        (SignatureOg, "2026-10-15", None),
        (SignatureArs, "2026-11-20", None),
    ] {
        let id = jalon(code);
        set(
            s,
            RecordKind::Jalon,
            Some(&id),
            "date_prevue",
            json!(prevue),
        );
        if let Some(r) = reelle {
            set(s, RecordKind::Jalon, Some(&id), "date_reelle", json!(r));
        }
    }
    for (nom, t, niveau, raci) in [
        (
            "Association Vendée Horizons",
            "organisme_gestionnaire",
            "signataire",
            "r",
        ),
        ("ARS Pays de la Loire", "ars", "signataire", "a"),
    ] {
        let mut init = json!({"nom": nom, "type_acteur": t, "niveau": niveau});
        for step in ["lancement", "diagnostic", "objectifs", "signature"] {
            init[format!("raci.{step}")] = json!(raci);
        }
        add(s, RecordKind::Acteur, None, init);
    }
    for item in &cpom_domain::kernel::checklists::checklist_lancement().items {
        add(
            s,
            RecordKind::ChecklistLancement,
            None,
            json!({"item": item.id, "etat": "traite"}),
        );
    }
    add(
        s,
        RecordKind::Reunion,
        None,
        json!({
            "type_reunion": "lancement",
            "date": "2026-01-22",
            "participants": "Mme Lemoine, ARS\nM. Martin, DG",
            "compte_rendu": "Calendrier et comitologie arrêtés."
        }),
    );
}

fn diagnostic(s: &mut Session, ime: &str, mas: &str) {
    let cat = &catalogue().data;
    for axe in &cat.axes {
        let scopes: Vec<Option<&str>> = match (axe.niveau, axe.code.as_str()) {
            (NiveauAxe::Og, _) => vec![None],
            (NiveauAxe::Esms, "1-1") => vec![Some(ime)],
            (NiveauAxe::Esms, _) => vec![Some(mas)],
        };
        for scope in scopes {
            for q in axe.themes.iter().flat_map(|t| &t.questions) {
                let valeur = match q.type_reponse {
                    TypeReponse::OuiNonHeterogene => json!("oui"),
                    TypeReponse::Cases => json!([q.options[0].valeur]),
                    TypeReponse::Texte => json!("Réponse détaillée."),
                };
                add(
                    s,
                    RecordKind::Reponse,
                    scope,
                    json!({"question": q.id, "valeur": valeur}),
                );
            }
        }
        for t in &axe.themes {
            add(
                s,
                RecordKind::ThemeDiagnostic,
                None,
                json!({"theme": t.id, "points_forts": "Équipes stables."}),
            );
        }
    }
    add(
        s,
        RecordKind::Creton,
        Some(ime),
        json!({"internat.mas": 2, "internat.fam_eam": 1}),
    );
    add(
        s,
        RecordKind::Indicateur,
        Some(ime),
        json!({"annexe": "anap", "libelle": "Taux d'absentéisme", "annee": 2024, "valeur": "6,2", "unite": "%", "source": "pre_rempli_ars", "valeur_preremplie": "6,2"}),
    );
    add(
        s,
        RecordKind::IndicateurComplementaire,
        None,
        json!({"libelle": "Scolarisation", "numerateur": "5", "denominateur": "20"}),
    );
    for y in [2023, 2024, 2025] {
        set(
            s,
            RecordKind::Finances,
            None,
            &format!("resultats.ars.{y}"),
            json!("1000"),
        );
        for code in [
            "taux_caf",
            "taux_vetuste",
            "taux_endettement",
            "frng_jours",
            "bfr",
            "tresorerie",
        ] {
            set(
                s,
                RecordKind::Finances,
                None,
                &format!("indicateurs.{code}.{y}"),
                json!("1"),
            );
        }
    }
    add(
        s,
        RecordKind::Synthese,
        None,
        json!({"nature": "constat", "texte": "Deux jeunes adultes en amendement Creton.", "axe": "axe_1_1"}),
    );
    add(
        s,
        RecordKind::Reunion,
        None,
        json!({"type_reunion": "diagnostic", "date": "2026-05-26", "compte_rendu": "Diagnostic validé."}),
    );
}

#[test]
fn lancement_then_diagnostic_from_an_empty_dossier_to_two_validated_steps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Vendée Horizons.cpom");
    let mut s = Session::create(&path, "Référente CPOM").unwrap();
    let today = cpom_domain::kernel::parse::date("jour", &json!("2026-06-01"))
        .unwrap()
        .unwrap();
    s.set_today(today);
    assert_eq!(state(&s, StepId::Lancement), StepState::AFaire);

    let (ime, mas) = perimetre(&mut s);
    lancement(&mut s);
    // Une seule porte reste : la réunion de lancement n'a pas de date réelle.
    let gate = format!(
        "L-REUNION-LANCEMENT lancement.jalons.{}.date_reelle",
        jalon(JalonCode::ReunionLancement)
    );
    assert_eq!(blocking(&s, StepId::Lancement), vec![gate]);
    let refus: ServiceError = s.validate_step(StepId::Lancement, None).unwrap_err();
    assert_eq!(refus.code, "etape.erreurs_bloquantes");
    set(
        &mut s,
        RecordKind::Jalon,
        Some(&jalon(JalonCode::ReunionLancement)),
        "date_reelle",
        json!("22/01/2026"),
    );
    assert_eq!(state(&s, StepId::Lancement), StepState::Pret);
    s.validate_step(
        StepId::Lancement,
        Some("Lancement conforme à la check-list"),
    )
    .unwrap();
    assert_eq!(state(&s, StepId::Lancement), StepState::Valide);

    // Diagnostic : les portes du catalogue, des finances et de la synthèse.
    assert_eq!(state(&s, StepId::Diagnostic), StepState::EnCours);
    diagnostic(&mut s, &ime, &mas);
    assert!(
        blocking(&s, StepId::Diagnostic).is_empty(),
        "{:#?}",
        blocking(&s, StepId::Diagnostic)
    );
    let v = s.view().unwrap();
    let axe = v.diagnostic.axes.iter().find(|a| a.code == "1-1").unwrap();
    assert_eq!(axe.portees[0].repondues, axe.portees[0].total);
    assert_eq!(v.diagnostic.ratios[0].valeur.unwrap().to_string(), "25.00");
    s.validate_step(StepId::Diagnostic, None).unwrap();
    assert_eq!(state(&s, StepId::Diagnostic), StepState::Valide);
    assert_eq!(state(&s, StepId::Objectifs), StepState::AFaire);

    // Export puis import dans un dossier neuf : identique, étapes validées comprises.
    let before = s.dossier().unwrap();
    let json_path = dir.path().join("dossier.json");
    export_json(&s, &json_path).unwrap();
    let mut other = Session::create(&dir.path().join("neuf.cpom"), "Siège").unwrap();
    other.set_today(today);
    import_json(&mut other, &json_path, &JsonImportOptions::default()).unwrap();
    assert_eq!(other.dossier().unwrap(), before);
    assert_eq!(state(&other, StepId::Diagnostic), StepState::Valide);
    s.close().unwrap();
    let (s, _) = Session::open(&path, "Référente CPOM").unwrap();
    assert_eq!(s.dossier().unwrap(), before);
}
