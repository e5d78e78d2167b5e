// A screenshot of a report.html as headless Chromium draws it (the one in docs/ and the README):
//   node apps/experiments/scripts/report-screenshot.mjs <results dir>/report.html docs/report-quick-main.png [height px]
// Needs Debian's chromium (or CHROMIUM_PATH) and the experiments package's dev dependencies (puppeteer-core).
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [report, out, height = "2200"] = process.argv.slice(2);
if (!report || !out) {
  console.error("usage: node report-screenshot.mjs <report.html> <out.png> [height px]");
  process.exit(2);
}
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: Number(height), deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(report).href, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='true']", { timeout: 60_000 });
  await page.screenshot({ path: out });
  console.log(`${out}: ${report} at 1280 x ${height} px`);
} finally {
  await browser.close();
}
