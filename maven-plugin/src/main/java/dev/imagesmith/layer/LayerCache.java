package dev.imagesmith.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.image.Digest;
import dev.imagesmith.inspect.WrittenFiles;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.store.ContentStore;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.store.KeyedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layers already compressed, found again by {@link LayerKey}: a layer whose entries and file
 * contents are unchanged is never compressed twice, and a changed file (even with its mtime kept)
 * always is.
 *
 * <p>Layout under the directory ({@code <cacheDirectory>/layers}): {@code blobs/<hex of digest>}
 * holds a blob (a {@link ContentStore}), {@code keys/<key>.json} says which blob a key gives, with
 * its diffID and sizes ({@link KeyedFiles}).
 *
 * <p>A key file is a pointer, and a blob is only checked against the digest the key file names: a
 * key file rewritten to name another, self-consistent blob would give that blob for this layer. So
 * the key file carries a seal, an HMAC-SHA256 over its key and every field, under the {@link
 * LayerKey#sealKey} that only the layer's inputs give. A key file whose seal does not match (edited
 * by hand, copied from another key, planted by a tool that does not recompute the layer's inputs)
 * is dropped with a warning and the layer is compressed anew. Someone who can run this code on the
 * same inputs can forge a seal: the cache is as trusted as {@code ~/.m2} (security page, "The
 * cache"); the seal makes a pointer's tampering detectable, not impossible.
 *
 * <p>Safe to share between builds running at once and after a killed build: every file is written
 * to a temporary name in its own directory and renamed into place, the blob before the key that
 * names it, so a key never points at a partial blob; two builds storing the same key store the same
 * bytes. A blob is adopted into the store without being read again (the writer hashed it), so a hit
 * is verified before use: the blob is hard-linked (or copied) into the build's blob directory and
 * the linked bytes are hashed against the recorded digest ({@link ContentStore#copyOut}); a
 * mismatch deletes the entry and counts as a miss.
 */
public final class LayerCache {
  private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private final Path directory;
  private final ContentStore blobs;
  private final KeyedFiles keys;
  private final FileHashes hashes;
  private final BuildLog log;
  private SharedLayers shared = SharedLayers.NONE;

  private LayerCache(Path directory, FileHashes hashes, BuildLog log) {
    this.directory = directory;
    this.blobs = new ContentStore(directory, directory.resolve("blobs"));
    this.keys =
        new KeyedFiles(
                directory,
                directory.resolve("keys"),
                "Layer cache",
                "the key file is ignored and deleted, and the layer is written anew")
            .withMode(0644);
    this.hashes = hashes;
    this.log = log;
  }

  /**
   * A cache in {@code directory} ({@code <cacheDirectory>/layers}); file contents are hashed
   * through {@code hashes}, whose memo the caller saves; a dropped key file is reported to {@code
   * log}.
   */
  public static LayerCache open(Path directory, FileHashes hashes, BuildLog log) {
    return new LayerCache(directory, hashes, log);
  }

  /**
   * This cache, asking {@code shared} for the layers it does not have and offering it those it has
   * (the fleet's shared cache).
   */
  public LayerCache sharing(SharedLayers shared) {
    this.shared = shared;
    return this;
  }

  /**
   * The key of the layer {@code plan} describes, hashing file contents as needed; the hashes it
   * took go to {@code written} too.
   */
  LayerKey keyOf(String compressionSettings, List<ArchiveItem> plan, WrittenFiles written)
      throws IOException {
    List<Path> sources =
        plan.stream().map(ArchiveItem::source).filter(java.util.Objects::nonNull).toList();
    Map<Path, String> content = hashes.hashAll(sources);
    written.putSha256(content);
    return LayerKey.of(compressionSettings, plan, content);
  }

  /**
   * The cached layer for {@code key}, placed at {@code blobDirectory/<hex>} and verified, or empty;
   * the decision and the key are logged at debug level ({@code mvn -X}).
   */
  Optional<WrittenLayer> reuse(LayerKey key, List<ArchiveItem> entries, Path blobDirectory)
      throws IOException {
    Optional<WrittenLayer> found = lookup(key, entries, blobDirectory);
    if (found.isPresent()) {
      shared.offer(key.hex(), key.sealKey(), found.get());
    } else {
      found = fromShared(key, entries, blobDirectory);
    }
    log.debug(
        "Layer cache: key "
            + key
            + (found.isPresent()
                ? " found: blob " + found.get().digest() + ", not compressed again"
                : " not found in " + directory + ": the layer is compressed"));
    return found;
  }

  private Optional<WrittenLayer> lookup(LayerKey key, List<ArchiveItem> entries, Path blobDirectory)
      throws IOException {
    String keyFile = keyFileName(key);
    if (!keys.exists()) { // a link there is refused, not read through
      return Optional.empty();
    }
    KeyRecord recorded;
    try {
      Optional<byte[]> bytes = keys.read(keyFile, MAX_KEY_FILE_BYTES);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      recorded = parseKeyFile(bytes.get(), key);
    } catch (UserInputException e) {
      log.warn(e.getMessage()); // a link, a pipe: named by the store
      keys.delete(keyFile);
      return Optional.empty();
    } catch (IOException e) {
      // Not sealed for this key: never used, rewritten by this build. A killed build cannot leave
      // such a file (key files are renamed into place whole).
      log.warn(
          "Layer cache: ignoring key file "
              + keys.pathOf(keyFile)
              + ": "
              + e.getMessage()
              + "; the layer is written anew and the key file replaced");
      keys.delete(keyFile);
      return Optional.empty();
    }
    Digest digest = recorded.digest();
    Path cached = blobs.pathOf(digest.encoded());
    Path blob = blobDirectory.resolve(digest.encoded());
    WrittenLayer layer =
        new WrittenLayer(
            digest,
            recorded.diffId(),
            recorded.size(),
            recorded.uncompressedSize(),
            recorded.mediaType(),
            blob,
            entries);
    boolean stored = blobs.exists(); // a link there is refused, not read through
    if (stored
        && Files.exists(blob, LinkOption.NOFOLLOW_LINKS)
        && Files.exists(cached, LinkOption.NOFOLLOW_LINKS)
        && Files.isSameFile(blob, cached)) {
      // Linked by an earlier build and left alone since: checked through the memo, which reads it
      // again only if its inode's facts moved (no link, no unlink, no write since it was verified).
      if (Files.size(blob) == recorded.size() && hashes.hash(blob).equals(digest.hex())) {
        return Optional.of(layer);
      }
      keys.delete(keyFile);
      blobs.delete(digest.encoded());
      Files.deleteIfExists(blob);
      return Optional.empty();
    }
    if (stored
        && Files.exists(cached, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS)) {
      // A link (or anything else) where a blob should be: never linked, read or followed.
      log.warn(
          "Layer cache: "
              + cached
              + " is not a regular file; ignoring key file "
              + keys.pathOf(keyFile)
              + ", the layer is written anew");
      keys.delete(keyFile);
      if (Files.isSymbolicLink(cached)) {
        blobs.delete(digest.encoded()); // store() puts the blob there
      }
      return Optional.empty();
    }
    // Damaged (a disk error, or someone edited it) or gone: never used, replaced by this build.
    if (!stored || !blobs.copyOut(digest.encoded(), recorded.size(), blob)) {
      keys.delete(keyFile);
      return Optional.empty();
    }
    return Optional.of(layer);
  }

  /** A layer of the shared cache, kept here too; empty when it has none. */
  private Optional<WrittenLayer> fromShared(
      LayerKey key, List<ArchiveItem> entries, Path blobDirectory) throws IOException {
    Optional<SharedLayers.Fetched> fetched = shared.fetch(key.hex(), key.sealKey(), blobDirectory);
    if (fetched.isEmpty()) {
      return Optional.empty();
    }
    SharedLayers.Fetched f = fetched.get();
    WrittenLayer layer =
        new WrittenLayer(
            f.digest(),
            f.diffId(),
            f.size(),
            f.uncompressedSize(),
            f.mediaType(),
            f.blob(),
            entries);
    keep(key, layer);
    return Optional.of(layer);
  }

  /**
   * Records {@code layer} under {@code key}: blob first, then the key that names it; then offers it
   * to the shared cache.
   */
  void store(LayerKey key, WrittenLayer layer) throws IOException {
    keep(key, layer);
    shared.offer(key.hex(), key.sealKey(), layer);
  }

  private void keep(LayerKey key, WrittenLayer layer) throws IOException {
    log.debug("Layer cache: storing key " + key + " for blob " + layer.digest());
    blobs.adopt(layer.digest().encoded(), layer.blob());
    KeyRecord record =
        new KeyRecord(
            layer.digest(),
            layer.diffId(),
            layer.compressedSize(),
            layer.uncompressedSize(),
            layer.mediaType());
    ObjectNode json = JsonTrees.newObject();
    json.put("key", key.hex());
    json.put("digest", record.digest().toString());
    json.put("diffId", record.diffId().toString());
    json.put("size", record.size());
    json.put("uncompressedSize", record.uncompressedSize());
    json.put("mediaType", record.mediaType());
    json.put("seal", record.seal(key));
    keys.write(keyFileName(key), JsonTrees.compact(json));
  }

  /** What a key file says: the blob a key gives. */
  private record KeyRecord(
      Digest digest, Digest diffId, long size, long uncompressedSize, String mediaType) {
    /** HMAC-SHA256 under the key's seal key over the key and every field, hex. */
    String seal(LayerKey key) {
      String sealed =
          String.join(
              "\n",
              key.hex(),
              digest.toString(),
              diffId.toString(),
              Long.toString(size),
              Long.toString(uncompressedSize),
              mediaType);
      return HexFormat.of()
          .formatHex(hmacSha256(key.sealKey(), sealed.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * HMAC-SHA256 (RFC 2104) for a key of at most 64 bytes, on {@link MessageDigest}: {@code
   * javax.crypto.Mac} would load the JCE provider, some 100 ms of a no-change rebuild's fresh JVM.
   */
  static byte[] hmacSha256(byte[] key, byte[] message) {
    byte[] inner = new byte[64];
    byte[] outer = new byte[64];
    for (int i = 0; i < 64; i++) {
      byte k = i < key.length ? key[i] : 0;
      inner[i] = (byte) (k ^ 0x36);
      outer[i] = (byte) (k ^ 0x5c);
    }
    MessageDigest sha256 = Digest.newSha256();
    sha256.update(inner);
    byte[] innerHash = sha256.digest(message);
    sha256.update(outer);
    return sha256.digest(innerHash);
  }

  private static String keyFileName(LayerKey key) {
    return key.hex() + ".json";
  }

  /**
   * The key file's record, if its seal matches {@code key}.
   *
   * @throws IOException if it is no key file or its seal does not match
   */
  private static KeyRecord parseKeyFile(byte[] bytes, LayerKey key) throws IOException {
    ObjectNode json;
    KeyRecord record;
    try {
      json = (ObjectNode) JsonTrees.parse(bytes);
      record =
          new KeyRecord(
              Digest.parse(json.get("digest").asText(), "digest"),
              Digest.parse(json.get("diffId").asText(), "diffId"),
              json.get("size").asLong(-1),
              json.get("uncompressedSize").asLong(-1),
              json.get("mediaType").asText());
    } catch (RuntimeException e) {
      throw new IOException("it is not a key file of this version", e);
    }
    JsonNode seal = json.get("seal");
    if (!key.hex().equals(json.path("key").asText())
        || seal == null
        || !MessageDigest.isEqual(
            record.seal(key).getBytes(StandardCharsets.US_ASCII),
            seal.asText().getBytes(StandardCharsets.US_ASCII))) {
      throw new IOException(
          "its seal does not match the layer's inputs: it was edited, copied from another key or"
              + " planted");
    }
    return record;
  }

  /** Only for diagnostics and tests. */
  Path directory() {
    return directory;
  }
}
