package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.VerifyingInputStream;
import dev.imagesmith.io.OwnDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Base image manifests and blobs by content: {@code <cache>/blobs/sha256/<hex>}. An entry enters
 * only verified (downloaded to a temporary name in the same directory, checked, moved into place
 * atomically) and is checked again on every reuse: a damaged entry is deleted and fetched anew
 * (SECURITY-CASES.md O3). Several builds may share the directory; they race only to move identical
 * bytes into place.
 *
 * <p>For offline builds the tag a reference last resolved to is remembered in {@code
 * <cache>/registry-tags/<sha256 of the reference>}.
 */
public final class BlobCache {
  /** Fills a temporary file with the blob's verified bytes. */
  interface Fetcher {
    void fetchInto(Path temporary) throws IOException;
  }

  private final Path cacheDirectory;
  private final Path blobs;
  private final Path tags;

  public BlobCache(Path cacheDirectory) {
    this.cacheDirectory = cacheDirectory;
    this.blobs = cacheDirectory.resolve("blobs").resolve("sha256");
    this.tags = cacheDirectory.resolve("registry-tags");
  }

  /** Where the blob with this digest is (or would be) kept. */
  public Path pathOf(Digest digest) {
    // Safe: a Digest admits only 64 lowercase hex digits (N12).
    return blobs.resolve(digest.encoded());
  }

  /**
   * Whether the entry exists and matches digest and size; a damaged entry is deleted.
   *
   * @param size the expected size, or {@link VerifyingInputStream#UNKNOWN_SIZE}
   */
  public boolean holds(Digest digest, long size) throws IOException {
    Path path = pathOf(digest);
    if (!OwnDirectories.exists(cacheDirectory, blobs)
        || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (size >= 0 && Files.size(path) != size) {
      Files.deleteIfExists(path);
      return false;
    }
    try (VerifyingInputStream in =
        new VerifyingInputStream(
            Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS), digest, size, "cache " + path)) {
      in.drainAndVerify();
      return true;
    } catch (UserInputException damaged) {
      Files.deleteIfExists(path);
      return false;
    }
  }

  /** Ensures the blob is cached: reuses a verified entry or fetches it; true if it fetched. */
  boolean ensure(Descriptor descriptor, Fetcher fetcher) throws IOException {
    if (holds(descriptor.digest(), descriptor.size())) {
      return false;
    }
    OwnDirectories.ensure(cacheDirectory, blobs);
    Path temp = Files.createTempFile(blobs, "." + descriptor.digest().encoded(), ".tmp");
    try {
      fetcher.fetchInto(temp);
      // The fetcher verified while downloading; verify what landed on disk once more before it
      // gets the digest's name, so a bad blob is never cached.
      try (VerifyingInputStream in =
          new VerifyingInputStream(
              Files.newInputStream(temp),
              descriptor.digest(),
              descriptor.size(),
              "downloaded blob " + descriptor.digest())) {
        in.drainAndVerify();
      }
      moveIntoPlace(temp, pathOf(descriptor.digest()));
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Stores small verified content (a manifest) under its digest. */
  void put(Digest digest, byte[] content) throws IOException {
    if (!Digest.ofBytes(content).equals(digest)) {
      throw new IllegalArgumentException("content does not match " + digest);
    }
    OwnDirectories.ensure(cacheDirectory, blobs);
    Path temp = Files.createTempFile(blobs, "." + digest.encoded(), ".tmp");
    try {
      Files.write(temp, content);
      moveIntoPlace(temp, pathOf(digest));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A cached small blob, verified, or empty. */
  Optional<byte[]> read(Digest digest, int cap) throws IOException {
    Path path = pathOf(digest);
    if (!OwnDirectories.exists(cacheDirectory, blobs)
        || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
        || Files.size(path) > cap) {
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(path);
    if (!Digest.ofBytes(bytes).equals(digest)) {
      Files.deleteIfExists(path);
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /** The digest {@code reference} (a tag) resolved to when last online. */
  Optional<Digest> rememberedTag(RegistryRef reference) throws IOException {
    Path file = tagFile(reference);
    if (!OwnDirectories.exists(cacheDirectory, tags)
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    return Optional.of(Digest.parse(text, "cache " + file));
  }

  void rememberTag(RegistryRef reference, Digest digest) throws IOException {
    OwnDirectories.ensure(cacheDirectory, tags);
    Path temp = Files.createTempFile(tags, ".tag", ".tmp");
    try {
      Files.writeString(temp, digest + "\n", StandardCharsets.UTF_8);
      moveIntoPlace(temp, tagFile(reference));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Path tagFile(RegistryRef reference) {
    String key = reference.registry() + "/" + reference.repository() + ":" + reference.tag();
    return tags.resolve(Digest.ofBytes(key.getBytes(StandardCharsets.UTF_8)).encoded());
  }

  /** Opens a cached blob (callers verify while reading). */
  InputStream open(Digest digest) throws IOException {
    return Files.newInputStream(pathOf(digest), LinkOption.NOFOLLOW_LINKS);
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
