import { SEVERITY_COLOURS } from "@/components/ui/severity";
import type { Severity } from "@/lib/findings/types";
import type { GraphEdge, GraphNode } from "@/lib/views/build-access-graph";

// Subject -> binding -> role as plain SVG in three columns, big enough for a projector. Risk is shown by colour
// AND by the severity's shape and word next to each label, never by colour alone.

const ICON: Record<Severity, string> = { critical: "◆", high: "▲", medium: "■", low: "●", info: "○" };
const COLUMN_X = [20, 430, 840];
const WIDTH = 1240;
const ROW = 44;
const BOX_W = 380;

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function AccessGraph({
  nodes,
  edges,
  truncated,
}: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  truncated: number;
}) {
  if (nodes.length === 0) return <p className="text-slate-600 dark:text-slate-300">Nothing to draw.</p>;
  const columns: GraphNode[][] = [[], [], []];
  for (const n of nodes) columns[n.column]?.push(n);
  const pos = new Map<string, { x: number; y: number }>();
  columns.forEach((col, c) => col.forEach((n, i) => pos.set(n.id, { x: COLUMN_X[c] ?? 0, y: 40 + i * ROW })));
  const height = 40 + Math.max(...columns.map((c) => c.length)) * ROW;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="h-auto w-full text-slate-900 dark:text-slate-100"
        role="group"
        aria-label={`Graph of ${columns[0]?.length ?? 0} subjects, ${columns[1]?.length ?? 0} bindings and ${columns[2]?.length ?? 0} roles`}
      >
        {["Subjects", "Bindings", "Roles"].map((t, c) => (
          <text
            key={t}
            x={(COLUMN_X[c] ?? 0) + 4}
            y={20}
            className="fill-current"
            fontSize="18"
            fontWeight="700"
          >
            {t}
          </text>
        ))}
        {edges.map((e) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          if (!a || !b) return null;
          return (
            <line
              key={`${e.from}->${e.to}`}
              x1={a.x + BOX_W}
              y1={a.y + 16}
              x2={b.x}
              y2={b.y + 16}
              stroke={e.severity ? SEVERITY_COLOURS[e.severity] : "#94a3b8"}
              strokeWidth={e.severity === "critical" || e.severity === "high" ? 3 : 1.5}
              strokeDasharray={e.severity ? undefined : "4 4"}
            />
          );
        })}
        {nodes.map((n) => {
          const p = pos.get(n.id);
          if (!p) return null;
          const colour = n.severity ? SEVERITY_COLOURS[n.severity] : "#94a3b8";
          const label = `${n.severity ? `${ICON[n.severity]} ` : ""}${truncate(n.label, n.column === 1 ? 26 : 24)}`;
          const body = (
            <g>
              <title>{`${n.kind} ${n.label}${n.severity ? ` (worst risk: ${n.severity})` : " (no risk found)"}`}</title>
              <rect
                x={p.x}
                y={p.y}
                width={BOX_W}
                height={32}
                rx={6}
                fill="transparent"
                stroke={colour}
                strokeWidth={n.severity ? 3 : 1.5}
              />
              <text x={p.x + 10} y={p.y + 22} fontSize="17" className="fill-current">
                {label}
                <tspan fontSize="13" dx="8" opacity="0.75">
                  {n.kind}
                </tspan>
              </text>
            </g>
          );
          return n.href ? (
            // Named by its visible text (WCAG 2.5.3 label in name); the <title> inside says the rest.
            <a key={n.id} href={n.href}>
              {body}
            </a>
          ) : (
            <g key={n.id}>{body}</g>
          );
        })}
      </svg>
      <figcaption className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        Lines and boxes carry the worst risk through them: ◆ critical, ▲ high, ■ medium, ● low; dashed grey:
        no risk found.
        {truncated > 0 && ` ${truncated} more rows are not drawn; narrow the filters to see them.`}
      </figcaption>
    </figure>
  );
}
