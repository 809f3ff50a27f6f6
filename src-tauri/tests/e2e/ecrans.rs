//! Parcours en fenêtre réelle (voir `main.rs`) : chaque écran des dossiers exemples
//! (personnes handicapées, personnes âgées, contrat signé en cours de suivi) et d'un dossier neuf, à 1280×820 et à 1024×700, capturé (`artifacts/e2e/ecran-…png`) et vérifié :
//! aucun champ, aucune cellule, aucun montant coupé (contenu plus large que sa boîte), aucun
//! défilement de côté de la zone principale.

use crate::harness::*;

/// Les contrôles coupés et le défilement horizontal de `<main>` (liste vide : tout tient).
/// Un champ de texte est coupé si son texte (ou, vide, son texte d'exemple) est plus large
/// que sa zone de saisie ; une liste déroulante si le libellé choisi l'est ; une cellule ou
/// un montant si son contenu déborde. Les tableaux qui défilent dans leur propre cadre
/// (première colonne fixe) sont permis : pas la page.
pub(crate) const CLIPPED: &str = r#"
const main = document.querySelector('main');
const out = [];
if (!main) return ['pas de <main>'];
if (main.scrollWidth > main.clientWidth + 1) {
  // Nomme les éléments les plus profonds qui dépassent à droite (hors cadres qui défilent).
  const right = main.getBoundingClientRect().right;
  const over = [];
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= right + 1) continue;
    let p = el.parentElement, framed = false;
    while (p && p !== main) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') { framed = true; break; }
      p = p.parentElement;
    }
    if (framed) continue;
    if ([...el.children].some((ch) => ch.getBoundingClientRect().right > right + 1)) continue;
    over.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (${Math.round(r.right - right)} px)`);
  }
  out.push(`zone principale : défile de côté (${main.scrollWidth} > ${main.clientWidth})${over.length ? ' — dépassent : ' + over.slice(0, 4).join(', ') : ''}`);
}
const canvas = document.createElement('canvas');
const ctx = canvas.getContext('2d');
function textWidth(el, text) {
  const cs = getComputedStyle(el);
  ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  return ctx.measureText(text).width;
}
function inner(el) {
  const cs = getComputedStyle(el);
  return el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
}
function visible(el) {
  if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && !el.closest('.sr-only, [hidden], details:not([open]) > :not(summary)');
}
function name(el) {
  const id = el.getAttribute('data-path') || el.getAttribute('data-field') || el.id || '';
  const row = el.closest('tr');
  const where = el.closest('table')?.id || el.closest('section[id]')?.id || '';
  return `${el.tagName.toLowerCase()}${id ? '[' + id + ']' : ''}${where ? ' dans #' + where : ''}${row && !id ? ' (ligne ' + (row.rowIndex) + ')' : ''}`;
}
for (const el of main.querySelectorAll('input, select, textarea')) {
  if (!visible(el)) continue;
  const t = el.type;
  if (['checkbox', 'radio', 'hidden', 'file', 'range', 'color'].includes(t)) continue;
  let text = '';
  let room = inner(el);
  if (el.tagName === 'SELECT') {
    text = el.selectedOptions[0]?.textContent?.trim() ?? '';
    room -= 18; // la flèche
  } else if (el.tagName === 'TEXTAREA') {
    continue; // une zone de texte passe à la ligne
  } else {
    text = el.value || el.placeholder || '';
  }
  if (!text) continue;
  const w = textWidth(el, text);
  if (w > room + 1) out.push(`${name(el)} : « ${text.slice(0, 40)} » (${Math.round(w)} px dans ${Math.round(room)} px)`);
}
for (const el of main.querySelectorAll('td, th, .amount, .montant, [data-amount]')) {
  if (!visible(el)) continue;
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
    out.push(`${name(el)} : « ${(el.textContent || '').trim().slice(0, 40)} » (${el.scrollWidth} px dans ${el.clientWidth} px)`);
  } else if (el.scrollWidth > el.clientWidth + 1 && el.children.length === 0) {
    out.push(`${name(el)} : « ${(el.textContent || '').trim().slice(0, 40)} » déborde (${el.scrollWidth} > ${el.clientWidth})`);
  }
}
for (const el of main.querySelectorAll('h1, h2, h3, .nav-label')) {
  if (!visible(el)) continue;
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow === 'ellipsis') {
    out.push(`${name(el)} : titre coupé « ${(el.textContent || '').trim().slice(0, 40)} »`);
  }
}
return out;
"#;

/// Les écrans d'un dossier ouvert : (nom de capture, sélecteurs à cliquer dans l'ordre).
fn screens() -> Vec<(String, Vec<String>)> {
    let mut v: Vec<(String, Vec<String>)> = vec![
        (
            "tableau-de-bord".into(),
            vec![r#"[data-nav="tableau-de-bord"]"#.into()],
        ),
        (
            "perimetre-organisme".into(),
            vec![
                r#"[data-nav="perimetre"]"#.into(),
                r#"[data-tab="organisme"]"#.into(),
            ],
        ),
        (
            "perimetre-cpom".into(),
            vec![
                r#"[data-nav="perimetre"]"#.into(),
                r#"[data-tab="cpom"]"#.into(),
            ],
        ),
        (
            "perimetre-esms".into(),
            vec![
                r#"[data-nav="perimetre"]"#.into(),
                r#"[data-tab="esms"]"#.into(),
            ],
        ),
        ("lancement".into(), vec![r#"[data-nav="lancement"]"#.into()]),
        (
            "diagnostic".into(),
            vec![r#"[data-nav="diagnostic"]"#.into()],
        ),
    ];
    for s in [
        "indicateurs",
        "complementaires",
        "finances",
        "creton",
        "synthese",
        "sources",
    ] {
        v.push((
            format!("diagnostic-{s}"),
            vec![
                r#"[data-nav="diagnostic"]"#.into(),
                format!(r#"[data-diag="{s}"]"#),
            ],
        ));
    }
    v.extend([
        (
            "objectifs-fiche".into(),
            vec![
                r#"[data-nav="objectifs"]"#.into(),
                r#"[data-obj-pane="fiche"]"#.into(),
            ],
        ),
        (
            "objectifs-ensemble".into(),
            vec![
                r#"[data-nav="objectifs"]"#.into(),
                r#"[data-obj-pane="ensemble"]"#.into(),
            ],
        ),
        ("signature".into(), vec![r#"[data-nav="signature"]"#.into()]),
        (
            "pret-signature".into(),
            vec![r#"[data-nav="pret-signature"]"#.into()],
        ),
        (
            "contributions".into(),
            vec![r#"[data-nav="contributions"]"#.into()],
        ),
    ]);
    // Le suivi du contrat (dossier signé seulement : absent des autres).
    for t in ["revue", "echeancier", "dialogues", "avenants", "bilans"] {
        v.push((
            format!("suivi-{t}"),
            vec![
                r#"[data-nav="suivi"]"#.into(),
                format!(r#"[data-suivi-tab="{t}"]"#),
            ],
        ));
    }
    v
}

/// Les axes du diagnostic affichés (boutons `[data-diag^="axe:"]`).
async fn axes(c: &Client) -> TestResult<Vec<String>> {
    let v = c
        .execute(
            "return [...document.querySelectorAll('[data-diag^=\"axe:\"]')].map(e => e.getAttribute('data-diag'));",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect())
}

/// Capture l'écran en haut, puis au milieu et en bas s'il est long ; renvoie les défauts.
async fn shoot(c: &Client, name: &str) -> TestResult<Vec<String>> {
    scroll_top(c).await?;
    screenshot(c, &format!("ecran-{name}.png")).await?;
    let h = c
        .execute(
            "const m = document.querySelector('main'); return [m.scrollHeight, m.clientHeight];",
            vec![],
        )
        .await?;
    let (total, seen) = (h[0].as_f64().unwrap_or(0.0), h[1].as_f64().unwrap_or(1.0));
    let mut part = 1;
    let mut y = seen * 0.9;
    while y < total - seen * 0.2 && part < 10 {
        c.execute(
            "document.querySelector('main').scrollTo(0, arguments[0]); return true;",
            vec![json!(y)],
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        part += 1;
        screenshot(c, &format!("ecran-{name}-{part}.png")).await?;
        y += seen * 0.9;
    }
    // Les sections repliées aussi : tout est vérifié.
    c.execute(
        "document.querySelectorAll('main details.fold').forEach(d => d.open = true); return true;",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let found = c.execute(CLIPPED, vec![]).await?;
    Ok(found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(|s| format!("{name} : {s}")))
        .collect())
}

/// Visite chaque écran du dossier ouvert à la taille donnée ; les défauts trouvés.
async fn tour(c: &Client, prefix: &str) -> TestResult<Vec<String>> {
    let mut defects = Vec::new();
    let mut list = screens();
    click(c, r#"[data-nav="diagnostic"]"#).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    for axe in axes(c).await? {
        list.push((
            format!("diagnostic-{}", axe.replace(':', "-")),
            vec![
                r#"[data-nav="diagnostic"]"#.into(),
                format!(r#"[data-diag="{axe}"]"#),
            ],
        ));
    }
    for (name, clicks) in list {
        let mut reachable = true;
        for css in &clicks {
            if count(c, css).await? == 0 {
                reachable = false;
                break;
            }
            // Clic par le script de la page : le bouton peut être sous la barre d'état.
            c.execute(
                "document.querySelector(arguments[0]).click(); return true;",
                vec![json!(css)],
            )
            .await?;
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
        if !reachable {
            println!("écran {name} : absent de ce dossier");
            continue;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        defects.extend(shoot(c, &format!("{prefix}-{name}")).await?);
        if name == "perimetre-esms" && count(c, "#esms-table tr[data-id] .row-select").await? > 0 {
            click(c, "#esms-table tr[data-id] .row-select").await?;
            visible(c, "#esms-form").await?;
            defects.extend(shoot(c, &format!("{prefix}-perimetre-esms-fiche")).await?);
        }
    }
    Ok(defects)
}

async fn at_size(c: &Client, w: u32, h: u32) -> TestResult {
    c.set_window_size(w, h).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let inner = c
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await?;
    println!("fenêtre demandée {w}×{h}, page {inner}");
    Ok(())
}

#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn chaque_ecran_tient_dans_la_fenetre() -> TestResult {
    let world = World::new().await?;
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let result = journey(&c, "ecrans", async {
        home_ready(&c).await?;
        let mut defects = Vec::new();
        for (w, h) in [(1280, 820), (1024, 700)] {
            at_size(&c, w, h).await?;
            // Le dossier exemple.
            if count(&c, "#btn-fermer").await? > 0 {
                click(&c, "#btn-fermer").await?;
            }
            click(&c, "#btn-exemple").await?;
            visible(&c, "#step-progress").await?;
            defects.extend(tour(&c, &format!("{w}-exemple")).await?);
            click(&c, "#btn-fermer").await?;
            // Le dossier exemple « personnes âgées » (EHPAD, résidence autonomie, SSIAD).
            click(&c, "#btn-exemple-pa").await?;
            visible(&c, "#step-progress").await?;
            defects.extend(tour(&c, &format!("{w}-exemple-pa")).await?);
            click(&c, "#btn-fermer").await?;
            // Le dossier exemple signé, en cours de suivi (partie « Suivi du contrat »).
            click(&c, "#btn-exemple-suivi").await?;
            visible(&c, r#"[data-nav="suivi"]"#).await?;
            defects.extend(tour(&c, &format!("{w}-exemple-suivi")).await?);
            click(&c, "#btn-fermer").await?;
            // Un dossier neuf (boîte « Enregistrer sous » remplacée par le point d'accroche).
            click(&c, "#btn-nouveau").await?;
            visible(&c, "#step-progress").await?;
            defects.extend(tour(&c, &format!("{w}-neuf")).await?);
            click(&c, "#btn-fermer").await?;
            visible(&c, "#btn-nouveau").await?;
        }
        for d in &defects {
            println!("DÉFAUT {d}");
        }
        assert!(
            defects.is_empty(),
            "{} défaut(s) de mise en page : {defects:#?}",
            defects.len()
        );
        Ok(())
    })
    .await;
    c.close().await?;
    result
}
