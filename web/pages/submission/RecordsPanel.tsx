/**
 * Records of use beside the review history: a timeline of every use of the accepted item (briefing,
 * upper level, media, broadcast, awards), newest first, with evidence, who recorded it and each
 * correction; editors of the item's unit add, correct and withdraw (with a reason).
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Input, Modal, Space, Tag, Timeline, Typography, type ButtonProps } from 'antd';
import { PaperClipOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { useLocale, useT } from '../../app/locale';
import { getFeedback } from '../../app/feedback';
import { showError } from '../../app/request';
import type { MessageKey } from '../../i18n';
import type { PanelProps } from './item';
import { RecordForm } from './RecordForm';
import { evidenceUrl, fetchRecords, withdrawRecord, type RecordItem, type RecordsAnswer } from './records-service';

const KIND_COLOR: Record<string, string> = { briefing_use: 'blue', upper_adoption: 'purple', recommendation: 'cyan', media: 'green', broadcast: 'geekblue', award_work: 'gold', award_person: 'orange' };

export function RecordsPanel({ d }: PanelProps) {
  const t = useT();
  const [data, setData] = useState<RecordsAnswer | null>(null);
  const [editing, setEditing] = useState<RecordItem | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [withdrawing, setWithdrawing] = useState<RecordItem | null>(null);
  const [flash, setFlash] = useState<string | null>(null);

  const load = useCallback(() => fetchRecords(d.id).then(setData, showError), [d.id]);
  useEffect(() => {
    void load();
  }, [load, d.status]);
  // A link to #record-<id> (the duplicate's "open the existing record") highlights it.
  useEffect(() => {
    const onHash = () => {
      const m = /^#record-(.+)$/.exec(window.location.hash);
      if (!m) return;
      setFlash(m[1]!);
      document.getElementById(`record-${m[1]}`)?.scrollIntoView({ block: 'center' });
    };
    onHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [data]);

  if (!data || (!data.accepted && !data.records.length)) return null;
  const saved = (msg: MessageKey) => {
    setFormOpen(false);
    setEditing(null);
    getFeedback()?.message.success(t(msg));
    void load();
  };
  return (
    <Card
      size="small"
      title={t('records.title')}
      style={{ marginBottom: 16 }}
      data-testid="records-panel"
      extra={
        data.canRecord ? (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => { setEditing(null); setFormOpen(true); }} data-testid="record-add">
            {t('records.add')}
          </Button>
        ) : null
      }
    >
      {data.records.length ? (
        <Timeline
          data-testid="records-timeline"
          items={data.records.map((r) => ({
            key: r.id,
            color: r.status === 'withdrawn' ? 'gray' : (KIND_COLOR[r.kind] ?? 'blue'),
            title: <span style={{ fontSize: 12, color: '#8c8c8c' }}>{r.usedOn}</span>,
            content: (
              <RecordEntry
                r={r}
                flash={flash === r.id}
                canChange={data.canRecord && r.status === 'active'}
                onCorrect={() => { setEditing(r); setFormOpen(true); }}
                onWithdraw={() => setWithdrawing(r)}
              />
            ),
          }))}
        />
      ) : (
        <div style={{ color: '#8c8c8c', fontSize: 13 }}>{data.accepted ? t('records.empty') : t('records.notAccepted')}</div>
      )}
      <RecordForm
        open={formOpen}
        itemId={d.id}
        unitId={d.unitId}
        authors={d.authors}
        editing={editing}
        onClose={() => { setFormOpen(false); setEditing(null); }}
        onSaved={() => saved(editing ? 'records.corrected' : 'records.saved')}
      />
      <WithdrawModal
        record={withdrawing}
        onCancel={() => setWithdrawing(null)}
        onSubmit={async (reason) => {
          await withdrawRecord(withdrawing!.id, reason, withdrawing!.rev);
          setWithdrawing(null);
          saved('records.withdrawDone');
        }}
      />
    </Card>
  );
}

function RecordEntry({ r, flash, canChange, onCorrect, onWithdraw }: { r: RecordItem; flash: boolean; canChange: boolean; onCorrect: () => void; onWithdraw: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const off = r.status === 'withdrawn';
  const lvl = (x: string | null) => (x ? t(`records.awardLevel.${x}` as MessageKey) : '');
  const what =
    r.kind === 'briefing_use'
      ? t('records.briefing', { label: r.briefingLabel ?? '', mode: r.mode ? t(`records.mode.${r.mode}` as MessageKey) : '' })
      : r.kind === 'upper_adoption' || r.kind === 'recommendation'
        ? (locale === 'en' ? r.levelName?.en : r.levelName?.zh) ?? r.level
        : r.kind === 'media'
          ? [r.outletName, r.channelName, r.columnName].filter(Boolean).join(' · ')
          : r.kind === 'broadcast'
            ? `${r.platform ?? ''}（${r.scope ? t(`records.scope.${r.scope}` as MessageKey) : ''}）`
            : r.kind === 'award_work'
              ? `${lvl(r.level)} · ${r.awardName ?? ''}`
              : `${r.personName ?? ''} · ${lvl(r.level)} · ${r.awardName ?? ''}`;
  return (
    <div
      id={`record-${r.id}`}
      data-testid="record-entry"
      data-kind={r.kind}
      data-status={r.status}
      style={{ background: flash ? '#fffbe6' : undefined, borderRadius: 4, padding: flash ? 4 : 0, transition: 'background .3s' }}
    >
      <div style={{ textDecoration: off ? 'line-through' : undefined, color: off ? '#8c8c8c' : undefined }}>
        <Tag color={off ? undefined : KIND_COLOR[r.kind]}>{t(`records.kind.${r.kind}` as MessageKey)}</Tag>
        <span>{what}</span>
        {r.centralQualifying ? (
          <Tag color="red" style={{ marginLeft: 6 }} icon={<StarFilled />}>
            {t('records.qualifying')}
          </Tag>
        ) : null}
        {off ? <Tag style={{ marginLeft: 6 }}>{t('records.withdrawn')}</Tag> : null}
      </div>
      {r.url ? (
        <div style={{ fontSize: 12, wordBreak: 'break-all' }}>
          <a href={r.url} target="_blank" rel="noopener noreferrer nofollow">
            {r.url}
          </a>
        </div>
      ) : null}
      {r.evidenceUrl ? (
        <div style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {t('records.evidenceUrl')}：
          <a href={r.evidenceUrl} target="_blank" rel="noopener noreferrer nofollow">
            {r.evidenceUrl}
          </a>
        </div>
      ) : null}
      {r.evidence.map((f) => (
        <div key={f.id} style={{ fontSize: 12 }}>
          <PaperClipOutlined />{' '}
          <a href={evidenceUrl(f.id, f.fileKind === 'image')} target="_blank" rel="noopener noreferrer" data-testid="record-evidence-file">
            {f.filename}
          </a>
        </div>
      ))}
      {r.note ? <div style={{ fontSize: 12, color: '#595959' }}>{r.note}</div> : null}
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>
        {r.source !== 'manual' ? t(`records.source.${r.source}` as MessageKey) : r.recordedByName ? t('records.recordedBy', { name: r.recordedByName }) : null}
      </div>
      {r.revisions.map((v, i) => (
        <div key={i} style={{ fontSize: 12, background: '#fafafa', padding: '2px 6px', borderRadius: 4, marginTop: 2 }} data-testid="record-revision">
          {t(v.action === 'withdraw' ? 'records.revision.withdraw' : 'records.revision.correct', { name: v.byName ?? '系统', reason: v.reason })}
        </div>
      ))}
      {canChange ? (
        <Space size={4} style={{ marginTop: 2 }}>
          {r.kind !== 'briefing_use' ? (
            <Button size="small" type="link" style={{ padding: 0 }} onClick={onCorrect} data-testid="record-correct">
              {t('records.correct')}
            </Button>
          ) : null}
          <Button size="small" type="link" danger style={{ padding: 0 }} onClick={onWithdraw} data-testid="record-withdraw">
            {t('records.withdraw')}
          </Button>
        </Space>
      ) : null}
    </div>
  );
}

function WithdrawModal({ record, onCancel, onSubmit }: { record: RecordItem | null; onCancel: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    setReason('');
    setTouched(false);
  }, [record]);
  const empty = !reason.trim();
  return (
    <Modal
      open={!!record}
      title={t('records.withdrawTitle')}
      onCancel={onCancel}
      confirmLoading={busy}
      okButtonProps={{ danger: true, 'data-testid': 'record-withdraw-ok' } as ButtonProps}
      onOk={async () => {
        setTouched(true);
        if (empty) return;
        setBusy(true);
        try {
          await onSubmit(reason.trim());
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Text>{t('records.reason')}</Typography.Text>
      <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} status={touched && empty ? 'error' : undefined} data-testid="record-withdraw-reason" />
      {touched && empty ? <div style={{ color: '#cf1322', fontSize: 12 }}>{t('records.reasonRequired')}</div> : null}
    </Modal>
  );
}
