/**
 * The clickable cameras: one button per drawn camera over the canvas (a click opens its card), but a single
 * tab stop for all of them (roving tabindex): the arrow keys move between neighbours (camera-keys.ts), so
 * Tab goes past hundreds of cameras in one step.
 */
import type { Camera } from '../../lib/cameras/types.ts';
import { translator, type Lang } from '../i18n/core.ts';
import { overlayText, type OverlayTextKey } from '../i18n/overlay.ts';
import type { CameraSet } from './camera-set.ts';
import { nextCameraTarget } from './camera-keys.ts';

/** A pointer that moves further than this (CSS px) between press and release on a camera was a drag, not a click. */
export const CLICK_SLOP_PX = 4;
/** Most clickable camera targets at once (the closest cameras win at high zoom anyway). */
export const MAX_HIT_TARGETS = 600;

export class HitTargets {
  /** The layer of buttons, over the canvases in the frame box. */
  readonly layer: HTMLDivElement;
  /** The camera (id) whose button holds the one tab stop of the camera list (roving tabindex). */
  private rovingId: string | null = null;
  private pressAt: { x: number; y: number } | null = null;

  constructor(
    doc: Document,
    /** The cameras the buttons' `data-idx` point into. */
    private readonly cameras: () => CameraSet | null,
    /** A camera was clicked, or chosen with Enter/Space (`fromKeyboard`). */
    onOpen: (camera: Camera, fromKeyboard: boolean) => void,
  ) {
    this.layer = doc.createElement('div');
    this.layer.className = 'hits';
    this.layer.setAttribute('role', 'group');
    this.layer.addEventListener('pointerdown', (e) => {
      this.pressAt = { x: e.clientX, y: e.clientY };
    });
    this.layer.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const idx = Number(target?.dataset?.idx);
      // A press that moved was a drag of the map (the press went on to Leaflet), not a click on the camera.
      const p = this.pressAt;
      this.pressAt = null;
      if (p && e.detail > 0 && Math.hypot(e.clientX - p.x, e.clientY - p.y) > CLICK_SLOP_PX) return;
      const set = this.cameras();
      if (set && Number.isInteger(idx) && set.cameras[idx]) {
        this.rovingId = set.cameras[idx].id;
        onOpen(set.cameras[idx], e.detail === 0);
      }
    });
    this.layer.addEventListener('keydown', (e) => this.onCameraKey(e));
    this.layer.addEventListener('focusin', (e) => {
      const idx = Number((e.target as HTMLElement)?.dataset?.idx);
      const set = this.cameras();
      if (set && Number.isInteger(idx) && set.cameras[idx]) this.rovingId = set.cameras[idx].id;
    });
  }

  /** Hides the buttons while the canvases move (they would lag behind). */
  hide(): void {
    if (this.layer.childElementCount > 0 && this.layer.style.visibility !== 'hidden') this.layer.style.visibility = 'hidden';
  }

  /**
   * One button per drawn camera (`drawnIdx`, container CSS px in `set.xy`); none unless `want`. The button
   * of `rovingId` (else the first) has tabindex 0, the others -1. `activeElement`: the shadow root's.
   */
  place(set: CameraSet | null, drawnIdx: Int32Array, want: boolean, lang: Lang, activeElement: Element | null): void {
    const layer = this.layer;
    const focusedId = this.focusedCameraId(set, activeElement);
    if (!set || !want) {
      layer.replaceChildren();
      layer.removeAttribute('aria-label');
      return;
    }
    const t = translator(overlayText, lang);
    const doc = layer.ownerDocument;
    const n = Math.min(drawnIdx.length, MAX_HIT_TARGETS);
    const buttons: HTMLButtonElement[] = [];
    let roving: HTMLButtonElement | null = null;
    for (let k = 0; k < n; k++) {
      const i = drawnIdx[k];
      const b = doc.createElement('button');
      b.type = 'button';
      b.dataset.idx = String(i);
      b.tabIndex = -1;
      b.style.left = `${set.xy[2 * i] - 9}px`;
      b.style.top = `${set.xy[2 * i + 1] - 9}px`;
      const kind = t(`kind.${set.cameras[i].kind}` as OverlayTextKey);
      b.setAttribute('aria-label', t('card.cameraButton', { kind }));
      b.title = kind;
      if (set.cameras[i].id === this.rovingId) roving = b;
      buttons.push(b);
    }
    roving ??= buttons[0] ?? null;
    if (roving) roving.tabIndex = 0;
    layer.setAttribute('aria-label', t('cameras.group', { count: buttons.length }));
    layer.replaceChildren(...buttons);
    layer.style.visibility = '';
    // A redraw while a camera had the focus keeps the focus on that camera.
    if (focusedId && roving && set.cameras[Number(roving.dataset.idx)].id === focusedId) roving.focus({ preventScroll: true });
  }

  /** Back to the camera holding the tab stop (the card was closed). */
  focusRoving(): void {
    (this.layer.querySelector('button[tabindex="0"]') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private focusedCameraId(set: CameraSet | null, activeElement: Element | null): string | null {
    const active = activeElement as HTMLElement | null;
    if (!active || active.parentElement !== this.layer || !set) return null;
    return set.cameras[Number(active.dataset.idx)]?.id ?? null;
  }

  /** Arrow keys: the nearest camera in that direction; Home/End: the first/last in reading order. */
  private onCameraKey(e: KeyboardEvent): void {
    const from = e.target as HTMLElement;
    if (from.parentElement !== this.layer) return;
    const buttons = Array.from(this.layer.children) as HTMLButtonElement[];
    const points = buttons.map((b) => [parseFloat(b.style.left), parseFloat(b.style.top)] as [number, number]);
    const next = nextCameraTarget(points, buttons.indexOf(from as HTMLButtonElement), e.key);
    if (next === null) return;
    e.preventDefault();
    if (next < 0) return;
    from.tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus({ preventScroll: true });
  }
}
