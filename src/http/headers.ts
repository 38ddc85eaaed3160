/**
 * Response header through which a route asks for its own
 * Content-Security-Policy (a book's own file or picture gets `sandbox` or
 * `default-src 'none'`); the server moves it into `content-security-policy`
 * in place of the page policy.
 */
export const OWN_CSP_HEADER = "x-almanac-csp";

/** Headers for a picture served from inside a book or archive: its type, no sniffing, cached, and no CSP room to run anything. */
export function pictureHeaders(type: string): Record<string, string> {
  return {
    "content-type": type,
    "cache-control": "private, max-age=3600",
    "x-content-type-options": "nosniff",
    [OWN_CSP_HEADER]: "default-src 'none'",
  };
}
