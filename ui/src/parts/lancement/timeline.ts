// Calculs de la frise du rétroplanning : échelle de temps et graduations mensuelles.

const DAY = 86_400_000;

/** « 2026-03-21 » → millisecondes UTC ; null si absent ou illisible. */
export function toTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
}

/** Ajoute des mois à une date (UTC). */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

export interface Scale {
  start: number;
  end: number;
  x: (t: number) => number;
}

/** Échelle linéaire des dates connues vers [x0, x1], avec une marge d'un demi-mois. */
export function makeScale(times: readonly number[], x0: number, x1: number): Scale | null {
  if (times.length === 0) return null;
  const start = Math.min(...times) - 15 * DAY;
  const end = Math.max(...times) + 15 * DAY;
  const span = Math.max(end - start, DAY);
  return { start, end, x: (t) => x0 + ((t - start) / span) * (x1 - x0) };
}

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: '2-digit', timeZone: 'UTC' });

/** Premiers jours de mois entre start et end, une étiquette tous les `every` mois (≤ 12). */
export function monthTicks(start: number, end: number): { t: number; label: string | null }[] {
  const s = new Date(start);
  let t = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1);
  const out: { t: number; label: string | null }[] = [];
  const months = Math.max(1, Math.round((end - start) / (30.4 * DAY)));
  const every = Math.max(1, Math.ceil(months / 12));
  let i = 0;
  while (t <= end && i < 240) {
    out.push({ t, label: i % every === 0 ? MONTH.format(new Date(t)) : null });
    t = addMonths(t, 1);
    i++;
  }
  return out;
}
