import type { CutView } from "@/lib/views/build-paths-page";

// "Fix this hop": the hops of the shown paths, ranked by how many of those paths cutting each one breaks.

export function CutRanking({ cuts, total }: { cuts: readonly CutView[]; total: number }) {
  return (
    <table className="w-full border-collapse text-base" aria-label="Hops to cut, best first">
      <thead>
        <tr className="border-b-2 border-slate-400 text-left">
          <th scope="col" className="py-1 pr-3">
            Hop
          </th>
          <th scope="col" className="py-1 pr-3">
            Cutting it breaks
          </th>
          <th scope="col" className="py-1">
            How to cut it
          </th>
        </tr>
      </thead>
      <tbody>
        {cuts.map((c) => (
          <tr
            key={c.key}
            className="border-b border-slate-200 align-top dark:border-slate-700"
            data-testid="cut"
          >
            <td className="py-2 pr-3">
              <div className="font-semibold">
                <span className="font-mono">{c.technique}</span> {c.title}
              </div>
              <div className="text-sm">
                {c.from.label} → {c.to.label}
              </div>
            </td>
            <td className="py-2 pr-3 whitespace-nowrap">
              <strong
                className={`text-2xl tabular-nums ${c.breaks > 0 ? "text-[#007a5a] dark:text-[#4dd0a8]" : ""}`}
              >
                {c.breaks}
              </strong>{" "}
              of {total} path{total === 1 ? "" : "s"}
              <div className="text-sm text-slate-600 dark:text-slate-300">
                on {c.onPaths}
                {c.breaks < c.onPaths ? "; another route remains for the rest" : ""}
              </div>
            </td>
            <td className="py-2 text-sm">{c.how}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
