import { useEffect, useMemo, useState } from 'react';
import { Form, Input, Modal, Select, TreeSelect, type ButtonProps } from 'antd';
import { unitTypeLabel } from '../../app/labels';
import { useLocale, useT } from '../../app/locale';
import { showError } from '../../app/request';
import { buildUnitTree, isInSubtree, toTreeOptions } from '../../app/unit-tree';
import type { Unit, UnitType } from '../../app/types';
import { createUnit, moveUnit, updateUnit } from './service';

type FormValues = { parentId?: string; name: string; shortName?: string; type: string };

/** Create a unit under a chosen parent, or edit a unit's name, short name and type. */
export function UnitFormModal({
  open,
  mode,
  unit,
  parentId,
  units,
  types,
  onClose,
  onSaved,
}: {
  open: boolean;
  mode: 'create' | 'edit';
  unit?: Unit | null;
  parentId?: string | null;
  units: readonly Unit[];
  types: readonly UnitType[];
  onClose: () => void;
  onSaved: (u: Unit) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (mode === 'edit' && unit) form.setFieldsValue({ name: unit.name, shortName: unit.shortName ?? '', type: unit.type });
    else form.setFieldsValue({ parentId: parentId ?? undefined, name: '', shortName: '', type: types[0]?.key });
  }, [open, mode, unit, parentId, types, form]);

  const parentOptions = useMemo(
    () => toTreeOptions(buildUnitTree(units.filter((u) => u.active)), { inactiveSuffix: t('units.inactiveSuffix') }),
    [units, t],
  );

  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const shortName = v.shortName?.trim() ? v.shortName.trim() : null;
      const saved =
        mode === 'edit' && unit
          ? await updateUnit(unit.id, { name: v.name.trim(), shortName, type: v.type })
          : await createUnit({ name: v.name.trim(), shortName, type: v.type, parentId: v.parentId! });
      onSaved(saved);
    } catch (e) {
      showError(e, form, { 'unit/name_taken': 'name', 'unit/unknown_type': 'type', 'unit/inactive_parent': 'parentId' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={mode === 'edit' ? t('units.editTitle', { name: unit?.name ?? '' }) : t('units.createTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-form-submit' } as ButtonProps}
      width={520}
    >
      <Form form={form} layout="vertical" data-testid="unit-form" style={{ marginTop: 12 }} onFinish={submit}>
        {mode === 'create' ? (
          <Form.Item name="parentId" label={t('units.parent')} rules={[{ required: true, message: t('units.parentRequired') }]}>
            <TreeSelect
              treeData={parentOptions}
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandAll
              placeholder={t('units.parentPlaceholder')}
              data-testid="unit-form-parent"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, message: t('units.nameRequired') }, { max: 100 }]}>
          <Input maxLength={100} data-testid="unit-form-name" placeholder={t('units.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="shortName" label={t('units.shortName')} extra={t('units.shortNameHelp')} rules={[{ max: 30 }]}>
          <Input maxLength={30} data-testid="unit-form-short" />
        </Form.Item>
        <Form.Item name="type" label={t('units.type')} rules={[{ required: true, message: t('units.typeRequired') }]}>
          <Select
            data-testid="unit-form-type"
            options={types.map((ty) => ({ value: ty.key, label: unitTypeLabel(types, ty.key, locale) }))}
            placeholder={t('units.typePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Move a unit (with its subtree) under another parent; itself and its own subtree are not offered. */
export function MoveUnitModal({ unit, units, onClose, onMoved }: { unit: Unit | null; units: readonly Unit[]; onClose: () => void; onMoved: (u: Unit) => void }) {
  const t = useT();
  const [form] = Form.useForm<{ parentId: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (unit) form.setFieldsValue({ parentId: unit.parentId ?? undefined });
  }, [unit, form]);
  const options = useMemo(
    () =>
      unit
        ? toTreeOptions(buildUnitTree(units.filter((u) => u.active || isInSubtree(u, unit))), {
            disable: (u) => isInSubtree(u, unit) || u.id === unit.parentId,
            inactiveSuffix: t('units.inactiveSuffix'),
          })
        : [],
    [unit, units, t],
  );
  const submit = async () => {
    if (!unit) return;
    let v: { parentId: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      onMoved(await moveUnit(unit.id, v.parentId));
    } catch (e) {
      showError(e, form, { 'unit/cycle': 'parentId', 'unit/name_taken': 'parentId', 'unit/inactive_parent': 'parentId' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!unit}
      title={t('units.moveTitle', { name: unit?.name ?? '' })}
      onCancel={onClose}
      onOk={submit}
      okText={t('units.move')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-move-submit' } as ButtonProps}
    >
      <p style={{ color: '#8c8c8c' }}>{t('units.moveHelp')}</p>
      <Form form={form} layout="vertical">
        <Form.Item name="parentId" label={t('units.newParent')} rules={[{ required: true, message: t('units.parentRequired') }]}>
          <TreeSelect treeData={options} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll data-testid="unit-move-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
