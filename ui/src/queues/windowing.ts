/**
 * Row windowing for long lists with a fixed row height: only the rows in view (plus a few
 * either side) are rendered, with spacers standing in for the rest. Pure maths, no DOM.
 */

export interface Window {
  /** First rendered row (inclusive). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Height of the spacer above the rendered rows, in pixels. */
  before: number;
  /** Height of the spacer below them. */
  after: number;
}

/**
 * Which rows to render for a scroll position. `overscan` extra rows on each side keep fast
 * scrolling from showing blank space between frames.
 */
export function visibleWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 8,
): Window {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + shown + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

/**
 * The scroll position that brings row `index` fully into view, moving as little as possible;
 * `null` when it is already visible.
 */
export function scrollToReveal(
  index: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

export type Move = 'next' | 'prev' | 'pageDown' | 'pageUp' | 'first' | 'last';

/** The key presses that move a list's selection, vim-style and arrow-style. */
export function moveForKey(key: string): Move | null {
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'prev';
    case 'PageDown':
      return 'pageDown';
    case 'PageUp':
      return 'pageUp';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** The selected row after a move, clamped to the list; -1 for an empty list. */
export function moveSelection(current: number, move: Move, count: number, pageSize: number): number {
  if (count <= 0) return -1;
  const page = Math.max(1, pageSize);
  const from = current < 0 ? -1 : Math.min(current, count - 1);
  const to = (() => {
    switch (move) {
      case 'next':
        return from + 1;
      case 'prev':
        return from < 0 ? 0 : from - 1;
      case 'pageDown':
        return from + page;
      case 'pageUp':
        return from - page;
      case 'first':
        return 0;
      case 'last':
        return count - 1;
    }
  })();
  return Math.min(count - 1, Math.max(0, to));
}
