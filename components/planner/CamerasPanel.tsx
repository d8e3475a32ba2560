/**
 * The user's own cameras: add, move, edit, delete (kind, direction, field of view, optional expiry), through
 * the `userCameras/*` messages. The background re-scores their neighbourhood, so routes and reports count
 * them at once. "Edit in OpenStreetMap" opens the OSM editor at the spot (a link the user follows).
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { CAMERA_KINDS, isCameraActive, type Camera, type CameraKind } from '../../lib/cameras/types.ts';
import type { LonLat } from '../../lib/geo/index.ts';
import { ask } from './client.ts';
import type { PlannerLayers } from './map.ts';
import type { TabProps } from './tab.ts';

interface Draft {
  id?: string;
  at: LonLat;
  kind: CameraKind;
  direction: string;
  fov: string;
  /** `datetime-local` value (local time), empty = permanent. */
  expires: string;
}

/** The OpenStreetMap editor at a spot (zoom 19). */
export function osmEditUrl(lon: number, lat: number): string {
  return `https://www.openstreetmap.org/edit#map=19/${lat.toFixed(6)}/${lon.toFixed(6)}`;
}

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function draftToCamera(d: Draft, newId: () => string): Camera {
  const sourceId = d.id ? d.id.slice('user:'.length) : newId();
  const direction = d.direction.trim() === '' ? NaN : Number(d.direction);
  const fov = d.fov.trim() === '' ? NaN : Number(d.fov);
  const camera: Camera = {
    id: `user:${sourceId}`,
    sourceId,
    source: 'user',
    lon: d.at[0],
    lat: d.at[1],
    kind: d.kind,
    directions: Number.isFinite(direction) ? [((direction % 360) + 360) % 360] : [],
    surveillance: 'public',
    operatorType: 'unknown',
    confidence: 1,
  };
  if (Number.isFinite(fov) && fov > 0 && fov <= 360) camera.fov = fov;
  if (d.expires) {
    const when = new Date(d.expires);
    if (!Number.isNaN(when.getTime())) camera.expires = when.toISOString();
  }
  return camera;
}

export function CamerasPanel(
  props: TabProps & {
    /** Called after every change, so routes and reports are recomputed. */
    onChanged(): void;
    now?(): Date;
    /** Bumped on every camera change, here or elsewhere: the list is read again. */
    camerasVersion?: number;
  },
) {
  const { t, map } = props;
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [placing, setPlacing] = useState<'new' | 'move' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = async () => {
    try {
      setCameras(await ask(props.send, { type: 'userCameras/list' }));
    } catch (e) {
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  useEffect(() => void reload(), [props.camerasVersion]);

  const startNew = (at: LonLat) => setDraft({ at, kind: 'dome', direction: '', fov: '', expires: '' });
  // A layout effect: the map takes the click as soon as "click the map" shows (a plain effect runs after the
  // paint, and a quick click in between was lost — the planner's browser test hit it under load).
  useLayoutEffect(() => {
    props.setClick(
      props.active && placing
        ? (at) => {
            if (placing === 'new') startNew(at);
            else setDraft((d) => (d ? { ...d, at } : d));
            setPlacing(null);
          }
        : null,
      { prompt: t('cam.armed'), cancel: () => setPlacing(null) },
    );
  }, [props.active, placing]);

  useEffect(() => {
    const shown = cameras.filter((c) => c.id !== draft?.id);
    const userCameras: PlannerLayers['userCameras'] = shown.map((c) => ({
      id: c.id,
      at: [c.lon, c.lat],
      directions: c.directions,
      fov: c.fov,
      label: c.name?.trim() || t(`kind.${c.kind}` as 'kind.fixed'),
    }));
    if (draft) {
      const d = draftToCamera(draft, () => 'draft');
      userCameras.push({ id: draft.id ?? 'user:draft', at: draft.at, directions: d.directions, fov: d.fov, label: '…' });
    }
    props.setLayers({ userCameras });
  }, [cameras, draft]);

  const save = async () => {
    if (!draft) return;
    setError(null);
    try {
      await ask(props.send, {
        type: 'userCameras/put',
        camera: draftToCamera(draft, () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`),
      });
      setDraft(null);
      await reload();
      props.onChanged();
    } catch (e) {
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  const remove = async (id: string) => {
    try {
      await ask(props.send, { type: 'userCameras/delete', id });
      if (draft?.id === id) setDraft(null);
      await reload();
      props.onChanged();
    } catch (e) {
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  const now = props.now?.() ?? new Date();
  const kindName = (k: CameraKind) => t(`kind.${k}`);

  return (
    <section class="am-panel" aria-label={t('tab.cameras')} hidden={!props.active}>
      <div class="am-row am-wrap">
        <button type="button" onClick={() => setPlacing('new')} aria-pressed={placing === 'new'}>
          {t('cam.add')}
        </button>
        <button type="button" onClick={() => startNew(map.centre())}>
          {t('cam.addCentre')}
        </button>
      </div>
      {placing && (
        <p class="am-hint" role="status">
          {t('cam.placing')}
        </p>
      )}
      {draft && (
        <form
          class="am-form"
          data-testid="camera-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p>{t('cam.label', { kind: kindName(draft.kind), lat: draft.at[1].toFixed(5), lon: draft.at[0].toFixed(5) })}</p>
          <label class="am-field">
            <span>{t('cam.kind')}</span>
            <select
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: (e.currentTarget as HTMLSelectElement).value as CameraKind })}
            >
              {CAMERA_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindName(k)}
                </option>
              ))}
            </select>
          </label>
          <label class="am-field">
            <span>{t('cam.direction')}</span>
            <input
              type="number"
              min={0}
              max={359}
              value={draft.direction}
              onInput={(e) => setDraft({ ...draft, direction: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="am-field">
            <span>{t('cam.fov')}</span>
            <input
              type="number"
              min={1}
              max={360}
              value={draft.fov}
              onInput={(e) => setDraft({ ...draft, fov: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="am-field">
            <span>{t('cam.expires')}</span>
            <input
              type="datetime-local"
              step={1}
              value={draft.expires}
              onInput={(e) => setDraft({ ...draft, expires: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <div class="am-row am-wrap">
            <button type="button" onClick={() => setPlacing('move')}>
              {t('cam.move')}
            </button>
            <button type="submit" class="am-primary">
              {t('cam.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('clear')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="am-error" role="alert">
          {error}
        </p>
      )}
      {cameras.length === 0 ? (
        <p class="am-muted">{t('cam.none')}</p>
      ) : (
        <ul class="am-usercams" data-testid="user-cameras">
          {cameras.map((c) => {
            const label = t('cam.label', { kind: kindName(c.kind), lat: c.lat.toFixed(5), lon: c.lon.toFixed(5) });
            return (
              <li key={c.id} data-camera={c.id}>
                <span>{label}</span>
                {c.expires && (
                  <small class={isCameraActive(c, now) ? 'am-muted' : 'am-error'}>
                    {' '}
                    {isCameraActive(c, now)
                      ? t('cam.until', { date: new Date(c.expires).toLocaleString(props.lang === 'fr' ? 'fr-FR' : 'en-GB') })
                      : t('cam.expired')}
                  </small>
                )}
                <div class="am-row am-wrap">
                  <button
                    type="button"
                    onClick={() => map.showCamera({ id: c.id, at: [c.lon, c.lat], label })}
                    aria-label={`${t('cam.show')}: ${label}`}
                  >
                    {t('cam.show')}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      setDraft({
                        id: c.id,
                        at: [c.lon, c.lat],
                        kind: c.kind,
                        direction: c.directions[0] !== undefined ? String(c.directions[0]) : '',
                        fov: c.fov !== undefined ? String(c.fov) : '',
                        expires: toLocalInput(c.expires),
                      })
                    }
                    aria-label={`${t('cam.edit')}: ${label}`}
                  >
                    {t('cam.edit')}
                  </button>
                  <button type="button" onClick={() => void remove(c.id)} aria-label={`${t('cam.delete')}: ${label}`}>
                    {t('cam.delete')}
                  </button>
                  <a href={osmEditUrl(c.lon, c.lat)} target="_blank" rel="noopener noreferrer">
                    {t('cam.osm')}
                  </a>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
