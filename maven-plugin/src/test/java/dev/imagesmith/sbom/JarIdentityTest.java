package dev.imagesmith.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.MavenCoordinates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar's own word on its Maven identity, read from an untrusted file without trusting it (U18).
 */
class JarIdentityTest {
  @TempDir Path temp;

  /** A zip of {@code entries} (name to text), as bytes. */
  static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static String pomProperties(String groupId, String artifactId, String version) {
    return "#Created by Apache Maven\ngroupId="
        + groupId
        + "\nartifactId="
        + artifactId
        + "\nversion="
        + version
        + "\n";
  }

  private Optional<MavenCoordinates> identity(Map<String, String> entries) throws IOException {
    return JarIdentity.of(Files.write(temp.resolve("some.jar"), zip(entries)));
  }

  @Test
  void aJarMavenBuilt_namesItself() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
    entries.put(
        "META-INF/maven/org.apache.tomcat/tomcat-catalina/pom.properties",
        pomProperties("org.apache.tomcat", "tomcat-catalina", "11.0.2"));
    entries.put("META-INF/maven/org.apache.tomcat/tomcat-catalina/pom.xml", "<project/>");
    entries.put("org/apache/catalina/Server.class", "bytecode");

    assertEquals(
        Optional.of(
            new MavenCoordinates("org.apache.tomcat", "tomcat-catalina", "11.0.2", null, "jar")),
        identity(entries));
  }

  @Test
  void whatIsNotOneClearStatement_namesNothing() throws IOException {
    // Shaded: two jars' pom.properties, and no saying which is this one's.
    assertEquals(
        Optional.empty(),
        identity(
            Map.of(
                "META-INF/maven/a/one/pom.properties", pomProperties("a", "one", "1"),
                "META-INF/maven/b/two/pom.properties", pomProperties("b", "two", "2"))));
    assertEquals(Optional.empty(), identity(Map.of("a/B.class", "bytecode")), "none");
    // The file and the directory it sits in disagree.
    assertEquals(
        Optional.empty(),
        identity(Map.of("META-INF/maven/a/one/pom.properties", pomProperties("a", "other", "1"))));
    // Values that are no coordinates: a path, a purl's own syntax, nothing.
    for (String version : new String[] {"../../x", "1.0?type=pom", "1.0@evil", ""}) {
      assertEquals(
          Optional.empty(),
          identity(
              Map.of("META-INF/maven/a/one/pom.properties", pomProperties("a", "one", version))),
          version);
    }
    // Larger than any real pom.properties.
    assertEquals(
        Optional.empty(),
        identity(
            Map.of(
                "META-INF/maven/a/one/pom.properties",
                pomProperties("a", "one", "1") + "#" + "x".repeat(70_000) + "\n")));
  }

  @Test
  void aFileThatIsNoZip_namesNothing_andFailsNothing() throws IOException {
    assertEquals(
        Optional.empty(), JarIdentity.of(Files.writeString(temp.resolve("fake.jar"), "not a zip")));
    assertEquals(Optional.empty(), JarIdentity.of(temp.resolve("missing.jar")));
    byte[] truncated =
        zip(Map.of("META-INF/maven/a/one/pom.properties", pomProperties("a", "one", "1")));
    Path cut =
        Files.write(
            temp.resolve("cut.jar"), java.util.Arrays.copyOf(truncated, truncated.length / 2));
    assertEquals(Optional.empty(), JarIdentity.of(cut));
  }
}
