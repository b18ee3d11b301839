/**
 * Exact points. A point value is held as an integer number of thousandths ("milli-points"): 0.1 is
 * 100, 0.25 is 250, 28 is 28000. Sums, caps, floors and multipliers are integer operations, so a
 * hundred entries of 0.1 are exactly 10 and 0.1 + 0.2 is 0.3, with no floating-point residue.
 *
 * Why integers of a fixed unit and not a decimal library: every rubric value of the seeds has at most
 * two decimals (a thousandth leaves room), JavaScript integers are exact up to 2^53 (nine trillion
 * points), and an integer add costs nothing and allocates nothing, which matters when a full
 * recompute folds a million events. Values with more than three decimals are refused where a rubric
 * is validated, never rounded silently. Out of the engine, points travel as decimal strings ("0.3").
 */
export type Milli = number;

export const SCALE = 1000;
const DECIMAL = /^(-)?(\d{1,12})(?:\.(\d{1,3}))?$/;

/** "0.3" → 300. Throws on anything that is not a plain decimal with at most three decimals. */
export function parsePoints(text: string | number): Milli {
  const s = typeof text === 'number' ? numberToText(text) : text.trim();
  const m = DECIMAL.exec(s);
  if (!m) throw new RangeError(`not a decimal with at most three decimals: ${JSON.stringify(text)}`);
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(3, '0'));
  const v = whole * SCALE + frac;
  return m[1] ? -v : v;
}

/** True when the text is a value parsePoints accepts. */
export function isPoints(text: string | number): boolean {
  try {
    parsePoints(text);
    return true;
  } catch {
    return false;
  }
}

/** A number typed in YAML or JSON (0.2) is read by its shortest decimal form, which is what was typed. */
function numberToText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(n);
}

/** 300 → "0.3", 28000 → "28", -200 → "-0.2", 2250 → "2.25". */
export function formatPoints(v: Milli): string {
  if (!Number.isSafeInteger(v)) throw new RangeError(`points out of range: ${v}`);
  const neg = v < 0;
  const a = Math.abs(v);
  const whole = Math.floor(a / SCALE);
  const frac = a % SCALE;
  const f = frac ? '.' + String(frac).padStart(3, '0').replace(/0+$/, '') : '';
  return (neg && a ? '-' : '') + whole + f;
}

/** Points with a fixed number of decimals for tables (1 → "0.3" as "0.30" with 2). */
export function formatPointsFixed(v: Milli, decimals: 1 | 2 | 3): string {
  const s = formatPoints(v);
  const [w, f = ''] = s.split('.');
  return `${w}.${f.padEnd(decimals, '0')}`;
}

/** A multiplier is a small decimal too (×2, ×1.5): applied exactly, rounding half away from zero to a thousandth. */
export function multiply(v: Milli, factor: Milli): Milli {
  const p = v * factor;
  const q = Math.trunc(p / SCALE);
  const r = p - q * SCALE;
  if (Math.abs(r) * 2 >= SCALE) return q + Math.sign(p);
  return q;
}
