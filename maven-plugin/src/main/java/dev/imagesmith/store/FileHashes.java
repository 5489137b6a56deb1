package dev.imagesmith.store;

import dev.imagesmith.io.EpochNanos;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * SHA-256 of file contents, computed on all cores, with a memo that spares re-reading files that
 * have not changed since they were last hashed.
 *
 * <p><b>Why the memo is sound.</b> An entry is reused only when the file's device, inode, size,
 * mtime and ctime (all in nanoseconds) are what they were when it was hashed. mtime alone is not
 * enough: {@code touch -r} or {@code cp -p} put an old mtime on new content. ctime is different:
 * the kernel sets it to the current time on every write, truncate, chmod, chown, link and rename,
 * and no unprivileged call can set it back. A file replaced by a new one gets a new inode or, if
 * the number is reused, a new ctime. What remains is a write within the same clock tick as the
 * hashing (timestamps are coarse-grained, and some file systems keep whole seconds): like git's
 * "racily clean" index entries, a file whose ctime is not older than the moment hashing began is
 * hashed but not remembered, so it is read again next time.
 *
 * <p>"The moment hashing began" is read from the file system's own clock: a probe file in the
 * memo's directory written just before hashing ({@link FsClock}), whose ctime is what any write
 * from then on gets at least (same clock, same granularity, and on a network file system the
 * server's clock). A file on that device is remembered when its ctime is strictly older than the
 * probe's. That lets a build remember the files its own stages wrote a moment earlier, so the next
 * build does not read them again. Files on other devices, where the probe says nothing, must be
 * {@link #RACY_MARGIN_NANOS} older than the host's clock.
 *
 * <p>The memo lives in the build's work directory next to the sandboxes it describes; it is a cache
 * of facts about those host files, not part of any output. It is written to a temporary file and
 * renamed into place; a damaged or missing memo only means files are hashed again.
 */
public final class FileHashes {
  public static final long RACY_MARGIN_NANOS = 2_000_000_000L;
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  /**
   * The attributes {@link #facts(Map)} takes: a caller that reads them with its own {@code lstat}
   * (as {@code unix:} attributes) saves the memo another.
   */
  public static final String FACTS_ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

  /** What a file looked like when it was hashed. */
  public record Facts(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {}

  record Remembered(Facts facts, byte[] sha256) {}

  /** The file system's "now" on one device: the ctime of a probe file written there just now. */
  record FsNow(long dev, long ctimeNanos) {}

  private final Path memoFile;
  private final long racyMarginNanos;
  final boolean probeClock;
  final Map<String, Remembered> memo = new ConcurrentHashMap<>();

  /** What this build's copies read, racily new files included; never saved. */
  final Map<String, Remembered> copiedNow = new ConcurrentHashMap<>();

  private final LinkedHashes linked = new LinkedHashes(this);

  /** The file system's clock as {@link LinkedHashes} probes it, once per tick while it reads. */
  private final FsClock clock;

  /** How many files' contents were read. */
  final LongAdder reads = new LongAdder();

  volatile boolean changed;

  private FileHashes(Path memoFile, long racyMarginNanos, boolean probeClock) {
    this.memoFile = memoFile;
    this.racyMarginNanos = racyMarginNanos;
    this.probeClock = probeClock;
    this.clock = new FsClock(memoFile);
  }

  /** A memo backed by {@code memoFile} (read now if it exists), or in memory only if null. */
  public static FileHashes load(Path memoFile) {
    return load(memoFile, RACY_MARGIN_NANOS, memoFile != null);
  }

  /**
   * As {@link #load(Path)} with only the host-clock margin (no probe); tests shrink it instead of
   * sleeping.
   */
  public static FileHashes load(Path memoFile, long racyMarginNanos) {
    return load(memoFile, racyMarginNanos, false);
  }

  private static FileHashes load(Path memoFile, long racyMarginNanos, boolean probeClock) {
    FileHashes hashes = new FileHashes(memoFile, racyMarginNanos, probeClock);
    if (memoFile != null) {
      HashMemoFile.read(memoFile, hashes.memo);
    }
    return hashes;
  }

  /** How many files' contents this memo read (for tests and diagnostics). */
  public long filesRead() {
    return reads.sum();
  }

  /** The sources this build linked into stages instead of copying them. */
  public LinkedHashes linked() {
    return linked;
  }

  /** How many files are remembered (for tests and diagnostics). */
  public int size() {
    return memo.size();
  }

  /**
   * The SHA-256 (lower-case hex) of every file in {@code files}, hashed in parallel where not
   * remembered. Links are not followed: a symlink is never a file here. As {@link #hash(Path)}, the
   * clock is probed (and the threads started) only when some file must be read: a stage key over
   * unchanged sources, computed on every build, makes neither.
   */
  public Map<Path, String> hashAll(Collection<Path> files) throws IOException {
    Map<Path, Facts> now = new HashMap<>();
    for (Path file : files) {
      if (!now.containsKey(file)) {
        now.put(file, facts(file));
      }
    }
    return hashAll(now);
  }

  /**
   * As {@link #hashAll(Collection)}, each file's facts as the caller read them a moment ago (its
   * own walk's {@code lstat}, with {@link #FACTS_ATTRIBUTES}): the memo reads them no second time.
   */
  public Map<Path, String> hashAll(Map<Path, Facts> files) throws IOException {
    Map<Path, String> result = new HashMap<>();
    List<Path> unknown = new ArrayList<>();
    for (Map.Entry<Path, Facts> entry : files.entrySet()) {
      String known = remembered(entry.getKey(), entry.getValue());
      if (known != null) {
        result.put(entry.getKey(), known);
      } else {
        unknown.add(entry.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      result.putAll(hashAll(unknown, probeClock ? probe() : null));
    }
    return result;
  }

  /** As {@link #hashAll(Collection)} with the file system's "now" given (tests). */
  Map<Path, String> hashAll(Collection<Path> files, FsNow now) throws IOException {
    long startedNanos = nowNanos();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "imagesmith-hash");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Map<Path, Future<String>> futures = new HashMap<>();
      for (Path file : files) {
        futures.computeIfAbsent(file, f -> pool.submit(() -> hash(f, startedNanos, now)));
      }
      Map<Path, String> result = new HashMap<>();
      for (Map.Entry<Path, Future<String>> entry : futures.entrySet()) {
        result.put(entry.getKey(), entry.getValue().get());
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing layer contents");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("could not hash layer contents: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Remembers the hash of a file this build wrote itself and nobody edits in place (a layer blob
   * named by its digest), with its facts as they are now, so the next build can check it without
   * reading it. Unlike a hashed file it is remembered even when racily new: the racy rule guards
   * files someone may still be editing, while a blob is only ever replaced by rename (a new inode)
   * or deleted, and any later write, chmod or link still moves its ctime.
   */
  public void recordOwn(Path file, String sha256Hex) throws IOException {
    Remembered now = new Remembered(facts(file), HEX.parseHex(sha256Hex));
    Remembered before = memo.put(file.toAbsolutePath().toString(), now);
    // The same record again (a rebuild that kept its blobs) leaves the memo file as it is.
    if (before == null
        || !before.facts().equals(now.facts())
        || !java.util.Arrays.equals(before.sha256(), now.sha256())) {
      changed = true;
    }
  }

  /** Writes the memo (if it has a file and changed) atomically. */
  public void save() throws IOException {
    releaseProbe();
    if (memoFile == null || !changed) {
      return;
    }
    HashMemoFile.write(memoFile, new ArrayList<>(memo.entrySet()));
    changed = false;
  }

  /**
   * The SHA-256 (hex) of one file, remembered or read. The file system's clock is probed only when
   * the file must be read: a caller hashing an image's thousands of files one by one (the SBOM)
   * probes no clock for any file the memo knows.
   */
  public String hash(Path file) throws IOException {
    String known = remembered(file);
    if (known != null) {
      return known;
    }
    return hash(file, nowNanos(), probeClock ? probe() : null);
  }

  /**
   * The remembered SHA-256 (hex) of {@code file} if its facts are still those it was hashed with
   * (then its content is what was hashed, see the class comment), else {@code null}; reads no
   * content.
   */
  public String remembered(Path file) throws IOException {
    return remembered(file, facts(file));
  }

  private String remembered(Path file, Facts now) {
    Remembered remembered = memo.get(file.toAbsolutePath().toString());
    return remembered != null && remembered.facts().equals(now)
        ? HEX.formatHex(remembered.sha256())
        : null;
  }

  /**
   * The SHA-256 (hex) of every file in {@code files} as a copy of this build read it ({@link
   * Copies#copyHashing}) or the memo remembers it, each only if its facts (as the caller just read
   * them, with {@link #FACTS_ATTRIBUTES}) are still those it was read with; {@code null} if one is
   * not known so. Reads no content. A stage key computed after its copies ran uses it: a miss means
   * a source changed since it was copied, and a key over its content now would not describe the
   * copy. A racily new source counts for this build's key but is not remembered, so the next build
   * reads it again.
   */
  public Map<Path, String> copiedAll(Map<Path, Facts> files) {
    Map<Path, String> result = new HashMap<>();
    for (Map.Entry<Path, Facts> file : files.entrySet()) {
      String path = file.getKey().toAbsolutePath().toString();
      Remembered read = copiedNow.getOrDefault(path, memo.get(path));
      if (read == null || !read.facts().equals(file.getValue())) {
        return null;
      }
      result.put(file.getKey(), HEX.formatHex(read.sha256()));
    }
    return result;
  }

  /**
   * Starts recording copies: files the caller writes with bytes whose SHA-256 it knows without
   * reading them again (a copy of a file {@link #remembered} knew, unchanged while it was copied,
   * or one {@link Copies#copyHashing} hashed as it copied it).
   */
  public Copies copies() {
    return new Copies();
  }

  /**
   * Copies made by one writer, remembered together by {@link #commit}. Sound under the sandbox's
   * one-writer rule: between a copy and the commit only the writer itself touches the files (and
   * never their bytes), and every write after the commit gets a ctime at least the commit's
   * probe's, so a copy is remembered only if its ctime is older than that probe. Copies made in the
   * probe's own clock tick are left to be hashed when needed.
   */
  public final class Copies {
    // Copies are made on several threads at once (the copy step's writers).
    private final Map<Path, byte[]> known = new ConcurrentHashMap<>();
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[128 * 1024]);
    private boolean probed;
    private long startedNanos;
    private FsNow now;

    private Copies() {}

    /**
     * Copies the regular file {@code source} to the new file {@code target}, hashing the bytes as
     * they pass (one read for the copy, the stage key and the layer key): the copy is recorded with
     * that hash, and the source is remembered with it as {@link #hash(Path)} would remember it (not
     * racily new, its facts unchanged across the read). Links are never followed: a source that
     * became a link, or a target that exists, fails the copy.
     *
     * @return the SHA-256 (hex) of the bytes copied
     */
    public String copyHashing(Path source, Path target) throws IOException {
      probeOnce();
      byte[] buffer = buffers.get();
      Facts before = facts(source);
      MessageDigest sha256 = newSha256();
      reads.increment();
      try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
          OutputStream out =
              Files.newOutputStream(
                  target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha256.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      byte[] digest = sha256.digest();
      known.put(target, digest);
      String key = source.toAbsolutePath().toString();
      memo.remove(key);
      if (facts(source).equals(before)) {
        Remembered read = new Remembered(before, digest);
        copiedNow.put(key, read);
        if (isOld(before, startedNanos, now)) {
          memo.put(key, read);
          changed = true;
        }
      }
      return HEX.formatHex(digest);
    }

    /** Once per copy step, and only when a file must be read (as hashAll does). */
    private synchronized void probeOnce() {
      if (!probed) {
        startedNanos = nowNanos();
        now = probeClock ? probe() : null;
        probed = true;
      }
    }

    /**
     * Remembers {@code otherName} with the hash of {@code readName} when both are the same file as
     * the memo knows it (device, inode, size, times): a hardlinked source read once under its first
     * name.
     */
    public void sameFile(Path otherName, Path readName) throws IOException {
      String name = readName.toAbsolutePath().toString();
      Remembered read = copiedNow.getOrDefault(name, memo.get(name));
      if (read != null && read.facts().equals(facts(otherName))) {
        String other = otherName.toAbsolutePath().toString();
        copiedNow.put(other, read);
        if (read.equals(memo.get(name))) {
          memo.put(other, read);
          changed = true;
        }
      }
    }

    /** Records that {@code copy} holds the bytes whose SHA-256 is {@code sha256Hex}. */
    public void add(Path copy, String sha256Hex) {
      known.put(copy, HEX.parseHex(sha256Hex));
    }

    /** Remembers every recorded copy that is not racily new; call before anyone else writes. */
    public void commit() throws IOException {
      if (known.isEmpty()) {
        return;
      }
      FsNow now = probeClock ? probe() : null;
      long hostNow = nowNanos();
      for (Map.Entry<Path, byte[]> copy : known.entrySet()) {
        Facts facts = facts(copy.getKey());
        boolean old =
            now != null && now.dev() == facts.dev()
                ? facts.ctimeNanos() < now.ctimeNanos()
                : facts.ctimeNanos() < hostNow - racyMarginNanos;
        if (old) {
          memo.put(
              copy.getKey().toAbsolutePath().toString(), new Remembered(facts, copy.getValue()));
          changed = true;
        }
      }
      known.clear();
    }
  }

  private String hash(Path file, long startedNanos, FsNow now) throws IOException {
    String key = file.toAbsolutePath().toString();
    Facts before = facts(file);
    Remembered remembered = memo.get(key);
    if (remembered != null && remembered.facts().equals(before)) {
      return HEX.formatHex(remembered.sha256());
    }
    MessageDigest sha256 = newSha256();
    byte[] buffer = new byte[64 * 1024];
    reads.increment();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    byte[] digest = sha256.digest();
    // Remember only what is not racily new and provably did not change while we read it.
    if (isOld(before, startedNanos, now) && facts(file).equals(before)) {
      memo.put(key, new Remembered(before, digest));
      changed = true;
    } else {
      memo.remove(key);
    }
    return HEX.formatHex(digest);
  }

  /** Whether a file with {@code facts} is older than hashing that began at the given moment. */
  boolean isOld(Facts facts, long startedNanos, FsNow now) {
    return now != null && now.dev() == facts.dev()
        ? facts.ctimeNanos() < now.ctimeNanos()
        : facts.ctimeNanos() < startedNanos - racyMarginNanos;
  }

  static MessageDigest newSha256() {
    return dev.imagesmith.io.Sha256.newDigest();
  }

  static Facts facts(Path file) throws IOException {
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(file, FACTS_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new IOException(file + " disappeared while the layer was being prepared", e);
    }
    return facts(unix);
  }

  /** The facts in {@code unix}, attributes read with at least {@link #FACTS_ATTRIBUTES}. */
  public static Facts facts(Map<String, Object> unix) {
    return new Facts(
        ((Number) unix.get("dev")).longValue(),
        ((Number) unix.get("ino")).longValue(),
        ((Number) unix.get("size")).longValue(),
        EpochNanos.of((FileTime) unix.get("lastModifiedTime")),
        EpochNanos.of((FileTime) unix.get("ctime")));
  }

  FsNow probe() {
    return FsClock.once(memoFile);
  }

  /** A probe through a file kept until {@link #releaseProbe} (many probes in a row). */
  FsNow probeKept() {
    return clock.probe();
  }

  /** Removes the kept probe file. */
  void releaseProbe() {
    clock.close();
  }

  static long nowNanos() {
    return FsClock.nowNanos();
  }
}
