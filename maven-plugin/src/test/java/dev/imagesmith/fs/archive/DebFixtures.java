package dev.imagesmith.fs.archive;

import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;

/** Debian packages (ar archives) for tests. */
final class DebFixtures {
  private DebFixtures() {}

  static byte[] deb(byte[] controlTar, byte[] dataMember, String dataName) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar", controlTar);
      member(ar, dataName, dataMember);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] content)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, content.length, 0, 0, 0100644, TestTar.MTIME));
    ar.write(content);
    ar.closeArchiveEntry();
  }
}
