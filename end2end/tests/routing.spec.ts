import { expect } from "@playwright/test";
import { DEMO } from "../playwright.config";
import { pickTopic, signedInDesk, test } from "./helpers";

// The admin adds an agent and their routing profile in the staff page; the
// agent opens their desk and a Japanese customer's conversation lands in it
// without anyone assigning it. When the agent steps away, the next customer
// sees their place in the queue and that nobody is online; when the agent is
// back, it is theirs and the queue notice goes.
test("staff page → routing to the available agent → queue place while away", async ({ browser }) => {
  const errors: string[] = [];
  const admin = await signedInDesk(browser);
  admin.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await admin.getByTestId("staff-link").click();
  await expect(admin.getByTestId("new-agent-form")).toBeVisible();

  // A too-short password is refused with a translated reason.
  const form = admin.getByTestId("new-agent-form");
  await form.locator("input[name=name]").fill("Kenji");
  await form.locator("input[name=email]").fill("kenji@e2e.local");
  await form.locator("input[name=password]").evaluate((el: HTMLInputElement) => el.removeAttribute("minlength"));
  await form.locator("input[name=password]").fill("short");
  await admin.getByTestId("new-agent-save").click();
  await expect(admin.getByTestId("staff-error")).toHaveAttribute("data-code", "password_too_short");
  await expect(admin.getByTestId("staff-error")).toContainText("12");

  await form.locator("input[name=name]").fill("Kenji");
  await form.locator("input[name=email]").fill("kenji@e2e.local");
  await form.locator("input[name=password]").fill("kenji-password-123");
  await admin.getByTestId("new-agent-save").click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();
  const card = admin.getByTestId("staff-agent").filter({ hasText: "kenji@e2e.local" });
  await expect(card).toHaveCount(1);
  const id = await card.getAttribute("data-agent-id");
  await card.getByTestId(`agent-${id}-lang-ja`).check();
  await card.getByTestId(`agent-${id}-team-Around the clock`).check();
  await card.getByTestId(`agent-${id}-skills`).fill("logistics, returns");
  // Enough seats for whatever earlier tests left waiting in that queue.
  await card.getByTestId(`agent-${id}-capacity`).fill("50");
  await card.getByTestId(`agent-${id}-save`).click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();
  const saved = admin.getByTestId("staff-agent").filter({ hasText: "kenji@e2e.local" });
  await expect(saved.getByTestId(`agent-${id}-lang-ja`)).toBeChecked();
  await expect(saved.getByTestId(`agent-${id}-skills`)).toHaveValue("logistics, returns");
  await expect(saved.getByTestId(`agent-${id}-status`)).toHaveAttribute("data-status", "offline");

  // Kenji opens his desk: available by default.
  const kenji = await signedInDesk(browser, "kenji@e2e.local", "kenji-password-123");
  kenji.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await expect(kenji.getByTestId("availability-select")).toHaveAttribute("data-availability", "available");
  await kenji.getByTestId("filter-view").selectOption("mine");

  // A Japanese customer writes: the conversation is Kenji's at once.
  const first = await (await browser.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo" })).newPage();
  await first.goto(`${DEMO}/demo`);
  await first.getByTestId("launcher").click();
  const w1 = first.frameLocator("iframe");
  await expect(w1.locator("[data-online='true']")).toBeAttached();
  await pickTopic(w1);
  await w1.getByTestId("composer-input").fill("荷物の配達日を変更したいです");
  await w1.getByTestId("composer-send").click();
  const mine = kenji.getByTestId("conversation-item").filter({ hasText: "配達日を変更" });
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute("data-status", "assigned");
  await expect(w1.getByTestId("queue")).toBeHidden();

  // Kenji steps away: the next customer waits and sees where they stand.
  await kenji.getByTestId("availability-select").selectOption("away");
  await expect(kenji.getByTestId("availability-select")).toHaveAttribute("data-availability", "away");
  await admin.reload();
  await expect(admin.getByTestId("staff-agent").filter({ hasText: "kenji@e2e.local" })
    .getByTestId(`agent-${id}-status`)).toHaveAttribute("data-status", "away");
  const second = await (await browser.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo" })).newPage();
  await second.goto(`${DEMO}/demo`);
  await second.getByTestId("launcher").click();
  const w2 = second.frameLocator("iframe");
  await expect(w2.locator("[data-online='true']")).toBeAttached();
  await pickTopic(w2);
  await w2.getByTestId("composer-input").fill("返品の方法を教えてください");
  await w2.getByTestId("composer-send").click();
  const queue = w2.getByTestId("queue");
  await expect(queue).toBeVisible();
  await expect(queue).toHaveAttribute("data-staff-online", "false");
  expect(Number(await queue.getAttribute("data-position"))).toBeGreaterThanOrEqual(1);
  await expect(w2.getByTestId("away-notice")).toBeVisible();
  await expect(w2.getByTestId("away-notice")).toContainText("不在");
  const secondItem = kenji.getByTestId("conversation-item").filter({ hasText: "返品の方法" });
  await expect(secondItem).toHaveCount(0);

  // Back: the waiting conversation is his, and the customer's queue notice goes.
  await kenji.getByTestId("availability-select").selectOption("available");
  await expect(secondItem).toHaveCount(1);
  await expect(secondItem).toHaveAttribute("data-status", "assigned");
  await expect(queue).toBeHidden();
  await expect(w2.getByTestId("away-notice")).toBeHidden();

  // The case panel shows the customer; staff mark them important.
  await secondItem.getByRole("button").first().click();
  const panel = kenji.getByTestId("case-panel");
  await expect(panel.getByTestId("customer-history")).toBeAttached();
  await expect(panel.getByTestId("customer-owner")).toBeDisabled();
  await panel.getByTestId("customer-tier").selectOption("core");
  await expect(panel.getByTestId("customer-owner")).toBeEnabled();
  await panel.getByTestId("customer-owner").selectOption({ label: "Kenji" });
  await panel.getByTestId("customer-save").click();
  await kenji.getByTestId("filter-tier").selectOption("core");
  await expect(secondItem).toHaveCount(1);
  await kenji.getByTestId("availability-select").selectOption("away");
  expect(errors).toEqual([]);
});
