// CERT-007, RFC 6125 section 6.4: a host is covered only by a DNS subject alternative name (the CN is
// ignored, as every current TLS client does); names compare case-insensitively without a trailing dot; a
// wildcard is allowed only as the whole left-most label and stands for exactly one label, so
// `*.example.com` covers `a.example.com` but neither `example.com` nor `a.b.example.com`.

function normalize(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function nameCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith("*.")) return false;
  const suffix = pattern.slice(1); // ".example.com"
  // A wildcard must sit above at least two labels: `*.com` would cover a whole top-level domain.
  if (suffix.split(".").length < 3) return false;
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes(".") && label !== "*";
}

export function matchHost(dnsNames: readonly string[], host: string): boolean {
  const h = normalize(host);
  if (h === "") return false;
  return dnsNames.some((n) => nameCovers(normalize(n), h));
}
