/**
 * The manage token from the e-mailed link is taken out of the address bar (so it does not linger
 * in history, bookmarks or screenshots) and kept for this tab only, so a reload still works.
 * Storage can be blocked by privacy settings; memory then keeps it until the tab closes.
 */
const prefix = 'bok-moder.registration-token.';
const memory = new Map<string, string>();

export function rememberManageToken(registrationId: string, token: string): void {
  memory.set(registrationId, token);
  try {
    window.sessionStorage.setItem(prefix + registrationId, token);
  } catch {
    // Kept in memory only.
  }
}

export function readManageToken(registrationId: string): string | null {
  try {
    const stored = window.sessionStorage.getItem(prefix + registrationId);
    if (stored) return stored;
  } catch {
    // Fall back to memory.
  }
  return memory.get(registrationId) ?? null;
}

/** After the API refused the token: a wrong token is not kept. */
export function forgetManageToken(registrationId: string): void {
  memory.delete(registrationId);
  try {
    window.sessionStorage.removeItem(prefix + registrationId);
  } catch {
    // Nothing stored.
  }
}
