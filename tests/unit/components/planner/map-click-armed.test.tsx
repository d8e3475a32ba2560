// @vitest-environment happy-dom
/**
 * A planner panel arms the map click in the same render that shows "click the map" (a layout effect), not after
 * the paint: a click right after pressing "Add a camera" used to be lost (CI's planner.e2e, under load).
 */
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { CamerasPanel } from '../../../../components/planner/CamerasPanel.tsx';
import type { PlannerMap } from '../../../../components/planner/map.ts';
import type { SetClick } from '../../../../components/planner/tab.ts';

const flushRender = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('map click arming', () => {
  it('hands the map its click handler by the time the panel says "click the map"', async () => {
    const armed: Array<((at: [number, number]) => void) | null> = [];
    const setClick: SetClick = (handler) => void armed.push(handler);
    const host = document.createElement('div');
    document.body.append(host);
    render(
      <CamerasPanel
        send={async () => ({ ok: true, value: [] })}
        t={(key) => key}
        lang="en"
        map={{} as PlannerMap}
        active
        setClick={setClick}
        setLayers={() => {}}
        onChanged={() => {}}
      />,
      host,
    );
    await flushRender();
    const add = [...host.querySelectorAll('button')].find((b) => b.textContent === 'cam.add')!;
    add.click();
    // The first moment the hint is on screen (a plain effect ran only some microtasks or a frame later).
    for (let i = 0; i < 10 && !host.querySelector('.am-hint[role="status"]'); i++) await Promise.resolve();
    expect(host.querySelector('.am-hint[role="status"]')?.textContent).toBe('cam.placing');
    expect(typeof armed.at(-1)).toBe('function');
    // The click it arms opens the camera form at that point.
    armed.at(-1)!([1.44, 43.6]);
    await flushRender();
    expect(host.querySelector('[data-testid="camera-form"]')).not.toBeNull();
    render(null, host);
  });
});
