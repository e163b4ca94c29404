import { expect } from "@playwright/test";
import { DEMO } from "../playwright.config";
import { signedInDesk, test } from "./helpers";

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

// The same targets and fee lines as forms: no JSON to write.
test("setup page: targets and fee lines edited with forms, a refused field marked", async ({ browser }) => {
  const desk = await signedInDesk(browser);
  await desk.getByTestId("setup-link").click();
  await expect(desk.getByTestId("target-routine_first_response")).toHaveValue("30");
  await desk.getByTestId("target-routine_first_response").fill("25");
  await desk.getByTestId("targets-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "targets");
  await expect(desk.getByTestId("target-routine_first_response")).toHaveValue("25");
  expect(JSON.parse(await desk.getByTestId("setup-targets").inputValue()).routine_first_response).toBe(25);
  // Out of bounds: refused, the field named and marked.
  await desk.getByTestId("target-warn_percent").fill("150");
  await desk.getByTestId("targets-save").click();
  await expect(desk.getByTestId("setup-error-at")).toHaveText("targets.warn_percent");
  await expect(desk.getByTestId("target-warn_percent")).toHaveAttribute("aria-invalid", "true");

  // A new fee line in the blank row, shown to customers at once.
  const row = desk.locator("[data-testid^=fee-row-][data-new=true]");
  const i = (await row.getAttribute("data-testid"))!.replace("fee-row-", "");
  await desk.getByTestId(`fee-${i}-key`).fill("jp-sea");
  await desk.getByTestId(`fee-${i}-names-en`).fill("Japan, sea freight");
  await desk.getByTestId(`fee-${i}-currency`).fill("JPY");
  await desk.getByTestId(`fee-${i}-first_kg`).fill("2");
  await desk.getByTestId(`fee-${i}-first_price`).fill("1500");
  await desk.getByTestId(`fee-${i}-step_kg`).fill("1");
  await desk.getByTestId(`fee-${i}-step_price`).fill("400");
  await desk.getByTestId("fees-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "fees");
  await expect(desk.getByTestId(`fee-${i}-key`)).toHaveValue("jp-sea");
  // Removed again, so the other tests see the demo's lines.
  await desk.getByTestId(`fee-${i}-remove`).check();
  await desk.getByTestId("fees-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "fees");
  await expect(desk.locator(`[data-testid=fee-${i}-key]`)).toHaveValue("");
});

// Teams and topics as forms: a Saturday shift for EMEA, and a new topic whose
// intake form customers see at once.
test("setup page: a team's shift and a new topic with its form, without JSON", async ({ browser }) => {
  const desk = await signedInDesk(browser);
  await desk.getByTestId("setup-link").click();
  const emea = desk.locator("[data-testid^=team-row-]").filter({ has: desk.locator("input[value=EMEA]") });
  const t = (await emea.getAttribute("data-testid"))!.replace("team-row-", "");
  // Its first blank shift row.
  const blank = emea.locator("[data-testid*=-shift-]").filter({ has: desk.locator("select option[value=''][selected]") }).first();
  const s = (await blank.getAttribute("data-testid"))!;
  await desk.getByTestId(`${s}-day`).selectOption("sat");
  await desk.getByTestId(`${s}-start`).fill("10:00");
  await desk.getByTestId(`${s}-end`).fill("14:00");
  await expect(desk.getByTestId(`team-${t}-zone`)).toHaveValue("Europe/Berlin");
  await desk.getByTestId("teams-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "teams");
  const teams = JSON.parse(await desk.getByTestId("setup-teams").inputValue());
  const saved = teams.find((x: { name: string }) => x.name === "EMEA");
  expect(saved.calendar.shifts).toContainEqual({ day: "sat", start: "10:00", end: "14:00" });

  // A new topic in the blank row.
  const row = desk.locator("[data-testid^=topic-row-][data-new=true]");
  const i = (await row.getAttribute("data-testid"))!.replace("topic-row-", "");
  await desk.getByTestId(`topic-${i}-key`).fill("warranty");
  await desk.getByTestId(`topic-${i}-name-en`).fill("Warranty claim");
  await desk.getByTestId(`topic-${i}-priority`).selectOption("routine");
  await desk.getByTestId(`topic-${i}-team`).selectOption("EMEA");
  await desk.getByTestId(`topic-${i}-field-0-key`).fill("serial");
  await desk.getByTestId(`topic-${i}-field-0-kind`).selectOption("text");
  await desk.getByTestId(`topic-${i}-field-0-label-en`).fill("Serial number");
  await desk.getByTestId(`topic-${i}-field-0-required`).check();
  await desk.getByTestId("topics-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "topics");

  const customer = await (await browser.newContext()).newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await widget.getByTestId("intake-category").selectOption("warranty");
  await expect(widget.getByText("Serial number")).toBeVisible();

  // Removed again: the other tests see the demo's topics.
  await desk.getByTestId(`topic-${i}-remove`).check();
  await desk.getByTestId("topics-save").click();
  await expect(desk.getByTestId("setup-saved")).toHaveAttribute("data-part", "topics");
  expect(JSON.parse(await desk.getByTestId("setup-topics").inputValue()).map((x: { key: string }) => x.key)).not.toContain("warranty");
});
