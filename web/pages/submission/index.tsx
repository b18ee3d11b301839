/**
 * The item page: where the item is and who holds it, its content by version (with a diff between
 * two versions), files, personal-data findings, duplicate flags, the full history, and the actions the
 * viewer may take now (from the server's `actions`).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Input, Modal, Radio, Result, Row, Segmented, Select, Space, Steps, Switch, Tag, Timeline, Typography, type ButtonProps } from 'antd';
import {
  CheckOutlined,
  CloseCircleOutlined,
  CopyOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { getFeedback } from '../../app/feedback';
import { PageLoading } from '../../app/PageLoading';
import { useLocale, useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { Locale } from '../../i18n';
import { stepsFor, type ReviewState } from '../../../server/review/stages';
import { AttachmentTile, AttachmentUploader, PLAN_ACCEPT } from '../submissions/Attachments';
import { FINDING_STYLE, fullTime, Highlighted, HolderCell, KindTag, StatusTag, useNow, type Span } from '../submissions/components';
import { categoryLabel, findingKindLabel, stepLabel, fieldLabel } from '../submissions/labels';
import type { Attachment, HistoryEvent, Sensitivity, StoredFinding, TextField, Version } from '../submissions/service';
import { DecisionModal, type DecisionKind } from './DecisionModal';
import { diffStats, diffText } from './diff';
import { decide, fetchSubmission, resolveFinding, setSensitivity, submitSubmission, withdrawSubmission, type SubmissionDetail } from './service';
import '../submissions/submissions.css';

const FINAL = ['adopted', 'rejected', 'withdrawn'];

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

export default function SubmissionPage() {
  const { id = '' } = useParams();
  const t = useT();
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<'not_found' | 'failed' | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await fetchSubmission(id));
      setError(null);
    } catch (e) {
      if (isApiError(e) && e.status === 404) setError('not_found');
      else {
        setError('failed');
        showError(e);
      }
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    void load();
  }, [load]);

  if (error) {
    return (
      <Result
        status={error === 'not_found' ? '404' : 'warning'}
        title={error === 'not_found' ? t('item.notFound') : t('item.loadFailed')}
        subTitle={error === 'not_found' ? t('item.notFoundText') : undefined}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  if (!detail) return <PageLoading />;
  return <ItemView detail={detail} reload={load} />;
}

function ItemView({ detail: d, reload }: { detail: SubmissionDetail; reload: () => Promise<void> }) {
  const t = useT();
  const { locale } = useLocale();
  const { access } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const now = useNow();
  const justSubmitted = (location.state as { submitted?: boolean } | null)?.submitted === true;
  const [modal, setModal] = useState<DecisionKind | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [sensOpen, setSensOpen] = useState(false);
  const [allDups, setAllDups] = useState(false);
  // One line per earlier item, even when it was flagged for its text and for a file.
  const dups = useMemo(() => {
    const m = new Map<string, SubmissionDetail['duplicates'][number] & { key: string; reasons: { reason: 'text' | 'file'; distance: number | null }[] }>();
    d.duplicates.forEach((x, i) => {
      const key = x.earlierId ?? `hidden-${i}`;
      const e = m.get(key) ?? { ...x, key, reasons: [] };
      e.reasons.push({ reason: x.reason, distance: x.distance });
      m.set(key, e);
    });
    return [...m.values()];
  }, [d.duplicates]);
  const latest = d.versions[d.versions.length - 1];
  const progress = useMemo(() => progressOf(d), [d]);
  const isFinal = FINAL.includes(d.status);
  const canResolve = access.canResolveFindings && !isFinal && d.status !== 'draft';
  const plans = d.attachments.filter((a) => a.purpose === 'response_plan');
  const materials = d.attachments.filter((a) => a.purpose === 'material');
  const releaseNext = progress && progress.at >= 0 && progress.at === progress.steps.length - 1;
  const fb = getFeedback;

  const act = async (name: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(name);
    try {
      await fn();
      fb()?.message.success(done);
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
      {access.canDecide && !isFinal && d.status !== 'draft' ? (
        <Button icon={<EyeInvisibleOutlined />} onClick={() => setSensOpen(true)} data-testid="action-sensitivity">
          {t('item.action.sensitivity')}
        </Button>
      ) : null}
    </Space>
  );

  const openFindings = d.findings.filter((f) => f.version === d.version && f.status === 'open').length;

  return (
    <div data-testid="submission-page" data-status={d.status}>
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

      {justSubmitted && d.status !== 'draft' ? (
        <Alert type="success" showIcon closable style={{ marginBottom: 12 }} title={t('item.submittedBanner', { status: t(`sub.status.${d.status}`) })} data-testid="submitted-banner" />
      ) : null}
      {dups.length ? (
        <Alert
          type="warning"
          showIcon
          icon={<CopyOutlined />}
          style={{ marginBottom: 12 }}
          title={t('sub.dup.title', { n: dups.length })}
          data-testid="duplicates"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {(allDups ? dups : dups.slice(0, 3)).map((x) => (
                <li key={x.key} data-testid="duplicate">
                  {x.visible ? (
                    <Link to={`/submission/${x.earlierId}`}>
                      <span className="xb-mono">{x.serial}</span> {x.title}
                    </Link>
                  ) : (
                    <span data-testid="duplicate-hidden">{t('item.dup.hidden')}</span>
                  )}
                  <span style={{ color: '#8c8c8c' }}>
                    {' '}
                    · {x.unitName} · {x.reasons.map((r) => (r.reason === 'file' ? t('sub.dup.file') : t('sub.dup.text', { d: r.distance ?? 0 }))).join('、')}
                  </span>
                </li>
              ))}
              {dups.length > 3 ? (
                <li style={{ listStyle: 'none' }}>
                  <a onClick={() => setAllDups((x) => !x)} data-testid="duplicates-toggle">
                    {allDups ? t('item.dup.fewer') : t('item.dup.all', { n: dups.length })}
                  </a>
                </li>
              ) : null}
            </ul>
          }
        />
      ) : null}
      {openFindings > 0 && !isFinal ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('item.findingsBlock', { n: openFindings })} data-testid="findings-block" />
      ) : null}
      {d.sensitive && !d.hasResponsePlan && !isFinal ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('item.planMissing')} data-testid="plan-missing" /> : null}

      <Row gutter={16}>
        <Col xs={24} xl={15} style={{ minWidth: 0 }}>
          <ContentCard d={d} locale={locale} />
          <Card size="small" title={t('item.files', { n: materials.length })} style={{ marginBottom: 16 }}>
            {materials.length ? (
              <div className="xb-files" style={{ marginTop: 0 }} data-testid="item-files">
                {materials.map((a) => (
                  <AttachmentTile key={a.id} a={a} />
                ))}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('item.noFiles')} />
            )}
          </Card>
          {d.sensitive || plans.length ? <PlanCard d={d} plans={plans} reload={reload} /> : null}
        </Col>
        <Col xs={24} xl={9}>
          <FindingsCard d={d} canResolve={canResolve} reload={reload} />
          <Card size="small" title={t('item.history')} style={{ marginBottom: 16 }}>
            <History events={d.history} d={d} now={now} />
          </Card>
        </Col>
      </Row>

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
    </div>
  );
}

function versionLabel(t: ReturnType<typeof useT>, v: Version) {
  return v.submittedAt ? t('item.version.submitted', { n: v.version, at: dayjs(v.submittedAt).format('MM-DD HH:mm') }) : t('item.version.draft', { n: v.version });
}

function ContentCard({ d, locale }: { d: SubmissionDetail; locale: Locale }) {
  const t = useT();
  const versions = d.versions;
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
      {mode === 'view' ? (
        <div data-testid="version-content" data-version={v.version}>
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

function FindingsCard({ d, canResolve, reload }: { d: SubmissionDetail; canResolve: boolean; reload: () => Promise<void> }) {
  const t = useT();
  const { locale } = useLocale();
  const [older, setOlder] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<StoredFinding | null>(null);
  const [note, setNote] = useState('');
  const current = d.findings.filter((f) => f.version === d.version);
  const earlier = d.findings.filter((f) => f.version !== d.version);
  const list = older ? [...current, ...earlier] : current;

  const run = async (f: StoredFinding, action: 'confirm' | 'redact', n?: string) => {
    setBusy(f.id);
    try {
      const r = await resolveFinding(d.id, f.id, action, n);
      getFeedback()?.message.success(action === 'confirm' ? t('item.finding.confirmedDone', { n: r.openFindings }) : t('item.finding.redactedDone', { n: r.openFindings }));
      await reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const flash = (f: StoredFinding) => {
    const el = document.getElementById(`finding-${f.id}`);
    if (!el) return;
    el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el.classList.remove('xb-flash');
    void el.offsetWidth;
    el.classList.add('xb-flash');
  };

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space size={6}>
          {t('item.findings')}
          {current.some((f) => f.status === 'open') ? <Tag color="red">{current.filter((f) => f.status === 'open').length}</Tag> : null}
        </Space>
      }
      extra={
        earlier.length ? (
          <Space size={4} style={{ fontSize: 12 }}>
            <Switch size="small" checked={older} onChange={setOlder} />
            {t('item.finding.older')}
          </Space>
        ) : null
      }
      data-testid="findings-card"
    >
      {list.length === 0 ? (
        <div style={{ color: '#389e0d', fontSize: 13 }}>
          <CheckOutlined style={{ marginRight: 6 }} />
          {t('item.finding.none')}
        </div>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {list.map((f) => (
            <div key={f.id} className="xb-file" style={{ alignItems: 'flex-start', flexDirection: 'column', gap: 4 }} data-testid="finding" data-status={f.status}>
              <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap', width: '100%' }}>
                <Tag color={f.status === 'open' ? 'red' : f.status === 'confirmed' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                  {t(`item.finding.${f.status}`)}
                </Tag>
                <span style={{ fontWeight: 500 }}>{findingKindLabel(f.kind, locale)}</span>
                <span style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {fieldLabel(t, f.field)} · {t('sub.versionN', { n: f.version })}
                  {f.confidence === 'medium' ? ` · ${t('item.finding.medium')}` : ''}
                </span>
              </div>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, width: '100%' }}>
                <a className="xb-mono" onClick={() => flash(f)} style={{ fontSize: 13 }}>
                  {f.masked}
                </a>
                <div style={{ flex: 1 }} />
                {canResolve && f.status === 'open' && f.version === d.version ? (
                  <>
                    <Button
                      size="small"
                      onClick={() => {
                        setNote('');
                        setConfirming(f);
                      }}
                      loading={busy === f.id}
                      data-testid="finding-confirm"
                    >
                      {t('item.finding.confirm')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      loading={busy === f.id}
                      data-testid="finding-redact"
                      onClick={() =>
                        getFeedback()?.modal.confirm({
                          title: t('item.finding.redactTitle'),
                          content: t('item.finding.redactText', { masked: f.masked }),
                          okText: t('item.finding.redact'),
                          okButtonProps: { danger: true, 'data-testid': 'finding-redact-confirm' } as ButtonProps,
                          onOk: () => run(f, 'redact'),
                        })
                      }
                    >
                      {t('item.finding.redact')}
                    </Button>
                  </>
                ) : null}
              </div>
              {f.note ? <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('item.finding.noteShown', { note: f.note })}</div> : null}
            </div>
          ))}
        </Space>
      )}
      {current.some((f) => f.status === 'open') ? <div style={{ fontSize: 12, color: '#8c8c8c', marginTop: 8 }}>{t('item.finding.help')}</div> : null}
      <Modal
        open={!!confirming}
        title={t('item.finding.confirmTitle')}
        onCancel={() => setConfirming(null)}
        okText={t('item.finding.confirm')}
        okButtonProps={{ 'data-testid': 'finding-confirm-ok' } as ButtonProps}
        onOk={async () => {
          if (!confirming) return;
          await run(confirming, 'confirm', note.trim() || undefined);
          setConfirming(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('item.finding.confirmText')}</Typography.Paragraph>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('item.finding.notePlaceholder')} />
      </Modal>
    </Card>
  );
}

const EVENT_COLOR: Record<HistoryEvent['type'], string> = { submitted: 'blue', resubmitted: 'blue', passed: 'green', returned: 'orange', rejected: 'red', withdrawn: 'gray' };

function History({ events, d, now }: { events: HistoryEvent[]; d: SubmissionDetail; now: number }) {
  const t = useT();
  const { locale } = useLocale();
  const items = events.map((e, i) => ({
    key: `${e.at}-${i}`,
    color: EVENT_COLOR[e.type],
    icon: e.type === 'rejected' ? <CloseCircleOutlined style={{ color: '#cf1322' }} /> : undefined,
    title: <span style={{ fontSize: 12, color: '#8c8c8c' }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</span>,
    content: (
      <div data-testid="history-event" data-type={e.type}>
        <div>
          <b style={{ fontWeight: 500 }}>{e.byName}</b> {t(`item.event.${e.type}`)}
          {e.step ? <Tag style={{ marginLeft: 6 }}>{stepLabel(e.step, e.stepName, locale)}</Tag> : null}
          <span style={{ color: '#bfbfbf', fontSize: 12, marginLeft: 6 }}>{t('sub.versionN', { n: e.version })}</span>
        </div>
        {e.comment ? (
          <div style={{ whiteSpace: 'pre-wrap', background: e.type === 'rejected' ? '#fff2f0' : '#fffbe6', padding: '4px 8px', borderRadius: 4, marginTop: 4, fontSize: 13 }}>{e.comment}</div>
        ) : null}
      </div>
    ),
  }));
  if (d.holder.kind === 'step') {
    items.push({
      key: 'pending',
      color: 'gray',
      icon: undefined,
      title: <span style={{ fontSize: 12, color: '#8c8c8c' }}>{t('item.event.now')}</span>,
      content: (
        <div style={{ color: '#8c8c8c' }}>
          <HolderCell holder={d.holder} heldSince={d.heldSince} now={now} />
        </div>
      ),
    });
  }
  if (!items.length) return <div style={{ color: '#8c8c8c', fontSize: 13 }}>{t('item.noHistory')}</div>;
  return <Timeline items={items} data-testid="history" />;
}

function PlanCard({ d, plans, reload }: { d: SubmissionDetail; plans: Attachment[]; reload: () => Promise<void> }) {
  const t = useT();
  const { access } = useSession();
  const canUpload = (d.isOwner || access.canDecide) && !FINAL.includes(d.status);
  return (
    <Card size="small" title={t('sub.form.responsePlan')} style={{ marginBottom: 16 }} className="xb-card-sensitive" data-testid="plan-card">
      {canUpload ? (
        <AttachmentUploader
          submissionId={d.id}
          purpose="response_plan"
          items={plans}
          onAdded={() => void reload()}
          onRemoved={() => void reload()}
          rules={{ maxFiles: 10, maxFileBytes: { image: 20 * 1024 * 1024, video: 20 * 1024 * 1024, document: 20 * 1024 * 1024 } }}
          accept={PLAN_ACCEPT}
          hint={t('sub.form.responsePlanHint')}
          testId="plan-input"
          disabled={false}
        />
      ) : plans.length ? (
        <div className="xb-files" style={{ marginTop: 0 }}>
          {plans.map((a) => (
            <AttachmentTile key={a.id} a={a} />
          ))}
        </div>
      ) : (
        <div style={{ color: '#8c8c8c' }}>{t('item.noPlan')}</div>
      )}
    </Card>
  );
}

function SensitivityModal({ open, d, onClose, reload }: { open: boolean; d: SubmissionDetail; onClose: () => void; reload: () => Promise<void> }) {
  const t = useT();
  const [sensitive, setSens] = useState(d.sensitive);
  const [kind, setKind] = useState<Sensitivity | null>(d.sensitivity);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setSens(d.sensitive);
      setKind(d.sensitivity);
    }
  }, [open, d.sensitive, d.sensitivity]);
  return (
    <Modal
      open={open}
      title={t('item.sens.title')}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: sensitive && !kind }}
      onOk={async () => {
        setBusy(true);
        try {
          await setSensitivity(d.id, sensitive, sensitive ? kind : null);
          getFeedback()?.message.success(t('common.saved'));
          onClose();
          await reload();
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('item.sens.text')}</Typography.Paragraph>
      <Space orientation="vertical">
        <Space>
          <Switch checked={sensitive} onChange={setSens} data-testid="sens-switch" />
          {t('sub.field.sensitive')}
        </Space>
        {sensitive ? (
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Sensitivity)}>
            <Radio value="misconduct">{t('sub.sensitivity.misconduct')}</Radio>
            <Radio value="ongoing_case">{t('sub.sensitivity.ongoing_case')}</Radio>
          </Radio.Group>
        ) : null}
        {d.sensitive && !sensitive && d.status === 'sensitive_approval' ? <Alert type="info" showIcon title={t('item.sens.stillWaiting')} /> : null}
      </Space>
    </Modal>
  );
}
