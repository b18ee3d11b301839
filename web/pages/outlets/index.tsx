/**
 * Administrators' page: the outlet registry (built-in central main media, read-only; the
 * organisation's own outlets with aliases, tier and channels) and the upper levels (defaults renamed,
 * reordered, deactivated, or new ones). Both are set on the administrator's unit for its subtree.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { getFeedback } from '../../app/feedback';
import { showError } from '../../app/request';
import type { MessageKey } from '../../i18n';
import { createLevel, createOutlet, deleteOutlet, fetchLevels, fetchOutlets, updateLevel, updateOutlet, type LevelRow, type LevelsAnswer, type OutletRow, type OutletsAnswer } from './service';

const TIERS = ['central', 'provincial', 'city', 'county'] as const;
type OutletValues = { name: string; aliases: string[]; tier: (typeof TIERS)[number]; channels: { id?: string; name: string; active: boolean }[] };

export default function OutletsPage() {
  const t = useT();
  const { locale } = useLocale();
  const [outlets, setOutlets] = useState<OutletsAnswer | null>(null);
  const [levels, setLevels] = useState<LevelsAnswer | null>(null);
  const [editing, setEditing] = useState<OutletRow | 'new' | null>(null);
  const [levelEdit, setLevelEdit] = useState<LevelRow | 'new' | null>(null);
  const [form] = Form.useForm<OutletValues>();
  const [levelForm] = Form.useForm<{ nameZh: string; nameEn: string; rank: number }>();

  const load = useCallback(async () => {
    try {
      const [o, l] = await Promise.all([fetchOutlets(), fetchLevels()]);
      setOutlets(o);
      setLevels(l);
    } catch (e) {
      showError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const done = () => {
    getFeedback()?.message.success(t('outlets.saved'));
    void load();
  };

  const openOutlet = (o: OutletRow | 'new') => {
    setEditing(o);
    form.resetFields();
    if (o !== 'new') form.setFieldsValue({ name: o.name, aliases: o.aliases, tier: o.tier, channels: o.channels.map((c) => ({ id: c.id, name: c.name, active: c.active })) });
    else form.setFieldsValue({ tier: 'city', aliases: [], channels: [] });
  };
  const saveOutlet = async () => {
    const v = await form.validateFields();
    const channels = (v.channels ?? []).map((c) => ({ ...(c.id ? { id: c.id } : {}), name: c.name, qualifies: false, active: c.active ?? true }));
    try {
      if (editing === 'new') await createOutlet({ unitId: outlets!.unitId, name: v.name, aliases: v.aliases ?? [], tier: v.tier, channels: channels.map(({ name, qualifies, active }) => ({ name, qualifies, active })) });
      else if (editing) await updateOutlet(editing.id, { name: v.name, aliases: v.aliases ?? [], tier: v.tier, channels });
      setEditing(null);
      done();
    } catch (e) {
      showError(e, form);
    }
  };
  const saveLevel = async () => {
    const v = await levelForm.validateFields();
    try {
      if (levelEdit === 'new') await createLevel({ unitId: levels!.unitId, ...v });
      else if (levelEdit) await updateLevel(levels!.unitId, levelEdit.code, v);
      setLevelEdit(null);
      done();
    } catch (e) {
      showError(e, levelForm);
    }
  };

  const outletCols: TableColumnsType<OutletRow> = [
    {
      title: t('outlets.name'),
      dataIndex: 'name',
      render: (_, o) => (
        <span>
          {o.name} {o.builtin ? <Tag>{t('outlets.builtin')}</Tag> : null}
          {o.centralMain ? <Tag color="red">{t('outlets.centralMain')}</Tag> : null}
          {!o.active ? <Tag>{t('outlets.inactive')}</Tag> : null}
        </span>
      ),
    },
    { title: t('outlets.aliases'), dataIndex: 'aliases', render: (a: string[]) => a.join('、') },
    { title: t('outlets.tier'), dataIndex: 'tier', width: 90, render: (v: string) => t(`records.tier.${v}` as MessageKey) },
    {
      title: t('outlets.channels'),
      dataIndex: 'channels',
      render: (cs: OutletRow['channels']) => cs.filter((c) => c.active).map((c) => <Tag key={c.id} color={c.qualifies ? 'red' : undefined}>{c.name}</Tag>),
    },
    { title: t('outlets.owner'), dataIndex: 'unitName', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: '',
      key: 'actions',
      width: 190,
      render: (_, o) =>
        o.builtin ? null : (
          <Space size={4}>
            <Button size="small" type="link" onClick={() => openOutlet(o)} data-testid="outlet-edit">
              {t('outlets.edit')}
            </Button>
            <Button size="small" type="link" onClick={() => updateOutlet(o.id, { active: !o.active }).then(done, showError)}>
              {o.active ? t('outlets.deactivate') : t('outlets.activate')}
            </Button>
            <Popconfirm title={t('outlets.deleteConfirm')} onConfirm={() => deleteOutlet(o.id).then(done, showError)}>
              <Button size="small" type="link" danger>
                {t('outlets.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];
  const levelCols: TableColumnsType<LevelRow> = [
    { title: t('outlets.rank'), dataIndex: 'rank', width: 70 },
    { title: t('outlets.levelName'), dataIndex: 'nameZh', render: (_, l) => (locale === 'en' ? l.nameEn : l.nameZh) },
    { title: t('outlets.levelNameEn'), dataIndex: 'nameEn' },
    { title: '', dataIndex: 'builtin', width: 80, render: (b: boolean) => (b ? <Tag>{t('outlets.default')}</Tag> : null) },
    {
      title: t('outlets.active'),
      dataIndex: 'active',
      width: 80,
      render: (a: boolean, l) => <Switch size="small" checked={a} onChange={(v) => updateLevel(levels!.unitId, l.code, { active: v }).then(done, showError)} />,
    },
    {
      title: '',
      key: 'edit',
      width: 80,
      render: (_, l) => (
        <Button size="small" type="link" onClick={() => { setLevelEdit(l); levelForm.setFieldsValue({ nameZh: l.nameZh, nameEn: l.nameEn, rank: l.rank }); }}>
          {t('outlets.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Page title={t('outlets.title')} sub={t('outlets.sub')} testId="outlets-page">
      <Card
        title={`${t('outlets.outlets')}${outlets ? ` · ${outlets.unitName}` : ''}`}
        style={{ marginBottom: 16 }}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openOutlet('new')} data-testid="outlet-add">
            {t('outlets.add')}
          </Button>
        }
      >
        <Table rowKey="id" size="small" columns={outletCols} dataSource={outlets?.outlets ?? []} loading={!outlets} pagination={false} data-testid="outlets-table" />
      </Card>
      <Card
        title={t('outlets.levels')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => { setLevelEdit('new'); levelForm.setFieldsValue({ nameZh: '', nameEn: '', rank: (levels?.levels.length ?? 0) + 1 }); }}>
            {t('outlets.addLevel')}
          </Button>
        }
      >
        <div style={{ color: '#8c8c8c', marginBottom: 8 }}>{t('outlets.levelsSub')}</div>
        <Table rowKey="code" size="small" columns={levelCols} dataSource={levels?.levels ?? []} loading={!levels} pagination={false} data-testid="levels-table" />
      </Card>

      <Modal open={!!editing} title={editing === 'new' ? t('outlets.add') : t('outlets.edit')} onCancel={() => setEditing(null)} onOk={saveOutlet} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('outlets.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} data-testid="outlet-name" />
          </Form.Item>
          <Form.Item name="aliases" label={t('outlets.aliases')} extra={t('outlets.aliasesHint')}>
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="tier" label={t('outlets.tier')} rules={[{ required: true }]}>
            <Select options={TIERS.map((v) => ({ value: v, label: t(`records.tier.${v}` as MessageKey) }))} />
          </Form.Item>
          <Form.List name="channels">
            {(fields, { add, remove }) => (
              <>
                <div style={{ marginBottom: 8 }}>{t('outlets.channels')}</div>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'id']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                      <Input maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'active']} valuePropName="checked" initialValue={true}>
                      <Switch size="small" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ name: '', active: true })} icon={<PlusOutlined />}>
                  {t('outlets.addChannel')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
      <Modal open={!!levelEdit} title={levelEdit === 'new' ? t('outlets.addLevel') : t('outlets.edit')} onCancel={() => setLevelEdit(null)} onOk={saveLevel} destroyOnHidden>
        <Form form={levelForm} layout="vertical">
          <Form.Item name="nameZh" label={t('outlets.levelName')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('outlets.levelNameEn')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="rank" label={t('outlets.rank')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
