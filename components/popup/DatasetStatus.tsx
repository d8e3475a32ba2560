/** Dataset status in the popup (owned by the store work). */
export function DatasetStatus() {
  return null;
}
