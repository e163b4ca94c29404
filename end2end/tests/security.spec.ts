import { expect } from "@playwright/test";
import { APP, DEMO } from "../playwright.config";
import {
  createStaff as createNewStaff,
  customerWrites,
  expectAccessible,
  pickTopic,
  rememberSecondFactor,
  signedInDesk,
  test,
  totpAt,
} from "./helpers";

/** The admin adds an account on the staff page; its card shows the role. */
async function createStaff(admin: import("@playwright/test").Page, name: string, email: string, password: string, role: string) {
  const { card, id } = await createNewStaff(admin, name, email, password, role);
  await expect(card.getByTestId(`agent-${id}-role`)).toHaveText(role === "admin" ? "Administrator" : "Agent");
}

// A new admin's first sign-in stops at the second-factor set-up: a QR code
// and the key, a code from the app, ten recovery codes shown once. The next
// sign-in asks for a code; a wrong one is refused with a translated reason.
test("an admin enrols a second factor and signs in with a code", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await createStaff(admin, "Rosa", "rosa@e2e.local", "rosa-long-password-77", "admin");
  // A common password is refused with a translated reason.
  await admin.goto(`${APP}/desk/staff`);
  const form = admin.getByTestId("new-agent-form");
  await form.locator("input[name=name]").fill("Weak");
  await form.locator("input[name=email]").fill("weak@e2e.local");
  await form.locator("input[name=password]").fill("password1234");
  await admin.getByTestId("new-agent-save").click();
  await expect(admin.getByTestId("staff-error")).toHaveAttribute("data-code", "password_common");
  await expect(admin.getByTestId("staff-error")).toContainText("too common");

  const page = await (await browser.newContext()).newPage();
  await page.goto(`${APP}/desk`);
  await page.getByTestId("login-email").fill("rosa@e2e.local");
  await page.getByTestId("login-password").fill("rosa-long-password-77");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("enrol-required")).toBeVisible();
  await expect(page.locator(".qr svg")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // A wrong code first.
  await page.getByTestId("totp-code").fill("000000" === totpAt(secret, Math.floor(Date.now() / 30_000)) ? "111111" : "000000");
  await page.getByTestId("totp-submit").click();
  await expect(page.getByTestId("login-error")).toHaveAttribute("data-code", "code_invalid");
  // The page keeps offering the same set-up? A fresh key was issued: read it again.
  const again = (await page.getByTestId("totp-secret").textContent())!.trim();
  const step = Math.floor(Date.now() / 30_000);
  await page.getByTestId("totp-code").fill(totpAt(again, step));
  await page.getByTestId("totp-submit").click();
  rememberSecondFactor("rosa@e2e.local", again, step);
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await expect(page.getByTestId("totp-state")).toHaveAttribute("data-on", "true");
  await page.getByTestId("continue-to-desk").click();
  await expect(page.getByTestId("conversation-list")).toBeAttached();

  // Sign out, sign in again: now the code step.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByTestId("login-email").fill("rosa@e2e.local");
  await page.getByTestId("login-password").fill("rosa-long-password-77");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("mfa-code")).toBeVisible();
  await page.getByTestId("mfa-code").fill(totpAt(again, step)); // already used: refused
  await page.getByTestId("mfa-submit").click();
  await expect(page.getByTestId("login-error")).toHaveText(
    "That code is not valid. Enter the current 6-digit code or an unused recovery code.",
  );
  await page.getByTestId("mfa-code").fill(totpAt(again, step + 1));
  await page.getByTestId("mfa-submit").click();
  await expect(page.getByTestId("conversation-list")).toBeAttached();
  await expect(page.locator(".desk-header [data-online='true']")).toBeAttached();

  // The audit log shows the enrolment and both sign-ins.
  await page.getByTestId("security-link").click();
  await page.getByTestId("audit-link").click();
  await page.getByTestId("audit-action").fill("totp_enabled");
  await page.locator("#audit-actor").fill("rosa@e2e.local");
  await page.getByTestId("audit-apply").click();
  await expect(page.getByTestId("audit-log").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("audit-log")).toContainText("rosa@e2e.local");
});

// A conversation link passed to an agent who does not serve that customer:
// the desk refuses it with a translated reason and shows nothing of it.
test("an agent without the assignment cannot open a foreign conversation URL", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await createStaff(admin, "Lee", "lee@e2e.local", "lee-long-password-88", "mid");

  await customerWrites(browser, "Private: my order 4711 and my address");

  await admin.goto(`${APP}/desk`);
  const item = admin.getByTestId("conversation-item").filter({ hasText: "Private: my order 4711" });
  await item.click();
  await expect(admin.getByTestId("message-list")).toContainText("my order 4711");
  await expect(admin).toHaveURL(/\/desk\?c=\d+$/);
  const link = admin.url();

  const lee = await signedInDesk(browser, "lee@e2e.local", "lee-long-password-88");
  await expect(lee.getByTestId("conversation-list")).not.toContainText("my order 4711");
  await lee.goto(link);
  await expect(lee.locator(".desk-header [data-online='true']")).toBeAttached();
  await expect(lee.getByTestId("desk-notice")).toHaveAttribute("data-code", "conversation_forbidden");
  await expect(lee.getByTestId("desk-notice")).toHaveText("You do not have access to this conversation.");
  await expect(lee.locator("body")).not.toContainText("my order 4711");
  await expect(lee).toHaveURL(`${APP}/desk`);
});

// The widget asks for contact details only with the notice shown and the
// box ticked; the desk then shows them in the case panel. Under the strict
// Content-Security-Policy nothing on either page is blocked.
test("a customer leaves contact details with consent; staff see them; the CSP blocks nothing", async ({ browser }) => {
  const violations: string[] = [];
  const watch = (p: import("@playwright/test").Page) =>
    p.on("console", (m) => /Content[- ]Security[- ]Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  const customer = await (await browser.newContext()).newPage();
  watch(customer);
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await expect(widget.getByTestId("contact-open")).toHaveCount(0); // only after writing
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Please call me about my return");
  await widget.getByTestId("composer-send").click();
  await widget.getByTestId("contact-open").click();
  await expect(widget.getByTestId("contact-notice")).toContainText("stored encrypted");
  await expectAccessible(customer, "the contact form");
  await widget.getByTestId("contact-name").fill("Mei Tanaka");
  await widget.getByTestId("contact-email").fill("mei.tanaka@example.jp");
  await widget.getByTestId("contact-phone").fill("+81 90 1234 5678");
  // Without the box ticked: refused with a translated reason, nothing stored.
  await widget.getByTestId("contact-submit").click();
  await expect(widget.getByTestId("contact-consent-error")).toBeVisible();
  await expect(widget.getByTestId("contact-consent-error")).toHaveText(
    "Please tick the box to agree before sending your details.",
  );
  await widget.getByTestId("contact-consent").check();
  await widget.getByTestId("contact-submit").click();
  await expect(widget.getByTestId("contact-saved")).toBeVisible();

  const admin = await signedInDesk(browser);
  watch(admin);
  await admin.goto(`${APP}/desk`);
  await admin.getByTestId("conversation-item").filter({ hasText: "Please call me about my return" }).click();
  await expect(admin.getByTestId("contact-email")).toHaveText("mei.tanaka@example.jp");
  await expect(admin.getByTestId("contact-name")).toHaveText("Mei Tanaka");
  await expect(admin.getByTestId("contact-consent")).toBeVisible();
  await expect(admin.getByTestId("customer-export")).toBeVisible();
  expect(violations).toEqual([]);
});

// Break-glass: the refused agent asks with a reason, an admin approves for
// a limited time, and the agent reads the conversation without being able
// to write in it.
test("break-glass: requested with a reason, approved, view-only", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await createStaff(admin, "Kim", "kim@e2e.local", "kim-long-password-99", "mid");
  await customerWrites(browser, "Complaint: the courier was rude");
  await admin.goto(`${APP}/desk`);
  await admin.getByTestId("conversation-item").filter({ hasText: "Complaint: the courier was rude" }).click();
  await expect(admin).toHaveURL(/\/desk\?c=\d+$/);
  const link = admin.url();

  const kim = await signedInDesk(browser, "kim@e2e.local", "kim-long-password-99");
  await kim.goto(link);
  await expect(kim.getByTestId("desk-notice")).toHaveAttribute("data-code", "conversation_forbidden");
  await kim.getByTestId("access-reason").fill("Reviewing complaint #12 for the quality team");
  await kim.getByTestId("access-request").click();
  await expect(kim.getByTestId("access-mine")).toHaveAttribute("data-status", "pending");

  const decision = admin.getByTestId("access-decision").filter({ hasText: "Reviewing complaint #12" });
  await expect(decision).toContainText("Kim");
  await decision.getByTestId("access-minutes").selectOption("15");
  await decision.getByTestId("access-approve").click();
  await expect(kim.getByTestId("access-mine")).toHaveAttribute("data-status", "approved");
  await kim.getByTestId("access-open").click();
  await expect(kim.getByTestId("message-list")).toContainText("the courier was rude");
  await expect(kim.getByTestId("read-only")).toBeVisible();
  await expect(kim.locator("#reply-input")).toHaveCount(0);
});

// A person changes their own password at /desk/security (a wrong current
// password is refused with a translated reason); an admin requires a new
// one, and at the next sign-in that is the only thing the desk offers.
test("staff change their password; an admin can require a new one", async ({ browser }) => {
  const admin = await signedInDesk(browser);
  await createStaff(admin, "Pia", "pia@e2e.local", "pia-long-password-11", "mid");
  const pia = await (await browser.newContext()).newPage();
  await pia.goto(`${APP}/desk`);
  await pia.getByTestId("login-email").fill("pia@e2e.local");
  await pia.getByTestId("login-password").fill("pia-long-password-11");
  await pia.getByTestId("login-submit").click();
  await expect(pia.getByTestId("conversation-list")).toBeAttached();

  await pia.goto(`${APP}/desk/security`);
  await pia.getByTestId("password-current").fill("not my password at all");
  await pia.getByTestId("password-new").fill("pia-new-password-22");
  await pia.getByTestId("password-submit").click();
  await expect(pia.getByTestId("security-error")).toHaveAttribute("data-code", "invalid_credentials");
  await pia.getByTestId("password-current").fill("pia-long-password-11");
  await pia.getByTestId("password-new").fill("pia-new-password-22");
  await pia.getByTestId("password-submit").click();
  await expect(pia.getByTestId("security-saved")).toBeVisible();

  // The admin requires a new one: Pia's desk is signed out at once.
  await admin.goto(`${APP}/desk/staff`);
  const card = admin.getByTestId("staff-agent").filter({ hasText: "pia@e2e.local" });
  const id = await card.getAttribute("data-agent-id");
  await card.getByTestId(`agent-${id}-require-new-password`).click();
  await expect(admin.getByTestId("staff-saved")).toBeVisible();
  await pia.goto(`${APP}/desk`);
  await pia.getByTestId("login-email").fill("pia@e2e.local");
  await pia.getByTestId("login-password").fill("pia-new-password-22");
  await pia.getByTestId("login-submit").click();
  await expect(pia.getByTestId("password-required")).toBeVisible();
  await expectAccessible(pia, "a new password required at sign-in");
  await pia.getByTestId("password-current").fill("pia-new-password-22");
  await pia.getByTestId("password-new").fill("pia-third-password-33");
  await pia.getByTestId("password-submit").click();
  await expect(pia.getByTestId("conversation-list")).toBeAttached();
});
