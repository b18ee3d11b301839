/** Marks or unmarks the item as sensitive (editors and leaders, while it is in review). */
import { useEffect, useState } from 'react';
import { Alert, Modal, Radio, Space, Switch, Typography } from 'antd';
import { getFeedback } from '../../app/feedback';
import { useT } from '../../app/locale';
import { showError } from '../../app/request';
import type { Sensitivity } from '../submissions/service';
import { setSensitivity, type SubmissionDetail } from './service';

export function SensitivityModal({ open, d, onClose, reload }: { open: boolean; d: SubmissionDetail; onClose: () => void; reload: () => Promise<void> }) {
  const t = useT();
  const [sensitive, setSens] = useState(d.sensitive);
  const [kind, setKind] = useState<Sensitivity | null>(d.sensitivity);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setSens(d.sensitive);
      setKind(d.sensitivity);
    }
  }, [open, d.sensitive, d.sensitivity]);
  return (
    <Modal
      open={open}
      title={t('item.sens.title')}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: sensitive && !kind }}
      onOk={async () => {
        setBusy(true);
        try {
          await setSensitivity(d.id, sensitive, sensitive ? kind : null);
          getFeedback()?.message.success(t('common.saved'));
          onClose();
          await reload();
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('item.sens.text')}</Typography.Paragraph>
      <Space orientation="vertical">
        <Space>
          <Switch checked={sensitive} onChange={setSens} data-testid="sens-switch" />
          {t('sub.field.sensitive')}
        </Space>
        {sensitive ? (
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Sensitivity)}>
            <Radio value="misconduct">{t('sub.sensitivity.misconduct')}</Radio>
            <Radio value="ongoing_case">{t('sub.sensitivity.ongoing_case')}</Radio>
          </Radio.Group>
        ) : null}
        {d.sensitive && !sensitive && d.status === 'sensitive_approval' ? <Alert type="info" showIcon title={t('item.sens.stillWaiting')} /> : null}
      </Space>
    </Modal>
  );
}
