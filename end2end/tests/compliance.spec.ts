import { expect } from "@playwright/test";
import { DEMO } from "../playwright.config";
import { pickTopic, signedInDesk, test } from "./helpers";

// An agent's reply with a promise the site forbids is held back in the desk
// with the reason; a phrase to avoid can be sent after confirming; the
// customer only ever sees what was sent. The admin edits the list on the
// staff page and desks apply it at once.
test("forbidden phrases: blocked, warned and confirmed, edited live", async ({ browser }) => {
  const errors: string[] = [];
  const customer = await (await browser.newContext({ locale: "en-US" })).newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Can I return the broken lamp for my money?");
  await widget.getByTestId("composer-send").click();

  const desk = await signedInDesk(browser);
  desk.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await desk.getByTestId("conversation-item").filter({ hasText: "broken lamp" }).getByRole("button").first().click();

  // Blocked: nothing is sent and the draft stays for rephrasing.
  await desk.getByTestId("reply-input").fill("Yes, we give an unconditional refund on everything.");
  await desk.getByTestId("reply-send").click();
  const notice = desk.getByTestId("compliance-notice");
  await expect(notice).toHaveAttribute("data-action", "block");
  await expect(notice).toContainText("unconditional refund");
  await expect(desk.getByTestId("compliance-send-anyway")).toHaveCount(0);
  await expect(desk.getByTestId("reply-input")).toHaveValue(/unconditional refund/);
  await desk.getByTestId("compliance-edit").click();
  await expect(notice).toHaveCount(0);

  // Warned: sent only after confirming.
  await desk.getByTestId("reply-input").fill("Yes, and I can promise a guaranteed delivery date for the new one.");
  await desk.getByTestId("reply-send").click();
  await expect(notice).toHaveAttribute("data-action", "warn");
  await desk.getByTestId("compliance-send-anyway").click();
  await expect(notice).toHaveCount(0);
  await expect(desk.getByTestId("reply-input")).toHaveValue("");
  await expect(widget.locator("[data-testid=message][data-author=agent]")).toHaveCount(1);
  await expect(widget.locator("[data-testid=message][data-author=agent]")).toContainText("guaranteed delivery date");

  // An internal note is for colleagues only: the desk shows it, the widget never does.
  await desk.getByTestId("note-input").fill("Customer is upset about the lamp; offer the replacement first.");
  await desk.getByTestId("note-save").click();
  await expect(desk.getByTestId("notes").getByTestId("note")).toContainText("offer the replacement first");
  await expect(widget.locator("body")).not.toContainText("offer the replacement");

  // The admin adds a phrase on the staff page; the open desk applies it at once.
  const admin = await signedInDesk(browser);
  await admin.getByTestId("staff-link").click();
  const en = admin.getByTestId("compliance-demo-en");
  const before = Number(await admin.getByTestId("compliance-version").getAttribute("data-version"));
  await en.fill(`${await en.inputValue()}\n!lifetime warranty`);
  await admin.getByTestId("compliance-save-demo").click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();
  await expect(admin.getByTestId("compliance-version")).toHaveAttribute("data-version", String(before + 1));
  await desk.getByTestId("reply-input").fill("It also comes with a LIFETIME warranty.");
  await desk.getByTestId("reply-send").click();
  await expect(notice).toHaveAttribute("data-action", "block");
  await expect(widget.locator("[data-testid=message][data-author=agent]")).toHaveCount(1);
  expect(errors).toEqual([]);
});
