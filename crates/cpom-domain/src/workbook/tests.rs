use rust_decimal::prelude::ToPrimitive;
use serde_json::json;
use uuid::Uuid;

use crate::diagnostic::calc::ratio;
use crate::example::example_dossier;
use crate::workbook::descriptor::{cell_index, cell_name, col_index, col_name};
use crate::workbook::values::{from_cell, to_cell};
use crate::workbook::*;

fn example() -> crate::dossier::Dossier {
    let mut k = 0u128;
    example_dossier(&mut || {
        k += 1;
        Uuid::from_u128(k)
    })
}

#[test]
fn cell_names_round_trip() {
    assert_eq!(col_index("A"), Some(0));
    assert_eq!(col_index("AA"), Some(26));
    assert_eq!(col_name(27), "AB");
    assert_eq!(cell_index("C5"), Some((4, 2)));
    assert_eq!(cell_name(4, 2), "C5");
    assert_eq!(cell_index("5C"), None);
}

#[test]
fn every_template_lays_out_with_known_names() {
    let d = example();
    assert!(templates().len() >= 2);
    for t in templates() {
        assert_eq!(t.format, descriptor::FORMAT);
        assert!(!t.source.is_empty(), "{} : source", t.id);
        let l = layout(t, &d).unwrap_or_else(|e| panic!("{} : {e}", t.id));
        let mut names: Vec<&str> = l.sheets.iter().map(|s| s.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), l.sheets.len(), "{} : feuilles en double", t.id);
        for s in &l.sheets {
            assert!(
                s.name.chars().count() <= 31,
                "nom de feuille trop long : {}",
                s.name
            );
            for c in &s.cells {
                if let Some(v) = &c.validation {
                    assert!(l.lists.contains_key(v), "{} : liste {v}", t.id);
                }
            }
        }
        for (name, values) in &l.lists {
            for (code, label) in values {
                assert!(!code.is_empty() && !label.is_empty(), "{name}");
            }
        }
    }
}

#[test]
fn diagnostic_layout_binds_perimeter_and_computes_ratios() {
    let d = example();
    let t = template("pdl-diagnostic", None).unwrap();
    let l = layout(t, &d).unwrap();
    let names: Vec<&str> = l.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        &names[..4],
        &["Accueil", "Annexe 1", "Annexe 1 PA", "Axe 1-1"]
    );
    let a1 = &l.sheets[1];
    let table = &a1.tables[0];
    assert_eq!(table.rows.len(), d.perimetre().count());
    // Capacité totale autorisée = somme des modalités, formule et résultat.
    let first = &d.perimetre().next().unwrap();
    let total = a1
        .cells
        .iter()
        .find(|c| c.row == table.first_row && c.col == 6)
        .unwrap();
    assert_eq!(
        total.formula.as_deref(),
        Some(format!("=SUM(H{r},I{r},J{r},K{r})", r = table.first_row + 1).as_str())
    );
    assert_eq!(
        total.value,
        CellValue::Number(f64::from(first.capacites.total_autorisee()))
    );
    // 2-D : le résultat mis en cache est celui de l'application.
    let sheet = l
        .sheets
        .iter()
        .find(|s| s.name == "2-D Complémentaires")
        .unwrap();
    for (i, ind) in d.diagnostic.complementaires.iter().enumerate() {
        let row = sheet.tables[0].first_row + i as u32;
        let c = sheet
            .cells
            .iter()
            .find(|c| c.row == row && c.col == 12)
            .unwrap();
        let CellValue::Number(v) = c.value else {
            panic!("ratio non calculé")
        };
        let app = ratio(ind).valeur.unwrap().to_f64().unwrap();
        assert!((v * 100.0 - app).abs() < 0.005, "{v} vs {app}");
    }
    // Réponses oui/non : liste déroulante et libellé affiché.
    let axe = &l.sheets[3];
    assert!(
        axe.cells
            .iter()
            .any(|c| c.validation.as_deref() == Some("oui_non_heterogene")
                && c.value == CellValue::Text("Oui".into()))
    );
}

#[test]
fn values_convert_both_ways() {
    let list = vec![(
        "association".to_string(),
        "Association (privé non lucratif)".to_string(),
    )];
    let cell = to_cell(Format::Choix, &json!("association"), Some(&list), None);
    assert_eq!(
        cell,
        CellValue::Text("Association (privé non lucratif)".into())
    );
    let back = from_cell(
        Format::Choix,
        &Raw::Text(" association (PRIVÉ non lucratif) ".into()),
        Some(&list),
        None,
    );
    assert_eq!(back, Ok(json!("association")));
    assert!(
        from_cell(
            Format::Choix,
            &Raw::Text("Fondation".into()),
            Some(&list),
            None
        )
        .unwrap_err()
        .contains("attendu : une valeur de la liste")
    );
    assert_eq!(
        from_cell(Format::Decimal, &Raw::Number(91.2), None, None),
        Ok(json!("91.2"))
    );
    assert_eq!(
        from_cell(Format::Euros, &Raw::Text("1 234,50 €".into()), None, None),
        Ok(json!("1234.50"))
    );
    assert!(
        from_cell(Format::Entier, &Raw::Text("douze".into()), None, None)
            .unwrap_err()
            .contains("le texte « douze »")
    );
    assert_eq!(
        from_cell(Format::Booleen, &Raw::Text("Oui".into()), None, None),
        Ok(json!(true))
    );
    let finess = vec![(Uuid::nil().to_string(), "010000016".to_string())];
    // Zéro initial perdu par le tableur.
    assert_eq!(
        from_cell(Format::Esms, &Raw::Number(10000016.0), Some(&finess), None),
        Ok(json!(Uuid::nil().to_string()))
    );
    assert_eq!(
        to_cell(Format::Decimal, &json!("1012400.5"), None, None),
        CellValue::Number(1012400.5)
    );
}
