package dev.imagesmith.registry;

import dev.imagesmith.image.BlobSource;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.History;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small images for registry tests (here and on the Maven side), written as OCI layouts the way
 * image:build writes them.
 */
public final class Images {
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private Images() {}

  /** A gzip layer holding one file {@code path} with {@code content}. */
  public record Layer(byte[] tar, BlobSource blob) {
    Digest diffId() {
      return Digest.ofBytes(tar);
    }
  }

  public static Layer layer(String path, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(path);
      entry.setMode(0100644);
      entry.setSize(data.length);
      entry.setModTime(FileTime.from(CREATED));
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    byte[] tar = bytes.toByteArray();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar);
    }
    byte[] gzip = gz.toByteArray();
    gzip[9] = 0;
    return new Layer(tar, BlobSource.ofBytes(MediaTypes.OCI_LAYER_GZIP, gzip));
  }

  public static BuiltImage image(
      Platform platform, Map<String, String> annotations, Layer... layers) {
    ImageConfig config = ImageConfig.scratch(platform).withCreated(CREATED);
    List<BlobSource> blobs = new ArrayList<>();
    for (Layer layer : layers) {
      config = config.withLayer(layer.diffId(), History.layer("2026-01-01T00:00:00Z", "test"));
      blobs.add(layer.blob());
    }
    return BuiltImage.of(config, blobs, annotations);
  }

  /**
   * An image on a base in a registry, as image:build makes one: the base's layer, then one of its
   * own ({@code app.txt}), and the base's reference in the annotation a push mounts layers by.
   */
  public static BuiltImage appOn(String baseRef, Layer baseLayer) throws IOException {
    return image(
        Platform.LINUX_AMD64,
        Map.of(RegistryPusher.BASE_NAME, baseRef),
        baseLayer,
        layer("app.txt", "ours"));
  }

  /**
   * Writes {@code image} as an OCI layout at {@code dir}, tagged {@code tag}; returns its digest.
   */
  public static Digest layout(Path dir, BuiltImage image, String tag) throws IOException {
    OciLayoutWriter.write(dir, image, List.of(tag));
    return image.manifestDescriptor().digest();
  }
}
