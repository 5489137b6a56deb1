package dev.imagesmith.store;

import dev.imagesmith.store.FileHashes.Facts;
import dev.imagesmith.store.FileHashes.FsNow;
import dev.imagesmith.store.FileHashes.Remembered;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hashes of project files a copy-only stage hard-linked into its sandbox instead of copying
 * them. A link moves the source's ctime (the inode has one more name), so whatever the memo knew of
 * the source before no longer holds: each linked file is read once more after its link (it is in
 * the page cache; nothing is written), with the facts it has from then on, and remembered under
 * both its names, the project's and the sandbox's (one inode). The stage key computed after the
 * copies ({@code StageKey.ofCopied}) and the layer key then read nothing, and neither does the next
 * build that changes nothing.
 *
 * <p>The facts are taken after the links, and a file is remembered only when its ctime is older
 * than a probe made a clock tick after the last link (the memo's racy rule): {@link #vouch} waits
 * for that tick rather than leave the files linked in it to be read again by the next build.
 */
public final class LinkedHashes {
  private static final HexFormat HEX = HexFormat.of();
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** A project file {@code source} and its name {@code name} in a stage's sandbox. */
  public record Link(Path source, Path name) {}

  private final FileHashes hashes;

  /** The last probe of the file system's clock, shared by the threads that read. */
  private volatile FsNow latest;

  private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[128 * 1024]);

  /** Every link this build made, by source, for {@link #refresh}. */
  private final Map<String, Link> made = new ConcurrentHashMap<>();

  LinkedHashes(FileHashes hashes) {
    this.hashes = hashes;
  }

  /**
   * Reads the linked file once, after its link was made, and remembers its hash with its facts
   * under the source's name and the sandbox's when it did not change while read (the memo answers
   * for a name only while that name has those facts). Safe on several threads at once, beside the
   * links being made.
   *
   * @return the SHA-256 (hex) of the link's content
   */
  public String vouch(Link link) throws IOException {
    made.put(link.source().toAbsolutePath().toString(), link);
    return hash(link);
  }

  /** {@link #vouch} for each of {@code links}, on all cores; by link. */
  public Map<Link, String> vouchAll(List<Link> links) throws IOException {
    for (Link link : links) {
      made.put(link.source().toAbsolutePath().toString(), link);
    }
    return hashAll(links);
  }

  /** After a step's last {@link #vouch}: the probe file kept for its reads is removed. */
  public void stepFinished() {
    hashes.releaseProbe();
  }

  /**
   * Reads again the linked sources whose facts moved since {@link #vouch} (pruning unlinked their
   * name in the stage, or someone changed them), so the stage key after the copies and the next
   * build know them as they are now.
   */
  public void refresh() throws IOException {
    refresh(made.values(), Map.of());
  }

  /**
   * {@link #refresh} for the links of the sources in {@code known}, whose facts a walk just read:
   * the stage key after the copies walks the sources anyway, and need not {@code lstat} each twice.
   */
  public void refresh(Map<Path, Facts> known) throws IOException {
    List<Link> links = new ArrayList<>();
    for (Path source : known.keySet()) {
      Link link = made.get(source.toAbsolutePath().toString());
      if (link != null) {
        links.add(link);
      }
    }
    refresh(links, known);
  }

  private void refresh(Iterable<Link> links, Map<Path, Facts> known) throws IOException {
    List<Link> moved = new ArrayList<>();
    for (Link link : links) {
      String key = link.source().toAbsolutePath().toString();
      Remembered read = hashes.copiedNow.get(key);
      Facts now = known.get(link.source());
      if (read == null || !read.facts().equals(now != null ? now : factsOrNull(link.source()))) {
        moved.add(Files.exists(link.name(), NOFOLLOW) ? link : new Link(link.source(), null));
      }
    }
    if (!moved.isEmpty()) {
      try {
        hashAll(moved);
      } finally {
        hashes.releaseProbe();
      }
    }
  }

  private Map<Link, String> hashAll(List<Link> links) throws IOException {
    if (links.isEmpty()) {
      return Map.of();
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "imagesmith-hash-linked");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Map<Link, Future<String>> futures = new LinkedHashMap<>();
      for (Link link : links) {
        futures.put(link, pool.submit(() -> hash(link)));
      }
      Map<Link, String> result = new LinkedHashMap<>();
      for (Map.Entry<Link, Future<String>> entry : futures.entrySet()) {
        result.put(entry.getKey(), entry.getValue().get());
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing linked files");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("could not hash linked files: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Reads the sandbox's name (the source may have been swapped since it was linked; the name is the
   * inode the stage holds), or the source when the name is gone. As the memo's own hashing, the
   * file's facts are taken after a probe of the file system's clock and remembered only if older
   * than it: here the probe comes after the link (waiting for the next clock tick if the link was
   * made in this one), so the files of a step are read beside its links, not after all of them.
   */
  private String hash(Link link) throws IOException {
    Path read = link.name() != null ? link.name() : link.source();
    String sourceKey = link.source().toAbsolutePath().toString();
    long startedNanos = FileHashes.nowNanos();
    // Facts taken before the probe are as good as after it: the content is read after the probe,
    // so a change made before it is read, and one made after it has a later ctime than these.
    Facts before = FileHashes.facts(read);
    FsNow now = hashes.probeClock ? nowAfter(before.ctimeNanos()) : null;
    MessageDigest sha256 = FileHashes.newSha256();
    byte[] buffer = buffers.get();
    hashes.reads.increment();
    try (InputStream in = Files.newInputStream(read, NOFOLLOW)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    } catch (IOException e) {
      forget(sourceKey);
      throw e;
    }
    byte[] digest = sha256.digest();
    Facts after = FileHashes.facts(read);
    if (!after.equals(before)) {
      forget(sourceKey); // written while read: the stage key after the copies is not to be had
      if (link.name() != null) {
        hashes.memo.remove(link.name().toAbsolutePath().toString());
      }
      return HEX.formatHex(digest);
    }
    Remembered remembered = new Remembered(before, digest);
    boolean old = hashes.isOld(before, startedNanos, now);
    if (link.name() != null) {
      String nameKey = link.name().toAbsolutePath().toString();
      hashes.copiedNow.put(nameKey, remembered);
      if (old) {
        hashes.memo.put(nameKey, remembered);
      }
    }
    // Under the project's name too, with the linked inode's facts, unchecked: every answer of the
    // memo compares a name's facts first, and a project name swapped for another file since its
    // link has another inode (the sandbox's name still holds the old one, so its number is not
    // reused), so such an entry answers nothing.
    hashes.copiedNow.put(sourceKey, remembered);
    if (old) {
      hashes.memo.put(sourceKey, remembered);
    } else {
      hashes.memo.remove(sourceKey);
    }
    hashes.changed = true;
    return HEX.formatHex(digest);
  }

  private void forget(String sourceKey) {
    hashes.copiedNow.remove(sourceKey);
    hashes.memo.remove(sourceKey);
    hashes.changed = true;
  }

  private static Facts factsOrNull(Path file) {
    try {
      return FileHashes.facts(file);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The file system's "now" later than {@code ctimeNanos} (a link's): the last probe if it is, else
   * new probes until one is (the next clock tick). {@code null} falls back to the host-clock
   * margin.
   */
  private FsNow nowAfter(long ctimeNanos) throws InterruptedIOException {
    FsNow now = latest;
    if (now != null && now.ctimeNanos() > ctimeNanos) {
      return now;
    }
    synchronized (this) {
      for (int i = 0; i < 200; i++) {
        now = latest;
        if (now != null && now.ctimeNanos() > ctimeNanos) {
          return now;
        }
        now = hashes.probeKept();
        if (now == null) {
          return null;
        }
        latest = now;
        if (now.ctimeNanos() > ctimeNanos) {
          return now;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the file system's clock");
        }
      }
    }
    return null;
  }
}
