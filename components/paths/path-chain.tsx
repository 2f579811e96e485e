import Link from "next/link";
import type { EvidenceView, NodeView, PathView } from "@/lib/views/path-hop-view";

// One attack path drawn left to right: where it starts, then each hop as a column (technique, the object reached,
// the evidence with links to the objects' pages). A hop that holds only under an assumption is dashed and says so.

// Shapes from fonts every browser has (no emoji: a projector's machine may lack an emoji font).
const KIND_ICON: Record<NodeView["kind"], string> = {
  Internet: "◍",
  Container: "▣",
  Node: "▤",
  ServiceAccount: "⚙",
  User: "●",
  Group: "●●",
  Secret: "⚿",
  Target: "◎",
};

export function NodeBox({ node, big = false }: { node: NodeView; big?: boolean }) {
  const tone = node.target
    ? "border-[#a6361c] bg-[#a6361c] text-white"
    : "border-slate-400 bg-white text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100";
  const label = (
    <>
      <span aria-hidden="true">{KIND_ICON[node.kind]} </span>
      {node.label}
    </>
  );
  return (
    <div
      className={`rounded-md border-2 px-3 py-2 font-semibold [overflow-wrap:anywhere] ${big ? "text-xl" : "text-base"} ${tone}`}
      data-node-kind={node.kind}
    >
      {node.href ? (
        <Link href={node.href} className="underline decoration-2 underline-offset-2">
          {label}
        </Link>
      ) : (
        label
      )}
    </div>
  );
}

function Evidence({ items }: { items: readonly EvidenceView[] }) {
  return (
    <ul className="mt-2 flex flex-col gap-1 text-sm text-slate-700 dark:text-slate-300" aria-label="Evidence">
      {items.map((e, i) => (
        <li key={i} className="[overflow-wrap:anywhere]">
          {e.href ? (
            <Link href={e.href} className="underline">
              {e.text}
            </Link>
          ) : (
            e.text
          )}
        </li>
      ))}
    </ul>
  );
}

export function PathChain({
  path,
  index,
  selected,
  gone = false,
}: {
  path: PathView;
  index: number;
  selected: boolean;
  gone?: boolean;
}) {
  const n = path.hops.length;
  return (
    <article
      data-finding-id={path.id}
      data-testid="attack-path"
      tabIndex={-1}
      aria-current={selected ? "true" : undefined}
      aria-label={`Path ${index + 1}: ${path.from.label} to ${path.to.label}, ${n} hop${n === 1 ? "" : "s"}`}
      className={`rounded-lg border p-4 ${selected ? "border-blue-600 ring-4 ring-blue-600/40" : "border-slate-200 dark:border-slate-700"} ${gone ? "opacity-70" : ""}`}
    >
      <h3 className="mb-3 text-xl font-bold">
        <span className="mr-2 text-slate-500 dark:text-slate-400">{index + 1}.</span>
        {path.from.label} → {path.to.label}
        <span className="ml-3 text-base font-semibold text-slate-600 dark:text-slate-300">
          {n} hop{n === 1 ? "" : "s"}
          {path.assumptions > 0
            ? `, assuming ${path.assumptions === 1 ? "one thing" : `${path.assumptions} things`}`
            : ", no assumption"}
        </span>
        {gone && (
          <span className="ml-3 rounded bg-[#007a5a] px-2 py-0.5 text-sm text-white">
            <span aria-hidden="true">✓ </span>gone with the what-if
          </span>
        )}
      </h3>
      <ol className="flex items-stretch gap-0 overflow-x-auto pb-2" aria-label="Hops">
        <li className="w-44 shrink-0">
          <div className="mb-1 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Start
          </div>
          <NodeBox node={path.from} big />
        </li>
        {path.hops.map((h, i) => (
          <li key={i} className="flex min-w-52 flex-1 basis-0 items-stretch" data-testid="hop">
            <div
              className="flex w-10 shrink-0 items-start justify-center pt-8 text-3xl text-slate-500"
              aria-hidden="true"
            >
              →
            </div>
            <div
              className={`min-w-0 flex-1 rounded-md p-2 ${h.assumption ? "border-2 border-dashed border-[#b35a00]" : ""}`}
            >
              <div className="mb-1 text-sm font-semibold">
                <span className="font-mono">{h.technique}</span> {h.title}
                {h.mitre ? (
                  <span className="font-normal text-slate-500 dark:text-slate-400"> ({h.mitre})</span>
                ) : null}
              </div>
              <NodeBox node={h.to} big={i === n - 1} />
              {h.assumption && (
                <p
                  className="mt-2 text-sm font-semibold text-[#8a4500] dark:text-[#ffb74d]"
                  data-testid="assumption"
                >
                  <span aria-hidden="true">⚠ </span>Assumes {h.assumption}
                </p>
              )}
              <Evidence items={h.evidence} />
            </div>
          </li>
        ))}
      </ol>
    </article>
  );
}
