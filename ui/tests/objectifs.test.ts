// Logique pure des étapes Objectifs et Signature : listes groupées, fiche visée par un chemin,
// couverture, regroupement des points bloquants, chemins des nouveaux enregistrements.

import { describe, expect, it } from 'vitest';

import type { CouvertureMinimum } from '../src/bindings/CouvertureMinimum';
import type { PointBloquant } from '../src/bindings/PointBloquant';
import {
  groupByStep,
  isZeroDecimal,
  linesOf,
  missingMinimums,
  objectifsTarget,
  orientationOptions,
  serafinOptions,
} from '../src/lib/objectifs';
import { fullPath, MOYENS, recordTarget, SIGNATURES, screenOf } from '../src/lib/paths';
import { makeView } from './fixtures';

describe('listes de référence', () => {
  it('groupe les objectifs opérationnels du PRS sous leur orientation', () => {
    const opts = orientationOptions({
      format: 'x',
      id: 'prs',
      version: 1,
      titre: 'PRS',
      source: 's',
      items: [
        { id: 'parcours', libelle: 'Parcours', parent: null },
        { id: 'parcours.ror', libelle: 'ROR', parent: 'parcours' },
      ],
    });
    expect(opts).toEqual([
      { value: 'parcours', label: 'Parcours (orientation)', group: 'Parcours' },
      { value: 'parcours.ror', label: 'ROR', group: 'Parcours' },
    ]);
  });

  it('groupe les besoins SERAFIN-PH par domaine, sans les domaines eux-mêmes', () => {
    const opts = serafinOptions([
      { code: '1.1', niveau: 2, libelle: 'Santé' },
      { code: '1.1.3', niveau: 3, libelle: 'Douleur' },
      { code: '1.3.3.2', niveau: 4, libelle: 'Travail et emploi' },
    ]);
    expect(opts).toEqual([
      { value: '1.1.3', label: '1.1.3 Douleur', group: 'Santé' },
      { value: '1.3.3.2', label: '1.3.3.2 Travail et emploi', group: '1.3' },
    ]);
  });
});

describe('objectifsTarget', () => {
  const view = makeView();
  const dossier = {
    ...view.dossier,
    objectifs: {
      ...view.dossier.objectifs,
      objectifs: [{ id: 'o1' } as never],
      actions: [{ id: 'a1', objectif: 'o1' } as never],
      indicateurs: [{ id: 'i1', objectif: 'o1' } as never],
    },
  };

  it('mène à la fiche d’un objectif, d’une action ou d’un indicateur', () => {
    expect(objectifsTarget('objectifs.objectifs.o1.titre', dossier)).toEqual({ pane: 'fiche', objectif: 'o1' });
    expect(objectifsTarget('objectifs.actions.a1.fin', dossier)).toEqual({ pane: 'fiche', objectif: 'o1' });
    expect(objectifsTarget('objectifs.indicateurs.i1.mode_calcul', dossier)).toEqual({ pane: 'fiche', objectif: 'o1' });
  });

  it('mène à la vue d’ensemble pour la couverture, les réglages ou un élément disparu', () => {
    expect(objectifsTarget('objectifs.couverture', dossier)).toEqual({ pane: 'ensemble' });
    expect(objectifsTarget('objectifs.reglages.seuil_objectifs', dossier)).toEqual({ pane: 'ensemble' });
    expect(objectifsTarget('objectifs.actions.zz.fin', dossier)).toEqual({ pane: 'ensemble' });
  });
});

describe('couverture et rapport « Prêt pour signature »', () => {
  it('liste les objectifs minimum sans fiche', () => {
    const c = (minimum: string, objectifs: string[]) =>
      ({ minimum, libelle: minimum, axe: 'parcours', objectifs }) as unknown as CouvertureMinimum;
    expect(missingMinimums([c('qualite', ['o1']), c('prevention', [])]).map((m) => m.minimum)).toEqual(['prevention']);
  });

  it('regroupe les points bloquants par étape dans l’ordre reçu', () => {
    const p = (etape: 'objectifs' | 'signature', regle: string): PointBloquant => ({
      etape,
      etape_libelle: etape === 'objectifs' ? 'Objectifs' : 'Signature',
      regle,
      chemin: 'x',
      message: 'm',
      source: 's',
      a_completer: false,
    });
    const groups = groupByStep([p('signature', 'S-CA'), p('objectifs', 'O-1'), p('signature', 'S-2')]);
    expect(groups.map((g) => [g.etape, g.points.map((x) => x.regle)])).toEqual([
      ['signature', ['S-CA', 'S-2']],
      ['objectifs', ['O-1']],
    ]);
  });

  it('reconnaît un écart nul en décimal exact', () => {
    expect(isZeroDecimal('0')).toBe(true);
    expect(isZeroDecimal('-0.00')).toBe(true);
    expect(isZeroDecimal('0.01')).toBe(false);
    expect(isZeroDecimal('-1200')).toBe(false);
    expect(linesOf(' a \n\n b ')).toEqual(['a', 'b']);
  });
});

describe('chemins des étapes 3 et 4', () => {
  it('construit les chemins des nouveaux enregistrements comme le back end', () => {
    expect(fullPath(recordTarget('objectif', 'o1'), 'titre')).toBe('objectifs.objectifs.o1.titre');
    expect(fullPath(recordTarget('indicateur_objectif', 'i1'), 'cibles_annuelles.3')).toBe(
      'objectifs.indicateurs.i1.cibles_annuelles.3',
    );
    expect(fullPath(MOYENS, 'dotation_globalisee')).toBe('signature.moyens.dotation_globalisee');
    expect(fullPath(SIGNATURES, 'signataires.cd:44.date_signature')).toBe(
      'signature.signatures.signataires.cd:44.date_signature',
    );
  });

  it('associe chaque chemin à son écran, y compris « etapes.<étape> »', () => {
    expect(screenOf('objectifs.couverture')).toBe('objectifs');
    expect(screenOf('signature.signatures.date_deliberation_ca')).toBe('signature');
    expect(screenOf('etapes.objectifs')).toBe('objectifs');
    expect(screenOf('etapes.validations')).toBeNull();
  });
});
