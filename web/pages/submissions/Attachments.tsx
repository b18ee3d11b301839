/**
 * Files of an item: drag & drop (several at once), per-file progress and errors, thumbnails for
 * images, download and remove. A failed file never touches the rest of the form.
 */
import { useState } from 'react';
import { Button, Image, Popconfirm, Progress, Tooltip, Upload, type UploadProps } from 'antd';
import { CameraOutlined, CloseOutlined, DeleteOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, InboxOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { getFeedback } from '../../app/feedback';
import { useT } from '../../app/locale';
import { isApiError, showError } from '../../app/request';
import type { KindRules } from '../../../server/submissions/kinds';
import { formatBytes } from './labels';
import { attachmentUrl, removeAttachment, uploadAttachment, type Attachment } from './service';

type Upload = { uid: string; name: string; size: number; percent: number; status: 'uploading' | 'error'; error?: string };

export const MATERIAL_ACCEPT = 'image/*,video/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.heic,.heif,.mkv';
export const PLAN_ACCEPT = '.pdf,.doc,.docx,.wps,.xls,.xlsx,.et';

function kindOfFile(f: { type: string; name: string }): 'image' | 'video' | 'document' {
  if (f.type.startsWith('image/') || /\.(heic|heif)$/i.test(f.name)) return 'image';
  if (f.type.startsWith('video/') || /\.(mkv|avi|mov)$/i.test(f.name)) return 'video';
  return 'document';
}

export function FileIcon({ a }: { a: Pick<Attachment, 'fileKind' | 'mime'> }) {
  if (a.fileKind === 'image') return <FileImageOutlined />;
  if (a.fileKind === 'video') return <VideoCameraOutlined />;
  if (a.mime === 'application/pdf') return <FilePdfOutlined />;
  if (a.mime.includes('word') || a.mime === 'application/x-cfb') return <FileWordOutlined />;
  return <FileOutlined />;
}

/** One stored file: thumbnail (images) or icon, name, size, actions. */
export function AttachmentTile({ a, onRemove, removing }: { a: Attachment; onRemove?: (() => void) | undefined; removing?: boolean }) {
  const t = useT();
  return (
    <div className="xb-file" data-testid="attachment" data-filename={a.filename}>
      <div className="xb-file-thumb">
        {a.hasThumb ? (
          <Image src={attachmentUrl(a.id, { thumb: true })} preview={{ src: attachmentUrl(a.id, { inline: true }) }} alt={a.filename} width={64} height={64} style={{ objectFit: 'cover' }} />
        ) : (
          <span className="xb-file-icon">
            <FileIcon a={a} />
          </span>
        )}
      </div>
      <div className="xb-file-meta">
        <a href={attachmentUrl(a.id)} className="xb-file-name" title={a.filename} download>
          {a.filename}
        </a>
        <span className="xb-file-size">
          {formatBytes(a.size)}
          {a.width && a.height ? ` · ${a.width}×${a.height}` : ''}
        </span>
      </div>
      {onRemove ? (
        <Popconfirm title={t('sub.files.removeConfirm')} onConfirm={onRemove} okText={t('common.delete')} okButtonProps={{ danger: true }}>
          <Button type="text" size="small" icon={<DeleteOutlined />} loading={removing} aria-label={t('common.delete')} data-testid="attachment-remove" />
        </Popconfirm>
      ) : null}
    </div>
  );
}

export function AttachmentUploader({
  submissionId,
  purpose,
  items,
  onAdded,
  onRemoved,
  rules,
  disabled,
  accept = MATERIAL_ACCEPT,
  hint,
  testId = 'file-input',
  ensureId,
}: {
  submissionId: string;
  purpose: 'material' | 'response_plan';
  items: Attachment[];
  onAdded: (a: Attachment) => void;
  onRemoved: (id: string) => void;
  rules: Pick<KindRules, 'maxFiles' | 'maxFileBytes'>;
  disabled?: boolean;
  accept?: string;
  hint?: string;
  testId?: string;
  /** Called before the first upload (e.g. to save the draft first). */
  /** Makes sure the item exists (a new one is created by its first content) and answers its id. */
  ensureId?: (file: File) => Promise<string | void>;
  /** Form.Item passes these; the list is managed here. */
  value?: unknown;
}) {
  const t = useT();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [removing, setRemoving] = useState<string | null>(null);
  const patch = (uid: string, p: Partial<Upload> | null) =>
    setUploads((us) => (p === null ? us.filter((u) => u.uid !== uid) : us.map((u) => (u.uid === uid ? { ...u, ...p } : u))));

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file as File & { uid: string };
    const uid = file.uid;
    const limit = rules.maxFileBytes[kindOfFile(file)];
    setUploads((us) => [...us, { uid, name: file.name, size: file.size, percent: 0, status: 'uploading' }]);
    if (file.size > limit) {
      patch(uid, { status: 'error', error: t('sub.files.tooLarge', { name: file.name, limit: formatBytes(limit) }) });
      options.onError?.(new Error('too large'));
      return;
    }
    void (async () => {
      try {
        const id = (await ensureId?.(file)) || submissionId;
        const a = await uploadAttachment(id, file, purpose, (percent) => patch(uid, { percent }));
        patch(uid, null);
        onAdded(a);
        options.onSuccess?.(a);
      } catch (e) {
        // An expired session was dealt with by the one error path (sign-in, typed text kept in the
        // local copy of the draft): no error row for the file.
        if (isApiError(e) && e.handled) {
          patch(uid, null);
          options.onError?.(e);
          return;
        }
        const message = isApiError(e) ? e.message : t('error.unexpected');
        patch(uid, { status: 'error', error: message });
        options.onError?.(e instanceof Error ? e : new Error(String(e)));
      }
    })();
  };

  const remove = async (a: Attachment) => {
    setRemoving(a.id);
    try {
      await removeAttachment(submissionId, a.id);
      onRemoved(a.id);
    } catch (e) {
      showError(e);
    } finally {
      setRemoving(null);
    }
  };

  const full = items.length + uploads.filter((u) => u.status === 'uploading').length >= rules.maxFiles;

  return (
    <div>
      {!disabled ? (
        <Upload.Dragger
          multiple
          accept={accept}
          showUploadList={false}
          customRequest={customRequest}
          disabled={full}
          beforeUpload={(_f, list) => {
            const room = rules.maxFiles - items.length - uploads.filter((u) => u.status === 'uploading').length;
            if (list.length > room && list.indexOf(_f) === room) getFeedback()?.message.warning(t('sub.files.tooMany', { max: rules.maxFiles }));
            return list.indexOf(_f) < room;
          }}
          data-testid={testId}
          style={{ padding: '4px 0' }}
        >
          <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
            <InboxOutlined />
          </p>
          <p className="ant-upload-text" style={{ fontSize: 14 }}>
            {t('sub.files.drop')}
          </p>
          <p className="ant-upload-hint" style={{ fontSize: 12 }}>
            {hint ?? t('sub.files.hint', { max: rules.maxFiles, image: formatBytes(rules.maxFileBytes.image), video: formatBytes(rules.maxFileBytes.video) })}
          </p>
        </Upload.Dragger>
      ) : null}
      {!disabled && purpose === 'material' && /image\//.test(accept) ? (
        // On a phone the camera opens at once (`capture`): a photo of the scene straight into the item.
        <Upload accept="image/*" capture="environment" showUploadList={false} customRequest={customRequest} disabled={full} className="xb-camera-upload">
          <Button icon={<CameraOutlined />} disabled={full} block data-testid={`${testId}-camera`} style={{ marginTop: 8 }}>
            {t('sub.files.camera')}
          </Button>
        </Upload>
      ) : null}
      {uploads.length || items.length ? (
        <div className="xb-files" data-testid={`${testId}-list`}>
          {items.map((a) => (
            <AttachmentTile key={a.id} a={a} onRemove={disabled ? undefined : () => void remove(a)} removing={removing === a.id} />
          ))}
          {uploads.map((u) => (
            <div key={u.uid} className={`xb-file ${u.status === 'error' ? 'xb-file-error' : ''}`} data-testid="upload-item" data-status={u.status}>
              <div className="xb-file-thumb">
                <span className="xb-file-icon">
                  <FileOutlined />
                </span>
              </div>
              <div className="xb-file-meta">
                <span className="xb-file-name" title={u.name}>
                  {u.name}
                </span>
                {u.status === 'uploading' ? (
                  <Progress percent={u.percent} size="small" showInfo={false} style={{ margin: 0, width: '100%' }} />
                ) : (
                  <span className="xb-file-err" data-testid="upload-error">
                    {u.error}
                  </span>
                )}
              </div>
              {u.status === 'error' ? (
                <Tooltip title={t('sub.files.dismiss')}>
                  <Button type="text" size="small" icon={<CloseOutlined />} onClick={() => patch(u.uid, null)} aria-label={t('sub.files.dismiss')} />
                </Tooltip>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
