import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { issueCertificate } from "@/lib/certs/issue-certificate";
import { scanCertificates } from "@/lib/certs/scan-certificates";
import type { CertStatus } from "@/lib/certs/types";
import { emptySnapshot, type Snapshot } from "@/lib/model/types";

// The whole scan against a naive reference: certificates with assorted validity windows, judged at random
// moments with random thresholds; each status, day count and expiry rule must be what docs/semantics.md §3
// says when read literally.

const BASE = new Date("2030-06-15T12:00:00Z").getTime();
const DAY = 86_400_000;
const WINDOWS: [number, number][] = [
  [-400, -30],
  [-100, -1],
  [-100, 0.5],
  [-30, 3],
  [-30, 13.9],
  [-30, 14],
  [-30, 20],
  [-30, 27.99],
  [-60, 28],
  [-60, 45],
  [-300, 365],
  [2, 90],
  [40, 400],
];

let snapshot: Snapshot;
const windows = new Map<string, { notBefore: number; notAfter: number }>();

function naive(
  notBefore: number,
  notAfter: number,
  now: number,
  critical: number,
  warning: number,
): CertStatus {
  if (now < notBefore) return "not-yet-valid";
  if (now > notAfter) return "expired";
  if (notAfter - now < critical * DAY) return "critical";
  if (notAfter - now < warning * DAY) return "warning";
  return "ok";
}

const RULE: Record<CertStatus, string | undefined> = {
  expired: "CERT-001",
  critical: "CERT-002",
  warning: "CERT-003",
  ok: undefined,
  "not-yet-valid": "CERT-004",
};

beforeAll(async () => {
  const pems: string[] = [];
  for (const [i, [from, to]] of WINDOWS.entries()) {
    // Certificates keep whole seconds.
    const notBefore = Math.floor((BASE + from * DAY) / 1000) * 1000;
    const notAfter = Math.floor((BASE + to * DAY) / 1000) * 1000;
    const cert = await issueCertificate({
      subject: `CN=c${i}`,
      ca: true,
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
    });
    windows.set(`CN=c${i}`, { notBefore, notAfter });
    pems.push(cert.pem);
  }
  // Half in one bundle, half one per webhook: bundles and single certificates follow the same rules.
  snapshot = {
    ...emptySnapshot(),
    configMaps: [{ namespace: "x", name: "bundle", certificates: { "ca.crt": pems.slice(0, 6).join("") } }],
    webhookConfigurations: [
      {
        kind: "MutatingWebhookConfiguration",
        name: "w",
        webhooks: pems.slice(6).map((caBundle, i) => ({ name: `h${i}`, caBundle })),
      },
    ],
  };
});

describe("scanCertificates against the naive reference", () => {
  it("gives every certificate the literal status, day count and expiry rule, at any moment and threshold", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -120 * DAY, max: 120 * DAY }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (offset, a, b) => {
          const critical = Math.min(a, b);
          const warning = Math.max(a, b);
          const now = BASE + offset;
          const scan = scanCertificates(snapshot, {
            now: new Date(now),
            criticalDays: critical,
            warningDays: warning,
          });
          expect(scan.certificates).toHaveLength(WINDOWS.length);
          for (const c of scan.certificates) {
            const w = windows.get(c.subject);
            if (!w) throw new Error(`unexpected ${c.subject}`);
            const status = naive(w.notBefore, w.notAfter, now, critical, warning);
            expect(c.status, c.subject).toBe(status);
            expect(c.daysLeft).toBe(Math.trunc((w.notAfter - now) / DAY) || 0);
            expect(c.findings.map((f) => f.rule)).toEqual(RULE[status] ? [RULE[status]] : []);
          }
          const days = scan.certificates.map((c) => c.daysLeft);
          expect(days).toEqual([...days].sort((x, y) => x - y));
        },
      ),
      { numRuns: 300 },
    );
  });
});
