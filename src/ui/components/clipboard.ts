/**
 * Copy text: the async Clipboard API first, then the old `execCommand('copy')` on a
 * hidden textarea (for insecure origins, denied permission or an unfocused page).
 * Returns whether some clipboard accepted the text.
 */
export async function copyText(text: string, scratchParent: Node): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea route
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  scratchParent.appendChild(area);
  try {
    area.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
