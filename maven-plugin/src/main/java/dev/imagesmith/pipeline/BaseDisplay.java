package dev.imagesmith.pipeline;

import dev.imagesmith.plan.BaseSpec;
import java.nio.file.Path;

/**
 * How every output names a base (the size table, image.json, report.html, the SBOM and the
 * provenance): a path inside the project relative to it ({@code oci:target/base/oci:1}); a path
 * outside by its file name only ({@code oci:/home/ci/bases/debian:12} is {@code oci:debian:12}),
 * the base's digest beside it saying which image it was. No output shows where the build ran, and
 * each is the same from any directory.
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
    if (normalized.equals(base)) {
      return ".";
    }
    if (normalized.startsWith(base)) {
      return base.relativize(normalized).toString().replace('\\', '/');
    }
    Path name = normalized.getFileName();
    return name == null ? "/" : name.toString();
  }
}
