/**
 * The policy stores minutes; people think in hours and minutes.
 */
export interface HoursMinutes {
  hours: number;
  minutes: number;
}

export function splitMinutes(total: number): HoursMinutes {
  const t = Math.max(0, Math.floor(total));
  return { hours: Math.floor(t / 60), minutes: t % 60 };
}

/**
 * Hours and minutes as typed (blank counts as 0) back to whole minutes, or null when either is
 * not a whole, non-negative number. Range rules are the core's.
 */
export function joinMinutes(
  hours: number | string | null | undefined,
  minutes: number | string | null | undefined,
): number | null {
  const whole = (v: number | string | null | undefined) => {
    if (v === null || v === undefined || v === '') return 0;
    const n = typeof v === 'number' ? v : Number(v.trim());
    return Number.isInteger(n) && n >= 0 ? n : null;
  };
  const h = whole(hours);
  const m = whole(minutes);
  if (h === null || m === null) return null;
  return h * 60 + m;
}

/** "20 h", "3 h 30 min", "45 min". */
export function formatMinutes(total: number): string {
  const { hours, minutes } = splitMinutes(total);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}
