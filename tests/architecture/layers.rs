//! Les étages du code : un fichier n'importe que de son étage ou d'un étage inférieur, et les
//! fichiers ne forment aucun cercle d'imports. Lit chaque `use crate::…`, `crate::…`,
//! `super::…` des crates `cpom-domain` et `cpom-services` ; un échec nomme le fichier,
//! l'import et les deux étages.
//!
//! Les étages sont décrits dans ARCHITECTURE.md (« Les étages ») ; les tables ci-dessous en
//! sont la version vérifiée. Les tests (`tests.rs`, modules `#[cfg(test)]` en fin de fichier)
//! peuvent lire tous les étages, comme les exemples.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Un étage : préfixe de chemin (relatif à `src/`) et rang. Le premier préfixe qui convient
/// l'emporte ; un rang plus petit est plus bas.
type Floors = &'static [(&'static str, u32, &'static str)];

/// `cpom-domain` : noyau ← données stockées ← enregistrements ← parties (dans l'ordre de la
/// démarche) ← étapes ← documents et contributions ← exemple.
const DOMAIN: Floors = &[
    ("kernel/", 0, "noyau"),
    ("dossier/", 10, "données stockées"),
    ("record/", 20, "enregistrements"),
    ("perimetre/", 30, "partie périmètre"),
    ("lancement/", 31, "partie lancement"),
    ("diagnostic/", 32, "partie diagnostic"),
    ("objectifs/", 33, "partie objectifs"),
    ("signature/", 34, "partie signature"),
    ("clauses/", 35, "partie clauses"),
    ("suivi/", 36, "partie suivi"),
    ("steps/", 40, "étapes"),
    ("contract/", 50, "documents"),
    ("workbook/", 50, "documents"),
    ("contribution/", 50, "contributions"),
    ("diff.rs", 50, "documents"),
    ("example/", 60, "exemple"),
];

/// `cpom-services` : fichier et outils ← gardes d'écriture ← session ← cas d'usage ← vue.
const SERVICES: Floors = &[
    ("error", 0, "erreurs"),
    ("atomic.rs", 0, "fichiers"),
    ("store/", 1, "stockage"),
    ("write/", 2, "gardes d'écriture"),
    ("session.rs", 3, "session"),
    ("view.rs", 5, "vue"),
    ("", 4, "cas d'usage"),
];

/// `cpom-cli` : arguments, affichage, ouverture des dossiers ← commandes par domaine ←
/// aiguillage des commandes ← point d'entrée.
const CLI: Floors = &[
    ("args.rs", 0, "arguments"),
    ("output.rs", 0, "affichage"),
    ("session_io.rs", 0, "ouverture des dossiers"),
    ("contribution.rs", 1, "commandes par domaine"),
    ("suivi.rs", 1, "commandes par domaine"),
    ("commands.rs", 2, "aiguillage des commandes"),
    ("main.rs", 3, "point d'entrée"),
];

/// Dans une partie du domaine : la saisie, puis les calculs, puis les règles.
const PART_FILES: &[(&str, u32)] = &[("records.rs", 0), ("calc.rs", 1), ("rules.rs", 2)];

struct Crate {
    name: &'static str,
    src: PathBuf,
    floors: Floors,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn crates() -> Vec<Crate> {
    vec![
        Crate {
            name: "cpom-domain",
            src: root().join("crates/cpom-domain/src"),
            floors: DOMAIN,
        },
        Crate {
            name: "cpom-services",
            src: root().join("crates/cpom-services/src"),
            floors: SERVICES,
        },
        Crate {
            name: "cpom-cli",
            src: root().join("crates/cpom-cli/src"),
            floors: CLI,
        },
    ]
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// « kernel/issue.rs » → [kernel, issue] ; « diagnostic/mod.rs » → [diagnostic].
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn floor(floors: Floors, rel: &str) -> Option<(u32, &'static str)> {
    if rel == "lib.rs" {
        return None;
    }
    floors
        .iter()
        .find(|(p, _, _)| rel.starts_with(p))
        .map(|(_, f, n)| (*f, *n))
}

fn is_test_file(rel: &str) -> bool {
    rel.ends_with("/tests.rs") || rel == "tests.rs"
}

/// Le texte sans commentaires ni module de test final (`#[cfg(test)] mod tests { … }`).
fn code(text: &str) -> String {
    let cut = text.find("#[cfg(test)]\nmod tests {").unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Les chemins importés : `use a::{b, c::d}` → [a::b, a::c::d] ; plus les chemins en ligne
/// `crate::x::y`. Chacun avec son numéro de ligne.
fn imported_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let code = code(text);
    // Les `use` (éventuellement sur plusieurs lignes).
    let mut rest = code.as_str();
    let mut offset = 0;
    while let Some(i) = find_use(rest) {
        let start = offset + i;
        let after = &code[start..];
        let Some(end) = after.find(';') else { break };
        let tree = after["use".len()..end].trim().to_string();
        let line = code[..start].matches('\n').count() + 1;
        for p in expand(&tree) {
            out.push((line, p));
        }
        offset = start + end;
        rest = &code[offset..];
    }
    // Les chemins en ligne.
    for (n, l) in code.lines().enumerate() {
        if l.trim_start().starts_with("use ") || l.contains(" use ") {
            continue;
        }
        for head in ["crate::", "super::"] {
            let mut from = 0;
            while let Some(i) = l[from..].find(head) {
                let s = from + i;
                let prev = l[..s].chars().last();
                if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    from = s + head.len();
                    continue;
                }
                let path: String = l[s..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                out.push((n + 1, path.trim_end_matches(':').to_string()));
                from = s + head.len();
            }
        }
    }
    out
}

fn find_use(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("use ") {
        let at = from + i;
        let before = s[..at].chars().last();
        if before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ';') {
            let tree = s[at + 4..].trim_start();
            if tree.starts_with("crate::")
                || tree.starts_with("super::")
                || tree.starts_with("self::")
            {
                return Some(at);
            }
        }
        from = at + 4;
    }
    None
}

fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or("").trim().to_string()];
    };
    let head = &tree[..open];
    let body = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut cur) = (0, String::new());
    for c in body.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{head}{p}")))
        .collect()
}

/// Le fichier que désigne un chemin importé depuis `me` (module du fichier), s'il est dans la
/// crate : le module le plus long qui existe.
fn target(me: &[String], path: &str, files: &BTreeMap<Vec<String>, String>) -> Option<String> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let (mut cur, rest): (Vec<String>, &[&str]) = match segs.first() {
        Some(&"crate") => (Vec::new(), &segs[1..]),
        Some(&"self") => (me.to_vec(), &segs[1..]),
        Some(&"super") => {
            // `super` de x/y.rs comme de x/mod.rs (module x) : le module parent.
            let mut m = me.to_vec();
            m.pop();
            let mut i = 1;
            while segs.get(i) == Some(&"super") {
                m.pop();
                i += 1;
            }
            (m, &segs[i..])
        }
        _ => return None,
    };
    for s in rest {
        let mut next = cur.clone();
        next.push((*s).to_string());
        if files.contains_key(&next) {
            cur = next;
        } else {
            break;
        }
    }
    files.get(&cur).cloned()
}

struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// Les composantes fortement connexes de plus d'un fichier (Tarjan).
fn circles(g: &Graph) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        on: BTreeSet<&'a str>,
        stack: Vec<&'a str>,
        n: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.n);
        t.low.insert(v, t.n);
        t.n += 1;
        t.stack.push(v);
        t.on.insert(v);
        if let Some(ws) = t.g.edges.get(v) {
            for w in ws {
                let w = w.as_str();
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on: BTreeSet::new(),
        stack: Vec::new(),
        n: 0,
        out: Vec::new(),
    };
    let keys: Vec<&str> = g.edges.keys().map(String::as_str).collect();
    for v in keys {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// Ce que la règle reproche à une crate : imports vers le haut et cercles.
fn violations(c: &Crate) -> (Vec<String>, Vec<Vec<String>>) {
    let mut paths = Vec::new();
    rs_files(&c.src, &mut paths);
    let rels: Vec<String> = paths
        .iter()
        .map(|p| {
            p.strip_prefix(&c.src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let files: BTreeMap<Vec<String>, String> =
        rels.iter().map(|r| (module_of(r), r.clone())).collect();
    let mut up = Vec::new();
    let mut g = Graph {
        edges: BTreeMap::new(),
    };
    let lib_items = [
        "Dossier",
        "Editable",
        "Issue",
        "Report",
        "Severity",
        "FieldError",
    ];
    for (p, rel) in paths.iter().zip(&rels) {
        let text = std::fs::read_to_string(p).unwrap();
        let me = module_of(rel);
        let test_file = is_test_file(rel);
        let mine = floor(c.floors, rel);
        g.edges.entry(rel.clone()).or_default();
        for (line, path) in imported_paths(&text) {
            // Les raccourcis de lib.rs sont pour les autres crates.
            if rel != "lib.rs"
                && let Some(item) = path.strip_prefix("crate::")
                && !item.contains("::")
                && (lib_items.contains(&item)
                    || item.chars().next().is_some_and(char::is_uppercase))
            {
                up.push(format!(
                    "{}/src/{rel}:{line} : `{path}` passe par les raccourcis de lib.rs ; importez depuis le module qui le définit",
                    c.name
                ));
            }
            let Some(t) = target(&me, &path, &files) else {
                continue;
            };
            if t == *rel {
                continue;
            }
            if !test_file && t != "lib.rs" {
                g.edges.entry(rel.clone()).or_default().insert(t.clone());
            }
            if test_file || rel == "lib.rs" {
                continue;
            }
            let (Some((f, fname)), Some((tf, tname))) = (mine, floor(c.floors, &t)) else {
                continue;
            };
            if tf > f {
                up.push(format!(
                    "{}/src/{rel}:{line} importe `{path}` ({t}) : étage « {tname} » au-dessus de son étage « {fname} »",
                    c.name
                ));
            }
            // Dans une partie : saisie ← calculs ← règles.
            let dir = |r: &str| {
                r.rsplit_once('/')
                    .map(|(d, f)| (d.to_string(), f.to_string()))
            };
            if let (Some((d1, f1)), Some((d2, f2))) = (dir(rel), dir(&t))
                && d1 == d2
                && (30..40).contains(&f)
                && let (Some(r1), Some(r2)) = (
                    PART_FILES.iter().find(|(n, _)| *n == f1).map(|x| x.1),
                    PART_FILES.iter().find(|(n, _)| *n == f2).map(|x| x.1),
                )
                && r2 > r1
            {
                up.push(format!(
                    "{}/src/{rel}:{line} importe `{path}` : dans une partie, {f1} ne lit pas {f2} (saisie ← calculs ← règles)",
                    c.name
                ));
            }
        }
    }
    (up, circles(&g))
}

#[test]
fn no_file_imports_from_a_higher_floor_and_no_circle() {
    let mut report = Vec::new();
    for c in crates() {
        let (up, circles) = violations(&c);
        report.extend(up);
        for comp in circles {
            report.push(format!(
                "{} : cercle d'imports entre {}",
                c.name,
                comp.join(", ")
            ));
        }
    }
    assert!(
        report.is_empty(),
        "Règle des étages (ARCHITECTURE.md) :\n{}",
        report.join("\n")
    );
}

#[test]
fn every_source_file_has_a_floor() {
    for c in crates() {
        let mut paths = Vec::new();
        rs_files(&c.src, &mut paths);
        for p in paths {
            let rel = p
                .strip_prefix(&c.src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            assert!(
                rel == "lib.rs" || floor(c.floors, &rel).is_some(),
                "{}/src/{rel} n'appartient à aucun étage : ajoutez-le à tests/architecture/layers.rs et à ARCHITECTURE.md",
                c.name
            );
        }
    }
}

/// La règle elle-même échoue sur un import vers le haut et sur un cercle (fichiers faits
/// pour l'occasion dans un dossier temporaire).
#[test]
fn the_rule_catches_an_upward_import_and_a_circle() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for (f, text) in [
        ("lib.rs", "pub mod kernel;\npub mod dossier;\n"),
        ("kernel/mod.rs", "pub mod a;\npub mod b;\n"),
        (
            "kernel/a.rs",
            "use crate::dossier::D;\nuse crate::kernel::b::B;\npub struct A;\n",
        ),
        ("kernel/b.rs", "use crate::kernel::a::A;\npub struct B;\n"),
        ("dossier/mod.rs", "pub struct D;\n"),
    ] {
        let p = src.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let c = Crate {
        name: "essai",
        src,
        floors: DOMAIN,
    };
    let (up, circles) = violations(&c);
    assert_eq!(up.len(), 1, "{up:?}");
    assert!(up[0].contains("kernel/a.rs:1") && up[0].contains("« données stockées »"));
    assert_eq!(
        circles,
        vec![vec!["kernel/a.rs".to_string(), "kernel/b.rs".to_string()]]
    );
}
