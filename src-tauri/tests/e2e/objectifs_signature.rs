//! Parcours en fenêtre réelle (voir `main.rs`).

use crate::harness::*;

/// Issue 4 : sur l'exemple, écrire une fiche-objectif avec un indicateur et voir la couverture
/// des objectifs minimum se mettre à jour ; puis le rapport « Prêt pour signature » n'a qu'un
/// point (S-CA) ; un clic mène à la date de délibération du CA ; la saisir rend le dossier
/// « Prêt pour signature ».
#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn objectifs_puis_pret_pour_signature() -> TestResult {
    let world = World::new().await?;
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let fiche = "[data-fiche]";
    let prevention = r#"#objectifs-couverture li[data-minimum="prevention"]"#;
    let indic = "#indicateurs-table tr[data-id]";
    let ca = r#"input[data-path="signature.signatures.date_deliberation_ca"]"#;
    let result = journey(&c, "objectifs-signature", async {
        home_ready(&c).await?;
        click(&c, "#btn-exemple").await?;
        click(&c, r#"[data-nav="objectifs"]"#).await?;
        let avant = visible(&c, prevention)
            .await?
            .attr("data-count")
            .await?
            .unwrap_or_default()
            .parse::<usize>()?;
        let fiches = count(&c, "#objectifs-list li[data-id]").await?;
        println!("exemple : {fiches} fiches, « Prévention » couverte par {avant}");

        click(&c, "#btn-add-objectif").await?;
        wait_until("une fiche de plus", || async {
            Ok((count(&c, "#objectifs-list li[data-id]").await? == fiches + 1).then_some(()))
        })
        .await?;
        let titre = visible(&c, &format!(r#"{fiche} [data-field="titre"]"#)).await?;
        type_and_blur(&titre, "Prévenir les chutes des personnes accompagnées").await?;
        set_value(
            &c,
            &format!(r#"{fiche} select[data-field="axe"]"#),
            "qualite",
        )
        .await?;
        set_value(
            &c,
            &format!(r#"{fiche} select[data-field="portee"]"#),
            "partage",
        )
        .await?;
        set_value(
            &c,
            &format!(r#"{fiche} select[data-field="autorites"]"#),
            "ars",
        )
        .await?;
        click(
            &c,
            &format!(r#"{fiche} fieldset[data-field="minimums"] input[value="prevention"]"#),
        )
        .await?;
        visible(&c, &format!(r#"{prevention}[data-count="{}"]"#, avant + 1)).await?;

        click(&c, "#btn-add-indicateur").await?;
        let libelle = visible(&c, &format!(r#"{indic} [data-field="libelle"]"#)).await?;
        type_and_blur(&libelle, "Taux de chutes").await?;
        let mode = visible(
            &c,
            &format!(r#"{indic} textarea[data-field="mode_calcul"]"#),
        )
        .await?;
        type_and_blur(&mode, "Nombre de chutes / 1 000 journées").await?;
        let initiale = visible(
            &c,
            &format!(r#"{indic} input[data-field="valeur_initiale"]"#),
        )
        .await?;
        type_and_blur(&initiale, "4,2").await?;
        let finale = visible(&c, &format!(r#"{indic} input[data-field="cible_finale"]"#)).await?;
        type_and_blur(&finale, "2,5").await?;
        wait_until("indicateur enregistré", || async {
            let v = visible(&c, &format!(r#"{indic} input[data-field="cible_finale"]"#))
                .await?
                .prop("value")
                .await?;
            let saved = count(&c, r#"#save-status[data-state="saved"]"#).await? == 1;
            Ok((saved && v.as_deref() == Some("2,5")).then_some(()))
        })
        .await?;
        scroll_to(&c, "#objectifs-couverture").await?;
        screenshot(&c, "10-objectifs-couverture.png").await?;
        scroll_to(&c, "#indicateurs-table").await?;
        screenshot(&c, "11-objectifs-indicateur.png").await?;

        click(&c, r#"[data-nav="pret-signature"]"#).await?;
        let point = r#"#readiness-points .readiness-point[data-rule="S-CA"]"#;
        let msg = text_containing(
            &c,
            point,
            "La délibération du conseil d'administration approuvant le contrat n'est pas datée",
        )
        .await?;
        println!("point bloquant : {msg}");
        let n = count(&c, "#readiness-points .readiness-point").await?;
        assert_eq!(n, 1, "un seul point bloquant attendu");
        screenshot(&c, "12-pret-signature-bloque.png").await?;

        click(&c, &format!("{point} .msg")).await?;
        wait_until("focus sur la date de délibération du CA", || async {
            let p = focused_path(&c).await?;
            Ok((p == "signature.signatures.date_deliberation_ca").then_some(()))
        })
        .await?;
        screenshot(&c, "13-signature-date-ca.png").await?;
        set_date(&c, ca, "2026-06-02").await?;
        visible(&c, r#"#signature-etat"#).await?;
        text_containing(&c, "#signature-etat", "Prêt pour signature").await?;
        click(&c, "#btn-open-readiness").await?;
        text_containing(
            &c,
            r#"#readiness-etat[data-etat="pret_pour_signature"]"#,
            "Prêt pour signature",
        )
        .await?;
        gone(&c, "#readiness-points").await?;
        visible(&c, r#"[data-nav="pret-signature"][aria-current="page"]"#).await?;
        scroll_top(&c).await?;
        text_containing(&c, "#readiness-etat", "Prêt pour signature").await?;
        screenshot(&c, "14-pret-signature.png").await?;
        check_csp_and_ipc_after_navigation(&c).await
    })
    .await;
    c.close().await?;
    result
}
