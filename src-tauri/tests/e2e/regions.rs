//! Parcours en fenêtre réelle (voir `main.rs`) : le référentiel régional d'un dossier.
//! L'exemple des Pays de la Loire passe au socle national : le diagnostic montre les axes
//! nationaux sans les tableaux propres au guide PdL, l'export propose le modèle de l'arrêté ;
//! l'étape Signature montre qui perçoit la dotation, le PGFP et le PPI (captures en
//! 1280 × 820 et 1024 × 700).

use crate::harness::*;

/// Une capture à chaque taille de fenêtre revue (la plus petite en dernier, puis rétablie).
async fn screenshots(c: &Client, css: &str, name: &str) -> TestResult {
    for (w, h) in [(1280, 820), (1024, 700)] {
        c.set_window_size(w, h).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        scroll_to(c, css).await?;
        screenshot(c, &format!("{name}-{w}x{h}.png")).await?;
    }
    c.set_window_size(1280, 820).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn referentiel_regional() -> TestResult {
    let world = World::new().await?;
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let result = journey(&c, "regions", async {
        home_ready(&c).await?;
        click(&c, "#btn-exemple").await?;
        show_esms_tab(&c).await?;

        // Le référentiel déduit de la région : Pays de la Loire.
        click(&c, r#"[data-tab="cpom"]"#).await?;
        text_containing(&c, "#pack-courant", "Pays de la Loire").await?;
        screenshots(&c, "#cpom-referentiel", "20-referentiel-pdl").await?;

        // Le diagnostic du guide PdL : ses tableaux 2-D à 2-F.
        click(&c, r#"[data-nav="diagnostic"]"#).await?;
        visible(&c, r#"[data-diag="creton"]"#).await?;
        visible(&c, r#"[data-diag="axe:axe_1_1"]"#).await?;

        // Passage au socle national, choisi dans la liste.
        click(&c, r#"[data-nav="perimetre"]"#).await?;
        click(&c, r#"[data-tab="cpom"]"#).await?;
        set_value(&c, "#f-cpom-pack", "national").await?;
        text_containing(&c, "#pack-courant", "Socle national").await?;
        click(&c, r#"[data-nav="diagnostic"]"#).await?;
        visible(&c, r#"[data-diag="axe:nat_demarche"]"#).await?;
        wait_until("plus de tableau 2-F en national", || async {
            Ok(c
                .find_all(Locator::Css(r#"[data-diag="axe:axe_1_1"]"#))
                .await?
                .is_empty()
                .then_some(()))
        })
        .await?;
        // Les tableaux PdL déjà remplis restent visibles (rien de saisi n'est caché).
        visible(&c, r#"[data-diag="creton"]"#).await?;
        click(&c, r#"[data-diag="axe:nat_demarche"]"#).await?;
        screenshots(&c, "#step-diagnostic", "21-diagnostic-national").await?;

        // L'export propose le modèle du référentiel : l'arrêté du 3 mars 2017.
        click(&c, "#btn-export-pdf").await?;
        let radio = visible(&c, r#"input[data-model="arrete-2017"]"#).await?;
        wait_until("modèle de l'arrêté coché", || async {
            Ok((radio.prop("checked").await?.as_deref() == Some("true")).then_some(()))
        })
        .await?;
        c.execute(
            "document.querySelector('#export-pdf-dialog')?.dispatchEvent(new Event('cancel')); return true;",
            vec![],
        )
        .await?;
        gone(&c, "#export-pdf-dialog").await?;

        // Signature : qui perçoit la dotation, PGFP et PPI saisis dans l'exemple.
        click(&c, r#"[data-nav="signature"]"#).await?;
        visible(&c, "#f-signature-moyens-perception_dotation").await?;
        screenshots(&c, "#sig-moyens", "22-signature-moyens").await?;
        visible(&c, "#frais_siege_etp-total").await?;
        screenshots(
            &c,
            "#f-signature-moyens-frais_siege_integres",
            "22b-signature-eprd-aide-sociale",
        )
        .await?;
        let ops = count(&c, "#ppi-list li").await?;
        assert!(ops >= 2, "opérations du PPI de l'exemple : {ops}");
        visible(&c, "#pgfp-table").await?;
        screenshots(&c, "#sig-pgfp", "23-signature-pgfp").await?;
        screenshots(&c, "#ppi-list", "24-signature-ppi").await?;
        check_csp_and_ipc_after_navigation(&c).await
    })
    .await;
    c.close().await?;
    result
}

/// L'exemple PACA s'ouvre depuis l'accueil (troisième exemple) : son référentiel est celui
/// de l'ARS Provence-Alpes-Côte d'Azur et il est prêt pour signature.
#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn exemple_paca_depuis_l_accueil() -> TestResult {
    let world = World::new().await?;
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let result = journey(&c, "exemple-paca", async {
        home_ready(&c).await?;
        screenshots(&c, "#btn-exemple-paca", "25-accueil-trois-exemples").await?;
        click(&c, "#btn-exemple-paca").await?;
        show_esms_tab(&c).await?;
        click(&c, r#"[data-tab="cpom"]"#).await?;
        text_containing(&c, "#pack-courant", "Provence-Alpes-Côte d'Azur").await?;
        click(&c, r#"[data-nav="pret-signature"]"#).await?;
        text_containing(&c, "main", "Prêt pour signature").await?;
        screenshots(&c, "main", "26-paca-pret-pour-signature").await?;
        check_csp_and_ipc_after_navigation(&c).await
    })
    .await;
    c.close().await?;
    result
}
