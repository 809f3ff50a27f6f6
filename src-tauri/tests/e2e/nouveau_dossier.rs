//! Parcours en fenêtre réelle (voir `main.rs`).

use crate::harness::*;

#[tokio::test]
#[ignore = "vraie fenêtre : xvfb-run -a cargo test -p cpom-desktop --test e2e -- --include-ignored"]
async fn nouveau_dossier_finess_fermer_rouvrir() -> TestResult {
    let world = World::new().await?;
    let dossiers = &world.dossiers;
    let driver = world.driver("Testeuse E2E")?;
    let (good, bad) = finess_pair("44001234");
    let nom = "Foyer de vie « Les Iris »";
    let expected_file = dossiers.join("dossier-1.cpom");

    // 1re session : créer, saisir, se tromper de clé, corriger, fermer.
    let c = driver.session().await?;
    let esms_id = journey(&c, "creation", async {
        home_ready(&c).await?;
        click(&c, "#btn-nouveau").await?;
        show_esms_tab(&c).await?;
        click(&c, "#btn-ajouter-esms").await?;
        let form = visible(&c, "#esms-form[data-id]").await?;
        let id = form
            .attr("data-id")
            .await?
            .ok_or("#esms-form sans data-id")?;

        let nom_field = visible(&c, r#"#esms-form [data-field="nom"]"#).await?;
        type_and_blur(&nom_field, nom).await?;
        let finess = visible(&c, r#"#esms-form [data-field="finess_et"]"#).await?;
        type_and_blur(&finess, &bad).await?;
        let msg = text_containing(&c, r#".field-error[data-error-for="finess_et"]"#, "clé").await?;
        println!("message affiché : {msg}");
        screenshot(&c, "01-finess-erreur.png").await?;

        let finess = visible(&c, r#"#esms-form [data-field="finess_et"]"#).await?;
        type_and_blur(&finess, &good).await?;
        gone(&c, r#".field-error[data-error-for="finess_et"]"#).await?;
        visible(&c, r#"#save-status[data-state="saved"]"#).await?;

        click(&c, "#btn-fermer").await?;
        let recent = format!(r#"#recents li[data-path="{}"]"#, expected_file.display());
        visible(&c, &recent).await?;
        Ok(id)
    })
    .await
    .map_err(|e| format!("création : {e}"));
    c.close().await?;
    let esms_id = esms_id?;

    // Le fichier lui-même, relu sans l'interface.
    let (s, _) = cpom_services::Session::open(&expected_file, "vérification")?;
    let d = s.dossier()?;
    let e = d
        .esms
        .iter()
        .find(|e| e.id.to_string() == esms_id)
        .ok_or("ESMS absent du fichier")?;
    assert_eq!(e.finess_et.as_deref(), Some(good.as_str()));
    assert_eq!(e.nom, nom);
    s.close()?;

    // 2e session = nouveau processus, mêmes dossiers XDG : rouvrir depuis les récents.
    let c = driver.session().await?;
    let result = journey(&c, "reouverture", async {
        home_ready(&c).await?;
        let recent = format!(r#"#recents li[data-path="{}"]"#, expected_file.display());
        click(&c, &recent).await?;
        let row = format!(r#"#esms-table tr[data-id="{esms_id}"]"#);
        // La capture doit montrer l'onglet ESMS : on la refait si l'écran a changé entre-temps.
        for _ in 0..3 {
            show_esms_tab(&c).await?;
            let text = text_containing(&c, &row, "Les Iris").await?;
            let shown = [good.clone(), cpom_domain::kernel::finess::display(&good)];
            assert!(
                shown.iter().any(|f| text.contains(f)),
                "FINESS {good} absent de la ligne : {text}"
            );
            screenshot(&c, "02-reouvert.png").await?;
            if !c
                .find_all(Locator::Css(ESMS_TAB_SELECTED))
                .await?
                .is_empty()
            {
                break;
            }
        }
        Ok(())
    })
    .await;
    if result.is_err() {
        c.close().await?;
        return result;
    }

    // Arrêt demandé par le système (SIGTERM) avec le dossier encore ouvert : l'application
    // doit le fermer proprement (fichier autonome, plus de journal `-wal` à côté, verrou
    // d'écriture rendu).
    // (Fin de session WebDriver = SIGKILL de l'application par WebKitWebDriver : inutilisable ici.)
    let wal = sidecar(&expected_file, "-wal");
    // L'application tient le dossier ouvert et dit qui elle est (une autre fenêtre ou la
    // commande `cpom` le liraient pour nommer l'auteur).
    let occupant = dossiers.join(".dossier-1.cpom.occupant");
    let holder = std::fs::read_to_string(&occupant).unwrap_or_default();
    assert!(
        holder.contains("Testeuse E2E") && holder.contains("l'application Atelier CPOM"),
        "le dossier ouvert devrait être tenu par l'application : {holder:?}"
    );
    let pid = app_pid(dossiers).ok_or("processus de l'application introuvable")?;
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()?;
    wait_until("arrêt de l'application après SIGTERM", || async {
        // Parti, ou zombie en attente de son parent (WebKitWebDriver).
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit(") ").next().and_then(|r| r.chars().next());
        Ok(matches!(state, None | Some('Z' | 'X')).then_some(()))
    })
    .await?;
    assert!(
        !wal.exists() && !occupant.exists(),
        "SIGTERM : le dossier n'a pas été fermé proprement"
    );
    let _ = c.close().await; // l'application est déjà partie
    Ok(())
}
