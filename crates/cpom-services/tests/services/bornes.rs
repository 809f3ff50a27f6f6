//! Les bornes des entrées (issue 14) : chaque champ de texte du dossier refuse un texte plus
//! long que sa borne ; le dossier dont chaque texte est à sa borne s'exporte (classeur, JSON
//! relu à l'identique) ; le contrat a un budget de pages qui refuse clairement au-delà.

use cpom_domain::contract::document::{Block, Cover, Document};
use cpom_domain::kernel::bounds::TextKind;
use cpom_domain::record::editable::flatten;
use cpom_domain::record::table::registry;
use cpom_services::Session;
use cpom_services::example::{Exemple, bounded_example, bounded_example_of, filler};
use cpom_services::export::pdf::{PdfOptions, render_document};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx};
use cpom_services::json_io::{export_json, read_json};
use serde_json::Value;
use uuid::Uuid;

use crate::common::temp;

/// Pour chaque type d'enregistrement et chaque champ de texte (ou liste de textes) du dossier
/// exemple : un texte plus long que toute borne est refusé par la saisie, donc aussi par les
/// imports (JSON, classeur, tableau de bord, kit), qui passent tous par elle.
#[test]
fn every_text_field_has_a_bound() {
    let huge = Value::String(filler(TextKind::largest() + 1));
    let huge_list = Value::Array(vec![huge.clone()]);
    let mut checked = 0;
    let mut unbounded = Vec::new();
    let mut rows = Vec::new();
    for e in Exemple::ALL {
        let mut k = 0u128;
        let d = e.dossier(&mut || {
            k += 1;
            Uuid::from_u128(k)
        });
        for o in registry().iter().filter(|o| o.editable()) {
            for row in o.rows(&d).into_iter().take(3) {
                rows.push((*o, row));
            }
        }
    }
    for (o, row) in rows {
        let json = row.value.to_string();
        let mut leaves = Vec::new();
        flatten("", &row.value, &mut leaves);
        for (field, v) in leaves {
            let value = match &v {
                Value::String(_) if field != "id" => &huge,
                Value::Array(a) if a.iter().all(Value::is_string) => &huge_list,
                _ => continue,
            };
            checked += 1;
            if o.edit(&json, &field, value).is_ok() {
                unbounded.push(format!("{}.{field}", o.kind()));
            }
        }
    }
    assert!(checked > 100, "trop peu de champs vus : {checked}");
    assert!(
        unbounded.is_empty(),
        "champs de texte sans borne : {unbounded:?}"
    );
}

#[test]
fn a_text_beyond_its_bound_is_refused_in_french_with_its_field() {
    let dir = temp();
    let (mut s, _) = crate::common::example(&dir);
    let before = s.dossier().unwrap();
    let e = s
        .update_field(&cpom_services::FieldUpdate {
            kind: cpom_domain::RecordKind::Organisme,
            id: None,
            field: "raison_sociale".into(),
            value: Value::String(filler(301)),
        })
        .unwrap_err();
    assert_eq!(e.code, "texte.trop_long");
    assert_eq!(e.details.field.as_deref(), Some("organisme.raison_sociale"));
    assert!(
        e.message.contains("301 caractères") && e.message.contains("au plus 300"),
        "{}",
        e.message
    );
    assert_eq!(s.dossier().unwrap(), before);
}

/// L'exemple « personnes âgées » aux bornes s'exporte aussi (classeur v2 et ses feuilles PA).
#[test]
fn the_pa_dossier_with_every_text_at_its_bound_exports_the_workbook() {
    let d = bounded_example_of(Exemple::Pa);
    let dir = temp();
    let path = dir.path().join("bornes-pa.cpom");
    let s = Session::create_with(&path, "test", &d).unwrap();
    let out = dir.path().join("pa.xlsx");
    let r = export_xlsx(&s, None, &out, &XlsxOptions::default(), &mut |_, _| {});
    assert!(r.is_ok(), "{:?}", r.err());
}

#[test]
fn the_dossier_with_every_text_at_its_bound_exports_the_workbook_and_round_trips() {
    let d = bounded_example();
    assert_eq!(d.organisme.raison_sociale.chars().count(), 300);
    let cr = d
        .lancement
        .reunions
        .iter()
        .map(|r| r.compte_rendu.chars().count())
        .max()
        .unwrap();
    assert_eq!(cr, TextKind::Long.max_chars(), "compte rendu à sa borne");
    let fiche = &d.objectifs.objectifs[0];
    assert_eq!(fiche.constats_territoriaux.chars().count(), 10_000);
    let dir = temp();
    let path = dir.path().join("bornes.cpom");
    let s = Session::create_with(&path, "test", &d).unwrap();
    for template in ["pdl-diagnostic", "suivi-objectifs"] {
        let out = dir.path().join(format!("{template}.xlsx"));
        let r = export_xlsx(
            &s,
            Some(template),
            &out,
            &XlsxOptions::default(),
            &mut |_, _| {},
        );
        assert!(r.is_ok(), "{template} : {:?}", r.err());
    }
    let json = dir.path().join("bornes.json");
    export_json(&s, &json).unwrap();
    assert_eq!(read_json(&json).unwrap(), s.dossier().unwrap());
}

/// Au-delà du budget de pages, la mise en page s'arrête (mémoire bornée) et l'export est
/// refusé en français ; rien n'est écrit.
#[test]
fn a_contract_beyond_the_page_budget_is_refused_clearly() {
    let doc = Document {
        title: "Essai".into(),
        header: "Essai".into(),
        cover: Cover {
            title: "Essai".into(),
            subtitle: String::new(),
            base: String::new(),
            organisme: String::new(),
            periode: String::new(),
            parties: Vec::new(),
            model: String::new(),
        },
        blocks: vec![Block::PageBreak; 5_000],
        gaps: Vec::new(),
    };
    let e = render_document(&doc, &PdfOptions::default()).unwrap_err();
    assert_eq!(e.code, "contrat.trop_long");
    assert!(
        e.message.contains("1\u{202f}200 pages") || e.message.contains("1200 pages"),
        "{}",
        e.message
    );
    // Le même document sous le budget passe.
    let ok = Document {
        blocks: vec![Block::PageBreak; 20],
        ..doc
    };
    assert!(render_document(&ok, &PdfOptions::default()).is_ok());
}
