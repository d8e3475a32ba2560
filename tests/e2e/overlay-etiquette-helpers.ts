/** Helpers for the overlay-etiquette browser tests: what is on top where, and the overlay's own boxes. */
import type { Page } from 'playwright-core';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * For each of our boxes (by selector in the overlay's shadow root): its viewport box and whether it is the
 * top element at its own centre — `document.elementFromPoint` lands on our shadow host and the shadow
 * root's `elementFromPoint` on that box (or inside it), not on a site control stacked above it.
 */
export async function topAtCentre(
  page: Page,
  selectors: string[],
): Promise<Record<string, { box: Box; top: boolean; hit: string } | null>> {
  return page.evaluate((sels) => {
    const host = document.querySelector('angle-mort-overlay') as HTMLElement | null;
    const root = host?.shadowRoot;
    const out: Record<string, unknown> = {};
    for (const sel of sels) {
      const el = root?.querySelector(sel) as HTMLElement | null;
      if (!host || !root || !el) {
        out[sel] = null;
        continue;
      }
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const pageHit = document.elementFromPoint(x, y);
      const shadowHit = root.elementFromPoint(x, y);
      const describe = (e: Element | null) =>
        e
          ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}`
          : 'null';
      out[sel] = {
        box: { left: r.left, top: r.top, width: r.width, height: r.height },
        top: pageHit === host && !!shadowHit && (shadowHit === el || el.contains(shadowHit)),
        hit: pageHit === host ? `shadow:${describe(shadowHit)}` : describe(pageHit),
      };
    }
    return out as Record<string, { box: Box; top: boolean; hit: string } | null>;
  }, selectors);
}

/** The site's control boxes and floating panels (viewport px), as a person sees them. */
export async function siteBoxes(page: Page): Promise<Box[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.leaflet-control, body.overlay-sidebar #sidebar'))
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left, top: r.top, width: r.width, height: r.height })),
  );
}

export function intersects(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/** Visible boxes drawn by the overlay (anything in its shadow root with a non-empty box), for map-less pages. */
export async function visibleOverlayBoxes(page: Page): Promise<Array<Box & { what: string }>> {
  return page.evaluate(() => {
    const host = document.querySelector('angle-mort-overlay') as HTMLElement | null;
    if (!host?.shadowRoot || getComputedStyle(host).display === 'none') return [];
    const out: Array<{ left: number; top: number; width: number; height: number; what: string }> = [];
    for (const el of Array.from(host.shadowRoot.querySelectorAll('*'))) {
      if (el.tagName === 'STYLE') continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      const r = el.getBoundingClientRect();
      if (
        r.width > 0 &&
        r.height > 0 &&
        el.children.length === 0 &&
        (el.textContent?.trim() || el.tagName === 'CANVAS' || el.tagName === 'BUTTON')
      ) {
        out.push({
          left: r.left,
          top: r.top,
          width: r.width,
          height: r.height,
          what: `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 40) ?? ''}`,
        });
      }
    }
    return out;
  });
}

/** Camera buttons whose centre is really clickable (top element), in viewport px, with their camera index. */
export async function clickableCameras(page: Page): Promise<Array<{ x: number; y: number; idx: string }>> {
  return page.evaluate(() => {
    const host = document.querySelector('angle-mort-overlay') as HTMLElement;
    const root = host.shadowRoot!;
    const out: Array<{ x: number; y: number; idx: string }> = [];
    for (const b of Array.from(root.querySelectorAll<HTMLElement>('.hits button'))) {
      const r = b.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (document.elementFromPoint(x, y) === host && root.elementFromPoint(x, y) === b) out.push({ x, y, idx: b.dataset.idx ?? '' });
    }
    return out;
  });
}
