import { useRef, useState } from 'react';
import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { keep, SIGN_IN_POINTS } from '../../app/features';
import { LocaleSwitch } from '../../app/LocaleSwitch';
import { useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import { signIn, type SignInInput } from './service';

export default function SignInPage() {
  const t = useT();
  const { refresh, expired } = useSession();
  const [form] = Form.useForm<SignInInput>();
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ type: 'error' | 'info'; text: string } | null>(null);
  const totpRef = useRef<InputRef>(null);

  const submit = async (values: SignInInput) => {
    setBusy(true);
    setProblem(null);
    try {
      const body: SignInInput = { login: values.login, password: values.password };
      if (needTotp && values.totpCode) body.totpCode = values.totpCode;
      await signIn(body);
      // The guard on /sign-in sends the person on (to the page they came from, or a restricted page).
      await refresh();
    } catch (e) {
      if (!isApiError(e)) return showError(e);
      if (e.code === 'auth/totp_required') {
        setNeedTotp(true);
        setProblem({ type: 'info', text: e.message });
        setTimeout(() => totpRef.current?.focus(), 50);
      } else if (e.code === 'auth/totp_invalid') {
        form.setFields([{ name: 'totpCode', errors: [e.message], value: '' }]);
        totpRef.current?.focus();
      } else if (e.code === 'auth/invalid_credentials' || e.code === 'common/rate_limited') {
        setProblem({ type: 'error', text: e.message });
        form.setFieldValue('password', '');
      } else {
        showError(e, form);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="xb-signin">
      <section className="xb-signin-hero" aria-hidden>
        <span className="xb-seal" style={{ width: 52, height: 52, fontSize: 30 }}>
          宣
        </span>
        <h1>{t('app.name')}</h1>
        <p>{t('signIn.heroTagline')}</p>
        <ul className="xb-signin-points" data-testid="signin-points">
          {keep(SIGN_IN_POINTS).map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </section>
      <main className="xb-signin-panel">
        <div className="xb-signin-locale">
          <LocaleSwitch />
        </div>
        <h2 style={{ fontSize: 24, margin: '0 0 4px', fontWeight: 600 }}>{t('signIn.title')}</h2>
        <div style={{ color: '#8c8c8c', marginBottom: 28 }}>{t('signIn.subtitle')}</div>
        {expired && !problem ? <Alert type="warning" title={t('signIn.expired')} showIcon style={{ marginBottom: 16 }} data-testid="signin-expired" /> : null}
        {problem ? <Alert type={problem.type} title={problem.text} showIcon style={{ marginBottom: 16 }} data-testid="signin-alert" /> : null}
        <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false} data-testid="signin-form" autoComplete="on">
          <Form.Item name="login" label={t('signIn.login')} rules={[{ required: true, whitespace: true, message: t('signIn.loginRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder={t('signIn.loginPlaceholder')} data-testid="signin-login" maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder={t('signIn.passwordPlaceholder')} data-testid="signin-password" maxLength={256} />
          </Form.Item>
          {needTotp ? (
            <Form.Item
              name="totpCode"
              label={t('signIn.totp')}
              extra={t('signIn.totpHelp')}
              rules={[
                { required: true, message: t('signIn.totpRequired') },
                { pattern: /^\d{6}$/, message: t('totp.codeFormat') },
              ]}
            >
              <Input
                ref={totpRef}
                prefix={<SafetyCertificateOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                placeholder="000000"
                data-testid="signin-totp"
              />
            </Form.Item>
          ) : null}
          <Form.Item style={{ marginTop: 8 }}>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
              {t('signIn.submit')}
            </Button>
          </Form.Item>
        </Form>
        <div className="xb-signin-foot">
          {t('signIn.notice')}
          <br />
          {t('signIn.forgot')}
        </div>
      </main>
    </div>
  );
}
