import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The colour pairs the queue, ticket and report screens add on top of those theme.test.ts checks,
// measured on the variables app.css actually ships, in light and dark.
const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');

function variables(block: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) vars[m[1]!] = m[2]!;
  return vars;
}

const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const light = variables(css.slice(0, darkStart));
const dark = { ...light, ...variables(css.slice(darkStart)) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const PAIRS: [string, string, number, string][] = [
  ['text-muted', 'bg-selected', 4.5, 'muted cells of the selected queue row'],
  ['red-text', 'bg-selected', 4.5, '"Escalated" status on the selected row'],
  ['red-text', 'bg', 4.5, 'escalation counts in the report'],
  ['red-text', 'bg-hover', 4.5, 'escalation counts on a hovered report row'],
  ['amber-text', 'bg', 4.5, 'a high buck-passing ratio'],
  ['amber-text', 'bg-hover', 4.5, 'a high buck-passing ratio on a hovered row'],
  ['text-muted', 'bg-elev', 4.5, 'labels on cards'],
  ['accent-text', 'bg', 4.5, 'ticket links in the report, "Baton" in the timeline'],
  ['text', 'accent-weak', 4.5, 'the notice after an action, the resolution'],
  ['red-text', 'red-bg', 4.5, 'an error notice'],
  ['text-muted', 'bg-rail', 4.5, 'column headers'],
  ['accent', 'bg-rail', 3, 'the solved bar'],
  ['amber-text', 'bg-rail', 3, 'the passed bar'],
  ['focus', 'bg-selected', 3, 'the focus ring on the selected row'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme', (_name, vars) => {
  it.each(PAIRS)('%s on %s reaches %d:1 (%s)', (fg, bg, min) => {
    expect(vars[fg], `--${fg}`).toBeDefined();
    expect(vars[bg], `--${bg}`).toBeDefined();
    expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(min);
  });
});
