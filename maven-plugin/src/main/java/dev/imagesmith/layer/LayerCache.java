package dev.imagesmith.layer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.FileHashes;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.OwnDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layers already compressed, found again by {@link LayerKey}: a layer whose entries and file
 * contents are unchanged is never compressed twice, and a changed file (even with its mtime kept)
 * always is.
 *
 * <p>Layout under the directory ({@code <cacheDirectory>/layers}): {@code blobs/<hex of digest>}
 * holds a blob, {@code keys/<key>.json} says which blob a key gives, with its diffID and sizes.
 *
 * <p>Safe to share between builds running at once and after a killed build: every file is written
 * to a temporary name in its own directory and renamed into place, the blob before the key that
 * names it, so a key never points at a partial blob; two builds storing the same key store the same
 * bytes. A hit is verified before use: the blob is hard-linked (or copied) into the build's blob
 * directory and the linked bytes are hashed against the recorded digest; a mismatch deletes the
 * entry and counts as a miss.
 */
public final class LayerCache {
  private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private final Path directory;
  private final FileHashes hashes;

  private LayerCache(Path directory, FileHashes hashes) {
    this.directory = directory;
    this.hashes = hashes;
  }

  /**
   * A cache in {@code directory} ({@code <cacheDirectory>/layers}); file contents are hashed
   * through {@code hashes}, whose memo the caller saves.
   */
  public static LayerCache open(Path directory, FileHashes hashes) {
    return new LayerCache(directory, hashes);
  }

  /** The key of the layer {@code plan} describes, hashing file contents as needed. */
  String keyOf(String compressionSettings, List<PlannedEntry> plan) throws IOException {
    List<Path> sources =
        plan.stream().map(PlannedEntry::source).filter(java.util.Objects::nonNull).toList();
    Map<Path, String> content = hashes.hashAll(sources);
    return LayerKey.of(compressionSettings, plan, content);
  }

  /**
   * The cached layer for {@code key}, placed at {@code blobDirectory/<hex>} and verified, or empty.
   */
  Optional<WrittenLayer> reuse(String key, List<LayerEntry> entries, Path blobDirectory)
      throws IOException {
    Path keyFile = subdirectory("keys").resolve(key + ".json");
    ObjectNode recorded;
    Digest digest;
    Digest diffId;
    long compressedSize;
    long uncompressedSize;
    String mediaType;
    try {
      if (!Files.isRegularFile(keyFile, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty(); // missing, or nothing of ours to read (a link, a FIFO)
      }
      if (Files.size(keyFile) > MAX_KEY_FILE_BYTES) {
        Files.deleteIfExists(keyFile);
        return Optional.empty();
      }
      recorded = (ObjectNode) JsonTrees.parse(Files.readAllBytes(keyFile));
      digest = Digest.parse(recorded.get("digest").asText(), keyFile.toString());
      diffId = Digest.parse(recorded.get("diffId").asText(), keyFile.toString());
      compressedSize = recorded.get("size").asLong(-1);
      uncompressedSize = recorded.get("uncompressedSize").asLong(-1);
      mediaType = recorded.get("mediaType").asText();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(keyFile); // unreadable: a miss, and rewritten after this build
      return Optional.empty();
    }
    Path cached = subdirectory("blobs").resolve(digest.encoded());
    Path blob = blobDirectory.resolve(digest.encoded());
    if (Files.exists(blob, LinkOption.NOFOLLOW_LINKS)
        && Files.exists(cached, LinkOption.NOFOLLOW_LINKS)
        && Files.isSameFile(blob, cached)) {
      // Linked by an earlier build and left alone since: checked through the memo, which reads it
      // again only if its inode's facts moved (no link, no unlink, no write since it was verified).
      if (Files.size(blob) == compressedSize && hashes.hash(blob).equals(digest.hex())) {
        return Optional.of(
            new WrittenLayer(
                digest, diffId, compressedSize, uncompressedSize, mediaType, blob, entries));
      }
      Files.deleteIfExists(keyFile);
      Files.deleteIfExists(cached);
      Files.deleteIfExists(blob);
      return Optional.empty();
    }
    Files.createDirectories(blobDirectory);
    Path temp = Files.createTempFile(blobDirectory, ".reuse-", ".partial");
    try {
      Files.delete(temp); // only the unique name is wanted: the link is made there
      try {
        linkOrCopy(cached, temp);
      } catch (NoSuchFileException e) {
        Files.deleteIfExists(keyFile);
        return Optional.empty();
      }
      if (Files.size(temp) != compressedSize || !sha256(temp).equals(digest)) {
        // Damaged (a disk error, or someone edited it): never use it, and let this build replace
        // it.
        Files.deleteIfExists(keyFile);
        Files.deleteIfExists(cached);
        return Optional.empty();
      }
      Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(
          new WrittenLayer(
              digest, diffId, compressedSize, uncompressedSize, mediaType, blob, entries));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Records {@code layer} under {@code key}: blob first, then the key that names it. */
  void store(String key, WrittenLayer layer) throws IOException {
    Path blobs = subdirectory("blobs");
    Path keys = subdirectory("keys");
    Path cached = blobs.resolve(layer.digest().encoded());
    if (!Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS)
        || Files.size(cached) != layer.compressedSize()) {
      Path temp = Files.createTempFile(blobs, ".blob-", ".partial");
      try {
        Files.delete(temp);
        linkOrCopy(layer.blob(), temp);
        Files.move(
            temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    ObjectNode json = JsonTrees.newObject();
    json.put("digest", layer.digest().toString());
    json.put("diffId", layer.diffId().toString());
    json.put("size", layer.compressedSize());
    json.put("uncompressedSize", layer.uncompressedSize());
    json.put("mediaType", layer.mediaType());
    Path temp = Files.createTempFile(keys, ".key-", ".partial");
    try {
      Files.write(temp, JsonTrees.compact(json));
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(
          temp,
          keys.resolve(key + ".json"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** {@code directory/name} as a real directory, never through a link; created if missing. */
  private Path subdirectory(String name) throws IOException {
    return OwnDirectories.ensure(directory, directory.resolve(name));
  }

  /** A hard link where the file system allows (no bytes copied), else a copy. */
  private static void linkOrCopy(Path source, Path target) throws IOException {
    try {
      Files.createLink(target, source);
    } catch (FileAlreadyExistsException | NoSuchFileException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Digest sha256(Path file) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return Digest.of(sha256.digest());
  }

  /** Only for diagnostics and tests. */
  Path directory() {
    return directory;
  }
}
