import { join } from "node:path";
import { buildSnapshot, type RawInput } from "@/lib/model/build-snapshot";
import { readManifestObjects } from "@/lib/sources/load-manifests";
import type { Snapshot } from "@/lib/model/types";
import { generateDemoCertificateObjects } from "@/lib/sources/demo-certificates";

// The bundled demo cluster: fixtures/demo plus certificates generated relative to `now`, so that whatever
// day the demo runs it shows a certificate in every status. The same objects seed the local control plane.

const DEMO_FIXTURES_DIR = join(process.cwd(), "fixtures", "demo");

/** Every demo object, raw, as `kubectl get -o json` would give it. */
export async function loadDemoObjects(
  now: Date,
  fixturesDir: string = DEMO_FIXTURES_DIR,
): Promise<RawInput[]> {
  const fixtures = await readManifestObjects([fixturesDir]);
  const certificates = await generateDemoCertificateObjects(now);
  return [
    ...fixtures,
    ...certificates.map((object, i) => ({
      object,
      origin: { file: "generated demo certificates", document: i + 1 },
    })),
  ];
}

export async function loadDemoSnapshot(
  now: Date,
  fixturesDir: string = DEMO_FIXTURES_DIR,
): Promise<Snapshot> {
  return buildSnapshot(await loadDemoObjects(now, fixturesDir), {
    kind: "demo",
    name: "demo",
    takenAt: now.toISOString(),
  });
}
