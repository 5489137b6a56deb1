package dev.imagesmith.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Merges single-platform layouts into one layout whose tag names an OCI index over them. */
final class MultiPlatform {
  private MultiPlatform() {}

  static void write(Path target, Path first, Path second, String tag) throws Exception {
    Path blobs = Files.createDirectories(target.resolve("blobs/sha256"));
    StringBuilder entries = new StringBuilder();
    for (Path layout : new Path[] {first, second}) {
      try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
        for (Path blob : files.toList()) {
          Files.copy(blob, blobs.resolve(blob.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      String index = Files.readString(layout.resolve("index.json"));
      // The single entry of our own index.json, minus its ref name annotation.
      String entry = index.substring(index.indexOf('[') + 1, index.lastIndexOf(']'));
      entry = entry.replaceAll("\"annotations\":\\{[^}]*\\},?", "").replace(",}", "}");
      entries.append(entries.length() == 0 ? "" : ",").append(entry);
    }
    byte[] nested =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":["
                + entries
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    String hex = sha256(nested);
    Files.write(blobs.resolve(hex), nested);
    Files.writeString(target.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(
        target.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:"
            + hex
            + "\",\"size\":"
            + nested.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + tag
            + "\"}}]}");
  }

  private static String sha256(byte[] bytes) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }
}
