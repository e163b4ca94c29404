import { expect } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";
import { pickTopic, signedInDesk, test } from "./helpers";

// Issue 18: a customer complains through the complaint topic; the complaint
// appears in the ledger with its clocks; staff take it into work from its
// case view (a plain form) and the desk's case panel follows; the monthly
// analysis shows it with each chart's table.
test("a complaint from the widget → the ledger → registered from its case view → analysis", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(widget, "complaint");
  await widget.getByTestId("composer-input").fill("My parcel was left in the rain and everything is wet");
  await widget.getByTestId("composer-send").click();
  await expect(widget.locator("[data-testid=message][data-author=customer]")).toHaveAttribute(
    "data-status",
    /sent|delivered|read/,
  );

  const desk = await signedInDesk(browser);
  await desk.getByTestId("complaints-link").click();
  await expect(desk).toHaveURL(/\/desk\/complaints$/);
  const row = desk.getByTestId("complaint-row").filter({ hasText: "complaint" }).first();
  await expect(row).toHaveAttribute("data-step", "raised");
  // The filters narrow the ledger: open complaints of the complaint topic.
  await desk.getByTestId("filter-state").selectOption("open");
  await desk.getByTestId("filter-category").selectOption("complaint");
  await desk.getByTestId("filter-apply").click();
  await expect(desk).toHaveURL(/state=open/);
  await desk.getByTestId("complaint-row").first().getByRole("link").click();
  const caseView = desk.getByTestId("complaint-case");
  await expect(caseView.getByTestId("case-summary")).toContainText("left in the rain");
  await expect(caseView.getByTestId("case-clocks").locator("[data-clock=registration]")).toHaveAttribute(
    "data-standing",
    /running|due_soon/,
  );
  await caseView.getByTestId("step-note").fill("Calling the courier now");
  await caseView.getByTestId("step-submit").click();
  await expect(desk.getByTestId("complaint-saved")).toBeVisible();
  await expect(desk.getByTestId("complaint-case")).toHaveAttribute("data-step", "registered");
  await expect(desk.getByTestId("case-history").locator("[data-action=registered]")).toContainText("Calling the courier now");
  await expect(desk.getByTestId("case-owner")).not.toBeEmpty();

  // The conversation's case panel in the desk shows where it stands.
  await desk.goto(`${APP}/desk`);
  await desk.getByTestId("conversation-item").filter({ hasText: "left in the rain" }).getByRole("button").click();
  await expect(desk.getByTestId("complaint-step")).toHaveAttribute("data-step", "registered");

  // The monthly analysis counts it, each chart with its data table.
  await desk.goto(`${APP}/desk/complaints/analysis`);
  await expect(desk.getByTestId("analysis-share")).toHaveAttribute("data-complaints", /[1-9]/);
  for (const t of ["category", "on-time", "compensation", "trend"]) {
    await expect(desk.getByTestId(`table-${t}`)).toBeVisible();
  }
  await expect(desk.getByTestId("table-category").locator("[data-key=complaint]")).toBeVisible();
});
