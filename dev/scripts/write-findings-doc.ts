// Writes docs/findings.md from the rule catalogue (lib/findings/rules/); lib/findings/catalogue.test.ts checks it.
import { writeFileSync } from "node:fs";
import { findingsDocMarkdown } from "@/lib/findings/findings-doc";

writeFileSync(new URL("../../docs/findings.md", import.meta.url), findingsDocMarkdown());
