// Drives the flow editor served by flowserver in headless Chromium: opens a flow, checks
// its nodes render, adds a node and saves, and holds a simulator conversation to the end.
// Run by server/editor_browser_test.go, which starts flowserver and reads the last line
// this prints: a JSON object of what was seen. Settings come from the environment:
// EDITOR_URL (the editor page of the flow), EDITOR_TOKEN, EDITOR_NODES (the node UUIDs,
// comma separated), EDITOR_EXIT (node:exit to drag a new node from), EDITOR_REPLIES
// (the simulator messages, "|" separated), EDITOR_SHOTS (where screenshots go) and
// CHROMIUM (the browser, /usr/bin/chromium by default).
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const env = (k, d) => process.env[k] || d;
const url = env('EDITOR_URL');
const token = env('EDITOR_TOKEN');
const nodes = env('EDITOR_NODES', '').split(',').filter(Boolean);
const exit = env('EDITOR_EXIT', '');
const replies = env('EDITOR_REPLIES', '').split('|').filter(Boolean);
const shots = env('EDITOR_SHOTS', '.');
const result = { steps: [], console: [] };

function step(name, extra) {
  result.steps.push(Object.assign({ name, at: new Date().toISOString() }, extra || {}));
  process.stderr.write(`editor_check: ${name}\n`);
}

async function shot(page, name) {
  const file = path.join(shots, name + '.png');
  await page.screenshot({ path: file });
  return file;
}

// settle waits until the simulator's text has stopped changing (it shows events 200 ms
// apart), at most 20 s, and returns it.
async function settle(page) {
  let last = null;
  let same = 0;
  for (let i = 0; i < 66 && same < 4; i++) {
    await page.waitForTimeout(300);
    const now = await page.locator('#simulator').innerText().catch(() => '');
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

function launch() {
  return chromium.launchPersistentContext(env('EDITOR_PROFILE', ''), {
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function main() {
  // a fresh profile each run (the test gives a new folder): no cookie or cache carries over
  let browser;
  try {
    browser = await launch();
  } catch (e) {
    // a browser that doesn't start is the machine's trouble, not the editor's: say so
    result.launchError = String(e && e.message || e);
    throw e;
  }
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') result.console.push(m.text()); });
    page.on('pageerror', (e) => result.console.push('pageerror: ' + e.message));

    // log in through the form, as a person would
    await page.goto(url);
    step('login', { shot: await shot(page, '00-login') });
    await page.fill('#token', token);
    await Promise.all([page.waitForNavigation(), page.click('#login button[type=submit]')]);
    await page.waitForSelector('body[data-editor-loaded=true]', { timeout: 30000 });
    for (const n of nodes) {
      await page.waitForSelector(`#canvas div[id="${n}"]`, { timeout: 10000 });
    }
    const rendered = await page.locator('#canvas .jtk-droppable').count();
    step('loaded', { rendered, shot: await shot(page, '01-loaded') });

    // add a node: drag from an exit to empty canvas, accept the form the editor opens
    const before = await page.locator('#canvas .plumb-exit').count();
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/flow/revisions/'), { timeout: 20000 });
    const ex = page.locator(`[id="${exit}"]`);
    await ex.scrollIntoViewIfNeeded();
    const box = await ex.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) {
      await page.mouse.move(box.x + box.width / 2 + 35 * i, box.y + box.height / 2 + 10 * i);
    }
    await page.mouse.up();
    await page.waitForSelector('temba-completion textarea, textarea', { timeout: 10000 }).catch(() => {});
    step('dialog', { shot: await shot(page, '02-add-node') });
    const text = page.locator('temba-completion textarea').first();
    if (await text.count()) {
      await text.fill('Added in the browser test');
    }
    await page.getByText('Ok', { exact: true }).click();
    const resp = await saved;
    const after = await page.locator('#canvas .plumb-exit').count();
    step('saved', { status: resp.status(), before, after, body: await resp.json(), shot: await shot(page, '03-saved') });

    // the simulator: open it, answer each question, read what it shows
    await page.waitForTimeout(1500);
    const started = page.waitForResponse((r) => r.url().includes('/flow/simulate/'), { timeout: 20000 });
    await page.locator('.simulator [class*="PopTab_tab__"]').first().click({ force: true });
    await started;
    step('sim-start', { text: await settle(page), shot: await shot(page, '04-sim-start') });
    for (const [i, reply] of replies.entries()) {
      const answered = page.waitForResponse((r) => r.url().includes('/flow/simulate/'), { timeout: 20000 });
      await page.fill('#simulator input[type=text]', reply);
      await page.press('#simulator input[type=text]', 'Enter');
      await answered;
      step('sim-reply-' + (i + 1), { reply, text: await settle(page) });
    }
    step('sim-end', { text: await page.locator('#simulator').innerText(), shot: await shot(page, '05-sim-end') });

    // the revisions tab lists what was saved, newest first (the simulator closed first)
    await page.locator('#simulator [class*="close"], #simulator .fe-x').first().click({ force: true }).catch(() => {});
    await page.waitForTimeout(500);
    const listed = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('/flow/revisions/') && !r.url().includes('/latest/'), { timeout: 20000 });
    await page.locator('.revisions [class*="PopTab_tab__"]').first().click({ force: true });
    const list = await listed.catch(async (e) => { await shot(page, '06-revisions-failed'); throw e; });
    await page.waitForTimeout(1000);
    step('revisions', { status: list.status(), text: await page.locator('.revisions').innerText(), shot: await shot(page, '06-revisions') });
  } finally {
    await browser.close();
  }
}

main().then(() => {
  result.ok = true;
  console.log(JSON.stringify(result));
}).catch((e) => {
  result.ok = false;
  result.error = String(e && e.stack || e);
  console.log(JSON.stringify(result));
  process.exit(1);
});
