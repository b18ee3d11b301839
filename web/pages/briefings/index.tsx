/** 简报编发: the issues the person may open (drafts only for their editors), with filters (remembered per person), server paging and sorting. */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Input, Modal, Select, Space, Table, Tag, Tooltip, type ButtonProps, type TableColumnsType } from 'antd';
import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale';
import { dayFilter, idFilter, oneOf, textFilter, type FilterCodec } from '../../app/list-query';
import { DayRangeFilter } from '../../app/ListFilters';
import { ListToolbar } from '../../app/ListToolbar';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import { useList } from '../../app/useList';
import { BRIEFING_TYPES, createIssue, fetchIssues, fetchSeries, ISSUE_SORT_FIELDS, type BriefingType, type IssueRow, type IssueStatus, type Series } from './service';
import { STATUS_LABEL, TYPE_COLOR, TYPE_LABEL } from './labels';

const yearFilter: FilterCodec<number> = { parse: (raw) => (/^\d{4}$/.test(raw) ? Number(raw) : undefined), format: (v) => String(v) };
const STATUSES: readonly IssueStatus[] = ['draft', 'published'];

export default function BriefingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { access } = useSession();
  const list = useList({
    filters: { type: oneOf<BriefingType>(BRIEFING_TYPES), seriesId: idFilter, year: yearFilter, from: dayFilter, to: dayFilter, status: oneOf<IssueStatus>(STATUSES), q: textFilter },
    sortable: ISSUE_SORT_FIELDS,
    remember: 'briefings',
    fetch: fetchIssues,
  });
  const { type, seriesId: seriesFilter, year, status, q } = list.filters;
  const [series, setSeries] = useState<Series[]>([]);
  const [creating, setCreating] = useState(false);
  const [seriesId, setSeriesId] = useState<string | undefined>();
  const [qText, setQText] = useState(q ?? '');
  useEffect(() => setQText(q ?? ''), [q]);

  // Every reader filters by series; editors also start new issues in them.
  useEffect(() => {
    fetchSeries().then((r) => setSeries(r.items), showError);
  }, []);
  const editable = series.filter((s) => s.canEdit && s.active);
  const thisYear = new Date().getFullYear();

  const columns: TableColumnsType<IssueRow> = [
    {
      title: t('brf.col.issue'),
      key: 'issue',
      width: 220,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={TYPE_COLOR[r.type]}>{t(TYPE_LABEL[r.type])}</Tag>
          <Link to={`/briefings/${r.id}`} data-testid="briefing-link">
            {r.label ?? t('brf.draftLabel')}
          </Link>
          {r.restricted ? (
            <Tooltip title={t('brf.restricted')}>
              <LockOutlined style={{ color: '#cf1322' }} data-testid="restricted-mark" />
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    { title: t('brf.col.series'), dataIndex: 'mastheadName', ...list.sortable('series'), width: 220, ellipsis: true },
    { title: t('brf.col.title'), dataIndex: 'title', key: 'title', ellipsis: true, render: (v: string, r) => <Link to={`/briefings/${r.id}`}>{v || '—'}</Link> },
    { title: t('brf.col.items'), dataIndex: 'itemCount', key: 'n', width: 70, align: 'right' },
    { title: t('brf.kind'), dataIndex: 'kind', ...list.sortable('kind'), width: 100, render: (v: 'standalone' | 'comprehensive') => t(v === 'standalone' ? 'brf.kind.standalone' : 'brf.kind.comprehensive') },
    { title: t('brf.filter.status'), dataIndex: 'status', ...list.sortable('status'), width: 90, render: (v: IssueStatus) => <Tag color={v === 'published' ? 'green' : 'default'}>{t(STATUS_LABEL[v])}</Tag> },
    { title: t('brf.col.date'), dataIndex: 'issueDate', ...list.sortable('issueDate'), width: 120, render: (v: string | null) => v ?? '—' },
  ];

  // The series list may still be loading when the dialog opens: the first editable series is the default.
  const chosen = seriesId ?? editable[0]?.id;
  const start = async () => {
    if (!chosen) return;
    try {
      const r = await createIssue({ seriesId: chosen });
      setCreating(false);
      navigate(`/briefings/${r.id}`);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Page
      title={t('menu.briefings')}
      sub={t('brf.sub')}
      testId="briefings-page"
      extra={
        access.canEditBriefings ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="briefing-new"
            onClick={() => {
              setSeriesId(editable[0]?.id);
              setCreating(true);
            }}
          >
            {t('brf.new')}
          </Button>
        ) : null
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <ListToolbar total={t('brf.total', { n: list.total })} onRefresh={list.refresh}>
          <Select<BriefingType>
            allowClear
            style={{ width: 110 }}
            placeholder={t('brf.filter.type')}
            value={type}
            onChange={(v) => list.setFilters({ type: v })}
            options={BRIEFING_TYPES.map((x) => ({ value: x, label: t(TYPE_LABEL[x]) }))}
            data-testid="filter-type"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={t('brf.filter.series')}
            value={seriesFilter}
            onChange={(v) => list.setFilters({ seriesId: v })}
            options={series.map((s) => ({ value: s.id, label: `${t(TYPE_LABEL[s.type])} · ${s.mastheadName}` }))}
            popupMatchSelectWidth={false}
            data-testid="filter-series"
          />
          <DayRangeFilter from={list.filters.from} to={list.filters.to} onChange={(r) => list.setFilters(r)} testId="filter-days" />
          <Select<number>
            allowClear
            style={{ width: 100 }}
            placeholder={t('brf.filter.year')}
            value={year}
            onChange={(v) => list.setFilters({ year: v })}
            options={[0, 1, 2, 3, 4].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))}
            data-testid="filter-year"
          />
          <Select<IssueStatus>
            allowClear
            style={{ width: 110 }}
            placeholder={t('brf.filter.status')}
            value={status}
            onChange={(v) => list.setFilters({ status: v })}
            options={STATUSES.map((x) => ({ value: x, label: t(STATUS_LABEL[x]) }))}
            data-testid="filter-status"
          />
          <Input.Search
            allowClear
            style={{ width: 260 }}
            placeholder={t('brf.filter.q')}
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(v) => list.setFilters({ q: v })}
            data-testid="filter-q"
          />
        </ListToolbar>
        <Table<IssueRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          onChange={list.onTableChange}
          locale={{ emptyText: t('brf.empty') }}
          pagination={list.pagination((n) => t('brf.total', { n }))}
          data-testid="briefings-table"
        />
      </Card>
      <Modal open={creating} title={t('brf.new')} onCancel={() => setCreating(false)} onOk={() => void start()} okButtonProps={{ disabled: !chosen, 'data-testid': 'briefing-new-ok' } as ButtonProps}>
        {editable.length ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <span>{t('brf.new.series')}</span>
            <Select
              style={{ width: '100%' }}
              value={chosen}
              onChange={setSeriesId}
              options={editable.map((s) => ({ value: s.id, label: `${t(TYPE_LABEL[s.type])} · ${s.mastheadName}` }))}
              data-testid="briefing-new-series"
            />
          </Space>
        ) : (
          <span>{t('brf.noSeries')}</span>
        )}
      </Modal>
    </Page>
  );
}
