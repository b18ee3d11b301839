/** 刊物设置 (administrators): the series of the organisation — type, masthead, issuing unit, 发文字号 prefix. */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, Modal, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { BRIEFING_TYPES, createSeries, fetchSeries, updateSeries, type BriefingType, type Series } from './service';
import { TYPE_COLOR, TYPE_LABEL } from './labels';

type FormValues = { type: BriefingType; mastheadName: string; issuerName: string; documentPrefix?: string; restrictedMark?: string };

export default function BriefingSeriesPage() {
  const t = useT();
  const [items, setItems] = useState<Series[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<Series | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const type = Form.useWatch('type', form);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await fetchSeries()).items.filter((s) => s.canConfigure));
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = (s: Series | 'new') => {
    setEditing(s);
    form.setFieldsValue(
      s === 'new'
        ? { type: 'jianbao', mastheadName: '', issuerName: '', documentPrefix: '', restrictedMark: '内部资料 注意保存' }
        : { type: s.type, mastheadName: s.mastheadName, issuerName: s.issuerName, documentPrefix: s.documentPrefix ?? '', restrictedMark: s.restrictedMark },
    );
  };
  const save = async () => {
    const v = await form.validateFields();
    const prefix = v.documentPrefix?.trim() ? v.documentPrefix.trim() : null;
    try {
      if (editing === 'new') await createSeries({ type: v.type, mastheadName: v.mastheadName, issuerName: v.issuerName, documentPrefix: prefix, ...(v.restrictedMark ? { restrictedMark: v.restrictedMark } : {}) });
      else if (editing) await updateSeries(editing.id, { mastheadName: v.mastheadName, issuerName: v.issuerName, documentPrefix: prefix, ...(v.restrictedMark ? { restrictedMark: v.restrictedMark } : {}) });
      getFeedback()?.message.success(t('brf.series.saved'));
      setEditing(null);
      await load();
    } catch (e) {
      showError(e, form, { mastheadName: 'mastheadName' });
    }
  };

  const columns: TableColumnsType<Series> = [
    { title: t('brf.series.type'), dataIndex: 'type', width: 90, render: (v: BriefingType) => <Tag color={TYPE_COLOR[v]}>{t(TYPE_LABEL[v])}</Tag> },
    { title: t('brf.series.masthead'), dataIndex: 'mastheadName', render: (v: string, r) => <a onClick={() => open(r)} data-testid="series-edit">{v}</a> },
    { title: t('brf.series.issuer'), dataIndex: 'issuerName' },
    { title: t('brf.series.prefix'), dataIndex: 'documentPrefix', width: 180, render: (v: string | null) => v ?? '—' },
    {
      title: t('brf.series.active'),
      dataIndex: 'active',
      width: 80,
      render: (v: boolean, r) => <Switch size="small" checked={v} onChange={(active) => updateSeries(r.id, { active }).then(load, showError)} />,
    },
  ];

  return (
    <Page
      title={t('menu.briefingSeries')}
      sub={t('brf.series.sub')}
      testId="briefing-series-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="series-add">
          {t('brf.series.add')}
        </Button>
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Series> rowKey="id" size="middle" columns={columns} dataSource={items} loading={loading} pagination={false} locale={{ emptyText: t('brf.series.empty') }} />
      </Card>
      <Modal open={editing !== null} title={editing === 'new' ? t('brf.series.add') : t('common.edit')} onCancel={() => setEditing(null)} onOk={() => void save()}>
        <Form form={form} layout="vertical">
          <Form.Item name="type" label={t('brf.series.type')} rules={[{ required: true }]}>
            <Select disabled={editing !== 'new'} options={BRIEFING_TYPES.map((x) => ({ value: x, label: t(TYPE_LABEL[x]) }))} data-testid="series-type" />
          </Form.Item>
          <Form.Item name="mastheadName" label={t('brf.series.masthead')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input placeholder="扫黑除恶专项斗争简报" data-testid="series-masthead" />
          </Form.Item>
          <Form.Item name="issuerName" label={t('brf.series.issuer')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="series-issuer" />
          </Form.Item>
          {type === 'tongbao' ? (
            <Form.Item name="documentPrefix" label={t('brf.series.prefix')} rules={[{ required: true, whitespace: true, max: 30 }]}>
              <Input placeholder="通二区扫黑办发" data-testid="series-prefix" />
            </Form.Item>
          ) : null}
          <Form.Item name="restrictedMark" label={t('brf.series.mark')} rules={[{ max: 40 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
