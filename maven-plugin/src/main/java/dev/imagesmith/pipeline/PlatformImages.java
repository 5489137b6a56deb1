package dev.imagesmith.pipeline;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.OciLayoutWriter;
import dev.imagesmith.image.Referrer;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.plan.BuildPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-platform build: the whole one-image pipeline once per platform, in the order the POM
 * names them, then an OCI image index over the images.
 *
 * <p>Each platform has its own work directory, a sibling of the execution's ({@code
 * <execution>.<os>-<arch>[-<variant>]}), so that stage sandboxes, stage caches and layer blobs of
 * two platforms never meet, and its own output directory {@code target/image/<os>-<arch>...} with
 * everything a one-platform build writes there (its OCI layout, image.tar, image.json, report.html,
 * SBOM, provenance, digest). The output directory itself then holds {@code oci/}: the index tagged
 * with every tag, every platform's blobs, and every platform's SBOM and provenance, each a referrer
 * of its own platform's manifest; and {@code digest}, the index's digest, written last. No {@code
 * image.tar} there: a docker-archive holds one platform.
 */
final class PlatformImages {
  /** The one-image pipeline. */
  interface OnePlatform {
    Built build(BuildPlan plan) throws IOException;
  }

  /** One platform's image, as written to its own output directory, with its documents. */
  record Built(BuildResult result, BuiltImage image, List<Referrer.Stored> documents) {}

  private final BuildLog log;
  private final OnePlatform pipeline;

  PlatformImages(BuildLog log, OnePlatform pipeline) {
    this.log = log;
    this.pipeline = pipeline;
  }

  BuildResult build(BuildPlan plan) throws IOException {
    long started = System.nanoTime();
    Path output = plan.outputDirectory();
    output =
        OwnDirectories.ensure(OwnDirectories.trustedRoot(plan.buildDirectory(), output), output);
    // An earlier build's digest goes first: a failed build leaves none.
    OutputFiles.clearStale(output);
    Path work = plan.workDirectory();
    List<BuiltImage> images = new ArrayList<>();
    List<Path> layouts = new ArrayList<>();
    List<List<Referrer.Stored>> documents = new ArrayList<>();
    for (String platform : plan.platforms()) {
      String name = BuildPlan.platformDirectory(platform);
      log.info(
          "Platform "
              + platform
              + " ("
              + (images.size() + 1)
              + " of "
              + plan.platforms().size()
              + ")");
      Built built =
          pipeline.build(
              plan.forPlatform(
                  platform,
                  work.resolveSibling(work.getFileName() + "." + name),
                  output.resolve(name)));
      images.add(built.image());
      layouts.add(built.result().outputDirectory().resolve(OutputFiles.OCI));
      documents.add(built.documents());
    }
    Descriptor index =
        OciLayoutWriter.writeIndex(
            output.resolve(OutputFiles.OCI), images, layouts, documents, plan.to().allTags());
    OutputFiles.write(
        output.resolve(OutputFiles.DIGEST),
        (index.digest() + "\n").getBytes(StandardCharsets.UTF_8));
    log.info(
        String.format(
            java.util.Locale.ROOT,
            "Image index %s (%s) written to %s in %.2f s",
            index.digest(),
            String.join(", ", plan.platforms()),
            output,
            (System.nanoTime() - started) / 1e9));
    return new BuildResult(index.digest(), plan.to().references(), output);
  }
}
