/**
 * The explanation of a unit's or a person's points in a period: every entry — the record of use or
 * ledger entry, the work (linked to its item page), the rubric clause, the points and multiplier —
 * and every entry dropped by dedupe, a cap, a floor, a month window or once-per-month, with the
 * server's reason. Points are the API's decimal strings, shown as they come.
 */
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Col, Descriptions, Drawer, Row, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useT } from '../../app/locale';
import { showError } from '../../app/request';
import { MESSAGES, type MessageKey } from '../../i18n';
import { Chart } from './Chart';
import { barSpec } from './chart-data';
import { fetchExplanation, type EntryStatus, type ExplainEntry, type Explanation, type RankingItem } from './service';
import { EXPLAIN_ENTRY_ACTIONS, type Scope } from './slots';
import { AppealList } from './appeals';

export const STATUS_LABEL: Record<EntryStatus, MessageKey> = {
  counted: 'score.status.counted',
  dedupe: 'score.status.dedupe',
  cap: 'score.status.cap',
  floor: 'score.status.floor',
  window: 'score.status.window',
  once_per_month: 'score.status.once_per_month',
};
const STATUS_COLOR: Record<EntryStatus, string> = { counted: 'green', dedupe: 'orange', cap: 'gold', floor: 'gold', window: 'default', once_per_month: 'default' };

/** A kind's label when the dictionary has one (records of use and ledger kinds), else the kind itself. */
export function useKindLabel() {
  const t = useT();
  return (kind: string) => {
    const key = `score.kind.${kind}`;
    return key in MESSAGES['zh-CN'] ? t(key as MessageKey) : kind;
  };
}

export function ExplainDrawer({ scope, subjectId, open, onClose, items = [] }: { scope: Scope; subjectId: string | null; open: boolean; onClose: () => void; items?: readonly RankingItem[] }) {
  const t = useT();
  const kindLabel = useKindLabel();
  const [data, setData] = useState<Explanation | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    if (!subjectId) return;
    setLoading(true);
    const q = { rubricId: scope.rubricId, period: scope.period, ...(scope.subject === 'units' ? { unitId: subjectId } : { personId: subjectId }) };
    fetchExplanation(q)
      .then(setData, (e: unknown) => {
        setData(null);
        showError(e);
      })
      .finally(() => setLoading(false));
  }, [scope.rubricId, scope.period, scope.subject, subjectId]);

  useEffect(() => {
    if (open) {
      setData(null);
      load();
    }
  }, [open, load]);

  const columns: TableColumnsType<ExplainEntry> = [
    { title: t('score.explain.date'), dataIndex: 'date', width: 100 },
    {
      title: t('score.explain.source'),
      key: 'source',
      width: 150,
      render: (_, e) => (
        <Space size={2} orientation="vertical">
          <Tag color={e.source === 'record' ? 'blue' : 'purple'}>{t(e.source === 'record' ? 'score.explain.record' : 'score.explain.ledger')}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {kindLabel(e.kind)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('score.explain.work'),
      key: 'work',
      width: 220,
      render: (_, e) =>
        e.work ? (
          <Link to={`/submission/${e.work.id}`} data-testid="explain-work">
            {e.work.serial ? <Typography.Text type="secondary">{e.work.serial} </Typography.Text> : null}
            {e.work.title}
          </Link>
        ) : e.what ? (
          <span data-testid="explain-what">{e.what}</span>
        ) : (
          '—'
        ),
    },
    {
      title: t('score.explain.clause'),
      key: 'clause',
      render: (_, e) => (
        <div>
          <Typography.Text strong>{e.itemName}</Typography.Text>
          <div style={{ fontSize: 12, color: '#595959' }}>{e.clause}</div>
        </div>
      ),
    },
    {
      title: t('score.explain.points'),
      key: 'points',
      width: 120,
      align: 'right',
      render: (_, e) => (
        <div>
          <span data-testid="explain-points">{e.points}</span>
          {e.multiplier ? (
            <Tooltip title={e.multiplier.reasons.join('；')}>
              <div style={{ fontSize: 12, color: '#cf1322' }} data-testid="explain-multiplier">
                {e.base} × {e.multiplier.factor}
              </div>
            </Tooltip>
          ) : null}
        </div>
      ),
    },
    { title: t('score.explain.counted'), dataIndex: 'counted', width: 80, align: 'right', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    {
      title: t('score.explain.status'),
      key: 'status',
      width: 200,
      render: (_, e) => (
        <div data-testid="explain-status" data-status={e.status}>
          <Tag color={STATUS_COLOR[e.status]}>{t(STATUS_LABEL[e.status])}</Tag>
          {e.reason ? <div style={{ fontSize: 12, color: '#8c8c8c' }}>{e.reason}</div> : null}
        </div>
      ),
    },
    ...(EXPLAIN_ENTRY_ACTIONS.length
      ? [
          {
            title: '',
            key: 'actions',
            width: 130,
            render: (_: unknown, e: ExplainEntry) => (
              <Space size={0}>
                {EXPLAIN_ENTRY_ACTIONS.map((A, i) => (
                  <A key={i} scope={scope} subjectId={subjectId ?? ''} entry={e} reload={load} />
                ))}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const dropped = data?.entries.filter((e) => e.status !== 'counted').length ?? 0;
  return (
    <Drawer open={open} onClose={onClose} size={1280} title={data ? t('score.explain.title', { name: data.subject.name }) : t('score.explain.loading')} destroyOnHidden data-testid="explain-drawer">
      {data ? (
        <>
          <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('score.col.total')}>
              <Typography.Text strong data-testid="explain-total">
                {data.total}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('score.col.rank')}>{data.rank}</Descriptions.Item>
            <Descriptions.Item label={t('score.explain.entries')}>{t('score.explain.count', { n: data.entries.length, dropped })}</Descriptions.Item>
          </Descriptions>
          {data.entries.length === 0 ? <Alert type="info" showIcon title={t('score.explain.none')} /> : null}
          {'appeals' in data ? <AppealList appeals={data.appeals} /> : null}
          {data.subject.type === 'person' && items.length ? <PersonItems name={data.subject.name} items={items} points={data.items} /> : null}
        </>
      ) : null}
      <Table<ExplainEntry>
        rowKey={(e) => `${e.eventId}:${e.itemKey}:${e.ruleKey}`}
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.entries ?? []}
        pagination={false}
        rowClassName={(e) => (e.status === 'counted' ? '' : 'xb-score-dropped')}
        data-testid="explain-entries"
        onRow={() => ({ 'data-testid': 'explain-entry' }) as HTMLAttributes<HTMLElement>}
      />
    </Drawer>
  );
}

/**
 * A person's points by rubric item (people are not capped per item): the items they scored in, and a
 * small bar chart of every item (ECharts, loaded when it mounts).
 */
function PersonItems({ name, items, points }: { name: string; items: readonly RankingItem[]; points: Record<string, string> }) {
  const t = useT();
  const scored = items.filter((it) => (points[it.key] ?? '0') !== '0');
  return (
    <Row gutter={16} style={{ marginBottom: 12 }} data-testid="explain-person-items">
      <Col xs={24} md={10}>
        <Descriptions size="small" column={1} bordered title={t('score.chart.byItem', { name })}>
          {scored.map((it) => (
            <Descriptions.Item key={it.key} label={it.name}>
              <span data-testid={`explain-item-${it.key}`}>{points[it.key]}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
        {scored.length === 0 ? <Typography.Text type="secondary">{t('score.explain.none')}</Typography.Text> : null}
      </Col>
      <Col xs={24} md={14}>
        <Chart testId="explain-chart-by-item" height={200} spec={barSpec(items.map((it) => ({ key: it.key, name: it.name })), points)} />
      </Col>
    </Row>
  );
}
