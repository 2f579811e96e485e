import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-2xl rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="mt-2">There is nothing at this address, or it is not visible to you.</p>
      <Link href="/" className="mt-4 inline-block underline">
        Back to the overview
      </Link>
    </div>
  );
}
