package dev.imagesmith.pipeline;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.DockerArchiveReader;
import dev.imagesmith.image.OciLayoutReader;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.registry.BlobCache;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPuller;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the base images a build names ({@code <from>} of the image and of stages), each once per
 * build. Scratch is no image at all.
 */
final class BaseImages {
  private final Platform platform;
  private final RegistryPuller puller;
  private final Map<String, SourceImage> opened = new HashMap<>();

  BaseImages(Platform platform, RegistryPuller puller) {
    this.platform = platform;
    this.puller = puller;
  }

  /**
   * The bases of {@code plan}'s build, pulled from registries into the user's blob cache with
   * {@code registry} (offline when the plan is).
   */
  static BaseImages forBuild(
      BuildPlan plan, Platform platform, RegistryOptions registry, BuildLog log) {
    if (plan.offline() && !registry.offline()) {
      registry = registry.withOffline(true);
    }
    return new BaseImages(
        platform,
        new RegistryPuller(
            new Registries(registry, log), new BlobCache(plan.cacheDirectory()), log));
  }

  /**
   * The image {@code spec} names, or empty for scratch.
   *
   * @param where the XML path of the {@code <from>}, named in errors
   */
  Optional<SourceImage> open(BaseSpec spec, String where) throws IOException {
    if (spec instanceof BaseSpec.Scratch) {
      return Optional.empty();
    }
    SourceImage image = opened.get(spec.text());
    if (image == null) {
      image = read(spec, where);
      opened.put(spec.text(), image);
    }
    return Optional.of(image);
  }

  private SourceImage read(BaseSpec spec, String where) throws IOException {
    if (spec instanceof BaseSpec.OciLayout layout) {
      if (!Files.isDirectory(layout.directory())) {
        throw new UserInputException(
            where
                + " '"
                + layout.text()
                + "': "
                + layout.directory()
                + " is not a directory; point oci: at an OCI image layout (a directory with"
                + " oci-layout and index.json)");
      }
      return OciLayoutReader.read(layout.directory(), layout.tag(), platform)
          .requirePlatform(platform);
    }
    if (spec instanceof BaseSpec.DockerArchive archive) {
      if (!Files.isRegularFile(archive.file())) {
        throw new UserInputException(
            where
                + " '"
                + archive.text()
                + "': "
                + archive.file()
                + " is not a file; point docker-archive: at a tarball made by docker save or"
                + " skopeo copy");
      }
      return DockerArchiveReader.read(archive.file()).requirePlatform(platform);
    }
    return puller.pull(spec.text(), platform, where);
  }
}
