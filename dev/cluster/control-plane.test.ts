import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stagingModules, wrapperGoMod } from "@/dev/cluster/build-kube";
import { IDP_ISSUER } from "@/dev/cluster/config";
import { AUDIT_POLICY, authenticationConfig, runningPid } from "@/dev/cluster/control-plane";

// The generated pieces of the local control plane: the wrapper go.mod and the API server's configuration.

const KUBERNETES_GO_MOD = `module k8s.io/kubernetes

go 1.26.0

require (
	github.com/spf13/cobra v1.10.2
	k8s.io/api v0.0.0
	k8s.io/apiserver v0.0.0
)

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/apiserver => ./staging/src/k8s.io/apiserver
	k8s.io/kube-openapi => k8s.io/kube-openapi v0.0.0-20260721132016-d427ff9ee9ad
)
replace k8s.io/streaming => ./staging/src/k8s.io/streaming
`;

describe("the kube-apiserver wrapper module", () => {
  it("finds exactly the staging modules that kubernetes replaces with local directories", () => {
    expect(stagingModules(KUBERNETES_GO_MOD)).toEqual(["k8s.io/api", "k8s.io/apiserver", "k8s.io/streaming"]);
  });

  it("requires kubernetes and pins each staging module at the matching v0.x.y", () => {
    const mod = wrapperGoMod(KUBERNETES_GO_MOD, "v1.37.2");
    expect(mod).toContain("require k8s.io/kubernetes v1.37.2");
    expect(mod).toContain("go 1.26.0");
    expect(mod).toContain("\tk8s.io/api => k8s.io/api v0.37.2\n");
    expect(mod).toContain("\tk8s.io/streaming => k8s.io/streaming v0.37.2\n");
    expect(mod).not.toContain("kube-openapi");
    expect(mod).not.toContain("./staging");
  });
});

describe("the API server's configuration", () => {
  it("trusts the IdP's ID tokens: issuer, audience, CA, e-mail as user name and groups, empty prefixes", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const config = parse(authenticationConfig(pem)) as {
      apiVersion: string;
      kind: string;
      jwt: {
        issuer: { url: string; audiences: string[]; certificateAuthority: string };
        claimMappings: {
          username: { claim: string; prefix: string };
          groups: { claim: string; prefix: string };
        };
      }[];
    };
    expect(config.apiVersion).toBe("apiserver.config.k8s.io/v1");
    expect(config.kind).toBe("AuthenticationConfiguration");
    expect(config.jwt).toHaveLength(1);
    expect(IDP_ISSUER).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(config.jwt[0]?.issuer).toEqual({
      url: IDP_ISSUER,
      audiences: ["vigil"],
      certificateAuthority: pem,
    });
    expect(config.jwt[0]?.claimMappings).toEqual({
      username: { claim: "email", prefix: "" },
      groups: { claim: "groups", prefix: "" },
    });
  });

  it("audits every request at Metadata level", () => {
    expect(parse(AUDIT_POLICY)).toEqual({
      apiVersion: "audit.k8s.io/v1",
      kind: "Policy",
      omitStages: ["RequestReceived"],
      rules: [{ level: "Metadata" }],
    });
  });
});

describe("pid files", () => {
  it("name a running process only when it is the program started, so a reused pid is never stopped", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-pid-"));
    const file = join(dir, "x.pid");
    expect(runningPid(file, "node")).toBeUndefined();
    writeFileSync(file, `${process.pid}\n`);
    expect(runningPid(file, "node")).toBe(process.pid);
    expect(runningPid(file, "kube-apiserver")).toBeUndefined();
    writeFileSync(file, "not a pid\n");
    expect(runningPid(file, "node")).toBeUndefined();
  });
});
