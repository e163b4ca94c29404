import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Browser, type Page } from "@playwright/test";
import { APP } from "../playwright.config";
import { signedInDesk, test } from "./helpers";

// Issue 15: a business puts Parley on its own site. The admin creates the
// site on /desk/sites and allows the origin of a host page this test serves
// itself (its own port: a genuinely different origin from Parley), pastes the
// snippet there, and customers chat from it. A second host page, whose
// origin is not allowed, gets nothing.

/** A static host page server: `/` is the page, with `snippet` and `head` in it. */
class HostPage {
  server!: Server;
  origin = "";
  snippet = "";
  head = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if ((req.url ?? "/").startsWith("/favicon")) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Acme Goods</title>
<style>
  /* Hostile host styles: none of this may reach the launcher or the widget. */
  * { font-family: "Comic Sans MS", cursive !important; }
  button { background: #c00 !important; color: #ff0 !important; width: 300px !important; }
  iframe { border: 10px dashed #c00 !important; }
  div { position: static !important; }
</style>
${this.head}
</head><body><h1>Acme Goods</h1><p>A shop on its own origin.</p>
${this.snippet}
</body></html>`);
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const shop = new HostPage();
const stranger = new HostPage();
let key = "";
let secret = "";

/** The API calls and events a host page's script saw (recorded by the page itself). */
const RECORDER = `<script>
  window.seen = [];
  window.Parley = window.Parley || [];
  for (const name of ["open", "close", "message", "unread"]) {
    Parley.push(["on", name, (arg) => window.seen.push(name + ":" + (name === "unread" ? arg : name === "message" ? arg.seq > 0 : ""))]);
  }
  Parley.push(["open"]);
</script>`;

async function adminPage(browser: Browser): Promise<Page> {
  return signedInDesk(browser);
}

test.describe.serial("a business's own site", () => {
  test.beforeAll(async () => {
    await shop.start();
    await stranger.start();
  });
  test.afterAll(async () => {
    await shop.stop();
    await stranger.stop();
  });

  test("an admin adds a site, allows the shop's origin and brands the launcher", async ({ browser }) => {
    const admin = await adminPage(browser);
    await admin.getByTestId("sites-link").click();
    await expect(admin).toHaveURL(/\/desk\/sites$/);
    await admin.getByTestId("site-name").fill("Acme Goods");
    await admin.getByTestId("site-create").click();
    await expect(admin.getByTestId("sites-saved")).toHaveAttribute("data-saved", "created");
    key = (await admin.getByTestId("site-key").textContent())!.trim();
    await expect(admin.getByTestId("sites-list").locator(`[data-site="${key}"]`)).toContainText("Acme Goods");

    // A malformed origin is refused, naming it.
    await admin.getByTestId("site-origins").fill(`${shop.origin}\nhttp://shop.acme.example`);
    await admin.getByTestId("site-save").click();
    await expect(admin.getByTestId("sites-error")).toHaveAttribute("data-code", "origin_invalid");
    await expect(admin.getByTestId("sites-error-field")).toHaveText("http://shop.acme.example");
    // A colour too light for white text is refused.
    await admin.getByTestId("site-origins").fill(shop.origin);
    await admin.getByTestId("site-accent").fill("#ffeb3b");
    await admin.getByTestId("site-save").click();
    await expect(admin.getByTestId("sites-error")).toHaveAttribute("data-code", "contrast_too_low");

    await admin.getByTestId("site-origins").fill(shop.origin);
    await admin.getByTestId("site-accent").fill("#0b5d1e");
    await admin.getByTestId("site-position").selectOption("start");
    await admin.getByTestId("launcher-en").fill("Ask Acme");
    await admin.getByTestId("site-save").click();
    await expect(admin.getByTestId("sites-saved")).toHaveAttribute("data-saved", "settings");
    await expect(admin.getByTestId("site-origins")).toHaveValue(shop.origin);
    await expect(admin.getByTestId("launcher-missing-de")).toBeVisible();

    // Staff of the site: a new account works for every site (ticked). It
    // leaves this site (keeping the others), then joins it again.
    await admin.goto(`${APP}/desk/staff`);
    const newAgent = admin.getByTestId("new-agent-form");
    await newAgent.locator("input[name=name]").fill("Ines");
    await newAgent.locator("input[name=email]").fill("ines@e2e.local");
    await newAgent.locator("input[name=password]").fill("ines-password-123");
    await admin.getByTestId("new-agent-save").click();
    await expect(admin.getByTestId("staff-saved")).toBeVisible();
    await admin.goto(`${APP}/desk/sites?site=${key}`);
    const ines = admin.getByTestId("site-staff").locator("li").filter({ hasText: "ines@e2e.local" });
    const id = (await ines.locator("input[type=checkbox]").getAttribute("data-testid"))!;
    await expect(admin.getByTestId(id)).toBeChecked();
    await admin.getByTestId(id).uncheck();
    await admin.getByTestId("site-staff-save").click();
    await expect(admin.getByTestId("sites-saved")).toHaveAttribute("data-saved", "staff");
    await expect(admin.getByTestId(id)).not.toBeChecked();
    await admin.getByTestId(id).check();
    await admin.getByTestId("site-staff-save").click();
    await expect(admin.getByTestId("sites-saved")).toHaveAttribute("data-saved", "staff");
    await expect(admin.getByTestId(id)).toBeChecked();

    // The snippet, copied as a site owner would.
    const snippet = (await admin.getByTestId("site-snippet").textContent())!;
    expect(snippet).toBe(`<script src="${APP}/embed.js" data-site="${key}" async></script>`);
    shop.snippet = snippet;
    stranger.snippet = snippet;

    // An identity secret for the site, for its back-end (security page).
    await admin.goto(`${APP}/desk/security`);
    const form = admin.getByTestId(`privacy-${key}`);
    await form.locator(`#privacy-${key}-new`).check();
    await form.getByTestId(`privacy-${key}-save`).click();
    secret = (await admin.getByTestId(`privacy-${key}-secret`).textContent())!.trim();
    expect(secret).toHaveLength(64);
  });

  test("customers chat from the shop's own page, in the site's colours, hostile CSS kept out", async ({ browser }) => {
    const customer = await (await browser.newContext()).newPage();
    await customer.goto(shop.origin);
    const launcher = customer.getByTestId("launcher");
    await expect(launcher).toBeVisible();
    await expect(launcher).toHaveAttribute("aria-label", "Ask Acme");
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(11, 93, 30)");
    expect(await launcher.evaluate((el) => getComputedStyle(el).width)).toBe("56px");
    // Bottom left (start), not the default bottom right.
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBeLessThan(100);
    expect(box.y).toBeGreaterThan((customer.viewportSize()!.height) - 120);

    await launcher.click();
    const widget = customer.frameLocator("iframe");
    await expect(widget.locator("[data-online='true']")).toBeAttached();
    // The widget's own accent (its send button), not the host's red.
    await widget.getByTestId("composer-input").fill("Is the blue kettle in stock?");
    expect(await widget.getByTestId("composer-send").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      "rgb(11, 93, 30)",
    );
    expect(await widget.getByTestId("composer-input").evaluate((el) => getComputedStyle(el).fontFamily)).not.toContain(
      "Comic",
    );
    await widget.getByTestId("composer-send").click();
    const mine = widget.locator("[data-testid=message][data-author=customer]");
    await expect(mine).toHaveAttribute("data-status", /sent|delivered|read/);

    const desk = await signedInDesk(browser);
    const item = desk.getByTestId("conversation-item").filter({ hasText: "blue kettle" });
    await expect(item).toBeVisible();
    await item.getByRole("button").click();
    await desk.getByTestId("reply-input").fill("Yes, 14 left.");
    await desk.getByTestId("reply-send").click();
    await expect(widget.locator("[data-testid=message][data-author=agent]")).toContainText("14 left");
    await expect(mine).toHaveAttribute("data-status", "read");
  });

  test("on a right-to-left page the launcher's position is mirrored", async ({ browser }) => {
    shop.head = `<script>document.documentElement.dir = "rtl";</script>`;
    const page = await (await browser.newContext()).newPage();
    await page.goto(shop.origin);
    const box = (await page.getByTestId("launcher").boundingBox())!;
    // "start" is bottom left on left-to-right pages, so bottom right here.
    expect(box.x).toBeGreaterThan(page.viewportSize()!.width - 100);
    shop.head = "";
  });

  test("a page whose origin the site does not allow gets no widget, and the console says why", async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    const warnings: string[] = [];
    page.on("console", (m) => warnings.push(m.text()));
    await page.goto(stranger.origin);
    await expect.poll(() => warnings.join("\n")).toContain(`does not allow ${stranger.origin}`);
    await expect(page.getByTestId("launcher")).toHaveCount(0);
    // Framing the widget by hand is refused by the browser (frame-ancestors)…
    await page.evaluate(
      ({ app, key }) => {
        const f = document.createElement("iframe");
        f.src = `${app}/widget?site=${key}`;
        f.id = "forced";
        document.body.appendChild(f);
      },
      { app: APP, key },
    );
    await page.waitForTimeout(1500);
    await expect(page.frameLocator("#forced").getByTestId("composer-input")).toHaveCount(0);
    // …and so is the visitor socket from this origin.
    const outcome = await page.evaluate(
      ({ app, key }) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(app.replace("http", "ws") + "/ws/visitor");
          ws.onopen = () => ws.send(JSON.stringify({ type: "hello", v: 1, site: key, last_seq: 0 }));
          ws.onmessage = (e) => resolve("answered: " + e.data);
          ws.onerror = () => resolve("refused");
          ws.onclose = () => resolve("refused");
        }),
      { app: APP, key },
    );
    expect(outcome).toBe("refused");
  });

  test("the host page's script drives the widget and hears its events", async ({ browser }) => {
    shop.head = RECORDER;
    const page = await (await browser.newContext()).newPage();
    await page.goto(shop.origin);
    // `open` was queued before embed.js loaded.
    const frame = page.locator("iframe");
    await expect(frame).toBeVisible();
    await expect.poll(() => page.evaluate(() => (window as any).seen)).toEqual(["open:"]);
    await page.evaluate(() => (window as any).Parley.close());
    await expect(frame).toBeHidden();
    await page.evaluate(() => (window as any).Parley.toggle());
    await expect(frame).toBeVisible();
    await page.evaluate(() => (window as any).Parley.toggle());
    await expect(frame).toBeHidden();
    expect(await page.evaluate(() => (window as any).seen)).toEqual(["open:", "close:", "open:", "close:"]);
    // setLocale: the launcher and the widget switch language.
    await page.evaluate(() => (window as any).Parley.setLocale("de"));
    await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", "Chatten Sie mit uns");
    await page.evaluate(() => (window as any).Parley.open());
    const widget = page.frameLocator("iframe");
    await expect(widget.getByTestId("composer-send")).toHaveText("Senden");

    // A reply while the widget is closed: the message event, the unread badge.
    await widget.getByTestId("composer-input").fill("Ist der Wasserkocher auch in Rot da?");
    await widget.getByTestId("composer-send").click();
    await expect(widget.locator("[data-testid=message][data-author=customer]")).toHaveAttribute(
      "data-status",
      /sent|delivered|read/,
    );
    await page.evaluate(() => (window as any).Parley.close());
    const badge = page.getByTestId("unread-badge");
    await expect(badge).toBeHidden();
    const desk = await signedInDesk(browser);
    const item = desk.getByTestId("conversation-item").filter({ hasText: "Wasserkocher" });
    await item.getByRole("button").click();
    await desk.getByTestId("reply-input").fill("Ja, in Rot auch.");
    await desk.getByTestId("reply-send").click();
    await expect(badge).toBeVisible();
    await expect(badge).toHaveText("1");
    await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", "Chatten Sie mit uns (1)");
    await desk.getByTestId("reply-input").fill("Und in Blau.");
    await desk.getByTestId("reply-send").click();
    await expect(badge).toHaveText("2");
    await page.getByTestId("launcher").click();
    await expect(badge).toBeHidden();
    const seen: string[] = await page.evaluate(() => (window as any).seen);
    expect(seen.slice(4)).toEqual(["open:", "close:", "message:true", "unread:1", "message:true", "unread:2", "unread:0", "open:"]);
    shop.head = "";
  });

  test("a verified user is one customer on two browsers; logout forgets them", async ({ browser }) => {
    const hash = createHmac("sha256", secret).update("acme-user-7").digest("hex");
    shop.head = `<script>window.Parley = window.Parley || [];</script>`;
    // Browser one: the shop's sign-in happens after the page loaded.
    const one = await (await browser.newContext()).newPage();
    await one.goto(shop.origin);
    await one.getByTestId("launcher").click();
    const w1 = one.frameLocator("iframe");
    await expect(w1.locator("[data-online='true']")).toBeAttached();
    await one.evaluate(
      ({ hash }) => (window as any).Parley.identify({ userId: "acme-user-7", hash, name: "Mia Chen", email: "mia@acme.example" }),
      { hash },
    );
    await w1.getByTestId("composer-input").fill("Order A-77 has not arrived");
    await w1.getByTestId("composer-send").click();
    await expect(w1.locator("[data-testid=message][data-author=customer]")).toHaveAttribute(
      "data-status",
      /sent|delivered|read/,
    );
    // The contact form starts from what the shop knows.
    await w1.getByTestId("contact-open").click();
    await expect(w1.getByTestId("contact-name")).toHaveValue("Mia Chen");
    await expect(w1.getByTestId("contact-email")).toHaveValue("mia@acme.example");

    // Browser two, identified before the widget loads: the same history, and it goes on there.
    const two = await (await browser.newContext()).newPage();
    await two.goto(shop.origin);
    await two.evaluate(({ hash }) => (window as any).Parley.identify({ userId: "acme-user-7", hash }), { hash });
    await two.getByTestId("launcher").click();
    const w2 = two.frameLocator("iframe");
    await expect(w2.locator("[data-testid=message]")).toContainText(["Order A-77 has not arrived"]);
    await w2.getByTestId("composer-input").fill("Writing from my laptop now");
    await w2.getByTestId("composer-send").click();
    await expect(w1.locator("[data-testid=message]").filter({ hasText: "laptop" })).toBeVisible();

    // The desk: one customer, verified.
    const desk = await signedInDesk(browser);
    const item = desk.getByTestId("conversation-item").filter({ hasText: "laptop" });
    await expect(item).toHaveCount(1);

    // Logout on browser two: the widget forgets this visitor; reopened, it starts afresh.
    await two.evaluate(() => (window as any).Parley.logout());
    await expect(two.locator("iframe")).toHaveCount(0);
    await two.getByTestId("launcher").click();
    const fresh = two.frameLocator("iframe");
    await expect(fresh.locator("[data-online='true']")).toBeAttached();
    await expect(fresh.getByTestId("composer-input")).toBeVisible();
    await expect(fresh.locator("[data-testid=message]")).toHaveCount(0);
    // After a reload too: the token is gone.
    await two.reload();
    await two.getByTestId("launcher").click();
    await expect(two.frameLocator("iframe").locator("[data-online='true']")).toBeAttached();
    await expect(two.frameLocator("iframe").locator("[data-testid=message]")).toHaveCount(0);
    shop.head = "";
  });
});
