import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Col, Form, Input, Popconfirm, Row, Select, Space, Steps, Switch, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { roleLabel } from '../../app/labels';
import { useLocale, useT, type T } from '../../app/locale';
import { showError } from '../../app/request';
import type { Holder } from '../../../server/submissions/stages';
import { defaultChain } from '../../../server/submissions/stages';
import { kindLabel } from '../submissions/labels';
import {
  HOLDER_ROLES,
  isDefaultChain,
  MAX_PEOPLE,
  MAX_STAGES,
  MAX_TEXT,
  peopleIn,
  previewSteps,
  sameChain,
  toChain,
  toFormValues,
  validateChain,
  type ChainFormValues,
  type Issue,
  type StageValues,
} from './chain-form';
import { PeopleSelect } from './PeopleSelect';
import { fetchPerson, saveChain, type ChainRow, type PersonRef, type ReviewChain } from './service';

function issueText(t: T, i: Issue): string {
  const n = i.code === 'stages_max' ? MAX_STAGES : i.code === 'too_many_people' ? MAX_PEOPLE : MAX_TEXT;
  return t(`chains.issue.${i.code}`, { n, key: i.detail ?? '' });
}

const NEW_STAGE: StageValues = { key: '', name: '', roles: ['editor'], people: [] };

/** The steps of a chain as an antd Steps preview, with who holds each one. */
function ChainPreview({ chain, known }: { chain: ReviewChain; known: ReadonlyMap<string, PersonRef> }) {
  const t = useT();
  const { locale } = useLocale();
  const holderText = (h: Holder) => {
    const roles = (h.roles ?? []).map((r) => roleLabel(r, locale));
    const names = (h.people ?? []).map((p) => known.get(p)?.name ?? t('chains.unknownPerson'));
    const people = names.length > 2 ? t('chains.peopleMore', { names: names.slice(0, 2).join(t('common.listSep')), n: names.length }) : names.join(t('common.listSep'));
    const all = [...roles, ...(people ? [people] : [])].join(t('common.listSep'));
    return all || <Typography.Text type="danger">{t('chains.preview.noHolder')}</Typography.Text>;
  };
  const steps = previewSteps(chain);
  return (
    <Steps
      size="small"
      titlePlacement="vertical"
      variant="outlined"
      current={-1}
      data-testid="chain-preview"
      items={steps.map((s) => ({
        key: s.key,
        status: s.kind === 'sensitive' ? 'wait' : 'process',
        title: (
          <span data-testid={`chain-preview-step-${s.kind}`}>
            {s.kind === 'unit' ? t('chains.unitApproval') : s.kind === 'sensitive' ? t('chains.sensitive') : s.name || t('chains.preview.unnamed')}
          </span>
        ),
        content: (
          <span style={{ fontSize: 12 }}>
            {s.kind === 'unit' ? t('chains.preview.unitHolder') : holderText(s.holder)}
            {s.kind === 'sensitive' ? (
              <>
                <br />
                <Tag color="purple" variant="outlined" style={{ marginTop: 4, marginInlineEnd: 0 }}>
                  {t('chains.preview.sensitiveOnly')}
                </Tag>
              </>
            ) : null}
          </span>
        ),
      }))}
    />
  );
}

function RolesSelect({ value, onChange, id, testId, disabled }: { value?: string[]; onChange?: (v: string[]) => void; id?: string; testId?: string; disabled?: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <Select
      id={id}
      mode="multiple"
      allowClear
      value={value ?? []}
      onChange={(v: string[]) => onChange?.(v)}
      options={HOLDER_ROLES.map((r) => ({ value: r, label: roleLabel(r, locale) }))}
      placeholder={t('chains.holder.rolesPlaceholder')}
      disabled={disabled}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

/**
 * One organisation's chain for one kind: the preview, the form (unit approval, stages with their
 * holders, sensitive approval, four-eyes), Save and Restore default.
 */
export function ChainEditor({
  row,
  readOnly,
  onSaved,
  onDirtyChange,
}: {
  row: ChainRow;
  /** The admin may see this organisation's chains but not change them (no grant on its top unit). */
  readOnly: boolean;
  onSaved: (chain: ReviewChain) => void;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<ChainFormValues>();
  const initial = useMemo(() => toFormValues(row.chain), [row.chain]);
  const watched = Form.useWatch([], { form, preserve: true }) as ChainFormValues | undefined;
  const values = watched?.stages ? watched : initial;
  const chain = useMemo(() => toChain(values), [values]);
  const dirty = !sameChain(chain, row.chain);
  const [known, setKnown] = useState<ReadonlyMap<string, PersonRef>>(new Map());
  const [checked, setChecked] = useState(false);
  const [listIssues, setListIssues] = useState<string[]>([]);
  const [busy, setBusy] = useState<'save' | 'restore' | null>(null);
  const kindName = kindLabel(row.kind, locale);
  // Nothing to restore when the default is in force and nothing was edited.
  const restoreOff = readOnly || busy !== null || (!dirty && isDefaultChain(row.chain, row.kind));

  const remember = useCallback((people: PersonRef[]) => {
    setKnown((m) => {
      if (people.every((p) => m.get(p.id) === p)) return m;
      const next = new Map(m);
      for (const p of people) next.set(p.id, p);
      return next;
    });
  }, []);

  // Names for the people the stored chain names.
  useEffect(() => {
    const ids = peopleIn(row.chain);
    if (!ids.length) return;
    let live = true;
    void Promise.all(ids.map((id) => fetchPerson(id).catch(() => null))).then((found) => {
      if (live) remember(found.filter((p): p is PersonRef => !!p));
    });
    return () => {
      live = false;
    };
  }, [row.chain, remember]);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  /** Shows the issues next to their fields (and clears the fixed ones); list-wide ones above the list. */
  const applyIssues = useCallback(
    (issues: Issue[]) => {
      const errors = new Map<string, { name: (string | number)[]; errors: string[] }>();
      for (const f of form.getFieldsError()) if (f.errors.length) errors.set(JSON.stringify(f.name), { name: f.name, errors: [] });
      const list: string[] = [];
      for (const i of issues) {
        if (i.name.length === 1 && i.name[0] === 'stages') {
          list.push(issueText(t, i));
          continue;
        }
        const k = JSON.stringify(i.name);
        const e = errors.get(k) ?? { name: i.name, errors: [] };
        e.errors.push(issueText(t, i));
        errors.set(k, e);
      }
      // Name paths are built from the form's own fields (getFieldsError) and the issues' paths into ChainFormValues.
      form.setFields([...errors.values()] as Parameters<typeof form.setFields>[0]);
      setListIssues(list);
    },
    [form, t],
  );

  const save = async () => {
    const v = form.getFieldsValue(true) as ChainFormValues;
    const issues = validateChain(v, row.kind);
    setChecked(true);
    applyIssues(issues);
    if (issues.length) {
      getFeedback()?.message.error(t('chains.fixErrors'));
      const first = issues[0]!.name;
      if (first.length > 1 || first[0] !== 'stages') form.scrollToField(first as Parameters<typeof form.scrollToField>[0], { block: 'center' });
      return;
    }
    const next = toChain(v);
    setBusy('save');
    try {
      await saveChain({ rootUnitId: row.rootUnitId, kind: row.kind, chain: next });
      getFeedback()?.message.success(t('chains.saved', { kind: kindName }));
      form.setFieldsValue(toFormValues(next)); // shows the generated keys
      onSaved(next);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(null);
    }
  };

  const restore = async () => {
    const d = defaultChain(row.kind);
    setBusy('restore');
    try {
      await saveChain({ rootUnitId: row.rootUnitId, kind: row.kind, chain: d });
      getFeedback()?.message.success(t('chains.restored'));
      form.setFieldsValue(toFormValues(d));
      applyIssues([]);
      setChecked(false);
      onSaved(d);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const revert = () => {
    form.setFieldsValue(toFormValues(row.chain));
    applyIssues([]);
    setChecked(false);
  };

  const section = (title: string, help: string, extra?: React.ReactNode) => (
    <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, margin: '20px 0 10px', flexWrap: 'wrap' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {help}
      </Typography.Text>
      <div style={{ flex: 1 }} />
      {extra}
    </div>
  );

  return (
    <div data-testid={`chain-editor-${row.kind}`}>
      <div className="xb-chain-preview">
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 10 }}>
          {t('chains.preview')}
        </Typography.Text>
        <ChainPreview chain={chain} known={known} />
      </div>

      <Form<ChainFormValues>
        form={form}
        initialValues={initial}
        layout="vertical"
        disabled={readOnly || busy !== null}
        requiredMark={false}
        onValuesChange={() => {
          if (checked) applyIssues(validateChain(form.getFieldsValue(true) as ChainFormValues, row.kind));
        }}
        data-testid="chain-form"
      >
        {section(t('chains.unitApproval'), row.kind === 'lead' ? t('chains.unitApproval.lead') : t('chains.unitApproval.help'))}
        <Form.Item name="unitApproval" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Switch data-testid="chain-unit-approval" />
        </Form.Item>

        {section(t('chains.stages'), t('chains.stages.help'))}
        <Form.List name="stages">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} className="xb-chain-stage" data-testid={`chain-stage-${index}`}>
                  <div className="xb-chain-stage-head">
                    <span className="xb-chain-stage-no">{index + 1}</span>
                    <Typography.Text strong>{t('chains.stage.n', { n: index + 1 })}</Typography.Text>
                    <div style={{ flex: 1 }} />
                    <Space size={0}>
                      <Tooltip title={t('chains.stage.up')}>
                        <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={readOnly || index === 0} onClick={() => move(index, index - 1)} aria-label={t('chains.stage.up')} data-testid={`chain-stage-up-${index}`} />
                      </Tooltip>
                      <Tooltip title={t('chains.stage.down')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={readOnly || index === fields.length - 1}
                          onClick={() => move(index, index + 1)}
                          aria-label={t('chains.stage.down')}
                          data-testid={`chain-stage-down-${index}`}
                        />
                      </Tooltip>
                      <Tooltip title={t('chains.stage.remove')}>
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={readOnly || fields.length <= 1}
                          onClick={() => remove(index)}
                          aria-label={t('chains.stage.remove')}
                          data-testid={`chain-stage-remove-${index}`}
                        />
                      </Tooltip>
                    </Space>
                  </div>
                  <Row gutter={12}>
                    <Col xs={24} sm={12} lg={5}>
                      <Form.Item name={[field.name, 'name']} label={t('chains.stage.name')}>
                        <Input maxLength={MAX_TEXT} placeholder={t('chains.stage.namePlaceholder')} data-testid={`chain-stage-name-${index}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={4}>
                      <Form.Item name={[field.name, 'key']} label={t('chains.stage.key')}>
                        <Input maxLength={MAX_TEXT} placeholder={t('chains.stage.keyPlaceholder')} className="xb-mono" data-testid={`chain-stage-key-${index}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} lg={7}>
                      <Form.Item name={[field.name, 'roles']} label={t('chains.holder.roles')}>
                        <RolesSelect testId={`chain-stage-roles-${index}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} lg={8}>
                      <Form.Item name={[field.name, 'people']} label={t('chains.holder.people')}>
                        <PeopleSelect rootUnitId={row.rootUnitId} known={known} remember={remember} testId={`chain-stage-people-${index}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              {listIssues.length ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={listIssues.join('；')} data-testid="chain-list-issues" /> : null}
              <Space size={12} wrap>
                <Button icon={<PlusOutlined />} disabled={readOnly || fields.length >= MAX_STAGES} onClick={() => add({ ...NEW_STAGE })} data-testid="chain-stage-add">
                  {t('chains.stage.add')}
                </Button>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('chains.holder.help')}
                </Typography.Text>
              </Space>
            </>
          )}
        </Form.List>

        {section(t('chains.sensitive'), t('chains.sensitive.help'))}
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Form.Item name={['sensitive', 'roles']} label={t('chains.holder.roles')}>
              <RolesSelect testId="chain-sensitive-roles" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item name={['sensitive', 'people']} label={t('chains.holder.people')}>
              <PeopleSelect rootUnitId={row.rootUnitId} known={known} remember={remember} testId="chain-sensitive-people" />
            </Form.Item>
          </Col>
        </Row>

        {section(t('chains.fourEyes'), t('chains.fourEyes.help'))}
        <Form.Item name="distinctDeciders" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Switch data-testid="chain-four-eyes" />
        </Form.Item>
      </Form>

      <div className="xb-chain-actions">
        <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} disabled={readOnly || busy !== null || !dirty} onClick={() => void save()} data-testid="chain-save">
          {t('chains.save')}
        </Button>
        <Button icon={<UndoOutlined />} disabled={readOnly || busy !== null || !dirty} onClick={revert} data-testid="chain-revert">
          {t('chains.revert')}
        </Button>
        <div style={{ flex: 1 }} />
        <Popconfirm
          title={t('chains.restoreTitle', { kind: kindName })}
          description={<div style={{ maxWidth: 360 }}>{t('chains.restoreText')}</div>}
          okText={t('chains.restore')}
          cancelText={t('common.cancel')}
          onConfirm={() => restore()}
          okButtonProps={{ 'data-testid': 'chain-restore-confirm' } as ButtonProps}
          disabled={restoreOff}
        >
          <Button loading={busy === 'restore'} disabled={restoreOff} data-testid="chain-restore">
            {t('chains.restore')}
          </Button>
        </Popconfirm>
      </div>
    </div>
  );
}
