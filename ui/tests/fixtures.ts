// Un petit dossier conforme aux types générés, pour les tests.

import type { DossierView } from '../src/bindings/DossierView';
import type { Esms } from '../src/bindings/Esms';

export const ESMS_ID = '0b7a4c1e-2f55-4a4e-9d0e-6a3f5c2b1d90';

export function makeEsms(id = ESMS_ID, nom = 'IME Les Hirondelles'): Esms {
  const cap = { autorisee: null, installee: null };
  return {
    id,
    nom,
    finess_et: '440012342',
    categorie: '183',
    secteur: 'enfance',
    departement: '44',
    adresse: { ligne: '', code_postal: '', commune: '' },
    competence: 'ars',
    competence_source: 'categorie',
    capacites: {
      internat: { autorisee: 24, installee: 24 },
      semi_internat: cap,
      accueil_temporaire: cap,
      externat: cap,
    },
    jours_ouverture: 210,
    etp: {
      administratif: '4.5',
      educatif: '28',
      medical: null,
      paramedical: null,
      pedagogique: null,
      autres: null,
    },
    public_specifique: '',
    habilitation_aide_sociale: null,
    dans_perimetre: true,
  };
}

export function makeView(overrides: Partial<DossierView> = {}): DossierView {
  return {
    path: '/home/marie/CPOM Les Iris.cpom',
    name: 'CPOM Les Iris',
    meta: { dossier_id: 'd1', created_at: '2026-03-21T10:00:00.000Z', schema_version: 1, app_version: '0.1.0' },
    dossier: {
      organisme: {
        raison_sociale: 'Association Les Iris',
        finess_ej: null,
        siren: null,
        statut_juridique: 'association',
        adresse_siege: { ligne: '', code_postal: '', commune: '' },
        representant_legal_nom: '',
        representant_legal_qualite: '',
        directeur_general: '',
        referent_cpom_nom: '',
        referent_cpom_fonction: '',
        referent_cpom_contact: '',
        valeurs_projet_associatif: '',
        frais_de_siege: false,
        date_arrete_frais_siege: null,
        date_deliberation_ca: null,
      },
      adhesions: [],
      cpom: { base_juridique: null, region: '52', departements: ['44'], date_effet: '2027-01-01', duree_annees: 5 },
      esms: [makeEsms()],
    },
    derived: {
      periode: '2027-2031',
      date_echeance: '2031-12-31',
      partite: 'bipartite',
      signataires: [],
      nb_esms: 1,
      capacite_autorisee: 24,
      capacite_installee: 24,
      etp_total: '32.5',
    },
    report: { issues: [], errors: 0, warnings: 0, infos: 0 },
    stamps: [],
    saved_at: '2026-03-21T10:32:00.000Z',
    ...overrides,
  };
}
