import type { zhCNForwarding } from './zh-CN.forwarding';

/** English: forwarding an accepted item to the upper office (spread into en.ts). */
export const enForwarding: Record<keyof typeof zhCNForwarding, string> = {
  'forward.action': 'Forward to upper office',
  'forward.confirmTitle': 'Forward to {office}?',
  'forward.confirmText': 'The accepted version (with its files) enters the review queue of {office}, which reviews it by its own chain; your office sees only its status there. An item goes to the same office once.',
  'forward.ok': 'Forward',
  'forward.done': 'Forwarded to {office}',
  'forward.panel': 'Forwarded',
  'forward.line': 'Forwarded to {office} by {by} on {date}',
  'forward.statusThere': 'Status there',
  'forward.acceptedAt': 'accepted {date}',
  'forward.level': ' ({level})',
  'origin.title': 'Forwarded by a lower office',
  'origin.fromLabel': 'From',
  'origin.authors': 'Authors',
  'origin.serial': 'Original number',
  'origin.acceptedAt': 'Accepted there',
  'origin.forwarded': 'Forwarded by {by} on {date}',
  'origin.readOnly': 'The original office’s submitted versions and review history (read-only); personal data in earlier versions and in comments is masked.',
  'origin.versions': 'Versions at the original office',
  'origin.history': 'Review at the original office',
  'origin.noReturn': 'An item forwarded by a lower office cannot be returned for changes: pass or reject it.',
  'notif.forwardStatus': '“{title}” forwarded to {office}: {status}',
};
