// A DiskView over a bare HostDisk for store tests that run without a kernel:
// fsyncs report done at once (1) and polled fsyncs never need polling.
import { DEFAULT_DISK, HostDisk, type DiskView } from '../../sim/engine/index.js';

export function hostDiskView(h: HostDisk = new HostDisk(DEFAULT_DISK)): DiskView {
  return {
    log: (p, f, layout) => h.log(p, f, layout),
    hasLog: (p) => h.hasLog(p),
    readFile: (p) => h.readFile(p),
    writeFile: (p, t) => h.writeFile(p, t),
    fsync: () => 1,
    fsyncPolled: () => 1,
    pollFsync: () => undefined,
    fsyncDetached: () => undefined,
    freeBytes: () => h.freeBytes,
  };
}
