package dev.imagesmith.layer;

import dev.imagesmith.fs.ArchiveItem;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Compressing while the cache key is still being computed: checked between pieces of the tar, it
 * looks the key up once it is known and stops the write if the layer is cached. A miss lets the
 * write go on, having lost nothing; a hit costs the compression done so far, never correctness (the
 * cached blob is verified like any other hit).
 */
final class SpeculativeReuse implements CancelCheck {
  private final Future<LayerKey> key;
  private final LayerCache cache;
  private final List<ArchiveItem> entries;
  private final Path blobDirectory;
  private boolean looked;
  private WrittenLayer reused;

  SpeculativeReuse(
      Future<LayerKey> key, LayerCache cache, List<ArchiveItem> entries, Path blobDirectory) {
    this.key = key;
    this.cache = cache;
    this.entries = entries;
    this.blobDirectory = blobDirectory;
  }

  @Override
  public void check() throws IOException {
    if (looked || !key.isDone()) {
      return;
    }
    looked = true;
    Optional<WrittenLayer> hit = cache.reuse(await(key, 0), entries, blobDirectory);
    if (hit.isPresent()) {
      reused = hit.get();
      throw new CancelCheck.Cancelled("layer found in the cache while it was being written");
    }
  }

  /** The cached layer, after {@link #check} stopped the write. */
  WrittenLayer reused() {
    return reused;
  }

  /**
   * The key if it is known within {@code millis}, else {@code null}; the key computation's own
   * failure (a file that vanished) is rethrown as it was.
   */
  static LayerKey await(Future<LayerKey> key, long millis) throws IOException {
    try {
      return millis == Long.MAX_VALUE ? key.get() : key.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing the layer's files");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("could not compute the layer cache key: " + e.getCause(), e.getCause());
    }
  }
}
