import { describeContrast, type ContrastPair } from '../contrast';

// The colour pairs the queue, ticket and report screens add on top of those theme.test.ts checks,
// measured on the variables app.css actually ships, in light and dark.
const PAIRS: ContrastPair[] = [
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

describeContrast(PAIRS);
