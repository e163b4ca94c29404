import { expect, type Page } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";
import { createStaff, pickTopic, signedInDesk, test } from "./helpers";

/** The admin adds `email` with `role` in the round-the-clock team. */
async function teamMember(admin: Page, name: string, email: string, password: string, role: string) {
  const { card, id } = await createStaff(admin, name, email, password, role);
  await card.getByTestId(`agent-${id}-lang-en`).check();
  await card.getByTestId(`agent-${id}-team-Around the clock`).check();
  await card.getByTestId(`agent-${id}-save`).click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();
}

// Issue 18: a junior agent proposes 80 USD, beyond their 50 USD authority;
// the request reaches the team's supervisor live, who approves it; the
// junior sees the decision and the German customer reads the outcome in
// German, the amount in German format.
test("a junior proposes 80 USD → the supervisor approves live → the customer reads it in German", async ({ browser }) => {
  const errors: string[] = [];
  const admin = await signedInDesk(browser);
  await teamMember(admin, "Jun", "jun@e2e.local", "jun-long-password-42", "junior");
  await teamMember(admin, "Sue", "sue@e2e.local", "sue-long-password-42", "supervisor");

  // A German customer writes.
  const customerCtx = await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  const customer = await customerCtx.newPage();
  customer.on("pageerror", (e) => errors.push(String(e)));
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Paket 4711 kam zerbrochen an");
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-testid=message][data-author=customer]")).toHaveAttribute(
    "data-status",
    /sent|delivered|read/,
  );

  // The admin hands it to Jun.
  await admin.goto(`${APP}/desk`);
  await admin.getByTestId("conversation-item").filter({ hasText: "Paket 4711" }).getByRole("button").click();
  await admin.getByTestId("transfer-agent").selectOption({ label: "Jun" });
  await admin.getByTestId("transfer-submit").click();

  const jun = await signedInDesk(browser, "jun@e2e.local", "jun-long-password-42");
  jun.on("pageerror", (e) => errors.push(String(e)));
  const sue = await signedInDesk(browser, "sue@e2e.local", "sue-long-password-42");
  sue.on("pageerror", (e) => errors.push(String(e)));
  await jun.getByTestId("conversation-item").filter({ hasText: "Paket 4711" }).getByRole("button").click();
  const form = jun.getByTestId("compensation-form");
  await expect(form.getByTestId("compensation-limit")).toContainText("$50.00");
  await form.getByTestId("compensation-kind").selectOption("refund");
  await form.getByTestId("compensation-amount-input").fill("80");
  await form.getByTestId("compensation-currency").fill("USD");
  await form.getByTestId("compensation-reason").fill("Parcel arrived broken; photos in the chat");
  await form.getByTestId("compensation-propose").click();
  const line = jun.getByTestId("compensation-line").first();
  await expect(line).toHaveAttribute("data-outcome", "waiting");
  await expect(line).toHaveAttribute("data-stage", "supervisors");
  await expect(line.getByTestId("compensation-standing")).toContainText("Waiting for a supervisor");
  // The proposer cannot decide their own proposal.
  await expect(line.getByTestId("compensation-decide")).toHaveCount(0);

  // Sue hears of it at once, without a reload, and approves.
  const request = sue.getByTestId("approvals").getByTestId("compensation-line");
  await expect(request).toHaveCount(1);
  await expect(request).toContainText("$80.00");
  await expect(request).toContainText("Jun");
  await request.getByTestId("compensation-approve").click();
  await expect(sue.getByTestId("approvals")).toBeHidden();

  await expect(line).toHaveAttribute("data-outcome", "approved");
  // (Fluent isolates the names and amounts it places: U+2068 … U+2069.)
  await expect(line.getByTestId("compensation-standing")).toContainText(/Approved by \u2068?Sue/);

  // The customer reads the outcome in German.
  const notice = widget.locator("[data-testid=message][data-author=system]");
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText("Wir erstatten Ihnen");
  await expect(notice).toContainText("80,00");
  await expect(notice).toContainText("$");
  // The desk shows the same notice in the agent's language.
  await expect(jun.locator("[data-testid=message][data-author=system]")).toContainText(
    /We are refunding you \u2068?\$80\.00\u2069?\./,
  );
  expect(errors).toEqual([]);
  // Jun and Sue leave: later tests expect nobody of that team online.
  await jun.context().close();
  await sue.context().close();
  await customerCtx.close();
});
