"use client";

import { useEffect, useState } from "react";
import type { PolicyTiers } from "@/lib/views/policy-tiers";

// The cluster-tier policies the viewer may see (Admin tier, then Baseline, as the policies export lists them),
// each with a box to delete it in the what-if. Values are `Kind/name`, the what-if route's deleteCluster form.

export function ClusterPolicyDeletes({
  selected,
  onChange,
}: {
  selected: readonly string[];
  onChange(next: string[]): void;
}) {
  const [rows, setRows] = useState<PolicyTiers["admin"]>([]);
  useEffect(() => {
    let live = true;
    fetch("/api/network/policies/export?format=json", { headers: { Accept: "application/json" } })
      .then((res) => (res.ok ? (res.json() as Promise<PolicyTiers>) : undefined))
      .then((tiers) => {
        if (live && tiers) setRows([...tiers.admin, ...tiers.baseline].filter((r) => !r.invalid));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (rows.length === 0) return null;
  return (
    <fieldset className="mt-2" data-testid="what-if-cluster-deletes">
      <legend className="font-medium">Delete cluster-tier policies in the what-if</legend>
      {rows.map((r) => {
        const value = `${r.kind}/${r.name}`;
        return (
          <label key={value} className="mr-4 inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={selected.includes(value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, value] : selected.filter((v) => v !== value))
              }
            />
            {r.tier} tier {r.kind} {r.name}
          </label>
        );
      })}
    </fieldset>
  );
}
