//! La commande `cpom` de bout en bout : sorties, codes de sortie, messages français.

use std::path::Path;
use std::process::{Command, Output};

fn cpom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(args)
        .env("CPOM_AUTEUR", "Test CLI")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn demo_check_export_import() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("exemple.cpom");
    let o = cpom(&["demo", s(&d)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(d.exists());
    assert!(!dir.path().join("exemple.cpom-wal").exists());

    let o = cpom(&["check", s(&d)]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("Association Les Iris de l'Erdre — CPOM 2027-2031 (tripartite, 7 ESMS)"),
        "{out}"
    );
    assert!(out.contains("0 erreur"), "{out}");
    assert!(
        out.contains("3 places installées pour 2 autorisées"),
        "{out}"
    );

    let o = cpom(&["check", s(&d), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let etapes = report["etapes"].as_array().unwrap();
    assert_eq!(etapes.len(), 4);
    assert!(etapes[..3].iter().all(|e| e["erreurs"] == 0));
    // Le manque volontaire de l'exemple : la délibération du CA n'est pas datée.
    assert_eq!(etapes[3]["erreurs"], 1);
    let points = report["readiness"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 1, "{points:?}");
    assert_eq!(points[0]["regle"], "S-CA");
    assert!(
        etapes
            .iter()
            .flat_map(|e| e["issues"].as_array().unwrap())
            .all(|i| i["source"].as_str().is_some_and(|x| !x.is_empty()))
    );

    let j = dir.path().join("exemple.json");
    assert!(
        cpom(&["export", "--force", "json", s(&d), s(&j)])
            .status
            .success()
    );
    // Modifier le JSON puis l'importer : --dry-run montre, n'écrit pas.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&j).unwrap()).unwrap();
    v["dossier"]["esms"][0]["capacites"]["internat"]["autorisee"] = 26.into();
    std::fs::write(&j, serde_json::to_string(&v).unwrap()).unwrap();
    let before = std::fs::read(&d).unwrap();
    let o = cpom(&["import", "json", s(&d), s(&j), "--dry-run"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(
        out.contains("~ ESMS IME Les Hirondelles — capacites.internat.autorisee : 24 → 26"),
        "{out}"
    );
    assert!(out.contains("1 différence ; rien n'a été écrit"), "{out}");
    assert!(
        std::fs::read(&d).unwrap() == before,
        "--dry-run laisse le fichier identique"
    );
    let o = cpom(&["import", "json", s(&d), s(&j)]);
    assert!(o.status.success());
    let o = cpom(&["import", "json", s(&d), s(&j), "--dry-run"]);
    assert!(text(&o.stdout).contains("0 différence"));
}

#[test]
fn refusals_exit_1_with_a_french_reason_and_leave_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.cpom");
    assert!(cpom(&["demo", s(&d)]).status.success());
    let before = std::fs::read(&d).unwrap();
    let bad = dir.path().join("faux.json");
    std::fs::write(&bad, "{\"format\": \"atelier-cpom/dossier\", \"version\": 1, \"dossier\": {\"organisme\": {\"finess_ej\": \"440000129\"}}}").unwrap();
    let o = cpom(&["import", "json", s(&d), s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("dossier.organisme.finess_ej"), "{err}");
    assert!(err.contains("clé de contrôle"), "{err}");
    assert!(
        std::fs::read(&d).unwrap() == before,
        "refus : fichier identique"
    );

    let o = cpom(&["check", s(&dir.path().join("absent.cpom"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("est introuvable"));

    std::fs::write(dir.path().join("texte.cpom"), "pas un dossier").unwrap();
    let o = cpom(&["check", s(&dir.path().join("texte.cpom"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("n'est pas un dossier Atelier CPOM"));
}

#[test]
fn usage_errors_exit_2() {
    let o = cpom(&["exporter"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("Usage"));
    assert_eq!(cpom(&[]).status.code(), Some(2));
    assert_eq!(cpom(&["check", "a.cpom", "--pdf"]).status.code(), Some(2));
    let o = cpom(&["--help"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("cpom demo SORTIE.cpom"));
}

/// `pdftotext` est-il là ? En CI (variable `CI`), son absence est une erreur.
fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext introuvable : la CI doit installer poppler-utils"
        );
        eprintln!("pdftotext absent : contrôle du texte sauté");
    }
    ok
}

#[test]
fn export_pdf_models_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("exemple.cpom");
    assert!(cpom(&["demo", s(&d)]).status.success());
    let before = std::fs::read(&d).unwrap();

    let o = cpom(&["models"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    for id in ["arrete-2017", "pdl-socle", "paca-ph"] {
        assert!(out.contains(id), "{out}");
    }

    let pdf = dir.path().join("contrat.pdf");
    let o = cpom(&[
        "export",
        "--force",
        "pdf",
        s(&d),
        s(&pdf),
        "--model",
        "pdl-socle",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("Contrat exporté"), "{out}");
    assert!(out.contains("modèle pdl-socle"), "{out}");
    assert!(out.contains("Mention « PROJET »"), "{out}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(
        std::fs::read(&d).unwrap(),
        before,
        "export en lecture seule"
    );
    if have_pdftotext() {
        let t = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let t = text(&t.stdout).replace(['\u{a0}', '\u{202f}'], " ");
        assert!(t.contains("Association Les Iris de l'Erdre"));
        assert!(t.contains("Titre 3 – Liste des annexes au CPOM"), "{t}");
    }

    // Modèle par défaut : celui du référentiel régional du dossier (Pays de la Loire ici,
    // PACA pour l'exemple PACA).
    let o = cpom(&["export", "--force", "pdf", s(&d), s(&pdf)]);
    assert!(
        text(&o.stdout).contains("modèle pdl-socle"),
        "{}",
        text(&o.stdout)
    );
    let paca = dir.path().join("paca.cpom");
    assert!(
        cpom(&["demo", s(&paca), "--exemple", "paca"])
            .status
            .success()
    );
    let paca_pdf = dir.path().join("paca.pdf");
    let o = cpom(&["export", "pdf", s(&paca), s(&paca_pdf)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("modèle paca-ph"),
        "{}",
        text(&o.stdout)
    );

    // Erreurs : code 1, message français, fichier cible intact.
    let kept = std::fs::read(&pdf).unwrap();
    let o = cpom(&[
        "export",
        "--force",
        "pdf",
        s(&d),
        s(&pdf),
        "--model=inconnu",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("Modèle de contrat inconnu : « inconnu »"));
    let o = cpom(&["export", "--force", "pdf", s(&d), s(&pdf), "--fiche", "F1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("La fiche « F1 » n'existe pas"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), kept);
    // Une fiche seule, par son numéro, dans la forme du modèle PACA.
    let fiche = dir.path().join("fiche.pdf");
    let o = cpom(&[
        "export",
        "--force",
        "pdf",
        s(&d),
        s(&fiche),
        "--fiche",
        "3",
        "--model",
        "paca-ph",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(fiche.exists());

    // Usage : code 2.
    assert_eq!(
        cpom(&["export", "--force", "pdf", s(&d), s(&pdf), "--model"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        cpom(&["check", s(&d), "--model", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn check_prints_the_report_of_the_four_steps() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("exemple.cpom");
    assert!(cpom(&["demo", s(&d)]).status.success());
    let o = cpom(&["check", s(&d), "--date", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("Situation au 22/11/2026"), "{out}");
    for line in [
        "1. Lancement — Prêt — ",
        "2. Diagnostic partagé — Prêt — 100 % — 0 erreur",
        "3. Objectifs — Prêt — ",
        "4. Signature — En cours — ",
        "État du dossier : En préparation",
        "1 point bloquant avant signature :",
        "Signature › La délibération du conseil d'administration approuvant le contrat n'est pas datée.",
        "Signature : Agence régionale de santé Pays de la Loire — M. Jérôme Castel",
    ] {
        assert!(out.contains(line), "{line} absent de :\n{out}");
    }
    // Les avertissements laissés exprès, avec leur source lisible (titre du document et
    // partie) ; l'acquittement et son auteur. Sans --details, ni code de règle ni champ.
    assert!(
        out.contains("AVERTISSEMENT — La phase « Diagnostic partagé » dure"),
        "{out}"
    );
    assert!(
        out.contains("Source : Guide ANAP « Négocier et mettre en œuvre les CPOM dans le secteur médico-social » (janvier 2017), chapitre 2, § 2.1 « Diagnostic : réalisation et partage »"),
        "{out}"
    );
    assert!(
        out.contains("AVERTISSEMENT ACQUITTÉ — La négociation"),
        "{out}"
    );
    assert!(
        !out.contains("[P-CAMPAGNE]") && !out.contains("Détail :"),
        "{out}"
    );
    assert_eq!(
        cpom_domain::kernel::sources::unreadable(&out),
        None,
        "texte illisible dans :\n{out}"
    );
    assert!(
        out.contains("Acquitté par Mme Sophie Guérin le 20/05/2026"),
        "{out}"
    );
    let details = text(&cpom(&["check", s(&d), "--details", "--date", "2026-11-22"]).stdout);
    for code in [
        "règle P-NORME-DIAGNOSTIC",
        "règle P-CAMPAGNE",
        "règle R-CR",
        "règle V31",
    ] {
        assert!(details.contains(code), "{code} absent de :\n{details}");
    }
    assert!(
        details.contains("Détail : règle S-CA, champ signature.signatures.date_deliberation_ca"),
        "{details}"
    );

    // Le JSON est la structure que l'interface reçoit : mêmes étapes, mêmes points.
    let o = cpom(&["check", s(&d), "--json", "--date", "2026-11-22"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lancement = &v["etapes"][0];
    assert_eq!(lancement["etape"], "lancement");
    assert_eq!(lancement["etat"], "pret");
    assert_eq!(lancement["acquittes"], 1);
    let camp = lancement["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["rule"] == "P-CAMPAGNE")
        .unwrap();
    assert_eq!(camp["severity"], "avertissement");
    assert_eq!(camp["acquittement"]["par"], "Mme Sophie Guérin");

    // Un dossier neuf : la réunion de lancement bloque, en erreur.
    let n = dir.path().join("neuf.json");
    std::fs::write(
        &n,
        "{\"format\": \"atelier-cpom/dossier\", \"version\": 1, \"dossier\": {}}",
    )
    .unwrap();
    let fresh = dir.path().join("neuf.cpom");
    let demo = cpom(&["demo", s(&fresh)]);
    assert!(demo.status.success());
    // Un fichier sans identité dans un dossier qui a un contenu : jamais de remplacement
    // silencieux ; refusé sans --remplacer, dossier identique à l'octet près.
    let before = std::fs::read(&fresh).unwrap();
    let o = cpom(&["import", "json", s(&fresh), s(&n)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("est l'export d'un autre dossier"), "{err}");
    assert!(err.contains("« Association Les Iris de l'Erdre »"), "{err}");
    assert!(err.contains("Le dossier n'a pas été modifié"), "{err}");
    assert_eq!(std::fs::read(&fresh).unwrap(), before);
    let o = cpom(&["import", "json", s(&fresh), s(&n), "--remplacer"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&cpom(&["check", s(&fresh), "--date", "2026-11-22"]).stdout);
    assert!(out.contains("1. Lancement — À faire — 0 %"), "{out}");
    assert!(
        out.contains("ERREUR — La réunion de lancement n'a pas encore eu lieu"),
        "{out}"
    );
    let o = cpom(&["check", s(&fresh), "--date", "31/02/2026"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("n'existe pas"));
}

#[test]
fn the_paca_example_is_ready_and_cites_only_what_a_reader_can_open() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("paca.cpom");
    let o = cpom(&["demo", s(&d), "--exemple", "paca"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = cpom(&["check", s(&d), "--date", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("État du dossier : Prêt pour signature"),
        "{out}"
    );
    assert!(
        out.contains("Référentiel régional : Provence-Alpes-Côte d'Azur"),
        "{out}"
    );
    // Aucune règle ni source propre au guide des Pays de la Loire sous le référentiel PACA.
    assert!(!out.contains("Pays de la Loire"), "{out}");
    assert_eq!(
        cpom_domain::kernel::sources::unreadable(&out),
        None,
        "texte illisible dans :\n{out}"
    );
    let details = text(&cpom(&["check", s(&d), "--details", "--date", "2026-11-22"]).stdout);
    assert_eq!(
        cpom_domain::kernel::sources::unreadable(&details),
        None,
        "{details}"
    );
}

#[test]
fn contribution_kit_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("siege.cpom");
    assert!(cpom(&["demo", s(&d)]).status.success());
    let (ime, finess): (String, String) = rusqlite::Connection::open(&d)
        .unwrap()
        .query_row(
            "SELECT id, json_extract(data, '$.finess_et') FROM record WHERE kind = 'esms' AND json_extract(data, '$.nom') LIKE 'IME%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let kit = dir.path().join("kit-ime.cpom");
    let o = cpom(&[
        "contribution",
        "export",
        s(&d),
        "--esms",
        "440000000",
        s(&kit),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("Aucun ESMS du dossier n'a le FINESS géographique 440000000"),
        "{}",
        text(&o.stderr)
    );
    let o = cpom(&[
        "contribution",
        "export",
        s(&d),
        "--esms",
        &finess,
        s(&kit),
        "--pour",
        "Direction de l'IME",
        "--echeance",
        "15/04/2026",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("à rendre avant le 15 avril 2026"),
        "{}",
        text(&o.stdout)
    );
    // La direction remplit sa partie (ici directement dans le fichier).
    rusqlite::Connection::open(&kit)
        .unwrap()
        .execute(
            "UPDATE record SET data = json_set(data, '$.jours_ouverture', 199) WHERE id = ?1",
            [&ime],
        )
        .unwrap();
    let before = std::fs::read(&d).unwrap();
    let o = cpom(&["contribution", "import", s(&d), s(&kit), "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("IME Les Hirondelles : 0 nouveau(x), 1 modifié(s)"),
        "{out}"
    );
    assert!(out.contains("jours_ouverture : 210 → 199"), "{out}");
    assert_eq!(std::fs::read(&d).unwrap(), before, "--dry-run n'écrit rien");
    let o = cpom(&["contribution", "import", s(&d), s(&kit)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("Contribution intégrée"),
        "{}",
        text(&o.stdout)
    );
    let after = std::fs::read(&d).unwrap();
    let o = cpom(&["contribution", "import", s(&d), s(&kit)]);
    assert!(
        text(&o.stdout).contains("déjà été intégré"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(std::fs::read(&d).unwrap(), after, "ré-import sans effet");
    let o = cpom(&["contribution", "suivi", s(&d)]);
    let out = text(&o.stdout);
    assert!(out.contains("IME Les Hirondelles — envoyé le"), "{out}");
    assert!(out.contains("intégré le"), "{out}");
    assert!(
        out.contains("Agence régionale de santé Pays de la Loire : "),
        "{out}"
    );
    // Un kit dont le contexte partagé a été modifié est refusé, dossier inchangé.
    rusqlite::Connection::open(&kit)
        .unwrap()
        .execute("UPDATE record SET data = json_set(data, '$.raison_sociale', 'X') WHERE kind = 'organisme'", [])
        .unwrap();
    let o = cpom(&["contribution", "import", s(&d), s(&kit)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("modifié en dehors de la partie confiée"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&d).unwrap(), after);
    assert_eq!(
        cpom(&[
            "contribution",
            "import",
            s(&d),
            s(&kit),
            "--conflits",
            "peut-etre"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn export_and_import_xlsx_and_tdb() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("exemple.cpom");
    assert!(cpom(&["demo", s(&d)]).status.success());
    let before = std::fs::read(&d).unwrap();
    let x = dir.path().join("classeur.xlsx");
    let o = cpom(&["export", "--force", "xlsx", s(&d), s(&x)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("modèle pdl-diagnostic version 2"),
        "{}",
        text(&o.stdout)
    );
    assert!(
        std::fs::read(&d).unwrap() == before,
        "export en lecture seule"
    );
    let o = cpom(&["import", "xlsx", s(&d), s(&x), "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("0 modification ; rien n'a été écrit"),
        "{}",
        text(&o.stdout)
    );
    let y = dir.path().join("suivi.xlsx");
    let o = cpom(&[
        "export",
        "--force",
        "xlsx",
        s(&d),
        s(&y),
        "--template",
        "suivi-objectifs",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = cpom(&[
        "export",
        "--force",
        "xlsx",
        s(&d),
        s(&y),
        "--template",
        "inconnu",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("Modèle de classeur inconnu"),
        "{}",
        text(&o.stderr)
    );
    // Un CSV renommé : refus en français, dossier inchangé.
    let csv = dir.path().join("faux.xlsx");
    std::fs::write(&csv, "a;b\n1;2\n").unwrap();
    let o = cpom(&["import", "tdb", s(&d), s(&csv), "--annee", "2022"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("CSV renommé"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        std::fs::read(&d).unwrap() == before,
        "dossier modifié par un refus"
    );
    let o = cpom(&["models"]);
    assert!(text(&o.stdout).contains("suivi-objectifs"));
}

#[test]
fn suivi_commands_on_a_signed_dossier_in_its_third_year() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("suivi.cpom");
    let o = cpom(&["demo", "--etat", "suivi", "--date", "2029-06-01", s(&d)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("3e année au 01/06/2029"));
    let before = std::fs::read(&d).unwrap();

    // cpom check : l'état du contrat et ce qui est en retard.
    let o = cpom(&["check", s(&d), "--date", "2029-06-01"]);
    let out = text(&o.stdout);
    assert!(
        out.contains("Suivi du contrat : Signé le 15 décembre 2026 — en exécution, année 3 sur 5 (exercice 2029)"),
        "{out}"
    );
    assert!(out.contains("1 avenant signé au contrat"), "{out}");
    assert!(out.contains("1 échéance en retard"), "{out}");
    assert!(
        out.contains("Évaluation de la qualité prévue au contrat — ESAT"),
        "{out}"
    );
    let o = cpom(&["check", s(&d), "--json", "--date", "2029-06-01"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["suivi"]["situation"]["etat"], "en_execution");
    assert_eq!(v["suivi"]["en_retard"], 1);

    // L'échéancier.
    let o = cpom(&["suivi", "echeances", s(&d), "--date", "2029-06-01"]);
    let out = text(&o.stdout);
    assert!(out.contains("fait le 29/04/2029"), "{out}");
    assert!(out.contains("EN RETARD"), "{out}");
    assert!(
        out.contains(
            "Source (méthode régionale) : Guide méthodologique CPOM PH de l'ARS Pays de la Loire"
        ),
        "{out}"
    );
    assert!(!out.contains("seed"), "{out}");
    let o = cpom(&[
        "suivi",
        "echeances",
        s(&d),
        "--json",
        "--date",
        "2029-06-01",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["echeancier"].as_array().unwrap().len() > 20);

    // Les documents.
    let revue = dir.path().join("revue.pdf");
    let o = cpom(&[
        "suivi",
        "revue",
        s(&d),
        "--exercice",
        "2028",
        s(&revue),
        "--date",
        "2029-06-01",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("forme du modèle pdl-socle"));
    // Un document déjà écrit n'est remplacé qu'avec --force.
    let revue_avant = std::fs::read(&revue).unwrap();
    let o = cpom(&["suivi", "revue", s(&d), "--exercice", "2028", s(&revue)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--force"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read(&revue).unwrap(), revue_avant);
    let o = cpom(&[
        "suivi",
        "revue",
        s(&d),
        "--exercice",
        "2028",
        s(&revue),
        "--force",
        "--date",
        "2029-06-01",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let autre = dir.path().join("revue-2040.pdf");
    let o = cpom(&["suivi", "revue", s(&d), "--exercice", "2040", s(&autre)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("L'exercice 2040 n'est pas une année de ce contrat"));
    let o = cpom(&["suivi", "revue", s(&d), s(&revue)]);
    assert_eq!(o.status.code(), Some(2), "--exercice obligatoire");
    let bilan = dir.path().join("bilan.pdf");
    let o = cpom(&["suivi", "bilan", s(&d), s(&bilan), "--date", "2029-06-01"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rapport = dir.path().join("rapport.pdf");
    assert!(
        cpom(&["suivi", "rapport", s(&d), "--exercice", "2028", s(&rapport)])
            .status
            .success()
    );
    let a = dir.path().join("avenant.pdf");
    let o = cpom(&["avenant", "export", s(&d), "--numero", "1", s(&a)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("Avenant n° 1 exporté"));
    let a2 = dir.path().join("avenant-2.pdf");
    let o = cpom(&["avenant", "export", s(&d), "--numero", "2", s(&a2)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("les avenants signés vont du n° 1 au n° 1"));
    assert!(!a2.exists(), "rien n'est écrit");
    let o = cpom(&["avenant", "export", s(&d), "--projet", s(&a2)]);
    assert_eq!(o.status.code(), Some(1));
    let c = dir.path().join("contrat.pdf");
    let o = cpom(&[
        "export",
        "pdf",
        s(&d),
        s(&c),
        "--avenant",
        "1",
        "--model",
        "pdl-socle",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("version consolidée après l'avenant n° 1"));

    // Renouveler : un nouveau dossier ; le dossier signé n'a pas changé.
    let n = dir.path().join("suivant.cpom");
    let o = cpom(&["renouveler", s(&d), s(&n), "--date", "2029-06-01"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("date d'effet 1er janvier 2032"),
        "{}",
        text(&o.stdout)
    );
    assert!(n.exists());
    assert_eq!(
        std::fs::read(&d).unwrap(),
        before,
        "toutes ces commandes lisent seulement"
    );

    // import json sur le dossier signé : l'exécution passe, le contrat est refusé.
    let j = dir.path().join("d.json");
    assert!(cpom(&["export", "json", s(&d), s(&j)]).status.success());
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&j).unwrap()).unwrap();
    v["dossier"]["suivi_contrat"]["general"]["referent"] = "M. Nouveau référent".into();
    std::fs::write(&j, v.to_string()).unwrap();
    let o = cpom(&["import", "json", s(&d), s(&j)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let after_exec = std::fs::read(&d).unwrap();
    v["dossier"]["esms"][0]["nom"] = "Autre nom".into();
    std::fs::write(&j, v.to_string()).unwrap();
    let o = cpom(&["import", "json", s(&d), s(&j)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("fait partie du contrat signé"), "{err}");
    assert!(std::fs::read(&d).unwrap() == after_exec, "rien n'est écrit");
}

/// `cpom demo --exemple pa` : l'exemple « personnes âgées » est prêt pour signature, sans
/// règle propre au CPOM PH ni point bloquant ; le contrat de l'arrêté 2017 s'exporte sans
/// mention PROJET ; un exemple inconnu est refusé (code 2) sans rien écrire.
#[test]
fn demo_pa_is_ready_and_exports_the_ehpad_contract() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("ehpad.cpom");
    let o = cpom(&["demo", s(&d), "--exemple", "pa"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("« pa »"), "{}", text(&o.stdout));
    let o = cpom(&["check", s(&d), "--date", "2026-11-20"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("Association Les Jardins du Lez — CPOM 2027-2031 (tripartite, 6 ESMS)"),
        "{out}"
    );
    assert!(
        out.contains("État du dossier : Prêt pour signature"),
        "{out}"
    );
    // Sans --details, ni code de règle ni ligne de source ; avec, le code de chaque point.
    assert_eq!(
        cpom_domain::kernel::sources::unreadable(&out),
        None,
        "source illisible : {out}"
    );
    assert!(!out.contains("Détail : règle"), "{out}");
    let details = text(&cpom(&["check", s(&d), "--details", "--date", "2026-11-20"]).stdout);
    for ph in [
        "règle O-MINIMUM,",
        "règle S-DOTATION,",
        "règle S-REPARTITION,",
        "règle S-BUDGET,",
        "règle D-FLASH-CD,",
    ] {
        assert!(!details.contains(ph), "{ph} : {details}");
    }
    assert!(
        details.contains("Détail : règle V32,"),
        "l'alerte V32 laissée exprès : {details}"
    );
    let pdf = dir.path().join("contrat.pdf");
    let o = cpom(&["export", "pdf", s(&d), s(&pdf), "--model", "arrete-2017"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("aucun point bloquant"),
        "{}",
        text(&o.stdout)
    );
    let bad = dir.path().join("autre.cpom");
    let o = cpom(&["demo", s(&bad), "--exemple", "ehpad"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--exemple vaut « ph »"),
        "{}",
        text(&o.stderr)
    );
    assert!(!bad.exists());
}
