import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/healthz/route";
import { GET as ready } from "@/app/readyz/route";

// The probes of the deployment: they answer without a session and reveal nothing but ready or not.

afterEach(() => vi.unstubAllEnvs());

describe("the probes", () => {
  it("/healthz says the process is up", async () => {
    const res = health();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });

  it("/readyz is ready once the snapshot is loaded", async () => {
    vi.stubEnv("VIGIL_MODE", "snapshot");
    vi.stubEnv("VIGIL_MANIFESTS", "fixtures/demo");
    const res = await ready();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ready\n");
  });

  it("/readyz is not ready when the snapshot cannot be loaded, and does not say why", async () => {
    vi.stubEnv("VIGIL_MODE", "snapshot");
    vi.stubEnv("VIGIL_MANIFESTS", "/nonexistent/secret-path-name");
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await ready();
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toBe("not ready\n");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
