import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { APP } from "../playwright.config";
import { signedInDesk } from "./helpers";

// Issue 19: a shop's back-end joins Parley. It serves a page with the
// widget for a signed-in customer, answers Parley's order lookups and
// receives its webhooks (all from this test's own server, on its own
// origin); the admin connects it at the desk (API key, webhook, lookup,
// identity secret); a proactive notice from the back-end reaches the open
// page live with the unread badge; "Track my order" shows the journey.

interface Delivery {
  event: string;
  id: string;
  signature: string;
  body: string;
}

/** The shop's side: page, order lookup, webhook receiver. */
class Shop {
  server!: Server;
  origin = "";
  snippet = "";
  deliveries: Delivery[] = [];
  lookups: Record<string, unknown>[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = req.url ?? "/";
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (url === "/hooks") {
          this.deliveries.push({
            event: String(req.headers["parley-event"]),
            id: String(req.headers["parley-event-id"]),
            signature: String(req.headers["parley-signature"]),
            body,
          });
          res.writeHead(204).end();
        } else if (url === "/orders") {
          const q = JSON.parse(body);
          this.lookups.push(q);
          if (q.order !== "NW-10452") {
            res.writeHead(404).end();
            return;
          }
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              order: "NW-10452",
              carrier: "DHL",
              steps: [
                { status: "accepted", at: "2026-11-25T09:00:00Z", place: "Shenzhen, CN" },
                { status: "in_transit", at: "2026-11-27T15:30:00Z", place: "Frankfurt, DE" },
                { status: "customs", at: "2026-11-28T08:00:00Z", place: "Leipzig, DE", detail: "Held for import duties" },
              ],
            }),
          );
        } else if (url.startsWith("/favicon")) {
          res.writeHead(204).end();
        } else {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Northwind</title></head>
<body><h1>Northwind Goods</h1><p>Signed in as Mia.</p>${this.snippet}</body></html>`);
        }
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const shop = new Shop();
let apiKey = "";
let hookSecret = "";

/** A form post from the admin's signed-in page (its cookie and CSRF token). */
async function adminPost(admin: Page, path: string, form: Record<string, string>): Promise<string> {
  const me = await (await admin.request.get(`${APP}/api/auth/me`)).json();
  const resp = await admin.request.post(`${APP}${path}`, {
    form: { ...form, _csrf: me.csrf },
    headers: { origin: APP },
    maxRedirects: 0,
  });
  return resp.headers()["location"] ?? String(resp.status());
}

async function adminPage(browser: Browser): Promise<Page> {
  return signedInDesk(browser);
}

test.describe.serial("a shop's back-end", () => {
  test.beforeAll(async () => shop.start());
  test.afterAll(async () => shop.stop());

  test("the admin connects the back-end: key, webhook, order lookup, identity", async ({ browser }) => {
    const admin = await adminPage(browser);
    // The shop's page may embed the demo site.
    await admin.goto(`${APP}/desk/sites?site=demo`);
    const origins = admin.getByTestId("site-origins");
    const before = await origins.inputValue();
    await origins.fill(`${before}\n${shop.origin}`.trim());
    await admin.getByTestId("site-save").click();
    await expect(admin.getByTestId("sites-saved")).toHaveAttribute("data-saved", "settings");

    // An identity secret: the back-end signs its signed-in user.
    await admin.goto(`${APP}/desk/security`);
    const privacy = admin.getByTestId("privacy-demo");
    await privacy.locator("#privacy-demo-new").check();
    await privacy.getByTestId("privacy-demo-save").click();
    const idSecret = (await admin.getByTestId("privacy-demo-secret").textContent())!.trim();
    const hash = createHmac("sha256", idSecret).update("mia-7").digest("hex");
    shop.snippet = `<script src="${APP}/embed.js" data-site="demo" data-user-id="mia-7" data-user-hash="${hash}" async></script>`;

    // A write key.
    await admin.goto(`${APP}/desk/api-keys`);
    await admin.getByTestId("api-key-name").fill("Northwind back-end");
    await admin.getByTestId("api-key-scope").selectOption("write");
    await admin.getByTestId("api-key-create").click();
    apiKey = (await admin.getByTestId("api-key-created").textContent())!.trim();
    expect(apiKey).toMatch(/^pk_/);
    await expect(admin.getByTestId("api-docs-link")).toHaveAttribute("href", "/api/v1/docs");

    // A webhook for messages; the order lookup.
    await admin.goto(`${APP}/desk/webhooks`);
    await admin.getByTestId("webhook-url").fill(`${shop.origin}/hooks`);
    for (const box of await admin.getByTestId("webhook-event").all()) {
      if ((await box.getAttribute("value")) !== "message.created") await box.uncheck();
    }
    await admin.getByTestId("webhook-add").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "added");
    const endpoint = admin.getByTestId("webhook").filter({ hasText: `${shop.origin}/hooks` });
    hookSecret = (await endpoint.getByTestId("webhook-secret").textContent())!.trim();
    expect(hookSecret).toMatch(/^whsec_/);
    await admin.getByTestId("lookup-url").fill(`${shop.origin}/orders`);
    await admin.getByTestId("lookup-save").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "lookup");
    await expect(admin.getByTestId("lookup-secret")).toContainText("whsec_");
    // An internal address for another endpoint is refused by default only
    // when the operator has not allowed it (this run allows it): a
    // malformed one is always refused, with its reason.
    await admin.getByTestId("webhook-url").fill("ftp://shop.example/hooks");
    await admin.getByTestId("webhook-add").click();
    await expect(admin.getByTestId("webhook-error")).toHaveAttribute("data-code", "webhook_url_invalid");
  });

  test("a proactive notice reaches the signed-in customer live, with the unread badge", async ({ browser, request }) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(shop.origin);
    await expect(page.getByTestId("launcher")).toBeVisible();
    // A signed-in user's widget loads at once (hidden), so notices arrive live.
    const widget = page.frameLocator("iframe");
    await expect(widget.locator("[data-online='true']")).toBeAttached();
    const sent = await request.post(`${APP}/api/v1/customers/mia-7/messages`, {
      headers: { authorization: `Bearer ${apiKey}`, "idempotency-key": "customs-NW-10452" },
      data: {
        body: "Your parcel NW-10452 is held in customs in Germany: 3-5 days more. Here is a 5% coupon: SORRY5.",
        as: { bot: { name: "Northwind shipping" } },
      },
    });
    expect(sent.status()).toBe(201);
    const posted = await sent.json();
    expect(posted.opened).toBe(true);
    const badge = page.getByTestId("unread-badge");
    await expect(badge).toHaveText("1");
    await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", /\(1\)/);
    await page.getByTestId("launcher").click();
    const notice = widget.locator("[data-testid=message][data-author=bot]");
    await expect(notice).toContainText("held in customs");
    await expect(notice).toContainText("Northwind shipping");
    await expect(badge).toBeHidden();
    // The same request again is the same message (idempotency), not a second one.
    const again = await request.post(`${APP}/api/v1/customers/mia-7/messages`, {
      headers: { authorization: `Bearer ${apiKey}`, "idempotency-key": "customs-NW-10452" },
      data: {
        body: "Your parcel NW-10452 is held in customs in Germany: 3-5 days more. Here is a 5% coupon: SORRY5.",
        as: { bot: { name: "Northwind shipping" } },
      },
    });
    expect(again.headers()["idempotent-replayed"]).toBe("true");
    await expect(notice).toHaveCount(1);

    // The customer answers: a message.created webhook, signed, arrives.
    await widget.getByTestId("composer-input").fill("Thanks! Where exactly is it?");
    await widget.getByTestId("composer-send").click();
    await expect
      .poll(() => shop.deliveries.filter((d) => d.body.includes("Where exactly is it?")).length)
      .toBe(1);
    const d = shop.deliveries.find((x) => x.body.includes("Where exactly is it?"))!;
    expect(d.event).toBe("message.created");
    const [t, v1] = d.signature.split(",").map((p) => p.split("=")[1]);
    expect(createHmac("sha256", hookSecret).update(`${t}.${d.body}`).digest("hex")).toBe(v1);

    // "Track my order": the journey, newest first, in the customer's language.
    await widget.getByTestId("track-open").click();
    await widget.getByTestId("track-order").fill("NW-10452");
    await widget.getByTestId("track-submit").click();
    const steps = widget.getByTestId("track-step");
    await expect(steps).toHaveCount(3);
    await expect(steps.first()).toHaveAttribute("data-kind", "customs");
    await expect(steps.first()).toContainText("In customs");
    await expect(steps.first()).toContainText("Leipzig, DE");
    expect(shop.lookups.at(-1)).toMatchObject({ order: "NW-10452", user_id: "mia-7", requested_by: "customer" });
    // An unknown order says so.
    await widget.getByTestId("track-order").fill("NW-00000");
    await widget.getByTestId("track-submit").click();
    await expect(widget.locator("[data-code=tracking_not_found]")).toBeVisible();

    // The agent sees the conversation and looks the order up from the case panel.
    const desk = await signedInDesk(browser);
    const item = desk.getByTestId("conversation-item").filter({ hasText: "Where exactly is it?" });
    await item.getByRole("button").click();
    await expect(desk.locator("[data-testid=message][data-author=bot]")).toContainText("held in customs");
    await desk.getByTestId("case-track-order").fill("NW-10452");
    await desk.getByTestId("case-track-submit").click();
    await expect(desk.getByTestId("case-track-step")).toHaveCount(3);
    expect(shop.lookups.at(-1)).toMatchObject({ order: "NW-10452", requested_by: "staff" });
    await desk.context().close();
    await page.context().close();
  });

  test("the webhook log shows each delivery and sends one again", async ({ browser }) => {
    const admin = await adminPage(browser);
    await admin.goto(`${APP}/desk/webhooks`);
    const endpoint = admin.getByTestId("webhook").filter({ hasText: `${shop.origin}/hooks` });
    const row = endpoint.getByTestId("webhook-delivery").first();
    await expect(row).toHaveAttribute("data-state", "delivered");
    await expect(row).toHaveAttribute("data-status", "204");
    const before = shop.deliveries.length;
    await row.getByTestId("webhook-redeliver").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "redelivered");
    await expect.poll(() => shop.deliveries.length).toBe(before + 1);
    // The same event: receivers deduplicate by its id.
    expect(shop.deliveries.at(-1)!.id).toBe(shop.deliveries[before - 1].id);
    // Removing the endpoint stops it.
    await admin.getByTestId("webhook").filter({ hasText: `${shop.origin}/hooks` }).getByTestId("webhook-remove").click();
    await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "removed");
    await admin.context().close();
  });
});
