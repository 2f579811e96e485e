import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, type AdminClient, type ApiAnswer } from "@/dev/cluster/admin-client";
import { requireControlPlane } from "@/dev/cluster/live-testing";
import {
  ephemeralBase,
  ephemeralContainer,
  generateCases,
  namespaceObject,
  PSS_NAMESPACES,
  rng,
  type PssCase,
} from "@/dev/cluster/pss-cases";
import { buildSnapshot } from "@/lib/model/build-snapshot";
import { isWorkloadKind } from "@/lib/model/map-workloads";
import { podInput, templateInput } from "@/lib/workloads/evaluate-workloads";
import { evaluatePolicy, forbiddenDetail, minorOf, policyString } from "@/lib/workloads/pss-policy";

// Differential test of the Pod Security engine (docs/semantics.md §4) against the API server's own PodSecurity
// admission: a seeded set of generated Pods and pod controllers, each created with dryRun=All by the harness
// admin in namespaces that enforce baseline or restricted (at latest and pinned versions), plus ephemeral
// containers added to a running pod. Vigil's verdict and its failing checks (the plugin's exact detail text)
// must equal the admission's answer for every one: a Pod's rejection message, a controller's warning.

const SEED = 1437;
const COUNT = 560;
const EPHEMERAL_PER_NAMESPACE = 5;

let client: AdminClient;

const RESOURCE: Record<string, string> = {
  Pod: "/api/v1/namespaces/NS/pods",
  Deployment: "/apis/apps/v1/namespaces/NS/deployments",
  StatefulSet: "/apis/apps/v1/namespaces/NS/statefulsets",
  DaemonSet: "/apis/apps/v1/namespaces/NS/daemonsets",
  ReplicaSet: "/apis/apps/v1/namespaces/NS/replicasets",
  Job: "/apis/batch/v1/namespaces/NS/jobs",
  CronJob: "/apis/batch/v1/namespaces/NS/cronjobs",
};

async function ensureNamespace(object: Record<string, unknown>): Promise<void> {
  const created = await client.request("POST", "/api/v1/namespaces", object);
  if (created.status === 201) return;
  const name = (object["metadata"] as { name: string }).name;
  if (created.status !== 409)
    throw new Error(`creating namespace ${name}: ${created.status} ${created.text}`);
  const current = await client.request("GET", `/api/v1/namespaces/${name}`);
  const body = current.body as { metadata: Record<string, unknown> };
  const put = await client.request("PUT", `/api/v1/namespaces/${name}`, {
    ...body,
    metadata: { ...body.metadata, labels: (object["metadata"] as { labels: unknown }).labels },
  });
  if (put.status !== 200) throw new Error(`labelling namespace ${name}: ${put.status} ${put.text}`);
}

interface Verdict {
  /** undefined: allowed without a Pod Security warning. */
  policy?: string;
  detail?: string;
}

const VIOLATES = /^(?:would )?violate[s]? PodSecurity "([^"]+)": ([\s\S]*)$/;

/** The admission's answer: a Pod's Forbidden message or a controller's warning. */
function admissionVerdict(answer: ApiAnswer): Verdict | { invalid: string } {
  if (answer.status === 403) {
    const message = (answer.body as { message?: string } | undefined)?.message ?? "";
    const m = VIOLATES.exec(message.slice(message.indexOf("violates PodSecurity")));
    return m ? { policy: m[1], detail: m[2] } : { invalid: `403 ${message}` };
  }
  if (answer.status !== 201 && answer.status !== 200)
    return { invalid: `${answer.status} ${answer.text.slice(0, 400)}` };
  for (const w of answer.warnings) {
    const text = /^299 - "([\s\S]*)"$/.exec(w)?.[1]?.replace(/\\(["\\])/g, "$1");
    const m = text ? VIOLATES.exec(text) : null;
    if (m) return { policy: m[1], detail: m[2] };
  }
  return {};
}

/** Vigil's answer for the same object, mapped by the same code that reads manifests and live clusters. */
function vigilVerdict(object: Record<string, unknown>, namespace: string): Verdict {
  const ns = PSS_NAMESPACES.find((n) => n.name === namespace);
  if (!ns) throw new Error(`unknown namespace ${namespace}`);
  const s = buildSnapshot([{ object, origin: {} }], {
    kind: "manifests",
    name: "case",
    takenAt: "2026-01-01T00:00:00Z",
  });
  const kind = object["kind"] as string;
  const input =
    kind === "Pod"
      ? podInput(s.pods.find((p) => !p.representative) ?? fail("no pod"))
      : isWorkloadKind(kind)
        ? templateInput(kind, (s.workloads[0] ?? fail("no workload")).template)
        : fail(`kind ${kind}`);
  const lv = { level: ns.level, version: ns.version ?? "latest" };
  const failures = evaluatePolicy(input, { level: lv.level, minor: minorOf(lv.version) });
  return failures.length === 0 ? {} : { policy: policyString(lv), detail: forbiddenDetail(failures) };
}

function fail(what: string): never {
  throw new Error(what);
}

async function pool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

interface Outcome {
  label: string;
  vigil: Verdict;
  admission: Verdict | { invalid: string };
}

beforeAll(async () => {
  requireControlPlane();
  client = adminClient();
  for (const ns of PSS_NAMESPACES) await ensureNamespace(namespaceObject(ns));
});

// The base pods of the ephemeral-container cases are real objects: remove them, so the integration tests that
// compare the live cluster with the demo see only the demo's workloads. A pod bound to no node goes at once.
afterAll(async () => {
  if (!client) return;
  for (const ns of PSS_NAMESPACES) {
    const gone = await client.request(
      "DELETE",
      `/api/v1/namespaces/${ns.name}/pods/ephemeral-base?gracePeriodSeconds=0`,
    );
    if (![200, 202, 404].includes(gone.status)) fail(`deleting the base pod in ${ns.name}: ${gone.status}`);
  }
  client.close();
});

describe("Pod Security: Vigil against the API server's PodSecurity admission", () => {
  it("agrees on the verdict and the failing checks of every generated workload", async () => {
    const cases = generateCases(SEED, COUNT);
    const outcomes = await pool(cases, 6, async (c: PssCase): Promise<Outcome> => {
      const path = `${(RESOURCE[c.kind] ?? fail(c.kind)).replace("NS", c.namespace)}?dryRun=All`;
      const answer = await client.request("POST", path, c.object);
      return {
        label: `${c.kind} ${c.namespace}/${c.name}`,
        vigil: vigilVerdict(c.object, c.namespace),
        admission: admissionVerdict(answer),
      };
    });

    // Ephemeral containers can only be added to an existing pod, through its ephemeralcontainers subresource.
    const r = rng(SEED + 1);
    for (const ns of PSS_NAMESPACES) {
      const base = ephemeralBase(ns.name);
      const created = await client.request("POST", `/api/v1/namespaces/${ns.name}/pods`, base);
      if (created.status !== 201 && created.status !== 409)
        fail(`base pod in ${ns.name}: ${created.status} ${created.text}`);
      const current = (await client.request("GET", `/api/v1/namespaces/${ns.name}/pods/ephemeral-base`))
        .body as Record<string, unknown>;
      for (let i = 0; i < EPHEMERAL_PER_NAMESPACE; i++) {
        const spec = {
          ...(current["spec"] as Record<string, unknown>),
          ephemeralContainers: [ephemeralContainer(r, i)],
        };
        const pod = { ...current, spec };
        const answer = await client.request(
          "PUT",
          `/api/v1/namespaces/${ns.name}/pods/ephemeral-base/ephemeralcontainers?dryRun=All`,
          pod,
        );
        outcomes.push({
          label: `ephemeral container ${i} in ${ns.name}`,
          vigil: vigilVerdict(pod, ns.name),
          admission: admissionVerdict(answer),
        });
      }
    }

    const invalid = outcomes.filter((o) => "invalid" in o.admission);
    const disagreements = outcomes.filter(
      (o) =>
        !("invalid" in o.admission) &&
        (o.vigil.policy !== o.admission.policy || o.vigil.detail !== o.admission.detail),
    );
    const rejected = outcomes.filter((o) => o.vigil.detail !== undefined).length;
    console.log(
      `Pod Security differential: ${outcomes.length - invalid.length} workloads checked against the API server ` +
        `(${rejected} rejected or warned, ${outcomes.length - invalid.length - rejected} admitted clean) in ${PSS_NAMESPACES.length} namespaces; ` +
        `${disagreements.length} disagreements; ${invalid.length} not valid for the API server`,
    );
    expect(invalid.map((o) => `${o.label}: ${(o.admission as { invalid: string }).invalid}`)).toEqual([]);
    expect(
      disagreements.slice(0, 10).map((o) => ({ label: o.label, vigil: o.vigil, admission: o.admission })),
    ).toEqual([]);
    expect(outcomes.length - invalid.length).toBeGreaterThanOrEqual(500);
    expect(rejected).toBeGreaterThan(100);
  });
});
