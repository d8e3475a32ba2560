/** A streets-only real OSM file for the import tests: Monaco 2019 with its camera tags removed, as OSM XML. */
import { monacoOsm } from '../import/real-files.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Monaco's highways and buildings (every node they use), no camera: a streets-only OSM XML file. */
export function monacoStreetsOnlyXml(): Uint8Array {
  const osm = monacoOsm();
  const ways = osm.ways.filter((w) => w.tags?.highway || w.tags?.building);
  const ids = new Set<number>();
  for (const w of ways) for (const id of w.nodeIds) ids.add(id);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<osm version="0.6" generator="angle-mort test">',
    ' <meta osm_base="2019-09-30T20:00:00Z"/>',
  ];
  for (const id of ids) {
    const n = osm.nodes.get(id);
    if (!n) continue;
    // Camera tags are removed: the nodes stay (a camera can be a way vertex), without man_made=surveillance.
    const tags = Object.entries(n.tags ?? {}).filter(
      ([k, v]) => !(k === 'man_made' && v === 'surveillance') && !k.startsWith('camera:') && !k.startsWith('surveillance'),
    );
    out.push(
      tags.length
        ? ` <node id="${id}" lat="${n.lat}" lon="${n.lon}">${tags.map(([k, v]) => `<tag k="${esc(k)}" v="${esc(v)}"/>`).join('')}</node>`
        : ` <node id="${id}" lat="${n.lat}" lon="${n.lon}"/>`,
    );
  }
  for (const w of ways) {
    out.push(
      ` <way id="${w.id}">${w.nodeIds.map((id) => `<nd ref="${id}"/>`).join('')}${Object.entries(w.tags ?? {})
        .map(([k, v]) => `<tag k="${esc(k)}" v="${esc(v)}"/>`)
        .join('')}</way>`,
    );
  }
  out.push('</osm>');
  return new TextEncoder().encode(out.join('\n'));
}
