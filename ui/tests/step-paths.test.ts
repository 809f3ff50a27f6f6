// Chemins des enregistrements des étapes et sous-section du diagnostic qui les affiche.

import { describe, expect, it } from 'vitest';

import type { Catalogues } from '../src/bindings/Catalogues';
import { formatEuros, stripSpaces } from '../src/lib/format';
import { ENGAGEMENT, FINANCES, fullPath, recordTarget, screenOf } from '../src/lib/paths';
import { sectionFor } from '../src/parts/diagnostic/sections';
import { blockedReason } from '../src/progress/stepInfo';
import type { StepReport } from '../src/bindings/StepReport';
import { makeView } from './fixtures';

describe('chemins des étapes', () => {
  it('préfixe chaque type d’enregistrement comme le back end', () => {
    expect(fullPath(ENGAGEMENT, 'coordonnateur_ars.nom')).toBe('lancement.engagement.coordonnateur_ars.nom');
    expect(fullPath(recordTarget('jalon', 'j1'), 'date_reelle')).toBe('lancement.jalons.j1.date_reelle');
    expect(fullPath(recordTarget('reponse', 'r1'), 'valeur')).toBe('diagnostic.reponses.r1.valeur');
    expect(fullPath(FINANCES, 'resultats.ars.2024')).toBe('diagnostic.finances.resultats.ars.2024');
    expect(fullPath(recordTarget('checklist_lancement', 'c1'), 'etat')).toBe('lancement.checklist.c1.etat');
    expect(fullPath(recordTarget('acteur', 'a1'), 'interet')).toBe('lancement.acteurs.a1.interet');
    expect(fullPath(recordTarget('acteur', 'a1'), 'contributions')).toBe('lancement.acteurs.a1.contributions');
    expect(fullPath(recordTarget('indicateur', 'i1'), 'valeur_preremplie')).toBe(
      'diagnostic.indicateurs.i1.valeur_preremplie',
    );
    expect(fullPath(recordTarget('synthese', 's1'), 'esms')).toBe('diagnostic.synthese.s1.esms');
    expect(fullPath(recordTarget('conformite', 'k1'), 'commentaire')).toBe('diagnostic.conformite.k1.commentaire');
  });

  it('trouve l’écran d’un chemin', () => {
    expect(screenOf('organisme.date_deliberation_ca')).toBe('perimetre');
    expect(screenOf('lancement.jalons.j1.date_reelle')).toBe('lancement');
    expect(screenOf('diagnostic.questions.q1.e1')).toBe('diagnostic');
    expect(screenOf('etapes.validations')).toBeNull();
  });

  it('mène une question à son axe et à son ESMS', () => {
    const cat = {
      diagnostic: {
        axes: [{ id: 'axe_1_3', themes: [{ id: 't1', questions: [{ id: 'coop_gos_pag' }] }] }],
      },
    } as unknown as Catalogues;
    expect(sectionFor('diagnostic.questions.coop_gos_pag', cat, null)).toEqual({ section: 'axe:axe_1_3', esms: null });
    expect(sectionFor('diagnostic.questions.coop_gos_pag.e1', cat, null)).toEqual({ section: 'axe:axe_1_3', esms: 'e1' });
    expect(sectionFor('diagnostic.themes.t1.points_forts', cat, null)?.section).toBe('axe:axe_1_3');
    expect(sectionFor('diagnostic.finances.resultats.ars.2024', cat, null)?.section).toBe('finances');
    expect(sectionFor('diagnostic.conformite.x.etat', cat, makeView())?.section).toBe('sources');
    expect(sectionFor('lancement.jalons', cat, null)).toBeNull();
  });
});

describe('montants', () => {
  it('affiche un décimal exact en euros à la française', () => {
    expect(formatEuros('1234567.89')).toBe('1\u202f234\u202f567,89\u00a0€');
    expect(formatEuros('-12.5')).toBe('-12,50\u00a0€');
    expect(formatEuros('0')).toBe('0,00\u00a0€');
    expect(formatEuros(null)).toBe('');
    expect(stripSpaces('1 234,56')).toBe('1234,56');
    expect(stripSpaces('1\u202f234,56')).toBe('1234,56');
  });
});

describe('validation d’une étape', () => {
  const step = (over: Partial<StepReport>): StepReport => ({
    etape: 'lancement',
    numero: 1,
    libelle: 'Lancement',
    etat: 'pret',
    etat_libelle: 'Prêt',
    completion: 100,
    avancement: [],
    issues: [],
    erreurs: 0,
    avertissements: 0,
    acquittes: 0,
    informations: 0,
    validation: null,
    reouverture: null,
    ...over,
  });

  it('donne la raison du blocage', () => {
    expect(blockedReason(step({}), [])).toBeNull();
    expect(blockedReason(step({ etat: 'en_cours', erreurs: 2 }), [])).toContain('2 points bloquants');
    expect(blockedReason(step({ etat: 'a_faire' }), [])).toContain('pas commencée');
    const lancement = step({ etat: 'pret' });
    const diag = step({ etape: 'diagnostic', numero: 2 });
    expect(blockedReason(diag, [lancement, diag])).toContain('étape précédente');
  });
});
