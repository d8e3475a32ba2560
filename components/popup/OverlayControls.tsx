/** Overlay switches, layers and filters in the popup (owned by the overlay work). */
export function OverlayControls() {
  return null;
}
