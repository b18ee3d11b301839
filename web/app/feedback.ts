import type { App } from 'antd';

/**
 * antd's message/notification/modal, taken from <App> (so they follow the theme and locale) and made
 * available outside React for the central error handler. Set once by <FeedbackBridge/>.
 */
export type Feedback = ReturnType<typeof App.useApp>;

let feedback: Feedback | null = null;

export function setFeedback(f: Feedback): void {
  feedback = f;
}

export function getFeedback(): Feedback | null {
  return feedback;
}
