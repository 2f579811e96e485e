import type { Snapshot } from "@/lib/model/types";
import { analysePaths } from "@/lib/paths/analyse-paths";
import { hiddenFromPaths } from "@/lib/views/paths-page-parts";

// The overview's headline: the worst thing the internet reaches, in hops, linking to /paths. Said from the viewer's
// gated snapshot; with parts hidden, finding no path is "unknown" (none among what the viewer may see), never an
// all-clear (docs/overview.md "Unknown figures").

export interface PathsHeadline {
  text: string;
  /** "unknown": no path among what the viewer may see, with parts of the graph hidden from them. */
  severity: "critical" | "high" | "none" | "unknown";
  href: string;
  /** What else the PATH findings say, in a few words. */
  detail: string;
  hidden: boolean;
}

const WHAT: Record<string, { text: string; target: string }> = {
  "PATH-001": { text: "cluster-admin", target: "cluster-admin" },
  "PATH-002": { text: "a node", target: "all-nodes" },
  "PATH-003": { text: "Secrets", target: "secrets" },
  "PATH-006": { text: "cloud credentials", target: "cloud-credentials" },
};

export function pathsHeadline(snapshot: Snapshot): PathsHeadline {
  const { findings } = analysePaths(snapshot);
  const hidden = hiddenFromPaths(snapshot.gaps).length > 0;
  const fromInternet = findings.filter((f) => f.path.from.kind === "Internet");
  const worst = ["PATH-001", "PATH-002", "PATH-003", "PATH-006"]
    .map((rule) => fromInternet.find((f) => f.rule === rule))
    .find((f) => f !== undefined);
  const identities = findings.filter((f) => f.rule === "PATH-004").length;
  const pods = findings.filter((f) => f.rule === "PATH-005").length;
  // With parts hidden, a count of what reaches cluster-admin is unknown (lib/views/known-count.ts), never a 0.
  const detail = hidden
    ? [
        `identities reaching cluster-admin: unknown (${identities} seen)`,
        `namespaces whose pods reach cluster-admin or a node: unknown (${pods} seen)`,
      ].join(" · ")
    : [
        `${identities} identit${identities === 1 ? "y" : "ies"} reach${identities === 1 ? "es" : ""} cluster-admin`,
        `pods of ${pods} namespace${pods === 1 ? "" : "s"} reach cluster-admin or a node`,
      ].join(" · ");
  if (!worst) {
    return {
      text: hidden
        ? "Unknown whether the internet reaches cluster-admin, a node, Secrets or cloud credentials: no path among what you may see"
        : "The internet reaches neither cluster-admin, a node, Secrets nor cloud credentials",
      severity: hidden ? "unknown" : "none",
      href: "/paths",
      detail,
      hidden,
    };
  }
  const what = WHAT[worst.rule] ?? { text: worst.rule, target: "cluster-admin" };
  const n = worst.path.hops.length;
  return {
    text: `The internet reaches ${what.text} in ${n} hop${n === 1 ? "" : "s"}`,
    severity: worst.rule === "PATH-001" || worst.rule === "PATH-002" ? "critical" : "high",
    href: what.target === "cluster-admin" ? "/paths?to=cluster-admin" : `/paths?to=${what.target}`,
    detail,
    hidden,
  };
}
