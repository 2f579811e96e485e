import type { DrawnEdge, ViewNode } from "@/lib/views/network-view-types";
import type { GraphLayout, GraphOrder } from "@/components/network/layout-network";
import { centre, countCrossings, countNodeHits, endRect } from "@/components/network/edge-segments";

// The order of the network graph's nodes that makes its arrows cross less (docs/network.md "Reading the graph"),
// a layered barycenter heuristic fitted to Vigil's picture: the top band (internet first, cloud metadata last,
// groups and named ranges between), the namespace boxes flowed in rows, the workloads stacked in each box.
// A sweep sorts the boxes of each row by the mean x of what they connect to (boxes that talk to each other come
// next to each other, under the top-band nodes they talk to), then each box's workloads by the mean y of what
// they connect to (those the top band reaches, the exposed ones, come to the top), then the top band by the
// mean x of what it connects to. Every candidate is measured, the fixed order first: its score is its crossings
// (countCrossings) plus the arrows that run through a node or a foreign box (countNodeHits), and the best score
// is kept among the orders with no more crossings than the fixed order (a sweep's order wins a tie: its arrows
// are shorter); then single moves that lower the score. Measuring costs comparisons of segments, within a fixed
// budget (never a clock, so the same input gives the same picture): a graph too large to measure whole is
// measured on an even sample of its arrows, by crossings alone.

/** Comparisons (segment with segment, node or box) spent measuring candidate orders, at most. */
const BUDGET = 2_000_000;
/** Sweeps from each start; fewer on a graph measured on a sample (its sweeps cost most of its layout time). */
const SWEEPS = 4;
const SAMPLED_SWEEPS = 2;
/** Passes of single moves after the sweeps, while they help and the budget lasts. */
const MOVE_PASSES = 3;
/** What placing one node or box counts for, in comparisons, when measuring an order. */
const PLACE_COST = 20;

interface OrderInput {
  top: readonly ViewNode[];
  boxes: readonly { namespace: string; members: readonly string[] }[];
  edges: readonly DrawnEdge[];
  /** Workloads the internet reaches through a Service or Ingress: always first in their box. */
  exposed: ReadonlySet<string>;
  initial: GraphOrder;
  arrange: (order: GraphOrder) => GraphLayout;
}

/** At most `max` of `list`, evenly spread: every k-th. */
function sample<T>(list: readonly T[], max: number): T[] {
  const step = Math.ceil(list.length / Math.max(1, max));
  return list.filter((_, i) => i % step === 0);
}

export function chooseOrder(input: OrderInput): GraphOrder {
  // Every placed thing is a slot: the top-band nodes, then the boxes, then the workloads box after box.
  const ids: string[] = [];
  /** Per slot: its box (a box's own index for a box), or -1 for a top-band node. */
  const boxOfSlot: number[] = [];
  const isMember: boolean[] = [];
  for (const n of input.top) {
    ids.push(n.id);
    boxOfSlot.push(-1);
    isMember.push(false);
  }
  const boxSlot = (b: number) => input.top.length + b;
  input.boxes.forEach((b, i) => {
    ids.push(`ns:${b.namespace}`);
    boxOfSlot.push(i);
    isMember.push(false);
  });
  const memberSlot: number[][] = input.boxes.map((b, i) =>
    b.members.map((id) => {
      ids.push(id);
      boxOfSlot.push(i);
      isMember.push(true);
      return ids.length - 1;
    }),
  );
  const slotOf = new Map(ids.map((id, i) => [id, i]));
  const edges = input.edges.filter((e) => e.from !== e.to);
  // The two halves of every arrow: this end's slot, the other end's slot.
  const self = new Int32Array(2 * edges.length);
  const other = new Int32Array(2 * edges.length);
  let halves = 0;
  for (const e of edges) {
    const a = slotOf.get(e.from);
    const b = slotOf.get(e.to);
    if (a === undefined || b === undefined) continue;
    self[halves] = a;
    other[halves++] = b;
    self[halves] = b;
    other[halves++] = a;
  }
  const cx = new Float64Array(ids.length);
  const cy = new Float64Array(ids.length);
  /** Reads the centres of every slot from a layout. */
  const read = (layout: GraphLayout) => {
    ids.forEach((id, i) => {
      const r = endRect(layout, id);
      [cx[i], cy[i]] = r ? centre(r) : [0, 0];
    });
  };
  /** Per slot, the mean of `value` over the other ends of its arrows that `counts`; its own value when none. */
  const barycentres = (
    value: Float64Array,
    counts: (selfSlot: number, otherSlot: number) => number | undefined,
  ) => {
    const sum = new Float64Array(ids.length);
    const n = new Float64Array(ids.length);
    for (let h = 0; h < halves; h++) {
      const o = other[h] as number;
      const into = counts(self[h] as number, o);
      if (into === undefined) continue;
      sum[into] = (sum[into] as number) + (value[o] as number);
      n[into] = (n[into] as number) + 1;
    }
    return sum.map((s, i) => ((n[i] as number) > 0 ? s / (n[i] as number) : (value[i] as number)));
  };
  /** `list` sorted by `key`, ties in their present order. */
  const sortBy = (list: readonly number[], key: (x: number) => number) =>
    list
      .map((x, i) => ({ x, i, k: key(x) }))
      .sort((p, q) => p.k - q.k || p.i - q.i)
      .map((e) => e.x);

  const sortBoxes = (order: GraphOrder, layout: GraphLayout): GraphOrder => {
    read(layout);
    // An arrow from a box or one of its workloads to something outside the box counts for the box.
    const key = barycentres(cx, (s, o) => {
      const b = boxOfSlot[s] as number;
      return b >= 0 && boxOfSlot[o] !== b ? boxSlot(b) : undefined;
    });
    // Within each row only: a row's width does not depend on the order of its boxes, so rows stay as they are.
    const boxes: number[] = [];
    let row: number[] = [];
    const flush = () => {
      boxes.push(...sortBy(row, (b) => key[boxSlot(b)] as number));
      row = [];
    };
    for (const b of order.boxes) {
      const prev = row[row.length - 1];
      if (prev !== undefined && cy[boxSlot(prev)] !== cy[boxSlot(b)]) flush();
      row.push(b);
    }
    flush();
    return { ...order, boxes };
  };

  const sortMembers = (order: GraphOrder, layout: GraphLayout): GraphOrder => {
    read(layout);
    // An arrow between a workload and its own box says nothing about the order inside the box.
    const key = barycentres(cy, (s, o) =>
      isMember[s] && (isMember[o] || boxOfSlot[o] !== boxOfSlot[s]) ? s : undefined,
    );
    const members = order.members.map((list, box) =>
      sortBy(list, (m) => key[memberSlot[box]?.[m] ?? 0] as number),
    );
    return { ...order, members };
  };

  const fixedEnd = (i: number) => {
    const kind = input.top[i]?.kind;
    return kind === "internet" ? -1 : kind === "metadata" ? 1 : 0;
  };
  const sortTop = (order: GraphOrder, layout: GraphLayout): GraphOrder => {
    read(layout);
    const key = barycentres(cx, (s) => (boxOfSlot[s] === -1 ? s : undefined));
    const top = sortBy(order.top, (t) => key[t] as number);
    // The internet first and cloud metadata last (a stable sort keeps the others' order by key).
    return { ...order, top: sortBy(top, fixedEnd) };
  };

  // What measuring one order costs: a comparison per pair of segments and per segment and node or box, and
  // placing every node and box. When the fixed order and every sweep cannot all be measured on every arrow, they
  // are measured on an even sample of the arrows (every k-th, so the same input takes the same sample), on
  // crossings alone, and no single moves follow.
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const place = PLACE_COST * ids.length;
  // The fixed order and the sweeps from two starts.
  const measures = 2 * SWEEPS + 1;
  const whole = (pairs(edges.length) + edges.length * ids.length) * measures + place <= BUDGET;
  const sweeps = whole ? SWEEPS : SAMPLED_SWEEPS;
  const probe = whole ? edges : sample(edges, Math.floor(Math.sqrt((2 * BUDGET) / (2 * sweeps + 1))));
  const cost = Math.max(1, pairs(probe.length)) + (whole ? probe.length * ids.length : 0) + place;
  let budget = BUDGET;
  let best = input.initial;
  let bestScore = Infinity;
  const exposedFirst = (order: GraphOrder): GraphOrder => ({
    ...order,
    members: order.members.map((list, box) =>
      sortBy(list, (m) => (input.exposed.has(input.boxes[box]?.members[m] ?? "") ? 0 : 1)),
    ),
  });
  /** The fixed order's crossings: no order with more is taken. */
  let ceiling = Infinity;
  /**
   * Measures `order` and keeps it when it scores less (or as well, when `ties` keep the newer) without more
   * crossings than the fixed order. The score is the crossings, plus two for each arrow through a node (its name
   * under the line) and one for each arrow through a box that holds neither of its ends.
   */
  const consider = (given: GraphOrder, ties = false) => {
    if (budget < cost && bestScore !== Infinity) return;
    // The fixed order is measured as it is (it is the baseline); every other keeps exposed workloads on top.
    const order = bestScore === Infinity ? given : exposedFirst(given);
    budget -= cost;
    const layout = input.arrange(order);
    const c = countCrossings(layout, probe);
    const hits = whole ? countNodeHits(layout, probe) : { nodes: 0, boxes: 0 };
    const score = c + 2 * hits.nodes + hits.boxes;
    if (ceiling === Infinity) ceiling = c;
    if (c <= ceiling && (score < bestScore || (ties && score === bestScore))) {
      best = order;
      bestScore = score;
    }
  };
  consider(input.initial);

  const sweep = (start: GraphOrder) => {
    let current = start;
    for (let k = 0; k < sweeps; k++) {
      current = sortBoxes(current, input.arrange(current));
      current = sortMembers(current, input.arrange(current));
      current = sortTop(current, input.arrange(current));
      // A sweep's order wins a tie: its arrows are shorter, the exposed workloads nearer the top band.
      consider(current, true);
    }
  };
  sweep(input.initial);
  // A second start: the boxes the internet reaches or is reached from first (most arrows first), so that its
  // arrows, the exposed ones above all, need not cross the first row to reach the second.
  const internetArrows = new Float64Array(input.boxes.length);
  for (let h = 0; h < halves; h++) {
    const b = boxOfSlot[self[h] as number] as number;
    if (b >= 0 && input.top[other[h] as number]?.kind === "internet")
      internetArrows[b] = (internetArrows[b] as number) + 1;
  }
  sweep({ ...input.initial, boxes: sortBy(input.initial.boxes, (b) => -(internetArrows[b] as number)) });
  if (!whole) return best;

  // Then single moves from the best order: one workload to another place in its box, one box to another place
  // in the flow or two boxes trading places (rows may change), one top-band node to another place between the internet and cloud metadata;
  // a move is kept when it lowers the count. Passes repeat while they help and the budget lasts.
  const moved = (list: readonly number[], from: number, to: number) => {
    const out = [...list];
    const [x] = out.splice(from, 1);
    out.splice(to, 0, x as number);
    return out;
  };
  const moves = (len: number, tryMove: (from: number, to: number) => void) => {
    for (let from = 0; from < len; from++)
      for (let to = 0; to < len; to++) if (to !== from && bestScore > 0 && budget >= cost) tryMove(from, to);
  };
  for (let pass = 0; pass < MOVE_PASSES && bestScore > 0 && budget >= cost; pass++) {
    const before = bestScore;
    for (let box = 0; box < best.members.length; box++)
      moves(best.members[box]?.length ?? 0, (from, to) =>
        consider({ ...best, members: best.members.map((l, b) => (b === box ? moved(l, from, to) : l)) }),
      );
    moves(best.boxes.length, (from, to) => consider({ ...best, boxes: moved(best.boxes, from, to) }));
    // Two boxes trading places: a small box of the second row and a large one of the first, say.
    moves(best.boxes.length, (i, j) => {
      if (i >= j) return;
      const boxes = [...best.boxes];
      [boxes[i], boxes[j]] = [boxes[j] as number, boxes[i] as number];
      consider({ ...best, boxes });
    });
    moves(best.top.length, (from, to) => {
      const top = moved(best.top, from, to);
      // The internet stays first and cloud metadata last.
      if (top.every((t, i) => i === 0 || fixedEnd(top[i - 1] as number) <= fixedEnd(t)))
        consider({ ...best, top });
    });
    if (bestScore === before) break;
  }
  return best;
}
