import { describe, expect, it } from "vitest";
import { issueCertificate } from "@/lib/certs/issue-certificate";
import { parsePemBundle, parseSubjectAltName } from "@/lib/certs/parse-pem-bundle";

const window = { notBefore: new Date("2030-01-01T00:00:00Z"), notAfter: new Date("2031-01-01T00:00:00Z") };

describe("parsePemBundle", () => {
  it("reads every block of a bundle with CRLF line ends and text between the blocks", async () => {
    const a = await issueCertificate({ subject: "CN=a", ca: true, ...window });
    const b = await issueCertificate({
      subject: "CN=b, O=system:masters, O=dev",
      issuer: a,
      dnsNames: ["b.example.com"],
      ...window,
    });
    const text = `# issued by the platform team\r\n${b.pem.replace(/\n/g, "\r\n")}subject=CN=a\n${a.pem}`;
    const items = parsePemBundle(text);
    expect(items.map((i) => (i.ok ? i.cert.subject : i.message))).toEqual([
      "CN=b, O=system:masters, O=dev",
      "CN=a",
    ]);
    const first = items[0];
    expect(first?.ok && first.cert.organizations).toEqual(["system:masters", "dev"]);
    expect(first?.ok && first.cert.dnsNames).toEqual(["b.example.com"]);
    expect(first?.ok && first.cert.notAfter.toISOString()).toBe("2031-01-01T00:00:00.000Z");
  });

  it("returns nothing for text without a certificate", () => {
    expect(parsePemBundle("-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n")).toEqual([]);
  });
});

describe("parseSubjectAltName", () => {
  it("reads Node's entries, JSON-quoted values included", () => {
    expect(
      parseSubjectAltName(
        'DNS:a.example.com, IP Address:10.0.0.1, DNS:"we\\u002cird.example.com", URI:spiffe://x/y',
      ),
    ).toEqual([
      { type: "DNS", value: "a.example.com" },
      { type: "IP Address", value: "10.0.0.1" },
      { type: "DNS", value: "we,ird.example.com" },
      { type: "URI", value: "spiffe://x/y" },
    ]);
    expect(parseSubjectAltName(undefined)).toEqual([]);
  });
});
