/**
 * Key chords as canonical strings, so one table can hold every shortcut of the app and be checked for clashes:
 * a printable key is itself ('n', 'N', '[', '?'), Shift+digit is 'Shift+Digit1' (layout independent, from
 * `code`), named keys carry Shift ('Shift+Delete', 'ArrowDown'), and Ctrl/Cmd chords are 'Ctrl+z' / 'Ctrl+Shift+z'.
 */
export interface KeyLike {
  key: string;
  code?: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export function chordOf(e: KeyLike): string {
  const ctrl = !!(e.ctrlKey || e.metaKey);
  const shift = !!e.shiftKey;
  const alt = !!e.altKey;
  const mods = `${ctrl ? 'Ctrl+' : ''}${alt ? 'Alt+' : ''}`;
  if (shift && e.code && /^Digit[0-9]$/.test(e.code)) return `${mods}Shift+${e.code}`;
  if (ctrl || alt) {
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    return `${mods}${shift ? 'Shift+' : ''}${k}`;
  }
  if (e.key.length === 1) return e.key;
  return `${shift ? 'Shift+' : ''}${e.key}`;
}

/** How a chord reads in the help ('Shift+Digit1' -> 'Shift+1', 'Ctrl+z' -> 'Ctrl+Z', ' ' -> 'Space'). */
export function chordLabel(chord: string): string {
  if (chord === ' ') return 'Space';
  return chord
    .replace(/Digit([0-9])/, '$1')
    .replace(/^(Ctrl\+(?:Alt\+)?(?:Shift\+)?)([a-z])$/, (_m, p: string, k: string) => p + k.toUpperCase());
}

/** True when the event comes from a text field (shortcuts then stay out of the way). */
export function isTypingTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable) return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'range', 'button', 'submit'].includes(type);
}
