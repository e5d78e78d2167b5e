import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The quick main study's report.html, opened from disk in headless Chromium (Debian's `chromium`; CHROMIUM_PATH
 * overrides; `.ci/run` installs it): no console error, no request off the disk, the answer first, every chart drawn,
 * tooltips and legends that work, a day viewer that changes when another day or run is picked.
 */
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "..", "..", "dist", "cli.js");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let browser: Browser;
let page: Page;
const problems: string[] = [];

/** Runs the quick main study (2 seeds, short training) with the built CLI; returns its report's path. */
function quickMainReport(): string {
  const resultsRoot = mkdtempSync(join(tmpdir(), "grid-report-page-"));
  const run = spawnSync(process.execPath, [cli, "run", "main", "--quick", "--seeds", "2", "--steps", "1500", "--results", resultsRoot], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  if (run.status !== 0) throw new Error(`grid run main --quick failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const [stamp] = readdirSync(join(resultsRoot, "main"));
  return join(resultsRoot, "main", stamp, "report.html");
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  const report = quickMainReport();
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1600 });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warn") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${(error as Error).message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  page.on("request", (request) => {
    if (!/^(file|data|blob|about):/.test(request.url())) problems.push(`request off the disk: ${request.url()}`);
  });
  await page.goto(pathToFileURL(report).href, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='true'], .page-error", { timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** The marks a chart drew (bars, lines, points, rules), by Vega's SVG classes. */
const markCount = (selector: string) =>
  page.$$eval(`${selector} svg .mark-rect path, ${selector} svg .mark-line path, ${selector} svg .mark-symbol path, ${selector} svg .mark-rule line`, (marks) => marks.length);

// Each check waits on the browser; on a loaded 2-core machine that takes more than vitest's default 5 s.
describe("report.html of the quick main study, in headless Chromium", { timeout: 30_000 }, () => {
  it("opens from disk with no console error and no request off the disk", () => {
    expect(problems).toEqual([]);
  });

  it("puts the answer first, then the headline table, then the figures, the detail tables folded", async () => {
    const order = await page.evaluate(() => {
      const text = document.body.innerText;
      return {
        answer: text.indexOf("Answer."),
        costs: text.search(/`?mappo`? costs|costs \d/),
        headline: text.indexOf("Headline"),
        figures: text.indexOf("Figures"),
        openDetails: [...document.querySelectorAll<HTMLDetailsElement>("details.section")].filter((details) => details.open).length,
        details: [...document.querySelectorAll("details.section summary")].map((summary) => summary.textContent ?? ""),
      };
    });
    expect(order.answer).toBeGreaterThanOrEqual(0);
    expect(order.answer).toBeLessThan(order.headline);
    expect(order.costs).toBeGreaterThan(order.answer);
    expect(order.headline).toBeLessThan(order.figures);
    expect(order.openDetails).toBe(0);
    expect(order.details[0]).toMatch(/against greedy and rule/);
    const answer = await page.$eval("ul li", (item) => item.textContent ?? "");
    expect(answer).toMatch(/costs \d+(\.\d+)? \[\d+(\.\d+)?, \d+(\.\d+)?\] \$\/day \(n = 2\)/);
  });

  it("draws every figure with its marks", async () => {
    const names = await page.$$eval("[data-figure]", (figures) => figures.map((figure) => figure.getAttribute("data-figure") ?? ""));
    expect(names).toContain("costs");
    expect(names.some((name) => name.startsWith("learning-"))).toBe(true);
    for (const name of names) {
      expect(await page.$eval(`[data-figure="${name}"]`, (figure) => figure.getAttribute("data-drawn"))).toBe("true");
      expect(await markCount(`[data-figure="${name}"]`)).toBeGreaterThan(5);
    }
  });

  it("shows a bar's values in a tooltip and filters by its legend", async () => {
    const bar = await page.$('[data-figure="costs"] svg .bars_marks path');
    if (!bar) throw new Error("no bar in the costs figure");
    await bar.hover();
    await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 5_000 });
    expect(await page.$eval("#vg-tooltip-element", (tooltip) => tooltip.textContent ?? "")).toMatch(/mean \[95% CI\].*\d/);
    // Vega writes the opacity encoding as each mark's `opacity` attribute.
    const fadedBars = () =>
      [...document.querySelectorAll('[data-figure="costs"] svg .bars_marks path')].filter((path) => Number(path.getAttribute("opacity") ?? 1) < 0.5).length;
    const faded = () => page.evaluate(fadedBars);
    expect(await faded()).toBe(0);
    const legendEntry = await page.$('[data-figure="costs"] svg .role-legend-symbol path');
    if (!legendEntry) throw new Error("no legend in the costs figure");
    await legendEntry.click();
    await page.waitForFunction(fadedBars, { timeout: 5_000 });
    expect(await faded()).toBeGreaterThan(0);
  });

  it("has a day viewer that shows another day, and another run, when picked", async () => {
    const shown = () => page.$eval("#day-figure", (figure) => ({ key: figure.getAttribute("data-shown"), svg: figure.querySelector("svg")?.outerHTML ?? "" }));
    const summary = () => page.$eval("#day-summary", (element) => element.textContent ?? "");
    const first = await shown();
    expect(first.svg.length).toBeGreaterThan(1000);
    expect(await markCount("#day-figure")).toBeGreaterThan(10);
    expect(await summary()).toMatch(/peak import \d+(\.\d+)? kW \(feeder capacity \d+(\.\d+)? kW\).*Beside it: rule and optimal/);
    const days = await page.$$eval("#day-index option", (options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(days.length).toBeGreaterThanOrEqual(2);
    const before = await summary();
    await page.select("#day-index", days[2] ?? days[1]);
    await page.waitForFunction((key) => document.querySelector("#day-figure")?.getAttribute("data-shown") !== key, { timeout: 10_000 }, first.key);
    const second = await shown();
    expect(second.svg).not.toBe(first.svg);
    expect(await summary()).not.toBe(before);
    const runs = await page.$$eval("#day-run option", (options) => options.map((option) => (option as HTMLOptionElement).value));
    const rule = runs.find((id) => id.includes("__rule__"));
    if (!rule) throw new Error(`no rule run in the day viewer: ${runs.join(", ")}`);
    await page.select("#day-run", rule);
    await page.waitForFunction((key) => document.querySelector("#day-figure")?.getAttribute("data-shown") !== key, { timeout: 10_000 }, second.key);
    expect(await summary()).toMatch(/^rule on .*Beside it: optimal\.$/);
    expect(problems).toEqual([]);
  });
});
