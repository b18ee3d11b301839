/**
 * Ledgers (台账): import an old ledger (.xlsx/.csv) with a preview — every bad cell listed with its
 * row and column, nothing written until the whole file is valid — download the template, and export
 * the ledger of any period to .xlsx. Editors and leaders, for the unit their role is granted on.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Space, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/locale';
import { Page } from '../../app/Page';
import { getFeedback } from '../../app/feedback';
import { download, showError, upload } from '../../app/request';
import type { ResponseOf } from '../../app/api';
import type { MessageKey } from '../../i18n';

type Preview = ResponseOf<'POST /api/ledgers/import'>;

export default function LedgersPage() {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);

  const send = (f: File, dryRun: boolean) => upload<Preview>('/api/ledgers/import', f, { query: { dryRun: dryRun ? '1' : '0' } });
  const choose = async (f: File) => {
    setFile(f);
    setPreview(null);
    setBusy(true);
    try {
      setPreview(await send(f, true));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await send(file, false);
      getFeedback()?.message.success(t('ledgers.imported', { n: r.imported }));
      setPreview(r);
      setFile(null);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('ledgers.title')} sub={t('ledgers.sub')} testId="ledgers-page">
      <Card
        title={t('ledgers.import')}
        style={{ marginBottom: 16 }}
        extra={
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/ledgers/template', {}, '台账导入模板.xlsx').catch(showError)} data-testid="ledger-template">
            {t('ledgers.template')}
          </Button>
        }
      >
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(f) => {
            void choose(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy && !preview} data-testid="ledger-choose">
            {t('ledgers.choose')}
          </Button>
        </Upload>
        {file ? <span style={{ marginLeft: 8 }}>{file.name}</span> : null}
        {preview ? (
          <div style={{ marginTop: 16 }} data-testid="ledger-preview">
            {preview.errors.length ? (
              <>
                <Alert type="error" showIcon title={t('ledgers.previewErrors', { count: preview.errors.length })} style={{ marginBottom: 8 }} />
                <Table
                  size="small"
                  rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                  dataSource={preview.errors}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  columns={[
                    { title: t('ledgers.row'), dataIndex: 'row', width: 70 },
                    { title: t('ledgers.column'), dataIndex: 'column', width: 120 },
                    { title: t('ledgers.problem'), dataIndex: 'message' },
                  ]}
                  data-testid="ledger-errors"
                />
              </>
            ) : (
              <>
                <Alert
                  type={preview.dryRun ? 'info' : 'success'}
                  showIcon
                  title={preview.dryRun ? t('ledgers.previewOk', { valid: preview.valid, new: preview.new, existing: preview.existing }) : t('ledgers.imported', { n: preview.imported })}
                  action={
                    preview.dryRun && preview.new > 0 ? (
                      <Button type="primary" loading={busy} onClick={confirm} data-testid="ledger-confirm">
                        {t('ledgers.confirm')}
                      </Button>
                    ) : undefined
                  }
                  style={{ marginBottom: 8 }}
                />
                <Table
                  size="small"
                  rowKey="row"
                  dataSource={preview.rows}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  columns={[
                    { title: t('ledgers.row'), dataIndex: 'row', width: 60 },
                    { title: t('records.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`records.kind.${k}` as MessageKey) },
                    { title: t('records.usedOn'), dataIndex: 'usedOn', width: 110 },
                    { title: t('outlets.owner'), dataIndex: 'unitName', width: 140 },
                    { title: '', dataIndex: 'title' },
                    { title: '', dataIndex: 'status', width: 90, render: (s: 'new' | 'existing') => <Tag color={s === 'new' ? 'green' : undefined}>{t(`ledgers.status.${s}`)}</Tag> },
                  ]}
                />
              </>
            )}
          </div>
        ) : null}
      </Card>
      <Card title={t('ledgers.export')}>
        <Space>
          <span>{t('ledgers.period')}</span>
          <DatePicker.RangePicker value={period} onChange={(v) => v && v[0] && v[1] && setPeriod([v[0], v[1]])} allowClear={false} />
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download('/api/ledgers/export', { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD') }, 'ledger.xlsx').catch(showError)}
            data-testid="ledger-export"
          >
            {t('ledgers.download')}
          </Button>
        </Space>
      </Card>
    </Page>
  );
}
