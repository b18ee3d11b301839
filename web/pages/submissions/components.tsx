/** Small pieces shared by the submission pages: tags, the "who holds it since when" cell, highlighted text. */
import { Fragment, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { findingKindLabel, holderText, KIND_COLOR, kindLabel, LONG_WAIT_MS, sinceText, STATUS_COLOR, statusLabel } from './labels';
import type { Holding, LiveFinding, ReviewStatus, SubmissionKind } from './service';
import { maskValue } from '../../../server/submissions/guards/personal-data';

export function StatusTag({ status, testId }: { status: ReviewStatus; testId?: string }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {statusLabel(t, status)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: SubmissionKind }) {
  const { locale } = useLocale();
  return (
    <Tag color={KIND_COLOR[kind]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {kindLabel(kind, locale)}
    </Tag>
  );
}

/** Re-renders every minute so that "5分钟前" stays true on an open page. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

export const fullTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '');

/** "复审 · 编辑/审核员 · 2小时前" — where the item is, who holds it, since when. */
export function HolderCell({ holder, heldSince, now, compact }: { holder: Holding; heldSince: string | null; now: number; compact?: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  if (holder.kind === 'nobody') return <span style={{ color: '#bfbfbf' }}>—</span>;
  const waiting = holder.kind === 'step';
  const long = waiting && heldSince !== null && now - Date.parse(heldSince) > LONG_WAIT_MS;
  return (
    <Tooltip title={heldSince ? t('sub.holder.since', { at: fullTime(heldSince) }) : undefined}>
      <span style={{ display: 'inline-flex', gap: 6, alignItems: 'baseline', flexWrap: compact ? 'nowrap' : 'wrap' }} data-testid="holder-cell">
        <span>{holderText(holder, t, locale)}</span>
        <span style={{ color: long ? '#d4380d' : '#8c8c8c', fontSize: 12, whiteSpace: 'nowrap' }}>
          {long ? <WarningOutlined style={{ marginRight: 3 }} /> : <ClockCircleOutlined style={{ marginRight: 3 }} />}
          {heldSince ? sinceText(heldSince, now, t) : null}
        </span>
      </span>
    </Tooltip>
  );
}

export type Span = { start: number; end: number; className?: string; style?: CSSProperties; title?: ReactNode; id?: string };

/** Text with some ranges (UTF-16 offsets) marked; overlapping or out-of-range spans are skipped. */
export function Highlighted({ text, spans }: { text: string; spans: readonly Span[] }) {
  const sorted = [...spans].filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start).sort((a, b) => a.start - b.start);
  const out: ReactNode[] = [];
  let pos = 0;
  sorted.forEach((s, i) => {
    if (s.start < pos) return;
    if (s.start > pos) out.push(<Fragment key={`t${i}`}>{text.slice(pos, s.start)}</Fragment>);
    const mark = (
      <mark key={`m${i}`} id={s.id} className={s.className ?? 'xb-mark'} style={s.style}>
        {text.slice(s.start, s.end)}
      </mark>
    );
    out.push(s.title ? <Tooltip key={`m${i}`} title={s.title}>{mark}</Tooltip> : mark);
    pos = s.end;
  });
  if (pos < text.length) out.push(<Fragment key="rest">{text.slice(pos)}</Fragment>);
  return <>{out}</>;
}

export const FINDING_STYLE: Record<'open' | 'confirmed' | 'redacted', CSSProperties> = {
  open: { background: '#fff1f0', boxShadow: 'inset 0 -2px 0 #ff4d4f', color: 'inherit', padding: '0 1px' },
  confirmed: { background: '#f6ffed', boxShadow: 'inset 0 -2px 0 #52c41a', color: 'inherit', padding: '0 1px' },
  redacted: { background: '#f5f5f5', boxShadow: 'inset 0 -2px 0 #bfbfbf', color: 'inherit', padding: '0 1px' },
};

/** A few characters either side of a finding, the finding itself marked. */
export function FindingExcerpt({ text, start, end, radius = 14, style }: { text: string; start: number; end: number; radius?: number; style?: CSSProperties }) {
  if (start < 0 || end > text.length || end <= start) return null;
  const from = Math.max(0, start - radius);
  const to = Math.min(text.length, end + radius);
  const excerpt = text.slice(from, to).replace(/\s+/g, ' ');
  // Offsets shift if white space was collapsed before the finding; recompute on the collapsed prefix.
  const before = text.slice(from, start).replace(/\s+/g, ' ');
  const match = text.slice(start, end).replace(/\s+/g, ' ');
  return (
    <span style={{ color: '#595959' }}>
      {from > 0 ? '…' : ''}
      <Highlighted text={excerpt} spans={[{ start: before.length, end: before.length + match.length, style: style ?? FINDING_STYLE.open }]} />
      {to < text.length ? '…' : ''}
    </span>
  );
}

/**
 * The live personal-data findings of the form: kind, where, the masked value and the text around it.
 * `texts` are the texts the findings were computed on (the last saved ones).
 */
export function LiveFindings({ findings, texts }: { findings: readonly LiveFinding[]; texts: Record<LiveFinding['field'], string> }) {
  const t = useT();
  const { locale } = useLocale();
  if (!findings.length) return null;
  return (
    <div className="xb-findings" data-testid="live-findings">
      <div style={{ fontWeight: 500, color: '#a8071a', marginBottom: 6 }}>
        <WarningOutlined style={{ marginRight: 6 }} />
        {t('sub.findings.title', { n: findings.length })}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('sub.findings.note')}
      </Typography.Paragraph>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        {findings.map((f, i) => {
          const text = texts[f.field] ?? '';
          const value = text.slice(f.start, f.end);
          return (
            <div key={`${f.field}-${f.start}-${i}`} style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap', fontSize: 13 }} data-testid="live-finding">
              <Tag color={f.confidence === 'high' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                {findingKindLabel(f.kind, locale)}
              </Tag>
              {f.confidence === 'possible' ? (
                <Tag color="gold" style={{ marginInlineEnd: 0, borderStyle: 'dashed' }} title={t('item.finding.possibleHelp')}>
                  {t('item.finding.possible')}
                </Tag>
              ) : null}
              <span style={{ color: '#8c8c8c' }}>{t(`sub.field.${f.field}`)}</span>
              <span className="xb-mono">{value ? maskValue(f.kind, value) : ''}</span>
              <FindingExcerpt text={text} start={f.start} end={f.end} />
            </div>
          );
        })}
      </Space>
    </div>
  );
}
