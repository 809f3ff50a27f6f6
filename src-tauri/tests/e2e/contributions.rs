//! Parcours en fenêtre réelle (voir `main.rs`).

use crate::harness::*;

/// Issue 7 : le siège prépare un kit pour l'IME puis modifie le public de l'IME ; la direction
/// ouvre le kit (seule la partie de l'IME est modifiable) et réécrit ce même champ ; le siège
/// intègre la contribution par l'écran des conflits et la provenance s'affiche.
#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn kit_de_contribution_directeur_puis_integration() -> TestResult {
    let world = World::new().await?;
    let dossiers = &world.dossiers;
    let driver = world.driver("Siège — Mme Guérin")?;
    let kit_file = dossiers.join("kit-1.cpom");
    let public = r#"#esms-form [data-field="public_specifique"]"#;

    // 1. Le siège prépare le kit de l'IME, puis revoit le public de l'IME.
    let c = driver.session().await?;
    let ids = journey(&c, "kit-siege", async {
        home_ready(&c).await?;
        click(&c, "#btn-exemple").await?;
        click(&c, r#"[data-nav="contributions"]"#).await?;
        let ime_box = visible(&c, "#kit-form input[data-esms]").await?;
        let ime = ime_box
            .attr("data-esms")
            .await?
            .ok_or("case sans data-esms")?;
        let boxes = c
            .find_all(Locator::Css("#kit-form input[data-esms]"))
            .await?;
        let other = boxes[1]
            .attr("data-esms")
            .await?
            .ok_or("case sans data-esms")?;
        ime_box.click().await?;
        let dest = visible(&c, "#kit-destinataire").await?;
        dest.send_keys("Direction de l'IME Les Hirondelles").await?;
        set_date(&c, "#kit-echeance", "2026-04-15").await?;
        click(&c, "#btn-preparer-kit").await?;
        text_containing(&c, "#kit-result", "enregistré").await?;
        visible(
            &c,
            &format!(r#"#suivi-table tr[data-esms="{ime}"][data-state="envoye"]"#),
        )
        .await?;
        text_containing(
            &c,
            &format!(r#"#suivi-table tr[data-esms="{ime}"]"#),
            "15 avril 2026",
        )
        .await?;
        select_esms(&c, &ime).await?;
        type_and_blur(&visible(&c, public).await?, "Public revu par le siège").await?;
        visible(&c, r#"#save-status[data-state="saved"]"#).await?;
        click(&c, "#btn-fermer").await?;
        home_ready(&c).await?;
        Ok((ime, other))
    })
    .await;
    c.close().await?;
    let (ime, other) = ids?;
    assert!(kit_file.exists(), "kit écrit : {}", kit_file.display());
    drop(driver);

    // 2. La direction ouvre le kit (sur « son » poste : un autre auteur) : seule la partie de
    //    l'IME est modifiable.
    let driver = world.driver("M. Le Goff (directeur IME)")?;
    let c = driver.session().await?;
    let result = journey(&c, "kit-direction", async {
        home_ready(&c).await?;
        click(&c, "#btn-ouvrir").await?;
        text_containing(&c, "#kit-banner", "Direction de l'IME Les Hirondelles").await?;
        text_containing(&c, "#kit-banner", "15 avril 2026").await?;
        assert!(
            c.find_all(Locator::Css(r#"[data-nav="contributions"]"#))
                .await?
                .is_empty(),
            "pas d'écran des contributions dans un kit"
        );
        click(&c, r#"[data-nav="perimetre"]"#).await?;
        click(&c, r#"[data-tab="organisme"]"#).await?;
        assert!(
            !enabled(&c, r#"[data-field="raison_sociale"]"#).await?,
            "l'organisme est en lecture seule"
        );
        select_esms(&c, &other).await?;
        assert!(
            !enabled(&c, r#"#esms-form [data-field="nom"]"#).await?,
            "autre ESMS en lecture seule"
        );
        select_esms(&c, &ime).await?;
        assert!(
            enabled(&c, public).await?,
            "le public de l'IME est modifiable"
        );
        type_and_blur(
            &visible(&c, public).await?,
            "Public précisé par la direction",
        )
        .await?;
        visible(&c, r#"#save-status[data-state="saved"]"#).await?;
        screenshot(&c, "15-kit-direction.png").await?;
        click(&c, "#btn-fermer").await?;
        home_ready(&c).await?;
        Ok(())
    })
    .await;
    c.close().await?;
    result?;
    drop(driver);

    // 3. Le siège intègre la contribution par l'écran des conflits.
    let driver = world.driver("Siège — Mme Guérin")?;
    let c = driver.session().await?;
    let result = journey(&c, "kit-integration", async {
        home_ready(&c).await?;
        click(
            &c,
            r#"#recents li[data-path$="Association Les Iris de l'Erdre.cpom"] button"#,
        )
        .await?;
        click(&c, r#"[data-nav="contributions"]"#).await?;
        click(&c, "#btn-integrer").await?;
        // L'échéance du kit (15 avril 2026) passée, l'écran le dit avant l'intégration.
        let today = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs()
            / 86_400;
        if today >= 20_559 {
            text_containing(&c, "#merge-late", "l'échéance est dépassée").await?;
        }
        let key = format!("{ime}:public_specifique");
        let item = format!(r#"#merge-review .merge-item[data-key="{key}"][data-nature="conflit"]"#);
        text_containing(
            &c,
            &format!(r#"{item} [data-side="siege"]"#),
            "Public revu par le siège",
        )
        .await?;
        text_containing(
            &c,
            &format!(r#"{item} [data-side="direction"]"#),
            "Public précisé par la direction",
        )
        .await?;
        text_containing(&c, &format!("{item} .siege .who"), "Siège — Mme Guérin").await?;
        text_containing(
            &c,
            &format!("{item} .direction .who"),
            "M. Le Goff (directeur IME)",
        )
        .await?;
        assert!(
            !enabled(&c, "#btn-appliquer-fusion").await?,
            "conflit à trancher d'abord"
        );
        click(&c, &format!(r#"{item} input[value="accepter"]"#)).await?;
        scroll_to(&c, "#merge-review").await?;
        screenshot(&c, "16-integration-conflit.png").await?;
        click(&c, "#btn-appliquer-fusion").await?;
        text_containing(&c, "#contrib-message", "accepté").await?;
        visible(
            &c,
            &format!(r#"#suivi-table tr[data-esms="{ime}"][data-state="integre"]"#),
        )
        .await?;
        visible(&c, "#merges li[data-undone=\"false\"]").await?;
        select_esms(&c, &ime).await?;
        let value = visible(&c, public)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        assert_eq!(value, "Public précisé par la direction");
        let note = format!(r#"[data-provenance-for="esms.{ime}.public_specifique"]"#);
        text_containing(&c, &note, "Rédigé par Direction de l'IME Les Hirondelles").await?;
        text_containing(&c, &note, "M. Le Goff (directeur IME)").await?;
        text_containing(&c, &note, "intégré le").await?;
        scroll_to(&c, r#"#esms-form [data-field="jours_ouverture"]"#).await?;
        screenshot(&c, "17-provenance.png").await?;
        Ok(())
    })
    .await;
    c.close().await?;
    result
}
