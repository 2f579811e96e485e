import type { Finding } from "@/lib/findings/types";
import type { Container, Ingress, Pod, Snapshot } from "@/lib/model/types";
import type { WorkloadsPssResult } from "@/lib/workloads/evaluate-workloads";

// Exposure findings EXP-001..006 of docs/semantics.md §4: Services and Ingresses that put a workload in front of
// more people than it should, and the Kubernetes Dashboard's login switches. Annotations are read as the common
// ingress controllers (ingress-nginx, Traefik, AWS ALB) name them.

const AUTH_ANNOTATIONS = [
  "nginx.ingress.kubernetes.io/auth-url",
  "nginx.ingress.kubernetes.io/auth-signin",
  "nginx.ingress.kubernetes.io/auth-type",
  "traefik.ingress.kubernetes.io/router.middlewares",
  "alb.ingress.kubernetes.io/auth-type",
  "ingress.kubernetes.io/auth-type",
];

const ADMIN_TOOLS: readonly [RegExp, string][] = [
  [/kubernetesui\/dashboard|kubernetes-dashboard/, "Kubernetes Dashboard"],
  [/grafana/, "Grafana"],
  [/argocd|argo-cd/, "Argo CD"],
  [/prometheus|alertmanager/, "Prometheus"],
  [/kibana/, "Kibana"],
  [/jenkins/, "Jenkins"],
  [/portainer/, "Portainer"],
  [/rancher\/rancher/, "Rancher"],
];

function adminToolOf(image: string): string | undefined {
  return ADMIN_TOOLS.find(([re]) => re.test(image))?.[1];
}

const isDashboard = (c: Container) => /kubernetesui\/dashboard|kubernetes-dashboard/.test(c.image);

/** `--flag`, `--flag=true` set; `--flag=false` not. */
function flag(c: Container, name: string): string | undefined {
  for (const a of [...c.command, ...c.args]) {
    if (a === `--${name}`) return "true";
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

function matches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

function backendPods(snapshot: Snapshot, ing: Ingress): Pod[] {
  const names = new Set(
    [ing.defaultBackend, ...ing.rules.flatMap((r) => r.paths.map((p) => p.backend))].flatMap((b) =>
      b ? [b.serviceName] : [],
    ),
  );
  const out: Pod[] = [];
  for (const svc of snapshot.services) {
    if (svc.namespace !== ing.namespace || !names.has(svc.name) || !svc.selector) continue;
    for (const p of snapshot.pods)
      if (p.namespace === svc.namespace && matches(svc.selector, p.labels)) out.push(p);
  }
  return out;
}

function workloadRef(p: Pod) {
  return { kind: p.workload.kind, namespace: p.namespace, name: p.workload.name };
}

export function findExposureRisks(
  snapshot: Snapshot,
  pss: WorkloadsPssResult,
  internetExposed: readonly Finding[],
): (Finding & { container?: string; field?: string })[] {
  const out: (Finding & { container?: string; field?: string })[] = [];
  for (const svc of snapshot.services) {
    const object = { kind: "Service", namespace: svc.namespace, name: svc.name };
    if ((svc.type === "LoadBalancer" || svc.type === "NodePort") && svc.loadBalancerSourceRanges.length === 0)
      out.push({
        rule: "EXP-001",
        severity: "medium",
        object,
        scope: svc.namespace,
        field: svc.type === "LoadBalancer" ? "spec.loadBalancerSourceRanges" : "spec.type",
        message:
          svc.type === "NodePort"
            ? `NodePort Service ${svc.namespace}/${svc.name} opens ports ${svc.ports.map((p) => p.nodePort ?? "(auto)").join(", ")} on every node, with no address allow-list.`
            : `LoadBalancer Service ${svc.namespace}/${svc.name} has no loadBalancerSourceRanges: any address can reach it.`,
      });
    if (svc.externalIPs.length > 0)
      out.push({
        rule: "EXP-005",
        severity: "high",
        object,
        scope: svc.namespace,
        field: "spec.externalIPs",
        message: `Service ${svc.namespace}/${svc.name} sets externalIPs ${svc.externalIPs.join(", ")}: traffic to those addresses is captured cluster-wide (CVE-2020-8554).`,
      });
  }
  for (const ing of snapshot.ingresses) {
    const object = { kind: "Ingress", namespace: ing.namespace, name: ing.name };
    const a = ing.annotations;
    if (ing.tls.length === 0)
      out.push({
        rule: "EXP-002",
        severity: "medium",
        object,
        scope: ing.namespace,
        field: "spec.tls",
        message: `Ingress ${ing.namespace}/${ing.name} has no TLS: its traffic crosses the network in clear text.`,
      });
    else if (
      a["nginx.ingress.kubernetes.io/ssl-redirect"] === "false" &&
      a["nginx.ingress.kubernetes.io/force-ssl-redirect"] !== "true"
    )
      out.push({
        rule: "EXP-002",
        severity: "low",
        object,
        scope: ing.namespace,
        field: "metadata.annotations[nginx.ingress.kubernetes.io/ssl-redirect]",
        message: `Ingress ${ing.namespace}/${ing.name} turns off the HTTP-to-HTTPS redirect: clients that start on http:// stay on it.`,
      });
    const hasAuth = AUTH_ANNOTATIONS.some((k) => a[k] !== undefined && a[k] !== "");
    if (!hasAuth) {
      const tools = new Set<string>();
      for (const p of backendPods(snapshot, ing))
        for (const c of p.containers) {
          const t = adminToolOf(c.image);
          if (t) tools.add(t);
        }
      if (tools.size > 0)
        out.push({
          rule: "EXP-003",
          severity: "high",
          object,
          scope: ing.namespace,
          field: "metadata.annotations",
          message: `Ingress ${ing.namespace}/${ing.name} publishes ${[...tools].join(", ")} with no authentication in front of it (no auth-url, auth-signin or equivalent).`,
        });
    }
  }
  const seen = new Set<string>();
  for (const p of snapshot.pods) {
    for (const c of p.containers) {
      if (!isDashboard(c)) continue;
      const ref = workloadRef(p);
      const key = `${ref.namespace}/${ref.kind}/${ref.name}/${c.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const problems: string[] = [];
      if (flag(c, "enable-skip-login") === "true")
        problems.push("--enable-skip-login lets anyone in as the Dashboard's own service account");
      if (flag(c, "enable-insecure-login") === "true")
        problems.push("--enable-insecure-login accepts logins over plain HTTP");
      if (flag(c, "auto-generate-certificates") === "false" && !flag(c, "tls-cert-file"))
        problems.push("--auto-generate-certificates=false without a certificate serves plain HTTP");
      if (problems.length > 0)
        out.push({
          rule: "EXP-004",
          severity: problems[0]?.startsWith("--enable-skip-login") ? "critical" : "high",
          object: ref,
          scope: p.namespace,
          container: c.name,
          field: `spec.containers[${p.containers.indexOf(c)}].args`,
          message: `Kubernetes Dashboard container "${c.name}": ${problems.join("; ")}.`,
        });
    }
  }
  const failing = new Map(
    pss.workloads
      .filter((w) => w.failedBaseline.length > 0)
      .map((w) => [`${w.object.namespace}/${w.object.kind}/${w.object.name}`, w]),
  );
  for (const f of internetExposed) {
    if (f.rule !== "NET-003" || !f.object) continue;
    const w = failing.get(`${f.object.namespace}/${f.object.kind}/${f.object.name}`);
    if (!w) continue;
    out.push({
      rule: "EXP-006",
      severity: "critical",
      object: w.object,
      scope: w.object.namespace,
      message: `${w.object.kind} ${w.object.namespace}/${w.object.name} is reachable from the internet and fails the baseline Pod Security level (${w.failedBaseline.join(", ")}): a compromise reaches the node.`,
    });
  }
  return out;
}
