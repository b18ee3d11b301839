/** Return (with a comment for the correspondent) or reject (with a reason): the text is required. */
import { useEffect, useRef, useState } from 'react';
import { Alert, Input, Modal, Typography, type ButtonProps } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useT } from '../../app/locale';

export type DecisionKind = 'return' | 'reject';

export function DecisionModal({
  open,
  kind,
  count = 1,
  subject,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  kind: DecisionKind;
  /** How many items the decision applies to (bulk). */
  count?: number;
  /** What is decided on, e.g. the item's serial and title. */
  subject?: string | undefined;
  onCancel: () => void;
  /** Resolves when done (the modal closes); rejects to keep it open. */
  onSubmit: (text: string) => Promise<void>;
}) {
  const t = useT();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const ref = useRef<TextAreaRef>(null);

  useEffect(() => {
    if (open) {
      setText('');
      setTouched(false);
      setBusy(false);
    }
  }, [open, kind]);

  const empty = text.trim() === '';
  const ok = async () => {
    setTouched(true);
    if (empty) return;
    setBusy(true);
    try {
      await onSubmit(text.trim());
    } catch {
      // the caller showed the error; the text stays
    } finally {
      setBusy(false);
    }
  };

  const isReturn = kind === 'return';
  return (
    <Modal
      open={open}
      title={isReturn ? (count > 1 ? t('item.return.titleBulk', { n: count }) : t('item.return.title')) : count > 1 ? t('item.reject.titleBulk', { n: count }) : t('item.reject.title')}
      onCancel={onCancel}
      onOk={() => void ok()}
      okText={isReturn ? t('item.return.ok') : t('item.reject.ok')}
      okButtonProps={{ danger: !isReturn, loading: busy, 'data-testid': isReturn ? 'return-confirm' : 'reject-confirm' } as ButtonProps}
      afterOpenChange={(o) => {
        if (o) ref.current?.focus();
      }}
      destroyOnHidden
      data-testid={isReturn ? 'return-modal' : 'reject-modal'}
    >
      {subject ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 8 }}>
          {subject}
        </Typography.Paragraph>
      ) : null}
      {!isReturn ? <Alert type="warning" showIcon style={{ marginBottom: 10 }} title={t('item.reject.final')} /> : null}
      <Input.TextArea
        ref={ref}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void ok();
        }}
        autoSize={{ minRows: 4, maxRows: 10 }}
        maxLength={2000}
        showCount
        placeholder={isReturn ? t('item.return.placeholder') : t('item.reject.placeholder')}
        status={touched && empty ? 'error' : undefined}
        data-testid={isReturn ? 'return-comment' : 'reject-reason'}
      />
      {touched && empty ? (
        <div style={{ color: '#cf1322', marginTop: 4, fontSize: 13 }} data-testid="decision-text-required">
          {isReturn ? t('item.return.required') : t('item.reject.required')}
        </div>
      ) : null}
      <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 6 }}>{t('item.decision.ctrlEnter')}</div>
    </Modal>
  );
}
