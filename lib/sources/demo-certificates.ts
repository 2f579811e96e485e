import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments, parse } from "yaml";
import { z } from "zod";
import {
  certificateRequestPem,
  issueCertificate,
  privateKeyPem,
  type IssuedCertificate,
} from "@/lib/certs/issue-certificate";

// The demo cluster's certificates, issued afresh relative to `now` so the demo never silently expires and
// always shows every status of docs/semantics.md §3 (expired, critical, warning, ok, not-yet-valid) and a
// selection of its checks (CERT-001..004, 006, 007, 008, 009, 010, 012, 014). What they are is data, in
// fixtures/demo-certificates/: the certificates (certificates.yaml) and the objects carrying them
// (objects.yaml, with placeholders filled in here).

const DEMO_CERTIFICATES_DIR = join(process.cwd(), "fixtures", "demo-certificates");

const DAY = 24 * 60 * 60 * 1000;

const certificateSpec = z.object({
  name: z.string(),
  subject: z.string(),
  /** Days relative to `now`; negative is in the past. */
  notBeforeDays: z.number(),
  notAfterDays: z.number(),
  /** The name of an earlier certificate; absent: self-signed. */
  issuer: z.string().optional(),
  ca: z.boolean().optional(),
  dnsNames: z.array(z.string()).optional(),
  usage: z.enum(["server", "client"]).optional(),
  key: z.object({ kind: z.literal("rsa"), bits: z.number().int() }).optional(),
  hash: z.enum(["SHA-256", "SHA-1"]).optional(),
});
type CertificateSpec = z.infer<typeof certificateSpec>;

interface Issued {
  spec: CertificateSpec;
  cert: IssuedCertificate;
}

async function issueAll(now: Date, specs: readonly CertificateSpec[]): Promise<Map<string, Issued>> {
  const issued = new Map<string, Issued>();
  for (const spec of specs) {
    const issuer = spec.issuer === undefined ? undefined : issued.get(spec.issuer);
    if (spec.issuer !== undefined && !issuer) {
      throw new Error(`demo certificate ${spec.name}: its issuer ${spec.issuer} is not listed before it`);
    }
    const cert = await issueCertificate({
      subject: spec.subject,
      notBefore: new Date(Math.floor((now.getTime() + spec.notBeforeDays * DAY) / 1000) * 1000),
      // Half a day beyond the whole number of days, away from `now` (fixtures/demo-certificates/certificates.yaml).
      notAfter: new Date(now.getTime() + (spec.notAfterDays + (spec.notAfterDays < 0 ? -0.5 : 0.5)) * DAY),
      ...(issuer ? { issuer: issuer.cert } : {}),
      ...(spec.ca !== undefined ? { ca: spec.ca } : {}),
      ...(spec.dnsNames ? { dnsNames: spec.dnsNames } : {}),
      ...(spec.usage ? { usage: spec.usage } : {}),
      ...(spec.key ? { key: spec.key } : {}),
      // A certificate issued by a legacy (SHA-1) CA is signed with SHA-1 too.
      hash: spec.hash ?? (issuer?.spec.hash === "SHA-1" ? "SHA-1" : "SHA-256"),
    });
    issued.set(spec.name, { spec, cert });
  }
  return issued;
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** Replaces every string that is exactly one placeholder of objects.yaml; the rest is kept as it is. */
async function fill(value: unknown, now: Date, issued: ReadonlyMap<string, Issued>): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => fill(v, now, issued)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await fill(v, now, issued);
    return out;
  }
  if (typeof value !== "string") return value;
  const m = /^\{\{(\w+) (\S+)\}\}$/.exec(value);
  if (!m) return value;
  const [, fn, arg = ""] = m;
  if (fn === "date") return new Date(now.getTime() + Number(arg) * DAY).toISOString();
  const named = issued.get(arg);
  if (!named) throw new Error(`demo certificate objects: no certificate named ${arg} in ${value}`);
  const { cert, spec } = named;
  switch (fn) {
    case "pem":
      return cert.pem;
    case "pem64":
      return b64(cert.pem);
    case "key64":
      return b64(await privateKeyPem(cert));
    case "csr64":
      return b64(await certificateRequestPem(cert, spec.dnsNames));
    case "notBefore":
      return cert.cert.notBefore.toISOString();
    case "notAfter":
      return cert.cert.notAfter.toISOString();
    default:
      throw new Error(`demo certificate objects: unknown placeholder ${value}`);
  }
}

/** The demo's certificate-bearing objects, fresh relative to `now`, as plain Kubernetes JSON. */
export async function generateDemoCertificateObjects(
  now: Date,
  dir: string = DEMO_CERTIFICATES_DIR,
): Promise<Record<string, unknown>[]> {
  const specs = z.array(certificateSpec).parse(parse(await readFile(join(dir, "certificates.yaml"), "utf8")));
  const issued = await issueAll(now, specs);
  const documents = parseAllDocuments(await readFile(join(dir, "objects.yaml"), "utf8"));
  const objects: Record<string, unknown>[] = [];
  for (const doc of Array.isArray(documents) ? documents : [documents]) {
    const raw: unknown = doc.toJS();
    if (raw === null || raw === undefined) continue;
    objects.push((await fill(raw, now, issued)) as Record<string, unknown>);
  }
  return objects;
}
