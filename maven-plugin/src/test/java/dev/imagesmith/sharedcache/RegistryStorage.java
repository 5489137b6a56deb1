package dev.imagesmith.sharedcache;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The storage directory of a test's docker-registry (distribution 2.x's filesystem driver), read
 * and changed behind the registry's back as an attacker with access to the storage, or a disk
 * fault, would: the tags of a repository, the blob files, a snapshot of every file.
 */
final class RegistryStorage {
  private final Path root;

  /**
   * @param registryDirectory the directory the registry was started in ({@code storage} below it)
   */
  RegistryStorage(Path registryDirectory) {
    this.root = registryDirectory.resolve("storage/docker/registry/v2");
  }

  /** Each tag of {@code repository} with the manifest digest it points at. */
  Map<String, Digest> tags(String repository) throws IOException {
    Map<String, Digest> tags = new TreeMap<>();
    Path dir = root.resolve("repositories").resolve(repository).resolve("_manifests/tags");
    if (!Files.isDirectory(dir)) {
      return tags;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path tag : list.toList()) {
        String link = Files.readString(tag.resolve("current/link"), StandardCharsets.US_ASCII);
        tags.put(tag.getFileName().toString(), Digest.parse(link.strip(), tag.toString()));
      }
    }
    return tags;
  }

  /** The file holding the bytes of {@code digest}. */
  Path blob(Digest digest) {
    return root.resolve("blobs/sha256")
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex())
        .resolve("data");
  }

  /** The manifest {@code tag} of {@code repository} points at, parsed. */
  EntryManifest manifest(String repository, String tag) throws IOException {
    Digest digest = tags(repository).get(tag);
    return EntryManifest.parse(Files.readAllBytes(blob(digest)), tag);
  }

  /** The tag of the entry of stage {@code stage}. */
  String tagOf(String repository, String stage) throws IOException {
    for (String tag : tags(repository).keySet()) {
      if (tag.startsWith("stage-")
          && stage.equals(manifest(repository, tag).annotation(StageEntry.NAME))) {
        return tag;
      }
    }
    throw new AssertionError("no entry for stage " + stage + " in " + tags(repository));
  }

  /** Every file below the storage with the SHA-256 of its bytes. */
  Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root.getParent().getParent().getParent())) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(file.toString(), Digest.ofBytes(Files.readAllBytes(file)).hex());
      }
    }
    return files;
  }
}
