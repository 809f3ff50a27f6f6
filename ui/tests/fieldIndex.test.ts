// Les champs trouvés par leur libellé (Ctrl+K) et le nom d'une saisie annulée.

import { describe, expect, it } from 'vitest';
import { fieldHits, labelOf } from '../src/lib/fieldIndex';
import { ESMS_ID, makeEsms, makeView } from './fixtures';

describe('fieldIndex', () => {
  it('finds a field of an ESMS by a word of its label, without accents, naming the ESMS', () => {
    const view = makeView();
    const hits = fieldHits('jours d ouverture', view);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.path.startsWith('esms.') || h.path.startsWith('organisme.') || h.path.startsWith('cpom.'))).toBe(true);
    const esmsHits = hits.filter((h) => h.path.startsWith(`esms.${ESMS_ID}.`));
    expect(esmsHits.length).toBeGreaterThan(0);
    expect(esmsHits[0].detail).toBe('IME Les Hirondelles');
  });

  it('finds the personnes âgées fields (GMP) only for an ESMS of the PA envelope', () => {
    const pa = makeEsms('9d1e4c1e-2f55-4a4e-9d0e-6a3f5c2b1d91', 'EHPAD Les Terrasses');
    const view = makeView({
      dossier: { ...makeView().dossier, esms: [makeEsms(), pa] },
      regimes: [
        { esms: pa.id, regime: null, regime_libelle: '', enveloppe: 'personnes_agees', ehpa: true, residence_autonomie: false, saad: false },
      ],
    });
    const hits = fieldHits('GMP', view);
    expect(hits.map((h) => h.path)).toContain(`esms.${pa.id}.pa.gmp`);
    expect(hits.some((h) => h.path.startsWith(`esms.${ESMS_ID}.pa.`))).toBe(false);
    expect(labelOf(`esms.${pa.id}.pa.gmp`, view)).toBe('GIR moyen pondéré (GMP)');
  });

  it('an empty query finds nothing', () => {
    expect(fieldHits('   ', makeView())).toEqual([]);
  });
});
