// Browser tests: the flows people click, in Debian's headless Chromium, against the real
// `trellis serve --demo`. Screenshots of the main pages go to target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// The pages of the navigation (and a few one level down), for the checks that go through all.
const NAV = ['/', '/org', '/spans', '/teams', '/teams/checkout', '/teams/checkout/edit', '/people/dana',
  '/people/raul/edit', '/findings', '/rules/span-too-wide', '/log', '/decisions', '/escalations', '/conflicts',
  '/handoffs', '/rituals', '/rituals/launch-review/record', '/log/new/decision', '/portfolio', '/review',
  '/talent', '/talent/bench', '/talent/pipeline', '/talent/calibration', '/talent/calibration/1',
  '/talent/people/ana', '/versions', '/versions/compare', '/scenarios', '/search?q=checkout', '/account',
  '/path', '/path/practice', '/path/practice/exec-bad-news', '/path/feedback', '/path/sponsors', '/path/sharing',
  '/path/packet', '/path/shared', '/path/from/li/evidence', '/partnerships', '/partnerships/sam/zoltan',
  '/partnerships/hana/bruno'];
const bin = process.env.TRELLIS_BIN ?? join(root, 'target/debug/trellis');
const shots = join(root, 'target/screenshots');
let server;
let base;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'trellis-e2e-'));
  server = spawn(bin, ['serve', '--demo', '--bind', '127.0.0.1:0', '--data-dir', data], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  const lines = createInterface({ input: server.stdout });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    lines.on('line', (line) => {
      const m = line.match(/running at (http:\/\/[^ ]+?)\/ /);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
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
});

async function signIn(page, email = 'dana@northwind.example', password = 'northwind-leader-demo') {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

test('a wrong password is refused on the form, and the email stays', async () => {
  const page = await browser.newPage();
  await signIn(page, 'dana@northwind.example', 'not the password');
  assert.match(page.url(), /\/login$/);
  assert.equal(await page.getByRole('alert').innerText(), 'Wrong email or password.');
  assert.equal(await page.getByLabel('Email').inputValue(), 'dana@northwind.example');
  await page.screenshot({ path: join(shots, 'login-error.png'), fullPage: true });
  await page.close();
});

test('sign in and walk the main pages', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.locator('.tiles').innerText(), /87\s+people/);
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Org chart' }).click()]);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Dana Reyes');
  // The interactive chart's boxes lead to each person's page.
  await page.locator('.orgtree a.name', { hasText: 'Li Wei' }).waitFor();
  await Promise.all([page.waitForNavigation(), page.locator('.orgtree a.name', { hasText: 'Li Wei' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/people/li');

  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Teams', exact: true }).click()]);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Data Platform' }).first().click()]);
  assert.match(await page.locator('main').innerText(), /triad-incomplete/);
  await page.screenshot({ path: join(shots, 'team.png'), fullPage: true });

  await page.goto(`${base}/findings?rule=ownership-overlap`);
  assert.match(await page.locator('main').innerText(), /email-notifications/);
  await page.screenshot({ path: join(shots, 'findings.png'), fullPage: true });

  await page.goto(`${base}/spans`);
  await page.screenshot({ path: join(shots, 'spans.png'), fullPage: true });
  await page.close();
});

test('a form post without the CSRF token is refused', async () => {
  const page = await browser.newPage();
  await signIn(page);
  const status = await page.evaluate(async () => {
    const r = await fetch('/logout', { method: 'POST', body: new URLSearchParams({ csrf: 'forged' }) });
    return r.status;
  });
  assert.equal(status, 403);
  // Still signed in: the forged request changed nothing.
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, '/');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
  assert.match(page.url(), /\/login$/);
  await page.close();
});

test('edit a charter to remove an ownership overlap, and the finding disappears', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await page.goto(`${base}/findings?rule=ownership-overlap`);
  assert.match(await page.locator('main').innerText(), /1 finding\./);

  await page.goto(`${base}/teams/retention`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Edit this team' }).click()]);
  const owns = page.locator('#owns');
  assert.equal(await owns.inputValue(), 'Email notifications, Loyalty programme, Churn win-back campaigns');

  // A typo first: shown on its field, nothing saved.
  await owns.fill('Loyalty programme, churn-winbak');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save as a new version' }).click()]);
  assert.equal(await owns.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#owns-error').innerText(), /Did you mean “churn-winback”\?/);
  await page.screenshot({ path: join(shots, 'team-edit-error.png'), fullPage: true });

  // Then through the picker: type part of a name, choose it from the list.
  await owns.fill('Loyalty programme, ');
  await owns.pressSequentially('win-b');
  const option = page.getByRole('option', { name: /Churn win-back campaigns/ });
  await option.waitFor();
  await page.screenshot({ path: join(shots, 'picker-surfaces.png') });
  await option.click();
  assert.equal(await owns.inputValue(), 'Loyalty programme, Churn win-back campaigns, ');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save as a new version' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/teams/retention');
  assert.doesNotMatch(await page.locator('main').innerText(), /ownership-overlap/);

  await page.goto(`${base}/findings?rule=ownership-overlap`);
  assert.match(await page.locator('main').innerText(), /0 findings\./);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Versions' }).click()]);
  const versions = await page.locator('main').innerText();
  assert.match(versions, /Edit team retention in the browser/);
  assert.match(versions, /Email notifications owned by Orders & Fulfilment and Retention → Orders & Fulfilment/);
  await page.screenshot({ path: join(shots, 'versions.png'), fullPage: true });
  await page.close();
});

test('a manager is chosen with the picker by keyboard: the name is shown, the id is sent', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await page.goto(`${base}/people/raul/edit`);
  const field = page.getByRole('combobox', { name: /Reports to/ });
  await field.fill('');
  await field.pressSequentially('nair');
  await page.getByRole('option', { name: /Priya Nair/ }).waitFor();
  assert.equal(await field.getAttribute('aria-expanded'), 'true');
  await page.screenshot({ path: join(shots, 'picker-people.png') });
  await field.press('Enter');
  assert.equal(await field.inputValue(), 'Priya Nair');
  assert.equal(await page.locator('input[type=hidden][name=reports_to]').inputValue(), 'priya');
  assert.equal(await field.getAttribute('aria-expanded'), 'false');
  // A preview first: what would change, nothing saved.
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Preview the change' }).click()]);
  assert.match(await page.locator('.preview').innerText(), /Raúl Ortega now reports to Priya Nair \(was Li Wei\)/);
  assert.equal(await page.getByRole('combobox', { name: /Reports to/ }).inputValue(), 'Priya Nair');
  await page.screenshot({ path: join(shots, 'person-move-preview.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save as a new version' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/people/raul');
  assert.match(await page.locator('main').innerText(), /Priya Nair/);
  // And back to Li (the other flows expect Raúl in Li's group), typed by name without the list.
  await page.goto(`${base}/people/raul/edit`);
  await page.getByRole('combobox', { name: /Reports to/ }).fill('Li Wei');
  await page.keyboard.press('Escape');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save as a new version' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/people/raul');
  assert.match(await page.locator('main').innerText(), /Li Wei/);
  await page.close();
});

test('the org chart: expand and collapse, keyboard, find a person, colour by team, fit; and without JavaScript the server chart', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await page.goto(`${base}/org`);
  const tree = page.getByRole('tree', { name: /Reporting lines under Dana Reyes/ });
  await tree.waitFor();
  assert.equal(await page.locator('#chart').isHidden(), true, 'the server chart gives way');
  // Full names and titles, never cut.
  const dana = page.locator('.orgtree > li > .person');
  assert.match(await dana.innerText(), /Dana Reyes\s+Director of Product/);
  assert.equal(await page.locator('.orgtree > li > ul > li[role=treeitem]').count(), 5);
  await page.screenshot({ path: join(shots, 'org-chart.png') });

  // Keyboard: down to the first report, right to the next, up to the manager.
  await dana.locator('a.name').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Li Wei');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Priya Nair');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Dana Reyes');

  // Collapse Priya's reports and open them again.
  const priya = page.locator('li[data-id=priya]');
  await priya.getByRole('button', { name: /Hide the \d+ reports of Priya Nair/ }).click();
  assert.equal(await priya.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('link', { name: 'Jade Morgan' }).isVisible(), false);
  await priya.getByRole('button', { name: /Show the \d+ reports of Priya Nair/ }).click();
  assert.equal(await page.getByRole('link', { name: 'Jade Morgan' }).isVisible(), true);

  // Find someone below the two levels shown: the chart opens down to them.
  await page.locator('#chart-find').pressSequentially('noor');
  await page.locator('.pick-list [role=option]').first().click();
  const noor = page.locator('li[data-id=noor] > .person.found');
  await noor.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Noor Haddad');

  // Colour by team: a legend of the teams shown, each box painted.
  await page.selectOption('select[data-act=colour]', 'team');
  const legend = await page.locator('.orgchart-legend').innerText();
  assert.match(legend, /Checkout/);
  assert.match(legend, /Storefront/);
  assert.match(await page.locator('li[data-id=ana] > .person').getAttribute('class'), /\bc\d+\b/);

  // Fit: the whole chart within the view.
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  const fits = await page.evaluate(() => {
    const v = document.querySelector('.orgchart-view');
    return v.scrollWidth <= v.clientWidth + 2;
  });
  assert.ok(fits, 'fitted');
  await page.screenshot({ path: join(shots, 'org-chart-found.png') });
  await page.close();

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signIn(phone);
  await phone.goto(`${base}/org`);
  await phone.locator('.orgtree li').first().waitFor();
  await phone.screenshot({ path: join(shots, 'phone-org-chart.png') });
  await phone.close();

  // Without JavaScript: the server's chart, its boxes links to each person's chart.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await signIn(plain);
  await plain.goto(`${base}/org`);
  assert.equal(await plain.locator('#orgchart').isHidden(), true);
  const links = plain.locator('#chart svg a');
  assert.ok(await links.count() >= 20);
  assert.match(await plain.locator('#chart svg').innerHTML(), />Director of Product</);
  await plain.screenshot({ path: join(shots, 'org-chart-without-javascript.png') });
  await context.close();
});

test('a member edits only the team they lead', async () => {
  const page = await browser.newPage();
  await signIn(page, 'tom@northwind.example', 'northwind-member-demo');
  await page.goto(`${base}/teams/storefront`);
  assert.equal(await page.getByRole('link', { name: 'Edit this team' }).count(), 1);
  await page.goto(`${base}/teams/checkout`);
  assert.equal(await page.getByRole('link', { name: 'Edit this team' }).count(), 0);
  const refused = await page.goto(`${base}/teams/checkout/edit`);
  assert.equal(refused.status(), 403);
  assert.match(await page.locator('main').innerText(), /not a lead of Checkout/);
  await page.close();
});

test('an API token is made on the account page, shown once, and works', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /dana@northwind\.example/ }).click()]);
  assert.equal(new URL(page.url()).pathname, '/account');
  await page.getByLabel(/New token/).fill('weekly report');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create a token' }).click()]);
  const token = (await page.locator('#new-token').innerText()).trim();
  assert.match(token, /^trellis_[0-9a-f]{64}$/);
  await page.screenshot({ path: join(shots, 'account.png'), fullPage: true });
  const org = await page.evaluate(async (t) => {
    const r = await fetch('/api/v1/org', { headers: { Authorization: `Bearer ${t}` }, credentials: 'omit' });
    return { status: r.status, body: await r.json() };
  }, token);
  assert.equal(org.status, 200);
  assert.equal(org.body.people, 87);
  await page.goto(`${base}/account`);
  assert.equal(await page.locator('#new-token').count(), 0, 'shown once');
  assert.match(await page.locator('main').innerText(), /weekly report/);
  await page.close();
});

test('every page of the navigation fits a phone screen', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await signIn(page);
  const paths = ['/', '/org', '/spans', '/teams', '/teams/checkout', '/people/dana', '/findings', '/log',
    '/decisions', '/escalations', '/conflicts', '/handoffs', '/rituals', '/portfolio', '/review',
    '/talent', '/talent/bench', '/talent/pipeline', '/talent/calibration', '/talent/calibration/1',
    '/versions', '/search?q=checkout', '/account'];
  const failures = [];
  for (const path of paths) {
    await page.goto(`${base}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) {
      const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((e) => !e.closest('.scroll'))
        .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`));
      failures.push(`${path} is ${overflow}px too wide: ${wide.join(', ')}`);
    }
    // A badge or a date on two lines reads badly: each stays on one.
    const wrapped = await page.evaluate(() => [...document.querySelectorAll('.flag, .tag, td.date, .date')]
      .filter((e) => {
        // The lines its text takes: distinct tops of the text's boxes.
        const r = document.createRange();
        r.selectNodeContents(e);
        return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
      })
      .slice(0, 3).map((e) => e.textContent.trim()));
    if (wrapped.length) failures.push(`${path} wraps ${wrapped.join(', ')}`);
    const name = path === '/' ? 'dashboard' : path.slice(1).replace(/[/?=]/g, '-');
    await page.screenshot({ path: join(shots, `phone-${name}.png`), fullPage: true });
  }
  // Printed (the review is printed to PDF): the same on an A4 page.
  await page.emulateMedia({ media: 'print' });
  for (const path of ['/review', '/decisions', '/talent/calibration/1']) {
    await page.goto(`${base}${path}`);
    const wrapped = await page.evaluate(() => [...document.querySelectorAll('.flag, .tag, td.date, .date')]
      .filter((e) => {
        // The lines its text takes: distinct tops of the text's boxes.
        const r = document.createRange();
        r.selectNodeContents(e);
        return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
      })
      .slice(0, 3).map((e) => e.textContent.trim()));
    if (wrapped.length) failures.push(`${path} in print wraps ${wrapped.join(', ')}`);
  }
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(failures, []);
  await page.close();
});

test('recording a meeting with a conflict three times makes the recurring-conflict finding appear', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Operating log' }).click()]);
  assert.match(await page.locator("main").innerText(), /Where the structure is failing \(9\)/);
  await page.screenshot({ path: join(shots, 'operating-log.png'), fullPage: true });
  const topics = ['who owns the pricing page', 'pricing page ownership', 'ownership of the pricing pages'];
  for (const [i, topic] of topics.entries()) {
    await page.goto(`${base}/findings?rule=conflict-recurring`);
    const before = await page.locator('main').innerText();
    assert.doesNotMatch(before, /Storefront/, `no Storefront conflict before meeting ${i + 1}`);
    await page.goto(`${base}/rituals/launch-review`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Record a meeting' }).click()]);
    // One row per decision, trade-off and conflict; the team through its picker.
    await page.locator('#decision-1-category').selectOption('launch');
    await page.locator('#decision-1-team').pressSequentially('storef');
    await page.getByRole('option', { name: /Storefront/ }).click();
    await page.locator('#decision-1-what').fill('Keep the old banner one more week');
    if (i === 0) {
      // A second decision row, added in the page.
      await page.getByRole('button', { name: 'Add another decision' }).click();
      assert.equal(await page.locator('[data-row=decision]').count(), 3);
      assert.equal(await page.locator('#decision-3-what').getAttribute('name'), 'decision-3-what');
      await page.locator('#decision-3-category').selectOption('roadmap');
      await page.locator('#decision-3-what').fill('Gift cards before loyalty');
    }
    await page.locator('#tradeoff-1').fill('Speed over polish');
    await page.locator('#conflict-1-parties').fill('Storefront, Checkout');
    await page.locator('#conflict-1-about').fill(topic);
    if (i === 0) await page.screenshot({ path: join(shots, 'record-meeting.png'), fullPage: true });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the meeting' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/rituals/launch-review');
  }
  await page.goto(`${base}/findings?rule=conflict-recurring`);
  const after = await page.locator('main').innerText();
  assert.match(after, /Checkout.*Storefront|Storefront.*Checkout/);
  assert.match(after, /came up in 3 meetings/);
  await page.goto(`${base}/conflicts`);
  await page.screenshot({ path: join(shots, 'conflicts.png'), fullPage: true });
  await page.goto(`${base}/decisions`);
  await page.screenshot({ path: join(shots, 'decisions.png') });
  await page.close();
});

test('a meeting with a trade-off and a success-criteria conflict shows on the partnership page, beside the misalignment signal', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Partnerships' }).click()]);
  const list = await page.locator('main').innerText();
  assert.match(list, /Sam Patel\s+Zoltan Nagy\s+Assistant Labs\s+misaligned/);
  assert.match(list, /Hana Kobayashi\s+Bruno Lima\s+Identity\s+productive tension/);
  await page.screenshot({ path: join(shots, 'partnerships.png'), fullPage: true });
  // The assistant's leads meet in the product and engineering sync, weigh a trade-off and
  // disagree on what a good answer is.
  await page.goto(`${base}/rituals/pe-sync/record`);
  await page.locator('#attendees').fill('Sam Patel, Zoltan Nagy');
  await page.keyboard.press('Escape');
  await page.locator('#tradeoff-1').fill('Answer quality before more pilot stores');
  await page.locator('#conflict-1-parties').fill('Sam Patel, Zoltan Nagy');
  await page.locator('#conflict-1-about').fill('what counts as a good assistant answer');
  await page.locator('#conflict-1-kind').selectOption('success-criteria');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the meeting' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/rituals/pe-sync');
  await page.goto(`${base}/partnerships`);
  await Promise.all([page.waitForNavigation(), page.locator('a[href="/partnerships/sam/zoltan"]').click()]);
  const main = await page.locator('main').innerText();
  assert.match(main, /Sam Patel and Zoltan Nagy\s+misaligned/);
  assert.match(main, /work to different rules/);
  assert.match(main, /Answer quality before more pilot stores\s+aired/);
  assert.match(main, /Success criteria\s+misalignment when it recurs: what counts as a good assistant answer/);
  // The signal: they judge the assistant's goals by different measures.
  assert.match(main, /judge its goals differently/);
  assert.match(main, /launch\s+required/);
  await page.screenshot({ path: join(shots, 'partnership.png'), fullPage: true });
  // The goal behind the signal opens, with who recorded what.
  await Promise.all([page.waitForNavigation(), page.locator('a[href^="/log/goal/"]').first().click()]);
  assert.match(await page.locator('main').innerText(), /recorded by Zoltan Nagy/);
  await page.close();
});

test('the org as Mermaid parses in Mermaid\'s own parser and draws, reporting lines and team dependencies', async () => {
  const mermaidSource = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ content: mermaidSource });
  for (const args of [[], ['--teams'], ['--root', 'li', '--depth', '1']]) {
    const text = execFileSync(bin, ['export', 'mermaid', join(root, 'examples/northwind'), ...args], { encoding: 'utf8' });
    const result = await page.evaluate(async (t) => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        const parsed = await window.mermaid.parse(t);
        const { svg } = await window.mermaid.render('d' + Math.random().toString(36).slice(2), t);
        return { ok: !!parsed, svg };
      } catch (e) {
        return { ok: false, error: String(e) };
      }
    }, text);
    assert.ok(result.ok, `${args.join(' ')}: ${result.error}\n${text}`);
    if (args.length === 0) assert.match(result.svg, /Dana Reyes/);
    if (args[0] === '--teams') assert.match(result.svg, /Hosted models on the model-serving API/);
  }
  await page.close();
});

test('a manager writes a coaching note and the analyzer answers while they type', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, 'li@northwind.example', 'northwind-manager-demo');
  await page.goto(`${base}/talent/people/raul`);
  const text = page.locator('#note-text');
  await text.fill('Raúl should step up and be more strategic.');
  const feedback = page.locator('#note-feedback');
  await feedback.getByText('This note is vague.').waitFor({ timeout: 5_000 });
  assert.match(await feedback.innerText(), /slogans: “be more strategic”, “step up”/);
  assert.match(await feedback.innerText(), /Try: In <situation/);
  await page.screenshot({ path: join(shots, 'coaching-note-vague.png'), fullPage: true });
  await text.fill("In Tuesday's pricing review you asked Zoë for the trade-off before the estimate; the team left with a decision.");
  await feedback.getByText('Names a situation and a behaviour.').waitFor({ timeout: 5_000 });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the note' }).click()]);
  assert.match(page.url(), /\/talent\/people\/raul#note$/);
  assert.match(await page.locator('#coaching-notes').innerText(), /asked Zoë for the trade-off/);
  // Li manages Commerce only: Marcus's people are not there.
  const other = await page.goto(`${base}/talent/people/grace`);
  assert.equal(other.status(), 404);
  assert.doesNotMatch(await page.content(), /Grace.*potential/);
  await page.close();
});

test('the leader calibrates a rating on the session page, with its reason', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Talent' }).click()]);
  assert.match(await page.locator('main').innerText(), /calibration-lenient/);
  await page.screenshot({ path: join(shots, 'talent.png'), fullPage: true });
  await page.goto(`${base}/talent/calibration`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Product and design, second half' }).click()]);
  const box = page.locator('svg.ninebox g[data-potential="high"][data-performance="medium"] .count');
  assert.equal(await box.textContent(), '1', 'Grace alone is high potential, medium performance');
  const row = page.locator('tr', { hasText: 'Grace Liu' });
  await row.locator('select[name=performance]').selectOption('4');
  await row.locator('input[name=reason]').fill('Led the API deprecation across four teams.');
  await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: 'Calibrate' }).click()]);
  assert.equal(await page.locator('svg.ninebox g[data-potential="high"][data-performance="medium"] .count').textContent(), '0');
  assert.equal(await page.locator('svg.ninebox g[data-potential="high"][data-performance="high"] .count').textContent(), '4');
  assert.match(await page.locator('tr', { hasText: 'Grace Liu' }).innerText(), /Led the API deprecation/);
  await page.screenshot({ path: join(shots, 'calibration.png'), fullPage: true });
  await page.goto(`${base}/talent/bench`);
  assert.match(await page.locator('.lead').innerText(), /2 of 5 manager roles \(40%\)/);
  await page.screenshot({ path: join(shots, 'bench.png'), fullPage: true });
  await page.close();
});

test('a member sees only their own talent page, a viewer no talent at all', async () => {
  const page = await browser.newPage();
  await signIn(page, 'tom@northwind.example', 'northwind-member-demo');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Talent' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/talent/people/tom');
  const main = await page.locator('main').innerText();
  assert.match(main, /holiday readiness plan/);
  assert.doesNotMatch(main, /Ratings/);
  assert.doesNotMatch(main, /took the estimate/);
  assert.equal((await page.goto(`${base}/talent/bench`)).status(), 404);
  await page.screenshot({ path: join(shots, 'talent-member.png'), fullPage: true });
  await page.close();
  const viewer = await browser.newPage();
  await signIn(viewer, 'viewer@northwind.example', 'northwind-viewer-demo');
  assert.equal(await viewer.getByRole('link', { name: 'Talent' }).count(), 0);
  assert.equal((await viewer.goto(`${base}/talent`)).status(), 404);
  await viewer.close();
});

test('the portfolio page shows the attention sink and takes a goal status change', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Portfolio', exact: true }).click()]);
  assert.match(await page.locator('main').innerText(), /Assistant Labs took \d+% of the attention of Dana Reyes/);
  const row = page.locator('tr', { hasText: 'Assistant ready for general availability' });
  assert.match(await row.innerText(), /off-track/);
  await row.locator('select[name=status]').selectOption('at-risk');
  await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: 'Update' }).click()]);
  assert.match(await page.locator('tr', { hasText: 'Assistant ready for general availability' }).innerText(), /at-risk/);
  await page.screenshot({ path: join(shots, 'portfolio.png'), fullPage: true });
  await page.close();
});

test('an open decision is marked decided on its page, and its history says who did it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page);
  await page.goto(`${base}/decisions`);
  await page.getByLabel('State').selectOption('open');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filter' }).click()]);
  await Promise.all([page.waitForNavigation(), page.locator('main table a[href^="/log/decision/"]').first().click()]);
  const facts = await page.locator('dl.facts').innerText();
  assert.match(facts, /open for \d+/, facts);
  await page.getByLabel('Decided by').fill('Dana Reyes');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Mark decided' }).click()]);
  const main = await page.locator('main').innerText();
  assert.match(main, /Marked decided on \d{4}-\d{2}-\d{2} by Dana Reyes — Dana Reyes,/, main);
  assert.equal(await page.getByRole('button', { name: 'Mark decided' }).count(), 0);
  await page.screenshot({ path: join(shots, 'decision-decided.png'), fullPage: true });
  await page.close();
});

test('the quarterly review answers the five questions, prints without the app bar, and its links lead to the records', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Review', exact: true }).click()]);
  const text = await page.locator('body').innerText();
  for (const question of [
    '1. What improved because of better structure?',
    '2. Which managers got stronger, and what shows it?',
    '3. Where are decisions still too centralized?',
    '4. Which team is under-scoped, over-scoped or poorly placed?',
    '5. Which portfolio bet consumes attention without enough strategic return?',
  ]) assert.ok(text.includes(question), question);
  assert.match(text, /Dana Reyes or someone above still made more than 20%/);
  assert.match(text, /Assistant Labs took \d+% of Dana Reyes's attention/);
  assert.equal(await page.locator('svg.chart.paired').count(), 3);
  assert.equal(await page.locator('table.trend svg.spark').count(), 9);
  assert.equal(await page.locator('section[aria-labelledby=scorecard] table:not(.trend) tbody tr').count(), 9);
  await page.screenshot({ path: join(shots, 'review.png'), fullPage: true });

  // Printed, the bar to pick a quarter and go back is gone.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.bar-top').isVisible(), false);
  await page.screenshot({ path: join(shots, 'review-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // The previous quarter, then back to a record behind a number.
  const previous = await page.locator('#quarter option').nth(1).textContent();
  await page.locator('#quarter').selectOption(previous);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show' }).click()]);
  assert.equal(new URL(page.url()).searchParams.get('quarter'), previous);
  assert.match(await page.locator('h1').innerText(), new RegExp(`Quarterly review: Northwind Product, ${previous}`));
  await Promise.all([page.waitForNavigation(), page.locator('section[aria-labelledby=q5] a[href="/teams/assistant-labs"]').first().click()]);
  assert.equal(new URL(page.url()).pathname, '/teams/assistant-labs');
  await page.close();
});

test('after signing in, a next address that leads off the site goes home instead', async () => {
  const page = await browser.newPage();
  for (const next of ['%2F%09%2Fevil.example%2Fphish', '%2F%0A%2Fx', '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example%2F']) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${base}/login?next=${next}`);
    await p.getByLabel('Email').fill('dana@northwind.example');
    await p.getByLabel('Password').fill('northwind-leader-demo');
    await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Sign in' }).click()]);
    const url = new URL(p.url());
    assert.equal(url.origin, base, `${next}: left the site for ${p.url()}`);
    assert.equal(url.pathname, '/', next);
    await context.close();
  }
  await page.close();
});

test('no other site can frame a page of Trellis, and the pages run under a CSP without inline script', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await signIn(page);
  // The talent page itself shows Li's records…
  await page.goto(`${base}/talent/people/li`);
  assert.match(await page.locator('main').innerText(), /Li Wei/);
  // …but framed by a page that is not Trellis, it does not render.
  const other = await context.newPage();
  // (The login page needs no cookie, so it would render if framing were allowed.)
  await other.setContent(`<h1>Another site</h1><iframe src="${base}/talent/people/li" width="600" height="400"></iframe><iframe src="${base}/login" width="600" height="400"></iframe>`);
  await other.waitForTimeout(1500);
  assert.equal(other.frames().length, 3);
  for (const frame of other.frames()) {
    if (frame === other.mainFrame()) continue;
    let text = '';
    try { text = await frame.locator('body').innerText({ timeout: 1000 }); } catch { text = ''; }
    assert.doesNotMatch(text, /Li Wei|Coaching|Email|Sign in/, `a framed page rendered: ${frame.url()}`);
  }
  await other.screenshot({ path: join(shots, 'framed-refused.png') });
  // The org chart's script (a file, not inline) still runs: the chart starts centred.
  await page.goto(`${base}/org`);
  await page.waitForFunction(() => document.getElementById('chart').scrollLeft > 0 || document.getElementById('chart').scrollWidth <= document.getElementById('chart').clientWidth);
  assert.deepEqual(violations, [], 'no CSP violations');
  await context.close();
});

/** Starts a scenario on the Scenarios page; returns its address. */
async function startScenario(page, name, why) {
  await page.goto(`${base}/scenarios`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/^Why/).fill(why);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Start the scenario' }).click()]);
  assert.match(new URL(page.url()).pathname, /^\/scenarios\/\d+$/);
  return new URL(page.url()).pathname;
}

/** Moves `who` to `to` in the scenario open in `page`, with the pickers. */
async function moveInScenario(page, who, to) {
  const person = page.getByRole('combobox', { name: 'Move someone' });
  await person.pressSequentially(who);
  await page.getByRole('option', { name: new RegExp(who) }).first().click();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Choose their manager' }).click()]);
  assert.match(await page.locator('main').innerText(), /You are changing the scenario/);
  const field = page.getByRole('combobox', { name: /Reports to/ });
  await field.fill('');
  await field.pressSequentially(to);
  await page.getByRole('option', { name: new RegExp(to) }).first().click();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save in the scenario' }).click()]);
}

test('a scenario: drafted with the pickers, read before and after, compared with another, applied', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page);
  const first = await startScenario(page, 'Activation to Platform', 'Activation waits on Identity every sprint');
  await moveInScenario(page, 'Femi', 'Marcus Bell');
  const main = page.locator('main');
  assert.match(await main.innerText(), /Femi Adeyemi/);
  // The chart where it changes: Femi leaves Priya's reports and joins Marcus's.
  assert.equal(await page.locator('li.moved-out', { hasText: 'Femi Adeyemi' }).count(), 1);
  assert.equal(await page.locator('li.moved-in', { hasText: 'Femi Adeyemi' }).count(), 1);
  assert.match(await page.locator('#chart').locator('..').innerText(), /To Marcus Bell: Femi Adeyemi/);
  await page.screenshot({ path: join(shots, 'scenario.png'), fullPage: true });
  // Nothing changed in the organisation itself.
  await page.goto(`${base}/people/femi`);
  assert.match(await main.innerText(), /Priya Nair/);

  const second = await startScenario(page, 'Activation to Dana', 'Or straight to the director');
  await moveInScenario(page, 'Femi', 'Dana Reyes');
  await page.getByLabel('Compare with').selectOption({ label: 'Activation to Platform' });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Compare side by side' }).click()]);
  const table = await page.locator('table.side').innerText();
  assert.match(table, /Activation to Dana/);
  assert.match(table, /Activation to Platform/);
  assert.match(table, /People who change manager\s+1\s+1/);
  await page.screenshot({ path: join(shots, 'scenarios-compared.png'), fullPage: true });

  // Apply the first: a new version; then set the second aside.
  await page.goto(`${base}${first}`);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Apply/ }).click()]);
  assert.match(await page.getByRole('status').innerText(), /Applied: the organisation is now version \d+/);
  await page.goto(`${base}/people/femi`);
  assert.match(await main.innerText(), /Marcus Bell/);
  await page.goto(`${base}${second}`);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Set it aside' }).click()]);
  assert.match(await main.innerText(), /discarded/);

  // Back to Priya through a third scenario, so the other flows find the demo as it was.
  await startScenario(page, 'Activation back', 'Undo');
  await moveInScenario(page, 'Femi', 'Priya Nair');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Apply/ }).click()]);
  await page.goto(`${base}/people/femi`);
  assert.match(await main.innerText(), /Priya Nair/);
  await page.close();
});

test('the director path: a suggestion accepted, an answer improved until it shows a mechanism, a section shared with Dana and taken back', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, 'tom@northwind.example', 'northwind-member-demo');
  await page.getByRole('link', { name: 'My path' }).click();
  await page.waitForURL(/\/path$/);
  const main = page.locator('main');
  assert.match(await main.innerText(), /Your stage: product manager, not yet managing people/);
  assert.match(await main.innerText(), /Fix the process, ownership or dependency behind a miss\s+missing/);
  await page.screenshot({ path: join(shots, 'path.png'), fullPage: true });
  // Accept the waiting suggestion, then say how and what came of it.
  const suggestion = page.locator('li.suggestion', { hasText: 'Leading Storefront' });
  await Promise.all([page.waitForNavigation(), suggestion.getByRole('button', { name: 'Accept' }).click()]);
  assert.match(await page.getByRole('status').innerText(), /Accepted\. Now say how you diagnosed/);
  await page.getByLabel(/How you did it/).fill('In the Q3 planning I cut the Storefront roadmap from 9 bets to 4 after reading the funnel data, and wrote the cut list for the team.');
  await page.getByLabel(/Outcome/).fill('Conversion rose 2 points by October; the team shipped all 4.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
  const entry = page.locator('article.entry', { hasText: 'Leading Storefront' });
  assert.match(await entry.innerText(), /Complete: a situation, what you did and the outcome/);
  assert.equal(await page.locator('li.suggestion', { hasText: 'Leading Storefront' }).count(), 0);

  // Practice: a principle first, then a mechanism; both drafts kept.
  await page.getByRole('link', { name: 'Interview practice' }).first().click();
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Tell me about bringing bad news up the chain.' }).click()]);
  const answer = page.getByLabel(/Your answer, as you would say it/);
  await answer.fill('I believe you should always be transparent with executives and tell them early.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save this draft and read it' }).click()]);
  assert.match(await page.locator('article.draft').first().innerText(), /stays at principle/);
  await page.getByLabel(/Your answer, as you would say it/).fill('In August our checkout rebuild slipped 3 weeks. I checked the burn-down with the two leads and found the payment API had not started, so I decided to cut saved cards from the launch rather than move the date. I told Dana the same day in a one-page note with the new plan, and we launched on October 1 without saved cards.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save this draft and read it' }).click()]);
  assert.match(await page.locator('article.draft').first().innerText(), /Draft 2[\s\S]*shows a mechanism/);
  assert.match(await main.innerText(), /Progress over 2 drafts: from “stays at principle” to “shows a mechanism”/);
  await page.screenshot({ path: join(shots, 'path-practice.png'), fullPage: true });

  // Share the evidence with Dana (picked by name).
  await page.goto(`${base}/path/sharing`);
  await page.getByLabel('Section').selectOption('evidence');
  const withField = page.getByRole('combobox', { name: 'With' });
  await withField.pressSequentially('Dana');
  await page.getByRole('option', { name: /Dana Reyes/ }).click();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Share', exact: true }).click()]);
  assert.match(await main.innerText(), /Evidence\s+Dana Reyes/);

  // Dana reads it; Tom sees that she did; Tom takes it back and she no longer can.
  const dana = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(dana);
  await dana.goto(`${base}/path/shared`);
  await Promise.all([dana.waitForNavigation(), dana.locator('li', { hasText: 'Tom Becker' }).getByRole('link', { name: 'Evidence' }).click()]);
  assert.match(await dana.locator('main').innerText(), /Leading Storefront[\s\S]*Conversion rose 2 points/);
  await dana.screenshot({ path: join(shots, 'path-shared-with-dana.png'), fullPage: true });
  const shared = dana.url();
  await page.reload();
  assert.match(await page.locator('table', { hasText: 'When (UTC)' }).innerText(), /Dana Reyes\s+Evidence/);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Take back Evidence from Dana Reyes' }).click()]);
  assert.match(await main.innerText(), /Nothing is shared/);
  const refused = await dana.goto(shared);
  assert.equal(refused.status(), 403);
  await dana.close();
  await page.close();
});

test('axe-core finds no serious or critical accessibility problem on any page of the navigation', async () => {
  // axe is injected as a script, which the pages' CSP (no inline script) would refuse.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page);
  const problems = [];
  for (const path of NAV) {
    const response = await page.goto(`${base}${path}`);
    assert.ok(response.status() < 400, `${path}: ${response.status()}`);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'landmark-one-main')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    });
    for (const v of violations) problems.push(`${path}: ${v}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link crawl as each demo role finds no link shown to that role that answers with an error, and no backtick on any page', async () => {
  const roles = [['admin', 'admin'], ['dana', 'leader'], ['li', 'manager'], ['tom', 'member'], ['viewer', 'viewer']];
  const failures = [];
  let checked = 0;
  for (const [who, role] of roles) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, `${who}@northwind.example`, `northwind-${role}-demo`);
    const seen = new Set();
    const queue = ['/', ...NAV.filter((p) => !p.includes('edit') && !p.includes('record') && !p.includes('/new/'))];
    const from = new Map(queue.map((p) => [p, '(the navigation)']));
    // The navigation is what the role is offered; only links found on pages count as shown.
    let offered = 0;
    while (queue.length && seen.size < 260) {
      const path = queue.shift();
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await context.request.get(`${base}${path}`, { maxRedirects: 0 });
      const status = response.status();
      const shown = from.get(path) !== '(the navigation)';
      if (shown) offered++;
      if (status >= 400 && shown) failures.push(`${role}: ${from.get(path)} links to ${path}, which answers ${status}`);
      if (status >= 300 || !(response.headers()['content-type'] ?? '').includes('text/html')) continue;
      const html = await response.text();
      // Words for people: no backticks (the command line's way of marking ids) on any page.
      const text = html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '');
      if (text.includes('`')) {
        const at = text.indexOf('`');
        failures.push(`${role}: ${path} shows a backtick: …${text.slice(Math.max(0, at - 60), at + 60)}…`);
      }
      for (const m of html.matchAll(/<a [^>]*href="([^"#]+)(?:#[^"]*)?"/g)) {
        const href = m[1].replaceAll('&amp;', '&').replaceAll('&#38;', '&');
        if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/static/')) continue;
        if (!from.has(href) || from.get(href) === '(the navigation)') from.set(href, path);
        if (!seen.has(href)) queue.push(href);
      }
    }
    checked += offered;
    await context.close();
  }
  assert.ok(checked > 500, `${checked} links checked`);
  assert.deepEqual(failures, []);
});
