/**
 * The overlay's drawing vocabulary, shared by every layer (draw.ts and its draw-*.ts parts) and the legend
 * (OverlayUi.ts): the canvas subset it draws with, its colours, and which colour a camera gets.
 */
import type { CameraSet } from './camera-set.ts';

/** The subset of CanvasRenderingContext2D the overlay uses (a recording stub can stand in for tests). */
export type Canvas2D = Pick<
  CanvasRenderingContext2D,
  'setTransform' | 'clearRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'arc' | 'rect' | 'closePath' | 'fill' | 'stroke' | 'fillText'
> & {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
};

export const COLOURS = {
  /** Coverage of cameras that film people, by tier [identification, recognition, observation]. */
  people: ['rgba(200, 16, 46, 0.24)', 'rgba(230, 57, 70, 0.16)', 'rgba(244, 140, 6, 0.12)'],
  /** Coverage of ALPR and speed cameras (they film vehicles). */
  vehicles: ['rgba(29, 78, 216, 0.22)', 'rgba(59, 130, 246, 0.15)', 'rgba(96, 165, 250, 0.10)'],
  publicCamera: '#c8102e',
  privateCamera: '#7b2cbf',
  vehicleCamera: '#1d4ed8',
  outline: '#ffffff',
  heat: ['rgba(250, 204, 21, 0.65)', 'rgba(249, 115, 22, 0.7)', 'rgba(220, 38, 38, 0.72)', 'rgba(127, 29, 29, 0.78)'],
} as const;

/**
 * Opaque tier colours for the coverage layer: tiers are painted observation → recognition →
 * identification, so each pixel keeps the best tier that reaches it (a union per tier, no darkening where
 * cones overlap), and the layer is composited once at COVERAGE_ALPHA.
 */
export const TIER_COLOURS = {
  people: ['#b5002a', '#e63946', '#f48c06'],
  vehicles: ['#1d4ed8', '#3b82f6', '#93c5fd'],
} as const;
export const COVERAGE_ALPHA = 0.3;

/** Degrees to radians. */
export const RAD = Math.PI / 180;

/** The symbol colour of camera `i`: vehicles first, then private vs public operators. */
export function colourOf(set: CameraSet, i: number): string {
  if (set.vehicle[i]) return COLOURS.vehicleCamera;
  return set.privateOperator[i] ? COLOURS.privateCamera : COLOURS.publicCamera;
}
