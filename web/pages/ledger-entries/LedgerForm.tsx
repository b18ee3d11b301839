/**
 * A ledger entry (台账登记), new or corrected: the unit, the kind and its facts (the task, whether the
 * violation caused negative coverage, the honour's title and level …), the date (and for task
 * outcomes the month they belong to), evidence as a link and/or files, a note. A correction names
 * its reason; the old entry is kept, withdrawn, beside the new one.
 */
import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Select, TreeSelect, Upload, type ButtonProps, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { call } from '../../app/api';
import { useT } from '../../app/locale';
import { getFeedback } from '../../app/feedback';
import { fieldNamePath, isApiError, showError } from '../../app/request';
import type { TreeOption } from '../../app/unit-tree';
import { KIND_FIELDS, toFields, valuesOf, type Values } from './ledger-fields';
import { LedgerFactFields } from './LedgerFactFields';
import { LEDGER_KINDS, correctLedgerEntry, createLedgerEntry, uploadEvidence, type LedgerEntry, type LedgerFile, type LedgerInput } from './service';

export function LedgerForm({ open, editing, unitOptions, onClose, onSaved }: { open: boolean; editing: LedgerEntry | null; unitOptions: TreeOption[]; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [people, setPeople] = useState<{ value: string; label: string }[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue(valuesOf(editing));
      setFiles(editing.evidence.map((f) => ({ uid: f.id, name: f.filename, status: 'done', response: { ...f, existing: true } })));
      if (editing.personId && editing.personName) setPeople([{ value: editing.personId, label: editing.personName }]);
    } else {
      form.setFieldsValue({ kind: 'task_missed', occurredOn: dayjs(), month: dayjs() });
      setFiles([]);
    }
  }, [open, editing, form]);

  const searchPeople = (q: string) =>
    call('GET /api/people', { query: { q: q.trim() || undefined, pageSize: 20, ...(form.getFieldValue('unitId') ? { unitId: form.getFieldValue('unitId') as string } : {}) } }).then(
      (r) => setPeople(r.items.map((p) => ({ value: p.id, label: p.name }))),
      showError,
    );

  const save = async () => {
    const v = await form.validateFields();
    const uploaded = files.map((f) => f.response as (LedgerFile & { existing?: boolean }) | undefined).filter((r): r is LedgerFile & { existing?: boolean } => !!r);
    const fresh = uploaded.filter((r) => !r.existing).map((r) => r.id);
    setBusy(true);
    try {
      const fields = toFields(v, fresh);
      if (editing) {
        const kept = new Set(uploaded.filter((r) => r.existing).map((r) => r.id));
        const removeEvidenceIds = editing.evidence.filter((f) => !kept.has(f.id)).map((f) => f.id);
        await correctLedgerEntry(editing.id, { reason: v.reason!.trim(), rev: editing.rev, entry: fields, removeEvidenceIds });
      } else await createLedgerEntry({ ...fields, unitId: v.unitId } as LedgerInput);
      getFeedback()?.message.success(t(editing ? 'ledger.corrected' : 'ledger.created'));
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.fields.length) form.setFields(e.fields.map((f) => ({ name: fieldNamePath(f.path) as never, errors: [f.message] })));
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const f = KIND_FIELDS[kind ?? 'task_missed'];
  return (
    <Modal
      open={open}
      width={640}
      title={t(editing ? 'ledger.correct' : 'ledger.new')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'ledger-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="ledger-form">
        <Form.Item name="unitId" label={t('ledger.unit')} rules={[{ required: true, message: t('ledger.unitRequired') }]}>
          <TreeSelect treeData={unitOptions} disabled={!!editing} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll data-testid="ledger-unit" />
        </Form.Item>
        <Form.Item name="kind" label={t('ledger.kind')} rules={[{ required: true }]}>
          <Select options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`score.kind.${k}`) }))} data-testid="ledger-kind" />
        </Form.Item>
        <Form.Item name="occurredOn" label={t('ledger.occurredOn')} rules={[{ required: true, message: t('ledger.dateRequired') }]} extra={t('ledger.occurredOn.hint')}>
          <DatePicker allowClear={false} data-testid="ledger-date" />
        </Form.Item>
        {f.month ? (
          <Form.Item name="month" label={t('ledger.month')} rules={[{ required: true, message: t('ledger.monthRequired') }]} extra={t('ledger.month.hint')}>
            <DatePicker picker="month" allowClear={false} data-testid="ledger-month" />
          </Form.Item>
        ) : null}
        {f.person ? (
          <Form.Item name="personId" label={t('ledger.person')} rules={[{ required: true, message: t('ledger.personRequired') }]}>
            <Select showSearch={{ filterOption: false, onSearch: (q) => void searchPeople(q) }} options={people} onFocus={() => void searchPeople('')} data-testid="ledger-person" />
          </Form.Item>
        ) : null}
        <LedgerFactFields kind={kind ?? 'task_missed'} testIdPrefix="ledger" />
        <Form.Item name="evidenceUrl" label={t('ledger.evidenceUrl')} rules={[{ type: 'url', message: t('ledger.urlInvalid') }]}>
          <Input placeholder="https://" data-testid="ledger-url" />
        </Form.Item>
        <Form.Item label={t('ledger.evidenceFiles')}>
          <Upload
            fileList={files}
            accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.wps,.et"
            onChange={({ fileList }) => setFiles(fileList)}
            customRequest={({ file, onSuccess, onError, onProgress }) => {
              uploadEvidence(file as File, (percent) => onProgress?.({ percent })).then(
                (r) => onSuccess?.(r),
                (e: unknown) => {
                  showError(e);
                  onError?.(e as Error);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="ledger-upload">
              {t('ledger.upload')}
            </Button>
          </Upload>
        </Form.Item>
        <Form.Item name="note" label={t('ledger.note')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="ledger-note" />
        </Form.Item>
        {editing ? (
          <Form.Item name="reason" label={t('ledger.correctReason')} rules={[{ required: true, whitespace: true, message: t('ledger.reasonRequired') }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="ledger-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
