/**
 * Picks the case an item is about (its protected-names list feeds the personal-data check), or
 * creates one. The names themselves are only typed here, never listed back.
 */
import { useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale';
import { showError } from '../../app/request';
import { createCase, fetchCases, type CaseSummary } from './service';

export function CasePicker({ value, onChange, disabled }: { value?: string | null; onChange?: (v: string | null) => void; disabled?: boolean }) {
  const t = useT();
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ title: string; names: string }>();

  useEffect(() => {
    fetchCases()
      .then(setCases, (e: unknown) => showError(e))
      .finally(() => setLoading(false));
  }, []);

  const create = async () => {
    let v: { title: string; names: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const names = v.names
        .split(/[\n,，、;；]/)
        .map((n) => n.trim())
        .filter(Boolean);
      const c = await createCase(v.title.trim(), names);
      setCases((cs) => [{ id: c.id, title: c.title, unitId: c.unitId, unitName: '', protectedNameCount: c.protectedNames.length }, ...cs]);
      onChange?.(c.id);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        loading={loading}
        disabled={disabled}
        value={value ?? undefined}
        onChange={(v: string | undefined) => onChange?.(v ?? null)}
        placeholder={t('sub.case.placeholder')}
        options={cases.map((c) => ({ value: c.id, label: `${c.title}${c.protectedNameCount ? ` · ${t('sub.case.names', { n: c.protectedNameCount })}` : ''}` }))}
        data-testid="case-picker"
        style={{ flex: 1, minWidth: 0 }}
      />
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} disabled={disabled} data-testid="case-create">
        {t('sub.case.create')}
      </Button>
      <Modal open={open} title={t('sub.case.createTitle')} onCancel={() => setOpen(false)} onOk={() => void create()} confirmLoading={busy} okText={t('sub.case.createOk')} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="title" label={t('sub.case.title')} rules={[{ required: true, whitespace: true, message: t('sub.case.titleRequired') }, { max: 200 }]}>
            <Input maxLength={200} data-testid="case-title" />
          </Form.Item>
          <Form.Item name="names" label={t('sub.case.protectedNames')} extra={t('sub.case.protectedNamesHelp')} initialValue="">
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="case-names" />
          </Form.Item>
        </Form>
      </Modal>
    </Space.Compact>
  );
}
