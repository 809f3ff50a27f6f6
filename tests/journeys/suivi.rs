//! Cinq ans de suivi : le dossier exemple signé ; la revue de l'année 1 (valeurs réalisées,
//! statuts, un écart expliqué) ; la revue en PDF et le classeur de suivi qui les contiennent ;
//! le classeur rempli par un directeur relu sur le dossier signé ; le bilan d'étape de la
//! 3e année ; l'avenant n° 1 (un nouvel ESMS) préparé, contrôlé, signé ; le contrat consolidé
//! qui le montre ; le dossier du renouvellement, le dossier signé identique à l'octet.

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use cpom_domain::RecordKind;
use cpom_domain::dossier::suivi::{NatureBilan, TypeAvenant};
use cpom_domain::steps::readiness::EtatDossier;
use cpom_domain::suivi::calc::EtatContrat;
use cpom_services::Session;
use cpom_services::example::create_example;
use cpom_services::export::pdf::{PdfOptions, export_pdf};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, render_xlsx};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use cpom_services::suivi::AvenantRef;
use serde_json::{Map, Value, json};

use crate::common::{finess, set};

fn day(y: i32, m: u32, j: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, j).unwrap()
}

fn init(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

/// Le texte d'un PDF (poppler) ; absent sur un poste : `None` (en CI : échec).
fn pdf_text(pdf: &Path) -> Option<String> {
    let ok = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext est introuvable : la CI doit installer poppler-utils."
        );
        eprintln!("pdftotext absent : vérification du texte des PDF sautée.");
        return None;
    }
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success());
    Some(
        String::from_utf8(o.stdout)
            .unwrap()
            .replace(['\u{a0}', '\u{202f}'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn pdf_pages(pdf: &Path) -> usize {
    // Chaque page de nos PDF est un objet « /Type /Page » (sans « s »).
    let bytes = std::fs::read(pdf).unwrap();
    let needle = b"/Type /Page";
    bytes
        .windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

/// Les valeurs d'une ligne d'une feuille du classeur (ligne trouvée par un texte).
fn row_with(xlsx: &Path, sheet: &str, text: &str) -> Vec<String> {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == text)))
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .unwrap_or_else(|| panic!("ligne « {text} » absente de la feuille {sheet}"))
}

#[test]
fn five_years_of_suivi_from_signature_to_renewal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iris.cpom");
    let mut s = create_example(&path, "Siège").unwrap();

    // 1. Signé : le dernier manque corrigé, les trois parties signent fin 2026.
    s.set_today(day(2026, 11, 22));
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "date_deliberation_ca",
        json!("2026-11-05"),
    );
    for (p, d) in [
        ("organisme", "2026-12-01"),
        ("cd:44", "2026-12-08"),
        ("ars:52", "2026-12-15"),
    ] {
        set(
            &mut s,
            RecordKind::Signatures,
            None,
            &format!("signataires.{p}.date_signature"),
            json!(d),
        );
    }
    assert_eq!(s.view().unwrap().readiness.etat, EtatDossier::Signe);

    // 2. Revue de l'année 1 (exercice 2027), saisie au printemps 2028.
    s.set_today(day(2028, 4, 20));
    let d = s.dossier().unwrap();
    let mas = d
        .objectifs
        .objectifs
        .iter()
        .find(|o| o.titre.contains("patrimoine"))
        .unwrap();
    let vetuste = d
        .objectifs
        .indicateurs_of(mas.id)
        .next()
        .unwrap()
        .id
        .to_string();
    let etude = d
        .objectifs
        .actions_of(mas.id)
        .find(|a| a.libelle.starts_with("Étude"))
        .unwrap()
        .id
        .to_string();
    let mas_esms = mas.esms[0].to_string();
    let r = s
        .add_record(
            RecordKind::RealisationIndicateur,
            Some(&vetuste),
            Some(&init(json!({ "esms": mas_esms, "realise.1": "53,5" }))),
        )
        .unwrap();
    let a = s
        .add_record(
            RecordKind::AvancementAction,
            Some(&etude),
            Some(&init(
                json!({ "statut.1": "en_cours", "avancement.1": "40" }),
            )),
        )
        .unwrap();
    let o = s
        .add_record(
            RecordKind::AppreciationObjectif,
            Some(&mas.id.to_string()),
            Some(&init(json!({ "appreciation.1": "en_retard" }))),
        )
        .unwrap();
    // L'écart non expliqué est une erreur du suivi (la revue serait « PROJET ») …
    let v = s.view().unwrap();
    assert!(v.suivi.points.iter().any(|i| i.rule == "SV-ECART"));
    // … l'explication la lève.
    set(
        &mut s,
        RecordKind::AppreciationObjectif,
        Some(&o),
        "explication.1",
        json!("Étude de programmation prolongée : deux scénarios de phasage demandés."),
    );
    let e = s
        .add_record(
            RecordKind::Exercice,
            None,
            Some(&init(json!({ "annee": "2027", "errd_envoye_le": "2028-04-25", "annexe_objectifs_envoyee_le": "2028-04-25" }))),
        )
        .unwrap();
    let v = s.view().unwrap();
    assert!(!v.suivi.points.iter().any(|i| i.rule == "SV-ECART"));
    assert_eq!(v.suivi.situation.etat, EtatContrat::EnExecution);
    assert_eq!(v.suivi.situation.annee, Some(2));
    let errd = v
        .suivi
        .echeancier
        .iter()
        .find(|x| x.id == "errd:2027")
        .unwrap();
    assert_eq!(errd.fait_le, Some(day(2028, 4, 25)));
    assert!(!e.is_empty());

    // 3. La revue en PDF et le classeur de suivi les contiennent.
    let opts = PdfOptions {
        deterministic: true,
        today: Some(day(2028, 4, 20)),
    };
    let revue = dir.path().join("revue-2027.pdf");
    let rv = s.export_revue(2027, None, &revue, &opts).unwrap();
    assert!(!rv.draft, "{:?}", rv.gaps);
    if let Some(t) = pdf_text(&revue) {
        assert!(t.contains("Annexe 4 actualisée — tableau de suivi des objectifs — exercice 2027"));
        assert!(t.contains("53,5 %"), "{t}");
        assert!(t.contains("En cours (en retard)") || t.contains("En cours"));
        assert!(t.contains("Étude de programmation prolongée"));
    }
    let xlsx = dir.path().join("suivi.xlsx");
    export_xlsx(
        &s,
        Some("suivi-objectifs"),
        &xlsx,
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let row = row_with(
        &xlsx,
        "Indicateurs",
        "Taux de vétusté des constructions de la MAS",
    );
    assert!(row.contains(&"53.5".to_string()), "{row:?}");
    let row = row_with(
        &xlsx,
        "Actions",
        "Étude de programmation et plan pluriannuel d'investissement",
    );
    assert!(row.contains(&"En cours".to_string()), "{row:?}");
    let row = row_with(&xlsx, "Objectifs", &mas.titre);
    assert!(row.contains(&"En retard".to_string()), "{row:?}");

    // 4. Le classeur rempli pour l'année 2 par la direction de la MAS, relu sur le dossier
    //    signé : le réalisé et le statut s'appliquent, les cellules du contrat (libellé) non.
    s.set_today(day(2029, 4, 10));
    let mut filled = s.dossier().unwrap();
    let rec = filled
        .suivi_contrat
        .indicateurs
        .iter_mut()
        .find(|x| x.id.to_string() == r)
        .unwrap();
    rec.realise.push(Some("52".parse().unwrap()));
    let av = filled
        .suivi_contrat
        .actions
        .iter_mut()
        .find(|x| x.id.to_string() == a)
        .unwrap();
    av.statut
        .push(Some(cpom_domain::dossier::objectifs::StatutAction::EnCours));
    filled.objectifs.indicateurs[0].libelle = "Libellé modifié par erreur".into();
    let id = s.meta().unwrap().dossier_id;
    let (_, bytes) = render_xlsx(
        &filled,
        &id,
        "suivi-objectifs",
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let rempli = dir.path().join("suivi-rempli.xlsx");
    std::fs::write(&rempli, bytes).unwrap();
    let p = import_workbook(
        &mut s,
        &rempli,
        &WorkbookImportOptions::default(),
        true,
        None,
    )
    .unwrap();
    assert_eq!(p.changements.len(), 2, "{:#?}", p.changements);
    let contrat = s.dossier().unwrap().objectifs;
    import_workbook(
        &mut s,
        &rempli,
        &WorkbookImportOptions::default(),
        false,
        Some(&p.empreinte),
    )
    .unwrap();
    let after = s.dossier().unwrap();
    assert_eq!(after.objectifs, contrat, "le contrat signé n'a pas bougé");
    assert_eq!(
        after
            .suivi_contrat
            .indicateurs
            .iter()
            .find(|x| x.id.to_string() == r)
            .unwrap()
            .realise,
        vec![Some("53.5".parse().unwrap()), Some("52".parse().unwrap())]
    );

    // 5. Le bilan d'étape de la 3e année, rédigé puis exporté (5 pages au plus).
    s.set_today(day(2029, 9, 15));
    let b = s
        .add_record(
            RecordKind::Bilan,
            None,
            Some(&init(json!({ "nature": "etape" }))),
        )
        .unwrap();
    for (f, t) in [
        (
            "faits_marquants",
            "Dispositif intégré enfance généralisé ; étude de programmation de la MAS achevée en juin 2029.",
        ),
        (
            "resultats",
            "Huit objectifs sur neuf en bonne voie ; scolarisation en milieu ordinaire en hausse.",
        ),
        (
            "mesures_correctrices",
            "Phasage des travaux de la MAS sur deux exercices ; intégration du SAMSAH.",
        ),
        (
            "priorites",
            "Ouvrir le SAMSAH au périmètre ; préparer les évaluations 2030.",
        ),
    ] {
        set(&mut s, RecordKind::Bilan, Some(&b), f, json!(t));
    }
    let bilan = dir.path().join("bilan-etape.pdf");
    let bx = s
        .export_bilan(NatureBilan::Etape, None, &bilan, &opts)
        .unwrap();
    assert!(
        bx.pages <= 5 && pdf_pages(&bilan) <= 5,
        "{} pages",
        bx.pages
    );
    if let Some(t) = pdf_text(&bilan) {
        assert!(t.contains("Bilan d'étape du contrat (mi-parcours)"));
        assert!(t.contains("Phasage des travaux de la MAS"));
        assert!(t.contains("Taux de vétusté des constructions de la MAS"));
    }

    // 6. L'avenant n° 1 : un nouvel ESMS (SAMSAH) entre au périmètre.
    let av = s
        .avenant_create(
            &[TypeAvenant::RevisionObjectifs],
            "Intégration du SAMSAH Les Iris au périmètre",
        )
        .unwrap();
    let samsah = s.add_record(RecordKind::Esms, None, None).unwrap();
    let base = s.dossier().unwrap().esms[0].clone();
    for (f, v) in [
        ("nom", json!("SAMSAH Les Iris")),
        ("finess_et", json!(finess("44007750"))),
        ("categorie", json!("445")),
        ("secteur", json!("adultes")),
        ("competence", json!("conjointe")),
        ("capacites.externat.autorisee", json!(20)),
        ("capacites.externat.installee", json!(20)),
        ("adresse.code_postal", json!(base.adresse.code_postal)),
        ("adresse.commune", json!(base.adresse.commune)),
    ] {
        set(&mut s, RecordKind::Esms, Some(&samsah), f, v);
    }
    // Le projet est contrôlé : type « périmètre » manquant, nouvel entrant sans objectif.
    let v = s.view().unwrap();
    let projet = v.avenants.iter().find(|x| x.numero.is_none()).unwrap();
    let r = projet.readiness.as_ref().unwrap();
    let regles: Vec<&str> = r.points.iter().map(|p| p.regle.as_str()).collect();
    assert!(
        regles.contains(&"V35") && regles.contains(&"AV-ENTRANT"),
        "{regles:?}"
    );
    set(
        &mut s,
        RecordKind::Avenant,
        Some(&av),
        "types",
        json!(["perimetre"]),
    );
    let fiche = s
        .add_record(
            RecordKind::Objectif,
            None,
            Some(&init(json!({
                "titre": "Ouvrir le SAMSAH aux adultes en attente d'accompagnement",
                "axe": "parcours",
                "minimums": ["inclusion"],
                "esms": [samsah],
                "autorites": "ars_et_cd",
                "statut": "retenu",
                "constats_organisme": "File d'attente de 15 adultes orientés vers un SAMSAH."
            }))),
        )
        .unwrap();
    let ind = s
        .add_record(
            RecordKind::IndicateurObjectif,
            Some(&fiche),
            Some(&init(json!({ "libelle": "Adultes accompagnés par le SAMSAH", "mode_calcul": "File active au 31 décembre", "source": "Dossier de l'usager", "valeur_initiale": "0", "cible_mi_parcours": "10", "cible_finale": "20" }))),
        )
        .unwrap();
    let _ = ind;
    s.add_record(
        RecordKind::Action,
        Some(&fiche),
        Some(&init(json!({ "libelle": "Recruter l'équipe du SAMSAH", "debut": "2030-01-02", "fin": "2030-06-30", "referent": "Directrice du pôle adultes" }))),
    )
    .unwrap();
    let v = s.view().unwrap();
    let projet = v.avenants.iter().find(|x| x.numero.is_none()).unwrap();
    assert!(
        projet
            .changements
            .iter()
            .any(|c| c.record.contains("SAMSAH Les Iris")),
        "les différences du projet"
    );
    let points: Vec<String> = projet
        .readiness
        .as_ref()
        .unwrap()
        .points
        .iter()
        .map(|p| format!("{} {} {}", p.regle, p.chemin, p.message))
        .collect();
    // Ce que le contrat demande encore pour le nouvel ESMS (budget, répartition…) : à
    // compléter dans les étapes, comme pour le contrat initial.
    for p in projet.readiness.as_ref().unwrap().points.clone() {
        match p.regle.as_str() {
            "S-BUDGET" => {
                let bid = s
                    .add_record(RecordKind::BudgetReference, Some(&samsah), None)
                    .unwrap();
                for (f, v) in [
                    ("depenses.g1", "40000"),
                    ("depenses.g2", "380000"),
                    ("depenses.g3", "30000"),
                    ("recettes.g1", "450000"),
                    ("activite_theorique", "4200"),
                    ("unite_activite", "actes"),
                ] {
                    set(&mut s, RecordKind::BudgetReference, Some(&bid), f, json!(v));
                }
            }
            "S-REPARTITION" => {
                let rid = s
                    .add_record(RecordKind::RepartitionDotation, Some(&samsah), None)
                    .unwrap();
                let _ = rid;
            }
            _ => {}
        }
    }
    let v = s.view().unwrap();
    let projet = v.avenants.iter().find(|x| x.numero.is_none()).unwrap();
    let left: Vec<String> = projet
        .readiness
        .as_ref()
        .unwrap()
        .points
        .iter()
        .map(|p| format!("{} {} {}", p.regle, p.chemin, p.message))
        .collect();
    // La répartition de la dotation doit rester égale à la dotation : on répartit 0 € au
    // SAMSAH (financé sur mesures nouvelles hors dotation existante).
    for p in projet.readiness.as_ref().unwrap().points.clone() {
        if p.regle == "S-REPARTITION"
            && let Some(rid) = s
                .dossier()
                .unwrap()
                .signature
                .repartition
                .iter()
                .find(|x| x.esms.to_string() == samsah)
                .map(|x| x.id.to_string())
        {
            for g in ["g1", "g2", "g3"] {
                set(
                    &mut s,
                    RecordKind::RepartitionDotation,
                    Some(&rid),
                    &format!("groupes.{g}"),
                    json!("0"),
                );
            }
        }
    }
    let v = s.view().unwrap();
    let projet = v.avenants.iter().find(|x| x.numero.is_none()).unwrap();
    let r = projet.readiness.as_ref().unwrap();
    assert!(
        r.pret,
        "avant : {points:#?}\nensuite : {left:#?}\nreste : {:#?}",
        r.points
    );
    assert!(
        projet.articles.iter().any(|x| x.titre.contains("Annexe")),
        "{:?}",
        projet.articles.iter().map(|x| &x.titre).collect::<Vec<_>>()
    );
    // Signé par les trois parties : l'avenant n° 1.
    for (p, d) in [
        ("organisme", "2029-10-02"),
        ("cd:44", "2029-10-09"),
        ("ars:52", "2029-10-16"),
    ] {
        set(
            &mut s,
            RecordKind::Avenant,
            Some(&av),
            &format!("signataires.{p}.date_signature"),
            json!(d),
        );
    }
    let v = s.view().unwrap();
    assert_eq!(v.avenants[0].numero, Some(1));
    assert_eq!(v.suivi.situation.avenants_signes, 1);
    assert_eq!(v.readiness.etat, EtatDossier::Signe);

    // 7. Le contrat consolidé le montre ; l'avenant court liste les parties modifiées.
    let consolide = dir.path().join("contrat-consolide.pdf");
    let c = export_pdf(&s, "pdl-socle", &consolide, &opts).unwrap();
    assert!(!c.draft, "{:?}", c.gaps);
    let avenant = dir.path().join("avenant-1.pdf");
    s.export_avenant(AvenantRef::Numero(1), None, &avenant, &opts)
        .unwrap();
    if let (Some(tc), Some(ta)) = (pdf_text(&consolide), pdf_text(&avenant)) {
        assert!(
            tc.contains("version consolidée après l'avenant n° 1 du 16 octobre 2029"),
            "{tc}"
        );
        assert!(tc.contains("SAMSAH Les Iris"));
        assert!(tc.contains("Ouvrir le SAMSAH aux adultes en attente"));
        assert!(ta.contains("Avenant n° 1 au contrat pluriannuel"));
        assert!(ta.contains("Intégration du SAMSAH Les Iris au périmètre"));
        assert!(ta.contains("Modification du périmètre"));
        assert!(
            ta.contains("SAMSAH Les Iris"),
            "la nouvelle rédaction de l'article du périmètre"
        );
    }
    s.close().unwrap();

    // 8. Le renouvellement : un nouveau dossier ; le dossier signé identique à l'octet.
    let bytes = std::fs::read(&path).unwrap();
    let mut ro = Session::open_read_only(&path).unwrap();
    ro.set_today(day(2030, 12, 1));
    ro.set_author("Siège");
    let next = dir.path().join("iris-2032.cpom");
    ro.renouveler(&next).unwrap();
    ro.close_read_only();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "dossier signé inchangé"
    );
    let (n, _) = Session::open(&next, "Siège").unwrap();
    let nd = n.dossier().unwrap();
    assert_eq!(nd.cpom.date_effet, Some(day(2032, 1, 1)));
    assert!(
        nd.esms.iter().any(|e| e.nom == "SAMSAH Les Iris"),
        "périmètre en vigueur, avenant compris"
    );
    assert!(
        nd.diagnostic
            .synthese
            .iter()
            .any(|x| x.texte.contains("Étude de programmation prolongée")),
        "le bilan et les écarts expliqués nourrissent le nouveau diagnostic"
    );
    let nv = n.view().unwrap();
    assert_eq!(nv.readiness.etat, EtatDossier::EnPreparation);
    assert_eq!(nv.suivi.situation.etat, EtatContrat::EnPreparation);
}
