import { NodeBox } from "@/components/paths/path-chain";
import type { PathsPage } from "@/lib/views/build-paths-page";

// The blast radius of an entry point: everything it reaches, one column per number of hops, nearest on the left.

export function BlastRadius({ blast }: { blast: NonNullable<PathsPage["blast"]> }) {
  return (
    <div className="flex gap-4 overflow-x-auto pb-2" role="list" aria-label="Reached, by hops">
      {blast.columns.map((col) => (
        <section
          key={col.hops}
          role="listitem"
          aria-label={`${col.hops} hop${col.hops === 1 ? "" : "s"}: ${col.count}`}
          className="w-64 shrink-0"
        >
          <h3 className="mb-2 text-lg font-bold">
            {col.hops} hop{col.hops === 1 ? "" : "s"} <span className="font-normal">({col.count})</span>
          </h3>
          <ul className="flex flex-col gap-1">
            {col.items.map((item, i) => (
              <li key={i}>
                <NodeBox node={item.node} />
                {item.assumptions > 0 && (
                  <span className="text-xs text-[#8a4500] dark:text-[#ffb74d]">
                    <span aria-hidden="true">⚠ </span>
                    assuming {item.assumptions}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {col.count > col.items.length && (
            <p className="mt-1 text-sm">and {col.count - col.items.length} more (see the export)</p>
          )}
        </section>
      ))}
    </div>
  );
}
