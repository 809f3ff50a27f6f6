//! Tests de l'IPC sans écran : chaque commande est appelée comme depuis la page, par
//! `tauri::test` (runtime factice), et la réponse est lue en JSON.

use std::path::{Path, PathBuf};

use cpom_domain::kernel::finess::luhn_key;
use serde_json::{Value, json};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use crate::dialogs::Dialogs;
use crate::state::AppState;

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

impl TestApp {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState {
            session: Default::default(),
            author: "Testeur IPC".into(),
            config_dir: dir.path().join("config"),
            data_dir: dir.path().join("data"),
            dialogs: Dialogs::test_dir(dir.path().join("dossiers")),
        };
        let app = crate::run_app(mock_builder().manage(state))
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            _app: app,
            window,
            dir,
        }
    }

    /// Appelle une commande comme `invoke(cmd, args)` côté page.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            // Sous Linux, l'origine de la page est « tauri://localhost » (stack-notes, P10).
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} a échoué : {e}"))
    }
}

/// Le contenu du fichier et de ses annexes SQLite (pour vérifier que rien n'a été écrit).
fn file_bytes(path: &Path) -> Vec<Vec<u8>> {
    ["", "-wal"]
        .iter()
        .map(|s| {
            let mut p = path.as_os_str().to_owned();
            p.push(s);
            std::fs::read(PathBuf::from(p)).unwrap_or_default()
        })
        .collect()
}

/// Un FINESS valide du département 44 et le même avec une mauvaise clé (règle de Luhn).
fn finess_pair() -> (String, String) {
    let first8 = "44001234";
    let key = luhn_key(first8).to_digit(10).unwrap();
    (
        format!("{first8}{key}"),
        format!("{first8}{}", (key + 1) % 10),
    )
}

#[test]
fn catalogues_return_the_reference_lists() {
    let t = TestApp::new();
    let lists = t.ok("catalogues", json!({}))["references"].clone();
    assert!(!lists["categories"].as_array().unwrap().is_empty());
    assert!(!lists["departements"].as_array().unwrap().is_empty());
    let info = t.ok("app_info", json!({}));
    assert_eq!(info["author"], "Testeur IPC");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn missing_file_gives_french_error() {
    let t = TestApp::new();
    let path = t.dir.path().join("absent.cpom");
    let err = t
        .invoke("dossier_open_path", json!({ "path": path }))
        .unwrap_err();
    assert_eq!(err["code"], "dossier.introuvable");
    assert!(
        err["message"].as_str().unwrap().contains("introuvable"),
        "{err}"
    );
    assert_eq!(err["details"]["file"], path.display().to_string());
    for key in ["field", "suggestion", "location"] {
        assert!(
            err["details"].get(key).is_some(),
            "details.{key} absent : {err}"
        );
    }
}

#[test]
fn commands_without_dossier() {
    let t = TestApp::new();
    assert_eq!(t.ok("dossier_get", json!({})), Value::Null);
    assert_eq!(t.ok("recents_list", json!({})), json!([]));
    let err = t
        .invoke("record_add", json!({ "kind": "esms" }))
        .unwrap_err();
    assert_eq!(err["code"], "dossier.aucun");
    assert_eq!(t.ok("dossier_close", json!({})), Value::Null);
}

#[test]
fn bad_finess_is_refused_and_file_unchanged() {
    let t = TestApp::new();
    let (good, bad) = finess_pair();
    let view = t.ok("dossier_new", json!({}));
    let path = PathBuf::from(view["path"].as_str().unwrap());
    assert_eq!(path, t.dir.path().join("dossiers").join("dossier-1.cpom"));
    let created = t.ok("record_add", json!({ "kind": "esms" }));
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["view"]["dossier"]["esms"][0]["id"], id.as_str());

    let before = file_bytes(&path);
    let update =
        json!({ "update": { "kind": "esms", "id": id, "field": "finess_et", "value": bad } });
    let err = t.invoke("record_update", update).unwrap_err();
    assert_eq!(err["code"], "finess.cle", "{err}");
    assert_eq!(err["details"]["field"], format!("esms.{id}.finess_et"));
    assert!(err["message"].as_str().unwrap().contains("clé"), "{err}");
    assert_eq!(
        file_bytes(&path),
        before,
        "une saisie refusée ne doit rien écrire"
    );
    let now = t.ok("dossier_get", json!({}));
    assert_eq!(now["dossier"]["esms"][0]["finess_et"], Value::Null);

    let update =
        json!({ "update": { "kind": "esms", "id": id, "field": "finess_et", "value": good } });
    let view = t.ok("record_update", update);
    assert_eq!(view["dossier"]["esms"][0]["finess_et"], good.as_str());
}

/// L'application tient le dossier ouvert : une seconde fenêtre (ou la commande `cpom`) qui
/// voudrait le modifier apprend qui le tient, depuis quand, et que rien n'a été écrit ; une
/// fois le dossier fermé, elle l'ouvre.
#[test]
fn an_open_dossier_is_held_and_a_second_window_is_told_who_holds_it() {
    let t = TestApp::new();
    let view = t.ok("dossier_new", json!({}));
    let path = PathBuf::from(view["path"].as_str().unwrap());
    let second = TestApp::new();
    let err = second
        .invoke("dossier_open_path", json!({ "path": path }))
        .unwrap_err();
    assert_eq!(err["code"], "dossier.en_cours_de_modification", "{err}");
    let m = err["message"].as_str().unwrap();
    assert!(
        m.contains("par Testeur IPC (l'application Atelier CPOM") && m.contains("depuis le "),
        "{m}"
    );
    assert!(m.contains("Rien n'a été écrit"), "{m}");
    t.ok("dossier_close", json!({}));
    let reopened = second.ok("dossier_open_path", json!({ "path": path }));
    assert_eq!(reopened["path"], view["path"]);
}

#[test]
fn journey_create_edit_close_reopen() {
    let t = TestApp::new();
    let view = t.ok("dossier_new", json!({}));
    let path = view["path"].as_str().unwrap().to_string();
    let a = t.ok("record_add", json!({ "kind": "esms" }))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = t.ok("record_add", json!({ "kind": "esms" }))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let name = json!({ "update": { "kind": "esms", "id": b, "field": "nom", "value": "Foyer « Les Iris »" } });
    t.ok("record_update", name);
    // L'interface envoie `toIndex` : Tauri le relie au paramètre `to_index`.
    let moved = t.ok(
        "record_move",
        json!({ "kind": "esms", "id": b, "toIndex": 0 }),
    );
    assert_eq!(moved["dossier"]["esms"][0]["id"], b.as_str());
    assert_eq!(moved["dossier"]["esms"][0]["nom"], "Foyer « Les Iris »");
    let adh = t.ok(
        "record_add",
        json!({ "kind": "adhesion", "init": { "kind": "gcsms" } }),
    );
    let adh_id = adh["id"].as_str().unwrap().to_string();
    assert_eq!(adh["view"]["dossier"]["adhesions"][0]["kind"], "gcsms");
    let v = t.ok("record_delete", json!({ "kind": "adhesion", "id": adh_id }));
    assert_eq!(v["dossier"]["adhesions"], json!([]));
    let v = t.ok("record_delete", json!({ "kind": "esms", "id": a }));
    assert_eq!(v["dossier"]["esms"].as_array().unwrap().len(), 1);

    let copy = t.ok("dossier_save_copy", json!({}));
    assert!(copy.as_str().unwrap().ends_with("dossier-2.cpom"), "{copy}");

    t.ok("dossier_close", json!({}));
    assert_eq!(t.ok("dossier_get", json!({})), Value::Null);
    let recents = t.ok("recents_list", json!({}));
    assert_eq!(recents[0]["path"], path.as_str());
    assert_eq!(recents[0]["exists"], true);

    let reopened = t.ok("dossier_open_path", json!({ "path": path }));
    assert_eq!(reopened["dossier"]["esms"][0]["nom"], "Foyer « Les Iris »");
    t.ok("dossier_close", json!({}));

    // « Ouvrir » du point d'accroche : le .cpom le plus récemment écrit, ici la copie.
    let copy = PathBuf::from(copy.as_str().unwrap());
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let opened = t.ok("dossier_open", json!({}));
    assert!(opened["path"].as_str().unwrap().ends_with("dossier-2.cpom"));
    assert_eq!(opened["dossier"]["esms"][0]["nom"], "Foyer « Les Iris »");
}

#[test]
fn example_is_rewritten_and_opened() {
    let t = TestApp::new();
    let first = t.ok("dossier_open_example", json!({}));
    assert!(first["dossier"]["esms"].as_array().unwrap().len() >= 6);
    let expected = t
        .dir
        .path()
        .join("data/exemples/Association Les Iris de l'Erdre.cpom");
    assert_eq!(first["path"], expected.display().to_string());
    assert_eq!(first["name"], "Association Les Iris de l'Erdre");
    // Une deuxième fois : le fichier ouvert est fermé puis remplacé par un exemple neuf.
    let second = t.ok("dossier_open_example", json!({}));
    assert_ne!(first["meta"]["dossier_id"], second["meta"]["dossier_id"]);
    assert_eq!(
        t.ok("recents_list", json!({}))[0]["path"],
        expected.display().to_string()
    );
}

/// Le second exemple, « personnes âgées » : un fichier à part, six ESMS pour personnes
/// âgées, prêt pour signature ; un code inconnu est refusé en français, sans rien ouvrir.
#[test]
fn the_pa_example_opens_beside_the_ph_one() {
    let t = TestApp::new();
    let v = t.ok("dossier_open_example", json!({ "exemple": "pa" }));
    let expected = t
        .dir
        .path()
        .join("data/exemples/Association Les Jardins du Lez.cpom");
    assert_eq!(v["path"], expected.display().to_string());
    let esms = v["dossier"]["esms"].as_array().unwrap();
    assert_eq!(esms.len(), 6);
    assert!(esms.iter().all(|e| e["secteur"] == "personnes_agees"));
    assert_eq!(v["readiness"]["etat"], "pret_pour_signature");
    assert!(
        v["regimes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["regime"] == "gmps")
    );
    let err = t
        .invoke("dossier_open_example", json!({ "exemple": "ehpad" }))
        .unwrap_err();
    assert!(
        err.to_string().contains("n'est pas un dossier exemple"),
        "{err}"
    );
}

/// Étapes (issue 3) : sur l'exemple, effacer la date réelle de la réunion de lancement lève
/// la porte `L-REUNION-LANCEMENT` : `step_validate` est refusée, puis acceptée une fois la
/// date ressaisie. `record_add`, `step_reopen` et `catalogues` passent aussi par l'IPC.
#[test]
fn step_validate_refused_then_accepted() {
    let t = TestApp::new();
    let view = t.ok("dossier_open_example", json!({}));
    let jalon = view["planning"]["jalons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["code"] == "reunion_lancement")
        .expect("jalon de la réunion de lancement")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let clear = json!({ "update": { "kind": "jalon", "id": jalon, "field": "date_reelle", "value": null } });
    let v = t.ok("record_update", clear);
    let lancement = &v["etapes"][0];
    assert_eq!(lancement["etape"], "lancement");
    assert!(lancement["erreurs"].as_u64().unwrap() >= 1, "{lancement}");

    let err = t
        .invoke("step_validate", json!({ "step": "lancement" }))
        .unwrap_err();
    assert_eq!(err["code"], "etape.erreurs_bloquantes", "{err}");
    assert!(err["message"].as_str().unwrap().len() > 10);
    assert!(err["details"]["field"].as_str().is_some(), "{err}");

    let set = json!({ "update": { "kind": "jalon", "id": jalon, "field": "date_reelle", "value": "20/01/2026" } });
    t.ok("record_update", set);
    let v = t.ok(
        "step_validate",
        json!({ "step": "lancement", "comment": "Lancement validé" }),
    );
    assert_eq!(v["etapes"][0]["etat"], "valide");
    let v = t.ok("step_reopen", json!({ "step": "lancement" }));
    assert_ne!(v["etapes"][0]["etat"], "valide");

    let created = t.ok(
        "record_add",
        json!({ "kind": "acteur", "init": { "nom": "CVS" } }),
    );
    let id = created["id"].as_str().unwrap();
    let acteurs = created["view"]["dossier"]["lancement"]["acteurs"]
        .as_array()
        .unwrap();
    assert!(acteurs.iter().any(|a| a["id"] == id && a["nom"] == "CVS"));
    t.ok("record_delete", json!({ "kind": "acteur", "id": id }));

    let cat = t.ok("catalogues", json!({}));
    assert!(!cat["diagnostic"]["axes"].as_array().unwrap().is_empty());
}

/// Clauses libres du contrat : `clause_set` puis `clauses_list` renvoie le texte du dossier
/// avec son auteur ; une clause inconnue est refusée en français ; `clause_reset` rétablit.
#[test]
fn clause_set_list_reset() {
    let t = TestApp::new();
    t.ok("dossier_new", json!({}));
    let set = json!({ "model": "arrete-2017", "clause": "preambule", "text": "Notre préambule." });
    t.ok("clause_set", set);
    let list = t.ok("clauses_list", json!({ "model": "arrete-2017" }));
    let pre = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clause_id"] == "preambule")
        .expect("clause préambule")
        .clone();
    assert_eq!(pre["text"], "Notre préambule.");
    assert_eq!(pre["updated_by"], "Testeur IPC");
    assert!(!pre["default_text"].as_str().unwrap().is_empty());

    let bad = json!({ "model": "arrete-2017", "clause": "absente", "text": "x" });
    let err = t.invoke("clause_set", bad).unwrap_err();
    assert_eq!(err["code"], "clause.invalide", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("n'a pas de clause"),
        "{err}"
    );

    let reset = json!({ "model": "arrete-2017", "clause": "preambule" });
    let list = t.ok("clause_reset", reset);
    assert!(list.as_array().unwrap().iter().all(|c| c["text"].is_null()));
}

/// Issue 4 : « Dupliquer vers un autre ESMS » copie la fiche (avec actions et indicateurs) ;
/// une fois le CA daté et toutes les signatures datées, le dossier est signé et refuse toute
/// saisie (`dossier.signe`) ; `avenant_copy` en ouvre une copie de travail modifiable.
#[test]
fn objectif_duplicate_then_sign_and_avenant_copy() {
    let t = TestApp::new();
    let view = t.ok("dossier_open_example", json!({}));
    let objectifs = view["dossier"]["objectifs"]["objectifs"]
        .as_array()
        .unwrap();
    let source = objectifs[0]["id"].as_str().unwrap().to_string();
    let esms = view["dossier"]["esms"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let created = t.ok(
        "objectif_duplicate",
        json!({ "objectif": source, "esms": esms }),
    );
    let id = created["id"].as_str().unwrap();
    let after = created["view"]["dossier"]["objectifs"]["objectifs"]
        .as_array()
        .unwrap();
    assert_eq!(after.len(), objectifs.len() + 1);
    let copy = after.iter().find(|o| o["id"] == id).expect("copie");
    assert_eq!(copy["esms"], json!([esms]));
    let err = t
        .invoke(
            "objectif_duplicate",
            json!({ "objectif": source, "esms": "pas-un-uuid" }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "identifiant.invalide", "{err}");
    t.ok("record_delete", json!({ "kind": "objectif", "id": id }));

    // Pas encore signé : pas de copie d'avenant.
    let err = t.invoke("avenant_copy", json!({})).unwrap_err();
    assert_eq!(err["code"], "avenant.non_signe", "{err}");

    let update = |kind: &str, field: &str, value: Value| {
        t.invoke(
            "record_update",
            json!({ "update": { "kind": kind, "field": field, "value": value } }),
        )
    };
    let v = update("signatures", "date_deliberation_ca", json!("2026-06-02")).unwrap();
    assert_eq!(
        v["readiness"]["etat"], "pret_pour_signature",
        "{}",
        v["readiness"]
    );
    let parties: Vec<String> = v["readiness"]["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["partie"].as_str().unwrap().to_string())
        .collect();
    let mut last = Value::Null;
    for p in &parties {
        let field = format!("signataires.{p}.date_signature");
        last = update("signatures", &field, json!("2026-06-20")).unwrap();
    }
    assert_eq!(last["readiness"]["etat"], "signe", "{}", last["readiness"]);
    let err = update("signatures", "lieu", json!("Angers")).unwrap_err();
    assert_eq!(err["code"], "dossier.signe", "{err}");
    let err = update("organisme", "raison_sociale", json!("Autre")).unwrap_err();
    assert_eq!(err["code"], "dossier.signe", "{err}");
    assert_eq!(
        last["suivi"]["situation"]["etat"], "signe",
        "{}",
        last["suivi"]
    );

    // Un projet d'avenant : le contrat se modifie, puis l'abandon le remet.
    let v = t.ok(
        "avenant_create",
        json!({ "types": ["revision_objectifs"], "objet": "Révision" }),
    );
    assert_eq!(v["suivi"]["situation"]["projet_avenant"], true);
    let projet = v["avenants"][0]["id"].as_str().unwrap().to_string();
    let v = update("organisme", "raison_sociale", json!("Autre nom")).unwrap();
    assert!(
        v["avenants"][0]["changements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "raison_sociale"),
        "{}",
        v["avenants"]
    );
    let v = t.ok("avenant_abandon", json!({ "id": projet }));
    assert_eq!(
        v["dossier"]["organisme"]["raison_sociale"],
        "Association Les Iris de l'Erdre"
    );
    assert_eq!(v["avenants"], json!([]));

    let copy = t.ok("avenant_copy", json!({}));
    assert!(
        copy["path"].as_str().unwrap().ends_with("avenant-1.cpom"),
        "{}",
        copy["path"]
    );
    assert_ne!(copy["readiness"]["etat"], "signe");
    update("signatures", "lieu", json!("Angers")).unwrap();
}
