/** The development provider's own sign-in page: seeded users only, no consent page, no scripts. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { DEV_IDP_PATH } from '../config.ts';
import type { Directory } from '../directory/directory.ts';

export const LOGIN_CSS_PATH = `${DEV_IDP_PATH}/assets/login.css`;
const MAX_FORM_BYTES = 4096;
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const CSS = `
:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{margin:0;display:grid;place-items:center;min-height:100vh;background:Canvas;color:CanvasText}
main{width:min(26rem,92vw);padding:2rem;border:1px solid GrayText;border-radius:12px}
h1{font-size:1.4rem;margin:0 0 1rem}
.warn{background:#7a2e00;color:#fff;padding:.6rem .8rem;border-radius:8px;margin-bottom:1rem}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
button{margin-top:1.2rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;border-radius:8px;border:0;background:#0f4c81;color:#fff}
button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{color:#b91c1c;background:#fee2e2;padding:.5rem .7rem;border-radius:6px}
`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0)};`);

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-security-policy': PAGE_CSP,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

function loginPage(uid: string, password: string, email = '', error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in — development identity provider</title><link rel="stylesheet" href="${LOGIN_CSS_PATH}"></head>
<body><main>
<h1>Sign in</h1>
<p class="warn" role="note"><strong>Development identity provider.</strong> Not for production: seeded users only, all with the password <code>${escapeHtml(password)}</code>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${DEV_IDP_PATH}/interaction/${encodeURIComponent(uid)}/login" autocomplete="off">
<label for="email">Email</label><input id="email" name="email" type="email" required autofocus value="${escapeHtml(email)}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<label class="check"><input type="checkbox" name="mfa" value="yes"> Also confirm with a second factor (multifactor sign-in)</label>
<button type="submit">Sign in</button>
</form></main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(buf);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Handles the sign-in interaction routes; returns false for anything that belongs to oidc-provider itself. */
export async function handleLoginInteraction(
  provider: Provider,
  directory: Directory,
  password: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (path === LOGIN_CSS_PATH && req.method === 'GET') {
    send(res, 200, 'text/css', CSS);
    return true;
  }
  const match = /^\/dev-idp\/interaction\/([\w-]+)(\/login)?$/.exec(path);
  if (!match) return false;
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== match[1]) throw new Error('interaction mismatch');
    if (details.prompt.name === 'consent') {
      // Only reached if a grant is missing scopes; the app is first-party, so grant what it asked for.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({
            accountId: details.session?.accountId ?? '',
            clientId: String(details.params.client_id),
          });
      if (!grant) throw new Error('grant not found');
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return true;
    }
    if (req.method === 'GET' && !match[2]) {
      send(res, 200, 'text/html', loginPage(details.uid, password));
      return true;
    }
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      if (!form) {
        send(res, 413, 'text/plain', 'Form too large');
        return true;
      }
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const user = await directory.findUserByEmail(email);
      if (!user || form.get('password') !== password) {
        send(
          res,
          401,
          'text/html',
          loginPage(details.uid, password, email, 'Unknown user or wrong password. Only seeded users can sign in.'),
        );
        return true;
      }
      const amr = form.get('mfa') === 'yes' ? ['pwd', 'mfa'] : ['pwd'];
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.id, amr } },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
    send(res, 405, 'text/plain', 'Method not allowed');
    return true;
  } catch {
    send(
      res,
      400,
      'text/html',
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in expired</title></head><body><p role="alert">This sign-in attempt has expired or is unknown. Go back to the app and sign in again.</p></body></html>',
    );
    return true;
  }
}
