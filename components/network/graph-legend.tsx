// How to read the network graph, under it (docs/network.md "Reading the graph").

export function GraphLegend() {
  return (
    <ul className="mt-3 grid gap-x-6 gap-y-1 text-base text-slate-700 md:grid-cols-2 dark:text-slate-200">
      <li>
        Every arrow points from the side that starts the connection. Its label gives the ports when they are
        restricted: <strong>an arrow without a label allows every port</strong>.
      </li>
      <li>
        Orange, thick, <strong>EXPOSED</strong>: from the internet to a workload a Service or Ingress exposes.
      </li>
      <li>
        A rounded node at the top stands for many: <strong>internet</strong> (every public address),{" "}
        <strong>cloud metadata</strong>, a named range, or a group of workloads (“any workload except …”).
      </li>
      <li>An arrow to or from a namespace box stands for every workload in it, on the same ports.</li>
      <li>
        A box with an orange border and “open to …” admits every port from every pod or from the internet.
      </li>
      <li>
        Dashed border: a workload known only from a template, or one whose reachability is an upper bound (a
        policy kind Vigil does not evaluate may select it). Dashed arrow: implementation-defined.
      </li>
      <li>
        What-if: <strong>GAINED</strong> (green, thick) and <strong>LOST</strong> (red, dashed) mark the
        changed connections.
      </li>
      <li>The tables below the graph list every edge and every connection the filters keep.</li>
    </ul>
  );
}
