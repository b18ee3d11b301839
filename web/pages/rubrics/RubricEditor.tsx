/**
 * The rubric editor: a form over the rubric's sections, items and rules, and the same rubric as YAML
 * text. One text is the value (what is saved, kept even when invalid); the form edits it through its
 * parsed object. Every change is checked with the engine's validation, and each problem is shown with
 * its path, at its field in the form and with its line and column in the text (a click puts the
 * cursor there).
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Collapse, Form, Input, Select, Space, Tabs, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useT } from '../../app/locale';
import { attrsToRows, checkText, draftToText, EVENT_KINDS, getIn, moveIn, newItem, newRule, newSection, offsetOf, problemsByPath, problemsUnder, rowsToAttrs, setIn, type AttrRow, type Checked, type Draft, type Path, type TextProblem } from './rubric-edit';
import { pathText } from './rubric-edit';

type Ctx = { draft: Draft; errors: Map<string, string[]>; problems: TextProblem[]; set: (path: Path, value: unknown) => void; move: (path: Path, i: number, by: -1 | 1) => void };

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const KNOWN_ATTRS = ['level', 'mode', 'tier', 'central_main', 'channel_qualifies', 'field', 'title', 'task', 'negative_coverage'];

function Field({ ctx, path, label, children, width }: { ctx: Ctx; path: Path; label: ReactNode; children: ReactNode; width?: number | string }) {
  const errs = ctx.errors.get(pathText(path));
  return (
    <Form.Item label={label} validateStatus={errs ? 'error' : undefined} help={errs?.join('；')} style={{ marginBottom: 8, width }} data-path={pathText(path)}>
      {children}
    </Form.Item>
  );
}

/** A text field of the rubric: empty text removes the key (optional fields stay absent). */
function TextField({ ctx, path, label, width, area, testId, placeholder }: { ctx: Ctx; path: Path; label: ReactNode; width?: number | string; area?: boolean; testId?: string; placeholder?: string }) {
  const v = str(getIn(ctx.draft, path));
  const onChange = (s: string) => ctx.set(path, s === '' ? undefined : s);
  return (
    <Field ctx={ctx} path={path} label={label} width={width}>
      {area ? (
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={v} onChange={(e) => onChange(e.target.value)} data-testid={testId} placeholder={placeholder} />
      ) : (
        <Input value={v} onChange={(e) => onChange(e.target.value)} data-testid={testId} placeholder={placeholder} />
      )}
    </Field>
  );
}

function AttrRows({ ctx, path, single, label }: { ctx: Ctx; path: Path; single?: boolean; label: ReactNode }) {
  const t = useT();
  const rows = attrsToRows(getIn(ctx.draft, path));
  const write = (next: AttrRow[]) => ctx.set(path, rowsToAttrs(next, single));
  const [adding, setAdding] = useState<AttrRow[]>([]);
  const all = [...rows, ...adding];
  return (
    <Field ctx={ctx} path={path} label={label}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        {all.map((r, i) => (
          <Space.Compact key={i} style={{ width: '100%' }}>
            <Select
              showSearch
              style={{ width: 180 }}
              value={r.name || undefined}
              placeholder={t('rubric.attr.name')}
              options={KNOWN_ATTRS.map((a) => ({ value: a, label: a }))}
              onChange={(name: string) => {
                const next = all.map((x, j) => (j === i ? { ...x, name } : x));
                setAdding(next.slice(rows.length).filter((x) => !x.name || !x.values.length));
                write(next);
              }}
            />
            <Select
              mode="tags"
              style={{ flex: 1, minWidth: 200 }}
              value={r.values}
              placeholder={t('rubric.attr.values')}
              maxCount={single ? 1 : undefined}
              onChange={(values: string[]) => {
                const next = all.map((x, j) => (j === i ? { ...x, values } : x));
                setAdding(next.slice(rows.length).filter((x) => !x.name || !x.values.length));
                write(next);
              }}
            />
            <Button
              icon={<MinusCircleOutlined />}
              aria-label={t('common.delete')}
              onClick={() => {
                if (i >= rows.length) setAdding(adding.filter((_, j) => j !== i - rows.length));
                else write(rows.filter((_, j) => j !== i));
              }}
            />
          </Space.Compact>
        ))}
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setAdding([...adding, { name: '', values: [] }])}>
          {t('rubric.attr.add')}
        </Button>
      </Space>
    </Field>
  );
}

function RuleCard({ ctx, path, index, count }: { ctx: Ctx; path: Path; index: number; count: number }) {
  const t = useT();
  const kind = getIn(ctx.draft, [...path, 'when', 'kind']);
  const kinds = Array.isArray(kind) ? (kind as string[]) : kind ? [String(kind)] : [];
  const months = getIn(ctx.draft, [...path, 'months']);
  const multipliers = (getIn(ctx.draft, [...path, 'multipliers']) as unknown[] | undefined) ?? [];
  const listPath = path.slice(0, -1);
  return (
    <Card
      size="small"
      style={{ marginBottom: 8, background: '#fcfcfc' }}
      title={
        <Space>
          <span>{t('rubric.rule', { n: index + 1 })}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
            {str(getIn(ctx.draft, [...path, 'clause'])).slice(0, 40)}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space size={0}>
          <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => ctx.move(listPath, index, -1)} aria-label={t('rubric.up')} />
          <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => ctx.move(listPath, index, 1)} aria-label={t('rubric.down')} />
          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => ctx.set(path, undefined)} aria-label={t('rubric.removeRule')} />
        </Space>
      }
      data-testid="rubric-rule"
    >
      <Space wrap align="start" size={12}>
        <TextField ctx={ctx} path={[...path, 'key']} label={t('rubric.key')} width={160} />
        <TextField ctx={ctx} path={[...path, 'points']} label={t('rubric.points')} width={110} testId="rubric-rule-points" />
        <Field ctx={ctx} path={[...path, 'when', 'kind']} label={t('rubric.when.kind')} width={360}>
          <Select
            mode="multiple"
            value={kinds}
            onChange={(v: string[]) => ctx.set([...path, 'when', 'kind'], v.length === 1 ? v[0] : v.length ? v : undefined)}
            options={EVENT_KINDS.map((k) => ({ value: k, label: `${t(`score.kind.${k}`)} (${k})` }))}
          />
        </Field>
      </Space>
      <TextField ctx={ctx} path={[...path, 'clause']} label={t('rubric.clause')} area />
      <AttrRows ctx={ctx} path={[...path, 'when', 'attrs']} label={t('rubric.when.attrs')} />
      <Space wrap align="start" size={12}>
        <Field ctx={ctx} path={[...path, 'when', 'workKinds']} label={t('rubric.when.workKinds')} width={260}>
          <Select
            mode="tags"
            value={(getIn(ctx.draft, [...path, 'when', 'workKinds']) as string[] | undefined) ?? []}
            onChange={(v: string[]) => ctx.set([...path, 'when', 'workKinds'], v.length ? v : undefined)}
            options={['briefing', 'lead', 'article', 'original', 'photo', 'video'].map((k) => ({ value: k, label: k }))}
          />
        </Field>
        <Field ctx={ctx} path={[...path, 'when', 'tags']} label={t('rubric.when.tags')} width={220}>
          <Select mode="tags" value={(getIn(ctx.draft, [...path, 'when', 'tags']) as string[] | undefined) ?? []} onChange={(v: string[]) => ctx.set([...path, 'when', 'tags'], v.length ? v : undefined)} options={[{ value: 'city_campaign', label: 'city_campaign' }]} />
        </Field>
        <Field ctx={ctx} path={[...path, 'months']} label={t('rubric.months')} width={260}>
          <Select
            mode="multiple"
            allowClear
            value={Array.isArray(months) ? (months as number[]) : []}
            placeholder={t('rubric.months.all')}
            onChange={(v: number[]) => ctx.set([...path, 'months'], v.length ? [...v].sort((a, b) => a - b) : undefined)}
            options={MONTHS.map((m) => ({ value: m, label: t('rubric.month', { m }) }))}
          />
        </Field>
      </Space>
      <Space wrap size={16} style={{ marginBottom: 8 }}>
        <Checkbox checked={getIn(ctx.draft, [...path, 'oncePer']) === 'month'} onChange={(e) => ctx.set([...path, 'oncePer'], e.target.checked ? 'month' : undefined)}>
          {t('rubric.oncePerMonth')}
        </Checkbox>
        <Checkbox checked={getIn(ctx.draft, [...path, 'dedupe']) === false} onChange={(e) => ctx.set([...path, 'dedupe'], e.target.checked ? false : undefined)}>
          {t('rubric.noDedupe')}
        </Checkbox>
      </Space>
      <Field ctx={ctx} path={[...path, 'multipliers']} label={t('rubric.multipliers')}>
        <Space orientation="vertical" style={{ width: '100%' }} size={4}>
          {multipliers.map((_, mi) => (
            <Card key={mi} size="small" styles={{ body: { padding: 8 } }}>
              <Space wrap align="start">
                <AttrRows ctx={ctx} path={[...path, 'multipliers', mi, 'when']} single label={t('rubric.multiplier.when')} />
                <TextField ctx={ctx} path={[...path, 'multipliers', mi, 'factor']} label={t('rubric.multiplier.factor')} width={90} />
                <TextField ctx={ctx} path={[...path, 'multipliers', mi, 'reason']} label={t('rubric.multiplier.reason')} width={260} />
                <Button type="text" danger icon={<DeleteOutlined />} style={{ marginTop: 30 }} onClick={() => ctx.set([...path, 'multipliers'], multipliers.length === 1 ? undefined : multipliers.filter((__, j) => j !== mi))} aria-label={t('common.delete')} />
              </Space>
            </Card>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ctx.set([...path, 'multipliers'], [...multipliers, { when: { negative_coverage: true }, factor: '2', reason: '' }])}>
            {t('rubric.multiplier.add')}
          </Button>
        </Space>
      </Field>
    </Card>
  );
}

function ItemPanel({ ctx, path }: { ctx: Ctx; path: Path }) {
  const t = useT();
  const mode = getIn(ctx.draft, [...path, 'mode']);
  const rules = (getIn(ctx.draft, [...path, 'rules']) as unknown[] | undefined) ?? [];
  return (
    <div>
      <Space wrap align="start" size={12}>
        <TextField ctx={ctx} path={[...path, 'key']} label={t('rubric.key')} width={160} />
        <TextField ctx={ctx} path={[...path, 'name']} label={t('rubric.item.name')} width={220} testId="rubric-item-name" />
        <TextField ctx={ctx} path={[...path, 'group']} label={t('rubric.item.group')} width={140} />
        <Field ctx={ctx} path={[...path, 'mode']} label={t('rubric.item.mode')} width={200}>
          <Select
            value={str(mode) || undefined}
            onChange={(v: string) => ctx.set([...path, 'mode'], v)}
            options={[
              { value: 'additive', label: t('score.mode.additive') },
              { value: 'deductive', label: t('score.mode.deductive') },
            ]}
          />
        </Field>
        <TextField ctx={ctx} path={[...path, 'max']} label={t(mode === 'deductive' ? 'rubric.item.start' : 'rubric.item.max')} width={100} testId="rubric-item-max" />
        {mode === 'deductive' ? <TextField ctx={ctx} path={[...path, 'floor']} label={t('rubric.item.floor')} width={100} placeholder="0" /> : null}
      </Space>
      <TextField ctx={ctx} path={[...path, 'note']} label={t('rubric.item.note')} area />
      {rules.map((_, ri) => (
        <RuleCard key={ri} ctx={ctx} path={[...path, 'rules', ri]} index={ri} count={rules.length} />
      ))}
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ctx.set([...path, 'rules'], [...rules, newRule(rules.length + 1)])} data-testid="rubric-add-rule">
        {t('rubric.addRule')}
      </Button>
    </div>
  );
}

function FormView({ ctx }: { ctx: Ctx }) {
  const t = useT();
  const sections = (getIn(ctx.draft, ['sections']) as unknown[] | undefined) ?? [];
  const count = (path: Path) => problemsUnder(ctx.problems, path);
  return (
    <Form layout="vertical" size="small" component="div" data-testid="rubric-form">
      <Space wrap align="start" size={12}>
        <TextField ctx={ctx} path={['name']} label={t('rubric.name')} width={360} testId="rubric-name" />
        <Field ctx={ctx} path={['dedupe']} label={t('rubric.dedupe')} width={300}>
          <Select
            value={str(getIn(ctx.draft, ['dedupe'])) || undefined}
            onChange={(v: string) => ctx.set(['dedupe'], v)}
            options={(['rubric', 'section', 'item', 'none'] as const).map((d) => ({ value: d, label: t(`rubric.dedupe.${d}`) }))}
          />
        </Field>
      </Space>
      <TextField ctx={ctx} path={['description']} label={t('rubric.description')} area />
      {sections.map((_, si) => {
        const items = (getIn(ctx.draft, ['sections', si, 'items']) as unknown[] | undefined) ?? [];
        return (
          <Card
            key={si}
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <Badge count={count(['sections', si])} size="small" offset={[8, 0]}>
                <span>{t('rubric.section', { n: si + 1, name: str(getIn(ctx.draft, ['sections', si, 'name'])) })}</span>
              </Badge>
            }
            extra={
              <Space size={0}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={si === 0} onClick={() => ctx.move(['sections'], si, -1)} aria-label={t('rubric.up')} />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={si === sections.length - 1} onClick={() => ctx.move(['sections'], si, 1)} aria-label={t('rubric.down')} />
                <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => ctx.set(['sections', si], undefined)} aria-label={t('rubric.removeSection')} />
              </Space>
            }
            data-testid="rubric-section"
          >
            <Space wrap align="start" size={12}>
              <TextField ctx={ctx} path={['sections', si, 'key']} label={t('rubric.key')} width={160} />
              <TextField ctx={ctx} path={['sections', si, 'name']} label={t('rubric.section.name')} width={260} />
            </Space>
            <Collapse
              size="small"
              items={items.map((__, ii) => {
                const p: Path = ['sections', si, 'items', ii];
                const n = count(p);
                return {
                  key: String(ii),
                  label: (
                    <Space>
                      <span>{str(getIn(ctx.draft, [...p, 'name'])) || t('rubric.item.unnamed')}</span>
                      <Typography.Text type="secondary">
                        {t(getIn(ctx.draft, [...p, 'mode']) === 'deductive' ? 'score.mode.deductive' : 'score.mode.additive')}
                        {getIn(ctx.draft, [...p, 'max']) !== undefined ? ` · ${str(getIn(ctx.draft, [...p, 'max']))}` : ''}
                      </Typography.Text>
                      {n ? <Badge count={n} size="small" /> : null}
                    </Space>
                  ),
                  extra: (
                    <Space size={0} onClick={(e) => e.stopPropagation()}>
                      <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={ii === 0} onClick={() => ctx.move(['sections', si, 'items'], ii, -1)} aria-label={t('rubric.up')} />
                      <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={ii === items.length - 1} onClick={() => ctx.move(['sections', si, 'items'], ii, 1)} aria-label={t('rubric.down')} />
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => ctx.set(p, undefined)} aria-label={t('rubric.removeItem')} />
                    </Space>
                  ),
                  children: <ItemPanel ctx={ctx} path={p} />,
                };
              })}
              data-testid="rubric-items"
            />
            <Button style={{ marginTop: 8 }} size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ctx.set(['sections', si, 'items'], [...items, newItem(items.length + 1)])} data-testid="rubric-add-item">
              {t('rubric.addItem')}
            </Button>
          </Card>
        );
      })}
      <Button type="dashed" icon={<PlusOutlined />} onClick={() => ctx.set(['sections'], [...sections, newSection(sections.length + 1)])} data-testid="rubric-add-section">
        {t('rubric.addSection')}
      </Button>
    </Form>
  );
}

export function ProblemList({ problems, onPick }: { problems: readonly TextProblem[]; onPick?: (p: TextProblem) => void }) {
  const t = useT();
  if (!problems.length)
    return <Alert type="success" showIcon title={t('rubric.valid')} data-testid="rubric-valid" />;
  return (
    <Alert
      type="error"
      showIcon
      title={t('rubric.problems', { n: problems.length })}
      description={
        <ul className="xb-problem-list" style={{ margin: 0, paddingInlineStart: 18 }} data-testid="rubric-problems">
          {problems.map((p, i) => (
            <li key={i} data-testid="rubric-problem">
              {p.line !== null ? (
                <Typography.Link onClick={() => onPick?.(p)}>{t('rubric.at', { line: p.line, column: p.column ?? 1 })}</Typography.Link>
              ) : null}{' '}
              <Typography.Text code>{p.path}</Typography.Text> {p.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The editor over one YAML text. `value` is the text; `onChange` gets the new text and what the check found. */
export function RubricEditor({ value, onChange, readOnly }: { value: string; onChange: (text: string, checked: Checked) => void; readOnly?: boolean }) {
  const t = useT();
  const [tab, setTab] = useState<'form' | 'text'>('form');
  const checked = useMemo(() => checkText(value), [value]);
  const area = useRef<TextAreaRef>(null);
  const write = (text: string) => onChange(text, checkText(text));
  const ctx: Ctx | null = checked.draft
    ? {
        draft: checked.draft,
        errors: problemsByPath(checked.problems),
        problems: checked.problems,
        set: (path, v) => !readOnly && write(draftToText(setIn(checked.draft!, path, v))),
        move: (path, i, by) => !readOnly && write(draftToText(moveIn(checked.draft!, path, i, by))),
      }
    : null;

  const pick = (p: TextProblem) => {
    setTab('text');
    setTimeout(() => {
      const el = area.current?.resizableTextArea?.textArea;
      if (!el || p.line === null) return;
      const at = offsetOf(value, p.line, p.column ?? 1);
      el.focus();
      el.setSelectionRange(at, at);
      const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
      el.scrollTop = Math.max(0, (p.line - 4) * lineHeight);
    }, 50);
  };

  return (
    <div data-testid="rubric-editor">
      <div style={{ marginBottom: 12 }}>
        <ProblemList problems={checked.problems} onPick={pick} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'form' | 'text')}
        items={[
          {
            key: 'form',
            label: <span data-testid="rubric-tab-form">{t('rubric.tab.form')}</span>,
            children: ctx ? (
              <FormView ctx={ctx} />
            ) : (
              <Alert type="warning" showIcon title={t('rubric.formWaits')} description={checked.syntaxError ? `${checked.syntaxError.line ?? '?'}:${checked.syntaxError.column ?? '?'} ${checked.syntaxError.message}` : undefined} />
            ),
          },
          {
            key: 'text',
            label: <span data-testid="rubric-tab-text">{t('rubric.tab.text')}</span>,
            children: (
              <>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {t('rubric.textHint')}
                </Typography.Paragraph>
                <Input.TextArea
                  ref={area}
                  className="xb-rubric-yaml"
                  value={value}
                  readOnly={readOnly}
                  spellCheck={false}
                  autoSize={{ minRows: 20, maxRows: 40 }}
                  onChange={(e) => write(e.target.value)}
                  data-testid="rubric-yaml"
                />
              </>
            ),
          },
        ]}
      />
      <Tooltip title={t('rubric.commentsNote')}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rubric.commentsNoteShort')}
        </Typography.Text>
      </Tooltip>
    </div>
  );
}
