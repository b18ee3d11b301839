/** 考核细则: the organisation's rubrics (current version, draft), and a new one from template A, B or blank. */
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, type ButtonProps, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../../app/locale';
import { ListToolbar } from '../../app/ListToolbar';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { createRubric, fetchRubrics, type RubricFrom, type RubricRow } from './service';

export default function RubricsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [rows, setRows] = useState<RubricRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ name: string; from: RubricFrom }>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows((await fetchRubrics()).rubrics);
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableColumnsType<RubricRow> = [
    { title: t('rubric.col.name'), dataIndex: 'name', render: (v: string, r) => <Link to={`/rubrics/${r.id}`} data-testid="rubric-link">{v}</Link> },
    { title: t('rubric.col.template'), dataIndex: 'template', width: 120, render: (v: 'A' | 'B' | null) => (v ? <Tag>{t(v === 'A' ? 'rubric.from.template_a' : 'rubric.from.template_b')}</Tag> : '—') },
    {
      title: t('rubric.col.current'),
      key: 'current',
      width: 240,
      render: (_, r) =>
        r.currentVersion ? (
          <span>
            {t('rubric.version', { n: r.currentVersion.number })}
            {r.currentVersion.adoptedAt ? ` · ${t('rubric.adoptedOn', { date: dayjs(r.currentVersion.adoptedAt).format('YYYY-MM-DD') })}` : ''}
          </span>
        ) : (
          <Tag>{t('rubric.notAdopted')}</Tag>
        ),
    },
    { title: t('rubric.col.draft'), dataIndex: 'hasDraft', width: 110, render: (v: boolean) => (v ? <Tag color="orange">{t('rubric.hasDraft')}</Tag> : '—') },
    { title: '', key: 'edit', width: 90, render: (_, r) => <Link to={`/rubrics/${r.id}`}>{t('rubric.edit')}</Link> },
  ];

  const create = async () => {
    const v = await form.validateFields();
    try {
      const r = await createRubric(v);
      setCreating(false);
      navigate(`/rubrics/${r.id}`);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Page
      title={t('menu.rubrics')}
      sub={t('rubric.sub')}
      testId="rubrics-page"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.setFieldsValue({ name: '', from: 'template_a' });
            setCreating(true);
          }}
          data-testid="rubric-new"
        >
          {t('rubric.new')}
        </Button>
      }
    >
      <Card styles={{ body: { padding: 0 } }}>
        <ListToolbar total={t('rubric.total', { n: rows.length })} onRefresh={load} />
        <Table<RubricRow> rowKey="id" columns={columns} dataSource={rows} loading={loading} pagination={false} locale={{ emptyText: t('rubric.empty') }} data-testid="rubrics-table" />
      </Card>
      <Modal open={creating} title={t('rubric.new')} onCancel={() => setCreating(false)} onOk={() => void create()} okButtonProps={{ 'data-testid': 'rubric-new-ok' } as ButtonProps} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('rubric.name')} rules={[{ required: true, whitespace: true, message: t('rubric.nameRequired') }]}>
            <Input maxLength={200} data-testid="rubric-new-name" />
          </Form.Item>
          <Form.Item name="from" label={t('rubric.from')}>
            <Radio.Group>
              <Space orientation="vertical">
                <Radio value="template_a" data-testid="rubric-from-a">
                  {t('rubric.from.template_a')} <span style={{ color: '#8c8c8c' }}>{t('rubric.from.template_a.hint')}</span>
                </Radio>
                <Radio value="template_b" data-testid="rubric-from-b">
                  {t('rubric.from.template_b')} <span style={{ color: '#8c8c8c' }}>{t('rubric.from.template_b.hint')}</span>
                </Radio>
                <Radio value="blank">{t('rubric.from.blank')}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
