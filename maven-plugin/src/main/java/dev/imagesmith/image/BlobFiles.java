package dev.imagesmith.image;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** Puts a blob into a blob file, checking its bytes against its descriptor. */
final class BlobFiles {
  private BlobFiles() {}

  /**
   * Writes {@code blob} to {@code dest}: hard-links a blob that lives in a file (no bytes read),
   * else copies while hashing and checks digest and size.
   */
  static void place(BlobSource blob, Path dest) throws IOException {
    Descriptor descriptor = blob.descriptor();
    Optional<Path> file = blob.file();
    if (file.isPresent()) {
      Path source = file.get();
      // A link is never linked or followed (link(2) would make the link itself the blob).
      BasicFileAttributes attributes =
          Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile() || attributes.size() != descriptor.size()) {
        throw new ImagesmithException(
            "blob file "
                + source
                + (attributes.isRegularFile()
                    ? " has " + attributes.size() + " bytes"
                    : " is not a regular file (a link?)")
                + " but its descriptor says "
                + descriptor.size()
                + " bytes ("
                + descriptor.digest()
                + "); it changed after it was written: delete it (a cache entry, or 'mvn clean'"
                + " for one below target/) and build again");
      }
      boolean linked;
      try {
        Files.createLink(dest, source);
        linked = true;
      } catch (IOException | UnsupportedOperationException e) {
        linked = false; // different file system or no hard links: copy, and verify what we copy
      }
      if (linked) {
        // The source may be a working file nobody synced (layer blobs are not): the layout is
        // durable only once its blobs are. Cheap when the bytes are on disk already.
        AtomicFile.sync(dest);
        return;
      }
      try (InputStream in =
              new VerifyingInputStream(
                  Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS),
                  descriptor.digest(),
                  descriptor.size(),
                  "blob file " + source);
          OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
        in.transferTo(out);
      }
    } else {
      try (OutputStream file2 = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
        writeChecked(blob, file2);
      }
    }
    AtomicFile.setMode(dest, 0644);
    AtomicFile.sync(dest);
  }

  /** Writes the blob to {@code out}, checking digest and size of what was written. */
  static void writeChecked(BlobSource blob, OutputStream out) throws IOException {
    Descriptor descriptor = blob.descriptor();
    DigestingOutputStream digesting = new DigestingOutputStream(out);
    blob.writeTo(digesting);
    digesting.flush();
    if (digesting.count() != descriptor.size() || !digesting.digest().equals(descriptor.digest())) {
      throw new ImagesmithException(
          "blob "
              + descriptor.digest()
              + " produced different bytes than its descriptor promised ("
              + digesting.count()
              + " bytes instead of "
              + descriptor.size()
              + "); a cached layer changed after it was written, delete the cache and build again");
    }
  }

  static boolean isRegularNoFollow(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }
}
