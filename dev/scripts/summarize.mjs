// Prints one closing line for the whole test run, from the runners' JSON reports in test-results/summary:
// "tests: N passed, N failed" (plus skipped), the form CI reads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = "test-results/summary";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
  : []) {
  const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
  if (typeof report.numPassedTests === "number") {
    // Vitest
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0);
    skipped += report.numPendingTests + report.numTodoTests;
    console.log(`  ${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  } else if (typeof report.probes === "number") {
    // The dataplane test (dev/dataplane): one test, passed when every probe agrees or is explained.
    const ok = report.disagree.length === 0;
    passed += ok ? 1 : 0;
    failed += ok ? 0 : 1;
    console.log(`  ${file}: ${report.probes} probes, ${report.agree} agree`);
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    console.log(
      `  ${file}: ${report.stats.expected + report.stats.flaky} passed, ${report.stats.unexpected} failed`,
    );
  }
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
