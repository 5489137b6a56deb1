package dev.imagesmith.fs.archive;

import java.util.List;

/**
 * What one extraction did, for the build log.
 *
 * @param entries filesystem objects created or updated (whiteouts and skipped entries excluded)
 * @param bytesWritten bytes of file content written
 * @param whiteouts image paths removed by whiteouts, in the order applied; an opaque whiteout is
 *     reported as {@code /dir/ (opaque)}
 * @param names every extracted entry's name as the archive spells it, when {@link
 *     ExtractOptions#recordNames()} asked for them; empty otherwise
 */
public record ExtractReport(
    long entries, long bytesWritten, List<String> whiteouts, List<String> names) {
  public ExtractReport {
    whiteouts = List.copyOf(whiteouts);
    names = List.copyOf(names);
  }
}
