//! Parcours en fenêtre réelle (voir `main.rs`) : l'exemple en cours de suivi — un contrat
//! signé dans sa 3e année. Le contrat est figé, la revue des objectifs se saisit, l'échéancier
//! montre ce qui est en retard, un projet d'avenant rend le contrat modifiable et montre son
//! rapport. Captures à 1280×820 et 1024×700.

use crate::harness::*;

/// Les deux tailles de fenêtre des captures.
const SIZES: [(u32, u32); 2] = [(1280, 820), (1024, 700)];

async fn shots(c: &Client, name: &str) -> TestResult {
    for (w, h) in SIZES {
        c.set_window_size(w, h).await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        screenshot(c, &format!("{name}-{w}x{h}.png")).await?;
    }
    c.set_window_size(1280, 820).await?;
    Ok(())
}

/// Attend que la valeur du premier champ visible qui correspond à `css` soit `value`.
async fn value_is(c: &Client, css: &str, value: &str) -> TestResult {
    wait_until(
        &format!("valeur « {value} » dans « {css} »"),
        || async move {
            let v = visible(c, css).await?.prop("value").await?;
            Ok((v.as_deref() == Some(value)).then_some(()))
        },
    )
    .await
}

#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn suivi_du_contrat() -> TestResult {
    let world = World::new().await?;
    let driver = world.driver("Référente suivi")?;
    let c = driver.session().await?;
    let result = journey(&c, "suivi", async {
        home_ready(&c).await?;
        c.execute(CSP_PROBE, vec![]).await?;
        c.set_window_size(1280, 820).await?;
        click(&c, "#btn-exemple-suivi").await?;
        // L'exemple s'ouvre sur le suivi : contrat signé, 3e année.
        text_containing(&c, "#etat-contrat", "en exécution, année 3 sur 5").await?;
        visible(&c, r#"[data-nav="suivi"]"#).await?;
        text_containing(&c, "#etat-contrat-entete", "En exécution, année 3/5").await?;

        // La revue de l'année 3 : un réalisé saisi dans la grille.
        click(&c, r#"[data-annee="3"]"#).await?;
        let cell = r#".revue-indicateurs tr[data-indicateur] td.cell input"#;
        let input = visible(&c, cell).await?;
        type_and_blur(&input, "12,5").await?;
        visible(&c, r#"#save-status[data-state="saved"]"#).await?;
        value_is(&c, cell, "12,5").await?;
        scroll_top(&c).await?;
        shots(&c, "suivi-revue").await?;

        // L'échéancier : au moins une échéance en retard (l'évaluation de l'ESAT).
        click(&c, r#"[data-suivi-tab="echeancier"]"#).await?;
        visible(&c, "#echeancier").await?;
        let late = visible(&c, r#"#echeancier tr[data-etat="en_retard"]"#).await?;
        println!("en retard : {}", late.text().await?);
        // Une échéance en retard est à traiter, pas une erreur : la pastille de l'onglet est
        // orange, comme celle de la navigation.
        let badge = visible(&c, r#"[data-suivi-tab="echeancier"] .count"#).await?;
        let class = badge.attr("class").await?.unwrap_or_default();
        assert!(
            class.split_whitespace().any(|c| c == "warn"),
            "pastille de l'échéancier : {class}"
        );
        shots(&c, "suivi-echeancier").await?;

        // Le contrat est figé : la raison sociale ne se modifie pas.
        click(&c, r#"[data-nav="perimetre"]"#).await?;
        visible(&c, "#readonly-banner").await?;
        let raison = visible(&c, "#f-organisme-raison_sociale").await?;
        assert!(
            raison.attr("disabled").await?.is_some(),
            "le contrat signé est en lecture seule"
        );

        // Un projet d'avenant : le contrat redevient modifiable, le projet a son rapport.
        click(&c, "#btn-aller-suivi").await?;
        click(&c, r#"[data-suivi-tab="avenants"]"#).await?;
        text_containing(&c, r#"[data-avenant="1"]"#, "Avenant n° 1").await?;
        click(&c, r#"#nouvel-avenant input[value="perimetre"]"#).await?;
        let objet = visible(&c, "#avenant-objet").await?;
        objet.send_keys("Intégration du SAMSAH Les Iris").await?;
        click(&c, "#btn-creer-avenant").await?;
        visible(&c, "#projet-avenant").await?;
        text_containing(&c, "#avenant-readiness", "point").await?;
        scroll_top(&c).await?;
        shots(&c, "suivi-avenant-projet").await?;
        scroll_to(&c, "#avenant-readiness").await?;
        shots(&c, "suivi-avenant-rapport").await?;
        click(&c, r#"[data-nav="perimetre"]"#).await?;
        visible(&c, "#avenant-banner").await?;
        let raison = visible(&c, "#f-organisme-raison_sociale").await?;
        assert!(
            raison.attr("disabled").await?.is_none(),
            "projet d'avenant ouvert : le contrat se modifie"
        );
        check_csp_and_ipc(&c).await
    })
    .await;
    c.close().await?;
    result
}
