import { describe, expect, it } from 'vitest';
import { commandFor, isTyping, moveCursor, SHORTCUT_HELP, targetsOf } from './shortcuts';

describe('queue shortcuts', () => {
  it('maps keys to commands', () => {
    expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'x', 'Enter', 'p', 'r', '?', 'Escape'].map((key) => commandFor({ key }))).toEqual([
      'down', 'down', 'up', 'up', 'toggle', 'open', 'pass', 'return', 'help', 'clear',
    ]);
    expect(commandFor({ key: 'q' })).toBeNull();
    expect(commandFor({ key: 'P' })).toBeNull();
  });

  it('stays out of the way while typing or with modifier keys', () => {
    expect(commandFor({ key: 'p', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(commandFor({ key: 'j', target: { tagName: 'INPUT', type: 'search' } })).toBeNull();
    expect(commandFor({ key: 'r', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(commandFor({ key: 'p', ctrlKey: true })).toBeNull();
    expect(commandFor({ key: 'r', metaKey: true })).toBeNull();
    // A focused row checkbox is not a text field.
    expect(commandFor({ key: 'x', target: { tagName: 'INPUT', type: 'checkbox' } })).toBe('toggle');
    expect(isTyping({ tagName: 'select' })).toBe(true);
    expect(isTyping(null)).toBe(false);
  });

  it('moves the cursor within the list', () => {
    expect(moveCursor(-1, 1, 5)).toBe(0);
    expect(moveCursor(-1, -1, 5)).toBe(4);
    expect(moveCursor(0, -1, 5)).toBe(0);
    expect(moveCursor(3, 1, 5)).toBe(4);
    expect(moveCursor(4, 1, 5)).toBe(4);
    expect(moveCursor(2, 1, 0)).toBe(-1);
  });

  it('acts on the selection, else on the row under the cursor', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(targetsOf(rows, ['c', 'a'], 1).map((r) => r.id)).toEqual(['a', 'c']);
    expect(targetsOf(rows, [], 1).map((r) => r.id)).toEqual(['b']);
    expect(targetsOf(rows, [], -1)).toEqual([]);
  });

  it('documents every command in the help', () => {
    const documented = new Set(SHORTCUT_HELP.map((h) => h.command));
    for (const key of ['j', 'k', 'x', 'Enter', 'p', 'r', '?', 'Escape']) expect(documented.has(commandFor({ key })!)).toBe(true);
  });
});
