// The e-mailed reset link carries its token in the fragment (`#token=…`), which browsers never
// send. Like the manage link's: kept for this tab, and taken out of the address bar before the
// page renders. Plain functions: the router runs them before the page's code has loaded.
const storageKey = 'bok-moder.password-reset-token';

export function takePasswordResetTokenFromUrl(hash: string): boolean {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (!token || token.length > 200) return false;
  try {
    window.sessionStorage.setItem(storageKey, token);
  } catch {
    return false;
  }
  return true;
}

export function readPasswordResetToken(): string | null {
  try {
    return window.sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function forgetPasswordResetToken() {
  try {
    window.sessionStorage.removeItem(storageKey);
  } catch {
    // Nothing kept.
  }
}
