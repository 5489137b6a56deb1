package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.SizeTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The report phase: what the build log says last, the image, its time and its size table. */
final class BuildReport {
  private BuildReport() {}

  static void log(
      BuildLog log, Digest digest, Path output, long startedNanos, ImageSummary summary) {
    log(log, digest, output, startedNanos, SizeTable.lines(summary));
  }

  /** As above, with the size table's lines as a build made them ({@link UpToDate} keeps them). */
  static void log(
      BuildLog log, Digest digest, Path output, long startedNanos, List<String> sizeTable) {
    log.info("Image " + digest + " written to " + output);
    log.info(
        String.format(
            Locale.ROOT, "Image built in %.2f s", (System.nanoTime() - startedNanos) / 1e9));
    sizeTable.forEach(log::info);
  }
}
