"use client";

export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      data-present-hide
      className="rounded bg-slate-900 px-4 py-2 font-semibold text-white dark:bg-white dark:text-slate-900"
    >
      Save as PDF / Print
    </button>
  );
}
