import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { setFeedback } from './feedback';
import AppLayout from './Layout';
import { useLocale } from './locale';
import { theme } from './theme';

function FeedbackBridge() {
  // Set during render so that children's first effects can already show errors.
  setFeedback(AntApp.useApp());
  return null;
}

/**
 * The signed-in frame with antd's theme, locale and feedback (message, notification, modal). Loaded
 * lazily by App.tsx: the sign-in page, the first one loaded, carries none of antd.
 */
export default function Shell() {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme} componentSize="middle">
      <AntApp message={{ maxCount: 3 }}>
        <FeedbackBridge />
        <AppLayout />
      </AntApp>
    </ConfigProvider>
  );
}
