//! Ce que mesure le banc : le temps processeur du processus (tous ses fils, en
//! nanosecondes, `/proc/self/task/*/schedstat`), celui de ses enfants terminés
//! (`/proc/self/stat`, pour LibreOffice), la mémoire de pointe (`VmHWM`, remise au niveau
//! courant avant chaque mesure par `/proc/self/clear_refs`) et le temps écoulé. Linux
//! seulement ; ailleurs les valeurs manquent (0) et le banc le dit.

use std::time::Instant;

use serde_json::{Value, json};

/// Temps processeur consommé par le processus jusqu'ici, en nanosecondes.
pub fn cpu_ns() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    dir.flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// Temps processeur du fil courant, en nanosecondes (mesure d'une saisie).
pub fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Temps processeur des enfants terminés et attendus, en millisecondes (tics de 10 ms).
pub fn children_cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Après le nom du programme (entre parenthèses) : champs 3 et suivants.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    // cutime et cstime sont les champs 16 et 17, soit les rangs 13 et 14 après « ) ».
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(13) + ticks(14)) * 10.0
}

/// Mémoire de pointe du processus (VmHWM), en Mo.
pub fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Ramène la mémoire de pointe au niveau courant (la mesure qui suit ne compte qu'elle).
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Une mesure : temps processeur, temps écoulé, mémoire de pointe, et ce que l'opération
/// ajoute (taille, nombre de lignes…).
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Value) {
    reset_peak();
    let (c0, t0) = (cpu_ns(), Instant::now());
    let out = f();
    let (cpu, wall) = (cpu_ns() - c0, t0.elapsed());
    (
        out,
        json!({
            "cpu_ms": cpu as f64 / 1e6,
            "wall_ms": wall.as_secs_f64() * 1e3,
            "peak_mb": peak_mb(),
        }),
    )
}

/// Le centile `p` (0 à 100) d'une liste de durées.
pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[i.min(v.len() - 1)]
}
