// The embedded IdP's own pages: plain, accessible HTML with no web fonts and no external resources
// (the provider's built-in development pages have unlabelled inputs and load fonts from the internet).

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
:root { color-scheme: light dark; --fg: #111827; --bg: #f9fafb; --card: #ffffff; --accent: #1d4ed8; --err: #991b1b; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #f3f4f6; --bg: #111827; --card: #1f2937; --accent: #93c5fd; --err: #fca5a5; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 1.25rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 32rem; margin: 4rem auto; padding: 2rem; background: var(--card); border: 1px solid #9ca3af; border-radius: 0.75rem; }
h1 { font-size: 2rem; margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input { display: block; width: 100%; font: inherit; padding: 0.5rem 0.75rem; margin-top: 0.25rem; border: 2px solid #6b7280; border-radius: 0.5rem; color: inherit; background: transparent; }
input:focus, button:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
button { margin-top: 1.5rem; font: inherit; font-weight: 700; padding: 0.6rem 1.5rem; border: 0; border-radius: 0.5rem; color: #fff; background: #1d4ed8; cursor: pointer; }
.error { color: var(--err); font-weight: 600; border-left: 4px solid var(--err); padding-left: 0.75rem; }
.hint { font-size: 1rem; }
`;

/** The Content-Security-Policy of every page below: inline style only, plus one script by nonce where needed. */
export function pageCsp(scriptNonce?: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    scriptNonce ? `script-src 'nonce-${scriptNonce}'` : "script-src 'none'",
    "img-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface LoginPageInput {
  action: string;
  clientName: string;
  username?: string;
  error?: string;
}

export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error
    ? `<p class="error" id="login-error" role="alert">${escapeHtml(input.error)}</p>`
    : "";
  const invalid = input.error ? ` aria-invalid="true" aria-describedby="login-error"` : "";
  return layout(
    "Sign in - Vigil demo identity provider",
    `<h1>Sign in</h1>
<p>to ${escapeHtml(input.clientName)} with the Vigil demo identity provider.</p>
${error}
<form method="post" action="${escapeHtml(input.action)}" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" type="text" required autofocus autocapitalize="none" spellcheck="false" value="${escapeHtml(input.username ?? "")}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" required${invalid}>
<button type="submit">Sign in</button>
</form>
<p class="hint">Demo users: alice, bob and carol; the password is <code>demo</code>.</p>`,
  );
}

/** The end-session confirmation: submitted at once by a script, with a button for browsers without one. */
export function renderLogoutPage(form: string, nonce: string): string {
  // `form` is the provider's own hidden form (id op.logoutForm, carrying its anti-forgery value).
  return layout(
    "Sign out - Vigil demo identity provider",
    `<h1>Signing out</h1>
${form}
<p>Signing you out of the Vigil demo identity provider.</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script nonce="${nonce}">
(function () {
  var form = document.getElementById("op.logoutForm");
  var input = document.createElement("input");
  input.type = "hidden"; input.name = "logout"; input.value = "yes";
  form.appendChild(input);
  form.submit();
})();
</script>`,
  );
}

export function renderSignedOutPage(): string {
  return layout("Signed out - Vigil demo identity provider", `<h1>Signed out</h1><p>You are signed out.</p>`);
}

export function renderErrorPage(out: Record<string, string>): string {
  const details = Object.entries(out)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
    .join("");
  return layout("Error - Vigil demo identity provider", `<h1>Something went wrong</h1><dl>${details}</dl>`);
}
