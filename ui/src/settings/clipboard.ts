/**
 * Puts text on the system clipboard. The webview's clipboard API where the page may use it;
 * otherwise the older copy command on a selected, off-screen text area (WebKitGTK offers
 * only that to some pages).
 */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Refused (not a secure context, no permission): fall through to the copy command.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '0';
  area.style.left = '-9999px';
  document.body.append(area);
  const focused = document.activeElement as HTMLElement | null;
  try {
    area.select();
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    area.remove();
    focused?.focus();
  }
}
