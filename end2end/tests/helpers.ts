import { createHmac } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";

const leftovers: BrowserContext[] = [];

/**
 * Playwright's `test`, closing the browser contexts a test opened once it is
 * over. Tests open their own contexts (a customer, an agent, an admin); left
 * open, every widget and desk keeps its websocket and WASM alive in the one
 * shared browser, and by the last spec dozens of them slow Chromium down
 * enough to time tests out. A failed test's contexts stay open until the
 * next test starts, so its screenshots and trace are still taken.
 */
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use, testInfo) => {
      for (const ctx of leftovers.splice(0)) await ctx.close().catch(() => {});
      await use();
      for (const ctx of browser.contexts()) {
        if (testInfo.status === testInfo.expectedStatus) await ctx.close().catch(() => {});
        else leftovers.push(ctx);
      }
    },
    { auto: true },
  ],
});

export const ADMIN_EMAIL = "admin@e2e.local";
export const ADMIN_PASSWORD = "e2e-password-123";

/** A new customer on the demo page writes `text` (topic "other"); returns the widget's frame. */
export async function customerWrites(browser: Browser, text: string): Promise<FrameLocator> {
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill(text);
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-testid=message][data-author=customer]")).toHaveAttribute(
    "data-status",
    /sent|delivered|read/,
  );
  return widget;
}

/** Picks the widget's topic before the first message ("other" asks for no facts). */
export async function pickTopic(widget: FrameLocator, key = "other"): Promise<void> {
  await widget.getByTestId("intake-category").selectOption(key);
}

/** RFC 4648 base32 → bytes. */
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of `secret` for time step `step`. */
export function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return n.toString().padStart(6, "0");
}

// What the suite learnt about accounts, kept next to the server's data (which
// serve.sh starts fresh) so a restarted worker still knows the second factors.
const STATE_FILE = ".data/e2e-accounts.json";
type Saved = Awaited<ReturnType<BrowserContext["storageState"]>>;
const loaded = existsSync(STATE_FILE) ? JSON.parse(readFileSync(STATE_FILE, "utf8")) : {};
const secrets = new Map<string, string>(Object.entries(loaded.secrets ?? {}));
const usedSteps = new Map<string, number>(Object.entries(loaded.usedSteps ?? {}));
const sessions = new Map<string, Saved>(Object.entries(loaded.sessions ?? {}));
function persist(): void {
  writeFileSync(
    STATE_FILE,
    JSON.stringify({
      secrets: Object.fromEntries(secrets),
      usedSteps: Object.fromEntries(usedSteps),
      sessions: Object.fromEntries(sessions),
    }),
  );
}

/** A code the server has not seen for `email` yet (each step is accepted once). */
async function freshCode(email: string): Promise<string> {
  const secret = secrets.get(email);
  if (!secret) throw new Error(`no second factor known for ${email}`);
  for (;;) {
    // The server accepts one step either side of now, each step once.
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, (usedSteps.get(email) ?? -1) + 1);
    if (step <= now + 1) {
      usedSteps.set(email, step);
      persist();
      return totpAt(secret, step);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Remembers a second factor set up during a test (so later sign-ins can use it). */
export function rememberSecondFactor(email: string, secret: string, step: number): void {
  secrets.set(email, secret);
  usedSteps.set(email, step);
  persist();
}

/** Signs in on `page` through the real forms, enrolling or entering a code when asked
 * (on the Parley at `base`: the tests' own, unless a test started another). */
export async function signIn(page: Page, email: string, password: string, base = APP): Promise<void> {
  await page.goto(`${base}/desk`);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  const list = page.getByTestId("conversation-list");
  const code = page.getByTestId("mfa-code");
  const enrol = page.getByTestId("totp-code");
  await expect(list.or(code).or(enrol)).toBeAttached();
  if ((await enrol.count()) > 0) {
    // A role that must use a second factor: scan (read) the key, prove it.
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    const step = Math.floor(Date.now() / 30_000);
    rememberSecondFactor(email, secret, step);
    await enrol.fill(totpAt(secret, step));
    await page.getByTestId("totp-submit").click();
    await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
    await page.getByTestId("continue-to-desk").click();
  } else if ((await code.count()) > 0) {
    await code.fill(await freshCode(email));
    await page.getByTestId("mfa-submit").click();
  }
  await expect(list).toBeAttached();
}

/**
 * A desk page in its own browser context, signed in (as the admin unless
 * told). The first sign-in of an account goes through the forms (and the
 * second factor where the role requires it); later desks of the same account
 * reuse its session cookie, as a second tab of the same person would.
 */
export async function signedInDesk(browser: Browser, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<Page> {
  const saved = sessions.get(email);
  const ctx = await browser.newContext(saved ? { storageState: saved } : {});
  const desk = await ctx.newPage();
  let signedIn = false;
  if (saved) {
    await desk.goto(`${APP}/desk`);
    const list = desk.getByTestId("conversation-list");
    await expect(list.or(desk.getByTestId("login-email"))).toBeAttached();
    signedIn = (await list.count()) > 0;
  }
  if (!signedIn) {
    await signIn(desk, email, password);
    sessions.set(email, await ctx.storageState());
    persist();
  }
  await expect(desk.getByTestId("conversation-list")).toBeAttached();
  await expect(desk.locator(".desk-header [data-online='true']")).toBeAttached();
  return desk;
}

/**
 * axe-core's WCAG 2.2 A/AA and best-practice rules over `page`, the widget's
 * frame included: fails listing every violation (rule, impact, elements).
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const found = result.violations.map(
    (v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(found, `accessibility of ${what}`).toEqual([]);
}

/**
 * Every visible field in `scope` (a page or the widget's frame) has text of
 * at least 16 CSS px: smaller makes phones zoom in when it takes focus.
 */
export async function expectFieldsAtLeast16px(scope: { locator(selector: string): Locator }, what: string): Promise<void> {
  const small = await scope
    .locator("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea")
    .evaluateAll((fields) =>
      fields
        .filter((f) => (f as HTMLElement).offsetParent !== null)
        .map((f) => ({ field: f.getAttribute("data-testid") ?? f.id ?? f.tagName, px: parseFloat(getComputedStyle(f).fontSize) }))
        .filter((f) => f.px < 16)
        .map((f) => `${f.field}: ${f.px}px`),
    );
  expect(small, `fields under 16px in ${what}`).toEqual([]);
}

/**
 * WCAG 1.4.10 reflow: at the current width nothing in `scope` (a page or the
 * widget's frame) needs horizontal scrolling, except tables and the
 * message history, which scroll by design.
 */
export async function expectNoSidewaysScroll(scope: { locator(selector: string): Locator }, what: string): Promise<void> {
  const overflow = await scope.locator("html").evaluate((html) => ({
    page: html.scrollWidth - html.clientWidth,
    wide: [...html.querySelectorAll("body *")]
      .filter((el) => !el.closest(".table-scroll") && el.getBoundingClientRect().right > html.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`),
  }));
  expect(overflow, `sideways scrolling in ${what}`).toEqual({ page: 0, wide: [] });
}

/** The admin adds `email` (name, password, role) on the staff page; the new account's card and id. */
export async function createStaff(
  admin: Page,
  name: string,
  email: string,
  password: string,
  role: string,
): Promise<{ card: Locator; id: string }> {
  await admin.goto(`${APP}/desk/staff`);
  const form = admin.getByTestId("new-agent-form");
  await form.locator("input[name=name]").fill(name);
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=password]").fill(password);
  await form.locator("select[name=role]").selectOption(role);
  await admin.getByTestId("new-agent-save").click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();
  const card = admin.getByTestId("staff-agent").filter({ hasText: email });
  return { card, id: (await card.getAttribute("data-agent-id"))! };
}
