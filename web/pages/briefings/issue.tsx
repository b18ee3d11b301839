/**
 * One issue: for its editors while a draft, the composer (items from accepted items, order, wording
 * with its difference from the submitted text, editor's note, distribution, restricted switch, copies,
 * publish); once published (or for readers), the issue as it prints, its files, and for its editors
 * the read receipts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Input, InputNumber, Modal, Popconfirm, Row, Segmented, Select, Space, Switch, Table, Tag, Typography, type ButtonProps } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DiffOutlined, EditOutlined, HolderOutlined, LockOutlined, FileWordOutlined, PaperClipOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { getFeedback } from '../../app/feedback';
import { useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { isApiError, showError } from '../../app/request';
import { diffStats, diffText } from '../submission/diff';
import {
  attachmentUrl,
  docxUrl,
  discardIssue,
  fetchCandidates,
  fetchIssue,
  fetchReceipts,
  fetchRecipientOptions,
  PARTS,
  publishIssue,
  saveWording,
  setDistribution,
  setItems,
  updateIssue,
  type Candidate,
  type Issue,
  type IssueItem,
  type Part,
  type Receipts,
  type RecipientInput,
  type RecipientOptions,
} from './service';
import { PART_LABEL, TYPE_COLOR, TYPE_LABEL } from './labels';
import { Paper } from './Paper';
import './briefings.css';

export default function BriefingIssuePage() {
  const { id = '' } = useParams();
  const t = useT();
  const [issue, setIssue] = useState<Issue | null>(null);
  const [missing, setMissing] = useState(false);
  const load = useCallback(async () => {
    try {
      setIssue(await fetchIssue(id));
    } catch (e) {
      if (isApiError(e) && e.status === 404) setMissing(true);
      else showError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (missing)
    return (
      <Page title={t('menu.briefings')} testId="briefing-missing">
        <Empty description={t('error.notFoundTitle')}>
          <Link to="/briefings">{t('brf.back')}</Link>
        </Empty>
      </Page>
    );
  if (!issue) return null;
  const title = (
    <Space>
      <Tag color={TYPE_COLOR[issue.series.type]}>{t(TYPE_LABEL[issue.series.type])}</Tag>
      <span>{issue.series.mastheadName}</span>
      <span data-testid="issue-label">{issue.label ?? t('brf.draftLabel')}</span>
      {issue.restricted ? <LockOutlined style={{ color: '#cf1322' }} /> : null}
    </Space>
  );
  if (issue.status === 'draft' && issue.canEdit) return <Composer issue={issue} title={title} reload={load} />;
  return <Published issue={issue} title={title} />;
}

// ---------------------------------------------------------------------------------------------------

function Published({ issue, title }: { issue: Issue; title: React.ReactNode }) {
  const t = useT();
  const [receipts, setReceipts] = useState<Receipts | null>(null);
  useEffect(() => {
    if (issue.canEdit && issue.status === 'published') fetchReceipts(issue.id).then(setReceipts, showError);
  }, [issue]);
  return (
    <Page title={title} sub={issue.publishedAt ? t('brf.meta.publishedBy', { name: issue.publishedByName ?? '', at: dayjs(issue.publishedAt).format('YYYY-MM-DD HH:mm') }) : undefined} testId="briefing-view" extra={<Space><a href={docxUrl(issue.id)} data-testid="briefing-docx"><Button icon={<FileWordOutlined />}>{t('brf.docx')}</Button></a><Link to="/briefings">{t('brf.back')}</Link></Space>}>
      {issue.restricted ? <Alert type="warning" showIcon icon={<LockOutlined />} message={t('brf.restrictedHint')} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={receipts ? 15 : 24}>
          <Paper
            issue={issue}
            extra={(sid) => {
              const files = issue.items.find((i) => i.submissionId === sid)?.files ?? [];
              return files.length ? (
                <div style={{ fontFamily: 'initial', fontSize: 13, margin: '6px 0 12px' }}>
                  {files.map((f) => (
                    <a key={f.id} href={attachmentUrl(issue.id, f.id)} style={{ marginRight: 12 }} data-testid="briefing-file">
                      <PaperClipOutlined /> {f.filename}
                    </a>
                  ))}
                </div>
              ) : null;
            }}
          />
        </Col>
        {receipts ? (
          <Col xs={24} xl={9}>
            <Card title={t('brf.receipts')} size="small" data-testid="receipts">
              <Table
                rowKey="personId"
                size="small"
                pagination={false}
                dataSource={receipts.reads}
                locale={{ emptyText: t('brf.receipts.none') }}
                columns={[
                  { title: t('brf.receipts.who'), dataIndex: 'name', render: (v: string, r) => (r.recipient ? <span>{v} <Tag color="blue">{t('brf.receipts.recipient')}</Tag></span> : v) },
                  { title: t('brf.receipts.unit'), dataIndex: 'unitName', ellipsis: true },
                  { title: t('brf.receipts.first'), dataIndex: 'firstAt', render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
                  { title: t('brf.receipts.count'), dataIndex: 'count', width: 56, align: 'right' },
                ]}
              />
              {receipts.unread.length ? (
                <div style={{ marginTop: 12 }} data-testid="receipts-unread">
                  <Typography.Text type="secondary">{t('brf.receipts.unread', { n: receipts.unread.length })}</Typography.Text>
                  <div style={{ marginTop: 6 }}>
                    {receipts.unread.map((p) => (
                      <Tag key={p.personId}>
                        {p.name}（{p.unitName}）
                      </Tag>
                    ))}
                  </div>
                </div>
              ) : null}
            </Card>
          </Col>
        ) : null}
      </Row>
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------------

function Composer({ issue, title, reload }: { issue: Issue; title: React.ReactNode; reload: () => Promise<void> }) {
  const t = useT();
  const navigate = useNavigate();
  const [picking, setPicking] = useState(false);
  const [editing, setEditing] = useState<IssueItem | null>(null);
  const [busy, setBusy] = useState(false);

  const order = issue.items.map((i) => i.submissionId);
  const reorder = async (ids: string[]) => {
    try {
      await setItems(issue.id, ids);
      await reload();
    } catch (e) {
      showError(e);
    }
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x!);
    void reorder(next);
  };
  const publish = async () => {
    setBusy(true);
    try {
      const r = await publishIssue(issue.id);
      getFeedback()?.message.success(t('brf.published', { label: r.label }));
      await reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title={title}
      testId="briefing-composer"
      extra={
        <Space>
          <Popconfirm title={t('brf.discard.confirm')} onConfirm={() => discardIssue(issue.id).then(() => navigate('/briefings'), showError)}>
            <Button danger icon={<DeleteOutlined />} data-testid="briefing-discard">
              {t('brf.discard')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('brf.publish.confirm')}
            description={t('brf.publish.confirmText')}
            onConfirm={() => void publish()}
            okButtonProps={{ 'data-testid': 'briefing-publish-ok' } as ButtonProps}
          >
            <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={!issue.items.length} data-testid="briefing-publish">
              {t('brf.publish')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card
            title={t('brf.items')}
            size="small"
            style={{ marginBottom: 16 }}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => setPicking(true)} data-testid="items-add">
                {t('brf.items.add')}
              </Button>
            }
          >
            {issue.items.length ? (
              <ItemList issue={issue} onMove={move} onDrop={(ids) => void reorder(ids)} onRemove={(sid) => void reorder(order.filter((x) => x !== sid))} onEdit={setEditing} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('brf.items.empty')} />
            )}
          </Card>
          <Distribution issue={issue} reload={reload} />
        </Col>
        <Col xs={24} xl={9}>
          <Settings issue={issue} reload={reload} />
        </Col>
      </Row>
      {picking ? <Picker issue={issue} onClose={() => setPicking(false)} onAdd={(sid) => reorder([...order, sid])} /> : null}
      {editing ? (
        <WordingModal
          issueId={issue.id}
          item={editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reload();
          }}
        />
      ) : null}
    </Page>
  );
}

function DiffView({ a, b }: { a: string; b: string }) {
  const t = useT();
  const parts = useMemo(() => diffText(a, b), [a, b]);
  const stats = diffStats(parts);
  return (
    <div>
      <div style={{ fontSize: 12, color: '#8c8c8c', marginBottom: 4 }}>
        {t('brf.wording.diff')} <span style={{ color: '#389e0d' }}>+{stats.inserted}</span> <span style={{ color: '#cf1322' }}>−{stats.deleted}</span>
      </div>
      <div className="xb-brf-diff" data-testid="wording-diff">
        {parts.map((p, i) => (p.op === 'eq' ? <span key={i}>{p.text}</span> : p.op === 'ins' ? <ins key={i}>{p.text}</ins> : <del key={i}>{p.text}</del>))}
      </div>
    </div>
  );
}

const isEdited = (it: IssueItem) => !!it.submitted && (it.submitted.title !== it.title || it.submitted.body !== it.body);

function ItemList({ issue, onMove, onDrop, onRemove, onEdit }: { issue: Issue; onMove: (from: number, to: number) => void; onDrop: (ids: string[]) => void; onRemove: (id: string) => void; onEdit: (it: IssueItem) => void }) {
  const t = useT();
  const [drag, setDrag] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [diffOpen, setDiffOpen] = useState<Record<string, boolean>>({});
  const ids = issue.items.map((i) => i.submissionId);
  return (
    <div data-testid="items">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <HolderOutlined /> {t('brf.items.dragHint')}
      </Typography.Text>
      {issue.items.map((it, idx) => (
        <div
          key={it.submissionId}
          className={`xb-brf-item${drag === idx ? ' dragging' : ''}${over === idx && drag !== idx ? ' over' : ''}`}
          draggable
          onDragStart={() => setDrag(idx)}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(idx);
          }}
          onDragEnd={() => {
            setDrag(null);
            setOver(null);
          }}
          onDrop={(e) => {
            e.preventDefault();
            if (drag !== null && drag !== idx) {
              const next = [...ids];
              const [x] = next.splice(drag, 1);
              next.splice(idx, 0, x!);
              onDrop(next);
            }
            setDrag(null);
            setOver(null);
          }}
          data-testid="item-row"
        >
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <HolderOutlined style={{ cursor: 'grab', color: '#bfbfbf' }} />
            <b style={{ width: 20 }}>{idx + 1}.</b>
            <span style={{ flex: 1 }} data-testid="item-title">
              {it.title}
            </span>
            {isEdited(it) ? <Tag color="orange">{t('brf.items.edited')}</Tag> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {it.serial} · {it.unitName}
            </Typography.Text>
            <Button size="small" icon={<ArrowUpOutlined />} disabled={idx === 0} onClick={() => onMove(idx, idx - 1)} title={t('brf.items.up')} data-testid="item-up" />
            <Button size="small" icon={<ArrowDownOutlined />} disabled={idx === ids.length - 1} onClick={() => onMove(idx, idx + 1)} title={t('brf.items.down')} data-testid="item-down" />
            <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(it)} title={t('brf.items.editWording')} data-testid="item-edit" />
            <Button size="small" icon={<DiffOutlined />} onClick={() => setDiffOpen((d) => ({ ...d, [it.submissionId]: !d[it.submissionId] }))} title={t('brf.items.showDiff')} data-testid="item-diff" />
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => onRemove(it.submissionId)} title={t('brf.items.remove')} data-testid="item-remove" />
          </div>
          {diffOpen[it.submissionId] && it.submitted ? (
            <div style={{ marginTop: 8 }}>
              <DiffView a={`${it.submitted.title}\n\n${it.submitted.body}`} b={`${it.title}\n\n${it.body}`} />
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function WordingModal({ issueId, item, onClose, onSaved }: { issueId: string; item: IssueItem; onClose: () => void; onSaved: () => Promise<void> }) {
  const t = useT();
  const [title, setTitle] = useState(item.title);
  const [body, setBody] = useState(item.body);
  const [source, setSource] = useState(item.source);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await saveWording(issueId, item.submissionId, { title, body, source });
      await onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open width={860} title={t('brf.wording.title')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'wording-save' } as ButtonProps}>
      <Alert type="info" showIcon message={t('brf.wording.hint')} style={{ marginBottom: 12 }} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <span>{t('brf.wording.titleField')}</span>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="wording-title" />
        <span>{t('brf.wording.body')}</span>
        <Input.TextArea value={body} onChange={(e) => setBody(e.target.value)} autoSize={{ minRows: 6, maxRows: 14 }} data-testid="wording-body" />
        <span>{t('brf.wording.source')}</span>
        <Input value={source} onChange={(e) => setSource(e.target.value)} maxLength={200} data-testid="wording-source" />
        {item.submitted ? <DiffView a={`${item.submitted.title}\n\n${item.submitted.body}`} b={`${title}\n\n${body}`} /> : null}
      </Space>
    </Modal>
  );
}

function Picker({ issue, onClose, onAdd }: { issue: Issue; onClose: () => void; onAdd: (submissionId: string) => Promise<void> }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Candidate[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      const r = await fetchCandidates({ issueId: issue.id, ...(q ? { q } : {}), page, pageSize: 10 });
      setData({ items: r.items, total: r.total });
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [issue.id, q, page]);
  useEffect(() => {
    void load();
  }, [load, issue.items.length]);
  return (
    <Modal open width={820} title={t('brf.items.pick')} onCancel={onClose} footer={null} data-testid="picker">
      <Input.Search
        allowClear
        placeholder={t('brf.items.search')}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        data-testid="picker-search"
      />
      <Table<Candidate>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data.items}
        pagination={{ current: page, pageSize: 10, total: data.total, onChange: setPage }}
        columns={[
          { title: '编号', dataIndex: 'serial', width: 120 },
          { title: t('brf.col.title'), dataIndex: 'title', ellipsis: true },
          { title: t('brf.receipts.unit'), dataIndex: 'unitName', width: 140, ellipsis: true },
          {
            title: '',
            key: 'a',
            width: 100,
            render: (_, r) =>
              r.inIssue ? (
                <Tag>{t('brf.items.added')}</Tag>
              ) : (
                <Button size="small" type="primary" onClick={() => void onAdd(r.id).then(load)} data-testid="picker-add">
                  {t('brf.items.addOne')}
                </Button>
              ),
          },
        ]}
      />
    </Modal>
  );
}

function Settings({ issue, reload }: { issue: Issue; reload: () => Promise<void> }) {
  const t = useT();
  const [kind, setKind] = useState(issue.kind);
  const [supplement, setSupplement] = useState(issue.supplement);
  const [restricted, setRestricted] = useState(issue.restricted);
  const [copies, setCopies] = useState<number>(issue.copies);
  const [note, setNote] = useState(issue.editorNote);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await updateIssue(issue.id, { kind, supplement, restricted, copies, editorNote: note });
      getFeedback()?.message.success(t('brf.saved'));
      await reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t('brf.settings')} size="small" data-testid="issue-settings">
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <div>
          <div>{t('brf.kind')}</div>
          <Segmented
            value={kind}
            onChange={(v) => setKind(v as typeof kind)}
            options={[
              { value: 'comprehensive', label: <span data-testid="kind-comprehensive">{t('brf.kind.comprehensive')}</span> },
              { value: 'standalone', label: <span data-testid="kind-standalone">{t('brf.kind.standalone')}</span> },
            ]}
          />
        </div>
        <Space>
          <Switch checked={supplement} onChange={setSupplement} data-testid="issue-supplement" />
          <span>{t('brf.supplement')}</span>
        </Space>
        <Space>
          <Switch checked={restricted} onChange={setRestricted} data-testid="issue-restricted" />
          <span>
            <LockOutlined /> {t('brf.restricted')}
          </span>
        </Space>
        <div>
          <div>{t('brf.copies')}</div>
          <InputNumber min={0} max={100000} value={copies} onChange={(v) => setCopies(v ?? 0)} data-testid="issue-copies" />
        </div>
        <div>
          <div>{t('brf.editorNote')}</div>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="issue-note" />
        </div>
        <Button type="primary" ghost loading={saving} onClick={() => void save()} data-testid="issue-save">
          {t('brf.save')}
        </Button>
      </Space>
    </Card>
  );
}

/** A recipient as a select value: `u:<id>` a unit, `p:<id>` a person, anything else a name. */
const valueOf = (r: { unitId: string | null; personId: string | null; name: string }) => (r.unitId ? `u:${r.unitId}` : r.personId ? `p:${r.personId}` : r.name);
const inputOf = (part: Part, v: string): RecipientInput =>
  v.startsWith('u:') && v.length === 38 ? { part, unitId: v.slice(2) } : v.startsWith('p:') && v.length === 38 ? { part, personId: v.slice(2) } : { part, name: v };

function Distribution({ issue, reload }: { issue: Issue; reload: () => Promise<void> }) {
  const t = useT();
  const [options, setOptions] = useState<RecipientOptions>({ units: [], people: [] });
  const [values, setValues] = useState<Record<Part, string[]>>({
    report: issue.distribution.report.map(valueOf),
    send: issue.distribution.send.map(valueOf),
    issue: issue.distribution.issue.map(valueOf),
  });
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    fetchRecipientOptions(issue.series.id).then(setOptions, showError);
  }, [issue.series.id]);
  const known = useMemo(() => {
    const names = [...issue.distribution.report, ...issue.distribution.send, ...issue.distribution.issue];
    return [
      {
        label: t('brf.recipient.unit'),
        options: options.units.map((u) => ({ value: `u:${u.id}`, label: `${'　'.repeat(Math.max(0, u.depth))}${u.name}` })),
      },
      {
        label: t('brf.recipient.person'),
        options: options.people.map((p) => ({ value: `p:${p.id}`, label: `${p.name}（${p.unitName}）` })),
      },
      ...(names.some((n) => !n.unitId && !n.personId) ? [{ label: '', options: names.filter((n) => !n.unitId && !n.personId).map((n) => ({ value: n.name, label: n.name })) }] : []),
    ];
  }, [options, issue.distribution, t]);
  const save = async () => {
    setSaving(true);
    try {
      await setDistribution(issue.id, PARTS.flatMap((p) => values[p].map((v) => inputOf(p, v))));
      getFeedback()?.message.success(t('brf.saved'));
      await reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t('brf.distribution')} size="small" data-testid="distribution">
      {issue.restricted ? <Alert type="warning" showIcon icon={<LockOutlined />} message={t('brf.restrictedHint')} style={{ marginBottom: 12 }} /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {PARTS.map((p) => (
          <div key={p} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <b style={{ width: 72 }}>{t(PART_LABEL[p])}</b>
            <Select
              mode="tags"
              style={{ flex: 1 }}
              value={values[p]}
              onChange={(v: string[]) => setValues((x) => ({ ...x, [p]: v }))}
              options={known}
              placeholder={t('brf.part.placeholder')}
              optionFilterProp="label"
              tokenSeparators={['，', ',']}
              data-testid={`dist-${p}`}
            />
          </div>
        ))}
        <Button loading={saving} onClick={() => void save()} data-testid="dist-save">
          {t('brf.distribution.save')}
        </Button>
      </Space>
    </Card>
  );
}
