import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Form, Input, QRCode, Space, Steps, Tag, Typography } from 'antd';
import { CheckCircleOutlined, KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { useLocale, useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import { useSession } from '../../app/session';
import { roleLabel } from '../../app/labels';
import { beginTotpSetup, disableTotp, enableTotp, groupSecret, type TotpSetup } from './service';

const codeRules = (t: ReturnType<typeof useT>) => [
  { required: true, message: t('totp.codeRequired') },
  { pattern: /^\d{6}$/, message: t('totp.codeFormat') },
];

function SetupCard({ onEnabled }: { onEnabled: () => Promise<void> }) {
  const t = useT();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  const begin = async () => {
    setBusy(true);
    try {
      setSetup(await beginTotpSetup());
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const enable = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      await enableTotp(code.trim());
      getFeedback()?.message.success(t('totp.enabled'));
      await onEnabled();
    } catch (e) {
      if (isApiError(e) && e.code === 'auth/totp_invalid') form.setFields([{ name: 'code', errors: [e.message] }]);
      else showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Steps
        orientation="vertical"
        size="small"
        current={setup ? 2 : 0}
        items={[
          { title: t('totp.step1'), description: t('totp.step1Text') },
          {
            title: t('totp.step2'),
            description: setup ? (
              <div style={{ marginTop: 8 }}>
                <div style={{ marginBottom: 6, color: '#595959' }}>{t('totp.qrLabel')}</div>
                <QRCode value={setup.uri} size={168} bordered errorLevel="M" style={{ marginBottom: 12, background: '#fff' }} data-testid="totp-qr" />
                <div style={{ marginBottom: 6, color: '#595959' }}>{t('totp.secretLabel')}</div>
                <div className="xb-secret-box">
                  <Typography.Paragraph copyable={{ text: setup.secret }} className="xb-mono" style={{ fontSize: 18, letterSpacing: 1 }} data-testid="totp-secret">
                    {groupSecret(setup.secret)}
                  </Typography.Paragraph>
                </div>
                <div style={{ margin: '12px 0 6px', color: '#595959' }}>{t('totp.uriLabel')}</div>
                <div className="xb-secret-box">
                  <Typography.Paragraph copyable={{ text: setup.uri }} className="xb-mono" data-testid="totp-uri">
                    {setup.uri}
                  </Typography.Paragraph>
                </div>
                <div style={{ marginTop: 8, color: '#8c8c8c', fontSize: 12 }}>{t('totp.secretWarning')}</div>
              </div>
            ) : (
              <div style={{ marginTop: 8 }}>
                <div style={{ marginBottom: 8 }}>{t('totp.step2Text')}</div>
                <Button type="primary" icon={<KeyOutlined />} onClick={begin} loading={busy} data-testid="totp-begin">
                  {t('totp.begin')}
                </Button>
              </div>
            ),
          },
          {
            title: t('totp.step3'),
            description: setup ? (
              <Form form={form} layout="inline" onFinish={enable} style={{ marginTop: 8 }}>
                <Form.Item name="code" rules={codeRules(t)}>
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="000000" style={{ width: 140 }} data-testid="totp-code" />
                </Form.Item>
                <Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-enable">
                    {t('totp.enable')}
                  </Button>
                </Form.Item>
              </Form>
            ) : (
              t('totp.step3Text')
            ),
          },
        ]}
      />
    </>
  );
}

function DisableForm({ onDisabled }: { onDisabled: () => Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      await disableTotp(code.trim());
      getFeedback()?.message.success(t('totp.disabled'));
      form.resetFields();
      await onDisabled();
    } catch (e) {
      if (isApiError(e) && e.code === 'auth/totp_invalid') form.setFields([{ name: 'code', errors: [e.message] }]);
      else showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Paragraph type="secondary">{t('totp.disableText')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={submit}>
        <Form.Item name="code" rules={codeRules(t)}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="000000" style={{ width: 140 }} data-testid="totp-disable-code" />
        </Form.Item>
        <Form.Item>
          <Button danger htmlType="submit" loading={busy} data-testid="totp-disable">
            {t('totp.disable')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/** Account security: who I am, two-factor authentication (set up / turn off), password. */
export default function SecurityPage() {
  const t = useT();
  const { locale } = useLocale();
  const { me, access, refresh } = useSession();
  const navigate = useNavigate();
  if (!me) return null;
  const forced = access.restricted === 'totp_setup';

  const after = async () => {
    const m = await refresh();
    if (forced && m && !m.restricted) navigate('/', { replace: true });
  };

  return (
    <div className="xb-narrow" style={{ maxWidth: 760 }} data-testid="security-page">
      {forced ? <Alert type="warning" showIcon title={t('totp.forcedTitle')} description={t('totp.forcedText')} style={{ marginBottom: 16 }} /> : null}
      {!forced ? (
        <Card title={t('security.account')} style={{ marginBottom: 16 }}>
          <Descriptions column={2} size="small">
            <Descriptions.Item label={t('people.login')}>
              <span className="xb-mono">{me.login}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('people.name')}>{me.name}</Descriptions.Item>
            <Descriptions.Item label={t('people.unit')}>{me.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('people.roles')}>
              <Space size={[4, 4]} wrap>
                {me.roles.map((r) => (
                  <Tag key={`${r.role}@${r.unitId}`}>
                    {roleLabel(r.role, locale)} · {r.unitName}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      <Card
        title={
          <Space>
            <SafetyCertificateOutlined />
            {t('totp.title')}
          </Space>
        }
        extra={
          me.totpEnabled ? (
            <Tag color="success" icon={<CheckCircleOutlined />} data-testid="totp-status">
              {t('totp.statusOn')}
            </Tag>
          ) : (
            <Tag data-testid="totp-status">{t('totp.statusOff')}</Tag>
          )
        }
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph>{t('totp.intro')}</Typography.Paragraph>
        {me.totpEnabled ? <DisableForm onDisabled={after} /> : <SetupCard onEnabled={after} />}
      </Card>
      {!forced ? (
        <Card title={t('password.title')}>
          <Space orientation="vertical">
            <Typography.Text type="secondary">{t('security.passwordText')}</Typography.Text>
            <Button onClick={() => navigate('/change-password')} data-testid="security-change-password">
              {t('user.changePassword')}
            </Button>
          </Space>
        </Card>
      ) : null}
    </div>
  );
}
