//! Mesure rapide : construire la vue d'un dossier de 100 ESMS au diagnostic complet.
//!
//! `cargo run --release -p cpom-services --example vue_100_esms`
//!
//! La vue est reconstruite après chaque saisie : elle doit rester bien en dessous de 100 ms.
//! Aucun test ne chronomètre (les machines de CI varient) ; ce programme affiche les mesures.

use std::time::{Duration, Instant};

use cpom_domain::RecordKind;
use cpom_domain::dossier::Dossier;
use cpom_domain::example::example_dossier;
use cpom_domain::kernel::finess::luhn_key;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use uuid::Uuid;

/// Le dossier exemple étendu à `n` ESMS, chacun avec ses réponses, indicateurs et Creton.
fn full_dossier(n: usize) -> Dossier {
    let mut k = 0u128;
    let mut d = example_dossier(&mut || {
        k += 1;
        Uuid::from_u128(k)
    });
    let models = d.esms.clone();
    let mut i = 0usize;
    while d.esms.len() < n {
        let m = &models[i % models.len()];
        let mut e = m.clone();
        e.id = Uuid::new_v4();
        e.nom = format!("{} — site {}", m.nom, i + 2);
        let first8 = format!("4402{:04}", i);
        e.finess_et = Some(format!("{first8}{}", luhn_key(&first8)));
        let dg = &mut d.diagnostic;
        let answers: Vec<_> = dg
            .reponses
            .iter()
            .filter(|r| r.esms == Some(m.id))
            .cloned()
            .collect();
        for mut r in answers {
            r.id = Uuid::new_v4();
            r.esms = Some(e.id);
            dg.reponses.push(r);
        }
        let indicators: Vec<_> = dg
            .indicateurs
            .iter()
            .filter(|x| x.esms == Some(m.id))
            .cloned()
            .collect();
        for mut x in indicators {
            x.id = Uuid::new_v4();
            x.esms = Some(e.id);
            dg.indicateurs.push(x);
        }
        if let Some(c) = dg.creton.iter().find(|c| c.esms == Some(m.id)).cloned() {
            dg.creton.push(cpom_domain::dossier::diagnostic::Creton {
                id: Uuid::new_v4(),
                esms: Some(e.id),
                ..c
            });
        }
        d.esms.push(e);
        i += 1;
    }
    d
}

fn stats(label: &str, mut v: Vec<Duration>) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label} : médiane {:.1} ms, min {:.1} ms, max {:.1} ms ({} mesures)",
        ms(v[v.len() / 2]),
        ms(v[0]),
        ms(v[v.len() - 1]),
        v.len()
    );
}

fn main() {
    let dir = std::env::temp_dir().join(format!("cpom-vue-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dossier temporaire");
    let path = dir.join("cent-esms.cpom");
    let d = full_dossier(100);
    let mut s = Session::create_with(&path, "mesure", &d).expect("création");
    let v = s.view().expect("vue");
    println!(
        "Dossier : {} ESMS, {} enregistrements, {} réponses, {} indicateurs ; {} points sur les étapes",
        v.dossier.esms.len(),
        v.stamps.len(),
        v.dossier.diagnostic.reponses.len(),
        v.dossier.diagnostic.indicateurs.len(),
        v.etapes.iter().map(|e| e.issues.len()).sum::<usize>()
    );
    let mut views = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let v = s.view().expect("vue");
        views.push(t.elapsed());
        std::hint::black_box(v);
    }
    stats("Vue complète (lecture SQLite + calculs + rapports)", views);
    let mut domain = Vec::new();
    let dossier = s.dossier().expect("dossier");
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(cpom_domain::steps::engine::reports(&dossier, s.today()));
        std::hint::black_box(cpom_domain::diagnostic::calc::calcul(&dossier));
        std::hint::black_box(cpom_domain::lancement::calc::planning(&dossier));
        domain.push(t.elapsed());
    }
    stats(
        "Calculs du domaine seuls (rapports, diagnostic, planning)",
        domain,
    );
    let id = v.dossier.esms[50].id.to_string();
    let mut edits = Vec::new();
    for i in 0..20 {
        let t = Instant::now();
        s.update_field(&FieldUpdate {
            kind: RecordKind::Esms,
            id: Some(id.clone()),
            field: "nom".into(),
            value: serde_json::Value::String(format!("IME mesure {i}")),
        })
        .expect("saisie");
        std::hint::black_box(s.view().expect("vue"));
        edits.push(t.elapsed());
    }
    stats("Saisie d'un champ + vue (ce que fait record_update)", edits);
    s.close().expect("fermeture");
    let _ = std::fs::remove_dir_all(&dir);
}
