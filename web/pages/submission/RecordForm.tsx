/** Add or correct a record of use: the fields of its kind, the outlet picker, evidence link and files; a correction needs a reason. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select, Upload, type ButtonProps, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import type { MessageKey } from '../../i18n';
import { addRecord, correctRecord, fetchLevels, fetchOutlets, outletMatches, searchPeople, uploadEvidence, type LevelItem, type Outlet, type RecordInput, type RecordItem } from './records-service';

const KINDS = ['media', 'upper_adoption', 'recommendation', 'broadcast', 'award_work', 'award_person'] as const;
type Kind = (typeof KINDS)[number];
const AWARD_LEVELS = ['national', 'regional', 'city'] as const;

type Values = {
  kind: Kind;
  usedOn: Dayjs;
  level?: string;
  outletId?: string;
  channelId?: string;
  columnName?: string;
  url?: string;
  platform?: string;
  scope?: 'national' | 'regional';
  awardName?: string;
  personId?: string;
  evidenceUrl?: string;
  note?: string;
  reason?: string;
};

export function RecordForm({
  open,
  itemId,
  unitId,
  authors,
  editing,
  onClose,
  onSaved,
}: {
  open: boolean;
  itemId: string;
  unitId: string;
  authors: { id: string; name: string }[];
  /** The record being corrected, or null to add one. */
  editing: RecordItem | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'media';
  const outletId = Form.useWatch('outletId', form);
  const [outlets, setOutlets] = useState<Outlet[]>([]);
  const [levels, setLevels] = useState<LevelItem[]>([]);
  const [people, setPeople] = useState<{ id: string; name: string }[]>(authors);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [dup, setDup] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setDup(null);
    setFiles([]);
    setRemoved([]);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        kind: editing.kind as Kind,
        usedOn: dayjs(editing.usedOn),
        level: editing.level ?? undefined,
        outletId: editing.outletId ?? undefined,
        channelId: editing.channelId ?? undefined,
        columnName: editing.columnName ?? undefined,
        url: editing.url ?? undefined,
        platform: editing.platform ?? undefined,
        scope: editing.scope ?? undefined,
        awardName: editing.awardName ?? undefined,
        personId: editing.personId ?? undefined,
        evidenceUrl: editing.evidenceUrl ?? undefined,
        note: editing.note ?? undefined,
      });
      if (editing.personId && editing.personName) setPeople((p) => (p.some((x) => x.id === editing.personId) ? p : [...p, { id: editing.personId!, name: editing.personName! }]));
    } else form.setFieldsValue({ kind: 'media', usedOn: dayjs() });
    void fetchOutlets(unitId).then((r) => setOutlets(r.outlets), showError);
    void fetchLevels(unitId).then((r) => setLevels(r.levels.filter((l) => l.active)), showError);
  }, [open, editing, unitId, form]);

  const outlet = useMemo(() => outlets.find((o) => o.id === outletId), [outlets, outletId]);
  const label = (o: Outlet) => (o.aliases.length ? `${o.name}（${o.aliases.join('、')}）` : o.name);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setDup(null);
    try {
      const evidenceIds = files.map((f) => (f.response as { id?: string } | undefined)?.id).filter((x): x is string => !!x);
      const common = { usedOn: v.usedOn.format('YYYY-MM-DD'), evidenceUrl: v.evidenceUrl || null, evidenceIds, note: v.note || null };
      const body: RecordInput =
        v.kind === 'media'
          ? { kind: 'media', outletId: v.outletId!, channelId: v.channelId ?? null, columnName: v.columnName || null, url: v.url || null, ...common }
          : v.kind === 'broadcast'
            ? { kind: 'broadcast', platform: v.platform!, scope: v.scope!, ...common }
            : v.kind === 'award_work'
              ? { kind: 'award_work', level: v.level as 'national', awardName: v.awardName!, ...common }
              : v.kind === 'award_person'
                ? { kind: 'award_person', level: v.level as 'national', awardName: v.awardName!, personId: v.personId!, ...common }
                : { kind: v.kind, level: v.level!, ...common };
      if (editing) await correctRecord(editing.id, editing.rev, v.reason!, body, removed);
      else await addRecord(itemId, body);
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.code === 'records/duplicate' && typeof e.details.existingId === 'string') setDup(e.details.existingId);
      else showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const req = [{ required: true, message: t('records.required') }];
  const kindOptions = KINDS.map((k) => ({ value: k, label: t(`records.kind.${k}` as MessageKey) }));
  return (
    <Modal
      open={open}
      title={editing ? t('records.correctTitle') : t('records.add')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
      okButtonProps={{ 'data-testid': 'record-save' } as ButtonProps}
    >
      {dup ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="record-duplicate"
          title={t('records.duplicate')}
          description={
            <a href={`#record-${dup}`} data-testid="record-duplicate-link" onClick={onClose}>
              {t('records.openExisting')}
            </a>
          }
        />
      ) : null}
      <Form form={form} layout="vertical" data-testid="record-form">
        <Form.Item name="kind" label={t('records.kind')} rules={req}>
          <Select options={kindOptions} disabled={!!editing} data-testid="record-kind" />
        </Form.Item>
        <Form.Item name="usedOn" label={t('records.usedOn')} rules={req}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="record-date" />
        </Form.Item>
        {kind === 'media' ? (
          <>
            <Form.Item name="outletId" label={t('records.outlet')} rules={req}>
              <Select
                showSearch={{ filterOption: (typed, opt) => !!opt && outletMatches(outlets.find((o) => o.id === opt.value) ?? { name: '', aliases: [] }, typed) }}
                placeholder={t('records.outletPlaceholder')}
                options={outlets.map((o) => ({ value: o.id, label: label(o) }))}
                onChange={() => form.setFieldValue('channelId', undefined)}
                data-testid="record-outlet"
              />
            </Form.Item>
            {outlet?.channels.length ? (
              <Form.Item name="channelId" label={t('records.channel')}>
                <Select allowClear options={outlet.channels.map((c) => ({ value: c.id, label: c.qualifies ? `${c.name} ★` : c.name }))} data-testid="record-channel" />
              </Form.Item>
            ) : null}
            <Form.Item name="columnName" label={t('records.column')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="url" label={t('records.url')}>
              <Input maxLength={2000} placeholder="https://" data-testid="record-url" />
            </Form.Item>
          </>
        ) : null}
        {kind === 'upper_adoption' || kind === 'recommendation' ? (
          <Form.Item name="level" label={t('records.level')} rules={req}>
            <Radio.Group options={levels.map((l) => ({ value: l.code, label: locale === 'en' ? l.nameEn : l.nameZh }))} optionType="button" />
          </Form.Item>
        ) : null}
        {kind === 'broadcast' ? (
          <>
            <Form.Item name="platform" label={t('records.platform')} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="scope" label={t('records.scope')} rules={req}>
              <Radio.Group options={(['national', 'regional'] as const).map((s) => ({ value: s, label: t(`records.scope.${s}`) }))} optionType="button" />
            </Form.Item>
          </>
        ) : null}
        {kind === 'award_work' || kind === 'award_person' ? (
          <>
            <Form.Item name="level" label={t('records.level')} rules={req}>
              <Radio.Group options={AWARD_LEVELS.map((s) => ({ value: s, label: t(`records.awardLevel.${s}`) }))} optionType="button" />
            </Form.Item>
            <Form.Item name="awardName" label={kind === 'award_person' ? t('records.personTitle') : t('records.awardName')} rules={req}>
              <Input maxLength={kind === 'award_person' ? 100 : 200} placeholder={kind === 'award_person' ? '年度优秀通讯员' : ''} />
            </Form.Item>
          </>
        ) : null}
        {kind === 'award_person' ? (
          <Form.Item name="personId" label={t('records.person')} rules={req}>
            <Select
              showSearch={{ filterOption: false, onSearch: (q) => void searchPeople(q).then((r) => setPeople([...authors, ...r.items.filter((p) => !authors.some((a) => a.id === p.id))].map((p) => ({ id: p.id, name: p.name }))), showError) }}
              options={people.map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="evidenceUrl" label={t('records.evidenceUrl')} extra={t('records.evidenceHint')}>
          <Input maxLength={2000} placeholder="https://" data-testid="record-evidence-url" />
        </Form.Item>
        <Form.Item label={t('records.evidenceFiles')}>
          {editing?.evidence.filter((f) => !removed.includes(f.id)).map((f) => (
            <div key={f.id}>
              {f.filename}{' '}
              <Button size="small" type="link" onClick={() => setRemoved((r) => [...r, f.id])}>
                ×
              </Button>
            </div>
          ))}
          <Upload
            fileList={files}
            accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.wps,.et"
            onChange={({ fileList }) => setFiles(fileList)}
            customRequest={({ file, onSuccess, onError }) => {
              uploadEvidence(itemId, file as File).then(
                (r) => onSuccess?.(r),
                (e: unknown) => {
                  showError(e);
                  onError?.(e as Error);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="record-upload">
              {t('records.upload')}
            </Button>
          </Upload>
        </Form.Item>
        <Form.Item name="note" label={t('records.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        {editing ? (
          <Form.Item name="reason" label={t('records.reason')} rules={[{ required: true, whitespace: true, message: t('records.reasonRequired') }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="record-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
