import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "@playwright/test";
import { signIn, test } from "./helpers";

// Issue 19: webhooks reach the example shop exactly once after its
// receiver was down and Parley was killed meanwhile. This test starts a
// Parley of its own (the shared test server must not be killed), on its own
// port and data directory, and an example shop for it.

const ROOT = join(__dirname, "../..");
const EMAIL = "admin@restart.local";
const PASSWORD = "restart-password-123";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function up(url: string): Promise<void> {
  await expect
    .poll(async () => (await fetch(url).catch(() => null))?.status ?? 0, { timeout: 30_000 })
    .toBe(200);
}

const data = mkdtempSync(join(tmpdir(), "parley-restart-"));
let parley: ChildProcess | null = null;
let shop: ChildProcess | null = null;
let base = "";

function startParley(port: number): void {
  parley = spawn(process.env.PARLEY_BIN ?? join(ROOT, "target/debug/parley"), [], {
    cwd: ROOT,
    env: {
      ...process.env,
      PARLEY_ADDR: `127.0.0.1:${port}`,
      PARLEY_DATA_DIR: data,
      DATABASE_URL: `sqlite://${data}/parley.db`,
      PARLEY_ADMIN_EMAIL: EMAIL,
      PARLEY_ADMIN_PASSWORD: PASSWORD,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: "on",
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_SITE_PKG_DIR: "pkg",
      LEPTOS_OUTPUT_NAME: "parley",
    },
    stdio: "ignore",
  });
}

test.afterAll(() => {
  parley?.kill("SIGKILL");
  shop?.kill();
});

test("webhooks missed while the shop was down and Parley restarted arrive once", async ({ browser }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  startParley(port);
  await up(`${base}/healthz`);

  // Its admin adds the shop's receiver for messages.
  const shopPort = await freePort();
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, EMAIL, PASSWORD, base);
  await admin.goto(`${base}/desk/webhooks`);
  await admin.getByTestId("webhook-url").fill(`${shopOrigin}/webhooks`);
  for (const box of await admin.getByTestId("webhook-event").all()) {
    if ((await box.getAttribute("value")) !== "message.created") await box.uncheck();
  }
  await admin.getByTestId("webhook-add").click();
  await expect(admin.getByTestId("webhook-done")).toHaveAttribute("data-what", "added");
  const secret = (await admin.getByTestId("webhook-secret").textContent())!.trim();
  await admin.context().close();
  shop = spawn(process.execPath, [join(ROOT, "examples/shop/shop.mjs")], {
    env: {
      ...process.env,
      PARLEY_URL: base,
      SHOP_PORT: String(shopPort),
      SHOP_DATA: mkdtempSync(join(tmpdir(), "shop-")),
      PARLEY_WEBHOOK_SECRET: secret,
    },
    stdio: "ignore",
  });
  await up(`${shopOrigin}/webhooks.json`);
  const received = async () => {
    const r = await (await fetch(`${shopOrigin}/webhooks.json`)).json();
    return r.received.filter((e: any) => e.data?.message?.body === "Sent while the shop was down").length;
  };

  // The shop's receiver goes down; a customer writes on the demo page.
  await fetch(`${shopOrigin}/admin/receiver?up=0`, { method: "POST" });
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(`http://localhost:${port}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await widget.getByTestId("intake-category").selectOption("other");
  await widget.getByTestId("composer-input").fill("Sent while the shop was down");
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-testid=message][data-author=customer]")).toHaveAttribute(
    "data-status",
    /sent|delivered|read/,
  );
  await customer.context().close();
  // The first attempt fails; Parley is killed before its retry.
  await new Promise((r) => setTimeout(r, 1_500));
  parley!.kill("SIGKILL");
  await new Promise((r) => parley!.once("exit", r));
  await fetch(`${shopOrigin}/admin/receiver?up=1`, { method: "POST" });
  expect(await received()).toBe(0);

  // Back up on the same data: the outbox delivers it, once.
  startParley(port);
  await up(`${base}/healthz`);
  await expect.poll(received, { timeout: 40_000 }).toBe(1);
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await received()).toBe(1);
  const { repeats } = await (await fetch(`${shopOrigin}/webhooks.json`)).json();
  expect(repeats).toBe(0);
});
