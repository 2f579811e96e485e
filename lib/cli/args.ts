import { VigilError } from "@/lib/errors";

// A strict flag parser for the `vigil` command: every flag is declared, unknown ones and missing values are
// bad input (exit 2), repeatable flags collect every value. Positional arguments are not accepted.

interface FlagSpec {
  /** Collects every occurrence (e.g. --manifests a b --manifests c, or --group twice). */
  multiple?: boolean;
  required?: boolean;
  /** A flag without value. */
  boolean?: boolean;
  /** The accepted values, when the set is closed. */
  choices?: readonly string[];
}

type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedFlags {
  one(name: string): string | undefined;
  all(name: string): string[];
  has(name: string): boolean;
}

export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
  const values = new Map<string, string[]>();
  let i = 0;
  while (i < argv.length) {
    const token = argv[i] ?? "";
    if (!token.startsWith("--")) throw new VigilError("bad-input", `unexpected argument "${token}"`);
    const eq = token.indexOf("=");
    const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    const spec = specs[name];
    if (!spec) throw new VigilError("bad-input", `unknown flag --${name}`);
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.multiple)
      throw new VigilError("bad-input", `--${name} given more than once`);
    i++;
    if (spec.boolean) {
      if (eq !== -1) throw new VigilError("bad-input", `--${name} takes no value`);
      list.push("true");
    } else if (eq !== -1) {
      list.push(token.slice(eq + 1));
    } else {
      // A multiple flag takes every following value up to the next flag: `--manifests a.yaml dir/`.
      const start = i;
      while (i < argv.length && !(argv[i] ?? "").startsWith("--") && (spec.multiple || i === start)) {
        list.push(argv[i] ?? "");
        i++;
      }
      if (i === start) throw new VigilError("bad-input", `--${name} needs a value`);
    }
    for (const v of list) {
      if (spec.choices && !spec.choices.includes(v)) {
        throw new VigilError("bad-input", `--${name} must be one of ${spec.choices.join(", ")}, not "${v}"`);
      }
    }
    values.set(name, list);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !values.has(name)) throw new VigilError("bad-input", `--${name} is required`);
  }
  return {
    one: (name) => values.get(name)?.[0],
    all: (name) => values.get(name) ?? [],
    has: (name) => values.has(name),
  };
}
