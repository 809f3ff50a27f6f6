//! Le siège confie trois ESMS à leurs directions par des kits de contribution, les directions
//! les remplissent (l'une en conflit avec une saisie du siège), le siège les intègre ; un
//! ré-import ne fait rien ; un kit modifié hors de l'application, d'un autre dossier ou
//! périmé est refusé et le dossier reste identique à l'octet près.

use std::collections::HashMap;
use std::path::Path;

use crate::common::set;
use cpom_domain::RecordKind;
use cpom_domain::contribution::merge::{Decision, NatureItem};
use cpom_domain::dossier::etapes::StepId;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use cpom_services::contribution::KitRequest;
use cpom_services::example::create_example;
use serde_json::{Map, json};

fn esms_id(s: &Session, prefix: &str) -> String {
    s.dossier()
        .unwrap()
        .esms
        .iter()
        .find(|e| e.nom.starts_with(prefix))
        .unwrap()
        .id
        .to_string()
}

fn kit(s: &mut Session, esms: &str, pour: &str, out: &Path) {
    s.export_kit(
        &KitRequest {
            esms: vec![esms.to_string()],
            destinataire: pour.into(),
            echeance: Some("2026-04-15".parse().unwrap()),
        },
        out,
    )
    .unwrap();
}

/// Une réponse de l'ESMS dont la valeur est un texte ou un code.
fn reponse_of(s: &Session, esms: &str) -> String {
    s.dossier()
        .unwrap()
        .diagnostic
        .reponses
        .iter()
        .find(|r| r.esms.map(|e| e.to_string()).as_deref() == Some(esms))
        .unwrap()
        .id
        .to_string()
}

fn accept_all(plan: &cpom_services::contribution::MergePlan) -> HashMap<String, Decision> {
    plan.items
        .iter()
        .map(|i| (i.key.clone(), Decision::Accepter))
        .collect()
}

fn journal_len(s: &Session) -> i64 {
    s.connection()
        .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn three_directions_contribute_and_the_siege_consolidates() {
    let dir = tempfile::tempdir().unwrap();
    let siege_path = dir.path().join("siege.cpom");
    let mut siege = create_example(&siege_path, "Siège — Mme Guérin").unwrap();
    let ime = esms_id(&siege, "IME");
    let esat = esms_id(&siege, "ESAT");
    let mas = esms_id(&siege, "MAS");
    let (k_ime, k_esat, k_mas) = (
        dir.path().join("kit-ime.cpom"),
        dir.path().join("kit-esat.cpom"),
        dir.path().join("kit-mas.cpom"),
    );
    kit(
        &mut siege,
        &ime,
        "Direction de l'IME Les Hirondelles",
        &k_ime,
    );
    kit(&mut siege, &esat, "Direction de l'ESAT", &k_esat);
    kit(&mut siege, &mas, "Direction de la MAS", &k_mas);
    let suivi = siege.consolidation().unwrap().suivi;
    let sent: Vec<_> = suivi.iter().filter(|r| r.kit.is_some()).collect();
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|r| r.kit.as_ref().unwrap().echeance.as_deref() == Some("2026-04-15"))
    );

    // Le siège revoit un commentaire que la direction de l'IME va aussi réécrire.
    let r_ime = reponse_of(&siege, &ime);
    set(
        &mut siege,
        RecordKind::Reponse,
        Some(&r_ime),
        "commentaire",
        json!("Version du siège"),
    );
    set(
        &mut siege,
        RecordKind::Organisme,
        None,
        "referent_cpom_contact",
        json!("cpom@asso.fr"),
    );

    // —— Direction de l'IME ——
    {
        let (mut k, _) = Session::open(&k_ime, "M. Le Goff (directeur IME)").unwrap();
        let v = k.view().unwrap();
        let info = v.kit.expect("ouvert comme kit");
        assert_eq!(info.esms, vec![ime.clone()]);
        assert!(info.editables.contains(&ime) && info.editables.contains(&r_ime));
        assert!(!info.editables.contains(&esat));
        // Hors de la partie déléguée : refusé, rien d'écrit.
        let before = journal_len(&k);
        for (kind, id) in [
            (RecordKind::Organisme, None),
            (RecordKind::Esms, Some(esat.clone())),
        ] {
            let e = k
                .update_field(&FieldUpdate {
                    kind,
                    id,
                    field: "nom".into(),
                    value: json!("X"),
                })
                .or_else(|_| {
                    k.update_field(&FieldUpdate {
                        kind: RecordKind::Organisme,
                        id: None,
                        field: "raison_sociale".into(),
                        value: json!("X"),
                    })
                })
                .unwrap_err();
            assert_eq!(e.code, "kit.hors_perimetre", "{e:?}");
            assert!(e.message.contains("IME Les Hirondelles"), "{}", e.message);
        }
        assert_eq!(
            k.validate_step(StepId::Lancement, None).unwrap_err().code,
            "kit.hors_perimetre"
        );
        assert_eq!(journal_len(&k), before);
        // Dans la partie déléguée.
        set(
            &mut k,
            RecordKind::Esms,
            Some(&ime),
            "public_specifique",
            json!("Enfants et adolescents de 6 à 20 ans (TSA : 10 places)"),
        );
        set(
            &mut k,
            RecordKind::Reponse,
            Some(&r_ime),
            "commentaire",
            json!("Version de la direction"),
        );
        let mut init = Map::new();
        init.insert(
            "libelle".into(),
            json!("Rapport d'évaluation 2025 de l'IME"),
        );
        k.add_record(RecordKind::SourceDiagnostic, Some(&ime), Some(&init))
            .unwrap();
        k.close().unwrap();
    }
    // —— Direction de l'ESAT ——
    {
        let (mut k, _) = Session::open(&k_esat, "Mme Riou (directrice ESAT)").unwrap();
        set(
            &mut k,
            RecordKind::Esms,
            Some(&esat),
            "jours_ouverture",
            json!(226),
        );
        k.close().unwrap();
    }
    // —— Direction de la MAS ——
    let mas_jours_before = siege
        .dossier()
        .unwrap()
        .esms
        .iter()
        .find(|e| e.id.to_string() == mas)
        .unwrap()
        .jours_ouverture;
    {
        let (mut k, _) = Session::open(&k_mas, "M. Bihan (directeur MAS)").unwrap();
        set(
            &mut k,
            RecordKind::Esms,
            Some(&mas),
            "jours_ouverture",
            json!(360),
        );
        set(
            &mut k,
            RecordKind::Esms,
            Some(&mas),
            "etp.medical",
            json!("1,5"),
        );
        k.close().unwrap();
    }

    // —— Intégration au siège ——
    let plan = siege.receive_kit(&k_ime).unwrap();
    assert!(!plan.deja_integre);
    let conflict = plan
        .items
        .iter()
        .find(|i| i.nature == NatureItem::Conflit)
        .expect("conflit");
    assert_eq!(conflict.key, format!("{r_ime}:commentaire"));
    assert_eq!(conflict.siege, json!("Version du siège"));
    assert_eq!(conflict.direction, json!("Version de la direction"));
    assert_eq!(
        conflict.direction_stamp.auteur,
        "M. Le Goff (directeur IME)"
    );
    assert_eq!(conflict.siege_stamp.auteur, "Siège — Mme Guérin");
    assert_eq!(plan.conflicts(), 1);
    assert_eq!(plan.par_esms.len(), 1);
    assert_eq!(plan.par_esms[0].nouveaux, 1);
    assert_eq!(plan.par_esms[0].modifies, 1);
    let suivi = siege.consolidation().unwrap().suivi;
    let row = suivi.iter().find(|r| r.esms.to_string() == ime).unwrap();
    assert_eq!(row.kit.as_ref().unwrap().conflits_ouverts, 1);
    assert!(row.kit.as_ref().unwrap().retourne_le.is_some());

    let mut dec = accept_all(&plan);
    dec.insert(
        conflict.key.clone(),
        Decision::Modifier(json!("Version commune siège/direction")),
    );
    let r = siege.integrate_kit(&k_ime, &dec).unwrap();
    assert!(r.merge_id.is_some());
    assert_eq!(r.ecrits, 3);
    for k in [&k_esat, &k_mas] {
        let p = siege.examine_kit(k).unwrap();
        assert_eq!(p.conflicts(), 0);
        siege.integrate_kit(k, &accept_all(&p)).unwrap();
    }

    // Le dossier consolidé.
    let d = siege.dossier().unwrap();
    let get = |id: &str| d.esms.iter().find(|e| e.id.to_string() == id).unwrap();
    assert_eq!(
        get(&ime).public_specifique,
        "Enfants et adolescents de 6 à 20 ans (TSA : 10 places)"
    );
    assert_eq!(get(&esat).jours_ouverture, Some(226));
    assert_eq!(get(&mas).jours_ouverture, Some(360));
    assert_eq!(get(&mas).etp.medical.unwrap().to_string(), "1.5");
    let rep = d
        .diagnostic
        .reponses
        .iter()
        .find(|x| x.id.to_string() == r_ime)
        .unwrap();
    assert_eq!(rep.commentaire, "Version commune siège/direction");
    assert!(
        d.diagnostic
            .sources
            .iter()
            .any(|s| s.libelle == "Rapport d'évaluation 2025 de l'IME"
                && s.esms.map(|e| e.to_string()) == Some(ime.clone()))
    );
    assert_eq!(
        d.organisme.referent_cpom_contact, "cpom@asso.fr",
        "saisie du siège gardée"
    );
    // Le classeur régional et le contrat PDF exportés après la fusion la reflètent.
    let dir_out = tempfile::tempdir().unwrap();
    let xlsx = dir_out.path().join("classeur.xlsx");
    cpom_services::export::xlsx::export_xlsx(
        &siege,
        None,
        &xlsx,
        &cpom_services::export::xlsx::XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let mut book = cpom_services::import::reader::open(&xlsx).unwrap();
    let grid = book.grid("Annexe 1", 200, &|_| true).unwrap();
    let found = (0..grid.height).any(|r| {
        (0..30u16).any(|c| {
            grid.get(r, c)
                == cpom_domain::workbook::values::Raw::Text(
                    "Enfants et adolescents de 6 à 20 ans (TSA : 10 places)".into(),
                )
        })
    });
    assert!(found, "le public fusionné est dans l'annexe 1 du classeur");
    let doc =
        cpom_services::export::pdf::compose(&d, "pdl-socle", &[], chrono::NaiveDate::MIN).unwrap();
    let text = serde_json::to_string(&doc.blocks).unwrap();
    assert!(text.contains("Enfants et adolescents de 6 à 20 ans (TSA : 10 places)"));

    // Provenance visible.
    let v = siege.view().unwrap();
    let note = v
        .provenance
        .iter()
        .find(|p| p.path == format!("esms.{ime}.public_specifique"))
        .expect("provenance");
    assert!(
        note.texte.starts_with(
            "Rédigé par Direction de l'IME Les Hirondelles (M. Le Goff (directeur IME)"
        ),
        "{}",
        note.texte
    );
    assert!(note.texte.contains(", intégré le "), "{}", note.texte);
    let c = siege.consolidation().unwrap();
    assert_eq!(c.integrations.len(), 3);
    for id in [&ime, &esat, &mas] {
        let k = c
            .suivi
            .iter()
            .find(|r| &r.esms.to_string() == id)
            .unwrap()
            .kit
            .clone()
            .unwrap();
        assert!(k.integre_le.is_some());
        assert_eq!(k.conflits_ouverts, 0);
    }
    siege.close().unwrap();

    // —— Ré-import : rien à faire, fichier identique ——
    let bytes = std::fs::read(&siege_path).unwrap();
    let ro = Session::open_read_only(&siege_path).unwrap();
    assert!(ro.examine_kit(&k_ime).unwrap().deja_integre);
    ro.close_read_only();
    assert_eq!(std::fs::read(&siege_path).unwrap(), bytes);
    let (mut siege, _) = Session::open(&siege_path, "Siège — Mme Guérin").unwrap();
    let n = journal_len(&siege);
    let again = siege.integrate_kit(&k_ime, &HashMap::new()).unwrap();
    assert!(again.merge_id.is_none());
    assert_eq!(journal_len(&siege), n, "ré-import : aucune écriture");
    siege.close().unwrap();

    // —— Kit modifié hors de l'application : refusé ——
    let tampered = dir.path().join("kit-mas-modifie.cpom");
    std::fs::copy(&k_mas, &tampered).unwrap();
    {
        let c = rusqlite::Connection::open(&tampered).unwrap();
        c.execute(
            "UPDATE record SET data = json_set(data, '$.raison_sociale', 'Autre association') WHERE kind = 'organisme'",
            [],
        )
        .unwrap();
    }
    let bytes = std::fs::read(&siege_path).unwrap();
    let ro = Session::open_read_only(&siege_path).unwrap();
    let e = ro.examine_kit(&tampered).unwrap_err();
    assert_eq!(e.code, "kit.modifie");
    assert!(
        e.message.contains("Le dossier n'a pas été modifié"),
        "{}",
        e.message
    );
    // —— Kit d'un autre dossier : refusé ——
    let other_path = dir.path().join("autre.cpom");
    let mut other = create_example(&other_path, "Autre siège").unwrap();
    let other_ime = esms_id(&other, "IME");
    let foreign = dir.path().join("kit-autre.cpom");
    kit(&mut other, &other_ime, "Direction", &foreign);
    other.close().unwrap();
    assert_eq!(
        ro.examine_kit(&foreign).unwrap_err().code,
        "kit.autre_dossier"
    );
    // Un dossier ordinaire n'est pas un kit.
    assert_eq!(
        ro.examine_kit(&other_path).unwrap_err().code,
        "kit.pas_un_kit"
    );
    ro.close_read_only();
    assert_eq!(
        std::fs::read(&siege_path).unwrap(),
        bytes,
        "refus : fichier identique"
    );

    // —— Kit périmé : une nouvelle version a été envoyée pour l'ESAT ——
    let (mut siege, _) = Session::open(&siege_path, "Siège — Mme Guérin").unwrap();
    kit(
        &mut siege,
        &esat,
        "Direction de l'ESAT",
        &dir.path().join("kit-esat-v2.cpom"),
    );
    let n = journal_len(&siege);
    let e = siege.integrate_kit(&k_esat, &HashMap::new()).unwrap_err();
    assert_eq!(e.code, "kit.perime");
    assert!(e.message.contains("version dépassée"), "{}", e.message);
    assert_eq!(journal_len(&siege), n);

    // —— Annuler l'intégration de la MAS en bloc ——
    let merges = siege.merges().unwrap();
    let mas_merge = merges
        .iter()
        .find(|m| m.destinataire == "Direction de la MAS")
        .unwrap();
    siege.undo_merge(&mas_merge.merge_id).unwrap();
    let d = siege.dossier().unwrap();
    assert_eq!(
        d.esms
            .iter()
            .find(|e| e.id.to_string() == mas)
            .unwrap()
            .jours_ouverture,
        mas_jours_before
    );
    assert_eq!(
        siege.undo_merge(&mas_merge.merge_id).unwrap_err().code,
        "fusion.deja_annulee"
    );
    // Le kit redevient à intégrer.
    let p = siege.examine_kit(&k_mas).unwrap();
    assert!(!p.deja_integre);
    assert_eq!(p.items.len(), 2);
    siege.close().unwrap();
}
