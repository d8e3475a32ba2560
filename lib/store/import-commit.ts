/**
 * Committing an import plan (lib/import's `planImport` dry run) as the dataset `import:<importId>`, in one
 * transaction. The plan's `toAdd` is written exactly as the user saw it in the summary; duplicates and
 * rejects are not written. An OSM file is useful without new cameras: a plan whose cameras are all
 * duplicates (or that has none) is committed when it brings a walk graph. A plan that adds neither cameras
 * nor a graph is refused, and so is any invalid camera (the store validates again): nothing is written.
 * The dataset's date is the date its data describes (the OSM header / Overpass timestamp, else the newest element
 * timestamp), else the import day.
 */
import type { CameraImportPlan } from '../import/plan.ts';
import { StoreError } from './errors.ts';
import { commitDataset, extentOf, type CommitResult } from './datasets.ts';
import { builtGraphParts, type BuiltAreaGraph } from './area-graph.ts';
import { bboxOfPoints, isValidBBox } from '../geo/index.ts';
import { osmDataTime } from '../sources/osm-model.ts';
import type { AngleMortDB } from './schema.ts';

export interface ImportCommitOptions {
  /** SHA-256 of the file, hex (the options page computes it with WebCrypto); '' when unknown. */
  sha256?: string;
  now?: Date;
  /**
   * The encoded walk graph of an OSM file's ways (`plan.osm`), built by the caller (lib/store/area-graph.ts,
   * in a worker); stored with the cameras in the same transaction.
   */
  graph?: ArrayBuffer | BuiltAreaGraph;
}

/** Labels shown for each format (dataset list, dry run): never the internal format code. */
export const FORMAT_NAMES: Record<CameraImportPlan['format'], string> = {
  gpx: 'GPX',
  geojson: 'GeoJSON',
  csv: 'CSV',
  'osm-xml': 'OSM XML',
  'osm-pbf': 'OSM PBF',
  'overpass-json': 'Overpass JSON',
  'sous-surveillance': 'sous-surveillance.net export',
  'toulouse-min': 'Toulouse camera file',
};

export async function commitImportPlan(db: AngleMortDB, plan: CameraImportPlan, opts: ImportCommitOptions = {}): Promise<CommitResult> {
  if (plan.toAdd.length === 0 && !opts.graph) {
    throw new StoreError(
      'write-failed',
      `${plan.name}: nothing to add (${plan.summary.duplicates} duplicates, ${plan.summary.rejects} rejected, no walk graph)`,
    );
  }
  const now = opts.now ?? new Date();
  // The date the data describes: the OSM header timestamp, else the newest element's, else the import day.
  const stamp = plan.osm ? osmDataTime(plan.osm.data) : undefined;
  const dataDay = (stamp ?? now.toISOString()).slice(0, 10);
  // A streets-only file: its extent is the file's declared bounds, else its nodes'.
  const osmExtent = () => {
    const d = plan.osm?.data;
    if (!d) return undefined;
    if (d.bounds && isValidBBox(d.bounds)) return d.bounds;
    return d.nodes.size > 0 ? bboxOfPoints(d.nodes.values()) : undefined;
  };
  const bbox =
    plan.toAdd.length > 0 ? (plan.summary.bbox ?? extentOf(plan.toAdd)) : (osmExtent() ?? plan.summary.bbox ?? extentOf(plan.toAdd));
  const osmDerived =
    plan.format === 'osm-xml' || plan.format === 'osm-pbf' || plan.format === 'overpass-json' || plan.format === 'toulouse-min';
  return commitDataset(
    db,
    {
      id: plan.source,
      origin: 'import',
      label: `${plan.name.slice(0, 120)} (${FORMAT_NAMES[plan.format]})`,
      version: plan.importId,
      bbox,
      attribution: osmDerived ? '© OpenStreetMap contributors, ODbL 1.0' : `Imported from ${plan.name.slice(0, 120)}`,
      sources: [
        {
          id: plan.source,
          name: plan.name.slice(0, 200),
          // No date when the data has none: the import day is not a date the data describes.
          ...(stamp ? { date: dataDay } : {}),
          licence: osmDerived ? 'ODbL-1.0' : 'unknown',
          sha256: opts.sha256 ?? '',
        },
      ],
      generatedAt: stamp ?? now.toISOString(),
      ...(stamp ? {} : { undated: true as const }),
      cameras: plan.toAdd,
      ...graphCommitFields(opts.graph),
    },
    now,
  );
}

/** The graph, walls and wall source fields of a commit, from a graph builder's answer. */
function graphCommitFields(built: ArrayBuffer | BuiltAreaGraph | undefined) {
  const p = builtGraphParts(built);
  return p.graph ? { graph: p.graph, wallSource: p.wallSource, ...(p.walls ? { walls: p.walls } : {}) } : {};
}
