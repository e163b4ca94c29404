import { expect } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";
import { pickTopic, signedInDesk, test } from "./helpers";

test("nothing heavy loads on the host page before the visitor shows intent", async ({ page }) => {
  const requests: string[] = [];
  const sockets: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("websocket", (ws) => sockets.push(ws.url()));
  await page.goto(`${DEMO}/demo`);
  const launcher = page.getByTestId("launcher");
  await expect(launcher).toBeVisible();
  await page.waitForTimeout(1500);
  expect(await page.locator("iframe").count()).toBe(0);
  expect(requests.filter((u) => /\.wasm|\/widget|\/pkg\//.test(u))).toEqual([]);
  expect(sockets).toEqual([]);
  // The host page's hostile `button { background: #c00 !important }` does not leak in.
  const bg = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe("rgb(31, 95, 191)");
  await expect(launcher).toHaveAttribute("aria-label", "Chat with us");

  // Hover is intent: the iframe is created (preloaded) but stays hidden until a click.
  await launcher.hover();
  await expect(page.locator("iframe")).toHaveCount(1);
  await expect(page.locator("iframe")).toBeHidden();
  await launcher.click();
  await expect(page.locator("iframe")).toBeVisible();
  const sandbox = await page.locator("iframe").getAttribute("sandbox");
  expect(sandbox).toBe("allow-scripts allow-same-origin allow-forms allow-downloads");
  const src = (await page.locator("iframe").getAttribute("src")) ?? "";
  expect(src.startsWith(`${APP}/widget?site=demo`)).toBe(true);
  expect(src).not.toMatch(/token/);
  // The widget hydrates from its own bundle, never the desk's.
  await expect(page.frameLocator("iframe").locator("[data-online='true']")).toBeAttached();
  const wasm = requests.filter((u) => u.endsWith(".wasm")).map((u) => new URL(u).pathname);
  expect(wasm).toEqual(["/widget/widget.wasm"]);
});

test("customer and agents chat live, and the history survives a reload", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.getByTestId("widget-panel")).toBeVisible();
  await expect(widget.getByTestId("greeting")).toHaveText("Hi! How can we help you today?");
  await expect(widget.locator("[data-online='true']")).toBeAttached();

  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Where is my parcel NW-1001?");
  await widget.getByTestId("composer-send").click();
  const mine = widget.locator("[data-testid=message][data-author=customer]");
  await expect(mine).toHaveCount(1);
  await expect(mine.first()).toHaveAttribute("data-status", /^(sent|delivered|read)$/);

  // An agent signs in and sees it; a second agent at the same time sees the same.
  const desk = await signedInDesk(browser);
  const desk2 = await signedInDesk(browser);
  for (const d of [desk, desk2]) {
    await expect(d.getByTestId("conversation-item").filter({ hasText: "NW-1001" })).toBeVisible();
  }
  const convId = await desk
    .getByTestId("conversation-item")
    .filter({ hasText: "NW-1001" })
    .getAttribute("data-conversation-id");
  const item = desk.locator(`[data-testid=conversation-item][data-conversation-id="${convId}"]`);
  await expect(item).toHaveAttribute("data-unread", "1");
  await item.getByRole("button").click();
  await expect(desk.getByTestId("message-list").getByTestId("message")).toHaveCount(1);
  await expect(desk.locator("[data-testid=message][data-author=customer] .who")).toHaveText("Customer");
  await expect(item).toHaveAttribute("data-unread", "0");
  // The customer sees that staff read it.
  await expect(mine.first()).toHaveAttribute("data-status", "read");

  // Typing indicator: customer → agent and agent → customer.
  await widget.getByTestId("composer-input").pressSequentially("and when", { delay: 20 });
  await expect(desk.getByTestId("typing-indicator")).toBeVisible();
  await desk.getByTestId("reply-input").pressSequentially("Let me", { delay: 20 });
  await expect(widget.getByTestId("typing-indicator")).toBeVisible();

  await desk.getByTestId("reply-input").fill("It is in Frankfurt, arriving Tuesday.");
  await desk.getByTestId("reply-send").click();
  const theirs = widget.locator("[data-testid=message][data-author=agent]");
  await expect(theirs).toHaveCount(1);
  await expect(theirs.first()).toContainText("Frankfurt");
  const agentMsg = desk.locator("[data-testid=message][data-author=agent]");
  await expect(agentMsg).toHaveAttribute("data-status", "delivered");
  await expect(desk2.getByTestId("conversation-item").filter({ hasText: "Frankfurt" })).toBeVisible();

  // A brand-new conversation appears in the open desk without a reload.
  const other = await (await browser.newContext()).newPage();
  await other.goto(`${DEMO}/demo`);
  await other.getByTestId("launcher").click();
  const otherWidget = other.frameLocator("iframe");
  await expect(otherWidget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(otherWidget);
  await otherWidget.getByTestId("composer-input").fill("Do you ship to Chile?");
  await otherWidget.getByTestId("composer-input").press("Enter");
  await expect(desk.getByTestId("conversation-item").filter({ hasText: "Chile" })).toBeVisible();
  await expect(desk.getByTestId("conversation-item")).toHaveCount(2);

  // Reload the customer's page: same conversation, whole history.
  await customer.reload();
  await customer.getByTestId("launcher").click();
  const again = customer.frameLocator("iframe");
  await expect(again.locator("[data-testid=message]")).toHaveCount(2);
  await expect(again.locator("[data-testid=message][data-author=agent]")).toContainText("Frankfurt");
  await again.getByTestId("composer-input").fill("Thanks!");
  await again.getByTestId("composer-send").click();
  await expect(desk.getByTestId("message-list").getByTestId("message")).toHaveCount(3);
  await expect(desk.getByTestId("conversation-item")).toHaveCount(2);

  // Resolve: both desks and the customer see it.
  await desk.getByTestId("action-resolve").click();
  await expect(item).toHaveAttribute("data-status", "resolved");
  await expect(
    desk2.locator(`[data-testid=conversation-item][data-conversation-id="${convId}"]`),
  ).toHaveAttribute("data-status", "resolved");
  await expect(again.getByTestId("confirm")).toBeVisible();
});

test("a wrong password is refused with a translated message", async ({ page }) => {
  await page.goto(`${APP}/desk`);
  await page.getByTestId("login-email").fill("admin@e2e.local");
  await page.getByTestId("login-password").fill("not the password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong e-mail or password.");
});

test("the widget reconnects and resumes after the socket drops", async ({ browser }) => {
  const ctx = await browser.newContext();
  // Pass the widget's socket through a route we can cut, like a network drop.
  let blocked = false;
  const live: { close: () => Promise<void> }[] = [];
  await ctx.routeWebSocket(/\/ws\/visitor/, (ws) => {
    if (blocked) {
      void ws.close({ code: 1006, reason: "offline" }).catch(() => {});
      return;
    }
    const server = ws.connectToServer();
    live.push({
      close: async () => {
        await ws.close({ code: 1001, reason: "dropped" }).catch(() => {});
        await server.close().catch(() => {});
      },
    });
  });
  const customer = await ctx.newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Before the outage");
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-testid=message][data-status]")).toHaveAttribute("data-status", /sent|delivered|read/);

  blocked = true;
  for (const c of live.splice(0)) await c.close();
  await expect(widget.locator("[data-online='false']")).toBeAttached();

  // While the customer is cut off: the agent replies, the customer writes.
  const desk = await signedInDesk(browser);
  await desk.getByTestId("conversation-item").filter({ hasText: "Before the outage" }).getByRole("button").click();
  await desk.getByTestId("reply-input").fill("Reply while you were away");
  await desk.getByTestId("reply-send").click();
  await expect(desk.locator("[data-testid=message][data-author=agent]")).toHaveCount(1);
  await widget.getByTestId("composer-input").fill("Written offline");
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-status=sending]")).toHaveCount(1);

  // Back online: the missed reply arrives once, the offline message is delivered once.
  blocked = false;
  const frame = customer.frames().find((f) => f.url().includes("/widget"));
  await frame?.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await expect(widget.locator("[data-testid=message][data-author=agent]")).toHaveCount(1);
  await expect(widget.locator("[data-testid=message][data-author=agent]")).toContainText("while you were away");
  await expect(widget.locator("[data-status=sending]")).toHaveCount(0);
  await expect(widget.locator("[data-testid=message]")).toHaveCount(3);
  await expect(desk.getByTestId("message-list").getByTestId("message")).toHaveCount(3);
  await expect(desk.getByTestId("message-list")).toContainText("Written offline");
});
