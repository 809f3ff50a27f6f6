//! Ce que partagent les parcours en fenêtre réelle : tauri-driver, l'attente d'un élément,
//! les captures, la sonde CSP/IPC, et la mise en place commune d'un parcours ([`World`]).

use cpom_domain::kernel::finess::luhn_key;
pub(crate) use fantoccini::elements::Element;
pub(crate) use fantoccini::key::Key;
pub(crate) use fantoccini::{Client, ClientBuilder, Locator};
pub(crate) use serde_json::json;
pub(crate) use std::future::Future;
use std::net::TcpStream;
pub(crate) use std::path::{Path, PathBuf};
pub(crate) use std::process::{Child, Command, Stdio};
pub(crate) use std::time::{Duration, Instant};

pub(crate) type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Délai d'attente d'un élément (le premier lancement peut être lent).
pub(crate) const TIMEOUT: Duration = Duration::from_secs(20);

pub(crate) const APP: &str = env!("CARGO_BIN_EXE_atelier-cpom");

/// Les tests partagent le port de tauri-driver : ils passent l'un après l'autre.
pub(crate) static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// tauri-driver lancé pour un test, arrêté par SIGTERM à la fin (même en cas d'échec).
/// SIGTERM et non SIGKILL : tauri-driver arrête alors WebKitWebDriver (stack-notes, P11).
pub(crate) struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Lance tauri-driver ; l'application héritera de `env` (dossiers XDG, point d'accroche).
    pub(crate) fn start(env: &[(&str, &Path)], author: &str) -> TestResult<Self> {
        let port: u16 = std::env::var("CPOM_E2E_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(4444);
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Err(format!("le port {port} est déjà pris (un tauri-driver oublié ?)").into());
        }
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &(port + 1).to_string(),
        ]);
        if Path::new("/usr/bin/WebKitWebDriver").exists() {
            cmd.args(["--native-driver", "/usr/bin/WebKitWebDriver"]);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.env("CPOM_AUTEUR", author)
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        let child = cmd.spawn().map_err(|e| {
            format!("tauri-driver introuvable ({e}) : cargo install tauri-driver --locked")
        })?;
        let driver = Self { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(10) {
                return Err("tauri-driver n'écoute pas après 10 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    /// Nouvelle session WebDriver = nouveau processus de l'application.
    pub(crate) async fn session(&self) -> TestResult<Client> {
        let caps = json!({ "browserName": "wry", "tauri:options": { "application": APP } });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        Ok(client)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Dernier recours seulement.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|h| h.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(p) if p.exists() => p,
        _ => "tauri-driver".into(),
    }
}

/// Interroge `probe` toutes les 100 ms jusqu'à ce qu'il renvoie `Some`, au plus [`TIMEOUT`].
pub(crate) async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> TestResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = TestResult<Option<T>>>,
{
    let start = Instant::now();
    let mut last_error = String::new();
    loop {
        match probe().await {
            Ok(Some(v)) => return Ok(v),
            Ok(None) => {}
            Err(e) => last_error = e.to_string(),
        }
        if start.elapsed() > TIMEOUT {
            return Err(format!("délai dépassé en attendant : {what} {last_error}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Ouvre les sections repliées (`<details>`) qui contiennent `css`, comme le ferait
/// l'utilisateur avant d'y toucher.
pub(crate) const UNFOLD: &str = r#"
for (const el of document.querySelectorAll(arguments[0])) {
  for (let d = el.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
}
return true;
"#;

/// Le premier élément visible qui correspond à `css` (ses sections repliées ouvertes).
pub(crate) async fn visible(c: &Client, css: &str) -> TestResult<Element> {
    wait_until(&format!("« {css} » visible"), || async move {
        c.execute(UNFOLD, vec![json!(css)]).await?;
        for e in c.find_all(Locator::Css(css)).await? {
            if e.is_displayed().await? {
                return Ok(Some(e));
            }
        }
        Ok(None)
    })
    .await
}

/// Ouvre le menu (`<details>`) qui contient `css`, s'il y en a un (menus Fichier et Aide).
pub(crate) const OPEN_MENU: &str = r#"
const el = document.querySelector(arguments[0]);
const d = el && el.closest('details');
if (d && !d.open) d.open = true;
return true;
"#;

/// Attend que `css` soit visible puis clique (réessaie tant qu'il n'est pas cliquable) ; un
/// élément rangé dans un menu est atteint en ouvrant le menu, comme le ferait l'utilisateur.
pub(crate) async fn click(c: &Client, css: &str) -> TestResult<Element> {
    wait_until(&format!("clic sur « {css} »"), || async move {
        c.execute(OPEN_MENU, vec![json!(css)]).await?;
        let e = visible(c, css).await?;
        Ok(e.click().await.ok().map(|()| e))
    })
    .await
}

/// Attend qu'aucun élément visible ne corresponde à `css`.
pub(crate) async fn gone(c: &Client, css: &str) -> TestResult {
    wait_until(&format!("disparition de « {css} »"), || async move {
        for e in c.find_all(Locator::Css(css)).await? {
            if e.is_displayed().await.unwrap_or(false) {
                return Ok(None);
            }
        }
        Ok(Some(()))
    })
    .await
}

/// Attend que le texte de `css` contienne `needle`, et le renvoie.
pub(crate) async fn text_containing(c: &Client, css: &str, needle: &str) -> TestResult<String> {
    wait_until(&format!("« {needle} » dans « {css} »"), || async move {
        let t = visible(c, css).await?.text().await?;
        Ok(t.contains(needle).then_some(t))
    })
    .await
}

/// L'accueil est prêt : boutons visibles et premiers appels IPC revenus (version affichée).
/// (Au démarrage, l'interface demande aussi `dossier_get` ; cliquer avant son retour peut
/// faire rejouer l'entrée dans le dossier.)
pub(crate) async fn home_ready(c: &Client) -> TestResult {
    visible(c, "#btn-nouveau").await?;
    text_containing(c, "footer", "Version").await?;
    Ok(())
}

pub(crate) const ESMS_TAB_SELECTED: &str = r#"[data-tab="esms"][aria-selected="true"]"#;

/// Affiche Organisme & périmètre › onglet ESMS (clique tant qu'il n'est pas sélectionné).
pub(crate) async fn show_esms_tab(c: &Client) -> TestResult {
    wait_until("onglet ESMS sélectionné", || async move {
        if !c
            .find_all(Locator::Css(ESMS_TAB_SELECTED))
            .await?
            .is_empty()
        {
            return Ok(Some(()));
        }
        for css in [r#"[data-nav="perimetre"]"#, r#"[data-tab="esms"]"#] {
            if let Ok(e) = c.find(Locator::Css(css)).await {
                let _ = e.click().await;
            }
        }
        Ok(None)
    })
    .await
}

/// Tape `text` dans un champ puis le quitte (Tab) pour déclencher l'enregistrement.
pub(crate) async fn type_and_blur(field: &Element, text: &str) -> TestResult {
    field.clear().await?;
    field.send_keys(&format!("{text}{}", Key::Tab)).await?;
    Ok(())
}

pub(crate) fn artifacts() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("racine du dépôt");
    let dir = root.join("artifacts/e2e");
    std::fs::create_dir_all(&dir).expect("création de artifacts/e2e");
    dir
}

pub(crate) async fn screenshot(c: &Client, name: &str) -> TestResult<PathBuf> {
    let path = artifacts().join(name);
    std::fs::write(&path, c.screenshot().await?)?;
    println!("capture : {}", path.display());
    Ok(path)
}

/// Exécute un parcours ; en cas d'échec, garde une capture et le HTML de la page.
pub(crate) async fn journey<T>(
    c: &Client,
    name: &str,
    steps: impl Future<Output = TestResult<T>>,
) -> TestResult<T> {
    let result = steps.await;
    if let Err(e) = &result {
        let _ = screenshot(c, &format!("echec-{name}.png")).await;
        if let Ok(html) = c.source().await {
            let _ = std::fs::write(artifacts().join(format!("echec-{name}.html")), html);
        }
        eprintln!("échec du parcours « {name} » : {e}");
    }
    result
}

/// Un FINESS valide (clé de Luhn calculée) et le même avec une mauvaise clé.
pub(crate) fn finess_pair(first8: &str) -> (String, String) {
    let key = luhn_key(first8).to_digit(10).expect("clé numérique");
    let good = format!("{first8}{key}");
    let bad = format!("{first8}{}", (key + 1) % 10);
    println!("FINESS : valide {good}, clé erronée {bad} (clé de Luhn de {first8} = {key})");
    (good, bad)
}

/// Sonde installée dans la page : appels IPC par le protocole `ipc:` (réussis / échoués),
/// avertissements de la console et violations de la CSP.
pub(crate) const CSP_PROBE: &str = r#"
const p = { ipcOk: 0, ipcFailed: 0, warns: [], violations: [] };
window.__cpomSonde = p;
document.addEventListener('securitypolicyviolation',
  (e) => p.violations.push(e.violatedDirective + ' ' + e.blockedURI));
const warn = console.warn.bind(console);
console.warn = (...a) => { p.warns.push(a.map(String).join(' ')); warn(...a); };
const f = window.fetch.bind(window);
window.fetch = (input, init) => {
  const u = String((input && input.url) || input);
  const r = f(input, init);
  if (u.startsWith('ipc:') || u.startsWith('http://ipc.localhost')) {
    r.then(() => p.ipcOk++, () => p.ipcFailed++);
  }
  return r;
};
"#;

/// Sous la CSP stricte : l'IPC passe par le protocole `ipc:` sans repli sur `postMessage`,
/// sans violation ; et un script en ligne injecté est bien bloqué.
pub(crate) async fn check_csp_and_ipc(c: &Client) -> TestResult {
    let probe = c.execute("return window.__cpomSonde;", vec![]).await?;
    println!("sonde IPC/CSP : {probe}");
    assert!(
        probe["ipcOk"].as_u64().unwrap_or(0) >= 1,
        "aucun appel IPC par ipc:// : {probe}"
    );
    assert_eq!(probe["ipcFailed"], 0, "{probe}");
    assert_eq!(
        probe["violations"],
        json!([]),
        "violations de la CSP : {probe}"
    );
    let fallback = probe["warns"].as_array().into_iter().flatten().any(|w| {
        w.as_str()
            .is_some_and(|w| w.contains("IPC custom protocol failed"))
    });
    assert!(!fallback, "repli de l'IPC sur postMessage : {probe}");

    let ran = c
        .execute(
            "const s = document.createElement('script'); \
             s.textContent = 'window.__cpomEnLigne = true'; document.head.appendChild(s); \
             return window.__cpomEnLigne === true;",
            vec![],
        )
        .await?;
    assert_eq!(
        ran,
        json!(false),
        "un script en ligne a été exécuté malgré la CSP"
    );
    let v = wait_until("violation script-src signalée", || async {
        let v = c
            .execute("return window.__cpomSonde.violations;", vec![])
            .await?;
        let hit = v
            .as_array()
            .into_iter()
            .flatten()
            .any(|x| x.as_str().is_some_and(|x| x.starts_with("script-src")));
        Ok(hit.then_some(v))
    })
    .await?;
    println!("script en ligne bloqué par la CSP : {v}");
    Ok(())
}

pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Le processus de l'application lancé pour ce test : même exécutable et même
/// `CPOM_E2E_DIALOG_DIR` (dossier temporaire propre au test) dans son environnement.
pub(crate) fn app_pid(dialog_dir: &Path) -> Option<u32> {
    let app = std::fs::canonicalize(APP).ok()?;
    let marker = format!("CPOM_E2E_DIALOG_DIR={}", dialog_dir.display());
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(Result::ok)
        .find_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(e.path().join("exe")).ok()?;
            let environ = std::fs::read(e.path().join("environ")).ok()?;
            let ours = exe == app && environ.split(|b| *b == 0).any(|v| v == marker.as_bytes());
            ours.then_some(pid)
        })
}

/// Donne une valeur à un champ de date (`<input type="date">`, que WebKitWebDriver ne sait pas
/// remplir au clavier de façon fiable) comme le ferait l'utilisateur : `input` puis `change`.
pub(crate) const SET_DATE: &str = r#"
const el = document.querySelector(arguments[0]);
if (!el) return false;
el.focus();
el.value = arguments[1];
el.dispatchEvent(new Event('input', { bubbles: true }));
el.dispatchEvent(new Event('change', { bubbles: true }));
el.blur();
return true;
"#;

pub(crate) async fn set_date(c: &Client, css: &str, iso: &str) -> TestResult {
    wait_until(&format!("date « {iso} » dans « {css} »"), || async move {
        let done = c.execute(SET_DATE, vec![json!(css), json!(iso)]).await?;
        Ok((done == json!(true)).then_some(()))
    })
    .await
}

/// Fait défiler le contenu principal jusqu'à `css` (haut de l'élément en haut de l'écran).
pub(crate) async fn scroll_to(c: &Client, css: &str) -> TestResult {
    c.execute(
        "const el = document.querySelector(arguments[0]); const m = document.querySelector('main');
         if (el && m) m.scrollTop += el.getBoundingClientRect().top - m.getBoundingClientRect().top - 8;
         return true;",
        vec![json!(css)],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    Ok(())
}

/// Remonte le contenu principal en haut (captures de l'en-tête d'une étape).
pub(crate) async fn scroll_top(c: &Client) -> TestResult {
    c.execute(
        "document.querySelector('main')?.scrollTo(0, 0); return true;",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    Ok(())
}

/// Aucune erreur de page après la navigation dans les étapes (pas de sonde CSP ici : elle
/// est installée par `dossier_exemple` avant l'ouverture).
pub(crate) async fn check_csp_and_ipc_after_navigation(c: &Client) -> TestResult {
    let alert = c.find_all(Locator::Css("#shell-alert")).await?;
    for a in alert {
        if a.is_displayed().await? {
            return Err(format!("message d'erreur affiché : {}", a.text().await?).into());
        }
    }
    Ok(())
}

/// Donne une valeur à un champ (date, liste déroulante) comme le ferait l'utilisateur.
pub(crate) async fn set_value(c: &Client, css: &str, value: &str) -> TestResult {
    set_date(c, css, value).await
}

/// L'attribut `data-path` de l'élément qui a le focus.
pub(crate) async fn focused_path(c: &Client) -> TestResult<String> {
    let p = c
        .execute(
            "return document.activeElement?.getAttribute('data-path') ?? ''",
            vec![],
        )
        .await?;
    Ok(p.as_str().unwrap_or_default().to_string())
}

/// Nombre d'éléments qui correspondent à `css`.
pub(crate) async fn count(c: &Client, css: &str) -> TestResult<usize> {
    Ok(c.find_all(Locator::Css(css)).await?.len())
}

/// Affiche Organisme & périmètre › ESMS et sélectionne la ligne `id`.
pub(crate) async fn select_esms(c: &Client, id: &str) -> TestResult {
    show_esms_tab(c).await?;
    click(c, &format!(r#"#esms-table tr[data-id="{id}"] .row-select"#)).await?;
    visible(c, &format!(r#"#esms-form[data-id="{id}"]"#)).await?;
    Ok(())
}

/// Vrai si le contrôle `css` (premier visible) est modifiable.
pub(crate) async fn enabled(c: &Client, css: &str) -> TestResult<bool> {
    Ok(visible(c, css).await?.is_enabled().await?)
}

/// La mise en place commune d'un parcours : un parcours à la fois (port de tauri-driver
/// partagé), des dossiers XDG neufs et le dossier des boîtes « Enregistrer sous » remplacées
/// (`CPOM_E2E_DIALOG_DIR`) ; [`World::driver`] lance tauri-driver (et l'application) au nom
/// d'un auteur, autant de fois que le parcours a de sessions.
pub(crate) struct World {
    _serial: tokio::sync::MutexGuard<'static, ()>,
    pub(crate) tmp: tempfile::TempDir,
    /// Où l'application écrit ce que l'utilisateur enregistre (dossiers, PDF, classeurs…).
    pub(crate) dossiers: PathBuf,
    env: Vec<(&'static str, PathBuf)>,
}

impl World {
    pub(crate) async fn new() -> TestResult<Self> {
        let serial = SERIAL.lock().await;
        let tmp = tempfile::tempdir()?;
        let dossiers = tmp.path().join("dossiers");
        let env = vec![
            ("XDG_DATA_HOME", tmp.path().join("data")),
            ("XDG_CONFIG_HOME", tmp.path().join("config")),
            ("CPOM_E2E_DIALOG_DIR", dossiers.clone()),
        ];
        Ok(Self {
            _serial: serial,
            tmp,
            dossiers,
            env,
        })
    }

    /// Une variable de plus dans l'environnement de l'application (langue de la machine…).
    pub(crate) fn set_env(&mut self, key: &'static str, value: &str) {
        self.env.push((key, PathBuf::from(value)));
    }

    /// tauri-driver lancé pour une session de l'application, au nom de `author`.
    pub(crate) fn driver(&self, author: &str) -> TestResult<Driver> {
        let env: Vec<(&str, &Path)> = self.env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        Driver::start(&env, author)
    }
}
