/**
 * What the scoring charts draw, from the API's exact decimal strings. The chart library needs numbers
 * to place a point; every label and tooltip shows the API's own string, never a re-formatted float.
 */
export type ChartPoint = { value: number; text: string };

/** "12.3" → { value: 12.3, text: "12.3" }; only for placing the mark, the text stays the API's. */
export const point = (text: string): ChartPoint => ({ value: Number(text), text });

export type LineSpec = { kind: 'line'; categories: string[]; series: { name: string; points: ChartPoint[] }[] };
export type BarSpec = { kind: 'bar'; categories: string[]; points: ChartPoint[]; maxes?: (string | null)[] };

/** Points over time: one line for the total, and one per item when asked. */
export function lineSpec(periods: { label: string }[], totals: string[], totalName: string, byItem?: { name: string; values: string[] }[]): LineSpec {
  return {
    kind: 'line',
    categories: periods.map((p) => p.label),
    series: [{ name: totalName, points: totals.map(point) }, ...(byItem ?? []).map((s) => ({ name: s.name, points: s.values.map(point) }))],
  };
}

/** Points by item for one row of a ranking, in the rubric's order. */
export function barSpec(items: { key: string; name: string; max?: string | null }[], values: Record<string, string>): BarSpec {
  return { kind: 'bar', categories: items.map((i) => i.name), points: items.map((i) => point(values[i.key] ?? '0')), maxes: items.map((i) => i.max ?? null) };
}
