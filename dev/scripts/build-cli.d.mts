// Types of build-cli.mjs (plain JavaScript, since bin/vigil.mjs loads it under plain Node) for the TypeScript
// that imports it.
export declare const ROOT: string;
export declare const OUT_DIR: string;
export declare const BUNDLE: string;
export declare function staleReason(root?: string): string | undefined;
export declare function ensureCli(options?: { onRebuild?: (reason: string) => void }): Promise<void>;
export declare function buildCli(options?: {
  clean?: boolean;
}): Promise<{ outDir: string; files: number; inputs: number }>;
