package dev.imagesmith.store;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one naming convention for files on their way into place: {@code .<name>.tmp-<time>-<random>}
 * beside the target {@code <name>}, where {@code <time>} is when the temporary was made
 * (milliseconds since the epoch, base 36). The leading dot keeps it out of listings and out of
 * every store's entry names; the time lets a sweep tell a killed writer's leftover from a file
 * another build is writing right now without any lock (a hard link made a moment ago keeps the old
 * mtime of the file it links).
 *
 * <p>The sweep also knows the names earlier versions used ({@code <hex>.<n>.part}, {@code
 * .<hex><n>.tmp}, {@code .blob-<n>.partial}, ...), so their leftovers go too.
 */
final class TempNames {
  /**
   * How old a temporary must be, by its name and by its last write, before a sweep deletes it. A
   * live writer writes more often than that (every transfer has an idle timeout far below it), and
   * a linked or renamed temporary lives for microseconds.
   */
  static final Duration STALE_AFTER = Duration.ofHours(1);

  private static final String MARK = ".tmp-";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  private TempNames() {}

  /** A fresh temporary name for {@code name} (the target's file name, or a hint). */
  static String next(String name) {
    return "."
        + name
        + MARK
        + Long.toString(System.currentTimeMillis(), 36)
        + "-"
        + Long.toUnsignedString(RANDOM.nextLong(), 36);
  }

  /** The prefix every temporary of {@code name} starts with. */
  static String prefixOf(String name) {
    return "." + name + MARK;
  }

  /** Whether {@code name} is a temporary of this convention or of an earlier version's. */
  static boolean isTemporary(String name) {
    if (name.startsWith(".") && name.contains(MARK)) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".part") || lower.endsWith(".partial") || lower.endsWith(".tmp");
  }

  /**
   * Deletes, once per directory and JVM, the temporaries in {@code directory} older than {@link
   * #STALE_AFTER}: what a killed build left. Links among them are removed as links.
   */
  static void sweepOnce(Path directory) throws IOException {
    if (SWEPT.add(directory.toAbsolutePath().normalize())) {
      sweep(directory, System.currentTimeMillis());
    }
  }

  /** Deletes the stale temporaries of {@code directory} as of {@code nowMillis}. */
  static int sweep(Path directory, long nowMillis) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (isTemporary(name) && isStale(child, name, nowMillis)) {
          HostFiles.deleteTree(child);
          deleted++;
        }
      }
    } catch (NoSuchFileException e) {
      return deleted;
    }
    return deleted;
  }

  private static boolean isStale(Path file, String name, long nowMillis) throws IOException {
    long limit = nowMillis - STALE_AFTER.toMillis();
    long written;
    try {
      written = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
    } catch (NoSuchFileException e) {
      return false; // moved into place meanwhile
    }
    Long made = madeAt(name);
    return written < limit && (made == null || made < limit);
  }

  /** When a temporary of this convention was made, or null for another name. */
  static Long madeAt(String name) {
    int mark = name.lastIndexOf(MARK);
    if (!name.startsWith(".") || mark < 0) {
      return null;
    }
    String rest = name.substring(mark + MARK.length());
    int dash = rest.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      return Long.parseLong(rest.substring(0, dash), 36);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
