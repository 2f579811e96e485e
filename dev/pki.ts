import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// A local certificate authority for the demo IdP, the local control plane and the tests. Keys never leave
// the state directory (git-ignored). Uses the openssl command line, present on every Debian machine.

export interface IssuedCert {
  cert: string;
  key: string;
}

export interface LeafOptions {
  commonName: string;
  /** Organisations: for client certificates, Kubernetes reads them as groups. */
  organizations?: readonly string[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  usage: "server" | "client" | "both";
  days?: number;
}

function openssl(args: readonly string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** Creates (once) a CA in `dir` named `name`, and returns its certificate and key paths. */
export function ensureCa(dir: string, name = "ca", commonName = "Vigil local CA"): IssuedCert {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (!existsSync(cert) || !existsSync(key)) {
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key]);
    openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      key,
      "-sha256",
      "-days",
      "3650",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-out",
      cert,
    ]);
  }
  return { cert, key };
}

/** Issues (once) a leaf certificate `name` signed by `ca` into `dir`. */
export function ensureLeaf(dir: string, name: string, ca: IssuedCert, opts: LeafOptions): IssuedCert {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const subject = `/CN=${opts.commonName}` + (opts.organizations ?? []).map((o) => `/O=${o}`).join("");
  const sans = [
    ...(opts.dnsNames ?? []).map((d) => `DNS:${d}`),
    ...(opts.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  const eku = { server: "serverAuth", client: "clientAuth", both: "serverAuth,clientAuth" }[opts.usage];
  writeFileSync(
    ext,
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      `extendedKeyUsage=${eku}`,
      ...(sans.length > 0 ? [`subjectAltName=${sans.join(",")}`] : []),
    ].join("\n") + "\n",
  );
  openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key]);
  openssl(["req", "-new", "-key", key, "-subj", subject, "-out", csr]);
  openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    ca.cert,
    "-CAkey",
    ca.key,
    "-CAcreateserial",
    "-sha256",
    "-days",
    String(opts.days ?? 825),
    "-extfile",
    ext,
    "-out",
    cert,
  ]);
  return { cert, key };
}

/** The state directory of the local dev tools (CA, IdP keys): `.vigil-dev/` in the checkout, git-ignored. */
export const DEV_STATE_DIR = join(import.meta.dirname, "..", ".vigil-dev");
