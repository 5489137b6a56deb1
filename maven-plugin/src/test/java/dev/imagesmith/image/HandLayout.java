package dev.imagesmith.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds OCI layouts byte by byte, including broken and hostile ones. */
final class HandLayout {
  final Path dir;

  HandLayout(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  Descriptor blob(String mediaType, byte[] content) throws IOException {
    Digest digest = Digest.ofBytes(content);
    Files.write(dir.resolve("blobs/sha256/" + digest.encoded()), content);
    return new Descriptor(mediaType, digest, content.length);
  }

  Descriptor blob(String mediaType, String json) throws IOException {
    return blob(mediaType, json.getBytes(StandardCharsets.UTF_8));
  }

  void index(String json) throws IOException {
    Files.writeString(dir.resolve("index.json"), json);
  }

  /** A valid single-layer image for {@code platform}; returns its manifest descriptor. */
  Descriptor image(String content, Platform platform) throws IOException {
    BuiltImage image = TestImages.helloImage(content, platform);
    for (BlobSource b : image.blobs()) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      b.writeTo(out);
      blob(b.descriptor().mediaType(), out.toByteArray());
    }
    return image.manifestDescriptor();
  }

  static String entry(Descriptor d, String extra) {
    return "{\"mediaType\":\""
        + d.mediaType()
        + "\",\"digest\":\""
        + d.digest()
        + "\",\"size\":"
        + d.size()
        + extra
        + "}";
  }

  static String indexJson(String... entries) {
    return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":["
        + String.join(",", entries)
        + "]}";
  }

  static String tagged(Descriptor d, String tag) {
    return entry(d, ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}");
  }

  static String forPlatform(Descriptor d, String os, String arch, String variant) {
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
