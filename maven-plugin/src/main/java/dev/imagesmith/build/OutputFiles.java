package dev.imagesmith.build;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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
  static final java.util.List<String> DOCUMENTS = java.util.List.of(SBOM, PROVENANCE);

  private OutputFiles() {}

  /** Removes the outputs of an earlier build, digest first. */
  static void clearStale(Path outputDirectory) throws IOException {
    Files.deleteIfExists(outputDirectory.resolve(DIGEST));
    for (String document : DOCUMENTS) {
      Files.deleteIfExists(outputDirectory.resolve(document));
    }
    Files.deleteIfExists(outputDirectory.resolve(IMAGE_JSON));
    Files.deleteIfExists(outputDirectory.resolve(REPORT));
    Files.deleteIfExists(outputDirectory.resolve(ARCHIVE));
    HostFiles.deleteTree(outputDirectory.resolve(OCI));
  }

  /**
   * Writes {@code content} to {@code target} atomically (temporary file in the same directory, then
   * move).
   */
  static void write(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, content);
      // createTempFile makes 0600; outputs are for everyone who can read target/.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
