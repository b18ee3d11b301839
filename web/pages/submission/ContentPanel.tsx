/** The item's text by version (with the personal-data findings marked) and a diff between two versions. */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Segmented, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { FINDING_STYLE, fullTime, Highlighted, type Span } from '../submissions/components';
import { categoryLabel, findingKindLabel } from '../submissions/labels';
import type { TextField, Version } from '../submissions/service';
import { diffStats, diffText } from './diff';
import type { PanelProps } from './item';
import { useSession } from '../../app/session';
import { showError } from '../../app/request';
import { revealVersion } from './service';

function versionLabel(t: ReturnType<typeof useT>, v: Version) {
  return v.submittedAt ? t('item.version.submitted', { n: v.version, at: dayjs(v.submittedAt).format('MM-DD HH:mm') }) : t('item.version.draft', { n: v.version });
}

export function ContentPanel({ d }: PanelProps) {
  const t = useT();
  const { locale } = useLocale();
  const { access } = useSession();
  // Earlier versions come masked; an editor may reveal one (audited), until they mask it again.
  const [revealed, setRevealed] = useState<Record<number, Pick<Version, 'title' | 'body' | 'situationNote' | 'tags'>>>({});
  const versions = d.versions.map((x) => (revealed[x.version] ? { ...x, ...revealed[x.version], masked: false } : x));
  const last = versions[versions.length - 1]!;
  const [mode, setMode] = useState<'view' | 'diff'>('view');
  const [shown, setShown] = useState(last.version);
  const [from, setFrom] = useState(versions.length > 1 ? versions[versions.length - 2]!.version : last.version);
  const [to, setTo] = useState(last.version);
  const v = versions.find((x) => x.version === shown) ?? last;
  const options = versions.map((x) => ({ value: x.version, label: versionLabel(t, x) }));
  const shortOptions = versions.map((x) => ({ value: x.version, label: t('sub.versionN', { n: x.version }) }));
  const spans = (field: TextField): Span[] =>
    d.findings
      .filter((f) => f.version === v.version && f.field === field)
      .map((f) => ({
        start: f.start,
        end: f.end,
        id: `finding-${f.id}`,
        style: FINDING_STYLE[f.status],
        title: `${findingKindLabel(f.kind, locale)} · ${t(`item.finding.${f.status}`)}`,
      }));

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={t('item.content')}
      extra={
        <Space size={8} wrap>
          {versions.length > 1 ? (
            <Segmented<'view' | 'diff'>
              size="small"
              value={mode}
              onChange={setMode}
              options={[
                { value: 'view', label: t('item.version.view') },
                { value: 'diff', label: t('item.version.diff') },
              ]}
              data-testid="version-mode"
            />
          ) : null}
          {mode === 'view' ? (
            <Select size="small" value={shown} onChange={setShown} options={options} style={{ width: 200 }} data-testid="version-select" />
          ) : (
            <>
              <Select size="small" value={from} onChange={setFrom} options={shortOptions} style={{ width: 96 }} data-testid="diff-from" />
              <span>→</span>
              <Select size="small" value={to} onChange={setTo} options={shortOptions} style={{ width: 96 }} data-testid="diff-to" />
            </>
          )}
        </Space>
      }
    >
      {mode === 'view' && (v.masked || revealed[v.version]) ? (
        <Alert
          type={revealed[v.version] ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={revealed[v.version] ? t('item.version.revealed') : t('item.version.maskedNote')}
          data-testid="version-masked"
          action={
            revealed[v.version] ? (
              <Button
                size="small"
                onClick={() =>
                  setRevealed((r) => {
                    const { [v.version]: _drop, ...rest } = r;
                    return rest;
                  })
                }
                data-testid="version-hide"
              >
                {t('item.version.hide')}
              </Button>
            ) : access.canResolveFindings ? (
              <Button
                size="small"
                onClick={() =>
                  revealVersion(d.id, v.version).then(
                    (raw) => setRevealed((r) => ({ ...r, [v.version]: raw })),
                    (e: unknown) => showError(e),
                  )
                }
                data-testid="version-reveal"
              >
                {t('item.version.reveal')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      {mode === 'view' ? (
        <div data-testid="version-content" data-version={v.version} data-masked={v.masked ? '1' : '0'}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            <Highlighted text={v.title} spans={spans('title')} />
          </Typography.Title>
          <div className="xb-body" data-testid="item-body">
            {v.body ? <Highlighted text={v.body} spans={spans('body')} /> : <span style={{ color: '#bfbfbf' }}>{t('item.noBody')}</span>}
          </div>
          {v.situationNote ? (
            <div style={{ marginTop: 16 }}>
              <div style={{ color: '#8c8c8c', fontSize: 13, marginBottom: 4 }}>{t('sub.field.situationNote')}</div>
              <div className="xb-body" style={{ fontSize: 14, background: '#fafafa', padding: '8px 12px', borderRadius: 4 }} data-testid="item-situation">
                <Highlighted text={v.situationNote} spans={spans('situationNote')} />
              </div>
            </div>
          ) : null}
          <Space size={[6, 6]} wrap style={{ marginTop: 14 }}>
            {v.category ? <Tag color="cyan">{categoryLabel(v.category, locale)}</Tag> : null}
            {v.tags.map((tag) => (
              <Tag key={tag}>#{tag}</Tag>
            ))}
          </Space>
          <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 10 }}>{t('item.version.savedAt', { at: fullTime(v.savedAt) })}</div>
        </div>
      ) : (
        <VersionDiff a={versions.find((x) => x.version === from) ?? last} b={versions.find((x) => x.version === to) ?? last} />
      )}
    </Card>
  );
}

function DiffBlock({ label, a, b }: { label: string; a: string; b: string }) {
  const t = useT();
  const parts = useMemo(() => diffText(a, b), [a, b]);
  const stats = diffStats(parts);
  const changed = parts.some((p) => p.op !== 'eq');
  return (
    <div style={{ marginBottom: 16 }} data-testid={`diff-${label}`}>
      <div style={{ color: '#8c8c8c', fontSize: 13, marginBottom: 4, display: 'flex', gap: 10 }}>
        <span>{label}</span>
        {changed ? (
          <span>
            <span style={{ color: '#389e0d' }}>+{stats.inserted}</span> <span style={{ color: '#cf1322' }}>−{stats.deleted}</span> {t('item.diff.chars')}
          </span>
        ) : (
          <span>{t('item.diff.same')}</span>
        )}
      </div>
      <div className="xb-body xb-diff">
        {parts.map((p, i) => (p.op === 'eq' ? <span key={i}>{p.text}</span> : p.op === 'ins' ? <ins key={i}>{p.text}</ins> : <del key={i}>{p.text}</del>))}
      </div>
    </div>
  );
}

function VersionDiff({ a, b }: { a: Version; b: Version }) {
  const t = useT();
  if (a.version === b.version) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('item.diff.pickTwo')} />;
  return (
    <div data-testid="version-diff">
      <div style={{ marginBottom: 12, fontSize: 13 }}>
        <Tag color="red">{t('item.diff.old', { n: a.version })}</Tag>
        <Tag color="green">{t('item.diff.new', { n: b.version })}</Tag>
      </div>
      <DiffBlock label={t('sub.field.title')} a={a.title} b={b.title} />
      <DiffBlock label={t('sub.field.body')} a={a.body} b={b.body} />
      {a.situationNote || b.situationNote ? <DiffBlock label={t('sub.field.situationNote')} a={a.situationNote} b={b.situationNote} /> : null}
    </div>
  );
}
