import { describeContrast, type ContrastPair } from './contrast';

// WCAG 2.x contrast of the theme's own pairs, checked against the variables shipped in app.css.
// [foreground, background, minimum ratio]: 4.5 for text, 3 for icons and focus rings.
const PAIRS: ContrastPair[] = [
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

describeContrast(PAIRS);
