/**
 * Response header through which a route asks for its own
 * Content-Security-Policy (a book's own file or picture gets `sandbox` or
 * `default-src 'none'`); the server moves it into `content-security-policy`
 * in place of the page policy.
 */
export const OWN_CSP_HEADER = "x-almanac-csp";
