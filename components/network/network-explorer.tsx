"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { NetworkCanvas } from "@/components/network/network-canvas";
import { WhatIfEditor } from "@/components/network/what-if-editor";
import type { WhatIfAnswer } from "@/lib/views/what-if-answer";
import type { NetworkView, ViewEdge, ViewNode } from "@/lib/views/build-network-view";

// The interactive part of the Network page: the canvas graph, the same edges as a keyboard- and screen-reader-
// friendly list, and the what-if editor whose gained and lost connections are highlighted on the graph.
// Explanations are server-rendered: choosing an edge (or two nodes) only changes the URL.

export function NetworkExplorer({ view, selectedEdge }: { view: NetworkView; selectedEdge?: string }) {
  const router = useRouter();
  const params = useSearchParams();
  const [picked, setPicked] = useState<ViewNode | undefined>(undefined);
  const [answer, setAnswer] = useState<WhatIfAnswer | undefined>(undefined);
  const [showAll, setShowAll] = useState(false);
  const byId = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view.nodes]);

  const explain = (fromNode: ViewNode, toNode: ViewNode, protocol: string, port: number, edgeId?: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("from", fromNode.sample);
    next.set("to", toNode.sample);
    next.set("at", `${protocol}/${port}`);
    if (edgeId) next.set("edge", edgeId);
    else next.delete("edge");
    router.push(`/network?${next.toString()}#explanation`);
  };
  const explainEdge = (e: ViewEdge) => {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (a && b) explain(a, b, e.example.protocol, e.example.port, e.id);
  };
  const pickNode = (n: ViewNode) => {
    if (!picked || picked.id === n.id) {
      setPicked(n);
      return;
    }
    const port = params.get("port") ?? "TCP/80";
    const [protocol = "TCP", num = "80"] = port.split("/");
    explain(picked, n, protocol, Number(num));
    setPicked(undefined);
  };

  const gained = useMemo(() => new Set(answer?.gained.map((c) => `${c.from}>${c.to}`) ?? []), [answer]);
  const lost = useMemo(() => new Set(answer?.lost.map((c) => `${c.from}>${c.to}`) ?? []), [answer]);
  const listed = showAll ? view.edges : view.edges.slice(0, 200);

  return (
    <div className="space-y-4">
      {picked && (
        <p role="status" className="rounded border border-amber-500 bg-amber-50 p-2 dark:bg-amber-950">
          First endpoint: <strong>{picked.id}</strong>. Pick the second node (the destination).{" "}
          <button type="button" className="underline" onClick={() => setPicked(undefined)}>
            Cancel
          </button>
        </p>
      )}
      <NetworkCanvas
        view={view}
        selectedEdge={selectedEdge}
        gained={gained}
        lost={lost}
        onExplainEdge={explainEdge}
        onPickNode={pickNode}
        picked={picked?.id}
      />
      <details
        className="rounded border border-slate-300 p-3 dark:border-slate-600"
        open={view.edges.length <= 30}
      >
        <summary className="cursor-pointer text-lg font-semibold">
          Connections as a list ({view.edges.length})
        </summary>
        <table className="mt-2 w-full text-left text-base" aria-label="Allowed connections">
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-600">
              <th scope="col" className="py-1 pr-3">
                From
              </th>
              <th scope="col" className="py-1 pr-3">
                To
              </th>
              <th scope="col" className="py-1 pr-3">
                Ports
              </th>
              <th scope="col" className="py-1">
                <span className="sr-only">Explain</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listed.map((e) => (
              <tr
                key={e.id}
                className={`border-b border-slate-200 dark:border-slate-700 ${e.id === selectedEdge ? "bg-amber-100 dark:bg-amber-900" : ""}`}
                data-testid="edge-row"
              >
                <td className="py-1 pr-3 font-mono text-sm">{byId.get(e.from)?.label ?? e.from}</td>
                <td className="py-1 pr-3 font-mono text-sm">{byId.get(e.to)?.label ?? e.to}</td>
                <td className="py-1 pr-3">
                  {e.ports}
                  {e.implementationDefined && <span className="ml-2 text-sm">(implementation-defined)</span>}
                  {gained.has(e.id) && <span className="ml-2 font-semibold">＋ gained</span>}
                  {lost.has(e.id) && <span className="ml-2 font-semibold">－ lost</span>}
                </td>
                <td className="py-1">
                  <button
                    type="button"
                    className="rounded border border-slate-400 px-2 py-0.5"
                    onClick={() => explainEdge(e)}
                    // The accessible name starts with the visible text (WCAG 2.5.3 label in name).
                    aria-label={`Why? Explain ${e.from} to ${e.to}`}
                  >
                    Why?
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.edges.length > listed.length && (
          <button type="button" className="mt-2 underline" onClick={() => setShowAll(true)}>
            Show all {view.edges.length}
          </button>
        )}
      </details>
      <WhatIfEditor onAnswer={setAnswer} answer={answer} />
    </div>
  );
}
