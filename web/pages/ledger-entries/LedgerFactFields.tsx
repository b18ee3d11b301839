/**
 * The facts of a ledger entry that depend on its kind (KIND_FIELDS): the task or honour's title, the
 * honour's level and field, the violation and whether it caused negative coverage. One set of form
 * items for the ledger form and the appeal's correction, so both ask the same thing the same way.
 * Test ids are `${testIdPrefix}-title`, `-level`, `-field`, `-violation`, `-negative`.
 */
import { Form, Input, Select, Switch } from 'antd';
import { useT } from '../../app/locale';
import { KIND_FIELDS } from './ledger-fields';
import type { LedgerEntry } from './service';

export function LedgerFactFields({ kind, testIdPrefix }: { kind: LedgerEntry['kind']; testIdPrefix: string }) {
  const t = useT();
  const f = KIND_FIELDS[kind];
  return (
    <>
      {f.title ? (
        <Form.Item name="title" label={t(kind === 'award_person' ? 'ledger.honour' : kind === 'award_work' ? 'ledger.workTitle' : 'ledger.what')} rules={[{ required: true, whitespace: true, message: t('ledger.titleRequired') }]}>
          <Input maxLength={200} placeholder={kind === 'award_person' ? '年度优秀通讯员' : undefined} data-testid={`${testIdPrefix}-title`} />
        </Form.Item>
      ) : null}
      {f.levels ? (
        <Form.Item name="level" label={t('ledger.level')} rules={[{ required: true, message: t('ledger.levelRequired') }]}>
          <Select options={f.levels.map((l) => ({ value: l, label: t(`ledger.level.${l}`) }))} data-testid={`${testIdPrefix}-level`} />
        </Form.Item>
      ) : null}
      {f.field ? (
        <Form.Item name="field" label={t('ledger.field')} rules={[{ required: true, message: t('ledger.fieldRequired') }]}>
          <Select
            options={[
              { value: 'news', label: t('ledger.field.news') },
              { value: 'culture', label: t('ledger.field.culture') },
            ]}
            data-testid={`${testIdPrefix}-field`}
          />
        </Form.Item>
      ) : null}
      {f.violation ? (
        <Form.Item name="violation" label={t('ledger.violation')} rules={[{ required: true, message: t('ledger.violationRequired') }]}>
          <Select
            options={[
              { value: 'unapproved_account', label: t('ledger.violation.unapproved_account') },
              { value: 'criticism', label: t('ledger.violation.criticism') },
            ]}
            data-testid={`${testIdPrefix}-violation`}
          />
        </Form.Item>
      ) : null}
      {f.violation ? (
        <Form.Item name="negativeCoverage" label={t('ledger.negative')} valuePropName="checked" extra={t('ledger.negative.hint')}>
          <Switch data-testid={`${testIdPrefix}-negative`} />
        </Form.Item>
      ) : null}
    </>
  );
}
