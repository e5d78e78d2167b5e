// Side by side: the change against nominal of several stress reports (benchmarks/stress.mjs --out, or grid stress
// --out) on one scenario, one column per policy for cost and one for violating steps, with the 95% interval of the
// paired differences where the runs disagree.   node benchmarks/stress-compare.mjs ippo.json mappo.json rule.json mpc.json
import { readFileSync } from "node:fs";

const reports = process.argv.slice(2).flatMap((path) => {
  const json = JSON.parse(readFileSync(path, "utf8"));
  return json.reports ?? [json];
});
const signed = (value, digits) => {
  const rounded = Number(value.toFixed(digits));
  return `${rounded > 0 ? "+" : ""}${(rounded === 0 ? 0 : rounded).toFixed(digits)}`;
};
const withInterval = (value, interval, digits) => {
  if (!interval) return signed(value, digits);
  const [low, high] = interval.map((end) => signed(end, digits));
  return low === high ? signed(value, digits) : `${signed(value, digits)} [${low}, ${high}]`;
};
const names = reports.map((report) => report.policy);
console.log(`| perturbation | severity | ${names.map((name) => `${name} Δ cost $/day`).join(" | ")} | ${names.map((name) => `${name} Δ violating steps/day`).join(" | ")} |`);
console.log(`| --- | --- |${" ---: |".repeat(2 * names.length)}`);
const nominal = reports.map((report) => report.rows[0].metrics);
const absolute = (summary, digits) => (summary.interval ? `${summary.mean.toFixed(digits)} [${summary.interval.map((end) => end.toFixed(digits)).join(", ")}]` : summary.mean.toFixed(digits));
console.log(`| nominal (absolute) | | ${nominal.map((m) => absolute(m.systemCostUsd, 2)).join(" | ")} | ${nominal.map((m) => absolute(m.violatingSteps, 1)).join(" | ")} |`);
reports[0].rows.slice(1).forEach((row, index) => {
  if (!row.metrics) return;
  const cells = reports.map((report) => report.rows[index + 1].metrics);
  const severity = typeof row.severity === "number" ? `${row.severity} ${row.severityUnit}` : row.severity;
  const cost = cells.map((m) => withInterval(m.systemCostUsd.degradation, m.systemCostUsd.degradationInterval, 2));
  const violating = cells.map((m) => withInterval(m.violatingSteps.degradation, m.violatingSteps.degradationInterval, 1));
  console.log(`| ${row.family} / ${row.kind} | ${severity} | ${cost.join(" | ")} | ${violating.join(" | ")} |`);
});
