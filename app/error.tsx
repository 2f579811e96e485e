"use client";

import Link from "next/link";

// A page that failed to render explains itself instead of showing a stack: what happened, what to try, and
// the digest that matches the server log line.

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      className="mx-auto max-w-2xl rounded-lg border border-red-300 bg-white p-6 dark:border-red-800 dark:bg-slate-900"
    >
      <h1 className="text-2xl font-bold">This page could not be shown</h1>
      <p className="mt-2">
        Vigil could not read or analyse what this page needs. The cluster may be unreachable, or your session
        may have ended. Nothing was changed in the cluster: Vigil only reads.
      </p>
      {error.digest && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          Reference for the server log: <code>{error.digest}</code>
        </p>
      )}
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={() => reset()}
          className="rounded bg-slate-900 px-4 py-2 font-semibold text-white dark:bg-white dark:text-slate-900"
        >
          Try again
        </button>
        <Link href="/" className="rounded border border-slate-300 px-4 py-2 dark:border-slate-600">
          Back to the overview
        </Link>
      </div>
    </div>
  );
}
