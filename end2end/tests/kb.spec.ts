import { expect, test } from "@playwright/test";
import { APP } from "../playwright.config";
import { customerWrites, expectAccessible, expectFieldsAtLeast16px, signedInDesk } from "./helpers";

// Issue 20: an admin writes an article at the desk (the preview laid out as
// customers see it while typing), publishes it in English, then in Chinese;
// the public help centre finds it at once — a two-character Chinese word
// included — and shows a reader of a language it lacks the fallback, marked.
test("an article written at the desk is found at once on the help centre, in Chinese too", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await admin.getByTestId("kb-link").click();
  await expect(admin).toHaveURL(/\/desk\/kb$/);
  await expect(admin.getByTestId("kb-article").filter({ hasText: "shipping-fees" })).toBeVisible();
  await expect(admin.getByTestId("kb-article").filter({ hasText: "shipping-fees" }).locator("[data-locale='ar']")).toHaveAttribute("data-state", "live");
  await expectAccessible(admin, "the knowledge base page");

  await admin.getByTestId("kb-new").click();
  await admin.getByTestId("kb-slug").fill("lithium-rules");
  await admin.getByTestId("kb-collection").selectOption("shipping");
  await admin.getByTestId("kb-title").fill("Shipping lithium batteries");
  await admin.getByTestId("kb-body").fill("Batteries travel by sea freight only.\n\n- inside the device\n- charged to 30 %");
  // The preview follows the typing.
  const preview = admin.getByTestId("kb-preview");
  await expect(preview.locator("li")).toHaveText(["inside the device", "charged to 30 %"]);
  await expect(preview.locator("h4")).toHaveText("Shipping lithium batteries");
  await admin.getByTestId("kb-published").check();
  await expectFieldsAtLeast16px(admin, "the article editor");
  await admin.getByTestId("kb-save").click();
  await expect(admin.getByTestId("kb-done")).toHaveAttribute("data-what", "saved");
  await expect(admin.getByTestId("kb-locale-tab").and(admin.locator("[data-locale='en']"))).toHaveAttribute("data-state", "live");

  // The Chinese version: the tab says it is missing, and what readers see meanwhile.
  const zh = admin.getByTestId("kb-locale-tab").and(admin.locator("[data-locale='zh-CN']"));
  await expect(zh).toHaveAttribute("data-state", "missing");
  await zh.click();
  await expect(admin.getByTestId("kb-fallback-note")).toBeVisible();
  await admin.getByTestId("kb-title").fill("锂电池运输规定");
  await admin.getByTestId("kb-body").fill("锂电池只能海运，请放在设备内并充电至百分之三十。");
  await admin.getByTestId("kb-published").check();
  await admin.getByTestId("kb-save").click();
  await expect(admin.getByTestId("kb-done")).toHaveAttribute("data-what", "saved");
  await expect(admin.getByTestId("kb-history").locator("li").first()).toHaveAttribute("data-action", "published");

  // A file for the article: picked, uploaded at once, listed.
  await expect(admin.getByTestId("kb-file")).toHaveAttribute("data-ready", "true");
  await admin.getByTestId("kb-file").setInputFiles({
    name: "battery-declaration.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% battery declaration\n"),
  });
  await expect(admin.getByTestId("kb-file-item")).toContainText("battery-declaration.pdf");

  // The public help centre, no sign-in: found at once.
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`${APP}/help/demo/zh-CN`);
  await expect(reader.locator("html")).toHaveAttribute("lang", "zh-CN");
  await reader.getByTestId("help-search").fill("锂电池");
  await reader.getByTestId("help-search").press("Enter");
  await expect(reader.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/zh-CN/lithium-rules");
  await reader.getByTestId("help-search").fill("运费");
  await reader.getByTestId("help-search").press("Enter");
  await expect(reader.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/zh-CN/shipping-fees");
  await expectAccessible(reader, "the help centre's results");
  await expectFieldsAtLeast16px(reader, "the help centre");

  // Arabic: right to left, and a reader of Japanese gets the English version, marked.
  await reader.goto(`${APP}/help/demo/ar?q=${encodeURIComponent("أين طردي")}`);
  await expect(reader.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(reader.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/ar/track-parcel");
  await reader.goto(`${APP}/help/demo/ja/lithium-rules`);
  await expect(reader.getByTestId("help-fallback")).toBeVisible();
  await expect(reader.getByTestId("help-article")).toHaveAttribute("lang", "en");
  await expect(reader.getByTestId("help-article").locator(":scope > ul > li")).toHaveCount(2);
  await expectAccessible(reader, "an article shown in the fallback language");

  // The file downloads from the public article.
  await reader.goto(`${APP}/help/demo/en/lithium-rules`);
  const [download] = await Promise.all([reader.waitForEvent("download"), reader.getByTestId("help-file").click()]);
  expect(download.suggestedFilename()).toBe("battery-declaration.pdf");
  // And the demo's customs article carries its invoice template, in German too.
  await reader.goto(`${APP}/help/demo/de/customs-documents`);
  await expect(reader.getByTestId("help-file")).toContainText("commercial-invoice-template.pdf");
});

// Issue 20: the agent answers from the same knowledge — the composer's
// Articles picker suggests the article fitting the customer's question
// and puts its link into the reply.
test("the agent inserts a suggested article into the reply", async ({ browser }) => {
  await customerWrites(browser, "Hello, where is my parcel? Order NW-5521 was sent last week.");
  const desk = await signedInDesk(browser);
  await desk.getByTestId("conversation-item").filter({ hasText: "NW-5521" }).click();
  await desk.getByTestId("articles-open").click();
  const first = desk.getByTestId("article-suggestion").first();
  await expect(first).toHaveAttribute("data-slug", "track-parcel");
  await first.getByTestId("article-insert-link").click();
  await expect(desk.getByTestId("reply-input")).toHaveValue(/\/help\/demo\/en\/track-parcel$/);
  await desk.getByTestId("articles-query").fill("refund");
  await desk.getByTestId("articles-query").press("Enter");
  await expect(desk.getByTestId("article-suggestion").first()).toHaveAttribute("data-slug", "refunds");
  await expectAccessible(desk, "the desk with the Articles picker open");
});
