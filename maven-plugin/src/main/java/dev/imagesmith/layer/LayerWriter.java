package dev.imagesmith.layer;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.DigestingOutputStream;
import dev.imagesmith.plan.LayerOwner;
import dev.imagesmith.store.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns a selected tree of a sandbox into one reproducible, compressed layer blob.
 *
 * <p>The bytes flow once: {@code tar -> SHA-256 (diffID) -> gzip|zstd|none -> SHA-256 (digest) ->
 * temp file}, so no layer is read twice. The temp file lives in the blob directory and is moved to
 * {@code <hex of digest>} atomically (an existing blob of the same name is replaced by identical
 * bytes); on failure it is deleted.
 *
 * <p>Same sandbox contents, same clamp and same lower index give the same bytes on any host:
 * entries are sorted, owners are the sandbox's (0:0 unless its metadata overlay says otherwise),
 * mtimes are clamped, user and group names are empty, and gzip/zstd are pinned (see {@link
 * DeterministicGzipOutputStream}). Which directory attributes are written is decided by {@link
 * LayerPlanner} against the {@link LowerIndex}; add each written layer to that index ({@link
 * LowerIndex#add}) before writing the next.
 */
public final class LayerWriter {
  /**
   * How long a build waits for the cache key before it starts compressing: long enough for a key
   * whose file hashes are all remembered (no file is read), short against compressing.
   */
  static final long KEY_GRACE_MILLIS = 250;

  /** Computes cache keys beside the compression; daemon threads that end when idle. */
  private static final ExecutorService KEY_THREADS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "imagesmith-layer-key");
            thread.setDaemon(true);
            return thread;
          });

  private final Compression compression;
  private final long clampSeconds;
  private final LowerIndex lower;
  private final LayerCache cache;
  private final long keyGraceMillis;
  private int compressed;
  private int reused;

  /**
   * @param mtimeClamp latest mtime any entry gets (from {@code project.build.outputTimestamp} or
   *     {@code SOURCE_DATE_EPOCH}); older mtimes are kept, sub-second parts dropped
   * @param lower what the base image and earlier layers hold
   */
  public LayerWriter(Compression compression, Instant mtimeClamp, LowerIndex lower) {
    this(compression, mtimeClamp, lower, null);
  }

  /**
   * A writer that reuses layers from {@code cache} when their key (every entry and the content of
   * every file, see {@link LayerKey}) is unchanged, and stores what it compresses there.
   *
   * @param cache the layer cache, or {@code null} to compress every layer
   */
  public LayerWriter(
      Compression compression, Instant mtimeClamp, LowerIndex lower, LayerCache cache) {
    this(compression, mtimeClamp, lower, cache, KEY_GRACE_MILLIS);
  }

  /** As the public constructor; tests shorten the wait for the key to force speculation. */
  LayerWriter(
      Compression compression,
      Instant mtimeClamp,
      LowerIndex lower,
      LayerCache cache,
      long keyGraceMillis) {
    this.keyGraceMillis = keyGraceMillis;
    this.compression = Objects.requireNonNull(compression, "compression");
    this.clampSeconds = mtimeClamp.getEpochSecond();
    this.lower = Objects.requireNonNull(lower, "lower");
    this.cache = cache;
  }

  /** The tar of the layer being compressed, for {@link #bytesTarred}; null between layers. */
  private volatile DigestingOutputStream tarring;

  /**
   * The uncompressed bytes of the layer being compressed so far (0 between layers and while a
   * cached layer is checked); safe to call from another thread, for progress lines.
   */
  public long bytesTarred() {
    DigestingOutputStream current = tarring;
    return current == null ? 0 : current.count();
  }

  /** How many layers this writer compressed. */
  public int compressedCount() {
    return compressed;
  }

  /** How many layers this writer took from the cache instead of compressing them. */
  public int reusedCount() {
    return reused;
  }

  /**
   * Writes the layer holding the sandbox's {@code selectedPath} at the same path of the image.
   *
   * @param selectedPath a clean absolute image path such as {@code /install}
   * @param blobDirectory where the blob is stored as {@code <hex>} (for example {@code
   *     blobs/sha256})
   * @throws UserInputException if nothing exists at {@code selectedPath} in the stage
   */
  public WrittenLayer write(Sandbox sandbox, String selectedPath, Path blobDirectory)
      throws IOException {
    return write(sandbox, selectedPath, selectedPath, blobDirectory);
  }

  /**
   * Writes the layer holding the sandbox's {@code sourcePath} at {@code targetPath} of the image
   * ({@code COPY --from=builder /install /opt/app}).
   */
  public WrittenLayer write(
      Sandbox sandbox, String sourcePath, String targetPath, Path blobDirectory)
      throws IOException {
    return write(sandbox, sourcePath, targetPath, blobDirectory, null);
  }

  /**
   * As {@link #write(Sandbox, String, String, Path)}, every entry of the selected tree owned by
   * {@code owner} ({@code <layer><owner>}; {@code null}: the stage's owners).
   */
  public WrittenLayer write(
      Sandbox sandbox, String sourcePath, String targetPath, Path blobDirectory, LayerOwner owner)
      throws IOException {
    requireClean(sourcePath);
    requireClean(targetPath);
    List<ArchiveItem> plan =
        new LayerPlanner(lower, clampSeconds).plan(sandbox, sourcePath, targetPath, owner);
    if (cache == null) {
      return compress(plan, blobDirectory, CancelCheck.NEVER);
    }
    String settings = LayerCompression.settings(compression);
    Future<LayerKey> keyFuture =
        KEY_THREADS.submit(() -> cache.keyOf(settings, plan, lower.layers().written()));
    try {
      LayerKey key = SpeculativeReuse.await(keyFuture, keyGraceMillis);
      if (key != null) {
        // The memo knew every file (an unchanged sandbox): decide before compressing anything.
        Optional<WrittenLayer> hit = cache.reuse(key, plan, blobDirectory);
        if (hit.isPresent()) {
          reused++;
          return hit.get();
        }
        WrittenLayer written = compress(plan, blobDirectory, CancelCheck.NEVER);
        cache.store(key, written);
        return written;
      }
      // Files are still being hashed (a new sandbox the memo has not seen): compress meanwhile on
      // the cores hashing leaves idle, and stop as soon as the key turns out to be cached.
      SpeculativeReuse speculation = new SpeculativeReuse(keyFuture, cache, plan, blobDirectory);
      WrittenLayer written;
      try {
        written = compress(plan, blobDirectory, speculation);
      } catch (CancelCheck.Cancelled e) {
        reused++;
        return speculation.reused();
      }
      cache.store(SpeculativeReuse.await(keyFuture, Long.MAX_VALUE), written);
      return written;
    } finally {
      keyFuture.cancel(true); // a failed write stops the hashing too
    }
  }

  /** Writes a new blob; {@code cancel} may stop it between pieces of input. */
  private WrittenLayer compress(List<ArchiveItem> plan, Path blobDirectory, CancelCheck cancel)
      throws IOException {
    Files.createDirectories(blobDirectory);
    WrittenLayer written;
    // Deleted on close unless it was published: a failed or cancelled write leaves nothing.
    try (AtomicFile.Staged temp = AtomicFile.stage(blobDirectory, "layer")) {
      written = writeBlob(plan, temp, blobDirectory, cancel);
    }
    compressed++;
    return written;
  }

  private WrittenLayer writeBlob(
      List<ArchiveItem> plan, AtomicFile.Staged temp, Path blobDirectory, CancelCheck cancel)
      throws IOException {
    DigestingOutputStream compressed;
    DigestingOutputStream uncompressed;
    // Not fsynced here: this blob is a build's working file. Whoever publishes it makes it durable
    // once (the OCI layout and docker-archive writers fsync every blob before their index, O1), and
    // the layer cache verifies every hit, so a blob lost to a power cut is a miss, never a wrong
    // layer. A second fsync here cost 0.2 s per 100 MB.
    try (OutputStream file =
        new BufferedOutputStream(
            Files.newOutputStream(temp.create(), StandardOpenOption.WRITE), 1 << 16)) {
      compressed = new DigestingOutputStream(file);
      OutputStream compressor = LayerCompression.compressor(compression, compressed);
      uncompressed = new DigestingOutputStream(compressor);
      tarring = uncompressed;
      // The tar stream writes one 512-byte record per call; batching them keeps the per-call
      // cost of hashing and compressing off the producer thread's budget.
      TarEntryWriter tar =
          new TarEntryWriter(
              new BufferedOutputStream(uncompressed, 1 << 18), cancel, lower.layers().written());
      try {
        for (ArchiveItem entry : plan) {
          tar.write(entry);
        }
      } catch (IOException | RuntimeException e) {
        // Free the compressor's threads and native memory; its bytes go to a deleted file.
        closeQuietly(compressor, e);
        throw e;
      }
      tar.close(); // finishes the tar, then the compressor, then closes the file
    } finally {
      tarring = null;
    }
    Digest digest = compressed.digest();
    Digest diffId = uncompressed.digest();
    Path blob = blobDirectory.resolve(digest.encoded());
    // rename(2) replaces an existing blob of the same name atomically; its bytes are identical.
    temp.publish(AtomicFile.to(blob).mode(0644));
    return new WrittenLayer(
        digest,
        diffId,
        compressed.count(),
        uncompressed.count(),
        compression.mediaType(),
        blob,
        plan);
  }

  private static void closeQuietly(OutputStream stream, Exception failure) {
    try {
      stream.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void requireClean(String path) {
    if (path == null || !path.startsWith("/") || !ImagePaths.lexicalClean(path).equals(path)) {
      throw new IllegalArgumentException("not a clean absolute image path: " + path);
    }
  }
}
