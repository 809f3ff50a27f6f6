//! Parcours en fenêtre réelle (voir `main.rs`) : l'usage de tous les jours, sur une machine
//! réglée en anglais (`LANG=en_US.UTF-8`) — un dossier neuf calme (rien de rouge), des
//! comptes qui disent la même chose partout, une date tapée « 21/03/2026 » enregistrée
//! 2026-03-21, annuler puis rétablir une saisie (le journal montre les deux), la recherche
//! (un ESMS par son FINESS, une fiche par un mot de son titre), « Ouvrir » sans programme,
//! et les temps de lancement (jusqu'à l'accueil, jusqu'au dossier ouvert, à froid et à chaud).

use crate::harness::*;

/// Ce qui s'affiche en rouge (texte, fond ou bordure gauche de la couleur des erreurs,
/// #b3261e) dans la fenêtre : pastilles, messages, champs.
const RED: &str = r#"
const red = 'rgb(179, 38, 30)';
const out = [];
for (const el of document.querySelectorAll('body *')) {
  if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
  const cs = getComputedStyle(el);
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if ((own && cs.color === red) || cs.backgroundColor === red || cs.borderLeftColor === red && parseFloat(cs.borderLeftWidth) >= 2) {
    out.push(el.outerHTML.slice(0, 140));
  }
}
return out;
"#;

/// Un raccourci clavier tel que la fenêtre le reçoit.
async fn shortcut(c: &Client, key: &str, shift: bool) -> TestResult {
    c.execute(
        "window.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], ctrlKey: true, shiftKey: arguments[1], bubbles: true})); return true;",
        vec![json!(key), json!(shift)],
    )
    .await?;
    Ok(())
}

async fn number(c: &Client, css: &str) -> TestResult<i64> {
    let t = visible(c, css).await?.text().await?;
    let n: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    Ok(n.parse().unwrap_or(0))
}

/// Les comptes que montrent la barre d'état, la navigation et les cartes : tous du même bilan.
async fn counts_agree(c: &Client) -> TestResult<i64> {
    let todo = if count(c, r#"#validation-count [data-count="a_completer"]"#).await? > 0 {
        number(c, r#"#validation-count [data-count="a_completer"]"#).await?
    } else {
        0
    };
    let errors = number(c, r#"#validation-count [data-count="erreurs"]"#).await?;
    let ready = c
        .execute(
            "return Number(document.querySelector('[data-nav=\"pret-signature\"] [data-count]').getAttribute('data-count'));",
            vec![],
        )
        .await?;
    assert_eq!(
        ready.as_i64(),
        Some(todo + errors),
        "barre d'état {todo} + {errors}, « Prêt pour signature » {ready}"
    );
    let per_step = c
        .execute(
            "return [...document.querySelectorAll('.sidenav [data-nav-state]')].map(e => Number(e.getAttribute('data-count')));",
            vec![],
        )
        .await?;
    let sum: i64 = per_step
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_i64())
        .sum();
    assert_eq!(
        sum,
        todo + errors,
        "pastilles des étapes {per_step} ≠ {todo} + {errors}"
    );
    Ok(todo + errors)
}

#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn usage_quotidien_sur_une_machine_en_anglais() -> TestResult {
    let mut world = World::new().await?;
    world.set_env("LANG", "en_US.UTF-8");
    world.set_env("LC_ALL", "en_US.UTF-8");
    world.set_env("LANGUAGE", "en_US");
    world.set_env("CPOM_E2E_NO_OPENER", "1");
    let driver = world.driver("Testeuse E2E")?;
    let file = world.dossiers.join("dossier-1.cpom");

    // Lancement à froid : jusqu'à l'accueil, puis jusqu'au dossier exemple ouvert.
    let t0 = Instant::now();
    let c = driver.session().await?;
    let result = journey(&c, "quotidien", async {
        home_ready(&c).await?;
        let cold_home = t0.elapsed();
        let t1 = Instant::now();
        click(&c, "#btn-exemple").await?;
        visible(&c, "#step-progress").await?;
        let cold_open = t1.elapsed();
        println!("TEMPS à froid : accueil {cold_home:?}, dossier exemple ouvert {cold_open:?} de plus");
        // Première image de la page (l'écran de chargement d'index.html) et interface prête,
        // comptées depuis le début du chargement de la page dans la fenêtre.
        let paint = c
            .execute(
                "const p = performance.getEntriesByType('paint').map(e => [e.name, Math.round(e.startTime)]); \
                 const n = performance.getEntriesByType('navigation')[0]; \
                 return {paint: p, domContentLoaded: n ? Math.round(n.domContentLoadedEventEnd) : null, load: n ? Math.round(n.loadEventEnd) : null};",
                vec![],
            )
            .await?;
        println!("TEMPS page : {paint}");
        let lang = c.execute("return navigator.language;", vec![]).await?;
        println!("langue de la page : {lang}");
        assert!(lang.as_str().is_some_and(|l| l.starts_with("en")), "machine en anglais : {lang}");
        click(&c, "#btn-fermer").await?;

        // Un dossier neuf : rien de rouge, tout « à compléter », une prochaine chose à faire.
        click(&c, "#btn-nouveau").await?;
        visible(&c, "#step-progress").await?;
        let next = visible(&c, "#next-step-text").await?.text().await?;
        assert!(next.contains("organisme"), "prochaine chose à faire : {next}");
        let red = c
            .execute(
                "return [...document.querySelectorAll('.sev-erreur, [data-tone=\"erreur\"], .nav-state.state-en_cours:not(.todo), .count:not(.todo)')].filter(e => e.offsetParent).map(e => e.outerHTML.slice(0, 120));",
                vec![],
            )
            .await?;
        assert_eq!(red, json!([]), "un dossier neuf n'a rien de rouge");
        let red = c.execute(RED, vec![]).await?;
        assert_eq!(red, json!([]), "rien de rouge sur le tableau de bord d'un dossier neuf");
        let blocking = counts_agree(&c).await?;
        assert!(blocking > 0);
        screenshot(&c, "quotidien-neuf-calme.png").await?;
        click(&c, "#btn-next-step").await?;
        wait_until("focus sur la raison sociale", || async {
            Ok((focused_path(&c).await? == "organisme.raison_sociale").then_some(()))
        })
        .await?;
        let red = count(&c, r#"main .field-issue.sev-erreur"#).await?;
        assert_eq!(red, 0, "aucun message rouge sous les champs jamais touchés");
        let red = c.execute(RED, vec![]).await?;
        assert_eq!(red, json!([]), "rien de rouge sur l'organisme d'un dossier neuf (onglets compris)");
        screenshot(&c, "quotidien-neuf-organisme.png").await?;
        // L'étape Signature d'un dossier neuf : l'état du dossier dit « à compléter », en gris,
        // et le panneau des points dit que l'étape n'est pas commencée (le point que compte
        // sa carte), au lieu de « aucun point ».
        click(&c, r#"[data-nav="signature"]"#).await?;
        visible(&c, "#signature-etat").await?;
        let summary = c
            .execute("return document.querySelector('.summary [data-count]')?.textContent ?? '';", vec![])
            .await?;
        assert!(
            summary.as_str().is_some_and(|t| t.contains("à compléter")),
            "état du dossier neuf : {summary}"
        );
        visible(&c, "#step-not-started-signature").await?;
        let red = c.execute(RED, vec![]).await?;
        assert_eq!(red, json!([]), "rien de rouge sur la signature d'un dossier neuf");
        click(&c, r#"[data-nav="perimetre"]"#).await?;

        // Annuler / rétablir, nommés, par le journal.
        let raison = visible(&c, r#"[data-path="organisme.raison_sociale"]"#).await?;
        type_and_blur(&raison, "Association Test").await?;
        visible(&c, r#"#save-status[data-state="saved"]"#).await?;
        let raison = visible(&c, r#"[data-path="organisme.raison_sociale"]"#).await?;
        type_and_blur(&raison, "Association Test bis").await?;
        wait_until("« Annuler » nomme la saisie", || async {
            let t = visible(&c, "#btn-undo").await?.attr("title").await?.unwrap_or_default();
            Ok(t.contains("Raison sociale").then_some(t))
        })
        .await
        .map(|t| println!("bouton : {t}"))?;
        click(&c, "#btn-undo").await?;
        wait_until("valeur précédente rétablie", || async {
            let v = visible(&c, r#"[data-path="organisme.raison_sociale"]"#).await?.prop("value").await?;
            Ok((v.as_deref() == Some("Association Test")).then_some(()))
        })
        .await?;
        shortcut(&c, "Z", true).await?;
        wait_until("saisie rétablie (Ctrl+Maj+Z)", || async {
            let v = visible(&c, r#"[data-path="organisme.raison_sociale"]"#).await?.prop("value").await?;
            Ok((v.as_deref() == Some("Association Test bis")).then_some(()))
        })
        .await?;
        c.execute("document.activeElement?.blur(); return true;", vec![]).await?;
        shortcut(&c, "z", false).await?;
        wait_until("annulée de nouveau (Ctrl+Z)", || async {
            let v = visible(&c, r#"[data-path="organisme.raison_sociale"]"#).await?.prop("value").await?;
            Ok((v.as_deref() == Some("Association Test")).then_some(()))
        })
        .await?;

        // Une date tapée à la française sur une machine en anglais.
        click(&c, r#"[data-tab="cpom"]"#).await?;
        let effet = visible(&c, r#"[data-path="cpom.date_effet"]"#).await?;
        let placeholder = effet.attr("placeholder").await?.unwrap_or_default();
        assert!(!placeholder.contains('/'), "un champ vide reste vide : « {placeholder} »");
        type_and_blur(&effet, "21/03/2026").await?;
        text_containing(&c, "main", "soit le 21 mars 2026").await?;
        let shown = visible(&c, r#"[data-path="cpom.date_effet"]"#).await?.prop("value").await?;
        assert_eq!(shown.as_deref(), Some("21/03/2026"));
        click(&c, r#"[data-tab="organisme"]"#).await?;
        let ca = visible(&c, r#"[data-path="organisme.date_deliberation_ca"]"#).await?;
        type_and_blur(&ca, "3 avril 2026").await?;
        text_containing(&c, "main", "soit le 3 avril 2026").await?;
        visible(&c, r#"#save-status[data-state="saved"]"#).await?;
        screenshot(&c, "quotidien-dates.png").await?;
        click(&c, "#btn-fermer").await?;
        visible(&c, "#btn-nouveau").await?;

        // La recherche sur le dossier exemple : un ESMS par son FINESS, une fiche par un mot.
        click(&c, "#btn-exemple").await?;
        visible(&c, "#step-progress").await?;
        counts_agree(&c).await?;
        let ex = example();
        let ime = &ex.esms[0];
        let finess = ime.finess_et.clone().ok_or("FINESS de l'exemple")?;
        shortcut(&c, "k", false).await?;
        let input = visible(&c, "#search-input").await?;
        input.send_keys(&finess).await?;
        let hit = r#"#search-results [data-kind="ESMS"][data-target$=".finess_et"]"#;
        text_containing(&c, hit, &ime.nom).await?;
        let path = visible(&c, hit).await?.attr("data-target").await?.unwrap_or_default();
        screenshot(&c, "quotidien-recherche-finess.png").await?;
        visible(&c, "#search-input").await?.send_keys(&Key::Enter.to_string()).await?;
        let id = path.split('.').nth(1).unwrap_or_default().to_string();
        visible(&c, &format!(r#"#esms-form[data-id="{id}"]"#)).await?;
        wait_until("focus sur le FINESS trouvé", || async {
            Ok((focused_path(&c).await? == path).then_some(()))
        })
        .await?;
        let fiche = &ex.objectifs.objectifs[0];
        let word = fiche
            .titre
            .split(' ')
            .find(|w| w.chars().count() >= 7)
            .ok_or("mot du titre")?
            .to_lowercase();
        click(&c, "#btn-search").await?;
        visible(&c, "#search-input").await?.send_keys(&word).await?;
        let hit = r#"#search-results [data-kind="Fiche-objectif"]"#;
        text_containing(&c, hit, &fiche.titre).await?;
        let path = visible(&c, hit).await?.attr("data-target").await?.unwrap_or_default();
        click(&c, hit).await?;
        wait_until("la fiche est ouverte", || async {
            Ok((focused_path(&c).await? == path).then_some(()))
        })
        .await?;
        screenshot(&c, "quotidien-recherche-fiche.png").await?;

        // « Ouvrir le contrat » sans programme pour l'ouvrir : dit en français, dossier proposé.
        click(&c, "#btn-export-pdf").await?;
        click(&c, "#btn-generate-pdf").await?;
        click(&c, "#btn-open-pdf").await?;
        let msg = text_containing(&c, r#".open-message[data-code="aucun_programme"]"#, "Aucun programme").await?;
        assert!(!msg.contains("os error"), "{msg}");
        screenshot(&c, "quotidien-ouvrir-sans-programme.png").await?;
        click(&c, ".btn-show-folder").await?;
        check_csp_and_ipc_after_navigation(&c).await
    })
    .await;
    c.close().await?;
    result?;

    // Le fichier : date enregistrée 2026-03-21, journal avec la saisie et son annulation.
    let s = cpom_services::Session::open_read_only(&file)?;
    let d = s.dossier()?;
    assert_eq!(
        d.cpom.date_effet.map(|x| x.to_string()).as_deref(),
        Some("2026-03-21")
    );
    assert_eq!(
        d.organisme
            .date_deliberation_ca
            .map(|x| x.to_string())
            .as_deref(),
        Some("2026-04-03")
    );
    assert_eq!(d.organisme.raison_sociale, "Association Test");
    let rows: Vec<(String, String)> = {
        let mut st = s.connection().prepare(
            "SELECT coalesce(old_value,''), coalesce(new_value,'') FROM journal WHERE kind = 'organisme' AND field = 'raison_sociale' ORDER BY seq",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    println!("journal de la raison sociale : {rows:?}");
    assert_eq!(
        rows.len(),
        5,
        "deux saisies, annuler, rétablir, annuler : {rows:?}"
    );
    assert_eq!(
        rows[2],
        (
            r#""Association Test bis""#.into(),
            r#""Association Test""#.into()
        )
    );
    s.close_read_only();

    // Lancement à chaud : même machine, même dossier de données.
    let t0 = Instant::now();
    let c = driver.session().await?;
    let warm = journey(&c, "quotidien-chaud", async {
        home_ready(&c).await?;
        let warm_home = t0.elapsed();
        let t1 = Instant::now();
        click(&c, "#btn-exemple").await?;
        visible(&c, "#step-progress").await?;
        println!(
            "TEMPS à chaud : accueil {warm_home:?}, dossier exemple ouvert {:?} de plus",
            t1.elapsed()
        );
        Ok(())
    })
    .await;
    c.close().await?;
    warm
}

/// Le contenu du dossier exemple (les identifiants du fichier ouvert par l'application sont
/// d'autres : on les lit dans la page).
fn example() -> cpom_domain::dossier::Dossier {
    cpom_services::example::large_example(0)
}
