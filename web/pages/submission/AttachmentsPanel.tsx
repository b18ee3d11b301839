/** The item's files, and for a sensitive item its response plan (三同步) with the warning while it is missing. */
import { Alert, Card, Empty } from 'antd';
import { useT } from '../../app/locale';
import { useSession } from '../../app/session';
import { AttachmentTile, AttachmentUploader, PLAN_ACCEPT } from '../submissions/Attachments';
import type { Attachment } from '../submissions/service';
import { isFinal, type PanelProps } from './item';

/** Above the panels: a sensitive item cannot be released without a response plan. */
export function PlanMissingAlert({ d }: PanelProps) {
  const t = useT();
  if (!d.sensitive || d.hasResponsePlan || isFinal(d.status)) return null;
  return <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('item.planMissing')} data-testid="plan-missing" />;
}

export function FilesPanel({ d }: PanelProps) {
  const t = useT();
  const materials = d.attachments.filter((a) => a.purpose === 'material');
  return (
    <Card size="small" title={t('item.files', { n: materials.length })} style={{ marginBottom: 16 }}>
      {materials.length ? (
        <div className="xb-files" style={{ marginTop: 0 }} data-testid="item-files">
          {materials.map((a) => (
            <AttachmentTile key={a.id} a={a} />
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('item.noFiles')} />
      )}
    </Card>
  );
}

/** The response plan: shown for a sensitive item, or when one was uploaded. */
export function PlanPanel({ d, reload }: PanelProps) {
  const plans = d.attachments.filter((a) => a.purpose === 'response_plan');
  if (!d.sensitive && !plans.length) return null;
  return <PlanCard d={d} plans={plans} reload={reload} />;
}

function PlanCard({ d, plans, reload }: { d: PanelProps['d']; plans: Attachment[]; reload: () => Promise<void> }) {
  const t = useT();
  const { access } = useSession();
  // Reviewers attach the plan while the item is in review; its author only while it is theirs to edit
  // (a draft or returned item): a submitted item is not the correspondent's to change.
  const canUpload = !isFinal(d.status) && (access.canDecide || (d.isOwner && (d.status === 'draft' || d.status === 'returned')));
  return (
    <Card size="small" title={t('sub.form.responsePlan')} style={{ marginBottom: 16 }} className="xb-card-sensitive" data-testid="plan-card">
      {canUpload ? (
        <AttachmentUploader
          submissionId={d.id}
          purpose="response_plan"
          items={plans}
          onAdded={() => void reload()}
          onRemoved={() => void reload()}
          rules={{ maxFiles: 10, maxFileBytes: { image: 20 * 1024 * 1024, video: 20 * 1024 * 1024, document: 20 * 1024 * 1024 } }}
          accept={PLAN_ACCEPT}
          hint={t('sub.form.responsePlanHint')}
          testId="plan-input"
          disabled={false}
        />
      ) : plans.length ? (
        <div className="xb-files" style={{ marginTop: 0 }}>
          {plans.map((a) => (
            <AttachmentTile key={a.id} a={a} />
          ))}
        </div>
      ) : (
        <div style={{ color: '#8c8c8c' }}>{t('item.noPlan')}</div>
      )}
    </Card>
  );
}
