// Issue 22: e-mail as a channel, with a real SMTP server (aiosmtpd, started
// by serve.sh) and Parley's own SMTP listener. A customer leaves their
// address and closes the tab; the agent's reply reaches them by mail; their
// answer by mail appears live in the same conversation, marked as a mail; a
// forged reply is refused; a mail to the site's address opens a
// conversation the inbox's channel filter finds, its photo in the case panel.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "@playwright/test";
import { DEMO, PORT } from "../playwright.config";
import { pickTopic, signedInDesk, test } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");
const PY = path.join(ROOT, ".tools", "py", "bin", "python");
const TOOL = path.join(__dirname, "..", "mail", "tool.py");
const MAILDIR = path.join(__dirname, "..", ".data", "maildir", "new");
const LISTEN = PORT + 2;
const DOMAIN = "mail.e2e.test";
/** A real 1×1 PNG. */
const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

type Mail = { headers: Record<string, string>; text: string; html: string };

function received(): Mail[] {
  if (!fs.existsSync(MAILDIR)) return [];
  return fs
    .readdirSync(MAILDIR)
    .map((f) => path.join(MAILDIR, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
    .map((f) => JSON.parse(execFileSync(PY, [TOOL, "read", f]).toString()) as Mail);
}

/** The first mail to `to` whose text contains `text`, waited for. */
async function mailTo(to: string, text: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () => {
        found = received().find((m) => m.headers["to"]?.includes(to) && m.text.includes(text));
        return found !== undefined;
      },
      { timeout: 30_000, message: `a mail to ${to} saying "${text}"` },
    )
    .toBe(true);
  return found!;
}

/** Sends a mail to Parley's listener; the refusal's text if it was refused. */
function send(to: string, from: string, subject: string, body: string, id: string, inReplyTo = "", ...files: string[]): string | null {
  try {
    execFileSync(PY, [TOOL, "send", String(LISTEN), to, from, subject, body, id, inReplyTo, ...files]);
    return null;
  } catch (e) {
    return String((e as { stdout?: Buffer }).stdout ?? e);
  }
}

function address(header: string): string {
  return (header.match(/<([^>]+)>/)?.[1] ?? header).trim();
}

test("an offline customer gets the reply by mail and answers by mail into the same conversation", async ({ browser }) => {
  const context = await browser.newContext();
  const customer = await context.newPage();
  await customer.goto(`${DEMO}/demo`);
  await customer.getByTestId("launcher").click();
  const widget = customer.frameLocator("iframe");
  await expect(widget.locator("[data-online='true']")).toBeAttached();
  await pickTopic(widget);
  await widget.getByTestId("composer-input").fill("Has order NW-2001 shipped yet?");
  await widget.getByTestId("composer-send").click();
  await widget.getByTestId("contact-open").click();
  await widget.getByTestId("contact-name").fill("Lena Vogel");
  await widget.getByTestId("contact-email").fill("lena.vogel@example.de");
  await widget.getByTestId("contact-consent").check();
  await widget.getByTestId("contact-submit").click();
  await expect(widget.getByTestId("contact-saved")).toBeVisible();
  // The customer closes the tab.
  await context.close();

  const desk = await signedInDesk(browser);
  const item = desk.getByTestId("conversation-item").filter({ hasText: "NW-2001" });
  await item.getByRole("button").click();
  await desk.getByTestId("reply-input").fill("Yes: it left our warehouse this morning.");
  await desk.getByTestId("reply-send").click();
  await expect(desk.locator("[data-testid=message][data-author=agent]")).toHaveCount(1);

  const mail = await mailTo("lena.vogel@example.de", "it left our warehouse this morning");
  expect(mail.headers["subject"]).toBe("New reply from Northwind Parcel");
  expect(mail.text).toContain("Has order NW-2001 shipped yet?");
  expect(mail.html).toContain("it left our warehouse this morning");
  expect(mail.headers["list-unsubscribe"]).toContain("/mail/unsubscribe/");
  const replyTo = address(mail.headers["reply-to"]);
  expect(replyTo).toMatch(new RegExp(`^demo\\+\\d+\\.[0-9a-f]{16}@${DOMAIN.replace(/\./g, "\\.")}$`));

  // Lena answers from her mail program, quoting the mail.
  const refused = send(
    replyTo,
    "Lena Vogel <lena.vogel@example.de>",
    "Re: " + mail.headers["subject"],
    "Wonderful, thank you!\n\nOn Wed, 2 Dec 2026, Demo <" + replyTo + "> wrote:\n> Yes: it left our warehouse this morning.\n",
    "<e2e-answer-1@example.de>",
    mail.headers["message-id"],
  );
  expect(refused).toBeNull();
  const byMail = desk.locator("[data-testid=message][data-author=customer][data-channel=email]");
  await expect(byMail).toHaveCount(1);
  await expect(byMail).toContainText("Wonderful, thank you!");
  await expect(byMail).not.toContainText("warehouse");
  await expect(byMail.getByTestId("message-by-email")).toHaveText("by e-mail");

  // The case panel shows the mail sent; Lena asks for the whole conversation.
  const panel = desk.getByTestId("case-mail");
  await expect(panel).toHaveAttribute("data-reachable", "true");
  await expect(panel.locator("[data-testid=mail-entry][data-kind=replies]")).toHaveAttribute("data-state", "sent");
  await panel.getByTestId("mail-transcript").click();
  await expect(panel.locator("[data-testid=mail-entry][data-kind=transcript]")).toHaveAttribute("data-state", "sent");
  const transcript = await mailTo("lena.vogel@example.de", "Wonderful, thank you!");
  expect(transcript.text).toContain("Has order NW-2001 shipped yet?");
  expect(transcript.text).toContain("it left our warehouse this morning");

  // A reply address with a made-up token is refused before the mail is read.
  const conversation = replyTo.split("+")[1].split(".")[0];
  const forged = send(
    `demo+${conversation}.0123456789abcdef@${DOMAIN}`,
    "someone@example.net",
    "Refund",
    "Please refund me",
    "<e2e-forged@example.net>",
  );
  expect(forged).toContain("550");
  await expect(desk.getByTestId("message-list")).not.toContainText("Please refund me");
});

test("a mail to the site's address opens an e-mail conversation the channel filter finds", async ({ browser }) => {
  const desk = await signedInDesk(browser);
  // Kenji attaches a photo of the label and, by mistake, a web page.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-mail-"));
  const photo = path.join(dir, "label.png");
  fs.writeFileSync(photo, Buffer.from(PNG_1PX, "base64"));
  const page = path.join(dir, "order.html");
  fs.writeFileSync(page, "<script>alert(1)</script>");
  expect(
    send(
      `demo@${DOMAIN}`,
      "Kenji Sato <kenji@example.jp>",
      "Customs invoice NW-3003",
      "Which invoice does customs need for order NW-3003?",
      "<e2e-new-1@example.jp>",
      "",
      photo,
      page,
    ),
  ).toBeNull();
  const item = desk.getByTestId("conversation-item").filter({ hasText: "NW-3003" });
  await expect(item).toBeVisible();
  await desk.getByTestId("filter-channel").selectOption("email");
  await expect(item).toBeVisible();
  await expect(desk.getByTestId("conversation-item").filter({ hasText: "NW-2001" })).toHaveCount(0);
  await desk.getByTestId("filter-channel").selectOption("chat");
  await expect(item).toHaveCount(0);
  await desk.getByTestId("filter-channel").selectOption("");
  await item.getByRole("button").click();
  await expect(desk.locator("[data-testid=message][data-channel=email]")).toContainText("Customs invoice");
  await expect(desk.getByTestId("contact-email")).toHaveText("kenji@example.jp");
  // Its first reply answers to the e-mail target, marked on the clock.
  const clock = desk.locator("[data-testid=clock][data-kind=first_response]");
  await expect(clock.getByTestId("clock-email-target")).toHaveText("e-mail target");
  // The photo is in the case panel beside its message; the web page is not.
  const files = desk.getByTestId("case-mail").getByTestId("mail-file");
  await expect(files).toHaveCount(1);
  await expect(files).toHaveAttribute("data-type", "image/png");
  await expect(files).toContainText("label.png");
  await expect(files).toHaveAttribute("data-seq", "1");
  const href = await files.getByRole("link").getAttribute("href");
  const got = await desk.request.get(href!);
  expect(got.status()).toBe(200);
  expect(got.headers()["content-type"]).toBe("image/png");
});
