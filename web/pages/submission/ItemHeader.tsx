/**
 * The top of the item page: serial, kind, status, title, the facts (unit, submitter, who holds it),
 * the progress through the review steps, and the actions the viewer may take now (from the server's
 * `actions`) with their confirmations.
 */
import { useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Space, Steps, Switch, Tag, Tooltip, type ButtonProps } from 'antd';
import { CheckOutlined, EditOutlined, EyeInvisibleOutlined, RollbackOutlined, SendOutlined, StopOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { getFeedback } from '../../app/feedback';
import { useLocale, useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import { stepsFor, type ReviewState } from '../../../server/submissions/stages';
import { HolderCell, KindTag, StatusTag } from '../submissions/components';
import { stepLabel } from '../submissions/labels';
import { DecisionModal, type DecisionKind } from './DecisionModal';
import { isFinal, type PanelProps } from './item';
import { SensitivityModal } from './SensitivityModal';
import { decide, forwardSubmission, submitSubmission, withdrawSubmission, type SubmissionDetail } from './service';
import { fetchQueue } from '../review/service';

/** The reviewer's own setting "open the next item after a decision" (default on), kept per person in this browser. */
const autoNextKey = (personId: string) => `xb.autoNext.${personId}`;
export function readAutoNext(personId: string | undefined): boolean {
  if (!personId) return true;
  try {
    return globalThis.localStorage?.getItem(autoNextKey(personId)) !== '0';
  } catch {
    return true;
  }
}
function writeAutoNext(personId: string | undefined, on: boolean) {
  if (!personId) return;
  try {
    globalThis.localStorage?.setItem(autoNextKey(personId), on ? '1' : '0');
  } catch {
    // storage unavailable (private mode): the setting lasts for this page only
  }
}


/** The path this item takes (for the progress bar) and where it is now. */
function progressOf(d: SubmissionDetail) {
  if (!d.chain) return null;
  const state = { status: d.status, stageIndex: null, version: d.version, approvals: [], sensitive: d.sensitive, hasResponsePlan: d.hasResponsePlan, openFindings: d.openFindings } as ReviewState;
  const steps = stepsFor(d.chain, state);
  const holder = d.holder;
  let at = holder.kind === 'step' ? steps.findIndex((s) => s.key === holder.step) : -1;
  if (d.status === 'rejected') {
    // Where it was rejected: the step of the last rejection.
    const last = [...d.history].reverse().find((h) => h.type === 'rejected');
    at = steps.findIndex((s) => s.key === last?.step);
  }
  return { steps, at };
}


export function ItemHeader({ d, reload, now }: PanelProps) {
  const t = useT();
  const { locale } = useLocale();
  const { access, me } = useSession();
  const navigate = useNavigate();
  const [autoNext, setAutoNext] = useState(() => readAutoNext(me?.id));
  const [queueEmpty, setQueueEmpty] = useState(false);
  const location = useLocation();
  const justSubmitted = (location.state as { submitted?: boolean } | null)?.submitted === true;
  const [modal, setModal] = useState<DecisionKind | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [sensOpen, setSensOpen] = useState(false);
  const latest = d.versions[d.versions.length - 1];
  const progress = useMemo(() => progressOf(d), [d]);
  const final = isFinal(d.status);
  const releaseNext = progress && progress.at >= 0 && progress.at === progress.steps.length - 1;
  const fb = getFeedback;

  /** After a decision: the next item of the reviewer's queue (their setting), or say that the queue is empty. */
  const goNext = async (): Promise<boolean> => {
    if (!autoNext || !access.canReview) return false;
    try {
      const q = await fetchQueue({ page: 1, pageSize: 5 });
      const next = q.items.find((i) => i.id !== d.id);
      if (next) {
        fb()?.message.info(t('item.next.opened', { serial: next.serial }));
        navigate(`/submission/${next.id}`);
        return true;
      }
      setQueueEmpty(true);
    } catch {
      // the queue could not be read: stay on this item
    }
    return false;
  };

  const act = async (name: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(name);
    try {
      await fn();
      fb()?.message.success(done);
      if (['pass', 'return', 'reject'].includes(name) && (await goNext())) return;
      await reload();
    } catch (e) {
      showError(e);
      if (isApiError(e) && e.code === 'submission/stale') await reload();
      throw e;
    } finally {
      setBusy(null);
    }
  };

  const confirmPass = () => {
    const step = d.holder.kind === 'step' ? stepLabel(d.holder.step, d.holder.name, locale) : '';
    fb()?.modal.confirm({
      title: t('item.pass.confirmTitle', { step }),
      content: releaseNext ? t('item.pass.releaseText') : t('item.pass.text'),
      okText: t('item.pass.ok'),
      okButtonProps: { 'data-testid': 'pass-confirm' } as ButtonProps,
      onOk: () => act('pass', () => decide(d.id, { type: 'pass' }, d.rev), t('item.pass.done')).catch(() => undefined),
    });
  };
  const confirmWithdraw = () => {
    fb()?.modal.confirm({
      title: t('item.withdraw.confirmTitle'),
      content: t('item.withdraw.text'),
      okText: t('item.withdraw.ok'),
      okButtonProps: { danger: true, 'data-testid': 'withdraw-confirm' } as ButtonProps,
      onOk: () => act('withdraw', () => withdrawSubmission(d.id), t('item.withdraw.done')).catch(() => undefined),
    });
  };
  const confirmResubmit = () => {
    fb()?.modal.confirm({
      title: t('item.resubmit.confirmTitle'),
      content: t('item.resubmit.text'),
      okText: t('item.resubmit.ok'),
      okButtonProps: { 'data-testid': 'resubmit-confirm' } as ButtonProps,
      onOk: () => act('resubmit', () => submitSubmission(d.id), t('item.resubmit.done')).catch(() => undefined),
    });
  };

  const confirmForward = () => {
    const to = d.forwardTo;
    if (!to) return;
    const office = `${to.upperName}${to.level ? t('forward.level', { level: to.level }) : ''}`;
    fb()?.modal.confirm({
      title: t('forward.confirmTitle', { office }),
      content: t('forward.confirmText', { office: to.upperName }),
      okText: t('forward.ok'),
      okButtonProps: { 'data-testid': 'forward-confirm' } as ButtonProps,
      onOk: () => act('forward', () => forwardSubmission(d.id), t('forward.done', { office: to.upperName })).catch(() => undefined),
    });
  };

  const has = (a: string) => d.actions.includes(a as SubmissionDetail['actions'][number]);
  const actionBar = (
    <Space wrap data-testid="action-bar">
      {d.editable && d.status === 'draft' ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/submissions/${d.id}/edit`)} data-testid="action-edit">
          {t('item.action.continue')}
        </Button>
      ) : null}
      {d.editable && d.status === 'returned' ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/submissions/${d.id}/edit`)} data-testid="action-revise">
          {t('item.action.revise')}
        </Button>
      ) : null}
      {has('resubmit') ? (
        <Button icon={<SendOutlined />} onClick={confirmResubmit} loading={busy === 'resubmit'} data-testid="action-resubmit">
          {t('item.action.resubmit')}
        </Button>
      ) : null}
      {has('pass') ? (
        <Button type="primary" icon={<CheckOutlined />} onClick={confirmPass} loading={busy === 'pass'} data-testid="action-pass">
          {releaseNext ? t('item.action.release') : t('item.action.pass')}
        </Button>
      ) : null}
      {has('return') ? (
        <Button icon={<RollbackOutlined />} onClick={() => setModal('return')} data-testid="action-return">
          {t('item.action.return')}
        </Button>
      ) : null}
      {has('reject') ? (
        <Button danger icon={<StopOutlined />} onClick={() => setModal('reject')} data-testid="action-reject">
          {t('item.action.reject')}
        </Button>
      ) : null}
      {has('return') && !has('pass') ? (
        <span style={{ color: '#8c8c8c', fontSize: 12 }} data-testid="pass-blocked">
          {releaseNext && d.openFindings > 0
            ? t('item.passBlocked.findings')
            : releaseNext && d.sensitive && !d.hasResponsePlan
              ? t('item.passBlocked.plan')
              : t('item.passBlocked.fourEyes')}
        </span>
      ) : null}
      {has('withdraw') ? (
        <Button icon={<UndoOutlined />} onClick={confirmWithdraw} loading={busy === 'withdraw'} data-testid="action-withdraw">
          {t('item.action.withdraw')}
        </Button>
      ) : null}
      {d.forwardTo ? (
        <Button type="primary" icon={<UploadOutlined />} onClick={confirmForward} loading={busy === 'forward'} data-testid="action-forward">
          {t('forward.action')}
        </Button>
      ) : null}
      {access.canReview && (has('pass') || has('return') || has('reject')) ? (
        <Tooltip title={t('item.next.settingTip')}>
          <Space size={4} style={{ fontSize: 12, color: '#595959' }}>
            <Switch
              size="small"
              checked={autoNext}
              onChange={(on) => {
                setAutoNext(on);
                writeAutoNext(me?.id, on);
              }}
              data-testid="auto-next"
            />
            {t('item.next.setting')}
          </Space>
        </Tooltip>
      ) : null}
      {access.canDecide && !final && d.status !== 'draft' ? (
        <Button icon={<EyeInvisibleOutlined />} onClick={() => setSensOpen(true)} data-testid="action-sensitivity">
          {t('item.action.sensitivity')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <>
      <div className="xb-item-head">
        <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <div style={{ flex: 1, minWidth: 320 }}>
            <Space size={8} wrap>
              <span className="xb-mono" style={{ color: '#8c8c8c' }} data-testid="item-serial">
                {d.serial ?? t('sub.serial.draft')}
              </span>
              <KindTag kind={d.kind} />
              <StatusTag status={d.status} testId="item-status" />
              {d.sensitive ? (
                <Tag color="purple" icon={<EyeInvisibleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="item-sensitive">
                  {d.sensitivity ? t(`sub.sensitivity.${d.sensitivity}`) : t('sub.sensitiveTag')}
                </Tag>
              ) : null}
              <Tag style={{ marginInlineEnd: 0 }}>{t('sub.versionN', { n: d.version })}</Tag>
            </Space>
            <h1 className="xb-item-title" data-testid="item-title">
              {d.title || <span style={{ color: '#bfbfbf' }}>{t('sub.untitled')}</span>}
            </h1>
            <div className="xb-item-facts">
              <span>
                <b>{t('item.fact.unit')}</b>
                {d.unitName}
              </span>
              <span>
                <b>{t('item.fact.submitter')}</b>
                {d.createdByName}
              </span>
              {d.authors.length ? (
                <span>
                  <b>{t('sub.field.authors')}</b>
                  {d.authors
                    .filter((a) => latest?.authorIds.includes(a.id))
                    .map((a) => a.name)
                    .join('、') || '—'}
                </span>
              ) : null}
              {d.submittedAt ? (
                <span>
                  <b>{t('item.fact.submittedAt')}</b>
                  {dayjs(d.submittedAt).format('YYYY-MM-DD HH:mm')}
                </span>
              ) : null}
              <span data-testid="item-holder">
                <b>{t('item.fact.holder')}</b>
                <HolderCell holder={d.holder} heldSince={d.heldSince} now={now} />
              </span>
              {d.case ? (
                <span>
                  <b>{t('sub.field.case')}</b>
                  {d.case.title}
                </span>
              ) : null}
            </div>
          </div>
          <div>{actionBar}</div>
        </div>
        {progress && progress.steps.length && (progress.at >= 0 || d.status === 'adopted') ? (
          <Steps
            size="small"
            style={{ marginTop: 14 }}
            current={d.status === 'adopted' ? progress.steps.length : Math.max(progress.at, 0)}
            status={d.status === 'rejected' ? 'error' : d.status === 'adopted' ? 'finish' : 'process'}
            items={progress.steps.map((s) => ({ title: stepLabel(s.key, s.name, locale) }))}
            data-testid="item-steps"
          />
        ) : null}
      </div>

      {queueEmpty ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('item.next.empty')}
          action={
            <Button size="small" onClick={() => navigate('/review')}>
              {t('item.next.back')}
            </Button>
          }
          data-testid="queue-empty"
        />
      ) : null}
      {justSubmitted && d.status !== 'draft' ? (
        <Alert type="success" showIcon closable style={{ marginBottom: 12 }} title={t('item.submittedBanner', { status: t(`sub.status.${d.status}`) })} data-testid="submitted-banner" />
      ) : null}
      <DecisionModal
        open={modal !== null}
        kind={modal ?? 'return'}
        subject={`${d.serial ?? t('sub.serial.draft')} ${d.title}`}
        onCancel={() => setModal(null)}
        onSubmit={async (text) => {
          const kind = modal;
          await act(kind ?? 'return', () => decide(d.id, kind === 'reject' ? { type: 'reject', reason: text } : { type: 'return', comment: text }, d.rev), kind === 'reject' ? t('item.reject.done') : t('item.return.done'));
          setModal(null);
        }}
      />
      <SensitivityModal open={sensOpen} d={d} onClose={() => setSensOpen(false)} reload={reload} />
    </>
  );
}
