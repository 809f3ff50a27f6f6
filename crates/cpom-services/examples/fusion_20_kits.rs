//! Mesure : 20 kits de contribution intégrés dans un dossier de 100 ESMS
//! (`cpom_services::example::large_example`).
//!
//! `cargo run --release -p cpom-services --example fusion_20_kits`
//!
//! Le siège prépare 20 kits (un ESMS chacun), chaque direction modifie 4 champs de son ESMS
//! et ajoute 2 sources, une sur deux en conflit avec une saisie du siège ; le siège examine
//! puis intègre chaque kit (conflits : version de la direction), puis ré-importe tout (aucune
//! écriture). Aucun test ne chronomètre (les machines varient) : ce programme affiche les
//! mesures.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use cpom_domain::RecordKind;
use cpom_domain::contribution::merge::Decision;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use cpom_services::contribution::KitRequest;
use cpom_services::example::large_example;
use serde_json::{Map, Value, json};

fn set(s: &mut Session, kind: RecordKind, id: &str, field: &str, value: Value) {
    s.update_field(&FieldUpdate {
        kind,
        id: Some(id.to_string()),
        field: field.into(),
        value,
    })
    .expect(field);
}

fn stats(label: &str, v: &[Duration]) {
    let total: Duration = v.iter().sum();
    let max = v.iter().max().copied().unwrap_or_default();
    println!(
        "{label:<38} total {:>8.1} ms · moyenne {:>6.1} ms · max {:>6.1} ms",
        total.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3 / v.len().max(1) as f64,
        max.as_secs_f64() * 1e3
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let path = dir.path().join("siege-100.cpom");
    let d = large_example(100);
    let mut siege = Session::create_with(&path, "Siège", &d).expect("dossier");
    let ids: Vec<String> = d.esms.iter().take(20).map(|e| e.id.to_string()).collect();
    println!(
        "Dossier : {} ESMS, {} réponses, {} Ko",
        d.esms.len(),
        d.diagnostic.reponses.len(),
        std::fs::metadata(&path)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );

    let mut export = Vec::new();
    let mut kits = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let kit = dir.path().join(format!("kit-{i}.cpom"));
        let t = Instant::now();
        siege
            .export_kit(
                &KitRequest {
                    esms: vec![id.clone()],
                    destinataire: format!("Direction {i}"),
                    echeance: None,
                },
                &kit,
            )
            .expect("kit");
        export.push(t.elapsed());
        kits.push(kit);
    }
    // Le siège modifie un ESMS sur deux après l'envoi : conflits.
    for id in ids.iter().step_by(2) {
        set(
            &mut siege,
            RecordKind::Esms,
            id,
            "public_specifique",
            json!("Revu au siège"),
        );
    }

    let mut fill = Vec::new();
    for (i, (kit, id)) in kits.iter().zip(&ids).enumerate() {
        let t = Instant::now();
        let (mut k, _) = Session::open(kit, &format!("Directeur {i}")).expect("kit");
        set(
            &mut k,
            RecordKind::Esms,
            id,
            "public_specifique",
            json!(format!("Public vu par la direction {i}")),
        );
        set(
            &mut k,
            RecordKind::Esms,
            id,
            "jours_ouverture",
            json!(200 + i),
        );
        set(
            &mut k,
            RecordKind::Esms,
            id,
            "etp.educatif",
            json!(format!("{},5", 10 + i)),
        );
        set(
            &mut k,
            RecordKind::Esms,
            id,
            "capacites.internat.installee",
            json!(10 + i),
        );
        for n in 0..2 {
            let mut init = Map::new();
            init.insert(
                "libelle".into(),
                json!(format!("Source {n} de la direction {i}")),
            );
            k.add_record(RecordKind::SourceDiagnostic, Some(id), Some(&init))
                .expect("source");
        }
        k.close().expect("fermeture du kit");
        fill.push(t.elapsed());
    }

    let mut examine = Vec::new();
    let mut integrate = Vec::new();
    let (mut items, mut conflicts, mut written) = (0, 0, 0);
    for kit in &kits {
        let t = Instant::now();
        let plan = siege.examine_kit(kit).expect("examen");
        examine.push(t.elapsed());
        items += plan.items.len();
        conflicts += plan.conflicts();
        let decisions: HashMap<String, Decision> = plan
            .items
            .iter()
            .map(|i| (i.key.clone(), Decision::Accepter))
            .collect();
        let t = Instant::now();
        let r = siege.integrate_kit(kit, &decisions).expect("intégration");
        integrate.push(t.elapsed());
        written += r.ecrits;
    }
    let mut again = Vec::new();
    for kit in &kits {
        let t = Instant::now();
        let r = siege
            .integrate_kit(kit, &HashMap::new())
            .expect("ré-import");
        assert!(r.merge_id.is_none(), "ré-import sans effet");
        again.push(t.elapsed());
    }
    let t = Instant::now();
    let view = siege.view().expect("vue");
    let view_time = t.elapsed();
    println!(
        "20 kits : {items} éléments dont {conflicts} conflits ; {written} enregistrements écrits ; {} notes de provenance",
        view.provenance.len()
    );
    stats("Préparer un kit", &export);
    stats("Remplir un kit (6 saisies)", &fill);
    stats("Examiner un kit rendu", &examine);
    stats("Intégrer un kit (1 transaction)", &integrate);
    stats("Ré-importer un kit (aucune écriture)", &again);
    let merge_total: Duration = examine.iter().chain(&integrate).sum();
    println!(
        "Fusion des 20 kits (examen + intégration) : {:.1} ms ; vue du dossier après fusion : {:.1} ms",
        merge_total.as_secs_f64() * 1e3,
        view_time.as_secs_f64() * 1e3
    );
    siege.close().expect("fermeture");
}
