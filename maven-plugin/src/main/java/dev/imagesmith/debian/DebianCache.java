package dev.imagesmith.debian;

import dev.imagesmith.store.ContentStore;
import dev.imagesmith.store.KeyedFiles;
import java.nio.file.Path;

/**
 * Where the {@code debian} step keeps what it fetched, below the user's cache: {@code
 * debian/sha256/<hex>}, verified repository files by content (indexes and {@code .deb}s alike, a
 * {@link ContentStore}: a file enters only after its SHA-256 matched what a signed source promised
 * and is checked again on every use), and {@code debian/inrelease/<sha256 of the URL>}, the last
 * verified InRelease of each suite ({@link KeyedFiles}; verified again when read, for offline
 * builds). Several builds may share both.
 */
public final class DebianCache {
  private DebianCache() {}

  public static ContentStore files(Path cacheDirectory) {
    return new ContentStore(cacheDirectory, cacheDirectory.resolve("debian").resolve("sha256"));
  }

  public static KeyedFiles inRelease(Path cacheDirectory) {
    return new KeyedFiles(
        cacheDirectory,
        cacheDirectory.resolve("debian").resolve("inrelease"),
        "the Debian cache",
        "delete it and build once online to fetch the InRelease file again");
  }
}
