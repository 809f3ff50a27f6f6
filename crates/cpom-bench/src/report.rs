//! Le tableau des mesures, les rapports aux outils de référence et aux objectifs de l'issue
//! 16, en Markdown (imprimé, et recopié dans `docs/performances.md` avec `--doc`).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

/// Une mesure : opération, taille (ESMS, ou lignes pour le tableau de bord), valeurs.
pub struct Row {
    pub label: String,
    pub n: usize,
    pub v: Value,
}

impl Row {
    pub fn new(label: &str, n: usize, v: Value) -> Self {
        Self {
            label: label.into(),
            n,
            v,
        }
    }
}

#[derive(Default)]
pub struct Results {
    rows: Vec<Row>,
}

fn f(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64)
}

fn num(x: f64) -> String {
    let s = if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    };
    s.replace('.', ",")
}

fn opt(x: Option<f64>) -> String {
    x.map_or("—".into(), num)
}

impl Results {
    pub fn push(&mut self, r: Row) {
        println!(
            "  {:<44} {:>6} : {}",
            r.label,
            r.n,
            serde_json::to_string(&r.v).unwrap_or_default()
        );
        self.rows.push(r);
    }

    fn get(&self, label: &str, n: usize) -> Option<&Value> {
        self.rows
            .iter()
            .find(|r| r.label == label && r.n == n)
            .map(|r| &r.v)
    }

    fn cpu(&self, label: &str, n: usize) -> Option<f64> {
        self.get(label, n).and_then(|v| f(v, "cpu_ms"))
    }

    fn ratio(&self, a: &str, b: &str, n: usize) -> Option<f64> {
        Some(self.cpu(a, n)? / self.cpu(b, n)?.max(1e-6))
    }

    fn sizes(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .rows
            .iter()
            .filter(|r| r.label.starts_with("Saisie"))
            .map(|r| r.n)
            .collect();
        v.dedup();
        v
    }

    /// Le tableau en Markdown ; l'imprime et le renvoie.
    pub fn print(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "Mesuré le {} (processeur, mémoire de pointe du processus de l'opération).\n",
            chrono::Local::now().format("%d/%m/%Y")
        );
        t.push_str("### Saisie d'un champ (ce que l'interface attend : écriture, delta, JSON)\n\n");
        t.push_str("| ESMS | étape validée | p50 (ms) | p99 (ms) | processeur p50 / p99 (ms) | SQLite seul p50 / p99 (ms) | delta médian / max (octets) | vue entière (octets) |\n|---:|:---:|---:|---:|---:|---:|---:|---:|\n");
        for n in self.sizes() {
            for (label, tag) in [
                ("Saisie d'un champ", "non"),
                ("Saisie d'un champ, étape validée", "oui"),
            ] {
                if let Some(v) = self.get(label, n) {
                    let _ = writeln!(
                        t,
                        "| {n} | {tag} | {} | {} | {} / {} | {} / {} | {} / {} | {} |",
                        opt(f(v, "p50_ms")),
                        opt(f(v, "p99_ms")),
                        opt(f(v, "cpu_p50_ms")),
                        opt(f(v, "cpu_p99_ms")),
                        opt(f(v, "sqlite_p50_ms")),
                        opt(f(v, "sqlite_p99_ms")),
                        opt(f(v, "delta_p50_octets")),
                        opt(f(v, "delta_max_octets")),
                        opt(f(v, "vue_octets")),
                    );
                }
            }
        }
        t.push_str("\n### Contrôle, exports, imports, fusion\n\n");
        t.push_str("| Opération | taille | processeur (ms) | écoulé (ms) | pointe (Mo) | détail |\n|---|---:|---:|---:|---:|---|\n");
        for r in self.rows.iter().filter(|r| !r.label.starts_with("Saisie")) {
            let detail = [
                "pages",
                "octets",
                "cellules",
                "changements",
                "points",
                "ecrits",
                "lignes",
            ]
            .iter()
            .filter_map(|k| r.v.get(*k).map(|x| format!("{k} {x}")))
            .collect::<Vec<_>>()
            .join(", ");
            let _ = writeln!(
                t,
                "| {} | {} | {} | {} | {} | {} |",
                r.label,
                r.n,
                opt(f(&r.v, "cpu_ms")),
                opt(f(&r.v, "wall_ms")),
                opt(f(&r.v, "peak_mb")),
                detail
            );
        }
        t.push_str("\n### Rapports et objectifs (issue 16)\n\n| Mesure | valeur | objectif | tenu |\n|---|---:|---|:---:|\n");
        let mut line = |what: String, value: Option<f64>, goal: &str, ok: Option<bool>| {
            let _ = writeln!(
                t,
                "| {what} | {} | {goal} | {} |",
                opt(value),
                match ok {
                    Some(true) => "oui",
                    Some(false) => "**non**",
                    None => "—",
                }
            );
        };
        for (n, goal) in [(100, 5.0), (500, 10.0)] {
            for (k, what) in [("p99_ms", "écoulé"), ("cpu_p99_ms", "processeur")] {
                let p99 = self
                    .get("Saisie d'un champ, étape validée", n)
                    .and_then(|v| f(v, k));
                line(
                    format!("Saisie, étape validée, p99 {what} à {n} ESMS (ms)"),
                    p99,
                    &format!("< {goal} ms"),
                    p99.map(|x| x < goal),
                );
            }
        }
        let payload = self
            .rows
            .iter()
            .filter(|r| r.label.starts_with("Saisie"))
            .filter_map(|r| f(&r.v, "delta_max_octets"))
            .reduce(f64::max);
        line(
            "Plus grand delta renvoyé par une saisie (octets)".into(),
            payload,
            "< 20 000",
            payload.map(|x| x < 20_000.0),
        );
        let check = self
            .cpu("cpom check", 1000)
            .zip(self.cpu("cpom check", 100))
            .map(|(a, b)| a / b);
        line(
            "`check` : 1 000 ESMS / 100 ESMS (processeur)".into(),
            check,
            "≤ 11",
            check.map(|x| x <= 11.0),
        );
        for n in self.sizes() {
            let r = self.ratio(
                "Export du classeur",
                "rust_xlsxwriter seul (mêmes cellules)",
                n,
            );
            line(
                format!("Export du classeur / rust_xlsxwriter seul, {n} ESMS"),
                r,
                "≤ 1,5",
                r.map(|x| x <= 1.5),
            );
        }
        for (n, goal) in [(100, 25.0), (1000, 80.0)] {
            let p = self
                .get("Export du classeur", n)
                .and_then(|v| f(v, "peak_mb"));
            line(
                format!("Export du classeur, pointe à {n} ESMS (Mo)"),
                p,
                &format!("≤ {goal} Mo"),
                p.map(|x| x <= goal),
            );
        }
        for n in self.sizes() {
            let r = self.ratio("Import du classeur", "calamine seul (même classeur)", n);
            line(
                format!("Import du classeur / calamine seul, {n} ESMS"),
                r,
                "≤ 1,1",
                r.map(|x| x <= 1.1),
            );
        }
        let tdb = self.ratio(
            "Import du tableau de bord",
            "calamine seul (lecteur de cellules)",
            15_600,
        );
        line(
            "Import du tableau de bord / calamine seul".into(),
            tdb,
            "≤ 1,05",
            tdb.map(|x| x <= 1.05),
        );
        let tdb_peak = self
            .get("Import du tableau de bord", 15_600)
            .and_then(|v| f(v, "peak_mb"));
        line(
            "Import du tableau de bord, pointe (Mo)".into(),
            tdb_peak,
            "≤ 25 Mo",
            tdb_peak.map(|x| x <= 25.0),
        );
        let pdf_peak = self.get("Contrat PDF", 1000).and_then(|v| f(v, "peak_mb"));
        line(
            "Contrat PDF, pointe à 1 000 ESMS (Mo)".into(),
            pdf_peak,
            "≤ 60 Mo",
            pdf_peak.map(|x| x <= 60.0),
        );
        let peer_n: Vec<usize> = self
            .rows
            .iter()
            .filter(|r| r.label.starts_with("Typst") || r.label.starts_with("openpyxl (mêmes"))
            .map(|r| r.n)
            .collect();
        if let Some(n) = peer_n.first().copied() {
            let typst = self.ratio("Typst (même contrat)", "Contrat PDF", n);
            line(
                format!("Typst / Atelier CPOM, contrat PDF, {n} ESMS"),
                typst,
                "≥ 8",
                typst.map(|x| x >= 8.0),
            );
            for (peer, ours, what) in [
                (
                    "LibreOffice (même contrat, HTML → PDF)",
                    "Contrat PDF",
                    "contrat PDF",
                ),
                (
                    "openpyxl (mêmes cellules)",
                    "Export du classeur",
                    "classeur",
                ),
                (
                    "XlsxWriter Python (mêmes cellules)",
                    "Export du classeur",
                    "classeur",
                ),
            ] {
                let r = self.ratio(peer, ours, n);
                line(
                    format!(
                        "{} / Atelier CPOM, {what}, {n} ESMS",
                        peer.split(" (").next().unwrap_or(peer)
                    ),
                    r,
                    "(rapport)",
                    None,
                );
            }
        }
        let r = self.ratio(
            "openpyxl (lecture seule)",
            "Import du tableau de bord",
            15_600,
        );
        line(
            "openpyxl / Atelier CPOM, tableau de bord".into(),
            r,
            "(rapport)",
            None,
        );
        println!("\n{t}");
        t
    }
}

const BEGIN: &str = "<!-- cpom-bench:début -->";
const END: &str = "<!-- cpom-bench:fin -->";

/// Remplace, dans `doc`, ce qui se trouve entre les deux marques par `table`.
pub fn update_doc(doc: &Path, table: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(doc)?;
    let (Some(a), Some(b)) = (text.find(BEGIN), text.find(END)) else {
        return Err(std::io::Error::other(format!(
            "marques {BEGIN} et {END} introuvables"
        )));
    };
    let out = format!("{}{BEGIN}\n{table}\n{}", &text[..a], &text[b..]);
    std::fs::write(doc, out)
}
