import { expect, test } from "@playwright/test";
import { signedInDesk } from "./helpers";

// An admin changes an SLA target on the setup page and is told exactly where
// a broken team calendar is, in their language.
test("setup page: SLA targets saved, a broken calendar refused with its place", async ({ browser }) => {
  const errors: string[] = [];
  const desk = await signedInDesk(browser);
  desk.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await desk.getByTestId("setup-link").click();
  const targets = desk.getByTestId("setup-targets");
  const policy = JSON.parse(await targets.inputValue());
  expect(policy.routine_first_response).toBe(30);
  expect(policy.chat_first_reply).toBe(5);
  policy.consultation_first_response = 90;
  await targets.fill(JSON.stringify(policy, null, 2));
  await desk.getByTestId("setup-targets-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "targets");
  expect(JSON.parse(await desk.getByTestId("setup-targets").inputValue()).consultation_first_response).toBe(90);

  const teams = JSON.parse(await desk.getByTestId("setup-teams").inputValue());
  expect(teams.map((t: { name: string }) => t.name)).toEqual(["APAC", "EMEA", "Americas", "Around the clock"]);
  // Split shifts and an overnight shift are part of the demo calendars.
  expect(teams[0].calendar.shifts.filter((s: { day: string }) => s.day === "mon")).toHaveLength(2);
  teams[0].calendar.shifts[0].end = "25:00";
  await desk.getByTestId("setup-teams").fill(JSON.stringify(teams));
  await desk.getByTestId("setup-teams-save").click();
  await expect(desk.getByTestId("setup-error")).toHaveAttribute("data-code", "config_invalid");
  await expect(desk.getByTestId("setup-error-at")).toHaveText("teams[0].calendar");
  // Nothing was changed by the refused save.
  expect(JSON.parse(await desk.getByTestId("setup-teams").inputValue())[0].calendar.shifts[0].end).toBe("12:00");
  expect(errors).toEqual([]);
});
