"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { NetworkCanvas } from "@/components/network/network-canvas";
import { ConnectionList, EdgeList } from "@/components/network/edge-lists";
import { WhatIfEditor } from "@/components/network/what-if-editor";
import { whatIfChanges } from "@/components/network/what-if-changes";
import type { WhatIfAnswer } from "@/lib/views/what-if-answer";
import type { ConnectionPage, ConnectionRow } from "@/lib/views/connection-rows";
import type { DrawnEdge, ViewNode } from "@/lib/views/network-view-types";
import { unpackNetworkView, type PackedView } from "@/lib/views/pack-network-view";

// The interactive part of the Network page: the canvas graph (its edge labels carry `data-finding-id`, which
// meeting mode's j/k walk), the drawn edges as a list, every connection as a table, and the what-if editor whose gained and lost
// connections are marked on the graph. Explanations are server-rendered: choosing an edge only changes the URL.
// It gets what it draws (the packed view), the selected edge's connections and the connection list's first page;
// never the whole list (docs/network.md "What the page sends").

export function NetworkExplorer({
  drawn: packed,
  selectedEdge,
  selectedMembers,
  connections,
}: {
  drawn: PackedView;
  selectedEdge?: string;
  selectedMembers: { rows: ConnectionRow[]; total: number } | undefined;
  connections: ConnectionPage;
}) {
  const router = useRouter();
  const params = useSearchParams();
  const [picked, setPicked] = useState<ViewNode | undefined>(undefined);
  const [answer, setAnswer] = useState<WhatIfAnswer | undefined>(undefined);
  const view = useMemo(() => unpackNetworkView(packed), [packed]);
  const byId = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view.nodes]);

  const explain = (fromNode: ViewNode, toNode: ViewNode, protocol: string, port: number, edgeId?: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("from", fromNode.sample);
    next.set("to", toNode.sample);
    next.set("at", `${protocol}/${port}`);
    next.delete("finding");
    if (edgeId) next.set("edge", edgeId);
    else next.delete("edge");
    router.push(`/network?${next.toString()}#explanation`);
  };
  const explainEdge = (e: DrawnEdge) => {
    // Through its first connection's ends when it stands for a group or a namespace box.
    const a = byId.get(e.via?.from ?? e.from);
    const b = byId.get(e.via?.to ?? e.to);
    if (a && b) explain(a, b, e.example.protocol, e.example.port, e.id);
  };
  const pickNode = (n: ViewNode) => {
    if (n.kind === "group") return;
    if (!picked || picked.id === n.id) {
      setPicked(n);
      return;
    }
    const port = params.get("port") ?? "TCP/80";
    const [protocol = "TCP", num = "80"] = port.split("/");
    explain(picked, n, protocol, Number(num));
    setPicked(undefined);
  };

  const changed = useMemo(() => (answer ? whatIfChanges(view, answer) : undefined), [view, answer]);
  const drawn = useMemo(
    () => (changed ? [...view.edges, ...changed.extra] : view.edges),
    [view.edges, changed],
  );
  const shown = useMemo(() => ({ ...view, edges: drawn }), [view, drawn]);

  return (
    <div className="space-y-4">
      {/* One line always reserved: picking a node never moves the graph. */}
      <p role="status" className="min-h-[2.5rem] rounded p-2" data-testid="pick-status">
        {picked ? (
          <span className="rounded border border-amber-500 bg-amber-50 p-1 dark:bg-amber-950">
            First endpoint: <strong>{picked.id}</strong>. Pick the second node (the destination).{" "}
            <button type="button" className="underline" onClick={() => setPicked(undefined)}>
              Cancel
            </button>
          </span>
        ) : (
          <span className="text-slate-600 dark:text-slate-300">
            Click an arrow to see the policies behind it, or two workloads to ask about any connection between
            them.
          </span>
        )}
      </p>
      <NetworkCanvas
        view={shown}
        selectedEdge={selectedEdge}
        changes={changed?.marks}
        onExplainEdge={explainEdge}
        onPickNode={pickNode}
        picked={picked?.id}
      />
      <EdgeList
        view={shown}
        selectedEdge={selectedEdge}
        selectedMembers={selectedMembers}
        changes={changed?.marks}
        onExplain={explainEdge}
      />
      <ConnectionList first={connections} fromMetadata={view.fromMetadata} />
      <WhatIfEditor onAnswer={setAnswer} answer={answer} />
    </div>
  );
}
