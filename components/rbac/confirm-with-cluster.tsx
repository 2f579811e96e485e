"use client";

import { useState } from "react";

// "Confirm with the cluster" (token and serviceaccount modes): asks the API server itself, through
// /api/rbac/confirm (a SubjectAccessReview), and shows its answer next to Vigil's static one.

interface ConfirmAnswer {
  vigil: { decision: string };
  cluster: { allowed: boolean; denied: boolean; reason?: string };
}

export function ConfirmWithCluster({ query }: { query: string }) {
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "busy" }
    | { kind: "done"; answer: ConfirmAnswer }
    | { kind: "error"; message: string }
  >({ kind: "idle" });

  const confirm = async () => {
    setState({ kind: "busy" });
    try {
      const res = await fetch(`/api/rbac/confirm?${query}`, { headers: { accept: "application/json" } });
      const body = (await res.json()) as ConfirmAnswer | { error?: { message?: string } };
      if (!res.ok || !("cluster" in body)) {
        const message = "error" in body ? body.error?.message : undefined;
        setState({ kind: "error", message: message ?? `the cluster check failed (HTTP ${res.status})` });
        return;
      }
      setState({ kind: "done", answer: body });
    } catch {
      setState({ kind: "error", message: "the cluster check could not be sent" });
    }
  };

  const cluster =
    state.kind === "done"
      ? state.answer.cluster.allowed
        ? "allow"
        : state.answer.cluster.denied
          ? "deny (explicitly denied)"
          : "deny (no authorizer allows it)"
      : undefined;
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={confirm}
        disabled={state.kind === "busy"}
        className="rounded border-2 border-blue-700 px-4 py-2 font-semibold text-blue-800 hover:bg-blue-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-blue-400 disabled:opacity-60 dark:border-blue-400 dark:text-blue-200 dark:hover:bg-blue-950"
      >
        {state.kind === "busy" ? "Asking the cluster…" : "Confirm with the cluster"}
      </button>
      <div role="status" aria-live="polite">
        {state.kind === "done" && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-base">
            <dt className="font-semibold">Vigil (static)</dt>
            <dd>{state.answer.vigil.decision}</dd>
            <dt className="font-semibold">API server</dt>
            <dd>
              {cluster}
              {state.answer.cluster.reason ? ` — ${state.answer.cluster.reason}` : ""}
            </dd>
            <dt className="font-semibold">Agree?</dt>
            <dd>
              {(state.answer.vigil.decision === "allow") === state.answer.cluster.allowed
                ? "✓ yes"
                : "✕ no: another authorizer (Node, webhook) or a change since the snapshot decides differently"}
            </dd>
          </dl>
        )}
        {state.kind === "error" && <p className="text-[#a6361c] dark:text-[#ff8a65]">✕ {state.message}</p>}
      </div>
    </div>
  );
}
