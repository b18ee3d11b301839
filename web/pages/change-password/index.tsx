import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import { getFeedback } from '../../app/feedback';
import type { MessageKey } from '../../i18n';
import { checkPassword, MIN_LENGTH, type CharClass } from './policy';
import { changePassword } from './service';

type Values = { currentPassword: string; newPassword: string; confirm: string };

const CLASS_LABEL: Record<CharClass, MessageKey> = {
  upper: 'password.classUpper',
  lower: 'password.classLower',
  digit: 'password.classDigit',
  symbol: 'password.classSymbol',
};

function Check({ ok, children, testId }: { ok: boolean; children: React.ReactNode; testId: string }) {
  return (
    <li data-testid={testId} data-ok={ok ? '1' : '0'}>
      {ok ? <CheckCircleFilled className="xb-check-ok" /> : <MinusCircleOutlined className="xb-check-no" />}
      <span style={{ color: ok ? undefined : '#595959' }}>{children}</span>
    </li>
  );
}

export default function ChangePasswordPage() {
  const t = useT();
  const { me, access, refresh } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const pw = Form.useWatch('newPassword', form) ?? '';
  const check = checkPassword(pw, me?.login ?? '');
  const forced = access.restricted === 'password_change';

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      getFeedback()?.message.success(t('password.changed'));
      form.resetFields();
      const m = await refresh();
      if (!m?.restricted) navigate('/', { replace: true });
    } catch (e) {
      // Policy and wrong-password refusals belong next to their field; the rest go to the handler.
      if (isApiError(e) && e.code === 'auth/wrong_password') form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
      else if (isApiError(e) && e.code.startsWith('auth/password_')) form.setFields([{ name: 'newPassword', errors: [e.message] }]);
      else showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="xb-narrow">
      <Card title={t('password.title')} data-testid="change-password">
        {forced ? <Alert type="warning" showIcon title={t('password.forcedTitle')} description={t('password.forcedText')} style={{ marginBottom: 20 }} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
          {/* Lets password managers tie the new password to the account. */}
          <input type="text" name="username" autoComplete="username" value={me?.login ?? ''} readOnly hidden />
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="password-current" maxLength={256} />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            rules={[
              { required: true, message: t('password.newRequired') },
              {
                validator: async (_, value: string | undefined) => {
                  if (value && !checkPassword(value, me?.login ?? '').ok) throw new Error(t('password.notMet'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" maxLength={256} />
          </Form.Item>
          <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 4, padding: '10px 14px', marginBottom: 20 }}>
            <div style={{ fontWeight: 500, marginBottom: 4 }}>{t('password.rules')}</div>
            <ul className="xb-checklist" data-testid="password-checklist">
              <Check ok={check.length} testId="rule-length">
                {t('password.ruleLength', { min: MIN_LENGTH })}
              </Check>
              <Check ok={check.enoughClasses} testId="rule-classes">
                {t('password.ruleClasses', { n: check.classCount })}
              </Check>
              <li style={{ paddingLeft: 22, gap: 12, flexWrap: 'wrap' }}>
                {(Object.keys(CLASS_LABEL) as CharClass[]).map((c) => (
                  <span key={c} style={{ color: check.classes[c] ? '#389e0d' : '#8c8c8c', fontSize: 13 }}>
                    {check.classes[c] ? '✓' : '·'} {t(CLASS_LABEL[c])}
                  </span>
                ))}
              </li>
              <Check ok={pw.length > 0 && check.notLogin} testId="rule-login">
                {t('password.ruleLogin')}
              </Check>
            </ul>
          </div>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" maxLength={256} />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
              {t('password.submit')}
            </Button>
            {!forced ? (
              <Button style={{ marginLeft: 8 }} onClick={() => navigate(-1)}>
                {t('common.cancel')}
              </Button>
            ) : null}
          </Form.Item>
        </Form>
      </Card>
    </div>
  );
}
