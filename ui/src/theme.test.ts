import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// WCAG 2.x contrast, checked against the variables actually shipped in app.css.
const css = readFileSync(new URL('./app.css', import.meta.url), 'utf8');

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

// [foreground, background, minimum ratio]: 4.5 for text, 3 for icons and focus rings.
const PAIRS: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'bg-rail', 4.5],
  ['text', 'bg-hover', 4.5],
  ['text', 'bg-selected', 4.5],
  ['text-muted', 'bg', 4.5],
  ['text-muted', 'bg-rail', 4.5],
  ['text-muted', 'bg-hover', 4.5],
  ['text-muted', 'badge-bg', 4.5],
  ['text-faint', 'bg-rail', 4.5],
  ['text-faint', 'bg-hover', 4.5],
  ['badge-text', 'badge-bg', 4.5],
  ['amber-text', 'amber-bg', 4.5],
  ['red-text', 'red-bg', 4.5],
  ['on-accent', 'accent', 4.5],
  ['accent-text', 'bg-selected', 3],
  ['accent-text', 'accent-weak', 3],
  ['focus', 'bg', 3],
  ['focus', 'bg-rail', 3],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme', (_name, vars) => {
  it.each(PAIRS)('%s on %s reaches %d:1', (fg, bg, min) => {
    expect(vars[fg], `--${fg} is defined`).toBeDefined();
    expect(vars[bg], `--${bg} is defined`).toBeDefined();
    expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(min);
  });
});
