import { expect, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { APP } from "../playwright.config";

export const ADMIN_EMAIL = "admin@e2e.local";
export const ADMIN_PASSWORD = "e2e-password-123";

/** Picks the widget's topic before the first message ("other" asks for no facts). */
export async function pickTopic(widget: FrameLocator, key = "other"): Promise<void> {
  await widget.getByTestId("intake-category").selectOption(key);
}

/** A desk page in its own browser context, signed in (as the admin unless told). */
export async function signedInDesk(browser: Browser, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<Page> {
  const ctx = await browser.newContext();
  const desk = await ctx.newPage();
  await desk.goto(`${APP}/desk`);
  await desk.getByTestId("login-email").fill(email);
  await desk.getByTestId("login-password").fill(password);
  await desk.getByTestId("login-submit").click();
  await expect(desk.getByTestId("conversation-list")).toBeAttached();
  await expect(desk.locator(".desk-header [data-online='true']")).toBeAttached();
  return desk;
}
