package dev.imagesmith.maven;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Attaches what {@code image:build} wrote to the project, so that {@code install} and {@code
 * deploy} publish it with the jar: the digest ({@code digest}), image.json ({@code json}), the SBOM
 * ({@code cdx.json}) and the provenance ({@code intoto.json}), all under one classifier.
 */
final class ImageAttachments {
  /** File in {@code target/image} and the type it is attached as. */
  private static final List<String[]> FILES =
      List.of(
          new String[] {"digest", "digest"},
          new String[] {"image.json", "json"},
          new String[] {"sbom.cdx.json", "cdx.json"},
          new String[] {"provenance.json", "intoto.json"});

  private ImageAttachments() {}

  /** Attaches each file the build wrote; an empty classifier attaches nothing. */
  static void attach(
      MavenProjectHelper helper, MavenProject project, String classifier, Path output, Log log) {
    if (classifier == null || classifier.isBlank()) {
      return;
    }
    List<String> types = new ArrayList<>();
    for (String[] file : FILES) {
      Path path = output.resolve(file[0]);
      // The SBOM and the provenance can be turned off; digest and image.json are always there.
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        helper.attachArtifact(project, file[1], classifier.trim(), path.toFile());
        types.add(file[1]);
      }
    }
    log.info(
        "Attached "
            + String.join(", ", types)
            + " as "
            + project.getArtifactId()
            + "-"
            + project.getVersion()
            + "-"
            + classifier.trim()
            + ".{"
            + String.join(",", types)
            + "}");
  }
}
