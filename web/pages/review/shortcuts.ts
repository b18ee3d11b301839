/**
 * Keyboard shortcuts of the review queue (mail-client style). Pure: a key event in, a command out.
 */
export type QueueCommand = 'down' | 'up' | 'toggle' | 'open' | 'pass' | 'return' | 'help' | 'clear';

export type KeyInput = {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** What has focus: shortcuts never fire while the reviewer types somewhere. */
  target?: { tagName?: string; isContentEditable?: boolean; type?: string } | null;
};

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function isTyping(target: KeyInput['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag !== 'INPUT') return TYPING_TAGS.has(tag);
  // Check boxes and radios take no text: x and Enter still work on a focused row checkbox.
  return !['checkbox', 'radio', 'button', 'submit'].includes((target.type ?? 'text').toLowerCase());
}

const KEYS: Record<string, QueueCommand> = {
  j: 'down',
  ArrowDown: 'down',
  k: 'up',
  ArrowUp: 'up',
  x: 'toggle',
  Enter: 'open',
  p: 'pass',
  r: 'return',
  '?': 'help',
  Escape: 'clear',
};

export function commandFor(e: KeyInput): QueueCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTyping(e.target)) return null;
  return KEYS[e.key] ?? null;
}

/** The shortcut list shown in the "?" help, in order. */
export const SHORTCUT_HELP: readonly { keys: string[]; command: QueueCommand }[] = [
  { keys: ['j', '↓'], command: 'down' },
  { keys: ['k', '↑'], command: 'up' },
  { keys: ['x'], command: 'toggle' },
  { keys: ['Enter'], command: 'open' },
  { keys: ['p'], command: 'pass' },
  { keys: ['r'], command: 'return' },
  { keys: ['Esc'], command: 'clear' },
  { keys: ['?'], command: 'help' },
];

/** Moves the cursor within [0, count - 1]; an empty list has no cursor. */
export function moveCursor(index: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (index < 0) return delta > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, index + delta));
}

/** The rows a command applies to: the selected ones when there are any, else the row under the cursor. */
export function targetsOf<T extends { id: string }>(rows: readonly T[], selected: readonly string[], cursor: number): T[] {
  if (selected.length) return rows.filter((r) => selected.includes(r.id));
  const row = rows[cursor];
  return row ? [row] : [];
}
