/**
 * The submission form: a draft (or a returned item) being written. Autosaves as you type, keeps a
 * local copy, shows the live personal-data check, uploads files, and submits.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Form, Input, Popconfirm, Radio, Result, Row, Select, Space, Switch, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import { CheckCircleFilled, CloudSyncOutlined, DeleteOutlined, ExclamationCircleFilled, LoadingOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { getFeedback } from '../../app/feedback';
import { PageLoading } from '../../app/PageLoading';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import { countChars, hasContent, MATERIAL_CATEGORIES, SUBMISSION_KINDS, type KindRules } from '../../../server/submissions/kinds';
import { AttachmentUploader, PLAN_ACCEPT } from './Attachments';
import { CasePicker } from './CasePicker';
import { KindTag, LiveFindings, StatusTag } from './components';
import { clearLocal, localKey, normaliseValues, readLocal, shouldOfferRestore, type LocalCopy } from './draft-store';
import { categoryLabel, stepLabel } from './labels';
import {
  checkDuplicates,
  checkText,
  createDraft,
  discardDraft,
  fetchKinds,
  fetchSubmission,
  fetchUnitPeople,
  submitSubmission,
  type Attachment,
  type DraftValues,
  type KindsInfo,
  type LiveFinding,
  type PersonOption,
  type SaveResult,
  type SubmissionDetail,
  type SubmissionKind,
  type TextField,
} from './service';
import { useAutosave, type SaveState } from './useAutosave';
import { DuplicateList, type DuplicateLine } from '../submission/DuplicatesPanel';
import './submissions.css';

/** The form's values: the draft plus a slot for errors about the files. */
type FormValues = DraftValues & { attachments?: unknown };

const storage = () => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
};

/** The values the form starts from: the latest version and the item's flags. */
function serverValues(d: SubmissionDetail): { values: DraftValues; savedAt: string | null } {
  const v = d.versions[d.versions.length - 1];
  return {
    values: normaliseValues({
      title: v?.title ?? d.title,
      body: v?.body ?? '',
      situationNote: v?.situationNote ?? '',
      authorIds: v?.authorIds ?? [],
      tags: v?.tags ?? d.tags,
      category: v?.category ?? d.category,
      sensitive: d.sensitive,
      sensitivity: d.sensitivity,
      caseId: d.case?.id ?? null,
    }),
    savedAt: v?.savedAt ?? null,
  };
}

/**
 * A new item of a kind, before anything is typed: not on the server yet (no draft, no number). Only
 * the fields the form reads are filled; its first save with content creates it (useAutosave `create`).
 */
function unsavedDetail(kind: SubmissionKind, me: { id: string; name: string; unitId: string; unitName: string }): SubmissionDetail {
  const blank: Partial<SubmissionDetail> = {
    id: '',
    kind,
    serial: null,
    title: '',
    status: 'draft',
    version: 1,
    rev: 0,
    unitId: me.unitId,
    unitName: me.unitName,
    tags: [],
    category: null,
    sensitive: false,
    sensitivity: null,
    case: null,
    submittedAt: null,
    editable: true,
    versions: [],
    attachments: [],
    history: [],
    authors: [{ id: me.id, name: me.name }],
  };
  // The rest of the detail (findings, duplicates, actions…) belongs to a stored item; the form never reads it.
  return blank as SubmissionDetail;
}

export default function EditSubmissionPage() {
  const { id = '', kind } = useParams();
  const t = useT();
  const { me } = useSession();
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [kinds, setKinds] = useState<KindsInfo | null>(null);
  const [failed, setFailed] = useState(false);
  const newKind = (SUBMISSION_KINDS as readonly string[]).includes(kind ?? '') ? (kind as SubmissionKind) : null;

  useEffect(() => {
    let live = true;
    setDetail(null);
    if (kind !== undefined) {
      // Choosing a kind makes no draft: the form opens empty and the first typed text creates it.
      if (!newKind || !me) {
        setFailed(true);
        return;
      }
      fetchKinds().then(
        (k) => {
          if (!live) return;
          setDetail(unsavedDetail(newKind, me));
          setKinds(k);
        },
        (e: unknown) => {
          if (!live) return;
          setFailed(true);
          showError(e);
        },
      );
      return () => {
        live = false;
      };
    }
    Promise.all([fetchSubmission(id), fetchKinds()]).then(
      ([d, k]) => {
        if (!live) return;
        setDetail(d);
        setKinds(k);
      },
      (e: unknown) => {
        if (!live) return;
        setFailed(true);
        showError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [id, kind, newKind, me]);

  if (failed) {
    return (
      <Result
        status="warning"
        title={t('sub.form.loadFailed')}
        extra={
          <Link to="/submissions">
            <Button>{t('sub.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!detail || !kinds) return <PageLoading />;
  if (!detail.editable) {
    return (
      <Result
        status="info"
        title={t('sub.form.notEditable')}
        subTitle={t('sub.form.notEditableText')}
        extra={
          <Link to={`/submission/${detail.id}`}>
            <Button type="primary">{t('sub.openItem')}</Button>
          </Link>
        }
      />
    );
  }
  return <DraftForm key={detail.id || `new-${detail.kind}`} detail={detail} kinds={kinds} />;
}

function SaveIndicator({ state }: { state: SaveState }) {
  const t = useT();
  const time = state.savedAt ? dayjs(state.savedAt).format('HH:mm:ss') : null;
  let body;
  if (state.status === 'saving') {
    body = (
      <span style={{ color: '#8c8c8c' }}>
        <LoadingOutlined style={{ marginRight: 6 }} />
        {t('sub.save.saving')}
      </span>
    );
  } else if (state.status === 'pending') {
    body = (
      <span style={{ color: '#8c8c8c' }}>
        <CloudSyncOutlined style={{ marginRight: 6 }} />
        {t('sub.save.pending')}
      </span>
    );
  } else if (state.status === 'error') {
    const msg = isApiError(state.error) ? state.error.message : t('error.unexpected');
    body = (
      <Tooltip title={msg}>
        <span style={{ color: '#cf1322' }}>
          <ExclamationCircleFilled style={{ marginRight: 6 }} />
          {isApiError(state.error) && state.error.code === 'common/state_secret' ? t('sub.save.secret') : t('sub.save.failed')}
        </span>
      </Tooltip>
    );
  } else if (time) {
    body = (
      <span style={{ color: '#389e0d' }}>
        <CheckCircleFilled style={{ marginRight: 6 }} />
        {t('sub.save.savedAt', { time })}
      </span>
    );
  } else {
    body = <span style={{ color: '#8c8c8c' }}>{t('sub.save.auto')}</span>;
  }
  return (
    <span data-testid="save-state" data-status={state.status} style={{ fontSize: 13 }}>
      {body}
    </span>
  );
}

function CharCount({ n, max }: { n: number; max: number }) {
  const t = useT();
  const over = n > max;
  return (
    <span data-testid="body-count" data-over={over ? '1' : '0'} style={{ color: over ? '#cf1322' : '#8c8c8c', fontWeight: over ? 600 : 400, fontVariantNumeric: 'tabular-nums' }}>
      {t('sub.form.count', { n, max })}
    </span>
  );
}

function RulesCard({ rules, kind }: { rules: KindRules; kind: SubmissionDetail['kind'] }) {
  const t = useT();
  const lines: string[] = [t('sub.rules.body', { max: rules.maxBodyChars })];
  if (rules.situationNoteRequired) lines.push(t('sub.rules.situationNote'));
  if (rules.categoryRequired) lines.push(t('sub.rules.category'));
  if (rules.filesRequired) lines.push(t('sub.rules.files'));
  if (kind === 'lead') lines.push(t('sub.rules.unitApproval'));
  lines.push(t('sub.rules.maxFiles', { n: rules.maxFiles }));
  lines.push(t('sub.rules.noSecrets'));
  return (
    <ul className="xb-rules">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

function DraftForm({ detail, kinds }: { detail: SubmissionDetail; kinds: KindsInfo }) {
  const t = useT();
  const { locale } = useLocale();
  const { me } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const kindInfo = kinds.kinds.find((k) => k.key === detail.kind);
  const rules = kindInfo!.rules;
  const initial = useMemo(() => {
    const v = serverValues(detail);
    // A new item's default author is the person writing it (as the server would set).
    return detail.id ? v : { ...v, values: { ...v.values, authorIds: detail.authors.map((a) => a.id) } };
  }, [detail]);
  // '' until the first typed text creates the draft (then the address becomes its edit page).
  const [itemId, setItemId] = useState(detail.id);
  const key = localKey(me?.id ?? 'anon', detail.id || `new-${detail.kind}`);
  const [restore, setRestore] = useState<LocalCopy | null>(() => {
    const local = readLocal(storage(), key);
    return shouldOfferRestore(local, initial) ? local : null;
  });
  const [findings, setFindings] = useState<{ list: LiveFinding[]; texts: Record<TextField, string> }>({ list: [], texts: { title: '', body: '', situationNote: '' } });
  const [files, setFiles] = useState<Attachment[]>(detail.attachments.filter((a) => a.purpose === 'material'));
  const [plans, setPlans] = useState<Attachment[]>(detail.attachments.filter((a) => a.purpose === 'response_plan'));
  const [people, setPeople] = useState<PersonOption[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const fieldErrorsShown = useRef(false);

  const autosave = useAutosave({
    id: detail.id,
    storageKey: key,
    rev: detail.rev,
    baseline: initial.values,
    savedAt: initial.savedAt,
    create: async (v) => {
      const { authorIds, ...rest } = v;
      const { id: made } = await createDraft({ kind: detail.kind, ...rest, ...(authorIds.length ? { authorIds } : {}) });
      // The address becomes the draft's own (without remounting the form the author is typing in).
      window.history.replaceState(window.history.state, '', `/submissions/${made}/edit`);
      setItemId(made);
      const check = await checkText({ title: v.title, body: v.body, situationNote: v.situationNote, caseId: v.caseId }).catch(() => ({ findings: [] }));
      const result: SaveResult = { rev: 0, version: 1, savedAt: new Date().toISOString(), chars: countChars(v.body), findings: check.findings as SaveResult['findings'] };
      return { id: made, result };
    },
    reloadRev: async () => (await fetchSubmission(autosave.currentId())).rev,
    onSaved: (r, sent) => {
      setFindings({ list: r.findings, texts: { title: sent.title, body: sent.body, situationNote: sent.situationNote } });
      if (fieldErrorsShown.current) {
        // A save that went through clears the field errors of an earlier failed save.
        form.setFields((['title', 'body', 'situationNote'] as const).map((name) => ({ name, errors: [] })));
        fieldErrorsShown.current = false;
      }
    },
    onFailed: (e) => {
      // Field-bound errors (e.g. a state-secret marking) go next to the field; no toast on every keystroke.
      if (isApiError(e) && e.fields.length) {
        const named = e.fields.filter((f) => ['title', 'body', 'situationNote'].includes(f.path));
        if (named.length) {
          form.setFields(named.map((f) => ({ name: f.path as TextField, errors: [e.code === 'common/state_secret' ? e.message : f.message] })));
          fieldErrorsShown.current = true;
        }
      }
    },
  });

  useEffect(() => {
    fetchUnitPeople(detail.unitId).then(
      (p) => setPeople(p.items),
      () => setPeople([]),
    );
  }, [detail.unitId]);

  // The personal-data check of what is already stored (e.g. a returned item), before any typing.
  useEffect(() => {
    const v = initial.values;
    checkText({ title: v.title, body: v.body, situationNote: v.situationNote, caseId: v.caseId }).then(
      (r) => setFindings((f) => (f.list.length || f.texts.body ? f : { list: r.findings, texts: { title: v.title, body: v.body, situationNote: v.situationNote } })),
      () => undefined, // the check runs again with the first save
    );
  }, [initial]);

  const values = Form.useWatch([], form) as Partial<DraftValues> | undefined;
  const body = values?.body ?? initial.values.body;
  const title = values?.title ?? initial.values.title;
  // Suspected duplicates, checked as the author types (like the personal-data check), after a pause.
  const [dups, setDups] = useState<DuplicateLine[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      if (!itemId) return; // nothing stored yet to compare
      checkDuplicates(itemId, title, body).then(
        (r) => live && setDups(r.duplicates),
        () => undefined, // a failed check is not the author's problem; the submit flags duplicates anyway
      );
    }, 800);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [itemId, title, body, files.length]);
  const sensitive = values?.sensitive ?? initial.values.sensitive;
  const chars = countChars(body);
  const lastReturn = [...detail.history].reverse().find((h) => h.type === 'returned');
  const isReturned = detail.status === 'returned';
  const neverSubmitted = detail.status === 'draft' && !detail.submittedAt;
  const showSituation = detail.kind === 'lead' || rules.situationNoteRequired || !!initial.values.situationNote;
  const showCategory = detail.kind === 'material' || rules.categoryRequired || !!initial.values.category;

  const onValuesChange = useCallback(() => {
    autosave.schedule(normaliseValues(form.getFieldsValue(true) as Partial<DraftValues>));
  }, [autosave, form]);

  const doRestore = () => {
    if (!restore) return;
    form.setFieldsValue(restore.values);
    setRestore(null);
    onValuesChange();
    getFeedback()?.message.success(t('sub.restore.done'));
  };
  const dropRestore = () => {
    clearLocal(storage(), key);
    setRestore(null);
  };

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      getFeedback()?.message.warning(t('sub.form.fixFields'));
      return;
    }
    if (rules.filesRequired && files.length === 0) {
      form.setFields([{ name: 'attachments', errors: [t('sub.rules.files')] }]);
      return;
    }
    setSubmitting(true);
    try {
      const saved = await autosave.flush();
      if (!saved) {
        getFeedback()?.message.error(t('sub.form.saveBeforeSubmit'));
        return;
      }
      const id = autosave.currentId();
      const r = await submitSubmission(id);
      clearLocal(storage(), key);
      const fb = getFeedback();
      // The item page says "submitted" in a banner; duplicates get a notification that stays a while.
      if (r.duplicates.length) {
        fb?.notification.warning({
          title: t('sub.dup.title', { n: r.duplicates.length }),
          description: t('sub.dup.afterSubmit'),
          duration: 8,
        });
      }
      navigate(`/submission/${id}`, { state: { submitted: true } });
    } catch (e) {
      showError(e, form);
    } finally {
      setSubmitting(false);
    }
  };

  // A file before any text (a photo taken first): the draft is made then, titled after the file, which the author can change.
  const ensureId = async (file?: File) => {
    const current = normaliseValues(form.getFieldsValue(true) as Partial<DraftValues>);
    if (!autosave.currentId() && !hasContent(current) && file) {
      form.setFieldsValue({ title: file.name.replace(/\.[^.]+$/, '').slice(0, 200) });
      autosave.schedule(normaliseValues(form.getFieldsValue(true) as Partial<DraftValues>));
    }
    await autosave.flush();
    return autosave.currentId();
  };

  const discard = async () => {
    try {
      if (itemId) await discardDraft(itemId);
      clearLocal(storage(), key);
      getFeedback()?.message.success(t('sub.form.discarded'));
      navigate('/submissions');
    } catch (e) {
      showError(e);
    }
  };

  const peopleOptions = people.map((p) => ({ value: p.id, label: `${p.name}（${p.unitName}）` }));
  // Authors no longer in the list (moved away) still show by name.
  for (const a of detail.authors) if (!people.some((p) => p.id === a.id)) peopleOptions.push({ value: a.id, label: a.name });

  return (
    <Page
      title={isReturned ? t('sub.form.reviseTitle', { kind: kindInfo ? (locale === 'en' ? kindInfo.en : kindInfo.zh) : '' }) : t('sub.form.title', { kind: kindInfo ? (locale === 'en' ? kindInfo.en : kindInfo.zh) : '' })}
      sub={
        <Space size={8}>
          <span className="xb-mono">{detail.serial ?? t('sub.serial.draft')}</span>
          <StatusTag status={detail.status} testId="form-status" />
          {isReturned ? <span>{t('sub.form.newVersion', { n: detail.version + 1 })}</span> : null}
        </Space>
      }
      testId="submission-form-page"
      extra={<SaveIndicator state={autosave.state} />}
    >
      {restore ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sub.restore.title', { time: dayjs(restore.at).format('MM-DD HH:mm:ss') })}
          description={t('sub.restore.text')}
          data-testid="restore-banner"
          action={
            <Space orientation="vertical" size={6}>
              <Button size="small" type="primary" onClick={doRestore} data-testid="restore-apply">
                {t('sub.restore.apply')}
              </Button>
              <Button size="small" onClick={dropRestore} data-testid="restore-drop">
                {t('sub.restore.drop')}
              </Button>
            </Space>
          }
        />
      ) : null}
      {isReturned && lastReturn ? (
        <Alert
          type="warning"
          showIcon
          icon={<RollbackOutlined />}
          style={{ marginBottom: 12 }}
          title={t('sub.form.returnedBy', { name: lastReturn.byName ?? '', step: stepLabel(lastReturn.step, lastReturn.stepName, locale), time: dayjs(lastReturn.at).format('YYYY-MM-DD HH:mm') })}
          description={<div style={{ whiteSpace: 'pre-wrap' }}>{lastReturn.comment}</div>}
          data-testid="return-comment-shown"
        />
      ) : null}
      <Row gutter={16} wrap={false} className="xb-form-row">
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Form<FormValues> form={form} layout="vertical" initialValues={initial.values} onValuesChange={onValuesChange} requiredMark data-testid="submission-form">
            <Card title={t('sub.form.content')} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="title" label={t('sub.field.title')} rules={[{ required: true, whitespace: true, message: t('sub.form.titleRequired') }, { max: 200 }]}>
                <Input maxLength={200} showCount placeholder={t('sub.form.titlePlaceholder')} data-testid="title-input" />
              </Form.Item>
              <Form.Item
                name="body"
                label={t('sub.field.body')}
                extra={
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, marginTop: 4 }}>
                    <span>{t('sub.form.bodyHelp')}</span>
                    <CharCount n={chars} max={rules.maxBodyChars} />
                  </div>
                }
                rules={[
                  ...(rules.bodyRequired ? [{ required: true, whitespace: true, message: t('sub.form.bodyRequired') }] : []),
                  {
                    validator: async (_: unknown, v: string | undefined) => {
                      const n = countChars(v ?? '');
                      if (n > rules.maxBodyChars) throw new Error(t('sub.form.bodyTooLong', { max: rules.maxBodyChars, n }));
                    },
                  },
                ]}
              >
                <Input.TextArea autoSize={{ minRows: 10, maxRows: 28 }} placeholder={t('sub.form.bodyPlaceholder')} data-testid="body-input" status={chars > rules.maxBodyChars ? 'error' : undefined} />
              </Form.Item>
              {showSituation ? (
                <Form.Item
                  name="situationNote"
                  label={t('sub.field.situationNote')}
                  extra={t('sub.form.situationHelp')}
                  rules={rules.situationNoteRequired ? [{ required: true, whitespace: true, message: t('sub.form.situationRequired') }] : []}
                >
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} data-testid="situation-input" />
                </Form.Item>
              ) : null}
              <LiveFindings findings={findings.list} texts={findings.texts} />
              {dups.length ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={t('sub.dup.live', { n: dups.length })}
                  description={
                    <>
                      <DuplicateList lines={dups} />
                      <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 4 }}>{t('sub.dup.liveHelp')}</div>
                    </>
                  }
                  data-testid="live-duplicates"
                />
              ) : null}
            </Card>

            <Card title={t('sub.form.files')} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="attachments" style={{ marginBottom: 0 }}>
                <AttachmentUploader
                  submissionId={itemId}
                  purpose="material"
                  items={files}
                  onAdded={(a) => {
                    setFiles((fs) => [...fs, a]);
                    form.setFields([{ name: 'attachments', errors: [] }]);
                  }}
                  onRemoved={(aid) => setFiles((fs) => fs.filter((f) => f.id !== aid))}
                  rules={rules}
                  ensureId={ensureId}
                />
              </Form.Item>
            </Card>

            <Card title={t('sub.form.meta')} size="small" style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                {showCategory ? (
                  <Col xs={24} lg={12}>
                    <Form.Item name="category" label={t('sub.field.category')} rules={rules.categoryRequired ? [{ required: true, message: t('sub.form.categoryRequired') }] : []}>
                      <Select
                        allowClear
                        placeholder={t('sub.form.categoryPlaceholder')}
                        options={MATERIAL_CATEGORIES.map((c) => ({ value: c.n, label: categoryLabel(c.n, locale) }))}
                        data-testid="category-select"
                      />
                    </Form.Item>
                  </Col>
                ) : null}
                <Col xs={24} lg={12}>
                  <Form.Item name="authorIds" label={t('sub.field.authors')} extra={t('sub.form.authorsHelp')}>
                    <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={peopleOptions} placeholder={t('sub.form.authorsPlaceholder')} data-testid="authors-select" />
                  </Form.Item>
                </Col>
                <Col xs={24} lg={12}>
                  <Form.Item name="tags" label={t('sub.field.tags')} extra={t('sub.form.tagsHelp')}>
                    <Select mode="tags" tokenSeparators={[',', '，', '、']} maxCount={20} placeholder={t('sub.form.tagsPlaceholder')} data-testid="tags-select" open={false} suffixIcon={null} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card title={t('sub.form.sensitivity')} size="small" style={{ marginBottom: 16 }} className={sensitive ? 'xb-card-sensitive' : undefined}>
              <Form.Item
                name="sensitive"
                valuePropName="checked"
                label={t('sub.field.sensitive')}
                // Once submitted, a sensitive mark is cleared only by a reviewer or leader (server: submission/sensitive_locked).
                extra={detail.submittedAt && detail.sensitive ? t('sub.form.sensitiveLocked') : t('sub.form.sensitiveHelp')}
                style={{ marginBottom: sensitive ? 16 : 8 }}
              >
                <Switch data-testid="sensitive-switch" disabled={!!detail.submittedAt && detail.sensitive} />
              </Form.Item>
              {sensitive ? (
                <>
                  <Form.Item name="sensitivity" label={t('sub.field.sensitivity')} rules={[{ required: true, message: t('sub.form.sensitivityRequired') }]}>
                    <Radio.Group data-testid="sensitivity-radio">
                      <Radio value="misconduct">{t('sub.sensitivity.misconduct')}</Radio>
                      <Radio value="ongoing_case">{t('sub.sensitivity.ongoing_case')}</Radio>
                    </Radio.Group>
                  </Form.Item>
                  <Form.Item label={t('sub.form.responsePlan')} extra={t('sub.form.responsePlanHelp')}>
                    <AttachmentUploader
                      submissionId={itemId}
                      purpose="response_plan"
                      items={plans}
                      onAdded={(a) => setPlans((ps) => [...ps, a])}
                      onRemoved={(aid) => setPlans((ps) => ps.filter((p) => p.id !== aid))}
                      rules={{ maxFiles: rules.maxFiles, maxFileBytes: rules.maxFileBytes }}
                      accept={PLAN_ACCEPT}
                      hint={t('sub.form.responsePlanHint')}
                      testId="plan-input"
                      ensureId={ensureId}
                    />
                  </Form.Item>
                </>
              ) : null}
              <Form.Item name="caseId" label={t('sub.field.case')} extra={t('sub.form.caseHelp')} style={{ marginBottom: 0 }}>
                <CasePicker />
              </Form.Item>
            </Card>
          </Form>
        </Col>
        <Col flex="300px" className="xb-form-side">
          <div style={{ position: 'sticky', top: 68 }}>
            <Card size="small" title={<KindTag kind={detail.kind} />} style={{ marginBottom: 12 }}>
              <RulesCard rules={rules} kind={detail.kind} />
              <div style={{ display: 'flex', justifyContent: 'space-between', margin: '12px 0 4px', fontSize: 13 }}>
                <span style={{ color: '#8c8c8c' }}>{t('sub.form.bodyChars')}</span>
                <CharCount n={chars} max={rules.maxBodyChars} />
              </div>
              <div style={{ display: 'flex', justifyContent: 'space-between', margin: '4px 0', fontSize: 13 }}>
                <span style={{ color: '#8c8c8c' }}>{t('sub.form.filesCount')}</span>
                <span>
                  {files.length} / {rules.maxFiles}
                </span>
              </div>
              <div style={{ display: 'flex', justifyContent: 'space-between', margin: '4px 0 0', fontSize: 13 }}>
                <span style={{ color: '#8c8c8c' }}>{t('sub.form.findingsCount')}</span>
                {findings.list.length ? <Tag color="red">{findings.list.length}</Tag> : <span style={{ color: '#389e0d' }}>{t('sub.form.noFindings')}</span>}
              </div>
            </Card>
            {/* On a phone the button stays at the bottom of the screen (global.css .xb-submit-bar). */}
            <div className="xb-submit-bar">
              <Button type="primary" block size="large" icon={<SendOutlined />} loading={submitting} onClick={() => void submit()} data-testid="submit-button">
                {isReturned ? t('sub.form.resubmit') : t('sub.form.submit')}
              </Button>
            </div>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
              {detail.kind === 'lead' ? t('sub.form.submitHintLead') : t('sub.form.submitHint')}
            </Typography.Paragraph>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              {itemId ? <Link to={`/submission/${itemId}`}>{t('sub.form.viewItem')}</Link> : <span />}
              {neverSubmitted ? (
                <Popconfirm title={t('sub.form.discardConfirm')} onConfirm={() => void discard()} okText={t('common.delete')} okButtonProps={{ danger: true, 'data-testid': 'discard-confirm' } as ButtonProps}>
                  <Button type="link" danger size="small" icon={<DeleteOutlined />} data-testid="discard-button">
                    {t('sub.form.discard')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          </div>
        </Col>
      </Row>
    </Page>
  );
}
