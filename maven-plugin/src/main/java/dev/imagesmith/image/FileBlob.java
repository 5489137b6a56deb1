package dev.imagesmith.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A blob in a file whose descriptor was computed when the file was written. */
record FileBlob(Descriptor descriptor, Path path) implements BlobSource {
  @Override
  public void writeTo(OutputStream out) throws IOException {
    Files.copy(path, out);
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(path);
  }
}
