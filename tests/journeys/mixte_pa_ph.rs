//! Un gestionnaire PH ajoute à son périmètre un EHPAD et un SSIAD pour personnes âgées, comme
//! dans l'application : son CPOM devient un CPOM « EHPAD » pluriactivités. Les enveloppes
//! PA et PH restent séparées (instruction DGCS du 21 mars 2017, seed 000 L1223-L1224) : la
//! dotation globalisée commune et sa répartition ne concernent que les ESMS PH, l'EHPAD a
//! ses forfaits et ses financements complémentaires, le SSIAD sa dotation ; une affectation
//! de résultat d'un EHPAD vers un ESMS PH est refusée sans projet de parcours.

use crate::common::{finess, set};
use cpom_domain::RecordKind;
use cpom_domain::kernel::issue::Severity;
use cpom_services::example::create_example;
use serde_json::json;

/// Le texte d'un document composé (titres, paragraphes, listes, tableaux).
fn text(doc: &cpom_domain::contract::document::Document) -> String {
    use cpom_domain::contract::document::{Block, plain_text};
    let mut s = String::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } | Block::Note { text } => s.push_str(text),
            Block::Paragraph { spans, .. } => s.push_str(&plain_text(spans)),
            Block::Bullets { items } => items.iter().for_each(|i| s.push_str(&plain_text(i))),
            Block::Table(t) => t.rows.iter().for_each(|r| s.push_str(&r.join("|"))),
            _ => {}
        }
        s.push('\n');
    }
    s
}

fn rules(s: &cpom_services::Session) -> Vec<(Severity, String, String)> {
    s.view()
        .unwrap()
        .etapes
        .into_iter()
        .flat_map(|r| r.issues)
        .map(|i| (i.issue.severity, i.issue.rule, i.issue.path))
        .collect()
}

#[test]
fn a_mixed_dossier_keeps_the_pa_and_ph_envelopes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixte.cpom");
    let mut s = create_example(&path, "Directrice générale").unwrap();
    let before = rules(&s);
    assert!(
        !before
            .iter()
            .any(|(_, r, _)| r.starts_with("PA-") || r == "V20")
    );

    use RecordKind::{Cpom, Esms};
    set(
        &mut s,
        Cpom,
        None,
        "base_juridique",
        json!("iv_ter_l313_12"),
    );
    let ehpad = s.add_record(RecordKind::Esms, None, None).unwrap();
    for (f, v) in [
        ("nom", json!("EHPAD Les Bords d'Erdre")),
        ("finess_et", json!(finess("44007712"))),
        ("categorie", json!("500")),
        ("capacites.internat.autorisee", json!("80")),
        ("capacites.internat.installee", json!("80")),
        ("capacites.accueil_temporaire.autorisee", json!("2")),
        ("pa.gmp", json!("735")),
        ("pa.gmp_date_validation", json!("2025-04-10")),
        ("pa.pmp", json!("219")),
        ("pa.pmp_date_validation", json!("2025-04-10")),
        ("pa.option_tarifaire", json!("partiel_avec_pui")),
        ("habilitation_aide_sociale", json!("totale")),
    ] {
        set(&mut s, Esms, Some(&ehpad), f, v);
    }
    let ssiad = s.add_record(RecordKind::Esms, None, None).unwrap();
    for (f, v) in [
        ("nom", json!("SSIAD de l'Erdre")),
        ("finess_et", json!(finess("44007823"))),
        ("categorie", json!("354")),
        ("capacites.externat.autorisee", json!("30")),
    ] {
        set(&mut s, Esms, Some(&ssiad), f, v);
    }
    let v = s.view().unwrap();
    // La catégorie a proposé le secteur et la compétence.
    let e = v
        .dossier
        .esms
        .iter()
        .find(|e| e.id.to_string() == ehpad)
        .unwrap();
    assert_eq!(
        e.secteur,
        Some(cpom_domain::kernel::nomenclature::Secteur::PersonnesAgees)
    );
    let r = rules(&s);
    let has =
        |rule: &str, path_part: &str| r.iter().any(|(_, x, p)| x == rule && p.contains(path_part));
    // PA : financements complémentaires de l'EHPAD et dotation du SSIAD à fixer.
    assert!(has("V20", &ehpad), "{r:#?}");
    assert!(has("PA-DOTATION", &ssiad), "{r:#?}");
    // PH : la répartition de la dotation commune ne réclame rien pour l'EHPAD ni le SSIAD.
    assert!(!has("S-REPARTITION", &ehpad) && !has("S-REPARTITION", &ssiad));
    assert!(!has("S-BUDGET", &ehpad) && !has("S-BUDGET", &ssiad));
    // Les thématiques du CPOM « EHPAD » s'ajoutent aux six minimums du guide PdL.
    assert!(r.iter().any(|(_, x, _)| x == "O-EHPAD"));

    // Les moyens PA, saisis comme dans l'écran Signature.
    let m = s
        .add_record(RecordKind::MoyensPa, Some(&ehpad), None)
        .unwrap();
    for (f, v) in [
        ("forfait_global_soins", json!("1 402 300")),
        ("forfait_global_dependance", json!("498 120")),
        ("tarif_hebergement", json!("66,20")),
    ] {
        set(&mut s, RecordKind::MoyensPa, Some(&m), f, v);
    }
    let fc = s
        .add_record(RecordKind::FinancementComplementaire, Some(&ehpad), None)
        .unwrap();
    set(
        &mut s,
        RecordKind::FinancementComplementaire,
        Some(&fc),
        "nature",
        json!("hebergement_temporaire"),
    );
    for k in 1..=5 {
        set(
            &mut s,
            RecordKind::FinancementComplementaire,
            Some(&fc),
            &format!("montants.{k}"),
            json!("24300"),
        );
    }
    let ms = s
        .add_record(RecordKind::MoyensPa, Some(&ssiad), None)
        .unwrap();
    set(
        &mut s,
        RecordKind::MoyensPa,
        Some(&ms),
        "dotation_globale",
        json!("402 000"),
    );
    // Un tarif journalier saisi comme un montant annuel est refusé, le dossier inchangé.
    let before = s.dossier().unwrap();
    let err = s
        .update_field(&cpom_services::FieldUpdate {
            kind: RecordKind::MoyensPa,
            id: Some(m.clone()),
            field: "tarif_hebergement".into(),
            value: json!("24 000"),
        })
        .unwrap_err();
    assert!(err.message.contains("prix de journée"), "{}", err.message);
    assert_eq!(s.dossier().unwrap(), before);

    let r = rules(&s);
    let has = |rule: &str| r.iter().any(|(_, x, _)| x == rule);
    assert!(
        !has("V20") && !has("PA-DOTATION") && !has("PA-FORFAITS"),
        "{r:#?}"
    );
    // La dotation globalisée commune de l'exemple reste répartie sur ses seuls ESMS PH.
    assert!(!has("S-REPARTITION"), "{r:#?}");

    // Une affectation de l'EHPAD vers l'IME : étanchéité PA / PH (V18).
    let d = s.dossier().unwrap();
    let ime = d.esms[0].id.to_string();
    let a = s.add_record(RecordKind::Affectation, None, None).unwrap();
    for (f, v) in [
        ("annee", json!("2027")),
        ("esms", json!(ehpad)),
        ("resultat", json!("20000")),
        ("report_a_nouveau", json!("20000")),
        ("esms_beneficiaire", json!(ime)),
    ] {
        set(&mut s, RecordKind::Affectation, Some(&a), f, v);
    }
    let v18 = rules(&s)
        .into_iter()
        .find(|(_, x, _)| x == "V18")
        .expect("V18");
    assert_eq!(v18.0, Severity::Erreur);

    // Le contrat présente les deux enveloppes, séparées.
    let d = s.dossier().unwrap();
    let r = cpom_services::export::pdf::render_contract(
        &d,
        "arrete-2017",
        &[],
        &cpom_services::export::pdf::PdfOptions {
            deterministic: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
        },
    )
    .unwrap();
    let m = cpom_domain::clauses::modeles::model("arrete-2017").unwrap();
    let doc = cpom_domain::contract::compose::compose(
        m,
        &d,
        &[],
        &cpom_domain::kernel::issue::Report::default(),
    )
    .unwrap();
    let composed = text(&doc);
    for want in [
        "dotation globalisée commune",
        "1 402 300,00",
        "Il n'y a pas de fongibilité entre les enveloppes destinées aux personnes âgées et celles destinées aux personnes handicapées.",
        "Dotation globale de soins",
    ] {
        assert!(
            composed.replace(['\u{a0}', '\u{202f}'], " ").contains(want),
            "« {want} » absent"
        );
    }
    assert!(r.pages > 20);
}
