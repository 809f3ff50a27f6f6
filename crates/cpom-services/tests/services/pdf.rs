//! Le contrat PDF : contenu vérifié avec `pdftotext`, nombre de pages, polices embarquées
//! (`pdffonts`), structure (`qpdf --check`), texte de référence par modèle.
//!
//! Les outils viennent de `poppler-utils` et `qpdf`. Absents sur un poste : le test le dit et
//! s'arrête ; absents en CI (variable `CI`) : échec.
//!
//! Textes de référence : `tests/golden/pdf/<modèle>.txt` ; `CPOM_BLESS=1 cargo test` les
//! réécrit (à relire avant de les committer). `CPOM_PDF_DIR=<dossier>` y garde une copie des
//! PDF produits, pour les regarder (`pdftoppm -r 60 -png`).

use std::path::{Path, PathBuf};
use std::process::Command;

use cpom_domain::clauses::modeles::model_infos;
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::clauses::ClauseOverride;
use cpom_domain::example::example_dossier;
use cpom_services::clauses;
use cpom_services::example::large_example;
use cpom_services::export::pdf::{PdfOptions, export_fiche_pdf, export_pdf, render_contract};
use uuid::Uuid;

use crate::common::*;

fn det() -> PdfOptions {
    PdfOptions {
        deterministic: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
    }
}

fn dossier() -> Dossier {
    let mut n = 0u128;
    example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    })
}

/// Vrai si l'outil est là ; sinon message (poste) ou échec (CI), voir `external_tool`.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty() || !o.stdout.is_empty());
    crate::common::external_tool(
        &format!("« {tool} »"),
        ok,
        "scripts/installer-dependances.sh --tests, paquets poppler-utils et qpdf",
    )
}

fn tools() -> bool {
    ["pdftotext", "pdfinfo", "pdffonts", "qpdf"]
        .iter()
        .all(|t| have(t))
}

fn run(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{tool} {args:?} : {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Garde une copie du PDF si `CPOM_PDF_DIR` est défini.
fn keep(pdf: &Path) {
    if let Some(dir) = std::env::var_os("CPOM_PDF_DIR") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(pdf, dir.join(pdf.file_name().unwrap())).unwrap();
    }
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Le texte du PDF, espaces insécables ramenées à des espaces simples.
fn text_of(pdf: &Path) -> String {
    flat(&run("pdftotext", &["-enc", "UTF-8", p(pdf), "-"]))
}

fn flat(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages_of(pdf: &Path) -> usize {
    run("pdfinfo", &[p(pdf)])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn check_structure(pdf: &Path) {
    let fonts = run("pdffonts", &[p(pdf)]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "police non embarquée : {r}");
        // Polices réduites aux caractères utilisés, annoncées comme telles (ABCDEF+Nom).
        assert_eq!(
            cols[cols.len() - 4],
            "yes",
            "sous-ensemble non déclaré : {r}"
        );
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "nom sans étiquette : {r}"
        );
    }
    run("qpdf", &["--check", p(pdf)]);
}

fn golden_path(model: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/golden/pdf")
        .join(format!("{model}.txt"))
}

/// Texte de référence : le nombre de pages puis le texte, page par page.
fn golden_text(pdf: &Path, pages: usize) -> String {
    // Ordre du flux (sans -layout) : le filigrane, dessiné en premier, reste un mot entier.
    let raw = run("pdftotext", &["-enc", "UTF-8", "-raw", p(pdf), "-"]);
    let mut out = format!("pages: {pages}\n");
    for (i, page) in raw.split('\u{c}').enumerate() {
        if page.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("=== page {} ===\n", i + 1));
        for l in page.lines() {
            let l = l.trim_end();
            if !l.trim().is_empty() {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn each_model_renders_every_field_of_the_example() {
    if !tools() {
        return;
    }
    let dir = temp();
    let d = dossier();
    let x = cpom_domain::perimetre::calc::derived(&d);
    for m in model_infos() {
        let r = render_contract(&d, &m.id, &[], &det()).unwrap();
        let pdf = dir.path().join(format!("{}.pdf", m.id));
        std::fs::write(&pdf, &r.bytes).unwrap();
        keep(&pdf);
        let t = text_of(&pdf);
        let o = &d.organisme;
        let mut expected: Vec<String> = vec![
            "Contrat pluriannuel d'objectifs et de moyens".into(),
            "CPOM 2027-2031 — Association Les Iris de l'Erdre".into(),
            o.raison_sociale.clone(),
            cpom_domain::kernel::finess::display(o.finess_ej.as_deref().unwrap()),
            o.representant_legal_nom.clone(),
            "Du 1er janvier 2027 au 31 décembre 2031".into(),
            "Le conseil départemental de Loire-Atlantique".into(),
            "Agence régionale de santé Pays de la Loire".into(),
            "Fait en trois exemplaires originaux".into(),
            "Fait à Nantes, le".into(),
            "Pour l'organisme gestionnaire".into(),
            "Pour le Département".into(),
            "Pour l'Agence régionale de santé".into(),
            // Le manque volontaire de l'exemple (S-CA) garde la mention.
            "PROJET".into(),
            // Signataires désignés à l'étape Signature.
            "M. Jérôme Castel".into(),
            "Mme Isabelle Hervé".into(),
            // Éléments financiers : dotation et total de la répartition.
            "12 442 000,00 €".into(),
        ];
        // Chaque objectif, chaque indicateur et sa cible.
        for o in d.objectifs.actifs() {
            expected.push(o.titre.clone());
        }
        for i in &d.objectifs.indicateurs {
            expected.push(i.libelle.clone());
        }
        for e in d.perimetre() {
            expected.push(e.nom.clone());
            expected.push(cpom_domain::kernel::finess::display(
                e.finess_et.as_deref().unwrap(),
            ));
        }
        for e in expected {
            assert!(t.contains(&flat(&e)), "{} : « {e} » absent", m.id);
        }
        // Les signataires dans l'ordre de signature : organisme, département, ARS.
        let sig = t.rfind("en trois exemplaires").unwrap();
        let after = &t[sig..];
        let a = after.find("Pour l'organisme gestionnaire").unwrap();
        let b = after.find("Pour le Département").unwrap();
        let c = after.find("Pour l'Agence régionale de santé").unwrap();
        assert!(a < b && b < c, "{} : ordre de signature", m.id);
        assert_eq!(x.signataires.len(), 3);
        // Le pied de page donne le vrai nombre de pages.
        let n = pages_of(&pdf);
        assert_eq!(n, r.pages, "{}", m.id);
        assert!(t.contains(&format!("Page {n} sur {n}")), "{}", m.id);
        assert!(!t.contains(&format!("sur {}", n + 1)));
        check_structure(&pdf);

        // Texte de référence.
        let got = golden_text(&pdf, n);
        let path = golden_path(&m.id);
        if std::env::var_os("CPOM_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &got).unwrap();
        } else {
            let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
                panic!(
                    "{} absent : lancez `CPOM_BLESS=1 cargo test -p cpom-services pdf`",
                    path.display()
                )
            });
            if want != got {
                let line = want
                    .lines()
                    .zip(got.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{} : le texte diffère de {} (ligne {}) :\n  attendu : {:?}\n  obtenu  : {:?}\nSi le changement est voulu : CPOM_BLESS=1 cargo test -p cpom-services pdf",
                    m.id,
                    path.display(),
                    line + 1,
                    want.lines().nth(line),
                    got.lines().nth(line)
                );
            }
        }
    }
}

#[test]
fn deterministic_output_is_byte_identical() {
    let d = dossier();
    let a = render_contract(&d, "arrete-2017", &[], &det()).unwrap();
    let b = render_contract(&d, "arrete-2017", &[], &det()).unwrap();
    assert!(a.bytes == b.bytes, "deux rendus déterministes diffèrent");
    // Police réduite : le fichier reste léger.
    assert!(a.bytes.len() < 200_000, "{}", a.bytes.len());
}

#[test]
fn long_esms_table_repeats_its_header_on_each_page() {
    if !tools() {
        return;
    }
    let d = large_example(60);
    let r = render_contract(&d, "arrete-2017", &[], &det()).unwrap();
    let dir = temp();
    let pdf = dir.path().join("long.pdf");
    std::fs::write(&pdf, &r.bytes).unwrap();
    keep(&pdf);
    let raw = run("pdftotext", &["-enc", "UTF-8", p(&pdf), "-"]);
    let pages: Vec<String> = raw.split('\u{c}').map(flat).collect();
    // Le tableau de l'article 1 commence sous « 1-2 » et continue sur les pages suivantes,
    // chacune avec la ligne d'en-tête.
    let start = pages
        .iter()
        .position(|t| t.contains("1-2 Les établissements et services du périmètre"))
        .unwrap();
    let mut cont = 0;
    for t in &pages[start + 1..] {
        if t.contains("— site") && t.contains("Capacité autorisée") {
            assert!(
                t.contains("Établissement ou service FINESS"),
                "en-tête répété"
            );
            cont += 1;
        } else {
            break;
        }
    }
    assert!(
        cont >= 2,
        "le tableau devait s'étendre sur plusieurs pages ({cont})"
    );
    for e in d.perimetre() {
        let f = cpom_domain::kernel::finess::display(e.finess_et.as_deref().unwrap());
        assert!(pages.iter().any(|t| t.contains(&f)), "{f}");
    }
    check_structure(&pdf);
}

/// Le dossier exemple « personnes âgées » : le modèle de l'arrêté du 3 mars 2017 imprime
/// le contenu EHPAD (option tarifaire, trois sections, financements complémentaires par année
/// avec leurs montants, résidence autonomie, clause L. 342-1, aide sociale, fin des
/// conventions tripartites) ; le dossier est prêt : pas de mention PROJET.
#[test]
fn the_pa_example_prints_the_ehpad_content_of_the_arrete_model() {
    if !tools() {
        return;
    }
    let mut n = 0u128;
    let d = cpom_domain::example::pa::example_dossier_pa(&mut || {
        n += 1;
        Uuid::from_u128(n)
    });
    let r = render_contract(&d, "arrete-2017", &[], &det()).unwrap();
    assert!(r.gaps.is_empty(), "{:?}", r.gaps);
    let dir = temp();
    let pdf = dir.path().join("arrete-2017-pa.pdf");
    std::fs::write(&pdf, &r.bytes).unwrap();
    keep(&pdf);
    let t = text_of(&pdf);
    for e in [
        "CPOM 2027-2031 — Association Les Jardins du Lez",
        "Agence régionale de santé Occitanie",
        "Le conseil départemental de l'Hérault",
        // Article 1 : places et coupes.
        "728 (17/04/2025)",
        // Option tarifaire et PUV.
        "Tarif global avec pharmacie à usage intérieur",
        "Tarif partiel sans pharmacie à usage intérieur",
        "Petite unité de vie — soins : Forfait soins (dérogation, art. D. 313-17 CASF)",
        // Les trois sections.
        "Soins (forfait global)",
        "1 726 480,00 €",
        "528 310,00 €",
        "68,40 € par jour",
        "138 200,00 € (forfait soins)",
        // Financements complémentaires : une ligne et le total de chaque année.
        "Unité d'hébergement renforcée (UHR)",
        "196 000,00 €",
        "419 100,00 €",
        "444 830,00 €",
        // Résidence autonomie : deux parties dédiées.
        "forfait autonomie : 38 500,00 €",
        "forfait soins : 96 000,00 €",
        // Services.
        "612 400,00 €",
        // Affectation : pas de reprise (GMPS) et clause L. 342-1.
        "article L. 314-2",
        "relevant de l'article L. 342-1 du code de l'action sociale et des familles : EHPAD Villa Saint-Clément",
        // Aide sociale.
        "Habilitation partielle",
        // Fin des conventions tripartites, avec leurs dates.
        "Conventions tripartites pluriannuelles auxquelles le présent contrat met fin",
        "30 juin 2016",
        "19 décembre 2021",
        "Sans objet : chaque établissement perçoit ses forfaits et tarifs",
    ] {
        assert!(t.contains(&flat(e)), "« {e} » absent");
    }
    assert!(
        !t.contains("PROJET"),
        "dossier prêt : pas de mention PROJET"
    );
    assert!(!t.contains("Dotation globalisée commune La dotation"));
    let n = pages_of(&pdf);
    let got = golden_text(&pdf, n);
    let path = golden_path("arrete-2017-pa");
    if std::env::var_os("CPOM_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    } else {
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} absent : lancez `CPOM_BLESS=1 cargo test -p cpom-services pdf`",
                path.display()
            )
        });
        assert!(
            want == got,
            "{} diffère ; CPOM_BLESS=1 si voulu",
            path.display()
        );
    }
}

#[test]
fn no_projet_banner_once_ready() {
    if !tools() {
        return;
    }
    let mut d = dossier();
    let r = render_contract(&d, "arrete-2017", &[], &det()).unwrap();
    assert!(!r.gaps.is_empty(), "le manque volontaire (S-CA) : PROJET");
    assert!(
        r.gaps
            .iter()
            .any(|g| g.contains("délibération du conseil d'administration"))
    );
    // On corrige le manque : plus aucun point bloquant, plus de mention PROJET.
    d.signature.signatures.date_deliberation_ca = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
    let r = render_contract(&d, "arrete-2017", &[], &det()).unwrap();
    assert!(r.gaps.is_empty(), "{:?}", r.gaps);
    let dir = temp();
    let pdf = dir.path().join("pret.pdf");
    std::fs::write(&pdf, &r.bytes).unwrap();
    let t = text_of(&pdf);
    assert!(
        !t.contains("PROJET"),
        "aucune mention PROJET quand tout est prêt"
    );
}

#[test]
fn export_writes_atomically_and_an_error_leaves_the_target_untouched() {
    let dir = temp();
    let (s, _) = example(&dir);
    let target = dir.path().join("contrat.pdf");
    let r = export_pdf(&s, "pdl-socle", &target, &det()).unwrap();
    assert!(r.draft && r.pages > 5 && !r.gaps.is_empty());
    let before = std::fs::read(&target).unwrap();
    assert!(before.starts_with(b"%PDF-"));
    let e = export_pdf(&s, "inconnu", &target, &det()).unwrap_err();
    assert_eq!(e.code, "contrat.modele_inconnu");
    assert!(e.message.contains("« paca-ph »"), "{}", e.message);
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let e = export_fiche_pdf(&s, "F1", "pdl-socle", &target, &det()).unwrap_err();
    assert_eq!(e.code, "fiche.introuvable");
    assert!(
        e.message.contains("La fiche « F1 » n'existe pas") && e.message.contains("(1 à 9)"),
        "{}",
        e.message
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    // Dossier cible absent : erreur, aucun fichier temporaire laissé.
    assert!(export_pdf(&s, "pdl-socle", &dir.path().join("absent/c.pdf"), &det()).is_err());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn clause_overrides_are_stored_journaled_and_rendered() {
    if !tools() {
        return;
    }
    let dir = temp();
    let (mut s, _) = example(&dir);
    let n = journal_len(&s);
    assert!(clauses::set(&mut s, "paca-ph", "preambule", "Notre contexte : la Loire.").unwrap());
    assert!(!clauses::set(&mut s, "paca-ph", "preambule", "Notre contexte : la Loire.").unwrap());
    assert_eq!(journal_len(&s), n + 1);
    let listed = clauses::list(&s).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0],
        ClauseOverride {
            id: listed[0].id,
            model_id: "paca-ph".into(),
            clause_id: "preambule".into(),
            text: "Notre contexte : la Loire.".into(),
        }
    );
    assert!(!listed[0].id.is_nil());
    // La clause fait partie du dossier : l'export JSON la transporte.
    assert_eq!(s.dossier().unwrap().clauses, listed);
    let e = clauses::set(&mut s, "paca-ph", "absente", "x").unwrap_err();
    assert_eq!(e.code, "clause.invalide");
    let pdf = dir.path().join("c.pdf");
    export_pdf(&s, "paca-ph", &pdf, &det()).unwrap();
    let t = text_of(&pdf);
    assert!(
        t.contains("Notre contexte : la Loire."),
        "clause du dossier"
    );
    // Les autres modèles gardent leur texte.
    export_pdf(&s, "arrete-2017", &pdf, &det()).unwrap();
    assert!(!text_of(&pdf).contains("Notre contexte"));
    // Texte vide : retour au modèle.
    assert!(clauses::set(&mut s, "paca-ph", "preambule", "  ").unwrap());
    assert!(clauses::list(&s).unwrap().is_empty());
    assert_eq!(
        clauses::model_clauses("paca-ph").unwrap()[0].clause_id,
        "preambule"
    );
}

#[test]
fn a_single_fiche_exports_in_the_form_of_each_model() {
    if !tools() {
        return;
    }
    let dir = temp();
    let (s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let o = d.objectifs.actifs().nth(1).unwrap();
    let ind = d.objectifs.indicateurs_of(o.id).next().unwrap();
    for (model, marker) in [
        ("pdl-socle", "1 — Le contexte"),
        ("arrete-2017", "Mesure des résultats"),
        ("paca-ph", "Objectif opérationnel"),
    ] {
        let pdf = dir.path().join(format!("fiche-{model}.pdf"));
        // Par numéro et par identifiant : le même document.
        let r = export_fiche_pdf(&s, "2", model, &pdf, &det()).unwrap();
        keep(&pdf);
        // La fiche est complète, mais le dossier exemple a encore des points bloquants avant
        // signature : comme le contrat, la fiche porte « PROJET » et les nomme.
        let blocking = cpom_domain::steps::readiness::readiness(&d, s.today()).points;
        assert!(!blocking.is_empty());
        assert!(r.draft, "{model} : fiche d'un dossier non prêt à signer");
        assert!(
            r.gaps.iter().any(|g| g == &blocking[0].message),
            "{:?}",
            r.gaps
        );
        let t = text_of(&pdf);
        for e in [
            "Fiche-objectif n° 2",
            o.titre.as_str(),
            marker,
            ind.libelle.as_str(),
        ] {
            assert!(t.contains(&flat(e)), "{model} : « {e} » absent");
        }
        assert_eq!(pages_of(&pdf), r.pages as usize);
        let by_id = dir.path().join("par-id.pdf");
        let r2 = export_fiche_pdf(&s, &o.id.to_string(), model, &by_id, &det()).unwrap();
        assert_eq!(r2.pages, r.pages);
        check_structure(&pdf);
    }
}

/// Le dossier exemple PACA (pack PACA, modèle PACA) : prêt pour signature.
fn paca() -> Dossier {
    let mut n = 0u128;
    cpom_domain::example::paca::example_paca(&mut || {
        n += 1;
        Uuid::from_u128(n)
    })
}

/// Un contrat prêt à signer ne porte ni « PROJET » ni « ………… » (valeur manquante), et
/// aucun texte qu'un lecteur ne pourrait suivre (« seed », numéro de ligne) : le dossier
/// Pays de la Loire complété, pour chacun des trois modèles, et le dossier PACA, dont le
/// texte de référence fixe ce que le modèle PACA impose (effet à la signature, fiches
/// actions complètes, choix du département pour l'aide sociale).
#[test]
fn ready_contracts_have_no_blank_and_cite_nothing_internal() {
    if !tools() {
        return;
    }
    let dir = temp();
    let mut pdl = dossier();
    pdl.signature.signatures.date_deliberation_ca = chrono::NaiveDate::from_ymd_opt(2026, 10, 27);
    let mut cases: Vec<(String, Dossier, String)> = model_infos()
        .into_iter()
        .map(|m| (format!("pdl-{}", m.id), pdl.clone(), m.id))
        .collect();
    cases.push(("paca".into(), paca(), String::new()));
    for (name, d, model) in cases {
        let model = if model.is_empty() {
            d.pack().modele_contrat().to_string()
        } else {
            model
        };
        let r = render_contract(&d, &model, &[], &det()).unwrap();
        assert!(r.gaps.is_empty(), "{name} : {:?}", r.gaps);
        let pdf = dir.path().join(format!("pret-{name}.pdf"));
        std::fs::write(&pdf, &r.bytes).unwrap();
        keep(&pdf);
        let t = text_of(&pdf);
        assert!(!t.contains("PROJET"), "{name}");
        assert!(
            !t.contains("…………"),
            "{name} : valeur manquante dans un contrat prêt"
        );
        assert_eq!(
            cpom_domain::kernel::sources::unreadable(&t),
            None,
            "{name} : référence interne lisible dans le contrat"
        );
        check_structure(&pdf);
        if name == "paca" {
            for e in [
                "Le présent contrat prend effet à la date de sa signature par la dernière des parties, le 11 décembre 2026, pour une durée de cinq ans, soit jusqu'au 10 décembre 2031.",
                "Association Les Cigales, personne morale signataire",
                "Au choix du conseil départemental des Bouches-du-Rhône, les conditions d'accueil des bénéficiaires de l'aide sociale départementale et les modalités de la participation du département sont celles du règlement départemental d'aide sociale.",
                "Organiser, pour chaque jeune adulte maintenu au titre de l'amendement Creton, une admission progressive",
                "Mars-avril 2027 : recenser les jeunes concernés et leurs orientations avec la MDPH",
                "Ils prennent en charge 4,6 ETP administratifs et 1 ETP autres.",
                "Transmission du bilan d'exécution du CPOM (six mois avant l'échéance)",
            ] {
                assert!(t.contains(&flat(e)), "paca : « {e} » absent de :\n{t}");
            }
            let got = golden_text(&pdf, r.pages);
            let path = golden_path("paca-ph-exemple-paca");
            if std::env::var_os("CPOM_BLESS").is_some() {
                std::fs::write(&path, &got).unwrap();
            } else {
                let want = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    want == got,
                    "{} diffère ; si le changement est voulu : CPOM_BLESS=1 cargo test -p cpom-services pdf",
                    path.display()
                );
            }
        }
    }
    // Les textes de référence non plus ne citent rien d'interne.
    for m in model_infos() {
        let g = std::fs::read_to_string(golden_path(&m.id)).unwrap();
        assert_eq!(
            cpom_domain::kernel::sources::unreadable(&g),
            None,
            "{}",
            m.id
        );
    }
}
