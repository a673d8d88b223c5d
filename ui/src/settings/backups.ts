/** A backup's size as Settings shows it. */

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** "912 bytes", "48 KB", "3.4 MB": powers of 1000, as file managers mostly show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  let n = bytes / 1000;
  let unit = 0;
  while (n >= 999.5 && unit < UNITS.length - 1) {
    n /= 1000;
    unit += 1;
  }
  return `${n < 9.95 ? n.toFixed(1) : Math.round(n)} ${UNITS[unit]}`;
}
