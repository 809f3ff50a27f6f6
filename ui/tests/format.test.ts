import { describe, expect, it } from 'vitest';

import {
  NBSP,
  NNBSP,
  formatAmount,
  formatDateLong,
  formatDateShort,
  formatDateTime,
  formatDecimalString,
  formatFiness,
  formatInteger,
  formatNumber,
  formatPercent,
  formatSiren,
  formatTime,
  sumDecimalStrings,
  toInputNumber,
} from '../src/lib/format';

describe('dates', () => {
  it('écrit le premier du mois « 1er »', () => {
    expect(formatDateLong('2026-01-01')).toBe('1er janvier 2026');
    expect(formatDateLong('2027-08-01')).toBe('1er août 2027');
  });

  it('écrit les autres jours sans zéro initial', () => {
    expect(formatDateLong('2026-03-21')).toBe('21 mars 2026');
    expect(formatDateLong('2031-12-31')).toBe('31 décembre 2031');
    expect(formatDateLong('2026-02-02')).toBe('2 février 2026');
  });

  it('accepte un horodatage ISO (heure locale) et un objet Date', () => {
    expect(formatDateLong(new Date(2026, 2, 21, 11, 32))).toBe('21 mars 2026');
    const iso = new Date(2026, 0, 1, 9, 5).toISOString();
    expect(formatDateLong(iso)).toBe('1er janvier 2026');
  });

  it('rend une chaîne vide pour une date absente ou illisible', () => {
    expect(formatDateLong(null)).toBe('');
    expect(formatDateLong('')).toBe('');
    expect(formatDateLong('demain')).toBe('');
    expect(formatDateLong('2026-13-01')).toBe('');
  });

  it('format court JJ/MM/AAAA', () => {
    expect(formatDateShort('2026-03-01')).toBe('01/03/2026');
  });

  it('heure « 11 h 32 » et date avec heure', () => {
    expect(formatTime(new Date(2026, 2, 21, 11, 32))).toBe('11 h 32');
    expect(formatTime(new Date(2026, 2, 21, 9, 5))).toBe('9 h 05');
    expect(formatDateTime(new Date(2026, 2, 21, 9, 5))).toBe('21 mars 2026 à 9 h 05');
    expect(formatTime('pas une heure')).toBe('');
  });
});

describe('nombres', () => {
  it('sépare les milliers par une espace fine insécable et met une virgule décimale', () => {
    expect(formatNumber(1234.5)).toBe(`1${NNBSP}234,5`);
    expect(formatNumber(1234567.891)).toBe(`1${NNBSP}234${NNBSP}567,89`);
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(Number.NaN)).toBe('');
  });

  it('entiers', () => {
    expect(formatInteger(357)).toBe('357');
    expect(formatInteger(12345)).toBe(`12${NNBSP}345`);
  });

  it('montants en euros avec deux décimales', () => {
    expect(formatAmount(1234.56)).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatAmount(0)).toBe(`0,00${NBSP}€`);
    expect(formatAmount(1234567.891)).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
    expect(formatAmount(-999.5)).toBe(`-999,50${NBSP}€`);
  });

  it('pourcentages pour une valeur déjà en pourcentage', () => {
    expect(formatPercent(12.5)).toBe(`12,5${NBSP}%`);
    expect(formatPercent(100)).toBe(`100${NBSP}%`);
    expect(formatPercent(33.333, 2)).toBe(`33,33${NBSP}%`);
  });
});

describe('décimaux exacts reçus en texte', () => {
  it('affiche à la française sans passer par un flottant', () => {
    expect(formatDecimalString('253.9')).toBe('253,9');
    expect(formatDecimalString('1234.50')).toBe(`1${NNBSP}234,5`);
    expect(formatDecimalString('28')).toBe('28');
    expect(formatDecimalString('0.10')).toBe('0,1');
    expect(formatDecimalString('12345678901234567890.25')).toBe(
      `12${NNBSP}345${NNBSP}678${NNBSP}901${NNBSP}234${NNBSP}567${NNBSP}890,25`,
    );
    expect(formatDecimalString(null)).toBe('');
  });

  it('met la virgule dans les champs de saisie', () => {
    expect(toInputNumber('12.5')).toBe('12,5');
    expect(toInputNumber(24)).toBe('24');
    expect(toInputNumber(null)).toBe('');
  });

  it('additionne exactement (0,1 + 0,2 = 0,3)', () => {
    expect(sumDecimalStrings(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimalStrings(['4.5', '28', '0.6', '6.2', '3', '9.5'])).toBe('51.8');
    expect(sumDecimalStrings(['2,25', null, '', '0.75'])).toBe('3');
    expect(sumDecimalStrings([])).toBe('0');
  });
});

describe('identifiants', () => {
  it('FINESS par groupes 2-3-3-1', () => {
    expect(formatFiness('440012345')).toBe('44 001 234 5');
    expect(formatFiness('2A0001234')).toBe('2A 000 123 4');
    expect(formatFiness('12345')).toBe('12345');
    expect(formatFiness(null)).toBe('');
  });

  it('SIREN par groupes de trois', () => {
    expect(formatSiren('772201489')).toBe('772 201 489');
  });
});
