/**
 * 档案检索: accepted items (and, once their domain registers them, briefing issues) searched by
 * words, year, kind, unit subtree and status; server paging, by relevance or date; each hit with its
 * title and a passage where the words are marked. What is found is exactly what the person may open.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Input, List, Segmented, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useLocale, useT } from '../../app/locale';
import { idFilter, oneOf, textFilter } from '../../app/list-query';
import { ListToolbar } from '../../app/ListToolbar';
import { Page } from '../../app/Page';
import { useSession } from '../../app/session';
import type { Unit } from '../../app/types';
import { buildUnitTree, toTreeOptions } from '../../app/unit-tree';
import { useList } from '../../app/useList';
import { fullTime, KindTag, StatusTag } from '../submissions/components';
import { kindLabel, statusLabel, SUBMISSION_KINDS } from '../submissions/labels';
import './archive.css';
import type { ReviewStatus, SubmissionKind } from '../submissions/service';
import { fetchUnits, searchArchive, type ArchiveHit, type SnippetPart } from './service';

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 12 }, (_, i) => String(THIS_YEAR - i));
const SORTS = ['relevance', 'date'] as const;
const TYPES = ['items', 'briefings'] as const;
const BRIEFING_TYPES = ['专报', '简报', '通报'] as const;
const ARCHIVE_STATUSES = ['adopted', 'in_review', 'returned', 'rejected', 'withdrawn'] as const satisfies readonly ReviewStatus[];

/** Plain text with the hit words marked (<mark>; React escapes the text). */
function Marked({ parts, testId }: { parts: readonly SnippetPart[]; testId?: string }) {
  return (
    <span data-testid={testId}>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="xb-hit" data-testid="archive-hit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

export default function ArchivePage() {
  const t = useT();
  const { locale } = useLocale();
  const { access } = useSession();
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (access.canReadUnits) fetchUnits().then(setUnits, () => undefined);
  }, [access.canReadUnits]);
  const unitOptions = useMemo(() => toTreeOptions(buildUnitTree(units.filter((u) => u.active))), [units]);
  const list = useList({
    filters: { q: textFilter, type: oneOf(TYPES), year: oneOf(YEARS), kind: oneOf<string>([...SUBMISSION_KINDS, ...BRIEFING_TYPES]), unitId: idFilter, status: oneOf(ARCHIVE_STATUSES), by: oneOf(SORTS) },
    request: ({ filters, page, pageSize }) => ({
      type: filters.type ?? 'items',
      ...(filters.q ? { q: filters.q } : {}),
      ...(filters.year ? { year: Number(filters.year) } : {}),
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.unitId ? { unitId: filters.unitId } : {}),
      ...(filters.status && filters.type !== 'briefings' ? { status: filters.status } : {}),
      sort: filters.by ?? 'relevance',
      page,
      pageSize,
    }),
    fetch: searchArchive,
  });
  const { q, type, year, kind, unitId, status, by } = list.filters;
  const briefings = type === 'briefings';
  // The list's own pagination type differs from the table's only in where it may sit.
  const { position: _position, placement: _placement, ...paging } = list.pagination((n) => t('sub.total', { n }));
  const pagination = { ...paging, align: 'end' as const, style: { padding: '0 16px 16px' } };

  return (
    <Page title={t('menu.archive')} sub={t('archive.sub')} testId="archive-page">
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ padding: '16px 16px 0' }}>
          <Input.Search
            allowClear
            enterButton={t('archive.search')}
            size="large"
            defaultValue={q}
            placeholder={t('archive.placeholder')}
            onSearch={(v) => list.setFilters({ q: v.trim() || undefined })}
            data-testid="archive-q"
          />
        </div>
        <ListToolbar total={t('sub.total', { n: list.total })} onRefresh={list.refresh} refreshTestId="archive-refresh">
          <Segmented
            value={type ?? 'items'}
            onChange={(v) => list.setFilters({ type: v === 'items' ? undefined : (v as 'briefings'), kind: undefined, status: undefined })}
            options={[
              { value: 'items', label: t('archive.type.items') },
              { value: 'briefings', label: t('archive.type.briefings') },
            ]}
            data-testid="archive-type"
          />
          <Select allowClear placeholder={t('archive.year')} value={year} onChange={(v: string | undefined) => list.setFilters({ year: v })} options={YEARS.map((y) => ({ value: y, label: t('archive.yearN', { n: y }) }))} style={{ width: 110 }} data-testid="archive-year" />
          <Select
            allowClear
            placeholder={t('sub.filter.kind')}
            value={kind}
            onChange={(v: string | undefined) => list.setFilters({ kind: v })}
            options={briefings ? BRIEFING_TYPES.map((k): { value: string; label: string } => ({ value: k, label: k })) : SUBMISSION_KINDS.map((k): { value: string; label: string } => ({ value: k, label: kindLabel(k, locale) }))}
            style={{ width: 160 }}
            data-testid="archive-kind"
          />
          {units.length ? (
            <TreeSelect
              allowClear
              placeholder={t('queue.filter.unit')}
              value={unitId}
              onChange={(v: string | undefined) => list.setFilters({ unitId: v })}
              treeData={unitOptions}
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandAll
              style={{ width: 220 }}
              data-testid="archive-unit"
            />
          ) : null}
          {briefings ? null : (
          <Select
            placeholder={t('archive.status')}
            value={status ?? 'adopted'}
            onChange={(v: (typeof ARCHIVE_STATUSES)[number]) => list.setFilters({ status: v === 'adopted' ? undefined : v })}
            options={ARCHIVE_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            style={{ width: 120 }}
            data-testid="archive-status"
          />
          )}
          <Segmented
            value={by ?? 'relevance'}
            onChange={(v) => list.setFilters({ by: v === 'relevance' ? undefined : (v as 'date') })}
            options={[
              { value: 'relevance', label: t('archive.byRelevance') },
              { value: 'date', label: t('archive.byDate') },
            ]}
            data-testid="archive-sort"
          />
        </ListToolbar>
        <List<ArchiveHit>
          itemLayout="vertical"
          loading={list.loading}
          dataSource={list.items}
          pagination={pagination}
          locale={{ emptyText: <Empty description={q ? t('archive.none', { q }) : t('archive.empty')} /> }}
          style={{ padding: '0 16px' }}
          data-testid="archive-results"
          renderItem={(h) => (
            <List.Item key={h.id} data-testid={`archive-item-${h.number ?? h.id}`}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={8}>
                  <Link to={h.type === 'briefings' ? `/briefings/${h.id}` : `/submission/${h.id}`} style={{ fontSize: 16, fontWeight: 600 }} data-testid="archive-open">
                    <Marked parts={h.titleParts} />
                  </Link>
                  {h.type === 'briefings' ? (
                    <Tag color="red">{h.kind}</Tag>
                  ) : (
                    <>
                      <KindTag kind={h.kind as SubmissionKind} />
                      <StatusTag status={h.status as ReviewStatus} />
                    </>
                  )}
                </Space>
                <Typography.Paragraph style={{ margin: 0, color: '#434343' }}>
                  <Marked parts={h.snippet} testId="archive-snippet" />
                </Typography.Paragraph>
                <Space size={16} style={{ color: '#8c8c8c', fontSize: 12 }}>
                  <span>{h.number ?? t('sub.serial.draft')}</span>
                  <span>{h.unitName}</span>
                  <span>{fullTime(h.date)}</span>
                  {h.tags.map((tag) => (
                    <Tag key={tag} bordered={false}>
                      {h.type === 'briefings' && tag === 'restricted' ? t('archive.restricted') : tag}
                    </Tag>
                  ))}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Page>
  );
}
