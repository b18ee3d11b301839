/**
 * Review-chain settings (审核流程设置), for administrators (review.configure): per organisation and
 * per kind of submission, the steps an item passes — unit approval, the review stages and who holds
 * each, sensitive-content approval, the four-eyes rule. A saved chain applies to new submissions;
 * items in flight keep the chain they started with.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Card, Empty, Select, Space, Tabs, Tag, Tooltip } from 'antd';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { PageLoading } from '../../app/PageLoading';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { Unit } from '../../app/types';
import { ROLE_PERMISSIONS } from '../../../server/access/roles';
import { kindLabel, SUBMISSION_KINDS } from '../submissions/labels';
import { isDefaultChain } from './chain-form';
import { ChainEditor } from './ChainEditor';
import { fetchChains, fetchUnits, type ChainRow, type ReviewChain, type SubmissionKind } from './service';
import './review-chains.css';

export default function ReviewChainsPage() {
  const t = useT();
  const { locale } = useLocale();
  const { me } = useSession();
  const [rows, setRows] = useState<ChainRow[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [rootId, setRootId] = useState<string | undefined>();
  const [kind, setKind] = useState<SubmissionKind>('briefing_item');
  const [dirty, setDirty] = useState<Record<string, boolean>>({});

  const load = useCallback(async () => {
    try {
      setRows(await fetchChains());
    } catch (e) {
      showError(e);
      setRows([]);
    }
  }, []);

  useEffect(() => {
    void load();
    fetchUnits().then(setUnits, () => undefined); // names only: the page works without them
  }, [load]);

  const roots = useMemo(() => [...new Set((rows ?? []).map((r) => r.rootUnitId))], [rows]);
  const root = rootId && roots.includes(rootId) ? rootId : roots[0];
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  // The server saves a chain only for an administrator of the organisation's top unit.
  const canEdit = (id: string) => !!me?.roles.some((g) => g.unitId === id && ROLE_PERMISSIONS[g.role].includes('review.configure'));

  const onSaved = useCallback((rootUnitId: string, k: SubmissionKind, chain: ReviewChain) => {
    setRows((rs) => (rs ?? []).map((r) => (r.rootUnitId === rootUnitId && r.kind === k ? { ...r, chain, custom: true } : r)));
  }, []);
  const dirtyHandlers = useMemo(() => {
    const m = new Map<string, (d: boolean) => void>();
    for (const r of roots)
      for (const k of SUBMISSION_KINDS) {
        const id = `${r}:${k}`;
        m.set(id, (d: boolean) => setDirty((x) => (x[id] === d ? x : { ...x, [id]: d })));
      }
    return m;
  }, [roots]);

  if (rows === null) return <PageLoading />;

  return (
    <Page
      title={t('menu.reviewChains')}
      sub={roots.length === 1 && root ? `${unitName(root)} · ${t('chains.sub')}` : t('chains.sub')}
      testId="review-chains-page"
      extra={
        roots.length > 1 ? (
          <Space>
            <span>{t('chains.org')}</span>
            <Select
              style={{ minWidth: 220 }}
              value={root}
              onChange={setRootId}
              options={roots.map((id) => ({ value: id, label: unitName(id) }))}
              data-testid="chains-org"
            />
          </Space>
        ) : null
      }
    >
      <Alert type="info" showIcon title={t('chains.inFlight')} style={{ marginBottom: 12 }} data-testid="chains-in-flight" />
      {root && !canEdit(root) ? <Alert type="warning" showIcon title={t('chains.readOnly')} style={{ marginBottom: 12 }} data-testid="chains-read-only" /> : null}
      {!root ? (
        <Card>
          <Empty description={t('chains.none')} />
        </Card>
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={kind}
            onChange={(k) => setKind(k as SubmissionKind)}
            data-testid="chains-tabs"
            items={SUBMISSION_KINDS.map((k) => {
              const row = rows.find((r) => r.rootUnitId === root && r.kind === k);
              const id = `${root}:${k}`;
              const custom = !!row && row.custom && !isDefaultChain(row.chain, k);
              return {
                key: k,
                label: (
                  <span data-testid={`chains-tab-${k}`}>
                    {kindLabel(k, locale)}
                    {dirty[id] ? (
                      <Tooltip title={t('chains.tag.unsaved')}>
                        <Badge status="warning" style={{ marginInlineStart: 6 }} data-testid={`chains-tab-unsaved-${k}`} />
                      </Tooltip>
                    ) : null}
                    <Tag color={custom ? 'red' : 'default'} variant="outlined" style={{ marginInlineStart: 6, marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
                      {custom ? t('chains.tag.custom') : t('chains.tag.default')}
                    </Tag>
                  </span>
                ),
                children: row ? (
                  <ChainEditor
                    key={id}
                    row={row}
                    readOnly={!canEdit(root)}
                    onSaved={(chain) => onSaved(root, k, chain)}
                    onDirtyChange={dirtyHandlers.get(id) ?? (() => undefined)}
                  />
                ) : null,
              };
            })}
          />
        </Card>
      )}
    </Page>
  );
}
