package dev.imagesmith.benchmark;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.layer.LayerCache;
import dev.imagesmith.layer.LayerWriter;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.store.FileHashes;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Run in its own JVM with {@code -Xmx256m}: writes the gzip layer of a large tree (with the layer
 * cache, as a build does) and prints the peak heap in use. Finishing at all proves the layer fits
 * in 256 MB; the peak says by how much.
 */
public final class HeapCheck {
  private HeapCheck() {}

  public static void main(String[] args) throws Exception {
    Path sandboxRoot = Path.of(args[0]);
    Path work = Path.of(args[1]);
    Sandbox sandbox = Sandbox.create(sandboxRoot);
    LayerWriter writer =
        new LayerWriter(
            Compression.GZIP,
            Instant.parse("2026-01-01T00:00:00Z"),
            LowerIndex.empty(),
            LayerCache.open(work.resolve("heap-cache"), FileHashes.load(null), BuildLog.silent()));
    WrittenLayer layer = writer.write(sandbox, "/data", work.resolve("heap-blobs"));
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(
        "heap-check uncompressed="
            + layer.uncompressedSize()
            + " compressed="
            + layer.compressedSize()
            + " peakHeap="
            + peak
            + " maxHeap="
            + Runtime.getRuntime().maxMemory());
  }
}
