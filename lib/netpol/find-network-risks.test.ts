import { describe, expect, it } from "vitest";
import type { Service } from "@/lib/model/types";
import { findNetworkRisks } from "@/lib/netpol/find-network-risks";
import { cluster, pod, policy, rule, sel } from "@/lib/netpol/testing/build";

const web = pod(
  "shop",
  "web",
  { app: "web" },
  {
    podIPs: ["10.0.0.10"],
    workload: { kind: "Deployment", name: "web" },
    ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
  },
);
const db = pod("shop", "db", { app: "db" }, { podIPs: ["10.0.0.11"] });
const lb: Service = {
  namespace: "shop",
  name: "web",
  labels: {},
  type: "LoadBalancer",
  selector: { app: "web" },
  ports: [{ protocol: "TCP", port: 80, targetPort: "http" }],
  clusterIPs: [],
  externalIPs: [],
  loadBalancerSourceRanges: [],
};

const rules = (s: ReturnType<typeof cluster>) => findNetworkRisks(s).map((f) => f.rule);

describe("findNetworkRisks (NET-001..NET-008)", () => {
  it("NET-001 and NET-002: a namespace with pods and no default-deny policy per direction", () => {
    const open = cluster({ pods: [web] });
    expect(rules(open)).toEqual(expect.arrayContaining(["NET-001", "NET-002"]));
    const closed = cluster({
      pods: [web],
      policies: [policy("shop", "deny", { policyTypes: ["Ingress", "Egress"] })],
    });
    expect(rules(closed)).not.toContain("NET-001");
    expect(rules(closed)).not.toContain("NET-002");
  });

  it("NET-003: a workload exposed by a LoadBalancer and not isolated for ingress is reachable from the internet", () => {
    const f = findNetworkRisks(cluster({ pods: [web, db], services: [lb] })).find(
      (x) => x.rule === "NET-003",
    );
    expect(f?.object).toEqual({ kind: "Deployment", namespace: "shop", name: "web" });
    expect(f?.message).toContain("TCP 8080");
    expect(f?.message).toContain("LoadBalancer Service shop/web");
  });

  it("NET-003: an ingress rule from 0.0.0.0/0 on the target port counts; an isolated workload does not", () => {
    const fromInternet = policy("shop", "web-in", {
      podSelector: sel({ app: "web" }),
      ingress: [rule([{ ipBlock: { cidr: "0.0.0.0/0", except: [] } }], [{ port: 8080 }])],
    });
    expect(rules(cluster({ pods: [web], services: [lb], policies: [fromInternet] }))).toContain("NET-003");
    const internalOnly = policy("shop", "web-in", {
      podSelector: sel({ app: "web" }),
      ingress: [rule([{ ipBlock: { cidr: "10.0.0.0/8", except: [] } }])],
    });
    expect(rules(cluster({ pods: [web], services: [lb], policies: [internalOnly] }))).not.toContain(
      "NET-003",
    );
    const clusterIp = { ...lb, type: "ClusterIP" as const };
    expect(rules(cluster({ pods: [web], services: [clusterIp] }))).not.toContain("NET-003");
  });

  it("NET-003: an Ingress backend exposes the Service's pods", () => {
    const svc = { ...lb, type: "ClusterIP" as const };
    const s = cluster({
      pods: [web],
      services: [svc],
      ingresses: [
        {
          namespace: "shop",
          name: "site",
          labels: {},
          annotations: {},
          rules: [
            {
              host: "shop.example",
              paths: [{ path: "/", backend: { serviceName: "web", servicePort: 80 } }],
            },
          ],
          tls: [],
          loadBalancer: [],
        },
      ],
    });
    expect(findNetworkRisks(s).find((f) => f.rule === "NET-003")?.message).toContain("Ingress shop/site");
  });

  describe("NET-003 names exactly the protocols and ports that are exposed", () => {
    const api = pod(
      "shop",
      "api",
      { app: "api" },
      {
        podIPs: ["10.0.0.12"],
        workload: { kind: "Deployment", name: "api" },
        ports: [
          { name: "https", containerPort: 8443, protocol: "TCP" },
          { name: "dns", containerPort: 5353, protocol: "UDP" },
          { name: "admin", containerPort: 9000, protocol: "TCP" },
        ],
      },
    );
    const service = (type: Service["type"], ports: Service["ports"]): Service => ({
      ...lb,
      name: "api",
      type,
      selector: { app: "api" },
      ports,
    });
    const message = (s: ReturnType<typeof cluster>) =>
      findNetworkRisks(s).find((f) => f.rule === "NET-003")?.message ?? "(no NET-003)";
    const site = (backend: { serviceName: string; servicePort?: number | string }) => ({
      namespace: "shop",
      name: "site",
      labels: {},
      annotations: {},
      rules: [{ host: "shop.example", paths: [{ path: "/", backend }] }],
      tls: [],
      loadBalancer: [],
    });

    it("a TCP NodePort Service exposes its target on TCP only (not: UDP and SCTP on the same number)", () => {
      const s = cluster({
        pods: [api],
        services: [service("NodePort", [{ protocol: "TCP", port: 443, targetPort: 8443, nodePort: 30443 }])],
      });
      expect(message(s)).toContain("reachable from the internet on TCP 8443 ");
      expect(message(s)).not.toMatch(/UDP|SCTP/);
    });

    it("a UDP LoadBalancer port exposes UDP, and a named target resolves with the Service port's protocol", () => {
      const s = cluster({
        pods: [api],
        services: [service("LoadBalancer", [{ protocol: "UDP", port: 53, targetPort: "dns" }])],
      });
      expect(message(s)).toContain("on UDP 5353 ");
      expect(message(s)).not.toMatch(/TCP/);
    });

    it("an Ingress exposes TCP on the target of the Service port its backend names (not: every protocol, nor every port)", () => {
      const svc = service("ClusterIP", [
        { name: "https", protocol: "TCP", port: 443, targetPort: 8443 },
        { name: "admin", protocol: "TCP", port: 9000, targetPort: "admin" },
      ]);
      const byNumber = cluster({
        pods: [api],
        services: [svc],
        ingresses: [site({ serviceName: "api", servicePort: 443 })],
      });
      expect(message(byNumber)).toContain(
        "Ingress shop/site (Service api) and reachable from the internet on TCP 8443 ",
      );
      expect(message(byNumber)).not.toMatch(/UDP|SCTP|9000/);
      const byName = cluster({
        pods: [api],
        services: [svc],
        ingresses: [site({ serviceName: "api", servicePort: "admin" })],
      });
      expect(message(byName)).toContain("on TCP 9000 ");
      expect(message(byName)).not.toContain("8443");
    });

    it("a named target the pod does not declare exposes nothing (not: every port)", () => {
      const s = cluster({
        pods: [api],
        services: [service("LoadBalancer", [{ protocol: "TCP", port: 80, targetPort: "metrics" }])],
      });
      expect(rules(s)).not.toContain("NET-003");
    });
  });

  it("NET-004: egress to the cloud metadata address allowed; an egress policy excepting it clears it", () => {
    expect(findNetworkRisks(cluster({ pods: [db] })).find((f) => f.rule === "NET-004")?.message).toContain(
      "169.254.169.254/32",
    );
    const egress = policy("shop", "out", {
      policyTypes: ["Egress"],
      egress: [
        rule([
          { ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } },
          { ipBlock: { cidr: "::/0", except: ["fd00:ec2::254/128"] } },
        ]),
      ],
    });
    expect(rules(cluster({ pods: [db], policies: [egress] }))).not.toContain("NET-004");
  });

  it("NET-006: a policy that selects no pod", () => {
    const f = findNetworkRisks(
      cluster({ pods: [web], policies: [policy("shop", "ghost", { podSelector: sel({ app: "nothing" }) })] }),
    ).filter((x) => x.rule === "NET-006");
    expect(f.map((x) => x.object?.name)).toEqual(["ghost"]);
  });

  it("NET-007: a named port that no selected pod declares", () => {
    const p = policy("shop", "named", {
      podSelector: sel({ app: "db" }),
      ingress: [rule(undefined, [{ port: "postgres" }])],
    });
    const f = findNetworkRisks(cluster({ pods: [web, db], policies: [p] })).filter(
      (x) => x.rule === "NET-007",
    );
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('"postgres"');
    const ok = policy("shop", "named", {
      podSelector: sel({ app: "web" }),
      ingress: [rule(undefined, [{ port: "http" }])],
    });
    expect(rules(cluster({ pods: [web], policies: [ok] }))).not.toContain("NET-007");
  });

  it("NET-008: an ipBlock holding pod IPs, and a hostNetwork pod selected by a policy", () => {
    const p = policy("shop", "cidr", {
      podSelector: sel({ app: "web" }),
      policyTypes: ["Egress"],
      egress: [rule([{ ipBlock: { cidr: "10.0.0.0/24", except: [] } }])],
    });
    expect(
      findNetworkRisks(cluster({ pods: [web, db], policies: [p] })).filter((f) => f.rule === "NET-008")[0]
        ?.message,
    ).toMatch(
      /IPs of 2 pod\(s\).*kube-network-policies matches ipBlocks against pod IPs too .*; other implementations/,
    );
    const host = pod(
      "shop",
      "agent",
      { app: "web" },
      { hostNetwork: true, hostIP: "192.168.0.1", nodeName: "n1" },
    );
    const sel2 = policy("shop", "deny", { podSelector: sel({ app: "web" }) });
    expect(
      findNetworkRisks(cluster({ pods: [host], policies: [sel2] })).filter((f) => f.rule === "NET-008")[0]
        ?.message,
    ).toMatch(/host network .*implementation-defined: kube-network-policies .*; other implementations/);
  });

  it("returns findings most severe first", () => {
    const f = findNetworkRisks(cluster({ pods: [web, db], services: [lb] }));
    expect(f[0]?.severity).toBe("high");
    expect(f.at(-1)?.severity).toBe("low");
  });
});
