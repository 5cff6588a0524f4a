// The browsable side of the webapi (spec 1.1): an index of the methods and, per method, a form with an example
// request that calls the method with the browser's own basic-auth prompt.
import { METHODS, type Method } from "./methods";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2933; }
h1 { font-size: 1.4rem; } a { color: #1d4ed8; }
textarea { width: 100%; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; padding: .5rem; }
button { font: inherit; padding: .3rem 1rem; margin: .5rem .5rem .5rem 0; }
ul.methods { columns: 2; } code { background: #f1f5f9; padding: 0 .2rem; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>
`;
}

export function indexPage(): string {
  const items = Object.keys(METHODS)
    .map((name) => `<li><a href="${name}">${name}</a></li>`)
    .join("\n");
  return page(
    "Webapi - Mailroom",
    `<h1>Webapi</h1>
<p>A plain HTTP/JSON API to send messages, read and change stored messages and manage the suppression list,
compatible with <a href="https://pkg.go.dev/github.com/mjl-/mox/webapi">mox's webapi v0</a>.
Call a method with <code>POST /webapi/v0/&lt;Method&gt;</code>, HTTP basic authentication with your email address
and password, and a form field <code>request</code> holding the JSON request. Errors come back as HTTP 400 with
<code>{"Code": ..., "Message": ...}</code>. The <a href="openapi.json">OpenAPI document</a> describes every method's
request, response and errors, for generating clients.</p>
<h2>Methods</h2>
<ul class="methods">
${items}
</ul>`,
  );
}

const json = (v: unknown) => JSON.stringify(v, null, "\t");

export function methodPage(name: string, m: Method): string {
  const response = m.bytes
    ? `<p>Method has a non-JSON response.</p>`
    : `<h2>Response</h2><textarea id="response" rows="16" readonly>${escapeHtml(json(m.exampleResponse))}</textarea>`;
  // JSON responses are shown pretty-printed in the page; byte responses are left to the browser.
  const script = m.bytes
    ? ""
    : `<script>
document.getElementById("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const out = document.getElementById("response");
  out.value = "calling...";
  try {
    const r = await fetch(${JSON.stringify(name)}, { method: "POST", body: new FormData(e.target) });
    const text = await r.text();
    try { out.value = JSON.stringify(JSON.parse(text), null, "\\t"); } catch { out.value = text; }
  } catch (err) { out.value = String(err); }
});
</script>`;
  return page(
    `${name} - Webapi - Mailroom`,
    `<p><a href="../">&larr; all methods</a></p>
<h1>WebAPI - Method ${escapeHtml(name)}</h1>
<form id="form" method="POST">
<h2>Request</h2>
<textarea name="request" rows="20">${escapeHtml(json(m.example))}</textarea>
<div><button type="reset">Reset</button><button type="submit">Call</button></div>
</form>
${response}
${script}`,
  );
}
