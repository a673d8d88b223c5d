import { describe, expect, it } from 'vitest';
import { markName, worded } from '../lib/time';
import { SCREENS, screenById, screenForKey, shortcutLabel } from './screens';

const press = (key: string, mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
});

describe('rail shortcuts', () => {
  it('gives every screen its own key', () => {
    const keys = SCREENS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('jumps with Ctrl or Cmd plus the digit', () => {
    expect(screenForKey(press('1', { ctrl: true }))).toBe('intake');
    expect(screenForKey(press('4', { meta: true }))).toBe('near');
  });

  it('ignores plain digits (typed into fields) and other modifiers', () => {
    expect(screenForKey(press('1'))).toBeNull();
    expect(screenForKey(press('1', { ctrl: true, shift: true }))).toBeNull();
    expect(screenForKey(press('1', { ctrl: true, alt: true }))).toBeNull();
    expect(screenForKey(press('9', { ctrl: true }))).toBeNull();
  });

  it('labels shortcuts per platform', () => {
    expect(shortcutLabel('2', false)).toBe('Ctrl+2');
    expect(shortcutLabel('2', true)).toBe('⌘2');
  });
});

describe('screen texts', () => {
  it('name the policy’s escalation mark', () => {
    expect(worded(screenById('escalated').empty, markName(20 * 60))).toBe('Nothing has reached the 20-hour mark.');
    expect(worded(screenById('near').blurb, markName(90))).toBe('Tickets you or your team hold, inside the warning window before the 90-minute mark.');
  });
});
