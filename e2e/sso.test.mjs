// Single sign-on against a real OpenID Connect provider: npm's `oidc-provider` (test-only),
// run in this process, with `trellis serve --demo --oidc-issuer …` signing people in through
// it in Debian's headless Chromium. The provider's login and consent pages are its own
// development pages (any password). Two answers are tampered with on purpose, re-signed with
// the provider's own key, to play a token issued to another client and an expired one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import Provider from 'oidc-provider';
import { generateKeyPair, exportJWK, SignJWT, decodeJwt } from 'jose';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = process.env.TRELLIS_BIN ?? join(root, 'target/debug/trellis');
const shots = join(root, 'target/screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// Who the provider knows: their e-mail and groups.
const PEOPLE = {
  dana: { email: 'dana@northwind.example', groups: ['product-leaders', 'staff'] },
  sales: { email: 'sam.sales@northwind.example', groups: ['sales', 'staff'] },
  newpm: { email: 'pat.new@northwind.example', groups: ['pms'] },
};
let idp;
let issuer;
let jwk;
let privateKey;
let base;
let server;
let browser;
// What the next token answer should be made to say: null, 'aud' or 'exp'.
let tamper = null;

// The provider, at `at`, knowing Trellis as a client at `base` and the people above.
function newProvider(at) {
  return new Provider(at, {
    clients: [{
      client_id: 'trellis',
      client_secret: 'trellis-test-secret',
      redirect_uris: [`${base}/login/sso/callback`],
      post_logout_redirect_uris: [`${base}/login`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: async (ctx, id) => PEOPLE[id] && {
      accountId: id,
      claims: async () => ({ sub: id, email: PEOPLE[id].email, email_verified: true, groups: PEOPLE[id].groups }),
    },
  });
}

function listen(http) {
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(http.address().port)));
}

async function freePort() {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  ({ privateKey } = await generateKeyPair('RS256', { extractable: true }));
  jwk = { ...(await exportJWK(privateKey)), kid: 'northwind-id-1', alg: 'RS256', use: 'sig' };
  const trellisPort = await freePort();
  base = `http://127.0.0.1:${trellisPort}`;
  idp = createServer();
  issuer = `http://127.0.0.1:${await listen(idp)}`;
  const provider = newProvider(issuer);
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && tamper && ctx.body?.id_token) {
      const claims = decodeJwt(ctx.body.id_token);
      if (tamper === 'aud') claims.aud = 'another-app';
      if (tamper === 'exp') {
        claims.iat -= 7200;
        claims.exp = claims.iat + 600;
      }
      ctx.body.id_token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
        .sign(privateKey);
    }
  });
  idp.on('request', provider.callback());

  const data = mkdtempSync(join(tmpdir(), 'trellis-sso-'));
  server = spawn(bin, ['serve', '--demo', '--bind', `127.0.0.1:${trellisPort}`, '--data-dir', data,
    '--oidc-issuer', issuer, '--public-url', base, '--oidc-name', 'Northwind ID',
    '--oidc-scopes', 'email profile groups', '--oidc-role', 'product-leaders=leader', '--oidc-role', 'pms=member'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      RUST_LOG: 'warn',
      TRELLIS_OIDC_CLIENT_ID: 'trellis',
      TRELLIS_OIDC_CLIENT_SECRET: 'trellis-test-secret',
    },
  });
  const lines = createInterface({ input: server.stdout });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    lines.on('line', (line) => {
      if (line.includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  idp?.close();
  idp?.closeAllConnections?.();
});

// Starts at `path` in a fresh browser, follows the login page's button to the provider and
// signs in there as `login`, granting consent when asked. Returns the page where it ends.
async function signInWithProvider(login, path = '/', options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.waitForURL(/\/login\?/);
  await Promise.all([page.waitForURL((u) => u.href.startsWith(issuer)),
    page.getByRole('link', { name: 'Sign in with Northwind ID' }).click()]);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign-in' }).click()]);
  if (page.url().startsWith(issuer)) {
    await Promise.all([page.waitForURL((u) => u.href.startsWith(base)),
      page.getByRole('button', { name: 'Continue' }).click()]);
  }
  await page.waitForLoadState();
  return page;
}

// Serious or critical accessibility problems axe-core finds on the page (injected as a script,
// which the page's CSP refuses unless its context bypasses it).
async function axeProblems(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

async function auditAsAdmin() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('admin@northwind.example');
  await page.getByLabel('Password').fill('northwind-admin-demo');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  await page.goto(`${base}/admin/audit`);
  const text = await page.locator('main').innerText();
  await context.close();
  return text;
}

test('sign in with the identity provider, land where you were going, and sign out of both', async () => {
  const page = await signInWithProvider('dana', '/decisions');
  assert.equal(new URL(page.url()).pathname, '/decisions');
  // Dana's demo account, linked to her person, now reached through the provider: a leader
  // sees the talent pages.
  await page.goto(`${base}/talent`);
  assert.equal(new URL(page.url()).pathname, '/talent');
  await page.screenshot({ path: join(shots, 'sso-signed-in.png'), fullPage: true });
  // Signing out of Trellis signs out of the provider too; it sends the browser back.
  await Promise.all([page.waitForURL((u) => u.href.startsWith(issuer)),
    page.getByRole('button', { name: 'Sign out' }).click()]);
  await Promise.all([page.waitForURL(`${base}/login`),
    page.getByRole('button', { name: 'Yes, sign me out' }).click()]);
  await page.goto(`${base}/decisions`);
  assert.match(page.url(), /\/login\?next=/);
  // The provider forgot the session as well: its login form asks again.
  await Promise.all([page.waitForURL((u) => u.href.startsWith(issuer)),
    page.getByRole('link', { name: 'Sign in with Northwind ID' }).click()]);
  await page.locator('input[name=login]').waitFor();
  await page.context().close();
});

test('someone whose groups map to no role is refused, and the refusal is audited', async () => {
  const page = await signInWithProvider('sales', '/', { bypassCSP: true });
  assert.equal(new URL(page.url()).pathname, '/login/sso/callback');
  assert.match(await page.getByRole('alert').innerText(), /none of your groups at your identity provider gives a role/);
  await page.screenshot({ path: join(shots, 'sso-refused.png'), fullPage: true });
  assert.deepEqual(await axeProblems(page), []);
  // No session came of it.
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/login\?next=/);
  await page.context().close();
  assert.match(await auditAsAdmin(), /sam\.sales@northwind\.example: groups sales, staff maps to no role/);
});

test('a token issued to another client, or expired, is refused', async () => {
  try {
    tamper = 'aud';
    let page = await signInWithProvider('dana');
    assert.match(await page.getByRole('alert').innerText(), /could not be trusted/);
    await page.goto(`${base}/`);
    assert.match(page.url(), /\/login\?next=/);
    await page.context().close();
    tamper = 'exp';
    page = await signInWithProvider('dana');
    assert.match(await page.getByRole('alert').innerText(), /could not be trusted/);
    await page.context().close();
  } finally {
    tamper = null;
  }
  const audit = await auditAsAdmin();
  assert.match(audit, /the ID token was issued to another client, not to this one \(trellis\)/);
  assert.match(audit, /the ID token has expired/);
});

test('a first sign-in makes an account with the mapped role', async () => {
  const page = await signInWithProvider('newpm', '/talent');
  // A member: the talent overview is not theirs, but they are signed in.
  await page.goto(`${base}/account`);
  assert.match(await page.locator('main').innerText(), /pat\.new@northwind\.example/);
  assert.match(await page.locator('main').innerText(), /member/);
  await page.context().close();
  assert.match(await auditAsAdmin(), /account made by single sign-on as member \(groups pms\)/);
});

test('a provider with a certificate from a company authority is trusted with --oidc-ca-file, and refused without it', async () => {
  // A test authority and a certificate it signed for 127.0.0.1 (e2e/fixtures/tls, test-only).
  const tls = join(root, 'e2e/fixtures/tls');
  const https = createHttpsServer({
    key: readFileSync(join(tls, 'server-key.pem')),
    cert: readFileSync(join(tls, 'server.pem')),
  });
  const at = `https://127.0.0.1:${await listen(https)}`;
  https.on('request', newProvider(at).callback());
  // Starts Trellis against it; resolves with (exit code or 'running', what it printed).
  const serve = (extra) => new Promise((resolve) => {
    const data = mkdtempSync(join(tmpdir(), 'trellis-sso-tls-'));
    const child = spawn(bin, ['serve', '--bind', '127.0.0.1:0', '--data-dir', data, '--oidc-issuer', at,
      '--public-url', base, ...extra], {
      env: { ...process.env, TRELLIS_OIDC_CLIENT_ID: 'trellis', TRELLIS_OIDC_CLIENT_SECRET: 'trellis-test-secret' },
    });
    let said = '';
    child.stdout.on('data', (d) => {
      said += d;
      if (said.includes('running at')) {
        child.kill();
        resolve(['running', said]);
      }
    });
    child.stderr.on('data', (d) => { said += d; });
    child.on('exit', (code) => resolve([code, said]));
  });
  try {
    const [code, said] = await serve([]);
    assert.notEqual(code, 'running');
    assert.match(said, /single sign-on: cannot reach https:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/);
    assert.match(said, /invalid peer certificate: UnknownIssuer; if its certificate comes from your company's own authority, give that authority with --oidc-ca-file/);
    const [ran, told] = await serve(['--oidc-ca-file', join(tls, 'ca.pem')]);
    assert.equal(ran, 'running', told);
    assert.match(told, new RegExp(`Single sign-on: ${at}`));
    const [bad, why] = await serve(['--oidc-ca-file', join(tls, 'server-key.pem')]);
    assert.notEqual(bad, 'running');
    assert.match(why, /holds no PEM certificate/);
  } finally {
    https.close();
    https.closeAllConnections?.();
  }
});
