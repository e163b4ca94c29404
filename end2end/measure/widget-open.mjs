// What opening the customer widget costs, measured in Debian Chromium:
// every request from the launcher click on (the widget page, its script,
// WASM, styles, messages; the websocket excluded) with the bytes on the wire
// as the server sent them (brotli where it can), and the time from the click
// to a usable composer (shown, and connected).
//
//   node measure/widget-open.mjs DEMO_URL [--throttle] [--runs N] [--json]
//
// --throttle applies Lighthouse's mobile profile: "Slow 4G" (562.5 ms
// request latency, 1.47 Mbit/s down, 675 kbit/s up) and a 4× CPU slowdown.
// Prints one line per file and a total; --json prints the figures as JSON.
import { chromium } from "@playwright/test";

const args = process.argv.slice(2);
const demo = args.find((a) => !a.startsWith("--"));
const throttle = args.includes("--throttle");
const runs = Number(args[args.indexOf("--runs") + 1]) || 1;
const json = args.includes("--json");
if (!demo) {
  console.error("usage: node measure/widget-open.mjs DEMO_URL [--throttle] [--runs N] [--json]");
  process.exit(2);
}

async function once(browser) {
  // A fresh profile each run: nothing cached. Chromium only asks for brotli
  // over https; over this loopback http it is asked for explicitly, as a
  // browser on a real (https) site would.
  const context = await browser.newContext({ extraHTTPHeaders: { "accept-encoding": "br, gzip" } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = new Map();
  let recording = false;
  cdp.on("Network.requestWillBeSent", (e) => {
    if (recording && e.type !== "WebSocket") requests.set(e.requestId, { url: e.request.url, bytes: 0, raw: 0 });
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.encoding = e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || "identity";
  });
  cdp.on("Network.dataReceived", (e) => {
    const r = requests.get(e.requestId);
    if (r) r.raw += e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (r) { r.bytes = e.encodedDataLength; r.done = true; }
  });
  await page.goto(`${demo}/demo`);
  await page.getByTestId("launcher").waitFor();
  if (throttle) {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 562.5,
      downloadThroughput: (1474.56 * 1024) / 8,
      uploadThroughput: (675 * 1024) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  }
  recording = true;
  const t0 = performance.now();
  await page.getByTestId("launcher").click();
  const widget = page.frameLocator("iframe");
  await widget.getByTestId("composer-input").waitFor({ timeout: 120_000 });
  const shown = performance.now() - t0;
  await widget.locator("[data-online='true']").waitFor({ state: "attached", timeout: 120_000 });
  const connected = performance.now() - t0;
  // Let anything the widget fetches after connecting arrive.
  await page.waitForTimeout(throttle ? 3000 : 500);
  await context.close();
  const files = [...requests.values()].filter((r) => r.done);
  return { shown, connected, files };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // The widget's iframe is another origin: kept in the page's process, so
  // the throttling above applies to it too.
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-site-isolation-trials", "--disable-features=IsolateOrigins,site-per-process",
  ],
});
const results = [];
for (let i = 0; i < runs; i++) results.push(await once(browser));
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const last = results[results.length - 1];
const total = last.files.reduce((s, f) => s + f.bytes, 0);
const out = {
  throttled: throttle,
  runs,
  composer_shown_ms: Math.round(median(results.map((r) => r.shown))),
  composer_connected_ms: Math.round(median(results.map((r) => r.connected))),
  transfer_bytes: total,
  files: last.files.map((f) => ({
    path: new URL(f.url).pathname,
    encoding: f.encoding,
    transferred: f.bytes,
    decoded: f.raw,
  })),
};
if (json) {
  console.log(JSON.stringify(out));
} else {
  for (const f of out.files) {
    console.log(`  ${f.path.padEnd(24)} ${f.encoding.padEnd(9)} on the wire ${String(f.transferred).padStart(8)} B   decoded ${String(f.decoded).padStart(9)} B`);
  }
  console.log(`  total on the wire (headers included): ${total} B`);
  console.log(
    `  launcher click → composer shown ${out.composer_shown_ms} ms, connected ${out.composer_connected_ms} ms` +
      ` (median of ${runs}${throttle ? ", Slow 4G + 4x CPU" : ", unthrottled"})`,
  );
}
