package dev.imagesmith.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** A blob in a file whose descriptor was computed when the file was written. */
record FileBlob(Descriptor descriptor, Path path) implements BlobSource {
  /**
   * Large reads: {@code Files.copy} reads 8 KiB at a time, 20,000 system calls for the
   * docker-archive copy of a 170 MB layer, each through the digest and the archive's buffer.
   */
  private static final int READ_SIZE = 1 << 20;

  /**
   * Writes the file's bytes, at most one more than the descriptor's size (enough for the caller's
   * check to see it is not the blob), never through a symlink: the file is one this build wrote in
   * a content store, and a link planted in its place must not make the output a copy of a host file
   * or of an endless device.
   */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    // No megabyte for a config of a kilobyte: the descriptor's size bounds the buffer.
    byte[] buffer = new byte[(int) Math.min(READ_SIZE, Math.max(8192, descriptor.size()))];
    long left = descriptor.size() + 1;
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(path);
  }
}
