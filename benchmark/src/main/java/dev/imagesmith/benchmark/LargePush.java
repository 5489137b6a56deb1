package dev.imagesmith.benchmark;

import dev.imagesmith.image.BlobSource;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.History;
import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Platform;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.layer.WrittenLayer;
import dev.imagesmith.registry.PushResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Push throughput, against a peer on the same bytes: an image holding the tree's gzip layer (about
 * 92 MB) pushed by image:push's code and by {@code skopeo copy --preserve-digests}, each into a
 * fresh {@code docker-registry} on loopback, so neither finds the other's blobs. The demo's push
 * shows the fixed cost of a push; this one its throughput.
 */
final class LargePush {
  /** Seconds of each push, the bytes pushed, and the digest both registries ended up serving. */
  record Result(long bytes, double oursSeconds, double skopeoSeconds, boolean sameDigest) {}

  private LargePush() {}

  /** Null when docker-registry or skopeo is not installed. */
  static Result run(WrittenLayer layer, Path work) throws Exception {
    if (!LocalRegistry.installed() || !Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
      return null;
    }
    Path layout = work.resolve("large-image");
    HostFiles.deleteTree(layout);
    ImageConfig config =
        ImageConfig.scratch(Platform.parse("linux/amd64", "benchmark"))
            .withLayer(layer.diffId(), History.layer("1970-01-01T00:00:00Z", "benchmark tree"));
    BuiltImage image =
        BuiltImage.of(
            config, List.of(BlobSource.ofFile(layer.descriptor(), layer.blob())), Map.of());
    OciLayoutWriter.write(layout, image, List.of("1"));
    Digest digest = image.manifestDescriptor().digest();

    double ours;
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry-large-ours"))) {
      String reference = registry.address() + "/bench/tree:1";
      long started = System.nanoTime();
      PushResult pushed =
          LocalPush.pusher(registry.address()).push(layout, digest, List.of(reference), "<to>");
      ours = Shell.secondsSince(started);
      if (pushed.uploaded() != 2) {
        throw new IOException("expected 2 uploads (layer, config), got " + pushed);
      }
    }
    double skopeo;
    String served;
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry-large-skopeo"))) {
      String reference = "docker://" + registry.address() + "/bench/tree:1";
      long started = System.nanoTime();
      Shell.exec(
          "skopeo",
          "copy",
          "--quiet",
          "--preserve-digests",
          "--dest-tls-verify=false",
          "oci:" + layout + ":1",
          reference);
      skopeo = Shell.secondsSince(started);
      served =
          Shell.exec(
                  "skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", reference)
              .strip();
    }
    return new Result(layer.compressedSize(), ours, skopeo, served.equals(digest.toString()));
  }
}
