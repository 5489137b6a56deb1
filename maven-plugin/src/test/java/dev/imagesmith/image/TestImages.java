package dev.imagesmith.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small hand-made images for tests: one-file tar layers, gzipped or plain. */
final class TestImages {
  static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");

  private TestImages() {}

  /** A layer: the uncompressed tar, its gzip blob and their digests. */
  record Layer(byte[] tar, byte[] gzip) {
    Digest diffId() {
      return Digest.ofBytes(tar);
    }

    BlobSource gzipBlob() {
      return BlobSource.ofBytes(MediaTypes.OCI_LAYER_GZIP, gzip);
    }
  }

  /** A tar holding {@code etc/} and {@code etc/<file>} with {@code content}, fixed metadata. */
  static Layer layer(String file, String content) throws IOException {
    ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
      TarArchiveEntry dir = new TarArchiveEntry("etc/");
      fix(dir, 040755, 0);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("etc/" + file);
      fix(entry, 0100644, data.length);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    byte[] tar = tarBytes.toByteArray();
    return new Layer(tar, gzip(tar));
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    byte[] bytes = out.toByteArray();
    bytes[9] = 0; // fixed OS byte: JDK 16 changed it (security-cases.md O5)
    return bytes;
  }

  private static void fix(TarArchiveEntry entry, int mode, long size) {
    entry.setMode(mode);
    entry.setSize(size);
    entry.setModTime(FileTime.from(CREATED));
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
  }

  /** A one-layer linux/amd64 image whose layer holds {@code etc/hello.txt}. */
  static BuiltImage helloImage(String content) throws IOException {
    return helloImage(content, Platform.LINUX_AMD64);
  }

  static BuiltImage helloImage(String content, Platform platform) throws IOException {
    Layer layer = layer("hello.txt", content);
    ImageConfig config =
        ImageConfig.scratch(platform)
            .withCreated(CREATED)
            .withEnv(List.of("PATH=/usr/bin:/bin"))
            .withCmd(List.of("/bin/sh"))
            .withLabels(Map.of("org.example.test", "yes"))
            .withLayer(
                layer.diffId(),
                History.layer(ImageConfig.rfc3339(CREATED), "test layer " + content));
    return BuiltImage.of(config, List.of(layer.gzipBlob()), Map.of());
  }
}
