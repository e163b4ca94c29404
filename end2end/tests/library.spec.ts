import { expect } from "@playwright/test";
import { customerWrites, expectAccessible, expectFieldsAtLeast16px, signedInDesk, test } from "./helpers";

// Issue 21 (R-QA4): the agent resolves a case and adds it to the case
// library from the case panel (the customer's e-mail address is taken out);
// a later customer with the same trouble gets the case among the similar
// cases of their case panel, and the library page finds it by search.
// Both conversations end resolved (the routing spec after expects no
// customer left waiting).
test("a resolved case is added to the library and found from a later conversation", async ({ browser }) => {
  await customerWrites(browser, "The label on my parcel LIB-7781 shows the wrong postcode");
  const desk = await signedInDesk(browser);
  await desk.getByTestId("filter-view").selectOption("all");
  await desk.getByTestId("conversation-item").filter({ hasText: "LIB-7781" }).click();
  await expect(desk.getByTestId("case-library")).toBeVisible();
  // Not resolved yet: nothing to add.
  await expect(desk.getByTestId("library-form")).toHaveCount(0);
  await resolveOpen(desk, "I have cancelled that label and sent you a new one.");

  const form = desk.getByTestId("library-form");
  await expect(form).toBeVisible();
  await form.getByTestId("library-demand").fill("Parcel label shows the wrong postcode; the customer wrote from lib@example.com");
  await form.getByTestId("library-solution").fill("Cancelled the label and sent a new one with the corrected postcode");
  await expectFieldsAtLeast16px(form, "the case library form");
  await form.getByTestId("library-add").click();
  await expect(desk.getByTestId("library-added")).toBeVisible();
  await expect(desk.getByTestId("library-form")).toHaveCount(0);
  await expectAccessible(desk, "the case panel with the case library");

  // A later customer, other words for the same trouble.
  await customerWrites(browser, "Hi, the postcode printed on my parcel label LIB-9902 is wrong");
  await desk.getByTestId("conversation-item").filter({ hasText: "LIB-9902" }).click();
  const similar = desk.getByTestId("similar-case").first();
  await expect(similar).toContainText("corrected postcode");
  await expect(similar).toContainText("[email]");
  await expect(similar).not.toContainText("lib@example.com");
  // Searching in the panel with the agent's own words.
  await desk.getByTestId("library-query").fill("postcode label");
  await desk.getByTestId("library-search").click();
  await expect(desk.getByTestId("similar-case").first()).toContainText("corrected postcode");
  await resolveOpen(desk, "Sorry about that: a new label is on its way.");

  // The library page: searched, accessible.
  await desk.getByTestId("library-link").click();
  await expect(desk.getByTestId("library-filter")).toBeVisible();
  await desk.getByTestId("library-page-query").fill("postcode");
  await desk.getByTestId("library-page-search").click();
  await expect(desk).toHaveURL(/q=postcode/);
  const found = desk.getByTestId("library-case").first();
  await expect(found).toContainText("corrected postcode");
  await expect(found.getByTestId("library-remove")).toBeVisible();
  await desk.getByTestId("library-page-query").fill("qqqzzz");
  await desk.getByTestId("library-page-search").click();
  await expect(desk.getByTestId("library-empty")).toBeVisible();
  await expectAccessible(desk, "/desk/library");
});

/** Takes the open conversation, answers `reply` and resolves it. */
async function resolveOpen(desk: import("@playwright/test").Page, reply: string): Promise<void> {
  await desk.getByTestId("action-assign").click();
  await expect(desk.getByTestId("conversation-status")).toHaveAttribute("data-status", "assigned");
  await desk.getByTestId("reply-input").fill(reply);
  await desk.getByTestId("reply-send").click();
  await expect(desk.getByTestId("conversation-status")).toHaveAttribute("data-status", "in_progress");
  await desk.getByTestId("action-resolve").click();
  await expect(desk.getByTestId("conversation-status")).toHaveAttribute("data-status", "resolved");
}
