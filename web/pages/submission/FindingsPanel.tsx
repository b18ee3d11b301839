/** Personal-data findings: the warning that they block release, and the list to confirm or redact them. */
import { useState } from 'react';
import { Alert, Button, Card, Input, Modal, Space, Switch, Tag, Typography, type ButtonProps } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { useLocale, useT } from '../../app/locale';
import { showError } from '../../app/request';
import { useSession } from '../../app/session';
import { fieldLabel, findingKindLabel } from '../submissions/labels';
import type { StoredFinding } from '../submissions/service';
import { isFinal, type PanelProps } from './item';
import { resolveFinding } from './service';

/** Above the panels: open findings on the current version block release. */
export function FindingsAlert({ d }: PanelProps) {
  const t = useT();
  const openFindings = d.findings.filter((f) => f.version === d.version && f.status === 'open').length;
  if (openFindings === 0 || isFinal(d.status)) return null;
  return <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('item.findingsBlock', { n: openFindings })} data-testid="findings-block" />;
}

export function FindingsPanel({ d, reload }: PanelProps) {
  const t = useT();
  const { locale } = useLocale();
  const { access } = useSession();
  // Personal data is dealt with on any submitted item, an adopted one too (its earlier versions).
  const canResolve = access.canResolveFindings && d.status !== 'draft';
  const earlierOpen = d.findings.some((f) => f.version !== d.version && f.status === 'open');
  // Open findings of earlier versions are shown at once: they wait for an editor like the current ones.
  const [older, setOlder] = useState(earlierOpen);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<StoredFinding | null>(null);
  const [note, setNote] = useState('');
  const current = d.findings.filter((f) => f.version === d.version);
  const earlier = d.findings.filter((f) => f.version !== d.version);
  const list = older ? [...current, ...earlier] : current;

  const run = async (f: StoredFinding, action: 'confirm' | 'redact', n?: string) => {
    setBusy(f.id);
    try {
      const r = await resolveFinding(d.id, f.id, action, n);
      getFeedback()?.message.success(action === 'confirm' ? t('item.finding.confirmedDone', { n: r.openFindings }) : t('item.finding.redactedDone', { n: r.openFindings }));
      await reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const flash = (f: StoredFinding) => {
    const el = document.getElementById(`finding-${f.id}`);
    if (!el) return;
    el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el.classList.remove('xb-flash');
    void el.offsetWidth;
    el.classList.add('xb-flash');
  };

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space size={6}>
          {t('item.findings')}
          {d.findings.some((f) => f.status === 'open') ? <Tag color="red">{d.findings.filter((f) => f.status === 'open').length}</Tag> : null}
        </Space>
      }
      extra={
        earlier.length ? (
          <Space size={4} style={{ fontSize: 12 }}>
            <Switch size="small" checked={older} onChange={setOlder} data-testid="findings-older" />
            {t('item.finding.older')}
          </Space>
        ) : null
      }
      data-testid="findings-card"
    >
      {list.length === 0 ? (
        <div style={{ color: '#389e0d', fontSize: 13 }}>
          <CheckOutlined style={{ marginRight: 6 }} />
          {t('item.finding.none')}
        </div>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {list.map((f) => (
            <div key={f.id} className="xb-file" style={{ alignItems: 'flex-start', flexDirection: 'column', gap: 4 }} data-testid="finding" data-status={f.status}>
              <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap', width: '100%' }}>
                <Tag color={f.status === 'open' ? 'red' : f.status === 'confirmed' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                  {t(`item.finding.${f.status}`)}
                </Tag>
                {f.confidence === 'possible' ? (
                  // Fails closed: a labelled number that does not validate; shown apart, for the editor to check.
                  <Tag color="gold" style={{ marginInlineEnd: 0, borderStyle: 'dashed' }} title={t('item.finding.possibleHelp')} data-testid="finding-possible">
                    {t('item.finding.possible')}
                  </Tag>
                ) : null}
                <span style={{ fontWeight: 500 }}>{findingKindLabel(f.kind, locale)}</span>
                <span style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {fieldLabel(t, f.field)} · {t('sub.versionN', { n: f.version })}
                  {f.confidence === 'medium' ? ` · ${t('item.finding.medium')}` : ''}
                </span>
              </div>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, width: '100%' }}>
                <a className="xb-mono" onClick={() => flash(f)} style={{ fontSize: 13 }}>
                  {f.masked}
                </a>
                <div style={{ flex: 1 }} />
                {canResolve && f.status === 'open' ? (
                  <>
                    <Button
                      size="small"
                      onClick={() => {
                        setNote('');
                        setConfirming(f);
                      }}
                      loading={busy === f.id}
                      data-testid="finding-confirm"
                    >
                      {t('item.finding.confirm')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      loading={busy === f.id}
                      data-testid="finding-redact"
                      onClick={() =>
                        getFeedback()?.modal.confirm({
                          title: t('item.finding.redactTitle'),
                          content: t('item.finding.redactText', { masked: f.masked }),
                          okText: t('item.finding.redact'),
                          okButtonProps: { danger: true, 'data-testid': 'finding-redact-confirm' } as ButtonProps,
                          onOk: () => run(f, 'redact'),
                        })
                      }
                    >
                      {t('item.finding.redact')}
                    </Button>
                  </>
                ) : null}
              </div>
              {f.status === 'open' && f.version !== d.version ? (
                <div style={{ fontSize: 12, color: '#ad6800' }} data-testid="finding-older-only">
                  {t('item.finding.olderOnly', { n: f.version })}
                </div>
              ) : null}
              {f.note ? <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('item.finding.noteShown', { note: f.note })}</div> : null}
            </div>
          ))}
        </Space>
      )}
      {current.some((f) => f.status === 'open') ? <div style={{ fontSize: 12, color: '#8c8c8c', marginTop: 8 }}>{t('item.finding.help')}</div> : null}
      {list.some((f) => f.confidence === 'possible' && f.status === 'open') ? <div style={{ fontSize: 12, color: '#ad8b00', marginTop: 4 }}>{t('item.finding.possibleHelp')}</div> : null}
      <Modal
        open={!!confirming}
        title={t('item.finding.confirmTitle')}
        onCancel={() => setConfirming(null)}
        okText={t('item.finding.confirm')}
        okButtonProps={{ 'data-testid': 'finding-confirm-ok' } as ButtonProps}
        onOk={async () => {
          if (!confirming) return;
          await run(confirming, 'confirm', note.trim() || undefined);
          setConfirming(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('item.finding.confirmText')}</Typography.Paragraph>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('item.finding.notePlaceholder')} />
      </Modal>
    </Card>
  );
}
