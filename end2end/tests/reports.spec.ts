import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { APP } from "../playwright.config";
import { createStaff, expectAccessible, expectFieldsAtLeast16px, signedInDesk, test } from "./helpers";

// Issue 21: the service reports of the conversations the earlier specs held
// (no new customer here: the routing spec after this one expects an empty
// queue). Filters, a chart with its summary and data table, a CSV download
// parsed back, a refusal translated, right to left in Arabic.

test("a supervisor's reports: filters, a chart and its table, the CSV export", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await admin.getByTestId("reports-link").click();
  await expect(admin).toHaveURL(/\/desk\/reports$/);
  const totals = admin.getByTestId("report-totals");
  await expect(totals).toBeVisible();
  const conversations = Number(await totals.locator("[data-metric=conversations]").getAttribute("data-value"));
  expect(conversations, "the earlier specs' conversations").toBeGreaterThan(0);
  // Each target is judged in words, not by colour alone.
  const onTime = totals.locator("[data-metric=on_time_first_response]");
  await expect(onTime).toHaveAttribute("data-verdict", /^(met|missed)$/);
  // (Fluent isolates the placeables: U+2068 … U+2069.)
  await expect(onTime.locator(".metric-verdict")).toContainText(/Target (met|missed)\u2069? \(\u2068?at least 95 %/);
  // The QA spec's one review (82.5 %) is the mean QA score.
  await expect(totals.locator("[data-metric=qa_score]")).toHaveAttribute("data-value", "8250");
  // Admins see the monthly audit-log review; this Parley's log began today.
  await expect(admin.getByTestId("audit-unreviewed-count")).toHaveAttribute("data-count", "0");
  await expectAccessible(admin, "/desk/reports");
  await expectFieldsAtLeast16px(admin, "/desk/reports");

  // By language, week by week, in Shanghai's days.
  await admin.getByTestId("report-by").selectOption("language");
  await admin.getByTestId("report-period").selectOption("week");
  await admin.getByTestId("report-tz").fill("Asia/Shanghai");
  await admin.getByTestId("report-apply").click();
  await expect(admin).toHaveURL(/by=language/);
  await expect(admin).toHaveURL(/tz=Asia%2FShanghai/);
  await expect(admin.getByTestId("report-scope")).toContainText("Asia/Shanghai");
  const chart = admin.getByTestId("chart-slices-on-time");
  await expect(chart.locator("svg")).toHaveAttribute("aria-hidden", "true");
  await expect(admin.getByTestId("summary-slices-on-time")).toContainText(/Highest|Nothing to show/);
  const english = admin.getByTestId("table-slices-on-time").locator("tr[data-key=en]");
  await expect(english.locator("th")).toHaveText("English");
  // The slices add up to the total.
  const table = admin.getByTestId("report-table");
  const counts = await table.locator("tbody tr:not(:first-child) td[data-metric=conversations]").allTextContents();
  expect(counts.reduce((a, c) => a + Number(c), 0)).toBe(conversations);
  await expect(admin.getByTestId("report-trend-table").locator("thead th").first()).toHaveText("Week");

  // The slices table as CSV: a byte-order mark, a header, the total first.
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByTestId("report-export-slices").click()]);
  expect(download.suggestedFilename()).toMatch(/^parley-report-demo-language-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split("\r\n").map((l) => l.split(","));
  expect(lines[0].slice(0, 3)).toEqual(["language", "name", "conversations"]);
  expect(lines[1][0]).toBe("total");
  expect(Number(lines[1][2])).toBe(conversations);
  const en = lines.find((l) => l[0] === "en")!;
  const rate = Number(en[lines[0].indexOf("response_rate")]);
  expect(rate).toBeGreaterThanOrEqual(0);
  expect(rate).toBeLessThanOrEqual(1);

  // A time zone that does not exist is refused, in words.
  await admin.getByTestId("report-tz").fill("Mars/Olympus");
  await admin.getByTestId("report-apply").click();
  await expect(admin.getByTestId("reports-refused")).toHaveAttribute("data-code", "time_zone_unknown");
  await expect(admin.getByTestId("reports-refused")).toContainText("Unknown time zone");

  // In Arabic the page reads right to left, charts mirrored, still accessible.
  await admin.goto(`${APP}/desk`);
  await expect(admin.getByTestId("desk-language-select")).toBeEnabled();
  await admin.getByTestId("desk-language-select").selectOption("ar");
  await expect(admin.locator("html")).toHaveAttribute("dir", "rtl");
  await admin.goto(`${APP}/desk/reports?by=priority`);
  await expect(admin.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(admin.getByTestId("report-by")).toContainText("الأولوية");
  await expect(admin.getByTestId("chart-slices-csat")).toBeVisible();
  await expectAccessible(admin, "/desk/reports in Arabic");
  await admin.goto(`${APP}/desk`);
  await expect(admin.getByTestId("desk-language-select")).toBeEnabled();
  await admin.getByTestId("desk-language-select").selectOption("en");
  await expect(admin.locator("html")).toHaveAttribute("dir", "ltr");

  // An agent is refused, in words.
  await createStaff(admin, "Rita Reports", "reports-agent@e2e.local", "a long enough password", "mid");
  const agent = await signedInDesk(browser, "reports-agent@e2e.local", "a long enough password");
  await expect(agent.getByTestId("reports-link")).toHaveCount(0);
  await agent.goto(`${APP}/desk/reports`);
  await expect(agent.getByTestId("reports-refused")).toHaveAttribute("data-code", "forbidden");
});
