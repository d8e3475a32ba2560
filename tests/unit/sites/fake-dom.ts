/** A tiny stand-in for the DOM an adapter reads: elements by selector with a box. */
import type { LocationLike } from '../../../lib/sites/types.ts';

export function loc(href: string): LocationLike {
  const u = new URL(href);
  return { href: u.href, hostname: u.hostname, pathname: u.pathname, search: u.search, hash: u.hash };
}

export function fakeDocument(
  boxes: Record<string, { left: number; top: number; width: number; height: number }>,
  viewport = { width: 1280, height: 800 },
): Document {
  const make = (b: { left: number; top: number; width: number; height: number }) => ({
    getBoundingClientRect: () => ({ ...b, right: b.left + b.width, bottom: b.top + b.height, x: b.left, y: b.top }),
    clientWidth: b.width,
    clientHeight: b.height,
    clientLeft: 0,
    clientTop: 0,
  });
  const documentElement = make({ left: 0, top: 0, ...viewport });
  return {
    documentElement,
    querySelector: (sel: string) => (boxes[sel] ? make(boxes[sel]) : null),
  } as unknown as Document;
}
