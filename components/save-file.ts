/**
 * Saves text as a file download (Blob + <a download>): no network, no `downloads` permission. The object
 * URL is revoked after the click has been handled. `parent` holds the transient link: the page body, or
 * the overlay's own shadow root so the host page never sees it.
 */
export function saveTextFile(parent: ParentNode & Node, name: string, text: string, type = 'application/geo+json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = (parent.ownerDocument ?? (parent as unknown as Document)).createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  parent.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a dataset id: `overpass:1.40,43.55,…` → `angle-mort-overpass-1.40_43.55_….geojson`. */
export function exportFileName(what: string): string {
  return `angle-mort-${what.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80)}.geojson`;
}
