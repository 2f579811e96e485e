"use client";

import type { EdgeChange } from "@/components/network/canvas-geometry";
import { useState } from "react";
import { endName } from "@/components/network/what-if-changes";
import type { NetworkView, ViewEdge } from "@/lib/views/build-network-view";

// The graph's edges as a list (the row of the edge selected on the graph, or by meeting mode's j/k, is
// highlighted), and every connection the filters keep as a table: the full list stays on the page, whatever the picture draws.

const CELL = "py-1 pr-3 align-top";

export function EdgeList({
  view,
  selectedEdge,
  changes,
  onExplain,
}: {
  view: NetworkView;
  selectedEdge: string | undefined;
  changes: ReadonlyMap<string, EdgeChange> | undefined;
  onExplain(e: ViewEdge): void;
}) {
  return (
    <details
      className="rounded border border-slate-300 p-3 dark:border-slate-600"
      open={view.edges.length <= 40}
    >
      <summary className="cursor-pointer text-lg font-semibold">
        Edges in the picture ({view.edges.length})
      </summary>
      <table className="mt-2 w-full table-fixed text-left text-base" aria-label="Edges in the picture">
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-600">
            <th scope="col" className={`${CELL} w-[32%]`}>
              From
            </th>
            <th scope="col" className={`${CELL} w-[32%]`}>
              To
            </th>
            <th scope="col" className={CELL}>
              Ports
            </th>
            <th scope="col" className={`${CELL} w-24`}>
              <span className="sr-only">Explain</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {view.edges.flatMap((e) => {
            const change = changes?.get(e.id);
            const walkable = !e.id.startsWith("what-if:");
            // The selected edge opens: the connections it stands for, one by one.
            const members =
              e.id === selectedEdge && e.members.length > 1
                ? e.members
                    .map((m) => view.connections.find((c) => c.id === m))
                    .filter((c) => c !== undefined)
                : [];
            const open = members.length > 0 && (
              <tr key={`${e.id}/members`} data-testid="edge-members">
                <td colSpan={4} className="pb-2 pl-6">
                  <ul className="list-disc pl-4">
                    {members.map((c) => (
                      <li key={c.id}>
                        {endName(view, c.from)} → {endName(view, c.to)}: {c.ports}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            );
            return [
              <tr
                key={e.id}
                className={`border-b border-slate-200 break-words dark:border-slate-700 ${e.id === selectedEdge ? "bg-amber-100 outline outline-2 outline-amber-600 dark:bg-amber-900" : ""}`}
                data-testid="edge-row"
              >
                <td className={CELL}>{endName(view, e.from)}</td>
                <td className={CELL}>{endName(view, e.to)}</td>
                <td className={CELL}>
                  {change && <strong className="mr-2">{change.text}</strong>}
                  {e.exposed && <strong className="mr-2">EXPOSED</strong>}
                  {e.ports}
                  {e.members.length > 1 && (
                    <span className="ml-2 text-slate-600 dark:text-slate-300">
                      ({e.members.length} connections)
                    </span>
                  )}
                  {e.implementationDefined && <span className="ml-2">(implementation-defined)</span>}
                </td>
                <td className={CELL}>
                  {walkable && (
                    <button
                      type="button"
                      className="rounded border border-slate-400 px-2 py-0.5"
                      onClick={() => onExplain(e)}
                      aria-label={`Why? Explain ${e.from} to ${e.to}`}
                    >
                      Why?
                    </button>
                  )}
                </td>
              </tr>,
              open,
            ];
          })}
        </tbody>
      </table>
    </details>
  );
}

export function ConnectionList({ view }: { view: NetworkView }) {
  const [showAll, setShowAll] = useState(false);
  const listed = showAll ? view.connections : view.connections.slice(0, 300);
  return (
    <details className="rounded border border-slate-300 p-3 dark:border-slate-600">
      <summary className="cursor-pointer text-lg font-semibold">
        Every connection ({view.connections.length})
      </summary>
      {view.fromMetadata > 0 && (
        <p className="mt-1">
          {view.fromMetadata} connection(s) from the cloud metadata addresses are listed here and not drawn.
        </p>
      )}
      <table className="mt-2 w-full table-fixed text-left text-base" aria-label="Allowed connections">
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-600">
            <th scope="col" className={CELL}>
              From
            </th>
            <th scope="col" className={CELL}>
              To
            </th>
            <th scope="col" className={CELL}>
              Ports
            </th>
          </tr>
        </thead>
        <tbody>
          {listed.map((c) => (
            <tr
              key={c.id}
              className="border-b border-slate-200 break-words dark:border-slate-700"
              data-testid="connection-row"
            >
              <td className={CELL}>{endName(view, c.from)}</td>
              <td className={CELL}>{endName(view, c.to)}</td>
              <td className={CELL} {...(c.detail ? { title: c.detail } : {})}>
                {c.ports}
                {c.partial && <span className="ml-2">(some addresses: {c.detail})</span>}
                {c.implementationDefined && <span className="ml-2">(implementation-defined)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.connections.length > listed.length && (
        <button type="button" className="mt-2 underline" onClick={() => setShowAll(true)}>
          Show all {view.connections.length}
        </button>
      )}
    </details>
  );
}
