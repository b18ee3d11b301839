/**
 * The review queue: the items the signed-in editor / approver / leader holds now, oldest first, one
 * page at a time (the server pages). Row selection within the page with bulk pass / return / reject,
 * per-item results of a bulk action, and keyboard shortcuts (j/k move, x select, Enter open, p pass,
 * r return, ? help). Kind and unit filter on the server; step and the text search filter the page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Input, Modal, Popover, Segmented, Select, Space, Table, Tag, Tooltip, TreeSelect, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { CheckOutlined, CopyOutlined, EyeInvisibleOutlined, QuestionCircleOutlined, RollbackOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { useLocale, useT } from '../../app/locale';
import { dayFilter, idFilter, oneOf, textFilter } from '../../app/list-query';
import { DayRangeFilter } from '../../app/ListFilters';
import { ListToolbar } from '../../app/ListToolbar';
import { Page } from '../../app/Page';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { Unit } from '../../app/types';
import { buildUnitTree, toTreeOptions } from '../../app/unit-tree';
import { useList } from '../../app/useList';
import type { MessageKey } from '../../i18n';
import { fullTime, KindTag, StatusTag, useNow } from '../submissions/components';
import { kindLabel, LONG_WAIT_MS, refusalLabel, sinceText, stepLabel, SUBMISSION_KINDS } from '../submissions/labels';
import type { SubmissionKind } from '../submissions/service';
import { DecisionModal, type DecisionKind } from '../submission/DecisionModal';
import { bulkDecide, decide, fetchQueue, fetchUnits, QUEUE_SORT_FIELDS, type BulkResult, type Decision, type QueueItem } from './service';
import { commandFor, moveCursor, SHORTCUT_HELP, targetsOf, type QueueCommand } from './shortcuts';
import '../submissions/submissions.css';

const HELP_KEYS: Record<QueueCommand, MessageKey> = {
  down: 'queue.key.down',
  up: 'queue.key.up',
  toggle: 'queue.key.toggle',
  open: 'queue.key.open',
  pass: 'queue.key.pass',
  return: 'queue.key.return',
  clear: 'queue.key.clear',
  help: 'queue.key.help',
};

type Outcome = { item: QueueItem; ok: boolean; status?: string | undefined; errorCode?: string | undefined; message?: string | undefined };

const modalOpen = () => Array.from(document.querySelectorAll<HTMLElement>('.ant-modal-wrap')).some((el) => el.style.display !== 'none' && el.offsetParent !== null);

export default function ReviewQueuePage() {
  const t = useT();
  const { locale } = useLocale();
  const { access } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const list = useList({
    filters: { kind: oneOf<SubmissionKind>(SUBMISSION_KINDS), unitId: idFilter, from: dayFilter, to: dayFilter, step: textFilter, q: textFilter },
    local: ['step', 'q'],
    pageSizes: [20, 50, 100, 200],
    defaultPageSize: 50,
    sortable: QUEUE_SORT_FIELDS,
    defaultSort: { field: 'heldSince', order: 'asc' },
    remember: 'review.queue',
    fetch: fetchQueue,
  });
  const items = list.items;
  const load = list.refresh;
  const { kind, unitId } = list.filters;
  const step = list.filters.step ?? 'all';
  const q = list.filters.q ?? '';
  const [units, setUnits] = useState<Unit[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [cursor, setCursor] = useState(0);
  const [modal, setModal] = useState<{ kind: DecisionKind; targets: QueueItem[] } | null>(null);
  const [results, setResults] = useState<Outcome[] | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dupAsk, setDupAsk] = useState<{ targets: QueueItem[]; flagged: QueueItem[] } | null>(null);

  // Selection stays within the page: rows that left it (decided, or another page shown) leave the selection.
  useEffect(() => {
    setSelected((sel) => sel.filter((id) => items.some((i) => i.id === id)));
  }, [items]);

  useEffect(() => {
    if (access.canReadUnits) fetchUnits().then(setUnits, () => undefined);
  }, [access.canReadUnits]);

  const steps = useMemo(() => {
    const m = new Map<string, { key: string; name: string; n: number }>();
    for (const i of items) {
      const e = m.get(i.step) ?? { key: i.step, name: stepLabel(i.step, i.stepName, locale), n: 0 };
      e.n++;
      m.set(i.step, e);
    }
    return [...m.values()];
  }, [items, locale]);

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return items.filter((i) => (step === 'all' || i.step === step) && (!needle || i.title.toLowerCase().includes(needle) || i.serial.includes(needle) || i.unitName.includes(needle)));
  }, [items, step, q]);

  useEffect(() => {
    setCursor((c) => (rows.length === 0 ? -1 : Math.min(Math.max(c, 0), rows.length - 1)));
  }, [rows.length]);

  const scrollTo = (id: string | undefined) => {
    if (!id) return;
    document.querySelector(`[data-row-key="${id}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  const runBulk = async (targets: QueueItem[], decision: Decision, confirmDuplicates: string[] = []): Promise<void> => {
    setBusy(true);
    try {
      if (targets.length === 1) {
        // One item: the server's own message says why it was refused.
        const item = targets[0]!;
        try {
          await decide(item.id, decision, item.rev);
          const done: MessageKey = decision.type === 'pass' ? 'item.pass.done' : decision.type === 'return' ? 'item.return.done' : 'item.reject.done';
          getFeedback()?.message.success(`${item.serial} ${t(done)}`);
        } catch (e) {
          showError(e);
          if (!isApiError(e) || e.code !== 'submission/stale') throw e;
        }
      } else {
        const r: BulkResult = await bulkDecide(
          targets.map((x) => x.id),
          decision,
          confirmDuplicates,
        );
        setResults(r.results.map((x) => ({ item: targets.find((i) => i.id === x.id)!, ok: x.ok, status: x.status, errorCode: x.errorCode })));
        // Done items leave the selection; refused ones stay selected to act on them otherwise.
        const done = new Set(r.results.filter((x) => x.ok).map((x) => x.id));
        setSelected((sel) => sel.filter((id) => !done.has(id)));
      }
      await load();
    } finally {
      setBusy(false);
    }
  };

  const pass = (targets: QueueItem[]) => {
    if (!targets.length) return;
    const one = targets.length === 1 ? targets[0]! : null;
    const flagged = targets.filter((x) => x.duplicates > 0);
    if (!one && flagged.length) {
      // A bulk pass stops at suspected duplicates and asks: pass them too (confirmed by id), or only the others.
      setDupAsk({ targets, flagged });
      return;
    }
    getFeedback()?.modal.confirm({
      title: one ? t('queue.pass.one', { serial: one.serial, step: stepLabel(one.step, one.stepName, locale) }) : t('queue.pass.many', { n: targets.length }),
      content: one ? (
        <>
          <div>{one.title}</div>
          {one.duplicates > 0 ? <div style={{ color: '#d46b08', marginTop: 6 }}>{t('queue.dup.onePass')}</div> : null}
        </>
      ) : (
        t('queue.pass.manyText')
      ),
      okText: t('item.pass.ok'),
      focusable: { autoFocusButton: 'ok' },
      okButtonProps: { 'data-testid': 'pass-confirm' } as ButtonProps,
      onOk: () => runBulk(targets, { type: 'pass' }).catch(() => undefined),
    });
  };

  // Keyboard shortcuts; the latest state is read through a ref so the listener is bound once.
  const state = useRef({ rows, cursor, selected, pass });
  state.current = { rows, cursor, selected, pass };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commandFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, target: e.target as HTMLElement | null });
      if (!cmd) return;
      if (cmd !== 'help' && modalOpen()) return;
      const target = e.target as HTMLElement | null;
      // Enter on a focused link or button inside the page does what that control does.
      if (cmd === 'open' && target?.closest('.xb-queue a, .xb-queue button, .ant-popover')) return;
      const { rows: rs, cursor: c, selected: sel, pass: passNow } = state.current;
      // Handled here (capture phase): a still-focused menu entry must not act on the same key.
      e.preventDefault();
      e.stopPropagation();
      switch (cmd) {
        case 'down':
        case 'up': {
          const next = moveCursor(c, cmd === 'down' ? 1 : -1, rs.length);
          setCursor(next);
          scrollTo(rs[next]?.id);
          break;
        }
        case 'toggle': {
          const row = rs[c];
          if (row) setSelected((s) => (s.includes(row.id) ? s.filter((x) => x !== row.id) : [...s, row.id]));
          break;
        }
        case 'open': {
          const row = rs[c];
          if (row) navigate(`/submission/${row.id}`);
          break;
        }
        case 'pass':
          passNow(targetsOf(rs, sel, c));
          break;
        case 'return': {
          const targets = targetsOf(rs, sel, c);
          if (targets.length) setModal({ kind: 'return', targets });
          break;
        }
        case 'help':
          setHelpOpen((o) => !o);
          break;
        case 'clear':
          setSelected([]);
          setHelpOpen(false);
          break;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [navigate]);

  const unitOptions = useMemo(() => toTreeOptions(buildUnitTree(units.filter((u) => u.active))), [units]);
  const selectedRows = rows.filter((r) => selected.includes(r.id));

  const columns: TableColumnsType<QueueItem> = [
    {
      title: t('sub.col.serial'),
      dataIndex: 'serial',
      ...list.sortable('serial'),
      width: 120,
      render: (v: string, r) => (
        <Link to={`/submission/${r.id}`} className="xb-mono" tabIndex={-1}>
          {v}
        </Link>
      ),
    },
    {
      title: t('sub.col.title'),
      ...list.sortable('title'),
      render: (_, r) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/submission/${r.id}`} className="xb-row-title" tabIndex={-1}>
            {r.title || t('sub.untitled')}
          </Link>
          <Space size={4} wrap style={{ marginTop: 2 }}>
            <KindTag kind={r.kind} />
            {r.version > 1 ? <Tag style={{ marginInlineEnd: 0 }}>{t('sub.versionN', { n: r.version })}</Tag> : null}
            {r.sensitive ? (
              <Tag color="purple" icon={<EyeInvisibleOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('sub.sensitiveTag')}
              </Tag>
            ) : null}
            {r.openFindings > 0 ? (
              <Tooltip title={t('sub.findings.openTip')}>
                <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('sub.findings.open', { n: r.openFindings })}
                </Tag>
              </Tooltip>
            ) : null}
            {r.duplicates > 0 ? (
              <Tooltip title={t('queue.dupTip')}>
                <Tag color="orange" icon={<CopyOutlined />} style={{ marginInlineEnd: 0 }} data-testid={`queue-dup-${r.serial}`}>
                  {t('queue.dup', { n: r.duplicates })}
                </Tag>
              </Tooltip>
            ) : null}
            {r.passedByMe ? (
              <Tooltip title={t('queue.passedByMeTip')}>
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {t('queue.passedByMe')}
                </Tag>
              </Tooltip>
            ) : null}
          </Space>
        </div>
      ),
    },
    {
      title: t('queue.col.step'),
      key: 'step',
      width: 150,
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <StatusTag status={r.status} />
          <span style={{ fontSize: 13 }}>{stepLabel(r.step, r.stepName, locale)}</span>
        </Space>
      ),
    },
    {
      title: t('sub.col.unitAuthor'),
      ...list.sortable('unit'),
      width: 170,
      render: (_, r) => (
        <div style={{ lineHeight: 1.5 }}>
          <div>{r.unitName}</div>
          <div style={{ color: '#8c8c8c', fontSize: 12 }}>{r.createdByName}</div>
        </div>
      ),
    },
    {
      title: t('queue.col.waiting'),
      ...list.sortable('heldSince'),
      width: 110,
      render: (_, r) => {
        if (!r.heldSince) return '—';
        const long = now - Date.parse(r.heldSince) > LONG_WAIT_MS;
        return (
          <Tooltip title={fullTime(r.heldSince)}>
            <span style={{ color: long ? '#d4380d' : undefined, fontVariantNumeric: 'tabular-nums' }}>
              {long ? <WarningOutlined style={{ marginRight: 4 }} /> : null}
              {sinceText(r.heldSince, now, t)}
            </span>
          </Tooltip>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => pass([r])} disabled={r.passedByMe} data-testid={`queue-pass-${r.serial}`}>
            {t('item.action.pass')}
          </Button>
          {r.forwarded ? null : (
            <Button type="link" size="small" onClick={() => setModal({ kind: 'return', targets: [r] })} data-testid={`queue-return-${r.serial}`}>
              {t('item.action.return')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const help = (
    <div style={{ minWidth: 220 }} data-testid="shortcut-help-panel">
      {SHORTCUT_HELP.map((h) => (
        <div key={h.command} style={{ display: 'flex', justifyContent: 'space-between', gap: 16, padding: '3px 0' }}>
          <span>
            {h.keys.map((k) => (
              <kbd key={k} className="xb-kbd">
                {k}
              </kbd>
            ))}
          </span>
          <span style={{ color: '#595959' }}>{t(HELP_KEYS[h.command])}</span>
        </div>
      ))}
      <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 6 }}>{t('queue.key.note')}</div>
    </div>
  );

  return (
    <Page
      title={t('menu.review')}
      sub={t('queue.sub', { n: list.total })}
      testId="review-queue-page"
      extra={
        <Space>
          <Popover content={help} title={t('queue.key.title')} open={helpOpen} onOpenChange={setHelpOpen} trigger="click" placement="bottomRight">
            <Button icon={<QuestionCircleOutlined />} data-testid="shortcut-help">
              {t('queue.key.button')}
            </Button>
          </Popover>
        </Space>
      }
    >
      <Card styles={{ body: { padding: 0 } }} className="xb-queue">
        <ListToolbar total={t('sub.total', { n: list.total })} onRefresh={load} refreshTestId="queue-refresh">
          <Segmented
            value={step}
            onChange={(v) => list.setFilters({ step: v === 'all' ? undefined : String(v) })}
            options={[{ value: 'all', label: `${t('common.all')} ${items.length}` }, ...steps.map((s) => ({ value: s.key, label: `${s.name} ${s.n}` }))]}
            data-testid="queue-steps"
          />
          <Select
            allowClear
            placeholder={t('sub.filter.kind')}
            value={kind}
            onChange={(v: SubmissionKind | undefined) => list.setFilters({ kind: v })}
            options={SUBMISSION_KINDS.map((k) => ({ value: k, label: kindLabel(k, locale) }))}
            style={{ width: 160 }}
            data-testid="queue-kind"
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
              data-testid="queue-unit"
            />
          ) : null}
          <DayRangeFilter from={list.filters.from} to={list.filters.to} onChange={(r) => list.setFilters(r)} testId="queue-days" />
          <Input.Search allowClear defaultValue={q} placeholder={t('queue.filter.q')} onChange={(e) => list.setFilters({ q: e.target.value })} style={{ width: 220 }} data-testid="queue-search" />
        </ListToolbar>
        {selected.length ? (
          <div className="xb-toolbar" style={{ background: '#fffbe6' }} data-testid="bulk-bar">
            <span>{t('queue.selected', { n: selected.length })}</span>
            <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => pass(selectedRows)} loading={busy} data-testid="bulk-pass">
              {t('queue.bulk.pass')}
            </Button>
            <Button size="small" icon={<RollbackOutlined />} onClick={() => setModal({ kind: 'return', targets: selectedRows })} data-testid="bulk-return">
              {t('queue.bulk.return')}
            </Button>
            <Button size="small" danger icon={<StopOutlined />} onClick={() => setModal({ kind: 'reject', targets: selectedRows })} data-testid="bulk-reject">
              {t('queue.bulk.reject')}
            </Button>
            <Button size="small" type="link" onClick={() => setSelected([])}>
              {t('queue.bulk.clear')}
            </Button>
          </div>
        ) : null}
        <Table<QueueItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.loading}
          onChange={list.onTableChange}
          pagination={list.pagination((n) => t('sub.total', { n }))}
          scroll={{ x: 1000 }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), columnWidth: 44 }}
          rowClassName={(_, i) => (i === cursor ? 'xb-cursor' : '')}
          onRow={(r, i) =>
            ({
              'data-testid': `queue-row-${r.serial}`,
              'data-cursor': i === cursor ? '1' : '0',
              onClick: () => setCursor(i ?? 0),
              onDoubleClick: () => navigate(`/submission/${r.id}`),
            }) as React.HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <div style={{ padding: 32, color: '#8c8c8c' }}>{t('queue.empty')}</div> }}
          data-testid="queue-table"
        />
        <div style={{ padding: '8px 16px', color: '#8c8c8c', fontSize: 12, borderTop: '1px solid #f0f0f0' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('queue.footer')}
          </Typography.Text>
        </div>
      </Card>

      <DecisionModal
        open={!!modal}
        kind={modal?.kind ?? 'return'}
        count={modal?.targets.length ?? 1}
        subject={modal && modal.targets.length === 1 ? `${modal.targets[0]!.serial} ${modal.targets[0]!.title}` : undefined}
        onCancel={() => setModal(null)}
        onSubmit={async (text) => {
          if (!modal) return;
          await runBulk(modal.targets, modal.kind === 'reject' ? { type: 'reject', reason: text } : { type: 'return', comment: text });
          setModal(null);
        }}
      />
      <Modal
        open={!!dupAsk}
        title={dupAsk ? t('queue.dup.askTitle', { n: dupAsk.flagged.length }) : ''}
        onCancel={() => setDupAsk(null)}
        destroyOnHidden
        data-testid="dup-ask"
        footer={
          dupAsk ? (
            <Space>
              <Button onClick={() => setDupAsk(null)}>{t('common.cancel')}</Button>
              <Button
                disabled={dupAsk.flagged.length === dupAsk.targets.length}
                onClick={() => {
                  const rest = dupAsk.targets.filter((x) => x.duplicates === 0);
                  setDupAsk(null);
                  void runBulk(rest, { type: 'pass' }).catch(() => undefined);
                }}
                data-testid="dup-ask-skip"
              >
                {t('queue.dup.skip', { n: dupAsk.targets.length - dupAsk.flagged.length })}
              </Button>
              <Button
                type="primary"
                onClick={() => {
                  const { targets, flagged } = dupAsk;
                  setDupAsk(null);
                  void runBulk(targets, { type: 'pass' }, flagged.map((x) => x.id)).catch(() => undefined);
                }}
                data-testid="dup-ask-all"
              >
                {t('queue.dup.passAll')}
              </Button>
            </Space>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t('queue.dup.askText')}</Typography.Paragraph>
        <ul style={{ paddingLeft: 18, margin: 0 }}>
          {dupAsk?.flagged.map((x) => (
            <li key={x.id} data-testid="dup-ask-item">
              <Link to={`/submission/${x.id}`} target="_blank">
                <span className="xb-mono">{x.serial}</span> {x.title}
              </Link>{' '}
              <Tag color="orange">{t('queue.dup', { n: x.duplicates })}</Tag>
            </li>
          ))}
        </ul>
      </Modal>
      <Modal
        open={!!results}
        title={results ? t('queue.results.title', { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length }) : ''}
        onCancel={() => setResults(null)}
        footer={
          <Button type="primary" onClick={() => setResults(null)} data-testid="bulk-results-close">
            {t('common.ok')}
          </Button>
        }
        width={720}
        destroyOnHidden
      >
        <Table<Outcome>
          rowKey={(r) => r.item.id}
          size="small"
          pagination={false}
          dataSource={results ?? []}
          scroll={{ y: 420 }}
          data-testid="bulk-results"
          onRow={(r) => ({ 'data-testid': `bulk-result-${r.item.serial}`, 'data-ok': r.ok ? '1' : '0' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('sub.col.serial'), key: 's', width: 120, render: (_, r) => <span className="xb-mono">{r.item.serial}</span> },
            { title: t('sub.col.title'), key: 't', ellipsis: true, render: (_, r) => r.item.title },
            {
              title: t('queue.results.outcome'),
              key: 'o',
              width: 260,
              render: (_, r) =>
                r.ok ? (
                  <Space size={4}>
                    <Tag color="success">{t('queue.results.ok')}</Tag>
                    {r.status ? <StatusTag status={r.status as QueueItem['status']} /> : null}
                  </Space>
                ) : (
                  <Space size={4} align="start">
                    <Tag color="error">{t('queue.results.refused')}</Tag>
                    <span style={{ fontSize: 13 }}>{refusalLabel(t, r.errorCode)}</span>
                  </Space>
                ),
            },
          ]}
        />
      </Modal>
    </Page>
  );
}
