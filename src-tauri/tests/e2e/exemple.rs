//! Parcours en fenêtre réelle (voir `main.rs`).

use crate::harness::*;

#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn dossier_exemple() -> TestResult {
    let world = World::new().await?;
    let _tmp = &world.tmp;
    let driver = world.driver("Testeuse E2E")?;
    let c = driver.session().await?;
    let result = journey(&c, "exemple", async {
        home_ready(&c).await?;
        c.execute(CSP_PROBE, vec![]).await?;
        click(&c, "#btn-exemple").await?;
        show_esms_tab(&c).await?;
        let rows = wait_until("au moins 6 ESMS dans #esms-table", || async {
            let n = c
                .find_all(Locator::Css("#esms-table tr[data-id]"))
                .await?
                .len();
            Ok((n >= 6).then_some(n))
        })
        .await?;
        println!("dossier exemple : {rows} ESMS");
        screenshot(&c, "03-exemple.png").await?;
        // Classeur régional : export (boîte native remplacée par le point d'accroche), puis
        // relecture du fichier exporté : aucune différence.
        click(&c, "#btn-export-xlsx").await?;
        click(&c, "#btn-generate-xlsx").await?;
        text_containing(&c, "#export-xlsx-done", "Classeur enregistré").await?;
        let xlsx = world.dossiers.join("classeur-1.xlsx");
        assert!(xlsx.is_file(), "classeur exporté : {}", xlsx.display());
        screenshot(&c, "04-classeur-exporte.png").await?;
        click(&c, "#btn-xlsx-close").await?;
        gone(&c, "#export-xlsx-dialog").await?;
        click(&c, "#btn-import-xlsx").await?;
        click(&c, "#btn-import-choose").await?;
        text_containing(&c, "#import-xlsx-none", "Aucune différence").await?;
        click(&c, "#btn-import-close").await?;
        gone(&c, "#import-xlsx-dialog").await?;
        check_csp_and_ipc(&c).await
    })
    .await;
    c.close().await?;
    result
}
