import { defineConfig } from "@playwright/test";

// One Parley server (fresh SQLite file) for the whole run, started by serve.sh.
export const PORT = Number(process.env.PARLEY_E2E_PORT ?? 3123);
export const APP = `http://127.0.0.1:${PORT}`;
// The demo host page is served on the other loopback name: a different origin
// from the widget, as on a real customer's site.
export const DEMO = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  outputDir: "test-results",
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL: APP,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `bash ./serve.sh ${PORT}`,
    url: `${APP}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
