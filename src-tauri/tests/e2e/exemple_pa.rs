//! Parcours en fenêtre réelle (voir `main.rs`) : le dossier exemple « personnes âgées » et un
//! dossier mixte PA + PH.

use crate::harness::*;
use cpom_domain::RecordKind;
use cpom_services::FieldUpdate;

/// Règle la taille de la fenêtre (captures à 1280 × 820 et 1024 × 700).
async fn size(c: &Client, w: u32, h: u32) -> TestResult {
    c.set_window_size(w, h).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// L'exemple « personnes âgées » s'ouvre depuis l'accueil : six établissements et services,
/// la fiche d'un EHPAD montre son volet PA (GMP, option tarifaire…), l'étape Signature ses
/// forfaits et financements complémentaires, le rapport « Prêt pour signature » est vert.
#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn dossier_exemple_personnes_agees() -> TestResult {
    let world = World::new().await?;
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let result = journey(&c, "exemple-pa", async {
        size(&c, 1280, 820).await?;
        home_ready(&c).await?;
        screenshot(&c, "pa-00-accueil-1280.png").await?;
        click(&c, "#btn-exemple-pa").await?;
        show_esms_tab(&c).await?;
        let ids = wait_until("six ESMS dans #esms-table", || async {
            let rows = c.find_all(Locator::Css("#esms-table tr[data-id]")).await?;
            if rows.len() < 6 {
                return Ok(None);
            }
            let mut ids = Vec::new();
            for r in rows {
                ids.push(r.attr("data-id").await?.unwrap_or_default());
            }
            Ok(Some(ids))
        })
        .await?;
        text_containing(&c, "#esms-table", "EHPAD Les Terrasses du Lez").await?;
        select_esms(&c, &ids[0]).await?;
        visible(&c, r#"#esms-pa[data-regime="gmps"]"#).await?;
        text_containing(&c, "#esms-regime", "GMPS").await?;
        let gmp = visible(&c, r#"#esms-form input[data-field="pa.gmp"]"#).await?;
        assert_eq!(gmp.prop("value").await?.unwrap_or_default(), "728");
        scroll_to(&c, "#esms-pa").await?;
        screenshot(&c, "pa-01-fiche-ehpad-1280.png").await?;
        size(&c, 1024, 700).await?;
        scroll_to(&c, "#esms-pa").await?;
        screenshot(&c, "pa-02-fiche-ehpad-1024.png").await?;
        size(&c, 1280, 820).await?;

        click(&c, r#"[data-nav="signature"]"#).await?;
        visible(&c, "#sig-moyens-pa").await?;
        // Pas de budgets de référence PH dans un dossier PA.
        gone(&c, "#sig-budgets").await?;
        text_containing(&c, "#sig-moyens-pa", "Forfait global relatif aux soins").await?;
        scroll_to(&c, "#sig-moyens-pa").await?;
        screenshot(&c, "pa-03-moyens-pa-1280.png").await?;

        click(&c, r#"[data-nav="pret-signature"]"#).await?;
        text_containing(&c, "main", "Prêt pour signature").await?;
        screenshot(&c, "pa-04-pret-pour-signature.png").await?;
        check_csp_and_ipc_after_navigation(&c).await
    })
    .await;
    c.close().await?;
    result
}

/// Un dossier mixte (l'exemple PH, plus un EHPAD et un SSIAD) : l'étape Signature présente
/// la dotation globalisée commune des seuls ESMS PH et, à côté, les moyens des
/// établissements pour personnes âgées.
#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn dossier_mixte_moyens_separes() -> TestResult {
    let world = World::new().await?;
    std::fs::create_dir_all(&world.dossiers)?;
    let path = world.dossiers.join("mixte.cpom");
    let (finess, _) = finess_pair("44007712");
    {
        let mut s = cpom_services::example::create_example(&path, "Préparation")?;
        let set = |s: &mut cpom_services::Session, kind, id: &str, field: &str, v: &str| {
            s.update_field(&FieldUpdate {
                kind,
                id: Some(id.to_string()),
                field: field.into(),
                value: json!(v),
            })
            .map(|_| ())
        };
        s.update_field(&FieldUpdate {
            kind: RecordKind::Cpom,
            id: None,
            field: "base_juridique".into(),
            value: json!("iv_ter_l313_12"),
        })?;
        let ehpad = s.add_record(RecordKind::Esms, None, None)?;
        for (f, v) in [
            ("nom", "EHPAD Les Bords d'Erdre"),
            ("finess_et", finess.as_str()),
            ("categorie", "500"),
            ("capacites.internat.autorisee", "80"),
            ("capacites.accueil_temporaire.autorisee", "2"),
            ("pa.gmp", "735"),
            ("pa.gmp_date_validation", "2025-04-10"),
            ("pa.option_tarifaire", "partiel_avec_pui"),
        ] {
            set(&mut s, RecordKind::Esms, &ehpad, f, v)?;
        }
        let m = s.add_record(RecordKind::MoyensPa, Some(&ehpad), None)?;
        for (f, v) in [
            ("forfait_global_soins", "1402300"),
            ("forfait_global_dependance", "498120"),
            ("tarif_hebergement", "66.20"),
        ] {
            set(&mut s, RecordKind::MoyensPa, &m, f, v)?;
        }
        let fc = s.add_record(RecordKind::FinancementComplementaire, Some(&ehpad), None)?;
        set(
            &mut s,
            RecordKind::FinancementComplementaire,
            &fc,
            "nature",
            "hebergement_temporaire",
        )?;
        for k in 1..=5 {
            set(
                &mut s,
                RecordKind::FinancementComplementaire,
                &fc,
                &format!("montants.{k}"),
                "24300",
            )?;
        }
        s.close()?;
    }
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let result = journey(&c, "mixte", async {
        size(&c, 1280, 820).await?;
        home_ready(&c).await?;
        click(&c, "#btn-ouvrir").await?;
        click(&c, r#"[data-nav="signature"]"#).await?;
        visible(&c, "#repartition-table").await?;
        visible(&c, "#sig-moyens-pa").await?;
        // La répartition de la dotation commune ne compte que les ESMS PH.
        let rows = count(&c, "#repartition-table tbody tr").await?;
        assert_eq!(rows, 6, "ESMS PH de la dotation commune");
        text_containing(&c, "#sig-moyens-pa", "EHPAD Les Bords d'Erdre").await?;
        scroll_top(&c).await?;
        scroll_to(&c, "#sig-moyens").await?;
        screenshot(&c, "pa-05-mixte-dotation-ph-1280.png").await?;
        scroll_to(&c, "#sig-moyens-pa").await?;
        screenshot(&c, "pa-06-mixte-moyens-pa-1280.png").await?;
        size(&c, 1024, 700).await?;
        scroll_to(&c, "#sig-moyens-pa").await?;
        screenshot(&c, "pa-07-mixte-moyens-pa-1024.png").await?;
        check_csp_and_ipc_after_navigation(&c).await
    })
    .await;
    c.close().await?;
    result
}
