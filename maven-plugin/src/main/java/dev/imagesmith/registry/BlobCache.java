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
import dev.imagesmith.store.ContentStore;
import dev.imagesmith.store.KeyedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Base image manifests and blobs by content: {@code <cache>/blobs/sha256/<hex>}, a {@link
 * ContentStore}. An entry enters only verified (downloaded to a temporary name in the same
 * directory, checked, moved into place atomically) and is checked again on every reuse: a damaged
 * entry is deleted and fetched anew (security-cases.md O3). Several builds may share the directory;
 * they race only to move identical bytes into place.
 *
 * <p>For offline builds the digest a tag last resolved to is remembered in {@code
 * <cache>/registry-tags/<sha256 of the reference>} ({@link KeyedFiles}), with the reference itself
 * and when it was resolved. That file is a pointer nobody can verify offline: an online build never
 * reads it (the tag is resolved at the registry every time and the file rewritten), an offline
 * build uses it and says so, with its age. A file that names another reference, or is no regular
 * file, is dropped with a warning.
 */
public final class BlobCache {
  private static final int MAX_TAG_FILE_BYTES = 64 * 1024;

  /** Fills a temporary file with the blob's verified bytes. */
  interface Fetcher {
    void fetchInto(Path temporary) throws IOException;
  }

  private final ContentStore blobs;
  private final KeyedFiles tags;

  public BlobCache(Path cacheDirectory) {
    this.blobs =
        new ContentStore(cacheDirectory, cacheDirectory.resolve("blobs").resolve("sha256"));
    this.tags =
        new KeyedFiles(
            cacheDirectory,
            cacheDirectory.resolve("registry-tags"),
            "registry cache",
            "it is ignored and deleted; build once online to record the tag");
  }

  /** Where the blob with this digest is (or would be) kept. */
  public Path pathOf(Digest digest) {
    // Safe: a Digest admits only 64 lowercase hex digits (N12).
    return blobs.pathOf(digest.encoded());
  }

  /**
   * Whether the entry exists and matches digest and size; a damaged entry is deleted.
   *
   * @param size the expected size, or {@link VerifyingInputStream#UNKNOWN_SIZE}
   */
  public boolean holds(Digest digest, long size) throws IOException {
    return blobs.find(digest.encoded(), size) == ContentStore.Found.HIT;
  }

  /** Ensures the blob is cached: reuses a verified entry or fetches it; true if it fetched. */
  boolean ensure(Descriptor descriptor, Fetcher fetcher) throws IOException {
    if (holds(descriptor.digest(), descriptor.size())) {
      return false;
    }
    try {
      // The fetcher verified while downloading; the store checks what landed on disk once more
      // before it gets the digest's name, so a bad blob is never cached.
      blobs.put(descriptor.digest().encoded(), descriptor.size(), fetcher::fetchInto);
    } catch (ContentStore.Mismatch e) {
      throw new UserInputException(
          "downloaded blob "
              + descriptor.digest()
              + ": content does not match its descriptor: expected "
              + descriptor.digest()
              + " ("
              + descriptor.size()
              + " bytes), got sha256:"
              + e.actual()
              + " ("
              + e.size()
              + " bytes). The blob is corrupt or was tampered with; fetch or rebuild the image"
              + " again");
    }
    return true;
  }

  /** Stores small verified content (a manifest) under its digest. */
  void put(Digest digest, byte[] content) throws IOException {
    try {
      blobs.put(digest.encoded(), content);
    } catch (ContentStore.Mismatch e) {
      throw new IllegalArgumentException("content does not match " + digest, e);
    }
  }

  /** A cached small blob, verified, or empty. */
  Optional<byte[]> read(Digest digest, int cap) throws IOException {
    return blobs.read(digest.encoded(), cap);
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
    String name = tagName(reference);
    Path file = tags.pathOf(name);
    try {
      Optional<byte[]> bytes = tags.read(name, MAX_TAG_FILE_BYTES);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(parseTag(bytes.get(), reference, file));
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
    tags.delete(name);
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
    tags.write(tagName(reference), JsonTrees.compact(json));
  }

  private static String tagKey(RegistryRef reference) {
    return reference.registry() + "/" + reference.repository() + ":" + reference.tag();
  }

  private static String tagName(RegistryRef reference) {
    return KeyedFiles.nameOf(tagKey(reference));
  }

  /** Opens a cached blob (callers verify while reading). */
  InputStream open(Digest digest) throws IOException {
    return blobs.open(digest.encoded());
  }
}
