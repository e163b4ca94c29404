// Northwind Goods: the back-end of a small fictional shop that uses Parley
// (issue 19). Its own process, port and origin; Node.js 20, no packages.
//
//   GET  /            a product page embedding the widget for a signed-in
//                     customer (identity HMAC computed here, on the server)
//   POST /orders      the order lookup Parley calls for "Track my order"
//                     (signature checked; a few orders in transit)
//   POST /webhooks    the webhook receiver: signature and time checked,
//                     each event recorded once (by its id), kept in a file
//   GET  /webhooks.json  what it received
//   GET  /admin       the shop's back office: a "send proactive notice" form
//   POST /notify      sends that notice through Parley's API
//   POST /admin/receiver?up=0|1  takes the receiver down (503) or up
//
// Configuration (environment): PARLEY_URL (http://127.0.0.1:3000),
// SHOP_PORT (4000), PARLEY_SITE (demo), PARLEY_API_KEY (a write key),
// PARLEY_IDENTITY_SECRET, PARLEY_WEBHOOK_SECRET, PARLEY_LOOKUP_SECRET (from
// the desk: /desk/security, /desk/webhooks), SHOP_DATA (./shop-data).

import { createHmac, timingSafeEqual } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";

const env = process.env;
const PARLEY = (env.PARLEY_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const PORT = Number(env.SHOP_PORT ?? 4000);
const SITE = env.PARLEY_SITE ?? "demo";
const DATA = env.SHOP_DATA ?? "shop-data";
const TOLERANCE_S = 300;
mkdirSync(DATA, { recursive: true });
const LOG = join(DATA, "webhooks.jsonl");

// The signed-in customer of this demo shop, and their orders.
const CUSTOMER = { id: "mia-7", name: "Mia Keller", email: "mia@example.com" };
const ORDERS = {
  "NW-10452": {
    owner: "mia-7",
    postcode: "04109",
    email: "mia@example.com",
    carrier: "DHL",
    eta: "2026-12-04T12:00:00Z",
    steps: [
      { status: "accepted", at: "2026-11-25T09:00:00Z", place: "Shenzhen, CN" },
      { status: "in_transit", at: "2026-11-27T15:30:00Z", place: "Frankfurt, DE" },
      { status: "customs", at: "2026-11-28T08:00:00Z", place: "Leipzig, DE", detail: "Held for import duties" },
    ],
  },
  "NW-10460": {
    owner: "mia-7",
    postcode: "04109",
    email: "mia@example.com",
    carrier: "UPS",
    steps: [
      { status: "accepted", at: "2026-11-29T10:00:00Z", place: "Hamburg, DE" },
      { status: "out_for_delivery", at: "2026-12-01T07:45:00Z", place: "Leipzig, DE" },
    ],
  },
};

/** Parley's signature check, as its README documents it. */
function verify(secret, header, body) {
  if (!secret || !header) return false;
  const parts = header.split(",").map((p) => p.split("="));
  const t = Number((parts.find(([k]) => k === "t") || [])[1]);
  if (!t || Math.abs(Date.now() / 1000 - t) > TOLERANCE_S) return false;
  const mac = createHmac("sha256", secret).update(`${t}.`).update(body).digest();
  return parts.some(([k, v]) => k === "v1" && v && v.length === 64 && timingSafeEqual(mac, Buffer.from(v, "hex")));
}

// Webhooks received, once each, kept across restarts.
const received = existsSync(LOG)
  ? readFileSync(LOG, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
  : [];
const seen = new Set(received.map((r) => r.id));
let receiverUp = true;
let repeats = 0;

function page(res) {
  const hash = createHmac("sha256", env.PARLEY_IDENTITY_SECRET ?? "").update(CUSTOMER.id).digest("hex");
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Northwind Goods — Travel kettle</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><header><strong>Northwind Goods</strong> · signed in as ${CUSTOMER.name}</header>
<main><h1>Travel kettle, 0.8 l</h1><p>Boils in 3 minutes. Ships worldwide from Shenzhen.</p>
<p>Your orders: NW-10452 (in customs), NW-10460 (out for delivery).</p></main>
<script src="${PARLEY}/embed.js" data-site="${SITE}" data-user-id="${CUSTOMER.id}" data-user-hash="${hash}" async></script>
</body></html>`);
}

function admin(res, note = "") {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Northwind back office</title></head>
<body><h1>Back office</h1>${note ? `<p role="status" data-testid="shop-note">${note}</p>` : ""}
<form method="post" action="/notify"><label for="order">Order</label>
<select id="order" name="order" data-testid="shop-order"><option>NW-10452</option><option>NW-10460</option></select>
<label for="text">Notice</label><textarea id="text" name="text" data-testid="shop-text">Your parcel NW-10452 is held in customs in Germany: 3-5 days more. Here is a 5% coupon: SORRY5.</textarea>
<button type="submit" data-testid="shop-notify">Send proactive notice</button></form>
<p>Webhooks received: <span data-testid="shop-webhooks">${received.length}</span></p></body></html>`);
}

async function notify(form) {
  const order = form.get("order") ?? "NW-10452";
  const resp = await fetch(`${PARLEY}/api/v1/customers/${encodeURIComponent(CUSTOMER.id)}/messages`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${env.PARLEY_API_KEY ?? ""}`,
      "content-type": "application/json",
      // One notice per order and text: a retry never sends it twice.
      "idempotency-key": `notice-${order}-${createHmac("sha256", "k").update(form.get("text") ?? "").digest("hex").slice(0, 16)}`,
    },
    body: JSON.stringify({ body: form.get("text"), as: { bot: { name: "Northwind shipping" } } }),
  });
  return `${resp.status} ${await resp.text()}`;
}

createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://shop");
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks);
    try {
      if (req.method === "POST" && url.pathname === "/webhooks") {
        if (!receiverUp) return res.writeHead(503).end();
        if (!verify(env.PARLEY_WEBHOOK_SECRET, req.headers["parley-signature"], body)) {
          return res.writeHead(401).end("bad signature");
        }
        const id = String(req.headers["parley-event-id"]);
        if (seen.has(id)) {
          repeats += 1; // at least once: a repeat is acknowledged, not recorded again
        } else {
          seen.add(id);
          const event = JSON.parse(body.toString());
          const entry = { id, event: event.event, delivery: req.headers["parley-delivery"], data: event.data };
          received.push(entry);
          appendFileSync(LOG, JSON.stringify(entry) + "\n");
        }
        return res.writeHead(204).end();
      }
      if (req.method === "POST" && url.pathname === "/orders") {
        if (!verify(env.PARLEY_LOOKUP_SECRET, req.headers["parley-signature"], body)) {
          return res.writeHead(401).end("bad signature");
        }
        const q = JSON.parse(body.toString());
        const o = ORDERS[q.order];
        const theirs =
          o &&
          (q.requested_by === "staff" ||
            q.user_id === o.owner ||
            (q.contact && [o.postcode, o.email].includes(String(q.contact).toLowerCase())));
        if (!theirs) return res.writeHead(404).end();
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ order: q.order, carrier: o.carrier, eta: o.eta, steps: o.steps }));
      }
      if (req.method === "GET" && url.pathname === "/webhooks.json") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ received, repeats }));
      }
      if (req.method === "POST" && url.pathname === "/admin/receiver") {
        receiverUp = url.searchParams.get("up") !== "0";
        return res.writeHead(204).end();
      }
      if (req.method === "POST" && url.pathname === "/notify") {
        const note = await notify(new URLSearchParams(body.toString()));
        return admin(res, `Parley answered ${note}`);
      }
      if (req.method === "GET" && url.pathname === "/admin") return admin(res);
      if (req.method === "GET" && url.pathname === "/") return page(res);
      res.writeHead(404).end();
    } catch (e) {
      console.error(e);
      res.writeHead(500).end();
    }
  });
}).listen(PORT, "127.0.0.1", () => console.log(`Northwind Goods on http://127.0.0.1:${PORT} (Parley: ${PARLEY})`));
