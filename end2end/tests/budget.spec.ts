import { expect } from "@playwright/test";
import { test } from "./helpers";
import { DEMO } from "../playwright.config";

// R-SITE1: everything the browser fetches from the launcher click to a
// usable widget (page, script, WASM, styles; the socket aside), as the
// server sends it, within budget. run.sh builds the widget in release for
// the tests, so these are the bytes customers download. `./run.sh measure`
// prints the same figures with timings.
const WIDGET_BUDGET_BYTES = 130_000;

test("opening the widget transfers no more than the budget", async ({ browser }) => {
  // Chromium asks plain-http pages for no brotli; a real site is https.
  const context = await browser.newContext({ extraHTTPHeaders: { "accept-encoding": "br, gzip" } });
  const page = await context.newPage();
  await page.goto(`${DEMO}/demo`);
  await page.getByTestId("launcher").waitFor();
  // Playwright's own events see the widget's frame (another origin, so
  // another process) as well as the page.
  const pending: Promise<{ path: string; encoding: string; bytes: number }>[] = [];
  context.on("requestfinished", (req) => {
    pending.push(
      (async () => {
        const sizes = await req.sizes();
        const response = await req.response();
        return {
          path: new URL(req.url()).pathname,
          encoding: (await response?.headerValue("content-encoding")) ?? "identity",
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
        };
      })(),
    );
  });
  await page.getByTestId("launcher").click();
  const widget = page.frameLocator("iframe");
  await expect(widget.getByTestId("composer-input")).toBeVisible();
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await page.waitForTimeout(500);
  const done = await Promise.all(pending);
  const paths = done.map((f) => f.path);
  const report = done.map((f) => `${f.path} ${f.encoding} ${f.bytes} B`).join("\n");
  const total = done.reduce((sum, f) => sum + f.bytes, 0);
  console.log(`${report}\ntotal ${total} B (budget ${WIDGET_BUDGET_BYTES} B)`);
  // What a widget needs, each fetched once and compressed.
  for (const path of ["/widget", "/widget/widget.js", "/widget/widget.wasm", "/widget/widget.css"]) {
    expect(paths.filter((p) => p === path), `${path} fetched once`).toHaveLength(1);
  }
  for (const f of done) expect(f.encoding, f.path).toBe("br");
  expect(total).toBeLessThanOrEqual(WIDGET_BUDGET_BYTES);
  await context.close();
});

test("the widget page is cached by content and served compressed", async ({ request }) => {
  const url = `/widget?site=demo&host=${encodeURIComponent(DEMO)}&langs=de`;
  const first = await request.get(url, { headers: { "accept-encoding": "br" } });
  expect(first.status()).toBe(200);
  expect(first.headers()["content-encoding"]).toBe("br");
  const etag = first.headers()["etag"];
  expect(etag).toMatch(/^"[0-9a-f]{24}"$/);
  expect(await first.text()).toContain('<html lang="de"');
  const again = await request.get(url, { headers: { "if-none-match": etag } });
  expect(again.status()).toBe(304);
  // No inline script but the boot script its policy names by hash; no inline style.
  const csp = first.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  expect(csp).toContain("style-src 'self';");
  expect(csp).toContain("frame-ancestors");
});
