// WCAG 2.x contrast, measured on the colour variables app.css actually ships, in light and dark.
// For the tests only (theme.test.ts and the screens' own colour pairs): the app never imports it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** A colour pair: foreground and background variables (without `--`), the least ratio (4.5
 * for text, 3 for icons, bars and focus rings) and, optionally, where the pair is used. */
export type ContrastPair = readonly [fg: string, bg: string, min: number, where?: string];

/** The `--name: #rrggbb` variables of a stylesheet, light first, dark overriding them. */
type Colours = Record<string, string>;

function themes(css: string): { light: Colours; dark: Colours } {
  const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
  const light = variables(css.slice(0, darkStart));
  return { light, dark: { ...light, ...variables(css.slice(darkStart)) } };
}

function variables(block: string): Colours {
  const vars: Colours = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) vars[m[1]!] = m[2]!;
  return vars;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two `#rrggbb` colours, from 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** One test a pair and theme: each pair reaches its ratio in app.css's light and dark themes. */
export function describeContrast(pairs: readonly ContrastPair[]): void {
  const { light, dark } = themes(readFileSync(new URL('./app.css', import.meta.url), 'utf8'));
  const cases = pairs.map(
    ([fg, bg, min, where]) =>
      [`${fg} on ${bg} reaches ${min}:1${where ? ` (${where})` : ''}`, fg, bg, min] as const,
  );
  describe.each([
    ['light', light],
    ['dark', dark],
  ])('%s theme', (_name, vars) => {
    it.each(cases)('%s', (_title, fg, bg, min) => {
      expect(vars[fg], `--${fg} is defined`).toBeDefined();
      expect(vars[bg], `--${bg} is defined`).toBeDefined();
      expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(min);
    });
  });
}
