/** Small HTML pages of the documents routes (French first, with English), for browsers opened from Teams. */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A complete page around `body` (already escaped HTML). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
  :root { color-scheme: light dark; font-family: "Segoe UI", system-ui, sans-serif; line-height: 1.5; }
  body { max-width: 40rem; margin: 0 auto; padding: 1rem; } .en { color: GrayText; }
  .ok { border-left: 4px solid green; padding-left: .75rem; } .ko { border-left: 4px solid crimson; padding-left: .75rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** True when the client prefers HTML (a browser) over JSON. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const a = accept.toLowerCase();
  if (a.includes('application/json')) return a.indexOf('text/html') !== -1 && a.indexOf('text/html') < a.indexOf('application/json');
  return a.includes('text/html');
}
