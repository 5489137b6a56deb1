package dev.imagesmith.testkit;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.BlobSource;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.History;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Platform;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPusher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The tests' one image fixture kit: small images made of {@link TestTar} layers, written as OCI
 * layouts the way image:build writes them, and {@link Layout}, which writes layouts byte by byte,
 * broken and hostile ones included.
 */
public final class TestImages {
  public static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");

  private TestImages() {}

  /** A layer: the uncompressed tar and its gzip blob. */
  public record Layer(byte[] tar, byte[] gzip) {
    public Digest diffId() {
      return Digest.ofBytes(tar);
    }

    public BlobSource blob() {
      return BlobSource.ofBytes(MediaTypes.OCI_LAYER_GZIP, gzip);
    }
  }

  /** The layer {@code tar} makes. */
  public static Layer layer(TestTar tar) {
    byte[] bytes = tar.bytes();
    return new Layer(bytes, TestTar.gzip(bytes));
  }

  /**
   * A layer holding the file {@code path} with {@code content} (0644) and its parent directories
   * (0755), written at {@link #CREATED}.
   */
  public static Layer layer(String path, String content) {
    TestTar tar = TestTar.tar().mtime(CREATED);
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      tar.dir(path.substring(0, slash + 1), 040755);
    }
    return layer(tar.file(path, content, 0100644));
  }

  /** An image for {@code platform} of {@code layers}, created at {@link #CREATED}. */
  public static BuiltImage image(
      Platform platform, Map<String, String> annotations, Layer... layers) {
    ImageConfig config = ImageConfig.scratch(platform).withCreated(CREATED);
    List<BlobSource> blobs = new ArrayList<>();
    for (Layer layer : layers) {
      config =
          config.withLayer(layer.diffId(), History.layer(ImageConfig.rfc3339(CREATED), "test"));
      blobs.add(layer.blob());
    }
    return BuiltImage.of(config, blobs, annotations);
  }

  /** A one-layer linux/amd64 image whose layer holds {@code etc/hello.txt}. */
  public static BuiltImage helloImage(String content) {
    return helloImage(content, Platform.LINUX_AMD64);
  }

  /** As {@link #helloImage(String)}, with an environment, a command and a label. */
  public static BuiltImage helloImage(String content, Platform platform) {
    Layer layer = layer("etc/hello.txt", content);
    ImageConfig config =
        ImageConfig.scratch(platform)
            .withCreated(CREATED)
            .withEnv(List.of("PATH=/usr/bin:/bin"))
            .withCmd(List.of("/bin/sh"))
            .withLabels(Map.of("org.example.test", "yes"))
            .withLayer(
                layer.diffId(),
                History.layer(ImageConfig.rfc3339(CREATED), "test layer " + content));
    return BuiltImage.of(config, List.of(layer.blob()), Map.of());
  }

  /**
   * An image on a base in a registry, as image:build makes one: the base's layer, then one of its
   * own ({@code app.txt}), and the base's reference in the annotation a push mounts layers by.
   */
  public static BuiltImage appOn(String baseRef, Layer baseLayer) {
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

  /**
   * Pushes a one-layer base image (one file, {@code base.txt}, holding {@code content}) to {@code
   * reference} with {@code options}, by way of an OCI layout in {@code dir/base-oci}; returns its
   * manifest's digest.
   */
  public static Digest pushBase(Path dir, RegistryOptions options, String reference, String content)
      throws IOException {
    BuiltImage base = image(Platform.LINUX_AMD64, Map.of(), layer("base.txt", content));
    Digest digest = layout(dir.resolve("base-oci"), base, "1");
    new RegistryPusher(new Registries(options, BuildLog.silent()), BuildLog.silent())
        .push(dir.resolve("base-oci"), digest, List.of(reference), "<to>/<image>");
    return digest;
  }

  /**
   * Merges single-platform layouts (as {@link #layout} writes them) into one layout whose tag names
   * an OCI index over their images.
   */
  public static void multiPlatform(Path target, String tag, Path... layouts) throws IOException {
    Layout merged = new Layout(target);
    List<String> entries = new ArrayList<>();
    for (Path layout : layouts) {
      try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
        for (Path blob : files.toList()) {
          Files.copy(
              blob,
              merged.dir.resolve("blobs/sha256").resolve(blob.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
      String index = Files.readString(layout.resolve("index.json"));
      // The single entry of our own index.json, minus its ref name annotation.
      String entry = index.substring(index.indexOf('[') + 1, index.lastIndexOf(']'));
      entries.add(entry.replaceAll("\"annotations\":\\{[^}]*\\},?", "").replace(",}", "}"));
    }
    Descriptor nested =
        merged.blob(MediaTypes.OCI_INDEX, Layout.indexJson(entries.toArray(String[]::new)));
    merged.index("{\"schemaVersion\":2,\"manifests\":[" + Layout.tagged(nested, tag) + "]}");
  }

  /** {@code manifest.json} of a docker-archive with one image tagged {@code app:1}. */
  public static String manifestJson(String config, String... layers) {
    StringBuilder json =
        new StringBuilder("[{\"Config\":\"" + config + "\",\"RepoTags\":[\"app:1\"],\"Layers\":[");
    for (int i = 0; i < layers.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(layers[i]).append('"');
    }
    return json.append("]}]").toString();
  }

  /** Writes an OCI layout byte by byte, including broken and hostile ones. */
  public static final class Layout {
    public final Path dir;

    public Layout(Path dir) throws IOException {
      this.dir = dir;
      Files.createDirectories(dir.resolve("blobs/sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    public Descriptor blob(String mediaType, byte[] content) throws IOException {
      Digest digest = Digest.ofBytes(content);
      Files.write(dir.resolve("blobs/sha256/" + digest.encoded()), content);
      return new Descriptor(mediaType, digest, content.length);
    }

    public Descriptor blob(String mediaType, String json) throws IOException {
      return blob(mediaType, json.getBytes(StandardCharsets.UTF_8));
    }

    public void index(String json) throws IOException {
      Files.writeString(dir.resolve("index.json"), json);
    }

    /** A valid single-layer image for {@code platform}; returns its manifest descriptor. */
    public Descriptor image(String content, Platform platform) throws IOException {
      BuiltImage image = helloImage(content, platform);
      for (BlobSource b : image.blobs()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.writeTo(out);
        blob(b.descriptor().mediaType(), out.toByteArray());
      }
      return image.manifestDescriptor();
    }

    public static String entry(Descriptor d, String extra) {
      return "{\"mediaType\":\""
          + d.mediaType()
          + "\",\"digest\":\""
          + d.digest()
          + "\",\"size\":"
          + d.size()
          + extra
          + "}";
    }

    public static String indexJson(String... entries) {
      return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
          + "\"manifests\":["
          + String.join(",", entries)
          + "]}";
    }

    public static String tagged(Descriptor d, String tag) {
      return entry(d, ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}");
    }

    public static String forPlatform(Descriptor d, String os, String arch, String variant) {
      return entry(
          d,
          ",\"platform\":{\"os\":\""
              + os
              + "\",\"architecture\":\""
              + arch
              + "\""
              + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
              + "}");
    }
  }
}
