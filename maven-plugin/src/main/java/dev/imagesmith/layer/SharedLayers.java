package dev.imagesmith.layer;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cache of compressed layers beyond this machine's, asked by the {@link LayerCache} when it does
 * not have a layer and told of each layer it has: the fleet's shared cache ({@code sharedcache}).
 * Keys are {@link LayerKey}s, whose inputs name image paths and contents only, so they are the same
 * on every machine; the seal key is handed over so that an entry can be bound to its inputs as the
 * local key files are.
 */
public interface SharedLayers {
  /**
   * A layer fetched into {@code blob}, its bytes checked against {@code digest} and, uncompressed,
   * against {@code diffId}.
   */
  record Fetched(
      Digest digest,
      Digest diffId,
      long size,
      long uncompressedSize,
      String mediaType,
      Path blob) {}

  /**
   * The layer of {@code key} placed at {@code blobDirectory/<hex of its digest>} and verified, or
   * empty (no entry, an unusable one, no answer).
   */
  Optional<Fetched> fetch(String key, byte[] sealKey, Path blobDirectory) throws IOException;

  /** A layer this build has under {@code key}, to be shared if the shared cache lacks it. */
  void offer(String key, byte[] sealKey, WrittenLayer layer) throws IOException;

  /** No cache beyond the machine's. */
  SharedLayers NONE =
      new SharedLayers() {
        @Override
        public Optional<Fetched> fetch(String key, byte[] sealKey, Path blobDirectory) {
          return Optional.empty();
        }

        @Override
        public void offer(String key, byte[] sealKey, WrittenLayer layer) {}
      };
}
