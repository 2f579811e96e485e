"use client";

import { useState } from "react";
import { WHAT_IF_LIMITS, whatIfGroups, type WhatIfAnswer } from "@/lib/views/what-if-answer";
import { ClusterPolicyDeletes } from "@/components/network/cluster-policy-deletes";

// What-if: paste or edit NetworkPolicy YAML, or cluster-tier policies (ClusterNetworkPolicy, AdminNetworkPolicy,
// BaselineAdminNetworkPolicy); Vigil evaluates it in memory (nothing is applied anywhere) and
// lists the workload connections gained and lost. The text travels base64url-encoded in a GET query parameter
// (see app/api/network/what-if/route.ts).

const EXAMPLE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  namespace: g04
  name: backend-ingress
spec:
  podSelector:
    matchLabels: { tier: backend }
  policyTypes: [Ingress]
  ingress: []
`;

function encode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function ChangeList({ answer, kind }: { answer: WhatIfAnswer; kind: "gained" | "lost" }) {
  const groups = whatIfGroups(answer, answer[kind]);
  const total = kind === "gained" ? answer.gainedTotal : answer.lostTotal;
  return (
    <>
      <h3 className="font-semibold">
        {kind === "gained" ? "Gained" : "Lost"} connections ({total})
      </h3>
      {/* Grouped by source: what one workload gains or loses reads at once, its name said once above its rows. */}
      <ul className="space-y-1 break-words" data-testid={`what-if-${kind}`}>
        {groups.map((g) => (
          <li key={g.from} data-testid="what-if-group">
            <span className="font-semibold" data-testid="what-if-source">
              From {g.from}
            </span>
            <ul
              className="list-disc pl-6"
              aria-label={`${kind === "gained" ? "Gained" : "Lost"} from ${g.from}`}
            >
              {g.rows.map((r) => (
                <li key={r.key} {...(r.title ? { title: r.title } : {})} data-testid="what-if-row">
                  {r.toText}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {total > answer[kind].length && (
        <p>
          … and {total - answer[kind].length} more {kind} connections.
        </p>
      )}
    </>
  );
}

export function WhatIfEditor({
  onAnswer,
  answer,
}: {
  onAnswer(a: WhatIfAnswer | undefined): void;
  answer?: WhatIfAnswer;
}) {
  const [text, setText] = useState(EXAMPLE);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [deleteCluster, setDeleteCluster] = useState<string[]>([]);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const bytes = new TextEncoder().encode(text).length;
      if (bytes > WHAT_IF_LIMITS.textBytes) {
        throw new Error(
          `the policy text is ${bytes} bytes; the what-if editor takes at most ${WHAT_IF_LIMITS.textBytes} bytes`,
        );
      }
      const query = [
        ...(text.trim() ? [`policy=${encode(text)}`] : []),
        ...deleteCluster.map((d) => `deleteCluster=${encodeURIComponent(d)}`),
      ].join("&");
      const res = await fetch(`/api/network/what-if?${query}`, {
        headers: { Accept: "application/json" },
      });
      const body = (await res.json()) as WhatIfAnswer | { error: { message: string } };
      if (!res.ok || "error" in body) {
        onAnswer(undefined);
        setError("error" in body ? body.error.message : `the server answered ${res.status}`);
        return;
      }
      onAnswer(body);
    } catch (err) {
      onAnswer(undefined);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-labelledby="what-if-title"
      className="rounded-lg border border-slate-300 p-4 dark:border-slate-600"
    >
      <h2 id="what-if-title" className="text-xl font-semibold">
        What if?
      </h2>
      <p className="text-slate-600 dark:text-slate-300">
        Paste one or more NetworkPolicies, ClusterNetworkPolicies (Admin or Baseline tier),
        AdminNetworkPolicies or BaselineAdminNetworkPolicies. A policy with the namespace and name (for a
        cluster-tier policy, the kind and name) of an existing one replaces it. Nothing is applied to the
        cluster.
      </p>
      <label htmlFor="what-if-yaml" className="mt-2 block font-medium">
        Policy YAML
      </label>
      <textarea
        id="what-if-yaml"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={14}
        spellCheck={false}
        className="mt-1 w-full rounded border border-slate-400 bg-white p-2 font-mono text-sm dark:border-slate-500 dark:bg-slate-800"
      />
      <ClusterPolicyDeletes selected={deleteCluster} onChange={setDeleteCluster} />
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          onClick={run}
          disabled={busy}
          className="rounded bg-slate-900 px-4 py-2 font-semibold text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900"
        >
          {busy ? "Evaluating…" : "Evaluate what-if"}
        </button>
        {answer && (
          <button
            type="button"
            className="rounded border border-slate-400 px-3 py-2"
            onClick={() => onAnswer(undefined)}
          >
            Clear highlights
          </button>
        )}
      </div>
      {error && (
        <p
          role="alert"
          className="mt-3 rounded border border-red-600 bg-red-50 p-2 text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          <span aria-hidden="true">✖ </span>
          {error}
        </p>
      )}
      {answer && (
        <div className="mt-3 space-y-2" data-testid="what-if-result" aria-live="polite">
          {answer.partial && (
            <p>Part of the cluster is not visible to you: the answer covers what you may see.</p>
          )}
          {answer.changes.length > 0 && (
            <p>
              {answer.changes
                .map((c) => `${c.action} ${c.kind ? `${c.kind} ${c.name}` : `${c.namespace}/${c.name}`}`)
                .join("; ")}
            </p>
          )}
          {answer.invalid.map((i) => (
            <div
              key={`${i.policy.kind ?? ""}/${i.policy.namespace}/${i.policy.name}`}
              role="alert"
              className="rounded border border-red-600 p-2"
            >
              <p className="font-semibold">
                {i.policy.kind
                  ? `✖ ${i.policy.kind} ${i.policy.name} is invalid (its CRD would reject it); it was not evaluated:`
                  : `✖ NetworkPolicy ${i.policy.namespace}/${i.policy.name} is invalid (the API server would reject it); it was not evaluated:`}
              </p>
              <ul className="list-disc pl-6">
                {i.problems.map((p) => (
                  <li key={p.field}>
                    <code>{p.field}</code>: {p.reason}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {answer.warnings.map((w) => (
            <p key={w}>⚠ {w}</p>
          ))}
          <p>
            The graph marks them: <strong>GAINED</strong> in green, thick; <strong>LOST</strong> in red,
            dashed.
          </p>
          <ChangeList answer={answer} kind="gained" />
          <ChangeList answer={answer} kind="lost" />
        </div>
      )}
    </section>
  );
}
