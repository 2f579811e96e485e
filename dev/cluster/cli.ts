import { down, status, up } from "@/dev/cluster/control-plane";
import { seedCluster } from "@/dev/cluster/seed";
import { loadDemoObjects } from "@/lib/sources/demo-source";
import type { RawObject } from "@/lib/sources/live/read-objects";

// `npm run cluster -- up|down|status`: the local control plane (etcd + kube-apiserver) seeded with the demo.

async function seedDemo(now: Date): Promise<void> {
  const inputs = await loadDemoObjects(now);
  const objects = inputs
    .map((i) => i.object)
    .filter((o): o is RawObject => typeof o === "object" && o !== null && !Array.isArray(o));
  await seedCluster(objects);
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case "up":
      await up({ seed: seedDemo });
      return 0;
    case "down":
      await down();
      return 0;
    case "status":
      return (await status()) ? 0 : 1;
    default:
      process.stderr.write("usage: npm run cluster -- up|down|status\n");
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[cluster] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
