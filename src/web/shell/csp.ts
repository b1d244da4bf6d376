/**
 * The page's Content-Security-Policy nonce, from `<meta name="csp-nonce">`
 * (the hub makes a fresh one per page, src/http/web-app.ts). Given to
 * CodeMirror, whose <style> elements the CSP allows only with it; empty
 * under the Vite dev server, which sends no CSP.
 */
export function cspNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
}
