import { expect, type Browser } from "@playwright/test";
import { DEMO } from "../playwright.config";
import { pickTopic, signedInDesk, test } from "./helpers";

/** A customer page with the widget open and connected, in a browser set to `locale`. */
async function openWidget(browser: Browser, locale: string, path = "/demo", timezoneId?: string) {
  const ctx = await browser.newContext({ locale, timezoneId, viewport: { width: 900, height: 760 } });
  const page = await ctx.newPage();
  // Hydration mismatches and script errors (in the page or the widget frame).
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /hydrat/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${DEMO}${path}`);
  await page.getByTestId("launcher").click();
  const widget = page.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  return { ctx, page, widget, problems };
}

test("an Arabic browser gets the widget in Arabic, right to left", async ({ browser }) => {
  const { page, widget, problems } = await openWidget(browser, "ar-EG");
  await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", "تحدّث معنا");
  const panel = widget.getByTestId("widget-panel");
  await expect(panel).toHaveAttribute("dir", "rtl");
  await expect(panel).toHaveAttribute("lang", "ar");
  await expect(widget.getByTestId("greeting")).toHaveText("مرحبًا! كيف يمكننا مساعدتك اليوم؟");
  await expect(widget.getByTestId("composer-send")).toHaveText("إرسال");
  // Latin order numbers inside Arabic text keep their order (bidi-isolated bubble).
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("أين طلبي رقم NW-2048-77؟");
  await widget.getByTestId("composer-send").click();
  const mine = widget.locator("[data-testid=message][data-author=customer]");
  await expect(mine).toHaveAttribute("data-status", /sent|delivered|read/);
  await expect(mine.locator(".body")).toHaveText("أين طلبي رقم NW-2048-77؟");
  // Mirrored layout: the customer's own bubble sits on the left, the close
  // button at the start (left) of the header, the send button left of the input.
  const panelBox = (await panel.boundingBox())!;
  const mineBox = (await mine.boundingBox())!;
  expect(mineBox.x - panelBox.x).toBeLessThan(panelBox.width / 2 - mineBox.width / 2);
  const close = (await widget.locator("button.close").boundingBox())!;
  expect(close.x).toBeLessThan(panelBox.x + panelBox.width / 2);
  const send = (await widget.getByTestId("composer-send").boundingBox())!;
  const input = (await widget.getByTestId("composer-input").boundingBox())!;
  expect(send.x).toBeLessThan(input.x);
  await page.screenshot({ path: test.info().outputPath("widget-ar.png") });
  expect(problems).toEqual([]);
});

test("switching to Japanese changes the widget live and survives a reload; the desk sees it", async ({ browser }) => {
  const { page, widget } = await openWidget(browser, "en-US", "/demo", "Asia/Tokyo");
  await expect(widget.getByTestId("composer-send")).toHaveText("Send");
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Do you deliver to Osaka?");
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-testid=message]")).toHaveCount(1);

  await widget.getByTestId("language-select").selectOption("ja");
  await expect(widget.getByTestId("composer-send")).toHaveText("送信");
  await expect(widget.getByTestId("greeting")).toHaveText("こんにちは！どのようなご用件でしょうか？");
  await expect(widget.getByTestId("widget-panel")).toHaveAttribute("dir", "ltr");
  await expect(widget.locator("[data-testid=message] .who")).toHaveText("あなた");
  await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", "チャットで問い合わせる");

  await page.reload();
  await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", "チャットで問い合わせる");
  await page.getByTestId("launcher").click();
  const again = page.frameLocator("iframe");
  await expect(again.getByTestId("composer-send")).toHaveText("送信");
  await expect(again.getByTestId("language-select")).toHaveValue("ja");
  await expect(again.locator("[data-testid=message]")).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("widget-ja.png") });

  // The agent (browser in Berlin time, English) sees the customer's language and Tokyo time.
  const desk = await signedInDesk(browser);
  await desk.getByTestId("conversation-item").filter({ hasText: "Osaka" }).getByRole("button").click();
  await expect(desk.getByTestId("customer-language")).toHaveAttribute("data-locale", "ja");
  await expect(desk.getByTestId("customer-language")).toContainText("日本語");
  const tokyo = await desk.evaluate(() =>
    new Intl.DateTimeFormat("en", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" }).format(new Date()),
  );
  await expect(desk.getByTestId("customer-local-time")).toContainText("Local time:");
  await expect(desk.getByTestId("customer-local-time")).toContainText(tokyo.slice(0, 2));
  await expect(desk.getByTestId("customer-local-time")).toContainText("GMT+9");

  // The desk itself switches language live.
  await desk.getByTestId("desk-language-select").selectOption("de");
  await expect(desk.getByTestId("action-assign")).toHaveText("Übernehmen");
  await expect(desk.getByTestId("customer-local-time")).toContainText("Ortszeit:");
});

test("the site owner forces a language with data-locale, and the JS API switches it", async ({ browser }) => {
  const { page, widget } = await openWidget(browser, "en-US", "/demo?locale=de");
  await expect(widget.getByTestId("composer-send")).toHaveText("Senden");
  await expect(page.getByTestId("launcher")).toHaveAttribute("aria-label", "Chatten Sie mit uns");
  await page.evaluate(() => (window as unknown as { Parley: { setLocale(t: string): void } }).Parley.setLocale("es"));
  await expect(widget.getByTestId("composer-send")).toHaveText("Enviar");
  await expect(widget.getByTestId("language-select")).toHaveValue("es");
});

test("Chinese, Spanish and German browsers get their language; screenshots of every locale", async ({ browser }) => {
  const expected: Record<string, [string, string]> = {
    "en-US": ["en", "Send"],
    "zh-Hans-CN": ["zh-CN", "发送"],
    "es-MX": ["es", "Enviar"],
    "de-AT": ["de", "Senden"],
    "ja-JP": ["ja", "送信"],
    "ar-SA": ["ar", "إرسال"],
  };
  for (const [browserLocale, [locale, send]] of Object.entries(expected)) {
    const { ctx, page, widget, problems } = await openWidget(browser, browserLocale);
    await expect(widget.getByTestId("composer-send")).toHaveText(send);
    expect(problems, browserLocale).toEqual([]);
    await expect(widget.getByTestId("widget-panel")).toHaveAttribute("lang", locale);
    if (locale === "zh-CN") {
      await expect(widget.locator("[data-testid=language-select] option:checked")).toHaveText("简体中文");
    }
    await page.screenshot({ path: test.info().outputPath(`widget-${locale}.png`) });
    await ctx.close();
  }
});

test("an admin sees which languages lack a text, and customers get the named fallback", async ({ browser }) => {
  const desk = await signedInDesk(browser);
  await desk.getByTestId("texts-link").click();
  await expect(desk.getByTestId("texts-missing-count")).toHaveAttribute("data-count", "0");
  const ja = desk.getByTestId("text-greeting-ja");
  const original = await ja.inputValue();
  await ja.fill("");
  await desk.getByTestId("text-greeting-en").fill("Welcome to Northwind! Ask us anything.");
  await desk.getByTestId("texts-save").click();
  await expect(desk.getByTestId("texts-saved")).toBeVisible();
  await expect(desk.getByTestId("texts-missing-count")).toHaveAttribute("data-count", "1");
  await expect(desk.getByTestId("missing-greeting-ja")).toContainText("English");

  // A Japanese customer gets the Japanese interface and the English greeting, as the page said.
  const { widget } = await openWidget(browser, "ja-JP");
  await expect(widget.getByTestId("composer-send")).toHaveText("送信");
  await expect(widget.getByTestId("greeting")).toHaveText("Welcome to Northwind! Ask us anything.");

  // Put the texts back for any later test.
  await desk.getByTestId("text-greeting-ja").fill(original);
  await desk.getByTestId("text-greeting-en").fill("Hi! How can we help you today?");
  await desk.getByTestId("texts-save").click();
  await expect(desk.getByTestId("texts-missing-count")).toHaveAttribute("data-count", "0");
});

test("the away message and the solved question are per locale; topic translations are listed", async ({ browser }) => {
  const desk = await signedInDesk(browser);
  await desk.getByTestId("texts-link").click();
  // The demo's topics and form labels exist in every language.
  await expect(desk.getByTestId("topics-missing-count")).toHaveAttribute("data-count", "0");
  await expect(desk.getByTestId("topic-logistics-ja")).toHaveText("配送・お届け");
  await expect(desk.getByTestId("label-product-photos-ar")).toHaveText("صور المشكلة");
  const away = desk.getByTestId("text-away-de");
  const original = await away.inputValue();
  await away.fill("Wir sind gerade nicht da – Ihre Nachricht geht nicht verloren.");
  await desk.getByTestId("text-confirm-es").fill("");
  await desk.getByTestId("texts-save").click();
  await expect(desk.getByTestId("texts-saved")).toBeVisible();
  await expect(desk.getByTestId("missing-confirm-es")).toContainText("English");

  // Nobody who could answer is on shift (the admin is in no team): a German
  // customer reads the site's German away message.
  const { ctx, widget } = await openWidget(browser, "de-DE");
  await expect(widget.getByTestId("away-notice")).toHaveText("Wir sind gerade nicht da – Ihre Nachricht geht nicht verloren.");
  await ctx.close();

  await desk.getByTestId("text-away-de").fill(original);
  await desk.getByTestId("text-confirm-es").fill("¿Hemos resuelto tu problema?");
  await desk.getByTestId("texts-save").click();
  await expect(desk.getByTestId("texts-missing-count")).toHaveAttribute("data-count", "0");
});

test("an admin restricts the offered languages; customers get the site's default", async ({ browser }) => {
  const desk = await signedInDesk(browser);
  await desk.getByTestId("texts-link").click();
  for (const l of ["zh-CN", "es", "ja", "ar"]) await desk.getByTestId(`offer-${l}`).uncheck();
  await desk.getByTestId("default-locale").selectOption("de");
  await desk.getByTestId("languages-save").click();
  await expect(desk.getByTestId("texts-saved")).toBeVisible();
  await expect(desk.getByTestId("offer-ja")).not.toBeChecked();

  const { ctx, widget } = await openWidget(browser, "ja-JP");
  await expect(widget.getByTestId("composer-send")).toHaveText("Senden");
  await expect(widget.locator("[data-testid=language-select] option")).toHaveText(["English", "Deutsch"]);
  await ctx.close();

  // A default that is not offered is refused with a translated message.
  await desk.getByTestId("offer-de").uncheck();
  await desk.getByTestId("languages-save").click();
  await expect(desk.locator("[data-code=default_not_offered]")).toHaveText(
    "The default language must be one of the offered languages.",
  );

  // Offer everything again, English by default.
  for (const l of ["en", "zh-CN", "es", "de", "ja", "ar"]) await desk.getByTestId(`offer-${l}`).check();
  await desk.getByTestId("default-locale").selectOption("en");
  await desk.getByTestId("languages-save").click();
  await expect(desk.getByTestId("texts-saved")).toBeVisible();
});

test("Japanese and Chinese text without spaces wraps in bubbles and truncates in the list", async ({ browser }) => {
  const { widget } = await openWidget(browser, "ja-JP");
  const long = "お届け予定日を確認したいのですが注文番号はNW-998877で配送先は大阪府大阪市北区梅田一丁目です".repeat(2);
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill(long);
  await widget.getByTestId("composer-send").click();
  const bubble = widget.locator("[data-testid=message][data-author=customer]");
  await expect(bubble).toHaveAttribute("data-status", /sent|delivered|read/);
  const panel = (await widget.getByTestId("message-list").boundingBox())!;
  const box = (await bubble.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(panel.width * 0.86);
  expect(box.height).toBeGreaterThan(60); // wrapped onto several lines, not overflowing
  const overflow = await bubble.locator(".body").evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(overflow).toBe(false);

  const desk = await signedInDesk(browser);
  const preview = desk
    .getByTestId("conversation-item")
    .filter({ hasText: "お届け予定日" })
    .locator(".preview");
  await expect(preview).toBeVisible();
  const clipped = await preview.evaluate((el) => ({
    overflows: el.scrollWidth > el.clientWidth,
    ellipsis: getComputedStyle(el).textOverflow,
    lines: Math.round(
      el.getBoundingClientRect().height / (parseFloat(getComputedStyle(el).lineHeight) || 24),
    ),
  }));
  expect(clipped.overflows).toBe(true);
  expect(clipped.ellipsis).toBe("ellipsis");
  expect(clipped.lines).toBeLessThanOrEqual(1);
});

// Money and weights in the reader's format (R-I18N2, R-SELF4): the same
// price line quoted for a German, a Japanese and an Arabic customer. The
// expected text is what the browser's own Intl says for that locale, and it
// must differ between them: the widget formats per reader, never by hand.
test("the fee calculator quotes in the reader's number and currency format", async ({ browser }) => {
  const seen: Record<string, string> = {};
  for (const [locale, typed] of [["de-DE", "1,2"], ["ja-JP", "１．２"], ["ar-EG", "١٫٢"]] as const) {
    const { ctx, page, widget, problems } = await openWidget(browser, locale);
    await expect(widget.getByTestId("fees-panel")).toHaveCount(0);
    const toggle = widget.getByTestId("fees-toggle");
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const line = widget.getByTestId("fees-line");
    await expect(line.locator("option[value=us-air]")).toHaveText(
      { "de-DE": "USA, Luftfracht", "ja-JP": "米国向け航空便", "ar-EG": "الولايات المتحدة، شحن جوي" }[locale],
    );
    const lang = locale.slice(0, 2);
    const intl = await page.evaluate(
      ([l]) => ({
        first: new Intl.NumberFormat(l, { style: "currency", currency: "CNY" }).format(120),
        total: new Intl.NumberFormat(l, { style: "currency", currency: "CNY" }).format(220),
        half: new Intl.NumberFormat(l, { style: "unit", unit: "kilogram", maximumFractionDigits: 3 }).format(0.5),
        euro: new Intl.NumberFormat(l, { style: "currency", currency: "EUR" }).format(14.9),
      }),
      [lang],
    );
    // The rate card: "first 0.5 kg 120, each further 0.5 kg 50", formatted.
    await expect(widget.getByTestId("fees-rate")).toContainText(intl.first);
    await expect(widget.getByTestId("fees-rate")).toContainText(intl.half);
    // 1.2 kg typed the way this keyboard types it → 120 + 2 × 50.
    await widget.getByTestId("fees-weight").fill(typed);
    const result = widget.getByTestId("fees-result");
    await expect(result).toHaveAttribute("data-amount", "22000");
    await expect(result).toContainText(intl.total);
    seen[locale] = (await result.textContent()) ?? "";
    // Another line, another currency (9.90 + 2 started kg × 2.50); too heavy
    // and nonsense are explained.
    await line.selectOption("eu-road");
    await widget.getByTestId("fees-weight").fill("2.5");
    await expect(result).toHaveAttribute("data-amount", "1490");
    await expect(result).toContainText(intl.euro);
    await widget.getByTestId("fees-weight").fill("40");
    await expect(result).toHaveClass(/error/);
    await expect(result).not.toHaveAttribute("data-amount", /.+/);
    await widget.getByTestId("fees-weight").fill("abc");
    await expect(result).toHaveClass(/error/);
    if (lang === "ar") await page.screenshot({ path: test.info().outputPath("fees-ar.png") });
    expect(problems).toEqual([]);
    await ctx.close();
  }
  expect(new Set(Object.values(seen)).size).toBe(3);
  expect(seen["de-DE"]).toContain("220,00");
  expect(seen["ja-JP"]).toContain("220.00");
});
