/**
 * One rubric: edit its draft (form or YAML, checked as you type), save the draft (the text is kept
 * even when it has problems), try it (what-if: the draft's ranking beside the current one, each
 * unit's change in rank), and adopt it as the next version once it is valid.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Tooltip, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CheckCircleOutlined, ExperimentOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale } from '../../app/locale';
import { getFeedback } from '../../app/feedback';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { defaultPeriodKey, periodLabel } from '../rankings/period';
import { PeriodPicker } from '../rankings/PeriodPicker';
import { checkText } from './rubric-edit';
import { ProblemList, RubricEditor } from './RubricEditor';
import { adoptDraft, fetchRubric, saveDraft, whatIf, type RubricDetail, type WhatIf, type WhatIfChange } from './service';
import '../rankings/rankings.css';

export function RankChange({ by }: { by: number }) {
  if (by > 0)
    return (
      <span style={{ color: '#389e0d' }} data-testid="whatif-change" data-change={by}>
        <ArrowUpOutlined /> {by}
      </span>
    );
  if (by < 0)
    return (
      <span style={{ color: '#cf1322' }} data-testid="whatif-change" data-change={by}>
        <ArrowDownOutlined /> {-by}
      </span>
    );
  return (
    <span style={{ color: '#8c8c8c' }} data-testid="whatif-change" data-change={0}>
      —
    </span>
  );
}

export default function RubricEditPage() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const [rubric, setRubric] = useState<RubricDetail | null>(null);
  const [text, setText] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState<'save' | 'adopt' | 'whatif' | null>(null);
  const [period, setPeriod] = useState(() => defaultPeriodKey(dayjs().format('YYYY-MM-DD')));
  const [trial, setTrial] = useState<WhatIf | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await fetchRubric(id);
      setRubric(r);
      const start = r.draft?.yaml ?? r.current?.yaml ?? '';
      setText(start);
      setSaved(r.draft ? start : '');
    } catch (e) {
      showError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const dirty = text !== saved;
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const problems = checkText(text).problems;
  const save = async () => {
    setBusy('save');
    try {
      const r = await saveDraft(id, text);
      setSaved(text);
      const fb = getFeedback();
      if (r.problems.length) fb?.message.warning(t('rubric.savedWithProblems', { n: r.problems.length }));
      else fb?.message.success(t('rubric.saved'));
      setRubric(await fetchRubric(id));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const adopt = () =>
    getFeedback()?.modal.confirm({
      title: t('rubric.adopt.confirm', { n: (rubric?.versions.filter((v) => v.adoptedAt).length ?? 0) + 1 }),
      content: t('rubric.adopt.hint'),
      okText: t('rubric.adopt'),
      okButtonProps: { 'data-testid': 'rubric-adopt-ok' } as ButtonProps,
      onOk: async () => {
        setBusy('adopt');
        try {
          await adoptDraft(id);
          getFeedback()?.message.success(t('rubric.adopted'));
          await load();
        } catch (e) {
          showError(e);
        } finally {
          setBusy(null);
        }
      },
    });

  const runWhatIf = async () => {
    setBusy('whatif');
    try {
      setTrial(await whatIf({ rubricId: id, yaml: text, period }));
    } catch (e) {
      setTrial(null);
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const changeColumns: TableColumnsType<WhatIfChange> = [
    { title: t('rubric.whatif.draftRank'), key: 'dr', width: 90, render: (_, c) => <span className={`xb-rank xb-rank-${c.draft.rank <= 3 ? c.draft.rank : 'n'}`}>{c.draft.rank}</span> },
    { title: t('score.col.unit'), key: 'name', render: (_, c) => <span data-testid="whatif-unit">{c.name ?? c.unitId}</span> },
    { title: t('rubric.whatif.draftTotal'), key: 'dt', width: 110, align: 'right', render: (_, c) => <Typography.Text strong>{c.draft.total}</Typography.Text> },
    { title: t('rubric.whatif.currentRank'), key: 'cr', width: 100, align: 'right', render: (_, c) => c.current.rank },
    { title: t('rubric.whatif.currentTotal'), key: 'ct', width: 110, align: 'right', render: (_, c) => c.current.total },
    { title: t('rubric.whatif.totalChange'), key: 'tc', width: 110, align: 'right', render: (_, c) => (c.totalChange.startsWith('-') || c.totalChange === '0' ? c.totalChange : `+${c.totalChange}`) },
    { title: t('rubric.whatif.rankChange'), key: 'rc', width: 110, align: 'right', render: (_, c) => <RankChange by={c.rankChange} /> },
  ];

  const adoptable = !dirty && saved !== '' && problems.length === 0;
  return (
    <Page
      title={rubric?.name ?? t('menu.rubrics')}
      sub={
        <Space>
          <Link to="/rubrics">{t('menu.rubrics')}</Link>
          {rubric?.current ? <Tag color="green">{t('rubric.currentVersion', { n: rubric.current.number })}</Tag> : <Tag>{t('rubric.notAdopted')}</Tag>}
          {dirty ? <Tag color="orange" data-testid="rubric-unsaved">{t('rubric.unsaved')}</Tag> : saved ? <Tag color="blue">{t('rubric.draftSaved')}</Tag> : null}
        </Space>
      }
      testId="rubric-edit-page"
      extra={
        <Space>
          <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={!dirty} onClick={() => void save()} data-testid="rubric-save">
            {t('rubric.saveDraft')}
          </Button>
          <Tooltip title={adoptable ? undefined : t(problems.length ? 'rubric.adopt.fixFirst' : 'rubric.adopt.saveFirst')}>
            <Button type="primary" icon={<CheckCircleOutlined />} loading={busy === 'adopt'} disabled={!adoptable} onClick={adopt} data-testid="rubric-adopt">
              {t('rubric.adopt')}
            </Button>
          </Tooltip>
        </Space>
      }
    >
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card>{rubric ? <RubricEditor value={text} onChange={(v) => setText(v)} /> : null}</Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('rubric.whatif')} style={{ marginBottom: 16 }} data-testid="whatif-card">
            <Typography.Paragraph type="secondary">{t('rubric.whatif.hint')}</Typography.Paragraph>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <PeriodPicker value={period} onChange={setPeriod} testId="whatif-period" />
              <Button icon={<ExperimentOutlined />} loading={busy === 'whatif'} disabled={problems.length > 0 || !rubric?.current} onClick={() => void runWhatIf()} data-testid="whatif-run">
                {t('rubric.whatif.run')}
              </Button>
              {!rubric?.current ? <Alert type="info" showIcon title={t('rubric.whatif.noCurrent')} /> : null}
            </Space>
          </Card>
          <Card size="small" title={t('rubric.versions')}>
            <Descriptions size="small" column={1}>
              {rubric?.draft ? (
                <Descriptions.Item label={t('rubric.draft')}>
                  {t('rubric.draftUpdated', { at: dayjs(rubric.draft.updatedAt).format('YYYY-MM-DD HH:mm') })}
                  {rubric.draft.valid ? '' : ` · ${t('rubric.problems', { n: rubric.draft.problems.length })}`}
                </Descriptions.Item>
              ) : null}
              {(rubric?.versions ?? []).map((v) => (
                <Descriptions.Item key={v.id} label={t('rubric.version', { n: v.number })}>
                  {v.adoptedAt ? t('rubric.adoptedOn', { date: dayjs(v.adoptedAt).format('YYYY-MM-DD HH:mm') }) : ''}
                  {v.adoptedByName ? ` · ${v.adoptedByName}` : ''}
                  {v.current ? <Tag color="green" style={{ marginInlineStart: 6 }}>{t('rubric.inForce')}</Tag> : null}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
        </Col>
      </Row>
      {trial ? (
        <Card
          style={{ marginTop: 16 }}
          title={t('rubric.whatif.result', { period: periodLabel(period, locale) })}
          extra={<Button size="small" onClick={() => setTrial(null)}>{t('score.close')}</Button>}
          data-testid="whatif-result"
        >
          {trial.problems.length ? (
            <ProblemList problems={trial.problems} />
          ) : (
            <Table<WhatIfChange> rowKey="unitId" size="small" columns={changeColumns} dataSource={trial.changes} pagination={trial.changes.length > 50 ? { pageSize: 50 } : false} onRow={() => ({ 'data-testid': 'whatif-row' }) as object} />
          )}
        </Card>
      ) : null}
    </Page>
  );
}

