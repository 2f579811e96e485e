import type { OverviewModel } from "@/lib/views/build-overview";

const MAX_NODES = 40;

/** Namespace-level reachability on a circle: who can start connections to whom, the internet and metadata marked. */
export function MiniGraph({ graph }: { graph: OverviewModel["network"]["mini"] }) {
  const nodes = graph.nodes.slice(0, MAX_NODES);
  if (nodes.length === 0) return <p className="text-slate-600 dark:text-slate-300">No workloads visible.</p>;
  const size = 320;
  const r = size / 2 - 48;
  const pos = new Map(
    nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      return [n.id, { x: size / 2 + r * Math.cos(a), y: size / 2 + r * Math.sin(a) }];
    }),
  );
  const edges = graph.edges.filter((e) => pos.has(e.from) && pos.has(e.to));
  return (
    <figure>
      <svg
        viewBox={`0 0 ${size} ${size}`}
        className="mx-auto h-auto max-h-60 w-full max-w-sm"
        role="img"
        aria-label={`Reachability between ${nodes.length} namespaces and external ranges: ${edges.length} connections allowed`}
      >
        <defs>
          <marker
            id="mini-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="5"
            markerHeight="5"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
          </marker>
        </defs>
        <g className="text-slate-400 dark:text-slate-500" stroke="currentColor" strokeWidth="1">
          {edges.map((e) => {
            const a = pos.get(e.from);
            const b = pos.get(e.to);
            if (!a || !b) return null;
            return (
              <line
                key={`${e.from}>${e.to}`}
                x1={a.x}
                y1={a.y}
                x2={a.x + (b.x - a.x) * 0.92}
                y2={a.y + (b.y - a.y) * 0.92}
                markerEnd="url(#mini-arrow)"
                opacity={0.6}
              />
            );
          })}
        </g>
        {nodes.map((n) => {
          const p = pos.get(n.id);
          if (!p) return null;
          const fill = n.metadata ? "#cc79a7" : n.internet ? "#d55e00" : n.external ? "#94a3b8" : "#0072b2";
          const label = n.metadata ? "metadata" : n.internet ? "internet" : n.id;
          return (
            <g key={n.id}>
              {n.external ? (
                <rect x={p.x - 7} y={p.y - 7} width={14} height={14} fill={fill} />
              ) : (
                <circle cx={p.x} cy={p.y} r={8} fill={fill} />
              )}
              <text
                x={p.x}
                y={p.y + (p.y > size / 2 ? 20 : -12)}
                textAnchor="middle"
                className="fill-slate-800 text-[11px] dark:fill-slate-200"
              >
                {label.length > 18 ? `${label.slice(0, 17)}…` : label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-600 dark:text-slate-300">
        ● namespace · ■ external range (orange: internet, pink: cloud metadata) · arrows: may start
        connections
        {graph.nodes.length > MAX_NODES ? ` · first ${MAX_NODES} of ${graph.nodes.length} shown` : ""}
      </figcaption>
    </figure>
  );
}
