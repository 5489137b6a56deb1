package dev.imagesmith.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.VerifyingInputStream;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.InvalidJsonException;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Base image manifests and blobs by content: {@code <cache>/blobs/sha256/<hex>}. An entry enters
 * only verified (downloaded to a temporary name in the same directory, checked, moved into place
 * atomically) and is checked again on every reuse: a damaged entry is deleted and fetched anew
 * (security-cases.md O3). Several builds may share the directory; they race only to move identical
 * bytes into place.
 *
 * <p>For offline builds the digest a tag last resolved to is remembered in {@code
 * <cache>/registry-tags/<sha256 of the reference>}, with the reference itself and when it was
 * resolved. That file is a pointer nobody can verify offline: an online build never reads it (the
 * tag is resolved at the registry every time and the file rewritten), an offline build uses it and
 * says so, with its age. A file that names another reference, or is no regular file, is dropped
 * with a warning.
 */
public final class BlobCache {
  private static final int MAX_TAG_FILE_BYTES = 64 * 1024;

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

  /** What the cache remembers of a tag: its digest, when it was resolved, and where. */
  record RememberedTag(Digest digest, Instant resolved, Path file) {}

  /**
   * The digest {@code reference} (a tag) resolved to when last online, or empty; a tag file that is
   * damaged, no regular file or recorded for another reference is deleted and reported to {@code
   * warnings}.
   */
  Optional<RememberedTag> rememberedTag(RegistryRef reference, Consumer<String> warnings)
      throws IOException {
    Path file = tagFile(reference);
    try {
      if (!OwnDirectories.exists(cacheDirectory, tags)) {
        return Optional.empty();
      }
      byte[] bytes =
          UntrustedFiles.inside(
                  "registry cache",
                  "it is ignored and deleted; build once online to record the tag")
              .read(file, MAX_TAG_FILE_BYTES);
      return Optional.of(parseTag(bytes, reference, file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (UserInputException e) {
      warnings.accept(e.getMessage());
    } catch (InvalidJsonException | IllegalArgumentException e) {
      warnings.accept(
          "Registry cache: ignoring tag file "
              + file
              + " for "
              + reference
              + ": "
              + e.getMessage()
              + "; it is deleted, build once online to record the tag again");
    }
    Files.deleteIfExists(file);
    return Optional.empty();
  }

  private static RememberedTag parseTag(byte[] bytes, RegistryRef reference, Path file)
      throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.startsWith("sha256:")) {
      // Written by an earlier version: the digest alone; its age is the file's.
      return new RememberedTag(
          parseDigest(text), Files.getLastModifiedTime(file).toInstant(), file);
    }
    JsonNode json = JsonTrees.parse(bytes);
    if (!tagKey(reference).equals(json.path("reference").asText())) {
      throw new IllegalArgumentException(
          "it was recorded for "
              + Excerpt.name(json.path("reference").asText())
              + ", not for this reference (copied or planted)");
    }
    Instant resolved;
    try {
      resolved = Instant.parse(json.path("resolved").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("its resolution time is not a time");
    }
    return new RememberedTag(parseDigest(json.path("digest").asText()), resolved, file);
  }

  private static Digest parseDigest(String text) {
    try {
      return Digest.parse(text, "digest");
    } catch (UserInputException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Records that {@code reference} resolved to {@code digest} at {@code resolved}. */
  void rememberTag(RegistryRef reference, Digest digest, Instant resolved) throws IOException {
    ObjectNode json = JsonTrees.newObject();
    json.put("reference", tagKey(reference));
    json.put("digest", digest.toString());
    json.put("resolved", resolved.toString());
    OwnDirectories.ensure(cacheDirectory, tags);
    Path temp = Files.createTempFile(tags, ".tag", ".tmp");
    try {
      Files.write(temp, JsonTrees.compact(json));
      moveIntoPlace(temp, tagFile(reference));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String tagKey(RegistryRef reference) {
    return reference.registry() + "/" + reference.repository() + ":" + reference.tag();
  }

  private Path tagFile(RegistryRef reference) {
    return tags.resolve(
        Digest.ofBytes(tagKey(reference).getBytes(StandardCharsets.UTF_8)).encoded());
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
