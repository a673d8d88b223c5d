import { describe, expect, it } from 'vitest';
import { moveForKey, moveSelection, scrollToReveal, visibleWindow } from './windowing';

const ROW = 36;

describe('visibleWindow', () => {
  it('renders nothing for an empty list', () => {
    expect(visibleWindow(0, ROW, 0, 600)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('renders every row of a short list', () => {
    const w = visibleWindow(5, ROW, 0, 600);
    expect(w).toEqual({ start: 0, end: 5, before: 0, after: 0 });
  });

  it('renders only a screenful plus overscan of a long list', () => {
    const w = visibleWindow(10_000, ROW, 0, 720, 8);
    expect(w.start).toBe(0);
    expect(w.end).toBe(20 + 1 + 8);
    expect(w.after).toBe((10_000 - w.end) * ROW);
  });

  it('keeps the total height constant wherever it is scrolled', () => {
    const count = 50_000;
    for (const top of [0, 1, 35, 36, 12_345, 900_000, count * ROW - 720, count * ROW + 999]) {
      const w = visibleWindow(count, ROW, top, 720);
      expect(w.before + (w.end - w.start) * ROW + w.after).toBe(count * ROW);
      expect(w.end - w.start).toBeLessThanOrEqual(20 + 1 + 16);
      expect(w.start).toBeGreaterThanOrEqual(0);
      expect(w.end).toBeLessThanOrEqual(count);
    }
  });

  it('covers the viewport: the first and last visible rows are rendered', () => {
    const top = 12_345;
    const w = visibleWindow(10_000, ROW, top, 700, 0);
    expect(w.start).toBe(Math.floor(top / ROW));
    expect(w.end * ROW).toBeGreaterThanOrEqual(top + 700);
  });

  it('clamps a scroll past the end (a list that just shrank)', () => {
    const w = visibleWindow(10, ROW, 99_999, 700, 2);
    expect(w.end).toBe(10);
    expect(w.start).toBe(7);
    expect(w.after).toBe(0);
  });

  it('treats a negative scroll (overscroll bounce) as the top', () => {
    expect(visibleWindow(100, ROW, -50, 360, 0).start).toBe(0);
  });
});

describe('scrollToReveal', () => {
  it('leaves a visible row alone', () => {
    expect(scrollToReveal(3, ROW, 0, 360)).toBeNull();
  });
  it('scrolls up to a row above the view', () => {
    expect(scrollToReveal(2, ROW, 500, 360)).toBe(72);
  });
  it('scrolls down just enough for a row below the view', () => {
    expect(scrollToReveal(20, ROW, 0, 360)).toBe(21 * ROW - 360);
  });
  it('reveals a partly hidden last row', () => {
    expect(scrollToReveal(9, ROW, 0, 340)).toBe(10 * ROW - 340);
  });
});

describe('keyboard moves', () => {
  it('maps j/k, arrows, pages and ends', () => {
    expect(moveForKey('j')).toBe('next');
    expect(moveForKey('ArrowDown')).toBe('next');
    expect(moveForKey('k')).toBe('prev');
    expect(moveForKey('ArrowUp')).toBe('prev');
    expect(moveForKey('PageDown')).toBe('pageDown');
    expect(moveForKey('Home')).toBe('first');
    expect(moveForKey('End')).toBe('last');
    expect(moveForKey('x')).toBeNull();
    expect(moveForKey('J')).toBeNull();
  });

  it.each([
    [-1, 'next', 0],
    [-1, 'prev', 0],
    [0, 'prev', 0],
    [0, 'next', 1],
    [9, 'next', 9],
    [5, 'pageDown', 9],
    [5, 'pageUp', 1],
    [2, 'pageUp', 0],
    [4, 'first', 0],
    [4, 'last', 9],
    [42, 'prev', 8],
  ] as const)('from %i, %s goes to %i in a list of 10', (from, move, to) => {
    expect(moveSelection(from, move, 10, 4)).toBe(to);
  });

  it('selects nothing in an empty list', () => {
    expect(moveSelection(3, 'next', 0, 10)).toBe(-1);
  });
});
