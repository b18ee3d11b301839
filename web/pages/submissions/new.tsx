/** Step one of a new submission: choose what kind of item it is (each kind has its own rules). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Card, Col, Row, Spin, Typography } from 'antd';
import { BulbOutlined, FileTextOutlined, PictureOutlined, ReadOutlined, TrophyOutlined } from '@ant-design/icons';
import { useLocale, useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import type { MessageKey } from '../../i18n';
import { fetchKinds, type KindInfo, type SubmissionKind } from './service';
import './submissions.css';

const ICON: Record<SubmissionKind, React.ReactNode> = {
  briefing_item: <FileTextOutlined />,
  lead: <BulbOutlined />,
  material: <PictureOutlined />,
  article: <ReadOutlined />,
  original_work: <TrophyOutlined />,
};

const DESC: Record<SubmissionKind, MessageKey> = {
  briefing_item: 'sub.kindDesc.briefing_item',
  lead: 'sub.kindDesc.lead',
  material: 'sub.kindDesc.material',
  article: 'sub.kindDesc.article',
  original_work: 'sub.kindDesc.original_work',
};

export default function NewSubmissionPage() {
  const t = useT();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [kinds, setKinds] = useState<KindInfo[] | null>(null);
  const [creating, setCreating] = useState<SubmissionKind | null>(null);

  useEffect(() => {
    fetchKinds().then(
      (k) => setKinds(k.kinds),
      (e: unknown) => showError(e),
    );
  }, []);

  // No draft yet: the form opens empty and the first typed text makes one (and only a submit numbers it).
  const start = (kind: SubmissionKind) => {
    if (creating) return;
    setCreating(kind);
    navigate(`/submissions/new/${kind}`, { replace: true });
  };

  return (
    <Page title={t('sub.new.title')} sub={t('sub.new.sub')} testId="new-submission-page">
      {!kinds ? (
        <div style={{ padding: 60, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : (
        <Row gutter={[16, 16]}>
          {kinds.map((k) => (
            <Col key={k.key} xs={24} md={12} xl={8}>
              <Card
                hoverable
                className="xb-kind-card"
                onClick={() => start(k.key)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') start(k.key);
                }}
                tabIndex={0}
                role="button"
                data-testid={`kind-option-${k.key}`}
              >
                <Spin spinning={creating === k.key}>
                  <div style={{ display: 'flex', gap: 14 }}>
                    <span className="xb-kind-icon">{ICON[k.key]}</span>
                    <div style={{ minWidth: 0 }}>
                      <div className="xb-kind-name">{locale === 'en' ? k.en : k.zh}</div>
                      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px', fontSize: 13 }}>
                        {t(DESC[k.key])}
                      </Typography.Paragraph>
                      <div className="xb-kind-rules">
                        {t('sub.new.limit', { n: k.rules.maxBodyChars })}
                        {k.rules.situationNoteRequired ? ` · ${t('sub.new.needsNote')}` : ''}
                        {k.rules.categoryRequired ? ` · ${t('sub.new.needsCategory')}` : ''}
                        {k.rules.filesRequired ? ` · ${t('sub.new.needsFiles')}` : ''}
                      </div>
                    </div>
                  </div>
                </Spin>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Page>
  );
}
