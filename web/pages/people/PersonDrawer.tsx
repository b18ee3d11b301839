import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Col, Drawer, Form, Input, Row, Select, Space, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AUDITOR_ROLES, incompatiblePairs, roleLabel, ROLES } from '../../app/labels';
import { useLocale, useT } from '../../app/locale';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import type { Role, Unit } from '../../app/types';
import { buildUnitTree, toTreeOptions } from '../../app/unit-tree';
import { createPerson, updatePerson, type Person, type PersonChanges, type RoleInput } from './service';

type Values = { login: string; name: string; unitId: string; phone?: string; email?: string; roles: { role?: Role; unitId?: string }[] };

/** Create a person (with role grants) or edit one. Created: hands the initial password to the caller. */
export function PersonDrawer({
  open,
  person,
  units,
  defaultUnitId,
  onClose,
  onCreated,
  onSaved,
}: {
  open: boolean;
  /** null: create */
  person: Person | null;
  units: readonly Unit[];
  defaultUnitId?: string | undefined;
  onClose: () => void;
  onCreated: (p: Person, initialPassword: string) => void;
  onSaved: (p: Person) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const editing = !!person;
  const { me } = useSession();
  // Nobody changes their own roles (the server refuses it too): another administrator must.
  const ownRoles = editing && person.id === me?.id;
  const roles = Form.useWatch('roles', form);
  const clash = incompatiblePairs((roles ?? []).map((r) => r?.role).filter((r): r is Role => !!r));
  // The person's unit as last chosen: a role row still on it (or on none) follows a new choice.
  const personUnit = useRef<string | undefined>(undefined);
  const onValuesChange = (changed: Partial<Values>) => {
    if (!('unitId' in changed)) return;
    const before = personUnit.current;
    personUnit.current = changed.unitId;
    if (ownRoles) return;
    const rows = (form.getFieldValue('roles') as Values['roles'] | undefined) ?? [];
    if (rows.some((r) => !r?.unitId || r.unitId === before)) {
      form.setFieldValue(
        'roles',
        rows.map((r) => (!r?.unitId || r.unitId === before ? { ...r, unitId: changed.unitId } : r)),
      );
    }
  };

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    personUnit.current = person ? person.unitId : defaultUnitId;
    if (person) {
      form.setFieldsValue({
        login: person.login,
        name: person.name,
        unitId: person.unitId,
        // Masked values are shown as a hint; they are only sent when edited.
        phone: person.phone ?? '',
        email: person.email ?? '',
        roles: person.roles.map((r) => ({ role: r.role, unitId: r.unitId })),
      });
    } else {
      form.setFieldsValue({ unitId: defaultUnitId, roles: [{ role: 'correspondent', unitId: defaultUnitId }] });
    }
  }, [open, person, defaultUnitId, form]);

  const unitOptions = useMemo(() => toTreeOptions(buildUnitTree(units.filter((u) => u.active))), [units]);
  // Auditor roles are granted only by the operator's command on the server: never offered here.
  const roleOptions = ROLES.filter((r) => !AUDITOR_ROLES.includes(r)).map((r) => ({ value: r, label: roleLabel(r, locale) }));

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const grants: RoleInput[] = (v.roles ?? []).filter((r): r is RoleInput => !!r.role && !!r.unitId);
    setBusy(true);
    try {
      if (!person) {
        const r = await createPerson({
          login: v.login.trim(),
          name: v.name.trim(),
          unitId: v.unitId,
          phone: v.phone?.trim() || null,
          email: v.email?.trim() || null,
          roles: grants,
        });
        onCreated(r.person, r.initialPassword);
      } else {
        const changes: PersonChanges = { name: v.name.trim(), unitId: v.unitId, ...(ownRoles ? {} : { roles: grants }) };
        // Phone and e-mail are shown masked: send them only when the user typed something else.
        if ((v.phone ?? '') !== (person.phone ?? '')) changes.phone = v.phone?.trim() || null;
        if ((v.email ?? '') !== (person.email ?? '')) changes.email = v.email?.trim() || null;
        onSaved(await updatePerson(person.id, changes));
      }
    } catch (e) {
      showError(e, form, {
        'person/login_taken': 'login',
        'person/separation_of_duties': 'roles',
        'person/admin_reviewer': 'roles',
        'person/own_roles': 'roles',
        'person/auditor_by_operator': 'roles',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={600}
      title={editing ? t('people.editTitle', { name: person.name }) : t('people.createTitle')}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={submit} loading={busy} disabled={clash.length > 0} data-testid="person-form-submit">
            {editing ? t('common.save') : t('people.createSubmit')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid="person-form" requiredMark onValuesChange={onValuesChange}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="login"
              label={t('people.login')}
              extra={editing ? undefined : t('people.loginHelp')}
              rules={[
                { required: true, whitespace: true, message: t('people.loginRequired') },
                { pattern: /^[a-zA-Z0-9._-]{2,64}$/, message: t('people.loginFormat') },
              ]}
            >
              <Input disabled={editing} maxLength={64} autoComplete="off" data-testid="person-form-login" className="xb-mono" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, message: t('people.nameRequired') }, { max: 50 }]}>
              <Input maxLength={50} data-testid="person-form-name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="unitId" label={t('people.unit')} rules={[{ required: true, message: t('people.unitRequired') }]}>
          <TreeSelect treeData={unitOptions} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll data-testid="person-form-unit" placeholder={t('people.unitPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('people.phone')}
              extra={editing ? t('people.maskedHelp') : undefined}
              rules={[
                { pattern: /^[0-9+\-() *]*$/, message: t('people.phoneFormat') },
                {
                  validator: async (_, value: string | undefined) => {
                    if (value?.includes('*') && value !== (person?.phone ?? '')) throw new Error(t('people.phoneFull'));
                  },
                },
              ]}
            >
              <Input maxLength={30} data-testid="person-form-phone" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="email"
              label={t('people.email')}
              rules={[
                { max: 120 },
                {
                  validator: async (_, value: string | undefined) => {
                    if (!value || value === (person?.email ?? '')) return;
                    if (value.includes('*')) throw new Error(t('people.emailFull'));
                    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) throw new Error(t('people.emailFormat'));
                  },
                },
              ]}
            >
              <Input maxLength={120} data-testid="person-form-email" />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5} style={{ marginTop: 4 }}>
          {t('people.grants')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('people.grantsHelp')}
        </Typography.Paragraph>
        {ownRoles ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('people.ownRoles')} data-testid="person-own-roles" /> : null}
        {clash.length ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('people.sodClash', { a: roleLabel(clash[0]![0], locale), b: roleLabel(clash[0]![1], locale) })}
            data-testid="person-sod-clash"
          />
        ) : null}
        <Form.List name="roles">
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="top" data-testid={`person-grant-${i}`}>
                  <Col span={9}>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('people.roleRequired') }]}>
                      <Select options={roleOptions} placeholder={t('people.role')} disabled={ownRoles} data-testid={`person-grant-role-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col span={13}>
                    <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('people.unitRequired') }]}>
                      <TreeSelect
                        treeData={unitOptions}
                        showSearch={{ treeNodeFilterProp: 'title' }}
                        treeDefaultExpandAll
                        placeholder={t('people.grantUnit')}
                        disabled={ownRoles}
                        data-testid={`person-grant-unit-${i}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={ownRoles} aria-label={t('common.delete')} data-testid={`person-grant-remove-${i}`} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ unitId: form.getFieldValue('unitId') as string | undefined })} block disabled={ownRoles} data-testid="person-grant-add">
                {t('people.addGrant')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
