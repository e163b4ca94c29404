import { expect, type Browser, type FrameLocator } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";
import { customerWrites, expectAccessible, expectFieldsAtLeast16px, pickTopic, signedInDesk, test } from "./helpers";

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

/** The demo page's widget, opened, in `lang`. */
async function openWidget(browser: Browser, lang: string): Promise<FrameLocator> {
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  if (lang !== "en") await widget.getByTestId("language-select").selectOption(lang);
  return widget;
}

// Issue 20: before writing, a customer searches the help centre from the
// widget as they type — in Chinese and in Arabic — reads an article with a
// file, downloads it and says whether it helped; an article an editor
// publishes meanwhile is found in the open widget at once.
test("customers search the help centre in the widget as they type, in Chinese and Arabic, and download an article's file", async ({ browser }) => {
  const widget = await openWidget(browser, "zh-CN");
  await widget.getByTestId("help-open").click();
  const help = widget.frameLocator("[data-testid=help-frame]");
  await expect(help.locator("html")).toHaveAttribute("lang", "zh-CN");
  await help.getByTestId("help-search").pressSequentially("运费");
  await expect(help.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/zh-CN/shipping-fees?embed=1");
  await widget.getByTestId("help-close").click();
  await expect(widget.getByTestId("help-panel")).toHaveCount(0);

  await widget.getByTestId("language-select").selectOption("ar");
  await widget.getByTestId("help-open").click();
  await expect(help.locator("html")).toHaveAttribute("dir", "rtl");
  await help.getByTestId("help-search").pressSequentially("أين طردي");
  await expect(help.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/ar/track-parcel?embed=1");
  await help.getByTestId("help-result").first().locator("a").click();
  await expect(help.getByTestId("help-article")).toBeVisible();
  await help.getByTestId("help-vote-yes").click();
  await expect(help.getByTestId("help-vote-thanks")).toBeVisible();
  await widget.getByTestId("help-close").click();

  // The customs article's file, downloaded from inside the widget.
  await widget.getByTestId("language-select").selectOption("en");
  await widget.getByTestId("help-open").click();
  await help.getByTestId("help-search").pressSequentially("commercial invoice");
  await expect(help.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/en/customs-documents?embed=1");
  await help.getByTestId("help-result").first().locator("a").click();
  const page = widget.owner().page();
  const [download] = await Promise.all([page.waitForEvent("download"), help.getByTestId("help-file").first().click()]);
  expect(download.suggestedFilename()).toBe("commercial-invoice-template.pdf");
  await expectFieldsAtLeast16px(help, "the widget's help panel");

  // An editor publishes an article; the open widget finds it without a reload.
  const admin = await signedInDesk(browser);
  await admin.goto(`${APP}/desk/kb?site=demo&article=new`);
  await admin.getByTestId("kb-slug").fill("pallet-rules");
  await admin.getByTestId("kb-collection").selectOption("shipping");
  await admin.getByTestId("kb-title").fill("Shipping on pallets");
  await admin.getByTestId("kb-body").fill("Pallets up to 800 kg travel by road freight within the EU.");
  await admin.getByTestId("kb-published").check();
  await admin.getByTestId("kb-save").click();
  await expect(admin.getByTestId("kb-done")).toHaveAttribute("data-what", "saved");
  await help.getByTestId("help-search").fill("");
  await help.getByTestId("help-search").pressSequentially("pallets");
  await expect(help.getByTestId("help-result").first().locator("a")).toHaveAttribute("href", "/help/demo/en/pallet-rules?embed=1");
});

// Issue 20: with the bot on, it answers a question its articles cover, the
// customer reads the article in the widget, says it did not help and asks
// for a person; the agent who takes over sees the bot's messages, the
// article offered and the customer's verdict.
test("the bot answers, the customer asks for a person, the agent sees the bot's part", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await admin.goto(`${APP}/desk/kb?site=demo`);
  await admin.getByTestId("kb-bot").check();
  await admin.getByTestId("kb-bot-save").click();
  await expect(admin.getByTestId("kb-done")).toHaveAttribute("data-what", "bot_on");
  try {
    const widget = await openWidget(browser, "en");
    await pickTopic(widget);
    await widget.getByTestId("composer-input").fill("Where is my parcel? Order BT-7781");
    await widget.getByTestId("composer-send").click();
    const answer = widget.locator("[data-testid=message][data-author=bot]").first();
    await expect(answer).toContainText("track");
    await expect(widget.getByTestId("talk-to-person")).toBeVisible();
    await answer.getByTestId("bot-article").click();
    const help = widget.frameLocator("[data-testid=help-frame]");
    await expect(help.getByTestId("help-article")).toBeVisible();
    await help.getByTestId("help-vote-no").click();
    await expect(help.getByTestId("help-vote-thanks")).toBeVisible();
    await help.getByTestId("help-talk-to-person").click();
    await expect(widget.getByTestId("help-panel")).toHaveCount(0);
    await expect(widget.locator("[data-testid=message][data-author=bot]").last()).toContainText("fetching a person");
    await expect(widget.getByTestId("talk-to-person")).toHaveCount(0);
    await expectAccessible(widget.owner().page(), "the widget after the bot's hand-over");

    await admin.goto(`${APP}/desk`);
    await admin.getByTestId("conversation-item").filter({ hasText: "fetching a person" }).first().click();
    await expect(admin.locator("[data-testid=message][data-author=bot]").first()).toContainText("track");
    const part = admin.getByTestId("bot-part");
    await expect(part).toHaveAttribute("data-holding", "false");
    await expect(part.getByTestId("bot-offered-article")).toHaveAttribute("data-helpful", "no");
  } finally {
    await admin.goto(`${APP}/desk/kb?site=demo`);
    await admin.getByTestId("kb-bot").uncheck();
    await admin.getByTestId("kb-bot-save").click();
    await expect(admin.getByTestId("kb-done")).toHaveAttribute("data-what", "bot_off");
  }
});
