//! Les blocs générés depuis le dossier (`"donnees": "…"` dans un modèle) : parties, tableau
//! des ESMS, identification du gestionnaire, comité de suivi, calendrier, signatures…

use crate::dossier::Dossier;
use crate::dossier::objectifs::Objectif;
use chrono::{Datelike, NaiveDate};

use crate::clauses::modeles::Modele;
use crate::contract::bind::{A_COMPLETER, Contexte, en_lettres, nombre};
use crate::contract::document::{Align, Block, Column, Gap, Rich, SignatureBlock, Span, Table};
use crate::dossier::perimetre::{Esms, HabilitationAideSociale};
use crate::kernel::format;
use crate::kernel::reference::reference;
use crate::perimetre::calc::PartieKind;

/// Ce qu'un bloc généré produit : des blocs et, le cas échéant, des manques bloquants.
#[derive(Default)]
pub struct Out {
    pub blocks: Vec<Block>,
    pub gaps: Vec<Gap>,
}

fn p(text: impl Into<String>) -> Block {
    Block::Paragraph {
        spans: vec![Span::plain(text)],
        align: Align::Justify,
    }
}

fn rich(spans: Rich) -> Block {
    Block::Paragraph {
        spans,
        align: Align::Justify,
    }
}

/// L'espace d'une mention manuscrite (lieu et date de signature).
pub const BLANC_MANUSCRIT: &str = "____________________";

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() {
        A_COMPLETER.into()
    } else {
        s.trim().into()
    }
}

/// « IME », « ESAT »… sinon le libellé de la catégorie.
pub fn categorie_courte(code: Option<&str>) -> String {
    match code {
        None => "—".into(),
        Some(c) => match reference().category(c) {
            Some(cat) => match &cat.sigle {
                Some(s) => format!("{c} {s}"),
                None => format!("{c} {}", cat.libelle),
            },
            None => c.into(),
        },
    }
}

fn finess_of(e: &Esms) -> String {
    e.finess_et
        .as_deref()
        .map_or(A_COMPLETER.into(), super::bind::finess_nb)
}

fn nom(e: &Esms) -> String {
    or_blank(&e.nom)
}

/// « Internat 24 ; semi-internat 36 » (modalités renseignées seulement).
fn capacites_detail(e: &Esms, installee: bool) -> String {
    let mut parts = Vec::new();
    for (key, _) in crate::dossier::perimetre::Capacites::MODALITES {
        let c = e.capacites.get(key).copied().unwrap_or_default();
        let v = if installee { c.installee } else { c.autorisee };
        if let Some(n) = v.filter(|n| *n > 0) {
            let label = match key {
                "internat" => "internat",
                "semi_internat" => "semi-internat",
                "accueil_temporaire" => "accueil temporaire",
                _ => "externat / places",
            };
            parts.push(format!("{label} {n}"));
        }
    }
    let total = if installee {
        e.capacites.total_installee()
    } else {
        e.capacites.total_autorisee()
    };
    if parts.is_empty() {
        "—".into()
    } else if parts.len() == 1 {
        format::integer(i64::from(total))
    } else {
        format!(
            "{} ({})",
            format::integer(i64::from(total)),
            parts.join(" ; ")
        )
    }
}

/// « Entre… d'une part… et… d'autre part. »
pub fn parties(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let o = &d.organisme;
    let mut blocks = vec![p("Entre,")];
    for s in ctx.derived.signataires.iter().rev() {
        match s.kind {
            PartieKind::Ars => {
                let region = ctx
                    .region_nom()
                    .unwrap_or_else(|| "(région à préciser)".into());
                blocks.push(rich(vec![
                    Span::bold(format!("L'Agence régionale de santé {region}")),
                    Span::plain(
                        ", représentée par son directeur général, ci-après désignée « l'ARS »,",
                    ),
                ]));
            }
            PartieKind::Cd => {
                let lib = Contexte::cd_libelle(&s.code);
                let mut c = lib.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                blocks.push(rich(vec![
                    Span::bold(cap),
                    Span::plain(
                        ", représenté par le président du conseil départemental, ci-après désigné « le Département »,",
                    ),
                ]));
            }
            PartieKind::Organisme => {}
        }
    }
    blocks.push(p("d'une part,"));
    blocks.push(p("et"));
    let siege = ctx
        .valeur("organisme.siege")
        .ok()
        .flatten()
        .unwrap_or_else(|| A_COMPLETER.into());
    let finess = o
        .finess_ej
        .as_deref()
        .map_or(A_COMPLETER.into(), super::bind::finess_nb);
    let rep = ctx
        .valeur("organisme.representant")
        .ok()
        .flatten()
        .unwrap_or_else(|| A_COMPLETER.into());
    blocks.push(rich(vec![
        Span::bold(or_blank(&o.raison_sociale)),
        Span::plain(format!(
            ", organisme gestionnaire (FINESS juridique {finess}), dont le siège est situé {siege}, représenté par {rep}, dûment habilité(e) à cet effet, ci-après désigné « l'organisme gestionnaire »,"
        )),
    ]));
    blocks.push(p("d'autre part."));
    Out {
        blocks,
        gaps: vec![],
    }
}

/// Le tableau des éléments obligatoires de l'article 1 (arrêté du 3 mars 2017).
pub fn identification(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let o = &d.organisme;
    let v = |k: &str| {
        ctx.valeur(k)
            .ok()
            .flatten()
            .unwrap_or_else(|| A_COMPLETER.into())
    };
    let secteurs: Vec<&str> = {
        let mut s: Vec<&str> = d
            .perimetre()
            .filter_map(|e| e.secteur.map(|x| x.label()))
            .collect();
        s.sort();
        s.dedup();
        s
    };
    let activites = format!(
        "{} ESMS au périmètre ({}) ; capacité autorisée totale {} places",
        ctx.derived.nb_esms,
        if secteurs.is_empty() {
            A_COMPLETER.to_string()
        } else {
            secteurs.join(", ").to_lowercase()
        },
        format::integer(i64::from(ctx.derived.capacite_autorisee))
    );
    let siege = if o.frais_de_siege {
        match o.date_arrete_frais_siege {
            Some(dt) => format!(
                "Siège autorisé à percevoir des frais de siège (arrêté du {})",
                format::date_long(dt)
            ),
            None => {
                "Siège autorisé à percevoir des frais de siège (date de l'arrêté à préciser)".into()
            }
        }
    } else {
        "Pas de frais de siège autorisés".into()
    };
    let adhesions = if d.adhesions.is_empty() {
        "Aucune".to_string()
    } else {
        d.adhesions
            .iter()
            .map(|a| format!("{} : {}", a.kind.label(), or_blank(&a.nom)))
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let referent = [
        o.referent_cpom_nom.trim(),
        o.referent_cpom_fonction.trim(),
        o.referent_cpom_contact.trim(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    let rows = vec![
        vec!["Raison sociale".into(), v("organisme.raison_sociale")],
        vec![
            "N° FINESS de l'entité juridique".into(),
            v("organisme.finess_ej"),
        ],
        vec!["SIREN".into(), v("organisme.siren")],
        vec!["Statut juridique".into(), v("organisme.statut")],
        vec!["Siège social".into(), v("organisme.siege")],
        vec!["Représentant légal".into(), v("organisme.representant")],
        vec!["Directeur général".into(), v("organisme.directeur_general")],
        vec!["Activités".into(), activites],
        vec!["Organisation du siège".into(), siege],
        vec![
            "Perception de la dotation globalisée commune".into(),
            perception(ctx),
        ],
        vec!["Adhésions et coopérations".into(), adhesions],
        vec!["Référent CPOM".into(), or_blank(&referent)],
    ];
    Out {
        blocks: vec![Block::Table(Table {
            columns: vec![Column::new("Élément", 1.0), Column::new("Contenu", 2.2)],
            rows,
            first_column_bold: true,
            header: false,
            total_row: false,
        })],
        gaps: vec![],
    }
}

/// Qui perçoit la dotation globalisée commune (arrêté du 3 mars 2017, article 1 ; V12).
fn perception(ctx: &Contexte) -> String {
    let d = ctx.dossier;
    let m = &d.signature.moyens;
    let x = m.perception_dotation.trim();
    if x == "organisme" {
        return format!(
            "{}, personne morale signataire",
            or_blank(&d.organisme.raison_sociale)
        );
    }
    if let Some(e) = d.perimetre().find(|e| e.id.to_string() == x) {
        return format!("{} (FINESS {})", nom(e), finess_of(e));
    }
    if m.dotation_globalisee.is_some() || !crate::perimetre::regime::dotation_ph(d).is_empty() {
        return A_COMPLETER.into();
    }
    let ars = d
        .perimetre()
        .any(|e| e.competence.is_some_and(|c| c.involves_ars()));
    if ars {
        // CPOM « EHPAD » : les établissements perçoivent leurs forfaits.
        "Sans objet : chaque établissement perçoit ses forfaits et tarifs (voir l'article 4)."
            .into()
    } else {
        "Sans objet : aucun établissement ou service financé par une dotation globalisée commune"
            .into()
    }
}

/// Le tableau compact des ESMS du périmètre (article 1).
pub fn esms_tableau(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let mut rows: Vec<Vec<String>> = d
        .perimetre()
        .map(|e| {
            vec![
                nom(e),
                finess_of(e),
                categorie_courte(e.categorie.as_deref()),
                e.competence.map_or("—".into(), |c| c.label().to_string()),
                capacites_detail(e, false),
                capacites_detail(e, true),
                e.jours_ouverture.map_or("—".into(), |j| j.to_string()),
                format::decimal_trim(e.etp.total()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Out {
            blocks: vec![Block::Gap {
                text: "Périmètre à compléter : aucun ESMS n'est encore saisi.".into(),
            }],
            gaps: vec![],
        };
    }
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        format::integer(i64::from(ctx.derived.capacite_autorisee)),
        format::integer(i64::from(ctx.derived.capacite_installee)),
        String::new(),
        format::decimal_trim(ctx.derived.etp_total),
    ]);
    Out {
        blocks: vec![Block::Table(Table {
            columns: vec![
                Column::new("Établissement ou service", 2.0),
                Column::new("FINESS", 1.25),
                Column::new("Catégorie", 1.1),
                Column::new("Compétence", 1.2),
                Column::new("Capacité autorisée", 1.4),
                Column::new("Capacité installée", 1.4),
                Column::new("Jours d'ouv.", 0.7).right(),
                Column::new("ETP", 0.7).right(),
            ],
            rows,
            first_column_bold: false,
            header: true,
            total_row: true,
        })],
        gaps: vec![],
    }
}

pub fn esms_liste(ctx: &Contexte) -> Out {
    let items: Vec<Rich> = ctx
        .dossier
        .perimetre()
        .map(|e| {
            let lieu = if e.adresse.commune.trim().is_empty() {
                String::new()
            } else {
                format!(", {}", e.adresse.commune.trim())
            };
            vec![
                Span::bold(nom(e)),
                Span::plain(format!(
                    " — FINESS {} — {}{lieu}",
                    finess_of(e),
                    categorie_courte(e.categorie.as_deref())
                )),
            ]
        })
        .collect();
    Out {
        blocks: vec![Block::Bullets { items }],
        gaps: vec![],
    }
}

pub fn adhesions(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let block = if d.adhesions.is_empty() {
        p("L'organisme gestionnaire ne déclare aucune adhésion à un groupement.")
    } else {
        Block::Bullets {
            items: d
                .adhesions
                .iter()
                .map(|a| {
                    vec![
                        Span::bold(a.kind.label()),
                        Span::plain(format!(" : {}", or_blank(&a.nom))),
                    ]
                })
                .collect(),
        }
    };
    Out {
        blocks: vec![block],
        gaps: vec![],
    }
}

/// Les objectifs arrivent avec l'étape Objectifs (issue 4) : un encadré en attendant.
pub fn objectifs(ctx: &Contexte) -> Out {
    liste(ctx.dossier)
}

pub fn objectifs_gap() -> Gap {
    Gap {
        key: "objectifs".into(),
        message: "Les objectifs et leurs fiches n'ont pas encore été saisis.".into(),
    }
}

pub fn habilitation(ctx: &Contexte) -> Out {
    let rows: Vec<Vec<String>> = ctx
        .dossier
        .perimetre()
        .filter_map(|e| {
            let h = e.habilitation_aide_sociale?;
            if h == HabilitationAideSociale::NonHabilite {
                return None;
            }
            // Habilitation partielle : les places habilitées ; convention L. 342-3-1 : sa date
            // (instruction DGCS, seed 000 L671-L678, L1667-L1676).
            let label = match (h, e.pa.date_convention_aide_sociale) {
                (HabilitationAideSociale::ConventionL342_3_1, Some(dt)) => {
                    format!("{} du {}", h.label(), format::date_long(dt))
                }
                _ => h.label().to_string(),
            };
            let places = match h {
                HabilitationAideSociale::Partielle => e.places_habilitees_aide_sociale,
                _ => e
                    .places_habilitees_aide_sociale
                    .or(Some(e.capacites.total_autorisee())),
            };
            Some(vec![nom(e), finess_of(e), label, nombre(places)])
        })
        .collect();
    let block = if rows.is_empty() {
        p(
            "Aucun établissement ou service du périmètre n'est habilité à recevoir des bénéficiaires de l'aide sociale départementale.",
        )
    } else {
        Block::Table(Table {
            columns: vec![
                Column::new("Établissement ou service", 2.2),
                Column::new("FINESS", 1.2),
                Column::new("Habilitation", 1.6),
                Column::new("Capacité concernée", 1.0).right(),
            ],
            rows,
            first_column_bold: false,
            header: true,
            total_row: false,
        })
    };
    Out {
        blocks: vec![block],
        gaps: vec![],
    }
}

pub fn comite_suivi(ctx: &Contexte) -> Out {
    let items = ctx
        .derived
        .signataires
        .iter()
        .map(|s| match s.kind {
            PartieKind::Ars => vec![
                Span::bold("Pour l'ARS"),
                Span::plain(" : le directeur général ou son représentant ;"),
            ],
            PartieKind::Cd => vec![
                Span::bold(format!("Pour {}", Contexte::cd_libelle(&s.code))),
                Span::plain(" : le président ou son représentant ;"),
            ],
            PartieKind::Organisme => vec![
                Span::bold("Pour l'organisme gestionnaire"),
                Span::plain(format!(
                    " : {}, ou son représentant ;",
                    ctx.valeur("organisme.representant")
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| "le représentant légal".into())
                )),
            ],
        })
        .collect();
    let mut blocks = vec![Block::Bullets { items }];
    let suivi = &ctx.dossier.signature.suivi;
    let members: Vec<Rich> = [
        ("organisme gestionnaire", &suivi.comite_organisme),
        ("ARS", &suivi.comite_ars),
        ("département", &suivi.comite_cd),
    ]
    .into_iter()
    .filter(|(_, m)| !m.is_empty())
    .map(|(who, m)| {
        vec![
            Span::bold(format!("Membres désignés ({who})")),
            Span::plain(format!(" : {}.", m.join(" ; "))),
        ]
    })
    .collect();
    if !members.is_empty() {
        blocks.push(Block::Bullets { items: members });
    }
    Out {
        blocks,
        gaps: vec![],
    }
}

fn annee(effet: NaiveDate, n: i32) -> i32 {
    effet.year() + n - 1
}

/// Calendrier des dialogues de gestion et des rapports d'après la période et le calendrier
/// du pack régional du dossier (`assets/packs/<id>.json`), évaluations comprises.
pub fn calendrier(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let (Some(effet), Some(fin)) = (d.cpom.date_effet, ctx.derived.date_echeance) else {
        return Out {
            blocks: vec![Block::Gap {
                text: "À compléter : le calendrier sera calculé lorsque la date d'effet du CPOM aura été saisie.".into(),
            }],
            gaps: vec![],
        };
    };
    let duree = d.cpom.duree_annees.max(1);
    let echeances: Vec<_> = d
        .pack()
        .calendrier
        .iter()
        .filter(|e| crate::signature::calc::echeance_applies(d, e))
        .map(|e| {
            (
                e,
                crate::signature::calc::dates_echeance(e, effet, fin, duree),
            )
        })
        .collect();
    let mut rows = Vec::new();
    for n in 1..=duree {
        let y = annee(effet, i32::from(n));
        let objet: Vec<String> = echeances
            .iter()
            .flat_map(|(e, dates)| {
                dates
                    .iter()
                    .filter(move |(k, _)| *k == n)
                    .map(move |(_, date)| {
                        let jour = e.quand.jour.is_some() || e.quand.avant_echeance_mois.is_some();
                        if jour {
                            format!(
                                "– {}, au plus tard le {}",
                                e.libelle,
                                format::date_long(*date)
                            )
                        } else {
                            format!("– {}", e.libelle)
                        }
                    })
            })
            .collect();
        if objet.is_empty() {
            continue;
        }
        rows.push(vec![format!("Année {n} ({y})"), objet.join("\n")]);
    }
    rows.push(vec![
        "Échéance".into(),
        format!("Terme du contrat le {}", format::date_long(fin)),
    ]);
    let mut blocks = vec![Block::Table(Table {
        columns: vec![Column::new("Année", 1.0), Column::new("Objet", 4.0)],
        rows,
        first_column_bold: true,
        header: true,
        total_row: false,
    })];
    let dates: Vec<Vec<String>> = crate::signature::calc::calendrier(d)
        .into_iter()
        .map(|e| vec![format::date_long(e.date), e.libelle])
        .collect();
    if !d.signature.suivi.evaluations.is_empty() {
        blocks.push(p("Échéances datées, évaluations comprises :"));
        blocks.push(Block::Table(Table {
            columns: vec![Column::new("Date", 1.0), Column::new("Échéance", 4.0)],
            rows: dates,
            first_column_bold: false,
            header: true,
            total_row: false,
        }));
    }
    Out {
        blocks,
        gaps: vec![],
    }
}

/// L'articulation avec les autres CPOM du gestionnaire (instruction DGCS, seed 000
/// L821-L846) : le choix des parties et les contrats liés.
pub fn articulation(ctx: &Contexte) -> Out {
    use crate::dossier::perimetre::Articulation;
    let d = ctx.dossier;
    let mut blocks = Vec::new();
    match d.cpom.articulation {
        None => {}
        Some(Articulation::Aucune) => blocks.push(p(
            "L'organisme gestionnaire n'est partie à aucun autre contrat pluriannuel d'objectifs et de moyens.",
        )),
        Some(Articulation::RegroupementSimple) => blocks.push(p(
            "Le présent contrat est articulé avec les autres contrats pluriannuels d'objectifs et de moyens de l'organisme gestionnaire par un regroupement simple : chaque contrat poursuit ses effets propres ; les parties recherchent des dates d'effet communes, ainsi qu'avec l'autorisation des frais de siège.",
        )),
        Some(Articulation::CpomUnique) => blocks.push(p(
            "Le présent contrat est un contrat unique qui intègre les autres contrats pluriannuels d'objectifs et de moyens de l'organisme gestionnaire. Chaque autorité signataire ne s'engage que pour les objectifs transversaux et pour ceux des établissements et services relevant de sa seule compétence ; les stipulations propres aux contrats intégrés, notamment leurs moyens financiers, y sont reprises.",
        )),
    }
    let rows: Vec<Vec<String>> = d
        .contrats_lies
        .iter()
        .map(|c| {
            let date = |x: Option<NaiveDate>| x.map_or("—".into(), format::date_short);
            vec![
                or_blank(&c.intitule),
                c.base_juridique
                    .map_or("—".into(), |b| b.label().to_string()),
                if c.autorites.trim().is_empty() {
                    "—".into()
                } else {
                    c.autorites.trim().to_string()
                },
                format!("{} – {}", date(c.date_effet), date(c.date_echeance)),
            ]
        })
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Contrat lié", 2.0),
                Column::new("Base juridique", 2.0),
                Column::new("Autorités", 1.6),
                Column::new("Période", 1.4),
            ],
            rows,
            first_column_bold: false,
            header: true,
            total_row: false,
        }));
    }
    Out {
        blocks,
        gaps: vec![],
    }
}

/// Les engagements que tout CPOM du champ du handicap comporte au titre de la démarche
/// « Une réponse accompagnée pour tous » (instruction DGCS, annexe 5, seed 000 L2710-L2731,
/// L2761-L2763) ; l'engagement de coordonnateur de parcours, « le cas échéant », seulement
/// si le diagnostic l'a retenu.
pub fn rapt_engagements(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let coordonnateur = d.diagnostic.reponses.iter().any(|r| {
        (r.question == "coop_coordonnateur_parcours" || r.question == "natph_coordonnateur")
            && r.esms.is_none()
            && !r.sans_objet
            && r.codes().first() == Some(&"oui")
    });
    let mut items = vec![
        "à décrire la contribution de ses établissements et services à la construction des parcours sur le territoire, en articulation et en complémentarité avec les autres acteurs, et à formaliser ses partenariats avec les acteurs sanitaires, sociaux, médico-sociaux, scolaires, du service public de l'emploi et les bailleurs sociaux ;",
        "à faire participer ses établissements et services aux groupes opérationnels de synthèse chargés d'élaborer les plans d'accompagnement global ;",
        "à motiver tout refus d'admission d'une personne orientée par la commission des droits et de l'autonomie des personnes handicapées dans le cadre d'un plan d'accompagnement global ;",
        "à utiliser le système d'information de suivi des orientations de la commission des droits et de l'autonomie des personnes handicapées ;",
    ];
    if coordonnateur {
        items.push("à assurer, le cas échéant, la fonction de coordonnateur de parcours dans un plan d'accompagnement global ;");
    }
    items.push("à renseigner, pour chacun de ses établissements et services, le répertoire opérationnel des ressources (profil des publics, modalités d'accueil, organisation et prestations).");
    Out {
        blocks: vec![Block::Bullets {
            items: items.into_iter().map(|t| vec![Span::plain(t)]).collect(),
        }],
        gaps: vec![],
    }
}

/// Le choix de chaque département pour l'habilitation à l'aide sociale : les conditions
/// fixées par le contrat (convention) ou le renvoi au règlement départemental d'aide sociale
/// (instruction DGCS, seed 000 L671-L678). Un choix manquant est un manque bloquant.
pub fn habilitation_modalites(ctx: &Contexte) -> Out {
    use crate::dossier::signature::ModaliteAideSociale;
    let d = ctx.dossier;
    let mut out = Out::default();
    for dep in crate::signature::rules::departements_habilites(d) {
        // « du conseil départemental de Loire-Atlantique ».
        let cd = Contexte::cd_libelle(&dep).replacen("le conseil", "conseil", 1);
        match d.signature.moyens.aide_sociale_choix.get(&dep) {
            Some(ModaliteAideSociale::Convention) => {
                let clause = d.signature.moyens.clause_aide_sociale.trim();
                out.blocks.push(p(format!(
                    "Au choix du {cd}, le présent contrat vaut convention d'habilitation : les conditions d'accueil des bénéficiaires de l'aide sociale départementale et les modalités de la participation du département sont fixées par le contrat.{}",
                    if clause.is_empty() {
                        String::new()
                    } else {
                        format!(" {clause}")
                    }
                )));
            }
            Some(ModaliteAideSociale::ReglementDepartemental) => out.blocks.push(p(format!(
                "Au choix du {cd}, les conditions d'accueil des bénéficiaires de l'aide sociale départementale et les modalités de la participation du département sont celles du règlement départemental d'aide sociale."
            ))),
            None => {
                out.blocks.push(Block::Gap {
                    text: format!(
                        "À compléter : le choix du {cd} (convention ou règlement départemental d'aide sociale)."
                    ),
                });
                out.gaps.push(Gap {
                    key: format!("aide_sociale:{dep}"),
                    message: format!(
                        "Le choix du {cd} pour l'habilitation à l'aide sociale n'est pas indiqué."
                    ),
                });
            }
        }
    }
    out
}

/// Le document budgétaire et le premier exercice (EPRD) : instruction DGCS, seed 000
/// L299-L308, L1323-L1345 (V33, V45).
pub fn eprd(ctx: &Contexte) -> Out {
    let d = ctx.dossier;
    let premier = ctx.valeur("moyens.eprd_premier_exercice").ok().flatten();
    let Some((doc, what)) = crate::signature::rules::document_budgetaire(d) else {
        return Out {
            blocks: vec![p(format!(
                "Les établissements et services du périmètre présentent un état des prévisions de recettes et de dépenses (EPRD) à compter de l'exercice {}.",
                premier.unwrap_or_else(|| A_COMPLETER.into())
            ))],
            gaps: vec![],
        };
    };
    // Les EHPAD et les PUV sont sous EPRD depuis l'exercice 2017 (instruction DGCS, seed 000
    // L299-L308) ; les autres ESMS, à compter de l'exercice qui suit la signature.
    let ehpad = d
        .perimetre()
        .filter(|e| crate::perimetre::regime::is_ehpad_ou_puv(e))
        .count();
    let autres = d.perimetre().count() - ehpad;
    let mut text = if doc == "EPRD" && ehpad > 0 {
        let mut t = "Les EHPAD et les petites unités de vie présentent un état des prévisions de recettes et de dépenses (EPRD) depuis l'exercice 2017".to_string();
        if autres > 0 {
            t.push_str(&match premier.as_deref() {
                Some(y) if y != "2017" => format!(
                    " ; les autres établissements et services du périmètre, à compter de l'exercice {y}, qui suit la signature du contrat"
                ),
                _ => " ; les autres établissements et services du périmètre, à compter de l'exercice qui suit la signature du contrat".into(),
            });
        }
        t.push('.');
        t
    } else {
        let debut = match premier {
            Some(y) if doc == "EPRD" => {
                format!(" à compter de l'exercice {y}, qui suit la signature du contrat")
            }
            Some(y) => format!(" à compter de l'exercice {y}"),
            None => String::new(),
        };
        format!("Les établissements et services du périmètre présentent {what}{debut}.")
    };
    if doc == "EPRD"
        && let Some(perimetre) = d.signature.moyens.eprd_perimetre
        && perimetre == crate::dossier::signature::PerimetreEprd::Elargi
    {
        text.push_str(" Son périmètre couvre tous les établissements et services du gestionnaire dans le périmètre géographique du contrat.");
    }
    Out {
        blocks: vec![p(text)],
        gaps: vec![],
    }
}

/// La liste numérotée des annexes du modèle (celles qui s'appliquent au dossier).
pub fn liste_annexes(ctx: &Contexte, m: &Modele) -> Out {
    let mut items = Vec::new();
    for a in &m.annexes {
        if !crate::contract::bind::applies(&a.si, ctx) {
            continue;
        }
        items.push(vec![
            Span::bold(format!("Annexe {}", a.numero)),
            Span::plain(format!(" – {}", ctx.remplir(&a.titre).unwrap_or_default())),
        ]);
        for s in &a.sous_annexes {
            if crate::contract::bind::applies(&s.si, ctx) {
                items.push(vec![Span::plain(format!(
                    "    {} – {}",
                    s.numero,
                    ctx.remplir(&s.titre).unwrap_or_default()
                ))]);
            }
        }
    }
    Out {
        blocks: vec![Block::Bullets { items }],
        gaps: vec![],
    }
}

/// La page de signature : un bloc par signataire, dans l'ordre de signature.
pub fn signatures(ctx: &Contexte) -> Out {
    let o = &ctx.dossier.organisme;
    let saisis = &ctx.dossier.signature.signatures;
    let ordered = crate::signature::calc::signataires(ctx.dossier);
    let n = ordered.len();
    let blocks = ordered
        .iter()
        .map(|(s, _)| {
            let mut b = match s.kind {
                PartieKind::Organisme => SignatureBlock {
                    pour: "Pour l'organisme gestionnaire".into(),
                    entite: or_blank(&o.raison_sociale),
                    nom: o.representant_legal_nom.trim().to_string(),
                    qualite: o.representant_legal_qualite.trim().to_string(),
                    fait: String::new(),
                },
                PartieKind::Cd => SignatureBlock {
                    pour: "Pour le Département".into(),
                    entite: {
                        let l = Contexte::cd_libelle(&s.code);
                        let mut c = l.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect())
                            .unwrap_or_default()
                    },
                    nom: String::new(),
                    qualite: "Le président du conseil départemental".into(),
                    fait: String::new(),
                },
                PartieKind::Ars => SignatureBlock {
                    pour: "Pour l'Agence régionale de santé".into(),
                    entite: ctx
                        .region_nom()
                        .map(|r| format!("Agence régionale de santé {r}"))
                        .unwrap_or_else(|| s.libelle.clone()),
                    nom: String::new(),
                    qualite: "Le directeur général".into(),
                    fait: String::new(),
                },
            };
            let saisi = saisis.signataire(&crate::signature::calc::partie_key(s));
            // Lieu et date restent à écrire à la main : une ligne, pas des points de suspension
            // (réservés aux valeurs manquantes d'un projet).
            b.fait = format!(
                "Fait à {}, le {}",
                if saisis.lieu.trim().is_empty() {
                    BLANC_MANUSCRIT
                } else {
                    saisis.lieu.trim()
                },
                saisi
                    .and_then(|x| x.date_signature)
                    .map_or(BLANC_MANUSCRIT.to_string(), format::date_long)
            );
            // Le signataire désigné à l'étape Signature l'emporte.
            if let Some(x) = saisi {
                if !x.nom.trim().is_empty() {
                    b.nom = x.nom.trim().to_string();
                }
                if !x.qualite.trim().is_empty() {
                    b.qualite = x.qualite.trim().to_string();
                }
            }
            b
        })
        .collect();
    let mention = format!(
        "Fait en {} exemplaires originaux, un pour chaque partie signataire.",
        en_lettres(n)
    );
    Out {
        blocks: vec![Block::Signatures { mention, blocks }],
        gaps: vec![],
    }
}

/// Un bloc généré, par sa clé (`DONNEES`).
pub fn generate(key: &str, ctx: &Contexte, m: &Modele) -> Out {
    match key {
        "parties" => parties(ctx),
        "organisme.identification" => identification(ctx),
        "esms.tableau" => esms_tableau(ctx),
        "esms.liste" => esms_liste(ctx),
        "adhesions.liste" => adhesions(ctx),
        "objectifs.liste" => objectifs(ctx),
        "habilitation.tableau" => habilitation(ctx),
        "habilitation.modalites" => habilitation_modalites(ctx),
        "articulation" => articulation(ctx),
        "rapt.engagements" => rapt_engagements(ctx),
        "eprd" => eprd(ctx),
        "comite_suivi" => comite_suivi(ctx),
        "dialogues.calendrier" => calendrier(ctx),
        "annexes.liste" => liste_annexes(ctx, m),
        "signatures" => signatures(ctx),
        _ => Out::default(),
    }
}

/// La liste des objectifs de l'article « Objectifs » du socle, rangée par axe.
pub fn liste(d: &Dossier) -> Out {
    let actifs: Vec<&Objectif> = d.objectifs.actifs().collect();
    if actifs.is_empty() {
        return Out {
            blocks: vec![Block::Gap {
                text: "À compléter : la liste des objectifs sera intégrée lorsqu'ils auront été saisis à l'étape Objectifs.".into(),
            }],
            gaps: vec![objectifs_gap()],
        };
    }
    let items = actifs
        .iter()
        .map(|o| {
            let axe = o
                .axe
                .map_or(String::new(), |a| format!(" (axe {})", a.number()));
            vec![
                Span::bold(format!(
                    "Objectif {}",
                    d.objectifs.numero(o.id).unwrap_or(0)
                )),
                Span::plain(format!(" : {}{axe} ;", o.titre)),
            ]
        })
        .collect();
    Out {
        blocks: vec![Block::Bullets { items }],
        gaps: vec![],
    }
}
