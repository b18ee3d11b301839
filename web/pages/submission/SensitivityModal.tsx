/** Marks or unmarks the item as sensitive (editors and leaders, while it is in review). */
import { useEffect, useState } from 'react';
import { Alert, Input, Modal, Radio, Space, Switch, Typography } from 'antd';
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
  const [reason, setReason] = useState('');
  // Clearing a mark needs a reason (server: review/sensitivity_reason_required), written to the audit log.
  const clearing = d.sensitive && !sensitive;
  useEffect(() => {
    if (open) {
      setSens(d.sensitive);
      setKind(d.sensitivity);
      setReason('');
    }
  }, [open, d.sensitive, d.sensitivity]);
  return (
    <Modal
      open={open}
      title={t('item.sens.title')}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ disabled: (sensitive && !kind) || (clearing && !reason.trim()) }}
      onOk={async () => {
        setBusy(true);
        try {
          await setSensitivity(d.id, sensitive, sensitive ? kind : null, clearing ? reason.trim() : undefined);
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
        {clearing ? (
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('item.sens.reason')} data-testid="sens-reason" />
        ) : null}
        {d.sensitive && !sensitive && d.status === 'sensitive_approval' ? <Alert type="info" showIcon title={t('item.sens.stillWaiting')} /> : null}
      </Space>
    </Modal>
  );
}
