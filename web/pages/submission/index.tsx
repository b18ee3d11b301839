/**
 * The item page: the header (where the item is, who holds it, the actions the viewer may take now)
 * above the panels listed in panels.ts — content by version with a diff, files, personal-data
 * findings, duplicate flags, the review history.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Col, Result, Row } from 'antd';
import { PageLoading } from '../../app/PageLoading';
import { useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import { useNow } from '../submissions/components';
import type { PanelProps } from './item';
import { ItemHeader } from './ItemHeader';
import { panelsIn, type PanelSlot } from './panels';
import { fetchSubmission, type SubmissionDetail } from './service';
import { refreshCounts } from '../../app/counts';
import '../submissions/submissions.css';

export default function SubmissionPage() {
  const { id = '' } = useParams();
  const t = useT();
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<'not_found' | 'failed' | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await fetchSubmission(id));
      refreshCounts(); // opening the item read its notifications; a decision changed the queue
      setError(null);
    } catch (e) {
      if (isApiError(e) && e.status === 404) setError('not_found');
      else {
        setError('failed');
        showError(e);
      }
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    void load();
  }, [load]);

  if (error) {
    return (
      <Result
        status={error === 'not_found' ? '404' : 'warning'}
        title={error === 'not_found' ? t('item.notFound') : t('item.loadFailed')}
        subTitle={error === 'not_found' ? t('item.notFoundText') : undefined}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  if (!detail) return <PageLoading />;
  return <ItemView detail={detail} reload={load} />;
}

function ItemView({ detail: d, reload }: { detail: SubmissionDetail; reload: () => Promise<void> }) {
  const now = useNow();
  const props: PanelProps = { d, reload, now };
  const slot = (s: PanelSlot) => panelsIn(s).map(({ key, Component }) => <Component key={key} {...props} />);
  return (
    <div data-testid="submission-page" data-status={d.status}>
      <ItemHeader {...props} />
      {slot('top')}
      <Row gutter={16}>
        <Col xs={24} xl={15} style={{ minWidth: 0 }}>
          {slot('main')}
        </Col>
        <Col xs={24} xl={9}>
          {slot('side')}
        </Col>
      </Row>
    </div>
  );
}
