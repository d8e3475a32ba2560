/**
 * Reproductions of reader bugs found by the fuzz suite that can hang, run in a worker by
 * reader-bugs.test.ts so a hang fails the test instead of freezing the run.
 */
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { isSourceError } from '../../../lib/sources/errors.ts';
import { monacoPbfHead } from '../import/real-files.ts';

/**
 * The Monaco PBF's header blob and first data blob, with 4 bytes inserted 13 bytes before the end of the
 * data blob's zlib stream (found by the fuzz suite, seed 20261128). The blob sizes are unchanged, so the
 * zlib stream is cut short by 4 bytes and 4 stray bytes follow.
 */
export function pbfWithCorruptZlibTail(): Uint8Array {
  const head = monacoPbfHead();
  const at = head.length - 13;
  const out = new Uint8Array(head.length + 4);
  out.set(head.subarray(0, at));
  out.set([7, 123, 202, 204], at);
  out.set(head.subarray(at), at + 4);
  return out;
}

export const jobs: Record<string, () => void> = {
  'corrupt zlib data in a PBF blob is refused, not inflated forever': () => {
    try {
      readOsmPbf(pbfWithCorruptZlibTail());
    } catch (e) {
      if (isSourceError(e)) return;
      throw e;
    }
    throw new Error('a corrupt PBF was accepted');
  },
};
