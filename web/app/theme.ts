import type { ThemeConfig } from 'antd';

/** 宣报 red: a deep, slightly warm red that reads as "publicity office", not as an error. */
export const BRAND_RED = '#c0392b';

/**
 * Form fields take focus and hover in a calm blue, not in the brand red: antd derives a field's
 * active border and glow from colorPrimary, so with a red primary every focused input looked like an
 * error. Errors keep colorError (and only errors are red on a field).
 */
const FIELD_FOCUS = '#2f6fb0';
const FIELD_HOVER = '#6d93c1';
const FIELD_SHADOW = '0 0 0 2px rgba(47, 111, 176, 0.12)';
const field = { activeBorderColor: FIELD_FOCUS, hoverBorderColor: FIELD_HOVER, activeShadow: FIELD_SHADOW };
const picker = { activeBorderColor: FIELD_FOCUS, hoverBorderColor: FIELD_HOVER, activeOutlineColor: 'rgba(47, 111, 176, 0.12)' };

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_RED,
    colorLink: '#a93226',
    colorInfo: '#2f6fb0',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    colorBgLayout: '#f3f4f6',
  },
  components: {
    Layout: { headerBg: '#a93226', headerHeight: 52, headerPadding: '0 20px', siderBg: '#ffffff', bodyBg: '#f3f4f6' },
    Menu: { itemSelectedBg: '#fbeceb', itemSelectedColor: BRAND_RED, itemHeight: 40, itemMarginInline: 8, itemBorderRadius: 4 },
    Table: { headerBg: '#fafafa', cellPaddingBlock: 10, cellPaddingBlockSM: 6 },
    Card: { headerFontSize: 15 },
    Input: field,
    InputNumber: field,
    DatePicker: field,
    Mentions: field,
    Select: picker,
  },
};
