// Formats français d'affichage : dates « 21 mars 2026 » / « 1er janvier 2026 »,
// nombres « 1 234,5 », montants « 1 234,56 € », pourcentages « 12,5 % ».
// Milliers séparés par l'espace fine insécable (U+202F) que donne Intl pour fr-FR ; avant
// « € » et « % », espace insécable (U+00A0), comme les documents produits par le back end
// (crates/cpom-domain/src/format.rs).

export const NNBSP = '\u202f';
export const NBSP = '\u00a0';

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Jour, mois (1-12) et année d'une date « AAAA-MM-JJ » ou d'un horodatage ISO (heure locale). */
function dateParts(value: string | Date): { day: number; month: number; year: number } | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return { day: value.getDate(), month: value.getMonth() + 1, year: value.getFullYear() };
  }
  const m = DATE_ONLY.exec(value.trim());
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    return { day, month, year };
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return dateParts(d);
}

/** « 21 mars 2026 », « 1er janvier 2026 » ; chaîne vide si la date est absente ou illisible. */
export function formatDateLong(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const p = dateParts(value);
  if (!p) return '';
  const day = p.day === 1 ? '1er' : String(p.day);
  return `${day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** « 21/03/2026 ». */
export function formatDateShort(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const p = dateParts(value);
  if (!p) return '';
  return `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
}

/** Heure à la française : « 11 h 32 », « 9 h 05 » (heure locale). */
export function formatTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getHours()} h ${String(d.getMinutes()).padStart(2, '0')}`;
}

/** « 21 mars 2026 à 11 h 32 ». */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = formatDateLong(value);
  const time = formatTime(value);
  return date && time ? `${date} à ${time}` : date;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('fr-FR', options);
    numberFormats.set(key, f);
  }
  return f;
}

/** « 1 234,5 » : au plus `maxDecimals` décimales, sans zéros inutiles. */
export function formatNumber(value: number | null | undefined, maxDecimals = 2): string {
  if (value == null || !Number.isFinite(value)) return '';
  return nf(`n${maxDecimals}`, { maximumFractionDigits: maxDecimals }).format(value);
}

/** Entier avec séparateur de milliers : « 1 234 ». */
export function formatInteger(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '';
  return nf('int', { maximumFractionDigits: 0 }).format(Math.round(value));
}

/** « 1 234,56 € » (toujours deux décimales). */
export function formatAmount(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '';
  const n = nf('eur', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  return `${n}${NBSP}€`;
}

/** « 12,5 % » pour une valeur déjà exprimée en pourcentage (12.5 → « 12,5 % »). */
export function formatPercent(value: number | null | undefined, maxDecimals = 1): string {
  if (value == null || !Number.isFinite(value)) return '';
  return `${formatNumber(value, maxDecimals)}${NBSP}%`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Décimal exact reçu du back end sous forme de texte (« 1234.50 ») affiché à la française
 * (« 1 234,5 ») sans passer par un nombre flottant. Texte non numérique : rendu tel quel.
 */
export function formatDecimalString(value: string | null | undefined): string {
  if (value == null) return '';
  const s = value.trim();
  const m = DECIMAL.exec(s);
  if (!m) return s;
  const [, sign, int, frac] = m;
  const intPart = groupThousands(int.replace(/^0+(?=\d)/, ''));
  const fracPart = (frac ?? '').replace(/0+$/, '');
  const out = fracPart ? `${intPart},${fracPart}` : intPart;
  return sign && out !== '0' ? `-${out}` : out;
}

/** Valeur à mettre dans un champ de saisie numérique : « 12.5 » → « 12,5 », null → « ». */
export function toInputNumber(value: number | string | null | undefined): string {
  if (value == null) return '';
  return String(value).replace('.', ',');
}

function parseDecimal(s: string): { int: bigint; scale: number } | null {
  const m = DECIMAL.exec(s.trim().replace(',', '.'));
  if (!m) return null;
  const [, sign, int, frac = ''] = m;
  const n = BigInt(int + frac);
  return { int: sign ? -n : n, scale: frac.length };
}

/**
 * Somme exacte de décimaux en texte (« 2.5 » + « 0,25 » → « 2.75 »). Les valeurs vides ou
 * illisibles sont ignorées. Résultat en notation à point, sans zéros inutiles.
 */
export function sumDecimalStrings(values: ReadonlyArray<string | null | undefined>): string {
  const parsed = values
    .filter((v): v is string => v != null && v.trim() !== '')
    .map(parseDecimal)
    .filter((p): p is { int: bigint; scale: number } => p !== null);
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  const total = parsed.reduce((acc, p) => acc + p.int * 10n ** BigInt(scale - p.scale), 0n);
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** FINESS affiché par groupes « 44 001 234 5 » (2-3-3-1) ; autre longueur : rendu tel quel. */
export function formatFiness(value: string | null | undefined): string {
  if (!value) return '';
  const s = value.replace(/\s/g, '');
  if (s.length !== 9) return value;
  return `${s.slice(0, 2)} ${s.slice(2, 5)} ${s.slice(5, 8)} ${s.slice(8)}`;
}

/** SIREN affiché par groupes de trois : « 772 201 489 ». */
export function formatSiren(value: string | null | undefined): string {
  if (!value) return '';
  const s = value.replace(/\s/g, '');
  if (s.length !== 9) return value;
  return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
}

/** Montant exact reçu en texte (« 1234567.8 ») → « 1 234 567,80 € » (au moins deux décimales). */
export function formatEuros(value: string | null | undefined): string {
  if (value == null || value.trim() === '') return '';
  const m = DECIMAL.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  const f = frac.length >= 2 ? frac.replace(/(\d{2}\d*?)0+$/, '$1') : frac.padEnd(2, '0');
  const out = `${groupThousands(int.replace(/^0+(?=\d)/, ''))},${f}`;
  return `${sign && /[1-9]/.test(int + frac) ? '-' : ''}${out}${NBSP}€`;
}

/** Saisie à la française (« 1 234,56 ») → texte envoyé au back end (« 1234,56 »). */
export function stripSpaces(value: string): string {
  return value.replace(/[\s\u00a0\u202f]/g, '');
}

function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

const MONTH_KEYS = MONTHS.map((m) => fold(m));

function isoOf(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Lit une date tapée en français, quelle que soit la langue de la machine : « 21/03/2026 »,
 * « 21/3/26 », « 21.03.2026 », « 21-03-2026 », « 21 mars 2026 », « 1er janvier 2026 », ou
 * déjà « 2026-03-21 ». Renvoie « AAAA-MM-JJ », '' pour un champ vide, null si illisible ou
 * impossible (31/02) : la saisie part alors telle quelle et le back end explique en français.
 * Une année sur deux chiffres est de ce siècle (26 → 2026).
 */
export function parseDateFr(text: string): string | null {
  const s = text.trim();
  if (s === '') return '';
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const y = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return isoOf(y, Number(m[2]), Number(m[1]));
  }
  m = /^(\d{1,2})(?:er)?\s+([\p{L}.]+)\s+(\d{2}|\d{4})$/u.exec(fold(s));
  if (m) {
    const word = m[2].replace(/\.$/, '');
    const month = MONTH_KEYS.findIndex((k) => k === word || (word.length >= 3 && k.startsWith(word)));
    if (month < 0) return null;
    const y = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return isoOf(y, month + 1, Number(m[1]));
  }
  return null;
}
