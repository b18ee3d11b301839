import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useT } from '../../app/locale';

/** Shows a generated password once, with a copy button and a warning to hand it over securely. */
export function InitialPasswordModal({ shown, onClose }: { shown: { login: string; name: string; password: string; reset: boolean } | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={!!shown}
      title={shown?.reset ? t('people.pwResetTitle') : t('people.pwCreatedTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="initial-password-done">
          {t('people.pwDone')}
        </Button>
      }
      destroyOnHidden
      width={520}
    >
      {shown ? (
        <>
          <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('people.name')}>{shown.name}</Descriptions.Item>
            <Descriptions.Item label={t('people.login')}>
              <span className="xb-mono" data-testid="initial-password-login">
                {shown.login}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <div style={{ color: '#595959', marginBottom: 6 }}>{t('people.pwLabel')}</div>
          <div className="xb-secret-box" style={{ marginBottom: 16 }}>
            <Typography.Text
              className="xb-mono"
              style={{ fontSize: 20, letterSpacing: 1 }}
              copyable={{ text: shown.password, tooltips: [t('common.copy'), t('common.copied')] }}
              data-testid="initial-password"
            >
              {shown.password}
            </Typography.Text>
          </div>
          <Alert type="warning" showIcon title={t('people.pwWarnTitle')} description={t('people.pwWarnText')} />
        </>
      ) : null}
    </Modal>
  );
}
