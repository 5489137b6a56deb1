package dev.imagesmith.pipeline;

import dev.imagesmith.plan.BaseSpec;
import java.nio.file.Path;

/**
 * How reports name a base: paths inside the project relative to it ({@code oci:target/base/oci:1}),
 * so that the size table stays readable and image.json does not depend on where the project lives.
 */
final class BaseDisplay {
  private BaseDisplay() {}

  static String of(BaseSpec spec, Path basedir) {
    if (spec instanceof BaseSpec.OciLayout layout) {
      return "oci:"
          + relative(layout.directory(), basedir)
          + (layout.tag() == null ? "" : ":" + layout.tag());
    }
    if (spec instanceof BaseSpec.DockerArchive archive) {
      return "docker-archive:" + relative(archive.file(), basedir);
    }
    return spec.text();
  }

  private static String relative(Path path, Path basedir) {
    Path normalized = path.toAbsolutePath().normalize();
    Path base = basedir.toAbsolutePath().normalize();
    return normalized.startsWith(base)
        ? base.relativize(normalized).toString()
        : normalized.toString();
  }
}
