//! Chaque code d'erreur que les services et la commande `cpom` peuvent produire (relevé dans
//! leurs sources) est produit ici, par le chemin réel qui le produit (ou par la traduction qui
//! le porte, pour les erreurs du système et de SQLite qu'on ne sait pas provoquer sur un
//! poste de test : disque plein, droits, mémoire…) ; son message est vérifié : non vide, sans
//! aucun mot anglais de la liste. Un code nouveau sans scénario fait échouer le test.

use std::collections::{BTreeMap, BTreeSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use cpom_domain::RecordKind;
use cpom_domain::contribution::merge::Decision;
use cpom_domain::dossier::etapes::StepId;
use cpom_services::contribution::KitRequest;
use cpom_services::error::translate::{self, Action};
use cpom_services::example::{create_example, filler};
use cpom_services::export::pdf::{PdfOptions, export_fiche_pdf, export_pdf, render_document};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, render_xlsx};
use cpom_services::import::reader;
use cpom_services::import::tdb::{TdbOptions, import_tdb};
use cpom_services::import::tdb_sample::write_sample;
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use cpom_services::json_io::{JsonImportOptions, import_json, read_json};
use cpom_services::store::lock;
use cpom_services::{FieldUpdate, ServiceError, Session};
use serde_json::{Value, json};

mod commun;
use commun::english_words;

/// Les codes qu'aucun scénario ne sait produire sans altérer les fichiers embarqués dans
/// l'application, avec la raison (leur message est écrit en français dans le code).
const OUT_OF_REACH: &[(&str, &str)] = &[
    (
        "classeur.ecriture",
        "erreur inattendue de rust_xlsxwriter autre qu'un texte trop long",
    ),
    (
        "classeur.modele_invalide",
        "modèle de classeur embarqué incohérent (vérifié par les tests du domaine)",
    ),
    (
        "contrat.modele",
        "modèle de contrat embarqué incohérent (vérifié par les tests du domaine)",
    ),
    ("contrat.ecriture", "police embarquée illisible"),
    (
        "dossier.etat",
        "état gardé de la session absent au moment d'écrire : `fresh` vient de le relire ; défensif, sans chemin qui y mène",
    ),
    (
        "fusion.invalide",
        "chaque valeur d'un kit est contrôlée dès l'examen (kit.valeur) ; ne reste qu'une incohérence entre champs acceptés séparément",
    ),
    (
        "import.type",
        "type d'enregistrement inconnu dans un plan fabriqué par le code",
    ),
];

/// Les codes d'erreur relevés dans les sources (hors modules de test) : le premier argument
/// texte de `ServiceError::new(…)`, `err(…)`, `refuse(…)`, et les couples `("code", …)` de
/// la traduction des erreurs.
fn codes_in_sources() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates/cpom-services/src", "crates/cpom-cli/src"] {
        walk(&root.join(dir), &mut files);
    }
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = match text.find("#[cfg(test)]") {
            Some(i) => &text[..i],
            None => &text,
        };
        let tuples = f.ends_with("translate.rs");
        let mut offset = 0;
        for (i, part) in code.split('"').enumerate() {
            let start = offset;
            offset += part.len() + 1;
            let is_code = i % 2 == 1
                && part.contains('.')
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                && !part.starts_with('.')
                && !part.ends_with('.');
            if !is_code {
                continue;
            }
            // Ce qui précède le littéral : « new( », « err( », « refuse( » ou, dans la
            // traduction, l'ouverture d'un couple.
            let before = code[..start.saturating_sub(1)].trim_end();
            let Some(head) = before.strip_suffix('(') else {
                continue;
            };
            let ident: String = head
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let constructor = ident.ends_with("ServiceError::new")
                || ident == "err"
                || ident == "refuse"
                || (tuples && ident.is_empty());
            if constructor {
                out.insert(part.to_string());
            }
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

struct Seen(BTreeMap<String, String>);

impl Seen {
    fn err(&mut self, e: ServiceError) {
        self.0.entry(e.code.clone()).or_insert(e.message);
    }
    fn res<T: std::fmt::Debug>(&mut self, r: Result<T, ServiceError>, what: &str) {
        match r {
            Err(e) => self.err(e),
            Ok(v) => panic!("{what} : refus attendu, reçu {v:?}"),
        }
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn upd(kind: RecordKind, id: Option<&str>, field: &str, value: Value) -> FieldUpdate {
    FieldUpdate {
        kind,
        id: id.map(str::to_string),
        field: field.into(),
        value,
    }
}

fn cpom(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{args:?}");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_error_code_has_a_french_message_without_english() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let mut seen = Seen(BTreeMap::new());

    // --- Système de fichiers et SQLite : la traduction de chaque cas ---
    let file = p("dossier.cpom");
    for (kind, action) in [
        (ErrorKind::NotFound, Action::Lire),
        (ErrorKind::NotFound, Action::Creer),
        (ErrorKind::PermissionDenied, Action::Ecrire),
        (ErrorKind::ReadOnlyFilesystem, Action::Ecrire),
        (ErrorKind::IsADirectory, Action::Lire),
        (ErrorKind::NotADirectory, Action::Creer),
        (ErrorKind::AlreadyExists, Action::Creer),
        (ErrorKind::InvalidFilename, Action::Creer),
        (ErrorKind::CrossesDevices, Action::Renommer),
        (ErrorKind::UnexpectedEof, Action::Lire),
        (ErrorKind::StorageFull, Action::Ecrire),
        (ErrorKind::ResourceBusy, Action::Supprimer),
        (ErrorKind::Other, Action::Acceder),
    ] {
        seen.err(translate::io(
            &std::io::Error::from(kind),
            action,
            Some(&file),
        ));
    }
    for code in [5, 6, 8, 13, 26, 11, 14, 3, 10, 7, 18, 15] {
        let e = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        seen.err(translate::sqlite(&e));
    }
    seen.err(translate::sqlite(&rusqlite::Error::QueryReturnedNoRows));
    seen.err(translate::stored_json(
        &serde_json::from_str::<u32>("\"douze\"").unwrap_err(),
    ));

    // --- Le dossier de référence ---
    let d = p("exemple.cpom");
    let mut s = create_example(&d, "Test").unwrap();
    let dossier = s.dossier().unwrap();
    let esms = dossier.esms[0].id.to_string();

    // Annuler / rétablir sans saisie de la session.
    seen.res(s.undo(), "annuler sans saisie");
    seen.res(s.redo(), "rétablir sans annulation");

    // Saisie et enregistrements.
    seen.res(
        s.add_record(RecordKind::Organisme, None, None),
        "ajout d'un organisme",
    );
    seen.res(
        s.delete_record(RecordKind::Organisme, "x"),
        "suppression de l'organisme",
    );
    seen.res(
        s.update_field(&upd(
            RecordKind::ValidationEtape,
            Some(&esms),
            "commentaire",
            json!("x"),
        )),
        "validation modifiée à la main",
    );
    seen.res(
        s.update_field(&upd(RecordKind::Esms, None, "nom", json!("x"))),
        "identifiant manquant",
    );
    seen.res(
        s.update_field(&upd(
            RecordKind::Esms,
            Some("00000000-0000-0000-0000-000000000001"),
            "nom",
            json!("x"),
        )),
        "enregistrement absent",
    );
    seen.res(
        s.update_field(&upd(
            RecordKind::Esms,
            Some(&esms),
            "nom",
            json!(filler(400)),
        )),
        "nom trop long",
    );
    seen.res(
        s.duplicate_objectif("pas-un-uuid", &esms),
        "objectif mal identifié",
    );
    seen.res(
        s.duplicate_objectif("00000000-0000-0000-0000-000000000009", &esms),
        "objectif absent",
    );
    let fiche = dossier.objectifs.objectifs[0].id.to_string();
    seen.res(
        s.duplicate_objectif(&fiche, "00000000-0000-0000-0000-000000000009"),
        "ESMS absent",
    );
    seen.res(s.reopen_step(StepId::Signature), "étape non validée");
    seen.res(
        cpom_services::clauses::set(&mut s, "arrete-2017", "absente", "x"),
        "clause inconnue",
    );
    seen.res(s.save_copy(&d), "copie sur le dossier ouvert");
    seen.res(s.save_avenant_copy(&p("avenant.cpom")), "avenant non signé");

    // Kits (au siège).
    let req = |esms: Vec<String>| KitRequest {
        esms,
        destinataire: String::new(),
        echeance: None,
    };
    seen.res(s.export_kit(&req(vec![]), &p("k.cpom")), "kit sans ESMS");
    seen.res(
        s.export_kit(&req(vec!["inconnu".into()]), &p("k.cpom")),
        "kit d'un ESMS inconnu",
    );
    seen.res(
        s.export_kit(&req(vec![esms.clone()]), &d),
        "kit sur le dossier",
    );
    seen.res(s.esms_by_finess(&["440000000".into()]), "FINESS inconnu");
    seen.res(s.undo_merge("inconnue"), "intégration inconnue");
    // Une intégration, annulée deux fois ; puis une autre, modifiée depuis.
    let kit = p("kit.cpom");
    s.export_kit(&req(vec![esms.clone()]), &kit).unwrap();
    {
        let (mut k, _) = Session::open(&kit, "Direction").unwrap();
        k.update_field(&upd(RecordKind::Esms, Some(&esms), "nom", json!("Renommé")))
            .unwrap();
        seen.res(
            k.update_field(&upd(
                RecordKind::Organisme,
                None,
                "raison_sociale",
                json!("x"),
            )),
            "écriture hors du kit",
        );
        seen.res(
            k.export_kit(&req(vec![esms.clone()]), &p("k2.cpom")),
            "kit depuis un kit",
        );
        seen.res(k.examine_kit(&kit), "intégrer depuis un kit");
        k.close().unwrap();
    }
    let plan = s.examine_kit(&kit).unwrap();
    let whole: std::collections::HashMap<String, Decision> = plan
        .items
        .iter()
        .map(|i| {
            (
                i.key.clone(),
                Decision::Modifier(Value::String(filler(400))),
            )
        })
        .collect();
    seen.res(s.integrate_kit(&kit, &whole), "valeur retenue trop longue");
    let accept: std::collections::HashMap<String, Decision> = plan
        .items
        .iter()
        .map(|i| (i.key.clone(), Decision::Accepter))
        .collect();
    let merged = s.integrate_kit(&kit, &accept).unwrap();
    let id = merged.merge_id.unwrap();
    s.update_field(&upd(
        RecordKind::Esms,
        Some(&esms),
        "nom",
        json!("Changé ensuite"),
    ))
    .unwrap();
    seen.res(s.undo_merge(&id), "intégration modifiée depuis");
    s.update_field(&upd(RecordKind::Esms, Some(&esms), "nom", json!("Renommé")))
        .unwrap();
    s.undo_merge(&id).unwrap();
    seen.res(s.undo_merge(&id), "intégration déjà annulée");
    // Une décision « modifier » sur un enregistrement entier.
    let kit3 = p("kit3.cpom");
    s.export_kit(&req(vec![esms.clone()]), &kit3).unwrap();
    {
        let (mut k, _) = Session::open(&kit3, "Direction").unwrap();
        let ind = dossier
            .diagnostic
            .indicateurs
            .iter()
            .find(|i| i.esms.map(|e| e.to_string()).as_deref() == Some(esms.as_str()))
            .unwrap()
            .id
            .to_string();
        k.delete_record(RecordKind::Indicateur, &ind).unwrap();
        k.close().unwrap();
    }
    let plan3 = s.examine_kit(&kit3).unwrap();
    let modify_whole: std::collections::HashMap<String, Decision> = plan3
        .items
        .iter()
        .filter(|i| i.field.is_none())
        .map(|i| (i.key.clone(), Decision::Modifier(json!("x"))))
        .collect();
    assert!(!modify_whole.is_empty(), "{:#?}", plan3.items);
    seen.res(
        s.integrate_kit(&kit3, &modify_whole),
        "modifier un enregistrement entier",
    );
    // Un kit dont la description manque.
    let broken_kit = p("kit-incomplet.cpom");
    std::fs::copy(&kit3, &broken_kit).unwrap();
    rusqlite::Connection::open(&broken_kit)
        .unwrap()
        .execute_batch("DELETE FROM contribution_kit; PRAGMA journal_mode = DELETE;")
        .unwrap();
    seen.res(
        Session::open(&broken_kit, "Test").map(|_| ()),
        "kit sans description",
    );
    // Les refus d'un kit rendu : le jeu de fichiers malformés.
    let siege = p("siege.cpom");
    std::fs::copy(fixtures().join("malformes/reference.cpom"), &siege).unwrap();
    let ro = Session::open_read_only(&siege).unwrap();
    for f in std::fs::read_dir(fixtures().join("malformes/kit")).unwrap() {
        seen.res(ro.examine_kit(&f.unwrap().path()), "kit malformé");
    }
    ro.close_read_only();

    // Un exemple inconnu.
    seen.res(
        cpom_services::example::Exemple::from_code("ehpad"),
        "exemple inconnu",
    );
    // Une opération d'import sur un type inconnu.
    seen.res(
        s.apply_ops(&[cpom_services::import::plan::Op::Update {
            kind: "inconnu".into(),
            id: None,
            field: "x".into(),
            value: json!(1),
        }]),
        "type d'enregistrement inconnu",
    );
    // Un conflit : le siège et la direction changent le même champ.
    let kit4 = p("kit4.cpom");
    s.export_kit(&req(vec![esms.clone()]), &kit4).unwrap();
    {
        let (mut k, _) = Session::open(&kit4, "Direction").unwrap();
        k.update_field(&upd(
            RecordKind::Esms,
            Some(&esms),
            "nom",
            json!("Nom de la direction"),
        ))
        .unwrap();
        k.close().unwrap();
    }
    s.update_field(&upd(
        RecordKind::Esms,
        Some(&esms),
        "nom",
        json!("Nom du siège"),
    ))
    .unwrap();

    // Étapes.
    seen.res(s.validate_step(StepId::Signature, None), "étape non prête");

    // Imports JSON.
    let json_dir = fixtures().join("malformes/json");
    for f in std::fs::read_dir(&json_dir).unwrap() {
        let f = f.unwrap().path();
        seen.res(
            import_json(&mut s, &f, &JsonImportOptions::default()),
            "JSON malformé",
        );
    }
    let huge = p("enorme.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    seen.res(read_json(&huge), "JSON démesuré");
    seen.res(read_json(&p("absent.json")), "JSON absent");

    // Classeurs et tableau de bord.
    for sub in ["classeur", "tdb"] {
        for f in std::fs::read_dir(fixtures().join("malformes").join(sub)).unwrap() {
            let f = f.unwrap().path();
            let r = if sub == "tdb" {
                import_tdb(&mut s, &f, &TdbOptions::default(), true, None).and_then(|p| {
                    import_tdb(
                        &mut s,
                        &f,
                        &TdbOptions::default(),
                        false,
                        Some(&p.empreinte),
                    )
                })
            } else {
                import_workbook(&mut s, &f, &WorkbookImportOptions::default(), true, None)
            };
            seen.res(r, "classeur malformé");
        }
    }
    let big = p("enorme.xlsx");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(201 * 1024 * 1024)
        .unwrap();
    seen.res(reader::open(&big).map(|_| ()), "classeur démesuré");
    let good = p("bon.xlsx");
    export_xlsx(&s, None, &good, &XlsxOptions::default(), &mut |_, _| {}).unwrap();
    let mut book = reader::open(&good).unwrap();
    seen.res(
        book.grid("Accueil", 1, &|_| true).map(|_| ()),
        "feuille trop longue",
    );
    seen.res(
        import_workbook(
            &mut s,
            &good,
            &WorkbookImportOptions::default(),
            false,
            Some("empreinte-ancienne"),
        ),
        "classeur modifié depuis l'aperçu",
    );
    seen.res(
        write_sample(
            &p("absent/tdb.xlsx"),
            &["Région".to_string()],
            &mut std::iter::empty(),
            "Restitutions",
            false,
            false,
        ),
        "export d'essai impossible",
    );
    // Feuille supprimée, structure altérée : la disposition du modèle changée à l'export.
    {
        use cpom_services::export::xlsx::layout_for;
        use cpom_services::export::xlsx::writer::{Meta, render};
        let id = s.meta().unwrap().dossier_id;
        let current = s.dossier().unwrap();
        let write = |name: &str, f: &dyn Fn(&mut cpom_domain::workbook::layout::Layout)| {
            let mut lay = layout_for(&current, "pdl-diagnostic").unwrap();
            f(&mut lay);
            let meta = Meta {
                dossier_id: &id,
                organisme: "x",
                deterministic: true,
            };
            let path = p(name);
            std::fs::write(&path, render(&lay, &meta, &mut |_, _| {}).unwrap()).unwrap();
            path
        };
        let no_sheet = write("sans-feuille.xlsx", &|l| {
            l.sheets.retain(|x| x.name != "2-E Financier")
        });
        seen.res(
            import_workbook(
                &mut s,
                &no_sheet,
                &WorkbookImportOptions::default(),
                true,
                None,
            ),
            "feuille supprimée",
        );
        let moved = write("fusion-deplacee.xlsx", &|l| {
            if let Some(sh) = l.sheets.iter_mut().find(|x| !x.merges.is_empty()) {
                sh.merges[0].0 += 1;
                sh.merges[0].2 += 1;
            }
        });
        seen.res(
            import_workbook(
                &mut s,
                &moved,
                &WorkbookImportOptions::default(),
                true,
                None,
            ),
            "structure altérée",
        );
    }
    // Un texte plus long qu'une cellule d'Excel, dans un dossier fabriqué hors de la saisie.
    let mut over = dossier.clone();
    over.organisme.raison_sociale = filler(40_000);
    seen.res(
        render_xlsx(
            &over,
            "x",
            "pdl-diagnostic",
            &XlsxOptions::default(),
            &mut |_, _| {},
        ),
        "texte plus long qu'une cellule",
    );
    seen.res(
        export_xlsx(
            &s,
            Some("inconnu"),
            &p("x.xlsx"),
            &XlsxOptions::default(),
            &mut |_, _| {},
        ),
        "modèle de classeur inconnu",
    );

    // Contrat.
    seen.res(
        export_pdf(&s, "inconnu", &p("c.pdf"), &PdfOptions::default()),
        "modèle de contrat inconnu",
    );
    seen.res(
        export_fiche_pdf(&s, "99", "arrete-2017", &p("f.pdf"), &PdfOptions::default()),
        "fiche absente",
    );
    let doc = cpom_domain::contract::document::Document {
        title: "x".into(),
        header: "x".into(),
        cover: cpom_domain::contract::document::Cover {
            title: "x".into(),
            subtitle: String::new(),
            base: String::new(),
            organisme: String::new(),
            periode: String::new(),
            parties: Vec::new(),
            model: String::new(),
        },
        blocks: vec![cpom_domain::contract::document::Block::PageBreak; 2_000],
        gaps: Vec::new(),
    };
    seen.res(
        render_document(&doc, &PdfOptions::default()).map(|_| ()),
        "contrat démesuré",
    );
    s.close().unwrap();

    // Le fichier du dossier.
    let first = lock::acquire_with(
        &d,
        "Marie",
        "l'application Atelier CPOM",
        std::time::Duration::ZERO,
    )
    .unwrap();
    seen.res(
        lock::acquire_with(&d, "Paul", "la commande cpom", std::time::Duration::ZERO).map(|_| ()),
        "dossier tenu par un autre écrivain",
    );
    drop(first);
    for f in std::fs::read_dir(fixtures().join("malformes/cpom")).unwrap() {
        let f = f.unwrap().path();
        let copy = p("copie.cpom");
        std::fs::copy(&f, &copy).unwrap();
        let r = Session::open_read_only(&copy).and_then(|s| s.view().map(|_| ()));
        let w = Session::open(&copy, "Test").map(|_| ());
        if let Err(e) = r {
            seen.err(e);
        }
        if let Err(e) = w {
            seen.err(e);
        }
    }
    let old = p("ancien.cpom");
    std::fs::copy(fixtures().join("exemple-schema-1.cpom"), &old).unwrap();
    seen.res(
        Session::open_read_only(&old).map(|_| ()),
        "schéma ancien en lecture",
    );
    seen.res(
        Session::open_read_only(&p("absent.cpom")).map(|_| ()),
        "dossier absent",
    );
    seen.res(
        Session::open(&old, &filler(400)).map(|_| ()),
        "auteur démesuré",
    );

    // Un identifiant d'enregistrement illisible dans le fichier.
    let bad_id = p("identifiant.cpom");
    std::fs::copy(&old, &bad_id).unwrap();
    {
        let (up, _) = Session::open(&bad_id, "Test").unwrap();
        up.close().unwrap();
    }
    rusqlite::Connection::open(&bad_id)
        .unwrap()
        .execute_batch(
            "UPDATE record SET id = 'pas-un-uuid' WHERE kind = 'esms' AND rowid = (SELECT min(rowid) FROM record WHERE kind = 'esms'); PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    seen.res(
        Session::open_read_only(&bad_id).and_then(|s| s.view().map(|_| ())),
        "identifiant illisible",
    );

    // Le suivi du contrat : documents, avenants.
    {
        use cpom_domain::dossier::suivi::TypeAvenant;
        use cpom_services::suivi::{AvenantRef, create_example_suivi};
        let today = chrono::NaiveDate::from_ymd_opt(2029, 6, 1).unwrap();
        let pdf = p("suivi.pdf");
        let o = PdfOptions::default();
        let prep = Session::open_read_only(&d).unwrap();
        seen.res(
            prep.export_revue(2028, None, &pdf, &o),
            "revue d'un dossier non signé",
        );
        prep.close_read_only();
        let mut sv = create_example_suivi(&p("suivi.cpom"), "Test", today).unwrap();
        seen.res(
            sv.export_revue(2040, None, &pdf, &o),
            "exercice hors du contrat",
        );
        seen.res(
            sv.export_avenant(AvenantRef::Numero(9), None, &pdf, &o),
            "avenant absent",
        );
        sv.avenant_create(&[TypeAvenant::RevisionObjectifs], "Révision")
            .unwrap();
        seen.res(
            sv.avenant_create(&[TypeAvenant::RevisionObjectifs], "Encore"),
            "second projet d'avenant",
        );
        // Un contrat signé sans ESMS du département, puis sans date d'effet (fichiers altérés
        // hors de l'application : la saisie le refuserait sur un contrat signé).
        sv.close().unwrap();
        let altered = |name: &str, sql: &str| {
            let f = p(name);
            std::fs::copy(p("suivi.cpom"), &f).unwrap();
            rusqlite::Connection::open(&f)
                .unwrap()
                .execute_batch(&format!("{sql}; PRAGMA journal_mode = DELETE;"))
                .unwrap();
            Session::open_read_only(&f).unwrap()
        };
        let ars = altered(
            "ars.cpom",
            "UPDATE record SET data = json_set(data, '$.competence', 'ars') WHERE kind = 'esms'",
        );
        seen.res(
            ars.export_rapport_cd(2028, None, &pdf, &o),
            "rapport au département sans ESMS du département",
        );
        ars.close_read_only();
        let sans = altered(
            "sans-date.cpom",
            "UPDATE record SET data = json_set(data, '$.date_effet', json('null')) WHERE kind = 'cpom'",
        );
        seen.res(
            sans.export_bilan(
                cpom_domain::dossier::suivi::NatureBilan::Etape,
                None,
                &pdf,
                &o,
            ),
            "bilan sans date d'effet",
        );
        sans.close_read_only();
        assert!(!pdf.exists(), "aucun document écrit");
    }

    // La commande elle-même (options, sorties existantes, conflits d'un kit).
    let ds = d.to_str().unwrap();
    let k4 = kit4.to_str().unwrap();
    for (args, _) in [
        (vec!["contribution", "import", ds, k4], "fusion.conflits"),
        (vec!["demo", ds], "fichier.existe"),
        (vec!["export", "json", ds, ds, "--force"], "sortie.dossier"),
        (vec!["check", ds, "--date", " "], "date.vide"),
    ] {
        let err = cpom(&args);
        let code = err
            .lines()
            .find_map(|l| l.trim().strip_prefix("(code : "))
            .map(|c| c.trim_end_matches(')').to_string())
            .unwrap();
        let message = err
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("Refusé : ")
            .to_string();
        seen.0.entry(code).or_insert(message);
    }

    // --- Le bilan ---
    let wanted = codes_in_sources();
    let out_of_reach: BTreeSet<String> = OUT_OF_REACH.iter().map(|(c, _)| c.to_string()).collect();
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|c| !seen.0.contains_key(*c) && !out_of_reach.contains(*c))
        .collect();
    let mut english = Vec::new();
    for (code, msg) in &seen.0 {
        let m = msg.replace(&dir.path().display().to_string(), "");
        let words = english_words(&m);
        if !words.is_empty() || m.trim().len() < 15 {
            english.push(format!("{code} : {words:?} : {m}"));
        }
    }
    eprintln!(
        "Codes d'erreur : {} relevés dans les sources, {} produits et vérifiés ({} messages), {} hors d'atteinte justifiés",
        wanted.len(),
        seen.0.keys().filter(|c| wanted.contains(*c)).count(),
        seen.0.len(),
        out_of_reach.len()
    );
    assert!(missing.is_empty(), "codes sans scénario : {missing:?}");
    let reached: Vec<&String> = out_of_reach
        .iter()
        .filter(|c| seen.0.contains_key(*c) || !wanted.contains(*c))
        .collect();
    assert!(
        reached.is_empty(),
        "codes dits hors d'atteinte mais produits, ou absents des sources : {reached:?}"
    );
    assert!(
        english.is_empty(),
        "messages fautifs :\n{}",
        english.join("\n")
    );
}
