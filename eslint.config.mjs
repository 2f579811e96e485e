import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The layers' boundaries (sources -> model -> engines -> views -> app/cli), enforced rather than hoped for.
// Flat config replaces a rule's options per matching block instead of merging them, so each block below
// repeats the restrictions of the blocks before it.

const CLIENT_NODE = {
  group: ["@kubernetes/client-node", "@kubernetes/client-node/*"],
  message: "Only lib/sources talks to the API server: import what you need from there.",
};

/** Engines are pure: no framework, no cluster access, no file system or network, no sources or views. */
const ENGINE_RESTRICTIONS = [
  CLIENT_NODE,
  { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "Engines are framework-free." },
  { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "Engines are framework-free." },
  {
    group: ["node:fs", "node:fs/*", "fs", "fs/*", "node:net", "net", "node:tls", "node:https", "node:http"],
    message: "Engines do no I/O: a source in lib/sources reads, the engine takes the result.",
  },
  { group: ["server-only"], message: "Engines run in the CLI, tests and benchmarks too." },
  {
    group: ["@/lib/sources", "@/lib/sources/*", "@/lib/gating", "@/lib/gating/*"],
    message: "Engines take a snapshot; they never obtain one.",
  },
  {
    group: [
      "@/lib/views",
      "@/lib/views/*",
      "@/lib/auth",
      "@/lib/auth/*",
      "@/lib/http",
      "@/lib/http/*",
      "@/lib/metrics",
      "@/lib/metrics/*",
    ],
    message: "Engines sit below the views and the server: nothing here may depend on them.",
  },
  { group: ["@/app/*", "@/components/*"], message: "Engines sit below the app." },
];
const ENGINES = ["model", "rbac", "netpol", "certs", "findings", "workloads", "paths"].map(
  (e) => `lib/${e}/**`,
);

/** A client component's imports reach the browser bundle: no server module, no secret, no Node built-in. */
const CLIENT_RESTRICTIONS = [
  CLIENT_NODE,
  {
    group: [
      "@/lib/sources",
      "@/lib/sources/*",
      "@/lib/gating",
      "@/lib/gating/*",
      "@/lib/auth",
      "@/lib/auth/*",
      "@/lib/http",
      "@/lib/http/*",
      "@/lib/cli",
      "@/lib/cli/*",
      "server-only",
      "node:*",
    ],
    allowTypeImports: true,
    message:
      "A client component imports no server module: pass what it needs as props from a server component.",
  },
];

/** Files that start with the "use client" directive, found when the lint runs so a new one is covered too. */
function clientComponents(...dirs) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(e.name) && /^\s*["']use client["']/.test(readFileSync(path, "utf8"))) {
        found.push(path.split("\\").join("/"));
      }
    }
  };
  dirs.forEach(walk);
  return found;
}

const restrict = (patterns, paths = []) => ({
  "no-restricted-imports": "off",
  "@typescript-eslint/no-restricted-imports": ["error", { patterns, paths }],
});
/** next-auth's server half (its React half, signIn and signOut, is made for the browser). */
const NEXT_AUTH_SERVER = ["next-auth", "next-auth/next", "next-auth/jwt", "next-auth/providers/oauth"].map(
  (name) => ({ name, message: "next-auth's server half stays on the server." }),
);

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  { files: ["**/*.{ts,tsx,mts,mjs}"], ignores: ["lib/sources/**"], rules: restrict([CLIENT_NODE]) },
  // Tests of an engine may load fixtures through a source; the engine itself may not.
  { files: ENGINES, ignores: ["**/*.test.ts", "**/*.test.tsx"], rules: restrict(ENGINE_RESTRICTIONS) },
  { files: clientComponents("app", "components"), rules: restrict(CLIENT_RESTRICTIONS, NEXT_AUTH_SERVER) },
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".cluster/**",
      ".vigil-dev/**",
      "test-results/**",
      "playwright-report/**",
      "bench-results/**",
      "dist/**",
      "next-env.d.ts",
    ],
  },
];
export default config;
