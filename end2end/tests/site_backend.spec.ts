import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Browser } from "@playwright/test";
import { APP } from "../playwright.config";
import { signedInDesk, test } from "./helpers";

// Issue 19: the example shop (examples/shop/shop.mjs, its own process,
// port and origin) joins Parley. The admin connects it at the desk (API
// key, webhook, order lookup, identity secret); a proactive notice from its
// back office reaches the signed-in customer's open page live with the
// unread badge; "Track my order" shows the journey in the widget and the
// case panel; webhooks reach the shop signed, once, also after its
// receiver was down. (After a Parley restart too: site_backend_restart.spec.ts,
// with a Parley of its own.)

/** The example shop (`examples/shop/shop.mjs`), its own process and port. */
class Shop {
  proc: ChildProcess | null = null;
  port = 0;
  origin = "";
  data = mkdtempSync(join(tmpdir(), "shop-"));

  async reserve(): Promise<void> {
    this.port = await freePort();
    this.origin = `http://127.0.0.1:${this.port}`;
  }

  async start(env: Record<string, string>): Promise<void> {
    this.proc = spawn(process.execPath, [join(__dirname, "../../examples/shop/shop.mjs")], {
      env: { ...process.env, ...env, PARLEY_URL: APP, SHOP_PORT: String(this.port), SHOP_DATA: this.data },
      stdio: "inherit",
    });
    await expect.poll(async () => (await fetch(`${this.origin}/webhooks.json`).catch(() => null))?.status ?? 0).toBe(200);
  }

  async received(): Promise<{ received: { id: string; event: string; data: any }[]; repeats: number }> {
    return (await fetch(`${this.origin}/webhooks.json`)).json();
  }

  async receiver(up: boolean): Promise<void> {
    await fetch(`${this.origin}/admin/receiver?up=${up ? 1 : 0}`, { method: "POST" });
  }

  stop(): void {
    this.proc?.kill();
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const shop = new Shop();
const secrets: Record<string, string> = {};

/** The shop's back office sends a proactive notice through Parley's API. */
async function sendNotice(browser: Browser): Promise<void> {
  const office = await (await browser.newContext()).newPage();
  await office.goto(`${shop.origin}/admin`);
  await office.getByTestId("shop-notify").click();
  await expect(office.getByTestId("shop-note")).toContainText("Parley answered 201");
  await office.context().close();
}

test.describe.serial("a shop's back-end (examples/shop)", () => {
  test.beforeAll(async () => shop.reserve());
  test.afterAll(async () => shop.stop());

  test("the admin connects the shop: key, webhook, order lookup, identity", async ({ browser }) => {
    const admin = await signedInDesk(browser);
    // The shop's pages may embed the demo site.
    await admin.goto(`${APP}/desk/sites?site=demo`);
    const origins = admin.getByTestId("site-origins");
    const before = await origins.inputValue();
    await origins.fill(`${before}\n${shop.origin}`.trim());
    await admin.getByTestId("site-save").click();
    await expect(admin.getByTestId("sites-saved")).toHaveAttribute("data-saved", "settings");

    // An identity secret: the shop vouches for its signed-in customer.
    await admin.goto(`${APP}/desk/security`);
    const privacy = admin.getByTestId("privacy-demo");
    await privacy.locator("#privacy-demo-new").check();
    await privacy.getByTestId("privacy-demo-save").click();
    secrets.PARLEY_IDENTITY_SECRET = (await admin.getByTestId("privacy-demo-secret").textContent())!.trim();

    // A write key (the page's form works once it is hydrated: reached
    // from the desk, as a person would).
    await admin.goto(`${APP}/desk`);
    await expect(admin.locator(".desk-header [data-online='true']")).toBeAttached();
    await admin.getByTestId("api-keys-link").click();
    await expect(admin).toHaveURL(/\/desk\/api-keys$/);
    await admin.getByTestId("api-key-name").fill("Northwind back-end");
    await admin.getByTestId("api-key-scope").selectOption("write");
    await admin.getByTestId("api-key-create").click();
    secrets.PARLEY_API_KEY = (await admin.getByTestId("api-key-created").textContent())!.trim();
    expect(secrets.PARLEY_API_KEY).toMatch(/^pk_/);
    await expect(admin.getByTestId("api-docs-link")).toHaveAttribute("href", "/api/v1/docs");

    // A webhook for messages; the order lookup.
    await admin.goto(`${APP}/desk/webhooks`);
    await admin.getByTestId("webhook-url").fill(`${shop.origin}/webhooks`);
    for (const box of await admin.getByTestId("webhook-event").all()) {
      if ((await box.getAttribute("value")) !== "message.created") await box.uncheck();
    }
    await admin.getByTestId("webhook-add").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "added");
    const endpoint = admin.getByTestId("webhook").filter({ hasText: `${shop.origin}/webhooks` });
    secrets.PARLEY_WEBHOOK_SECRET = (await endpoint.getByTestId("webhook-secret").textContent())!.trim();
    expect(secrets.PARLEY_WEBHOOK_SECRET).toMatch(/^whsec_/);
    await admin.getByTestId("lookup-url").fill(`${shop.origin}/orders`);
    await admin.getByTestId("lookup-save").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "lookup");
    secrets.PARLEY_LOOKUP_SECRET = (await admin.getByTestId("lookup-secret").textContent())!.trim();
    // A malformed endpoint is refused with its reason.
    await admin.getByTestId("webhook-url").fill("ftp://shop.example/hooks");
    await admin.getByTestId("webhook-add").click();
    await expect(admin.getByTestId("webhook-error")).toHaveAttribute("data-code", "webhook_url_invalid");
    await admin.context().close();
    await shop.start(secrets);
  });

  test("a proactive notice reaches the signed-in customer live, with the unread badge", async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(shop.origin);
    await expect(page.getByTestId("launcher")).toBeVisible();
    // A signed-in customer's widget loads at once (hidden): notices arrive live.
    const widget = page.frameLocator("iframe");
    await expect(widget.locator("[data-online='true']")).toBeAttached();
    await sendNotice(browser);
    const badge = page.getByTestId("unread-badge");
    await expect(badge).toHaveText("1");
    await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", /\(1\)/);
    await page.getByTestId("launcher").click();
    const notice = widget.locator("[data-testid=message][data-author=bot]");
    await expect(notice).toContainText("held in customs");
    await expect(notice).toContainText("Northwind shipping");
    await expect(badge).toBeHidden();
    // Sent again from the back office: the idempotency key keeps it one message.
    await sendNotice(browser);
    await expect(notice).toHaveCount(1);

    // "Track my order": the journey, newest first, in the customer's language.
    await widget.getByTestId("track-open").click();
    await widget.getByTestId("track-order").fill("NW-10452");
    await widget.getByTestId("track-submit").click();
    const steps = widget.getByTestId("track-step");
    await expect(steps).toHaveCount(3);
    await expect(steps.first()).toHaveAttribute("data-kind", "customs");
    await expect(steps.first()).toContainText("In customs");
    await expect(steps.first()).toContainText("Leipzig, DE");
    // Another customer's order, or none: not found.
    await widget.getByTestId("track-order").fill("NW-00000");
    await widget.getByTestId("track-submit").click();
    await expect(widget.locator("[data-code=tracking_not_found]")).toBeVisible();

    // The customer answers: the webhook arrives signed (the shop checks it), once.
    await widget.getByTestId("composer-input").fill("Thanks! Where exactly is it?");
    await widget.getByTestId("composer-send").click();
    const answered = async () =>
      (await shop.received()).received.filter((r) => r.data?.message?.body === "Thanks! Where exactly is it?").length;
    await expect.poll(answered).toBe(1);

    // The agent sees the notice in the conversation and looks the order up.
    const desk = await signedInDesk(browser);
    const item = desk.getByTestId("conversation-item").filter({ hasText: "Where exactly is it?" });
    await item.getByRole("button").click();
    await expect(desk.locator("[data-testid=message][data-author=bot]")).toContainText("held in customs");
    await desk.getByTestId("case-track-order").fill("NW-10452");
    await desk.getByTestId("case-track-submit").click();
    await expect(desk.getByTestId("case-track-step")).toHaveCount(3);
    await expect(desk.getByTestId("case-track-eta")).toContainText(/Expected: .*2026/);
    await desk.context().close();
    await page.context().close();
  });

  test("webhooks missed while the shop's receiver is down arrive once when it is back", async ({ browser }) => {
    await shop.receiver(false);
    const page = await (await browser.newContext()).newPage();
    await page.goto(shop.origin);
    await page.getByTestId("launcher").click();
    const widget = page.frameLocator("iframe");
    await widget.getByTestId("composer-input").fill("Is the second parcel on time?");
    await widget.getByTestId("composer-send").click();
    const admin = await signedInDesk(browser);
    await admin.goto(`${APP}/desk/webhooks`);
    const endpoint = admin.getByTestId("webhook").filter({ hasText: `${shop.origin}/webhooks` });
    // The delivery log shows the failed attempt with the receiver's answer.
    await expect
      .poll(async () => {
        await admin.reload();
        return endpoint.getByTestId("webhook-delivery").first().getAttribute("data-status");
      })
      .toBe("503");
    await shop.receiver(true);
    const ofIt = async () =>
      (await shop.received()).received.filter((r) => r.data?.message?.body === "Is the second parcel on time?").length;
    // The first retry comes 10 s after the failed attempt.
    await expect.poll(ofIt, { timeout: 30_000 }).toBe(1);
    await admin.reload();
    await expect(endpoint.getByTestId("webhook-delivery").first()).toHaveAttribute("data-state", "delivered");

    // "Send again" delivers the same event; the shop acknowledges the repeat
    // and still has it once.
    const repeatsBefore = (await shop.received()).repeats;
    await endpoint.getByTestId("webhook-delivery").first().getByTestId("webhook-redeliver").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "redelivered");
    await expect.poll(async () => (await shop.received()).repeats).toBe(repeatsBefore + 1);
    expect(await ofIt()).toBe(1);
    await admin.context().close();
    await page.context().close();
  });
});
