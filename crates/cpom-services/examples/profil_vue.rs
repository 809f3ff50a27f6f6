use cpom_services::Session;
use cpom_services::example::large_example;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.cpom");
    let d = cpom_services::example::federation_example(n);
    let s = Session::create_with(&p, "m", &d).unwrap();
    let v = s.view().unwrap();
    let today = s.today();
    let t = Instant::now();
    let _ = s.view().unwrap();
    println!("view total {:?}", t.elapsed());
    let dd = &v.dossier;
    macro_rules! time {
        ($l:expr, $e:expr) => {{
            let t = Instant::now();
            let r = $e;
            println!("{:<30} {:>8.2} ms", $l, t.elapsed().as_secs_f64() * 1e3);
            r
        }};
    }
    time!(
        "read_snapshot",
        cpom_services::store::dossier::read_snapshot(s.connection()).unwrap()
    );
    time!("validate", cpom_domain::perimetre::rules::validate(dd));
    for st in cpom_domain::dossier::etapes::StepId::ALL {
        time!(
            format!("report {:?}", st),
            cpom_domain::steps::engine::report(dd, st, today)
        );
    }
    time!("planning", cpom_domain::lancement::calc::planning(dd));
    time!("diagnostic calc", cpom_domain::diagnostic::calc::calcul(dd));
    time!("matrice", cpom_domain::objectifs::calc::matrice(dd));
    time!("recap", cpom_domain::objectifs::calc::recapitulatif(dd));
    time!(
        "readiness",
        cpom_domain::steps::readiness::readiness(dd, today)
    );
    time!("derived", cpom_domain::perimetre::calc::derived(dd));
    let _ = sz;
    let j = |n: &str, x: String| println!("{:<20} {:>10} bytes", n, x.len());
    j("view", serde_json::to_string(&v).unwrap());
    j("dossier", serde_json::to_string(&v.dossier).unwrap());
    j("stamps", serde_json::to_string(&v.stamps).unwrap());
    j("report", serde_json::to_string(&v.report).unwrap());
    j("etapes", serde_json::to_string(&v.etapes).unwrap());
    for e in &v.etapes {
        j("  etape", serde_json::to_string(e).unwrap());
    }
    j("planning", serde_json::to_string(&v.planning).unwrap());
    j("diagnostic", serde_json::to_string(&v.diagnostic).unwrap());
    j("objectifs", serde_json::to_string(&v.objectifs).unwrap());
    j("signature", serde_json::to_string(&v.signature).unwrap());
    j("readiness", serde_json::to_string(&v.readiness).unwrap());
    j("derived", serde_json::to_string(&v.derived).unwrap());
    let t = Instant::now();
    let _ = serde_json::to_string(&v).unwrap();
    println!("serialize view {:?}", t.elapsed());
    println!("rows {}", v.stamps.len());
}
