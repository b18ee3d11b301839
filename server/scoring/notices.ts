/**
 * Scoring notices (通报) from the scores: the monthly adoption notice and the quarterly ranking of seed
 * 003, the year-end top correspondents (优秀宣传员) of seed 001, as .docx (GB/T 9704 公文) or .xlsx.
 * The numbers come from computeScores (exact decimal strings); the wording and layout from the pure
 * composers and writers (server/documents/notice-document.ts, notice-docx.ts, notices-xlsx.ts).
 *
 * Who may: the office that keeps the rubric (`scoring.edit` on its unit: editors, leaders,
 * administrators) — a notice is the office's document; the units read it once it is circulated.
 */
import { asc, inArray } from 'drizzle-orm';
import { renderNoticeDocx } from '../documents/notice-docx';
import {
  monthlyAdoptionNotice,
  quarterlyRankingNotice,
  topCorrespondentsNotice,
  type AdoptionMode,
  type MonthlyAdoptionData,
  type NoticeDocument,
  type NoticeHead,
  type NoticeKind,
} from '../documents/notice-document';
import { appError } from '../errors';
import type { Ctx } from '../http/context';
import { unitTypes } from '../org/tables';
import { readRecordsOfItems } from '../records/records';
import { requireEditor } from './access';
import type { CompiledRubric } from './engine/rubric';
import { formatPoints } from './engine/points';
import { loadScope } from './events';
import { renderNoticeXlsx } from './notices-xlsx';
import { computeScores } from './rankings';
import { dateOf } from './reasons';
import { loadRubric } from './rubrics';

export type NoticeQuery = {
  kind: NoticeKind;
  rubricId: string;
  period: string;
  format: 'docx' | 'xlsx';
  /** 发文字号, e.g. 二扫黑办通〔2024〕4号 (printed as given; empty prints none). */
  documentNumber?: string | undefined;
  /** 成文日期, YYYY-MM-DD; today in the deployment's time zone when absent. */
  date?: string | undefined;
  /** quarterly_ranking: rank each unit type apart (one table per type). */
  byType?: boolean | undefined;
  /** top_correspondents: how many places (the plan's five). */
  places?: number | undefined;
};

/** Decimals a notice shows: as many as the rubric's points need (template B 0, template A 1), at least those of the values. */
export function noticeDecimals(c: CompiledRubric, values: readonly string[]): 0 | 1 | 2 | 3 {
  let d = 0;
  const of = (s: string) => (s.includes('.') ? s.split('.')[1]!.length : 0);
  for (const rules of c.rulesByKind.values()) for (const r of rules) d = Math.max(d, of(formatPoints(r.points)));
  for (const it of c.items) if (it.max !== null) d = Math.max(d, of(formatPoints(it.max)));
  for (const v of values) d = Math.max(d, of(v));
  return Math.min(3, d) as 0 | 1 | 2 | 3;
}

/** The issue part of a briefing label ("扫黑除恶专项斗争简报 2024年第9期" → "2024年第9期"). */
export function issueOfLabel(label: string | null | undefined): string {
  if (!label) return '';
  const m = /(\d{4}年第\d+期|增刊第\d+期)/.exec(label);
  return m ? m[1]! : label.trim();
}

async function noticeDocument(ctx: Ctx, q: NoticeQuery): Promise<NoticeDocument> {
  const rubric = await loadRubric(ctx.db, q.rubricId);
  requireEditor(ctx, rubric);
  const scope = await loadScope(ctx.db, { id: rubric.unitId, path: rubric.unitPath });
  const explain = q.kind === 'monthly_adoption' ? { units: scope.units.map((u) => u.id) } : undefined;
  const s = await computeScores({ ctx, rubricId: rubric.id, period: q.period, explain });
  const types = await ctx.db.select().from(unitTypes).where(inArray(unitTypes.key, [...new Set(s.units.map((u) => u.type)), '__none__'])).orderBy(asc(unitTypes.sortOrder));
  const typeName = new Map(types.map((t) => [t.key, t.nameZh]));
  const present = types.filter((t) => s.units.some((u) => u.type === t.key));
  const head: NoticeHead = {
    mastheadName: `${rubric.unitName}文件`,
    documentNumber: q.documentNumber?.trim() ?? '',
    addressee: present.length > 0 ? `${present.map((t) => `各${t.nameZh}`).join('，')}：` : '各单位：',
    signature: rubric.unitName,
    date: q.date ?? new Intl.DateTimeFormat('en-CA', { timeZone: ctx.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now),
    copyTo: [],
    printer: rubric.unitName,
  };
  const unitName = new Map(s.units.map((u) => [u.id, u.name]));
  const byUnit = new Map(s.result.units.map((u) => [u.unitId, u]));

  if (q.kind === 'monthly_adoption') {
    const events = new Map(s.events.map((e) => [e.id, e]));
    type Use = { eventId: string; unitId: string; at: number; mode: AdoptionMode; points: number };
    const uses = new Map<string, Use>();
    for (const [unitId, entries] of s.result.unitEntries) {
      for (const e of entries) {
        const ev = events.get(e.eventId);
        const mode = ev?.attrs.mode;
        if (e.kind !== 'briefing_use' || (mode !== 'standalone' && mode !== 'comprehensive')) continue;
        const u = uses.get(e.eventId) ?? { eventId: e.eventId, unitId, at: e.at, mode, points: 0 };
        u.points += e.deduction ? -e.counted : e.counted;
        uses.set(e.eventId, u);
      }
    }
    const list = [...uses.values()].sort((a, b) => a.at - b.at || (unitName.get(a.unitId) ?? '').localeCompare(unitName.get(b.unitId) ?? '', 'zh') || a.eventId.localeCompare(b.eventId));
    const records = new Map((await readRecordsOfItems(ctx.db, { recordIds: list.map((u) => s.labels.get(u.eventId)?.sourceId ?? u.eventId) })).map((r) => [r.id, r]));
    const adoptions: MonthlyAdoptionData['adoptions'] = list.map((u) => {
      const label = s.labels.get(u.eventId);
      return {
        unitName: unitName.get(u.unitId) ?? '',
        title: label?.work?.title ?? '',
        mode: u.mode,
        issue: issueOfLabel(records.get(label?.sourceId ?? u.eventId)?.briefingLabel),
        date: dateOf(u.at, ctx.config.timeZone),
        points: formatPoints(u.points),
      };
    });
    const units = s.units
      .map((unit, order) => {
        const mine = list.filter((x) => x.unitId === unit.id);
        const pts = mine.reduce((a, x) => a + x.points, 0);
        return { order, pts, row: { name: unit.name, standalone: mine.filter((x) => x.mode === 'standalone').length, comprehensive: mine.filter((x) => x.mode === 'comprehensive').length, points: formatPoints(pts) } };
      })
      .sort((a, b) => b.pts - a.pts || a.order - b.order)
      .map((x) => x.row);
    const decimals = noticeDecimals(s.compiled, [...units.map((u) => u.points), ...adoptions.map((a) => a.points)]);
    return monthlyAdoptionNotice({ head, rubricName: rubric.name, periodKey: s.period.key, decimals, units, adoptions });
  }

  if (q.kind === 'quarterly_ranking') {
    const items = s.compiled.items.map((it) => ({ key: it.key, name: it.name }));
    const rowsOf = (ids: readonly string[]) => {
      // ranked within the group: the engine's ranks are over every unit, so rank again over the group's totals
      const rows = ids.map((id) => byUnit.get(id)!).sort((a, b) => b.total - a.total);
      return rows.map((u) => ({
        rank: 1 + rows.filter((x) => x.total > u.total).length,
        name: unitName.get(u.unitId) ?? '',
        total: formatPoints(u.total),
        items: Object.fromEntries(s.compiled.items.map((it, i) => [it.key, formatPoints(u.items[i]!)])),
      }));
    };
    const groups = q.byType
      ? present.map((t) => ({ name: typeName.get(t.key) ?? t.key, rows: rowsOf(s.units.filter((u) => u.type === t.key).map((u) => u.id)) }))
      : [{ name: null, rows: rowsOf(s.units.map((u) => u.id)) }];
    const values = groups.flatMap((g) => g.rows.flatMap((r) => [r.total, ...Object.values(r.items)]));
    return quarterlyRankingNotice({ head, rubricName: rubric.name, periodKey: s.period.key, decimals: noticeDecimals(s.compiled, values), items, groups });
  }

  // top_correspondents: the people with points, best first, down to the last place (ties included)
  const places = q.places ?? 5;
  const people = new Map(s.people.map((p) => [p.id, p]));
  const ranked = s.result.people
    .filter((p) => p.total > 0)
    .sort((a, b) => b.total - a.total || (people.get(a.personId)?.name ?? '').localeCompare(people.get(b.personId)?.name ?? '', 'zh') || a.personId.localeCompare(b.personId))
    .map((p, _i, all) => ({ p, rank: 1 + all.filter((x) => x.total > p.total).length }))
    .filter((x) => x.rank <= places);
  const rows = ranked.map(({ p, rank }) => ({ rank, name: people.get(p.personId)?.name ?? '', unitName: people.get(p.personId)?.unitName ?? '', total: formatPoints(p.total) }));
  return topCorrespondentsNotice({ head, rubricName: rubric.name, periodKey: s.period.key, decimals: noticeDecimals(s.compiled, rows.map((r) => r.total)), people: rows, places });
}

export const NOTICE_CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** GET /api/scoring/notices/:kind: the notice as a file (its title as the file name). */
export async function exportNotice(ctx: Ctx, q: NoticeQuery): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  const doc = await noticeDocument(ctx, q);
  let bytes: Buffer;
  try {
    bytes = q.format === 'docx' ? await renderNoticeDocx(doc) : await renderNoticeXlsx(doc);
  } catch (e) {
    // The writers refuse what they cannot print exactly (a malformed number, a date), naming it.
    throw appError('scoring/notice_refused', { reason: e instanceof Error ? e.message : String(e) });
  }
  return { filename: `${doc.title}.${q.format}`, contentType: NOTICE_CONTENT_TYPES[q.format], bytes };
}
