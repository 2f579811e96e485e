"use client";

import type { EdgeChange } from "@/components/network/canvas-geometry";
import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { endName } from "@/components/network/what-if-changes";
import type { ConnectionPage, ConnectionRow } from "@/lib/views/connection-rows";
import type { DrawnEdge, DrawnView } from "@/lib/views/network-view-types";

// The graph's edges as a list (the row of the edge selected on the graph, or by meeting mode's j/k, is
// highlighted, and lists the connections it stands for), and every connection the filters keep as a table, a page
// at a time from /api/network/connections (or the rows holding a text): the full list stays reachable, whatever
// the picture draws, without the page carrying it (docs/network.md "What the page sends").

const CELL = "py-1 pr-3 align-top";
/** Edge rows listed before "Show all". */
const FIRST_EDGES = 300;

export function EdgeList({
  view,
  selectedEdge,
  selectedMembers,
  changes,
  onExplain,
}: {
  view: DrawnView;
  selectedEdge: string | undefined;
  selectedMembers: { rows: ConnectionRow[]; total: number } | undefined;
  changes: ReadonlyMap<string, EdgeChange> | undefined;
  onExplain(e: DrawnEdge): void;
}) {
  const [open, setOpen] = useState(view.edges.length <= 40);
  const [showAll, setShowAll] = useState(false);
  // The rows are made once the list is open, the first FIRST_EDGES of them (the selected and the changed ones
  // always); while it is closed, only the selected edge's row.
  const listed = showAll
    ? view.edges
    : view.edges.filter((e, i) => i < FIRST_EDGES || e.id === selectedEdge || changes?.has(e.id));
  const rows = open ? listed : view.edges.filter((e) => e.id === selectedEdge);
  return (
    <details
      className="rounded border border-slate-300 p-3 dark:border-slate-600"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
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
          {rows.flatMap((e) => {
            const change = changes?.get(e.id);
            const walkable = !e.id.startsWith("what-if:");
            // The selected edge opens: the connections it stands for, one by one.
            const members = e.id === selectedEdge && e.memberCount > 1 ? (selectedMembers?.rows ?? []) : [];
            const more = e.memberCount - members.length;
            const opened = members.length > 0 && (
              <tr key={`${e.id}/members`} data-testid="edge-members">
                <td colSpan={4} className="pb-2 pl-6">
                  <ul className="list-disc pl-4">
                    {members.map((c) => (
                      <li key={c.id}>
                        {c.fromName} → {c.toName}: {c.ports}
                      </li>
                    ))}
                  </ul>
                  {more > 0 && <p>… and {more} more: the connection list below has them all.</p>}
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
                  {e.memberCount > 1 && (
                    <span className="ml-2 text-slate-600 dark:text-slate-300">
                      ({e.memberCount} connections)
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
              opened,
            ];
          })}
        </tbody>
      </table>
      {open && listed.length < view.edges.length && (
        <button type="button" className="mt-2 underline" onClick={() => setShowAll(true)}>
          Show all {view.edges.length}
        </button>
      )}
    </details>
  );
}

export function ConnectionList({ first, fromMetadata }: { first: ConnectionPage; fromMetadata: number }) {
  const params = useSearchParams();
  const [page, setPage] = useState(first);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  // A new page query (filters, selection) brings a new first page.
  const [seen, setSeen] = useState(first);
  if (seen !== first) {
    setSeen(first);
    setPage(first);
    setText("");
    setError(undefined);
  }

  const load = async (offset: number, q: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = new URLSearchParams(params.toString());
      next.set("offset", String(offset));
      next.set("limit", String(first.limit));
      if (q.trim()) next.set("q", q.trim());
      const res = await fetch(`/api/network/connections?${next.toString()}`);
      const body = (await res.json()) as ConnectionPage & { error?: string; message?: string };
      if (!res.ok) throw new Error(body.message ?? body.error ?? `the server answered ${res.status}`);
      setPage(body);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const last = page.offset + page.rows.length;
  return (
    <details className="rounded border border-slate-300 p-3 dark:border-slate-600">
      <summary className="cursor-pointer text-lg font-semibold">Every connection ({page.total})</summary>
      {fromMetadata > 0 && (
        <p className="mt-1">
          {fromMetadata} connection(s) from the cloud metadata addresses are listed here and not drawn.
        </p>
      )}
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        aria-label="Filter the connections"
        data-no-print
        data-present-hide
        onSubmit={(e) => {
          e.preventDefault();
          void load(0, text);
        }}
      >
        <label className="flex flex-col">
          <span className="font-medium">Names or ports holding</span>
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="shop/ or TCP 443"
            maxLength={200}
            className="rounded border border-slate-400 bg-white px-2 py-1 dark:border-slate-500 dark:bg-slate-800"
          />
        </label>
        <button type="submit" className="rounded border border-slate-500 px-3 py-1" disabled={busy}>
          Filter
        </button>
      </form>
      <p className="mt-2" role="status" data-testid="connection-range">
        {page.matched === 0
          ? page.q
            ? `No connection holds “${page.q}” (of ${page.total}).`
            : "No connections."
          : `Connections ${page.offset + 1}-${last} of ${page.matched}${page.q ? ` holding “${page.q}” (of ${page.total})` : ""}.`}
        {busy && " Loading…"}
      </p>
      {error && <p role="alert">✖ {error}</p>}
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
          {page.rows.map((c) => (
            <tr
              key={c.id}
              className="border-b border-slate-200 break-words dark:border-slate-700"
              data-testid="connection-row"
            >
              <td className={CELL}>{c.fromName}</td>
              <td className={CELL}>{c.toName}</td>
              <td className={CELL} {...(c.detail ? { title: c.detail } : {})}>
                {c.ports}
                {c.partial && <span className="ml-2">(some addresses: {c.detail})</span>}
                {c.implementationDefined && <span className="ml-2">(implementation-defined)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-2 flex gap-3">
        {page.offset > 0 && (
          <button
            type="button"
            className="underline"
            disabled={busy}
            onClick={() => void load(Math.max(0, page.offset - page.limit), page.q ?? "")}
          >
            Previous {page.limit}
          </button>
        )}
        {last < page.matched && (
          <button
            type="button"
            className="underline"
            disabled={busy}
            onClick={() => void load(last, page.q ?? "")}
          >
            Next {Math.min(page.limit, page.matched - last)}
          </button>
        )}
      </div>
    </details>
  );
}
