// Exports of lib/ and components/ that no other tracked file names: "unused" (named nowhere else, not even in
// their own file) or "local" (used only in their own file: drop the `export`). Names are matched as words, so
// a name that also appears elsewhere for another reason is taken as used: the list errs towards silence.
// Usage: node dev/scripts/find-dead-exports.mjs [--check]   (--check exits 1 when it lists anything)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.mts", "*.mjs"], { encoding: "utf8" })
  .split("\n")
  .filter(Boolean);
const text = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));
const declaration =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
const found = [];
for (const [file, source] of text) {
  if (!/^(lib|components)\//.test(file) || /\.test\.tsx?$/.test(file)) continue;
  for (const [, name] of source.matchAll(declaration)) {
    const word = new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\b`, "g");
    const elsewhere = [...text].some(([other, body]) => other !== file && word.test(body));
    if (elsewhere) continue;
    found.push(`${(source.match(word) ?? []).length > 1 ? "local " : "unused"} ${file} ${name}`);
  }
}
found.sort();
for (const line of found) console.log(line);
if (process.argv.includes("--check") && found.length > 0) process.exit(1);
