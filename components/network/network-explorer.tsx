"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { NetworkCanvas } from "@/components/network/network-canvas";
import { ConnectionList, EdgeList } from "@/components/network/edge-lists";
import { WhatIfEditor } from "@/components/network/what-if-editor";
import { whatIfChanges } from "@/components/network/what-if-changes";
import type { WhatIfAnswer } from "@/lib/views/what-if-answer";
import type { ConnectionPage, ConnectionRow } from "@/lib/views/connection-rows";
import type { DrawnEdge, DrawnView, ViewNode } from "@/lib/views/network-view-types";
import { unpackNetworkView, type PackedView } from "@/lib/views/pack-network-view";
import { parseGraph, readGraph } from "@/components/network/read-graph";

// The interactive part of the Network page: the canvas graph (its edge labels carry `data-finding-id`, which
// meeting mode's j/k walk), the drawn edges as a list, every connection as a table, and the what-if editor whose gained and lost
// connections are marked on the graph. Explanations are server-rendered: choosing an edge only changes the URL.
// It gets the selected edge's connections and the connection list's first page, and what it draws (the packed
// view, serialised once per snapshot version, gate and filters): in the page when small, else fetched from
// /api/network/graph; never the whole list (docs/network.md "What the page sends").

/** The last graph answered per URL in this tab (memory only), asked again with its ETag. Filled in the browser only. */
const GRAPHS = new Map<string, { etag: string; packed: PackedView }>();

type GraphState = { href: string; inline: string | undefined; view?: DrawnView; error?: string };

/** What is drawn before any fetch: the graph the page carries, else the last one known for `href`. */
function firstGraph(href: string, inline: string | undefined): GraphState {
  if (inline !== undefined) {
    try {
      return { href, inline, view: unpackNetworkView(parseGraph(inline)) };
    } catch (err) {
      return { href, inline, error: err instanceof Error ? err.message : String(err) };
    }
  }
  const known = GRAPHS.get(href);
  return known ? { href, inline, view: unpackNetworkView(known.packed) } : { href, inline };
}

/**
 * The drawn view: the one the page carries (a small graph, `inline`), or the one at `href`: the last one known at
 * once, then the server's (a 304 keeps it). "Try again" after an error always asks `href`.
 */
function useGraph(
  href: string,
  inline: string | undefined,
): { view?: DrawnView; error?: string; retry(): void } {
  const [state, setState] = useState<GraphState>(() => firstGraph(href, inline));
  const [attempt, setAttempt] = useState(0);
  // Other filters (a client-side navigation) bring another graph, or another URL to fetch.
  if (state.href !== href || state.inline !== inline) setState(firstGraph(href, inline));
  useEffect(() => {
    // The page brought the graph: nothing to ask, unless the viewer asks again after an error.
    if (inline !== undefined && attempt === 0) return;
    let live = true;
    const known = GRAPHS.get(href);
    (async () => {
      const res = await fetch(href, { headers: known ? { "If-None-Match": known.etag } : {} });
      if (res.status === 304 && known) return known.packed;
      const packed = await readGraph(res);
      GRAPHS.set(href, { etag: res.headers.get("etag") ?? "", packed });
      return packed;
    })().then(
      (packed) => {
        if (!live) return;
        setState((s) =>
          s.href === href && s.view && packed === known?.packed
            ? s
            : { href, inline, view: unpackNetworkView(packed) },
        );
      },
      (err: unknown) => {
        if (live) setState({ href, inline, error: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [href, inline, attempt]);
  return { ...state, retry: () => setAttempt((a) => a + 1) };
}

export function NetworkExplorer({
  graph,
  inlineGraph,
  edgeCount,
  selectedEdge,
  selectedMembers,
  connections,
  fromMetadata,
}: {
  /** Where the drawn view is fetched from (lib/views/network-graph.ts `graphHref`). */
  graph: string;
  /** The drawn view's JSON when the page carries it (a small graph): then nothing is fetched. */
  inlineGraph?: string;
  /** How many edges it draws, said while it loads. */
  edgeCount: number;
  selectedEdge?: string;
  selectedMembers: { rows: ConnectionRow[]; total: number } | undefined;
  connections: ConnectionPage;
  fromMetadata: number;
}) {
  const router = useRouter();
  const params = useSearchParams();
  const [picked, setPicked] = useState<ViewNode | undefined>(undefined);
  const [answer, setAnswer] = useState<WhatIfAnswer | undefined>(undefined);
  const loaded = useGraph(graph, inlineGraph);
  const view = loaded.view;
  const byId = useMemo(() => new Map((view?.nodes ?? []).map((n) => [n.id, n])), [view]);

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

  const changed = useMemo(() => (answer && view ? whatIfChanges(view, answer) : undefined), [view, answer]);
  const shown = useMemo(
    () => (view && changed ? { ...view, edges: [...view.edges, ...changed.extra] } : view),
    [view, changed],
  );

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
      {shown ? (
        <>
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
        </>
      ) : loaded.error ? (
        <p role="alert" className="rounded border-2 border-red-700 p-3" data-testid="graph-error">
          ✖ The graph could not be loaded: {loaded.error}{" "}
          <button type="button" className="underline" onClick={loaded.retry}>
            Try again
          </button>
        </p>
      ) : (
        <p
          role="status"
          className="flex min-h-[16rem] items-center justify-center rounded border border-dashed border-slate-400"
          data-testid="graph-loading"
        >
          Loading the graph ({edgeCount} edges)…
          <noscript> The graph needs JavaScript: every connection is listed below.</noscript>
        </p>
      )}
      <ConnectionList first={connections} fromMetadata={fromMetadata} />
      <WhatIfEditor onAnswer={setAnswer} answer={answer} />
    </div>
  );
}
