/**
 * Lists of submissions: "my submissions" (mine / my unit's) for correspondents and, with mode="all",
 * everything the person may see (editors, leaders, unit approvers). Filters live in the URL so that
 * coming back from an item keeps them.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Badge, Button, Card, Grid, Input, Segmented, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Breakpoint } from 'antd/es/_util/responsiveObserver';
import { EditOutlined, EyeInvisibleOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { dayFilter, idFilter, oneOf, textFilter } from '../../app/list-query';
import { DayRangeFilter, UnitTreeFilter } from '../../app/ListFilters';
import { ListToolbar } from '../../app/ListToolbar';
import { showError } from '../../app/request';
import { useState } from 'react';
import { Page } from '../../app/Page';
import { useSession } from '../../app/session';
import { useList } from '../../app/useList';
import { HolderCell, KindTag, StatusTag, useNow } from './components';
import { kindLabel, STATUSES, statusLabel, SUBMISSION_KINDS } from './labels';
import { exportSubmissions, fetchSubmissions, SORT_FIELDS, type ListItem, type ListQuery, type ReviewStatus, type SortField, type SubmissionKind } from './service';
import './submissions.css';

type Scope = ListQuery['scope'];

const FILTERS = {
  scope: oneOf<Scope>(['unit']),
  status: oneOf<ReviewStatus>(STATUSES),
  kind: oneOf<SubmissionKind>(SUBMISSION_KINDS),
  q: textFilter,
  unitId: idFilter,
  from: dayFilter,
  to: dayFilter,
};

export function SubmissionList({ mode }: { mode: 'mine' | 'all' }) {
  const t = useT();
  const { locale } = useLocale();
  const { me, access } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const list = useList<ListItem, typeof FILTERS, SortField, ListQuery>({
    filters: FILTERS,
    sortable: SORT_FIELDS,
    defaultSort: { field: 'updatedAt', order: 'desc' },
    remember: `submissions.${mode}`,
    request: (s) => ({
      scope: mode === 'all' ? ('all' as const) : (s.filters.scope ?? 'mine'),
      status: s.filters.status,
      kind: s.filters.kind,
      q: s.filters.q,
      unitId: s.filters.unitId,
      from: s.filters.from,
      to: s.filters.to,
      ...(s.sort ? { sort: s.sort.field, order: s.sort.order } : {}),
      page: s.page,
      pageSize: s.pageSize,
    }),
    fetch: fetchSubmissions,
  });
  const scope: Scope = mode === 'all' ? 'all' : (list.filters.scope ?? 'mine');
  const { status, kind, q, unitId, from, to } = list.filters;
  const [exporting, setExporting] = useState(false);
  // Exactly what is filtered and sorted, every page (the server reads the same filters).
  const doExport = async () => {
    setExporting(true);
    try {
      await exportSubmissions({ scope, status, kind, q, unitId, from, to, ...(list.sort ? { sort: list.sort.field, order: list.sort.order } : {}) }, `${t('menu.allSubmissions')}.xlsx`);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const editable = (s: ListItem) => s.createdBy === me?.id && (s.status === 'draft' || s.status === 'returned');
  const itemPath = (s: ListItem) => (editable(s) && s.status === 'draft' ? `/submissions/${s.id}/edit` : `/submission/${s.id}`);

  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const columns: TableColumnsType<ListItem> = [
    {
      title: t('sub.col.serial'),
      dataIndex: 'serial',
      ...list.sortable('serial'),
      width: 128,
      responsive: ['md'],
      render: (v: string | null, s) => (
        <Link to={`/submission/${s.id}`} className={v ? 'xb-mono' : undefined} data-testid={`row-serial-${v ?? s.id}`}>
          {v ?? t('sub.serial.draft')}
        </Link>
      ),
    },
    {
      title: t('sub.col.title'),
      ...list.sortable('title'),
      render: (_, s) => (
        <div style={{ minWidth: 0 }}>
          {phone ? (
            // On a phone the status sits beside the title (the table has no room for a column of its own).
            <div style={{ float: 'right', marginInlineStart: 8 }}>
              <StatusTag status={s.status} testId="row-status" />
            </div>
          ) : null}
          <Link to={itemPath(s)} className="xb-row-title" data-testid="row-title">
            {s.title || <span style={{ color: '#bfbfbf' }}>{t('sub.untitled')}</span>}
          </Link>
          <Space size={4} style={{ marginTop: 2 }} wrap>
            <KindTag kind={s.kind} />
            {s.sensitive ? (
              <Tag color="purple" icon={<EyeInvisibleOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('sub.sensitiveTag')}
              </Tag>
            ) : null}
            {s.openFindings > 0 ? (
              <Tooltip title={t('sub.findings.openTip')}>
                <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('sub.findings.open', { n: s.openFindings })}
                </Tag>
              </Tooltip>
            ) : null}
            {s.version > 1 ? <Tag style={{ marginInlineEnd: 0 }}>{t('sub.versionN', { n: s.version })}</Tag> : null}
          </Space>
        </div>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      ...list.sortable('status'),
      width: 110,
      responsive: ['md'],
      render: (v: ReviewStatus) => <StatusTag status={v} testId="row-status" />,
    },
    {
      title: t('sub.col.holder'),
      key: 'holder',
      width: 250,
      responsive: ['md'],
      render: (_, s) => <HolderCell holder={s.holder} heldSince={s.heldSince} now={now} />,
    },
    ...(scope !== 'mine'
      ? [
          {
            title: t('sub.col.unitAuthor'),
            ...list.sortable('unit'),
            width: 170,
            responsive: ['md'] as Breakpoint[],
            render: (_: unknown, s: ListItem) => (
              <div style={{ lineHeight: 1.5 }}>
                <div>{s.unitName}</div>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>{s.createdByName}</div>
              </div>
            ),
          },
        ]
      : []),
    {
      title: t('sub.col.updated'),
      dataIndex: 'updatedAt',
      ...list.sortable('updatedAt'),
      width: 130,
      responsive: ['md'],
      render: (v: string) => <span style={{ fontSize: 13, fontVariantNumeric: 'tabular-nums' }}>{dayjs(v).format('YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      responsive: ['md'],
      render: (_, s) =>
        editable(s) ? (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => navigate(`/submissions/${s.id}/edit`)} data-testid={`row-edit-${s.serial ?? s.id}`}>
            {s.status === 'returned' ? t('sub.revise') : t('common.edit')}
          </Button>
        ) : (
          <Button type="link" size="small" onClick={() => navigate(`/submission/${s.id}`)}>
            {t('sub.view')}
          </Button>
        ),
    },
  ];

  const statusOptions = STATUSES.filter((s) => mode === 'mine' || s !== 'draft').map((s) => ({ value: s, label: statusLabel(t, s) }));

  return (
    <Page
      title={mode === 'all' ? t('menu.allSubmissions') : t('menu.mySubmissions')}
      testId={mode === 'all' ? 'all-submissions-page' : 'my-submissions-page'}
      extra={
        access.canCreateSubmission ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/submissions/new')} data-testid="new-submission">
            {t('sub.new.button')}
          </Button>
        ) : undefined
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <ListToolbar total={t('sub.total', { n: list.total })} onRefresh={list.refresh}>
          {mode === 'mine' ? (
            <Segmented<Scope>
              value={scope}
              onChange={(v) => list.setFilters({ scope: v === 'mine' ? undefined : v })}
              options={[
                { value: 'mine', label: t('sub.scope.mine') },
                { value: 'unit', label: t('sub.scope.unit') },
              ]}
              data-testid="scope-switch"
            />
          ) : null}
          <Select
            allowClear
            placeholder={t('sub.filter.status')}
            value={status}
            onChange={(v: ReviewStatus | undefined) => list.setFilters({ status: v })}
            options={statusOptions}
            style={{ width: 150 }}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('sub.filter.kind')}
            value={kind}
            onChange={(v: SubmissionKind | undefined) => list.setFilters({ kind: v })}
            options={SUBMISSION_KINDS.map((k) => ({ value: k, label: kindLabel(k, locale) }))}
            style={{ width: 170 }}
            data-testid="filter-kind"
          />
          <UnitTreeFilter value={unitId} onChange={(v) => list.setFilters({ unitId: v })} />
          <DayRangeFilter from={from} to={to} onChange={(r) => list.setFilters(r)} />
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('sub.filter.q')}
            onSearch={(v) => list.setFilters({ q: v })}
            style={{ width: 260, maxWidth: '100%' }}
            data-testid="filter-q"
          />
          {mode === 'all' ? (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="export-submissions">
              {t('list.export')}
            </Button>
          ) : null}
        </ListToolbar>
        <Table<ListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          onChange={list.onTableChange}
          // On a phone (below md) the table shows title and status only, without a sideways scroll.
          scroll={screens.md ? { x: 1000 } : undefined}
          onRow={(s) => ({ 'data-testid': `submission-row-${s.serial ?? s.id}`, 'data-status': s.status }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: (
              <div style={{ padding: 24, color: '#8c8c8c' }}>
                {mode === 'mine' && access.canCreateSubmission ? (
                  <Space orientation="vertical">
                    <span>{t('sub.emptyMine')}</span>
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/submissions/new')}>
                      {t('sub.new.button')}
                    </Button>
                  </Space>
                ) : (
                  t('sub.empty')
                )}
              </div>
            ),
          }}
          pagination={list.pagination((n) => t('sub.total', { n }))}
          data-testid="submissions-table"
        />
      </Card>
      {mode === 'mine' && list.items.some((s) => s.status === 'returned' && s.createdBy === me?.id) ? (
        <Badge status="warning" text={t('sub.returnedHint')} style={{ marginTop: 12 }} />
      ) : null}
    </Page>
  );
}

export default function MySubmissionsPage() {
  return <SubmissionList mode="mine" />;
}
