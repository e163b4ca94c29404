// Runs last (files run in name order against one server): its customers stay
// in the queue, which the routing test before it must not see.
import { expect, type Locator, type Page } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";
import { customerWrites, expectAccessible, expectFieldsAtLeast16px, expectNoSidewaysScroll, signedInDesk, test } from "./helpers";

// Every screen a person uses, checked by axe-core (WCAG 2.2 A/AA and best
// practice) in the states that add content: form errors, a conversation, the
// fee calculator; left-to-right and right-to-left; laptop and phone widths.

test("the widget is accessible in English and Arabic, on a laptop and a phone", async ({ browser }) => {
  // Eight analyses by axe in two contexts.
  test.setTimeout(120_000);
  for (const [locale, viewport] of [
    ["en-US", { width: 900, height: 760 }],
    ["ar-EG", { width: 320, height: 640 }],
  ] as const) {
    const ctx = await browser.newContext({ locale, viewport });
    const page = await ctx.newPage();
    await page.goto(`${DEMO}/demo`);
    await expectAccessible(page, `the host page with the launcher (${locale})`);
    await page.getByTestId("launcher").click();
    const widget = page.frameLocator("iframe");
    await expect(widget.locator("[data-online='true']")).toBeAttached();
    await expectAccessible(page, `the open widget (${locale})`);

    // Refusals in the form.
    await widget.getByTestId("composer-input").fill("My parcel RR123456785CN has not moved");
    await widget.getByTestId("composer-send").click();
    await expect(widget.getByTestId("intake-category-error")).toBeVisible();
    await widget.getByTestId("intake-category").selectOption("logistics");
    await widget.getByTestId("composer-send").click();
    await expect(widget.getByTestId("intake-waybill_number-error")).toBeVisible();
    await expectAccessible(page, `the intake form with errors (${locale})`);
    await expectFieldsAtLeast16px(widget, `the intake form (${locale})`);

    // A conversation under way, with the fee calculator open.
    await widget.getByTestId("intake-waybill_number").fill("rr123456785cn");
    await widget.getByTestId("intake-ship_date").fill("2026-11-14");
    await widget.getByTestId("intake-destination_country").selectOption("DE");
    await widget.getByTestId("composer-send").click();
    await expect(widget.getByTestId("reply-by")).toBeVisible();
    await widget.getByTestId("fees-toggle").click();
    await widget.getByTestId("fees-weight").fill("1.2");
    await expect(widget.getByTestId("fees-result")).toHaveAttribute("data-amount", /\d+/);
    await expectAccessible(page, `a conversation with the fee calculator (${locale})`);
    await expectFieldsAtLeast16px(widget, `the widget (${locale})`);
    await expectNoSidewaysScroll(widget, `the widget (${locale})`);

    // A phone keyboard takes half the screen: the reply box and its send
    // button stay on screen, the history shrinks and scrolls.
    if (viewport.width < 480) {
      await widget.getByTestId("composer-input").focus();
      await page.setViewportSize({ width: viewport.width, height: 320 });
      for (const id of ["composer-input", "composer-send"]) {
        const box = (await widget.getByTestId(id).boundingBox())!;
        expect(box.y, `${id} below the top`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${id} above the keyboard`).toBeLessThanOrEqual(320);
      }
      await page.screenshot({ path: test.info().outputPath(`widget-keyboard-up-${locale}.png`) });
      await page.setViewportSize(viewport);
    }

    // The history scrolls from the keyboard: the list takes focus.
    await widget.getByTestId("message-list").focus();
    await expect(widget.getByTestId("message-list")).toBeFocused();
    await ctx.close();
  }
});

test("the desk is accessible: sign-in, the inbox, a conversation, the admin pages", async ({ browser }) => {
  // Twelve pages analysed by axe, the setup page's forms the largest.
  test.setTimeout(180_000);
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(`${APP}/desk`);
  await expect(anonymous.getByTestId("login-email")).toBeVisible();
  await expectAccessible(anonymous, "the sign-in page");
  await expectFieldsAtLeast16px(anonymous, "the sign-in page");

  await customerWrites(browser, "Is the desk usable with a screen reader?");
  const desk = await signedInDesk(browser);
  await expectAccessible(desk, "the inbox");
  await desk.getByTestId("conversation-item").first().getByRole("button").click();
  await expect(desk.getByTestId("case-panel")).toBeVisible();
  await expect(desk.getByTestId("message-list")).toBeVisible();
  await expectAccessible(desk, "an open conversation");
  await desk.setViewportSize({ width: 320, height: 640 });
  await expectAccessible(desk, "an open conversation at phone width");
  await expectFieldsAtLeast16px(desk, "the desk at phone width");
  await expectNoSidewaysScroll(desk, "the desk at phone width");
  for (const [path, ready] of [
    ["texts?site=demo", "texts-missing-count"],
    ["staff", "new-agent-form"],
    ["sites", "sites-list"],
    ["sites?site=demo", "site-settings"],
    ["setup?site=demo", "setup-teams"],
    ["security", "sessions"],
    ["audit", "audit-log"],
    ["complaints", "complaint-ledger"],
    ["complaints/analysis", "table-trend"],
    ["reports", "report-totals"],
    ["qa", "qa-sheet"],
    ["library", "library-filter"],
    ["api-keys", "api-key-form"],
    ["webhooks", "webhook-form"],
  ]) {
    await desk.goto(`${APP}/desk/${path}`);
    await expect(desk.getByTestId(ready)).toBeVisible();
    await expectAccessible(desk, `/desk/${path}`);
    await expectFieldsAtLeast16px(desk, `/desk/${path}`);
  }
  // The API reference for people (rendered by the server).
  await desk.goto(`${APP}/api/v1/docs`);
  await expect(desk.getByTestId("api-docs")).toBeVisible();
  await expectAccessible(desk, "/api/v1/docs");
  // The desk in Arabic (right to left) and Japanese.
  await desk.setViewportSize({ width: 1280, height: 800 });
  await desk.goto(`${APP}/desk`);
  await expect(desk.locator(".desk-header [data-online='true']")).toBeAttached(); // hydrated and live
  // The switcher is enabled once the page has hydrated (the server sends it disabled).
  await expect(desk.getByTestId("desk-language-select")).toBeEnabled();
  for (const lang of ["ar", "ja"]) {
    await desk.getByTestId("desk-language-select").selectOption(lang);
    await expect(desk.locator("html")).toHaveAttribute("lang", lang);
    await expect(desk.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
    await desk.getByTestId("conversation-item").first().getByRole("button").click();
    await expect(desk.getByTestId("case-panel")).toBeVisible();
    await expectAccessible(desk, `an open conversation in the desk (${lang})`);
  }
  await desk.getByTestId("desk-language-select").selectOption("en");
});

/** Presses Tab until `target` has focus (at most `max` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el.matches(":focus"))) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, "reachable with Tab").toBeFocused();
}

test("a customer and an agent hold a conversation with the keyboard alone", async ({ browser }) => {
  const customer = await (await browser.newContext({ locale: "en-US" })).newPage();
  await customer.goto(`${DEMO}/demo`);
  const launcher = customer.getByTestId("launcher");
  await tabTo(customer, launcher);
  await customer.keyboard.press("Enter");
  // Opening moves focus into the widget, to its first field (the topic).
  const widget = customer.frameLocator("iframe");
  await expect(widget.getByTestId("intake-category")).toBeFocused();
  await customer.keyboard.type("Som"); // type-ahead picks "Something else"
  await expect(widget.getByTestId("intake-category")).toHaveValue("other");
  await customer.keyboard.press("Tab");
  await expect(widget.getByTestId("composer-input")).toBeFocused();
  await customer.keyboard.type("Typed without a mouse: where is my parcel?");
  await customer.keyboard.press("Enter");
  const mine = widget.locator("[data-testid=message][data-author=customer]");
  await expect(mine).toHaveAttribute("data-status", /sent|delivered|read/);

  // The agent: Tab to the conversation, Enter opens it, Tab to the reply box.
  const desk = await signedInDesk(browser);
  const item = desk.getByTestId("conversation-item").filter({ hasText: "without a mouse" }).getByRole("button");
  await tabTo(desk, item);
  await desk.keyboard.press("Enter");
  await expect(desk.getByTestId("case-panel")).toBeVisible();
  await tabTo(desk, desk.getByTestId("reply-input"));
  await desk.keyboard.type("It left Shenzhen this morning.");
  await desk.keyboard.press("Enter");
  await expect(widget.locator("[data-testid=message][data-author=agent]")).toContainText("Shenzhen");

  // Escape in the widget closes it and gives focus back to the launcher.
  await widget.getByTestId("composer-input").focus();
  await customer.keyboard.press("Escape");
  await expect(launcher).toHaveAttribute("aria-expanded", "false");
  await expect(launcher).toBeFocused();
  // The site's own script opening the widget does not take focus from the page.
  await customer.evaluate(() => (window as unknown as { Parley: { open(): void } }).Parley.open());
  await expect(launcher).toHaveAttribute("aria-expanded", "true");
  await expect(launcher).toBeFocused();
});
