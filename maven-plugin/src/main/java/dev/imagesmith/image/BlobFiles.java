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
      long size = Files.size(source);
      if (size != descriptor.size()) {
        throw new ImagesmithException(
            "blob file "
                + source
                + " has "
                + size
                + " bytes but its descriptor says "
                + descriptor.size()
                + " ("
                + descriptor.digest()
                + "); the cache entry is damaged,"
                + " delete it and build again");
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
                  Files.newInputStream(source),
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
