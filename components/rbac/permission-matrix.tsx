import { GrantChains } from "@/components/rbac/grant-chain";
import type { MatrixRow } from "@/lib/views/build-subject-view";

/** The effective-permission matrix: resources x verbs per scope; each allowed cell opens its grant chains. */
export function PermissionMatrix({ verbs, rows }: { verbs: readonly string[]; rows: readonly MatrixRow[] }) {
  if (rows.length === 0) return <p className="text-slate-600 dark:text-slate-300">No permission at all.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-base" aria-label="Effective permissions">
        <thead className="border-b-2 border-slate-300 dark:border-slate-600">
          <tr>
            <th scope="col" className="px-2 py-2 text-left">
              Scope
            </th>
            <th scope="col" className="px-2 py-2 text-left">
              Resource
            </th>
            {verbs.map((v) => (
              <th key={v} scope="col" className="px-2 py-2 text-left font-mono text-sm">
                {v}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const resource = r.nonResource
              ? `URL ${r.resource}`
              : `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ""}`;
            return (
              <tr
                key={`${r.scope}|${r.apiGroup}|${r.resource}|${r.resourceNames.join(",")}`}
                className="border-b border-slate-200 align-top dark:border-slate-700"
              >
                <td className="whitespace-nowrap px-2 py-2">
                  {r.scope === "cluster" ? "cluster-wide" : r.scope}
                </td>
                <th scope="row" className="px-2 py-2 text-left font-mono text-sm font-normal">
                  {resource}
                  {r.resourceNames.length > 0 && (
                    <div className="text-xs text-slate-600 dark:text-slate-400">
                      only {r.resourceNames.join(", ")}
                    </div>
                  )}
                </th>
                {verbs.map((v) => {
                  const cell = r.cells.find((c) => c.verb === v);
                  if (!cell) {
                    return (
                      <td key={v} className="px-2 py-2 text-slate-400">
                        <span aria-label={`${v} not granted`}>–</span>
                      </td>
                    );
                  }
                  return (
                    <td key={v} className="px-2 py-2">
                      <details>
                        <summary
                          className="cursor-pointer font-semibold"
                          aria-label={`${v} ${resource}: allowed, show why`}
                        >
                          ✓ yes
                        </summary>
                        <div className="mt-1 min-w-80">
                          <GrantChains chains={cell.chains} />
                        </div>
                      </details>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
