package dev.imagesmith.pipeline;

import dev.imagesmith.io.HostFiles;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of {@code target/image}. A build first removes what an earlier build left (so a failed
 * build never leaves a digest that describes another image), and writes each file under a temporary
 * name in the same directory before moving it into place; {@code digest} is written last.
 */
final class OutputFiles {
  static final String OCI = "oci";
  static final String ARCHIVE = "image.tar";
  static final String DIGEST = "digest";
  static final String IMAGE_JSON = "image.json";
  static final String REPORT = "report.html";

  /** The SBOM and the provenance (see package sbom); their names are the documents' own. */
  static final String SBOM = "sbom.cdx.json";

  static final String PROVENANCE = "provenance.json";

  /** The order in which a build sets the earlier outputs aside: the digest first. */
  static final List<String> IN_SET_ASIDE_ORDER =
      List.of(DIGEST, SBOM, PROVENANCE, IMAGE_JSON, REPORT, ARCHIVE, OCI);

  private OutputFiles() {}

  /** Removes the outputs of an earlier build, digest first. */
  static void clearStale(Path outputDirectory) throws IOException {
    for (String name : IN_SET_ASIDE_ORDER) {
      if (name.equals(OCI)) {
        HostFiles.deleteTree(outputDirectory.resolve(OCI));
      } else {
        Files.deleteIfExists(outputDirectory.resolve(name));
      }
    }
  }

  /**
   * Writes {@code content} to {@code target} whole and durably, readable by everyone who can read
   * {@code target/}.
   */
  static void write(Path target, byte[] content) throws IOException {
    AtomicFile.to(target).mode(0644).durable().write(content);
  }
}
