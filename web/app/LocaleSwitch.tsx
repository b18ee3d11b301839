import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import type { Locale } from '../i18n';
import { useLocale } from './locale';
import { useSession } from './session';

const LABELS: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Language switch; `light` for use on the red header. */
export function LocaleSwitch({ light }: { light?: boolean }) {
  const { locale } = useLocale();
  const { changeLocale } = useSession();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: (Object.keys(LABELS) as Locale[]).map((l) => ({ key: l, label: <span data-testid={`locale-${l}`}>{LABELS[l]}</span> })),
        onClick: ({ key }) => changeLocale(key as Locale),
      }}
    >
      {light ? (
        <button type="button" className="xb-header-action" data-testid="locale-switch" aria-label="Language / 语言">
          <GlobalOutlined />
          <span>{locale === 'en' ? 'EN' : '中文'}</span>
        </button>
      ) : (
        <Button type="text" icon={<GlobalOutlined />} data-testid="locale-switch" aria-label="Language / 语言">
          {LABELS[locale]}
        </Button>
      )}
    </Dropdown>
  );
}
