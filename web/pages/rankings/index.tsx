/**
 * 排名: units or people ranked by an adopted rubric for any period (half-month … year, custom), units
 * of one type ranked apart, every unit listed (zero totals too), ties sharing a rank as the server
 * gives it. Totals and points per item are the API's exact decimal strings. One click opens the
 * explanation of a row; charts show points over time (the period's year) and by item.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Col, Empty, Row, Segmented, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { call } from '../../app/api';
import { unitTypeLabel } from '../../app/labels';
import { ListToolbar } from '../../app/ListToolbar';
import { useLocale } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { UnitType } from '../../app/types';
import { Chart } from './Chart';
import { barSpec, lineSpec } from './chart-data';
import { ExplainDrawer } from './ExplainDrawer';
import { defaultPeriodKey, periodLabel, readPeriod, shortPeriodLabel } from './period';
import { PeriodPicker } from './PeriodPicker';
import { fetchRanking, fetchRubrics, fetchSeries, type Ranking, type RankingRow, type RubricRow, type Series, type Subject } from './service';
import { RANKING_PAGE_ACTIONS, RANKING_ROW_ACTIONS, type Scope } from './slots';
import './rankings.css';

const today = () => dayjs().format('YYYY-MM-DD');

export default function RankingsPage() {
  const { t, locale } = useLocale();
  const { access } = useSession();
  const [params, setParams] = useSearchParams();
  const subject: Subject = params.get('subject') === 'people' ? 'people' : 'units';
  const period = readPeriod(params.get('period'))?.key ?? defaultPeriodKey(today());
  const group = params.get('group') ?? undefined;
  const [rubrics, setRubrics] = useState<RubricRow[] | null>(null);
  const adopted = useMemo(() => (rubrics ?? []).filter((r) => r.currentVersion), [rubrics]);
  const rubricId = params.get('rubricId') ?? adopted[0]?.id;
  const [types, setTypes] = useState<UnitType[]>([]);
  const [ranking, setRanking] = useState<Ranking | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [explaining, setExplaining] = useState<string | null>(null);
  const [series, setSeries] = useState<Series | null>(null);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  useEffect(() => {
    fetchRubrics().then((r) => setRubrics(r.rubrics), showError);
    if (access.canReadUnits) call('GET /api/unit-types').then(setTypes, showError);
  }, [access.canReadUnits]);

  const load = useCallback(async () => {
    if (!rubricId) return;
    setLoading(true);
    try {
      setRanking(await fetchRanking({ rubricId, period, subject, ...(subject === 'units' && group ? { group } : {}) }));
    } catch (e) {
      setRanking(null);
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [rubricId, period, subject, group]);
  useEffect(() => {
    void load();
  }, [load]);

  // The row the charts are about: the one clicked, else the first.
  const rows = ranking?.rows ?? [];
  const focus = rows.find((r) => r.id === selected) ?? rows[0] ?? null;
  const year = Number((readPeriod(period)?.firstDay ?? today()).slice(0, 4));
  const by = readPeriod(period)?.kind === 'quarter' || readPeriod(period)?.kind === 'year' ? 'quarter' : 'month';
  const focusId = focus?.id;
  // Charts are of units (a person's points have no items and no series of their own).
  useEffect(() => {
    if (!rubricId || !focusId || subject !== 'units') return setSeries(null);
    let gone = false;
    fetchSeries({ rubricId, year, by, unitId: focusId }).then(
      (s) => !gone && setSeries(s),
      (e: unknown) => !gone && showError(e),
    );
    return () => {
      gone = true;
    };
  }, [rubricId, year, by, subject, focusId]);

  const scope: Scope | null = rubricId ? { rubricId, period, subject } : null;
  const items = ranking?.items ?? [];
  const columns: TableColumnsType<RankingRow> = [
    {
      title: t('score.col.rank'),
      dataIndex: 'rank',
      key: 'rank',
      width: 70,
      fixed: 'left',
      render: (v: number) => (
        <span className={`xb-rank xb-rank-${v <= 3 ? v : 'n'}`} data-testid="ranking-rank">
          {v}
        </span>
      ),
    },
    {
      title: t(subject === 'units' ? 'score.col.unit' : 'score.col.person'),
      key: 'name',
      width: 200,
      fixed: 'left',
      render: (_, r) => (
        <div>
          <span data-testid="ranking-name">{r.name}</span>
          {(r as { unitName?: string }).unitName ? <div style={{ fontSize: 12, color: '#8c8c8c' }}>{(r as { unitName?: string }).unitName}</div> : null}
          {subject === 'units' && !group && r.group && types.length ? (
            <Tag style={{ marginInlineStart: 6 }} variant="filled">
              {unitTypeLabel(types, r.group, locale)}
            </Tag>
          ) : null}
        </div>
      ),
    },
    {
      title: t('score.col.total'),
      dataIndex: 'total',
      key: 'total',
      width: 90,
      align: 'right',
      render: (v: string) => (
        <Typography.Text strong data-testid="ranking-total">
          {v}
        </Typography.Text>
      ),
    },
    // A unit's row splits its total by rubric item. A person's ranking answer carries no split (people are
    // not capped per item, DOMAIN.md); it is in the person's explanation, so no column shows a false 0.
    ...(subject === 'people' ? [] : items).map((it) => ({
      title: (
        <Tooltip title={`${it.sectionName} · ${t(it.mode === 'additive' ? 'score.mode.additive' : 'score.mode.deductive')}${it.max ? ` · ${t('score.max', { max: it.max })}` : ''}`}>
          <span>{it.name}</span>
        </Tooltip>
      ),
      key: `item:${it.key}`,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: RankingRow) => <span data-testid={`ranking-item-${it.key}`}>{r.items[it.key] ?? '0'}</span>,
    })),
    {
      title: '',
      key: 'actions',
      width: 120 + RANKING_ROW_ACTIONS.length * 80,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<FileSearchOutlined />}
            onClick={(e) => {
              e.stopPropagation();
              setExplaining(r.id);
            }}
            data-testid="ranking-explain"
          >
            {t('score.explain')}
          </Button>
          {scope ? RANKING_ROW_ACTIONS.map((A, i) => <A key={i} scope={scope} row={r} reload={() => void load()} />) : null}
        </Space>
      ),
    },
  ];

  const noRubric = rubrics !== null && adopted.length === 0;
  return (
    <Page
      title={t('menu.rankings')}
      sub={ranking ? t('score.rankings.sub', { rubric: ranking.rubric.name, version: ranking.rubric.versionNumber, period: periodLabel(period, locale) }) : undefined}
      testId="rankings-page"
      extra={scope ? <Space>{RANKING_PAGE_ACTIONS.map((A, i) => <A key={i} scope={scope} reload={() => void load()} />)}</Space> : null}
    >
      <Card styles={{ body: { padding: 0 } }} style={{ marginBottom: 16 }}>
        <ListToolbar total={ranking ? t(subject === 'units' ? 'score.rankings.totalUnits' : 'score.rankings.totalPeople', { n: rows.length }) : undefined} onRefresh={load}>
          <Segmented<Subject>
            value={subject}
            onChange={(v) => set({ subject: v === 'units' ? undefined : v, group: undefined })}
            options={[
              { value: 'units', label: <span data-testid="ranking-units">{t('score.subject.units')}</span> },
              { value: 'people', label: <span data-testid="ranking-people">{t('score.subject.people')}</span> },
            ]}
          />
          <Select
            style={{ width: 260 }}
            value={rubricId}
            placeholder={t('score.rubric')}
            onChange={(v: string) => set({ rubricId: v })}
            options={adopted.map((r) => ({ value: r.id, label: r.name }))}
            data-testid="ranking-rubric"
          />
          <PeriodPicker value={period} onChange={(k) => set({ period: k })} />
          {subject === 'units' ? (
            <Select
              allowClear
              style={{ width: 150 }}
              value={group}
              placeholder={t('score.group.all')}
              onChange={(v: string | undefined) => set({ group: v })}
              options={types.map((x) => ({ value: x.key, label: unitTypeLabel(types, x.key, locale) }))}
              data-testid="ranking-group"
            />
          ) : null}
        </ListToolbar>
        {noRubric ? (
          <Empty style={{ padding: 48 }} description={t('score.rankings.noRubric')} />
        ) : (
          <Table<RankingRow>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={loading}
            scroll={{ x: 'max-content' }}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            rowClassName={(r) => (r.id === focus?.id ? 'xb-score-focus' : '')}
            onRow={(r) => ({ onClick: () => setSelected(r.id), 'data-testid': 'ranking-row', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>}
            data-testid="ranking-table"
          />
        )}
      </Card>
      {focus && ranking && subject === 'units' ? (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('score.chart.overTime', { name: focus.name, year })} data-testid="chart-over-time-card">
              {series ? (
                <Chart testId="chart-over-time" spec={lineSpec(series.periods.map((p) => ({ label: shortPeriodLabel(p.key, locale) })), series.totals, t('score.col.total'), items.filter((i) => series.byItem[i.key]?.some((v) => v !== '0')).map((i) => ({ name: i.name, values: series.byItem[i.key]! })))} />
              ) : (
                <div style={{ height: 280 }} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('score.chart.byItem', { name: focus.name })} data-testid="chart-by-item-card">
              <Chart testId="chart-by-item" spec={barSpec(items, focus.items)} />
            </Card>
          </Col>
        </Row>
      ) : null}
      {scope ? <ExplainDrawer scope={scope} subjectId={explaining} open={explaining !== null} onClose={() => setExplaining(null)} items={items} /> : null}
    </Page>
  );
}
