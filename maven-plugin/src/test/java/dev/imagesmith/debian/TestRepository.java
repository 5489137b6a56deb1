package dev.imagesmith.debian;

import dev.imagesmith.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A Debian repository on disk, laid out like a mirror: {@code dists/SUITE/InRelease} signed by a
 * {@link TestKey}, {@code dists/SUITE/main/binary-ARCH/Packages.gz}, {@code pool/main/...}.
 */
final class TestRepository {
  static final String SUITE = "testing-suite";

  private final Path root;
  private final TestKey key;
  private final List<TestDeb> debs = new ArrayList<>();
  private String releaseFields = "";
  private TestSignature signature = TestSignature.now();
  private String contents;

  TestRepository(Path root, TestKey key) {
    this.root = root;
    this.key = key;
  }

  URI uri() {
    return root.toUri();
  }

  TestRepository add(TestDeb deb) {
    debs.add(deb);
    return this;
  }

  static String poolPath(TestDeb deb) {
    return "pool/main/"
        + deb.name().charAt(0)
        + "/"
        + deb.name()
        + "/"
        + deb.name()
        + "_"
        + deb.version().replace(":", "%3a") // as dpkg-name and some repositories write an epoch
        + "_"
        + deb.architecture()
        + ".deb";
  }

  Path poolFile(TestDeb deb) {
    return root.resolve(poolPath(deb));
  }

  /** Extra fields of the Release text ({@code "Valid-Until: ...\n"}), from the next publish on. */
  TestRepository releaseFields(String fields) {
    releaseFields = fields;
    return this;
  }

  /**
   * The {@code Contents-ARCH} index text the next publish writes (gzip) and signs, or {@code null}
   * for none.
   */
  TestRepository contents(String text) {
    contents = text;
    return this;
  }

  /** How the next publish signs InRelease (default: SHA-256, now). */
  TestRepository signature(TestSignature how) {
    signature = how;
    return this;
  }

  /** Writes the pool, the index of {@code arch} and the signed InRelease. */
  void publish(String arch) throws Exception {
    StringBuilder packages = new StringBuilder();
    for (TestDeb deb : debs) {
      byte[] bytes = deb.build();
      Path file = poolFile(deb);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      packages.append(deb.control());
      packages.append("Filename: ").append(poolPath(deb)).append('\n');
      packages.append("Size: ").append(bytes.length).append('\n');
      packages.append("SHA256: ").append(Digest.ofBytes(bytes).encoded()).append("\n\n");
    }
    byte[] index = gzip(packages.toString().getBytes(StandardCharsets.UTF_8));
    String indexPath = "main/binary-" + arch + "/Packages.gz";
    Path dists = root.resolve("dists").resolve(SUITE);
    Files.createDirectories(dists.resolve("main/binary-" + arch));
    Files.write(dists.resolve(indexPath), index);
    String contentsLine = "";
    if (contents != null) {
      byte[] gz = gzip(contents.getBytes(StandardCharsets.UTF_8));
      String contentsPath = "main/Contents-" + arch + ".gz";
      Files.write(dists.resolve(contentsPath), gz);
      contentsLine = "\n " + Digest.ofBytes(gz).encoded() + " " + gz.length + " " + contentsPath;
    }
    String release =
        "Origin: Test\n"
            + "Suite: "
            + SUITE
            + "\nCodename: "
            + SUITE
            + "\nArchitectures: "
            + arch
            + "\nComponents: main\n"
            + releaseFields
            + "SHA256:\n "
            + Digest.ofBytes(index).encoded()
            + " "
            + index.length
            + " "
            + indexPath
            + contentsLine;
    Files.write(dists.resolve("InRelease"), key.clearSign(release, signature));
  }

  Path inRelease() {
    return root.resolve("dists").resolve(SUITE).resolve("InRelease");
  }

  Path contentsFile(String arch) {
    return root.resolve("dists").resolve(SUITE).resolve("main/Contents-" + arch + ".gz");
  }

  Path index(String arch) {
    return root.resolve("dists").resolve(SUITE).resolve("main/binary-" + arch + "/Packages.gz");
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
