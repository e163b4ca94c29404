import { expect } from "@playwright/test";
import { APP } from "../playwright.config";
import { createStaff, expectAccessible, expectFieldsAtLeast16px, signedInDesk, test } from "./helpers";

// Issue 21 (R-QA3): a supervisor draws this week's QA sample from the
// conversations the earlier specs resolved (the job draws a week once it
// has ended; the button draws it early), fills a review of one the admin
// handled — never their own — and the admin reads it among the reviews of
// their conversations.
test("a supervisor draws the week's QA sample and reviews a conversation; the agent reads it", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  const { card, id } = await createStaff(admin, "Quinn Quality", "qa-sup@e2e.local", "a long enough password", "supervisor");
  // A supervisor sees their teams' conversations: all of the demo site's.
  for (const team of await card.locator(`[data-testid^="agent-${id}-team-"]`).all()) await team.check();
  await card.getByTestId(`agent-${id}-save`).click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();

  const sup = await signedInDesk(browser, "qa-sup@e2e.local", "a long enough password");
  await sup.getByTestId("qa-link").click();
  await expect(sup.getByTestId("qa-sheet")).toBeVisible();
  // The default is last week (before these tests ran); this week is next.
  await sup.getByTestId("qa-next").click();
  await expect(sup.getByTestId("qa-week-title")).toBeVisible();
  const closed = Number(await sup.getByTestId("qa-counts").getAttribute("data-closed"));
  expect(closed, "the earlier specs resolved conversations this week").toBeGreaterThan(0);
  await expect(sup.getByTestId("qa-not-drawn")).toBeVisible();
  await sup.getByTestId("qa-draw").click();
  await expect(sup.getByTestId("qa-done")).toHaveAttribute("data-done", "drawn");
  await expect(sup.getByTestId("qa-drawn")).toHaveAttribute("data-seed", /^\d+$/);
  const sampled = Number(await sup.getByTestId("qa-counts").getAttribute("data-sampled"));
  // At least 10 %, and one per agent.
  expect(sampled).toBeGreaterThanOrEqual(Math.ceil(closed / 10));
  await expectAccessible(sup, "/desk/qa with a drawn week");
  await expectFieldsAtLeast16px(sup, "/desk/qa");

  // One the admin handled: drawn, or added by hand.
  const admins = /\(\u2068?Admin\u2069?\)/;
  let row = sup.getByTestId("qa-sample").filter({ hasText: admins }).first();
  if ((await row.count()) === 0) {
    await sup.getByTestId("qa-unsampled").locator("li").filter({ hasText: admins }).first().getByTestId("qa-add").click();
    await expect(sup.getByTestId("qa-done")).toHaveAttribute("data-done", "added");
    row = sup.getByTestId("qa-sample").filter({ hasText: admins }).first();
    await expect(row).toHaveAttribute("data-added", "hand");
  }
  const conversation = (await row.getAttribute("data-conversation"))!;
  const form = row.getByTestId("qa-review-form");
  for (const [key, points] of [["greeting", "4"], ["accuracy", "3"], ["compliance", "4"], ["tone", "2"], ["resolution", "4"]]) {
    await form.getByTestId(`qa-points-${key}`).selectOption(points);
  }
  await form.getByTestId("qa-comment").fill("Clear answer; a warmer tone next time.");
  await form.getByTestId("qa-review-save").click();
  await expect(sup.getByTestId("qa-done")).toHaveAttribute("data-done", "reviewed");
  const reviewed = sup.locator(`[data-testid=qa-sample][data-conversation="${conversation}"]`);
  await expect(reviewed).toHaveAttribute("data-reviewed", "true");
  // (10·4 + 30·3 + 20·4 + 20·2 + 20·4) / 400 = 82.5 %
  await expect(reviewed).toContainText("82.50 %");

  // The admin handled it: they read the review, and may not review it.
  await admin.goto(`${APP}/desk/qa`);
  const mine = admin.locator(`[data-testid=qa-my-review][data-conversation="${conversation}"]`);
  await expect(mine).toHaveAttribute("data-score", "8250");
  await expect(mine).toContainText("a warmer tone next time");
  await expect(mine).toContainText("Quinn Quality");
  await expectAccessible(admin, "/desk/qa with the agent's own reviews");
});
