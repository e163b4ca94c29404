import { expect } from "@playwright/test";
import { APP } from "../playwright.config";
import { customerWrites, signedInDesk, test } from "./helpers";

// Issue 19, first part: an admin makes an API key at the desk (shown once),
// the site's back-end reads conversations with it, and revoking it from the
// same page shuts the back-end out.
test("an admin makes an API key, the back-end reads with it, revoking ends it", async ({ browser, request }) => {
  await customerWrites(browser, "Is my order 8842 on its way?");
  const admin = await signedInDesk(browser);
  await admin.getByTestId("api-keys-link").click();
  await expect(admin).toHaveURL(/\/desk\/api-keys$/);
  await admin.getByTestId("api-key-name").fill("Shop back-end");
  await admin.getByTestId("api-key-scope").selectOption("read");
  await admin.getByTestId("api-key-create").click();
  const shown = admin.getByTestId("api-key-created");
  await expect(shown).toContainText("pk_");
  const key = (await shown.textContent())!.trim();
  const row = admin.getByTestId("api-key").filter({ hasText: "Shop back-end" });
  await expect(row).toHaveAttribute("data-revoked", "false");
  // The list shows the key's first characters, never the key.
  expect(await admin.getByTestId("api-keys").textContent()).not.toContain(key);

  const list = await request.get(`${APP}/api/v1/conversations?limit=5`, { headers: { authorization: `Bearer ${key}` } });
  expect(list.status()).toBe(200);
  expect(JSON.stringify(await list.json())).toContain("8842");
  const anonymous = await request.get(`${APP}/api/v1/conversations`);
  expect(anonymous.status()).toBe(401);

  await admin.reload();
  await admin.getByTestId("api-key").filter({ hasText: "Shop back-end" }).getByTestId("api-key-revoke").click();
  await expect(admin.getByTestId("api-key-revoked")).toBeVisible();
  await expect(admin.getByTestId("api-key").filter({ hasText: "Shop back-end" })).toHaveAttribute("data-revoked", "true");
  const after = await request.get(`${APP}/api/v1/conversations`, { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
});
