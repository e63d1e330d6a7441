import { rememberManageToken } from '../utils/manage-token-store';

// Plain functions, not zod schemas: the router runs them before the page (and zod) has loaded.

function isToken(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 200;
}

export type ManageRegistrationSearch = { token?: string };

/**
 * `?token=…`: where links e-mailed before carried the token, which then reached the server's logs
 * with the page request. Still read, once, like the fragment. Anything odd is simply no token (and
 * so a polite 404 page).
 */
export function validateManageRegistrationSearch(search: Record<string, unknown>): ManageRegistrationSearch {
  return isToken(search.token) ? { token: search.token } : {};
}

/** `#token=…` from the e-mailed link: browsers never send the fragment, so the server never sees it. */
function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash).get('token');
  return isToken(token) ? token : undefined;
}

/**
 * Keeps the token for this tab and says whether the address bar should lose it. Runs before the
 * page renders, so the token is never shown in it after the first moment.
 */
export function takeManageTokenFromUrl(
  registrationId: string,
  url: { hash: string; search: ManageRegistrationSearch },
): boolean {
  const token = tokenFromHash(url.hash) ?? url.search.token;
  if (!token) return false;
  rememberManageToken(registrationId, token);
  return true;
}
