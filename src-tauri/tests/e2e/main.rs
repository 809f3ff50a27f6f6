//! Tests de bout en bout dans la vraie fenêtre : l'application compilée, WebKitGTK, l'IPC et
//! le fichier `.cpom` réels, pilotés par WebDriver.
//!
//! Chaîne : fantoccini → `tauri-driver` (port 4444) → `/usr/bin/WebKitWebDriver` (port 4445)
//! → binaire `atelier-cpom`. Ignorés par défaut (il faut un écran) ; à lancer avec :
//!
//! ```sh
//! xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored --test-threads=1
//! ```
//!
//! Prérequis : `cargo install tauri-driver --locked`, paquets `webkit2gtk-driver` et `xvfb`
//! (`scripts/installer-dependances.sh --tests`), interface construite dans `ui/dist`.
//! Les captures d'écran vont dans `artifacts/e2e/` (ignoré par git) ; en cas d'échec, une
//! capture `echec-<test>.png` et le HTML de la page y sont aussi écrits.
//!
//! Variables : `CPOM_E2E_PORT` (port de tauri-driver, 4444 par défaut ; le pilote natif prend
//! le suivant), `TAURI_DRIVER` (chemin de tauri-driver s'il n'est pas dans le PATH).

mod harness;

mod contributions;
mod ecrans;
mod etapes;
mod exemple;
mod exemple_pa;
mod nouveau_dossier;
mod objectifs_signature;
mod quotidien;
mod regions;
mod suivi;
