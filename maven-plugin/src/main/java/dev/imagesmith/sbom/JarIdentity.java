package dev.imagesmith.sbom;

import dev.imagesmith.plan.MavenCoordinates;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Maven identity a jar states about itself: the {@code META-INF/maven/GROUP/ARTIFACT/
 * pom.properties} that Maven's archiver writes into every jar it builds. What scanners such as Syft
 * read to name a jar no build resolved: Jackson, Netty or Guava jars a builder stage downloaded
 * (jars built by Gradle or Ant, Spring's and Tomcat's among them, carry no such file and stay
 * files). Weaker evidence than a hash of a resolved artifact, so the SBOM says where the name came
 * from.
 *
 * <p>The jar is untrusted (any layer may hold it): nothing is extracted, only the central directory
 * and one small entry are read, within limits; a file that is no zip, a jar with no or several
 * {@code pom.properties} (a shaded jar merges its dependencies' ones), or values that are not
 * plausible coordinates give no identity, never an error.
 */
final class JarIdentity {
  /** More entries than any real jar's: the scan stops there (a crafted central directory). */
  private static final int MAX_ENTRIES = 200_000;

  private static final int MAX_PROPERTIES_BYTES = 64 * 1024;
  private static final Pattern POM_PROPERTIES =
      Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
  private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.+-]{1,200}");

  private JarIdentity() {}

  /** The coordinates {@code jar}'s one {@code pom.properties} states, if it has exactly one. */
  static Optional<MavenCoordinates> of(Path jar) {
    if (!startsLikeAZip(jar)) {
      return Optional.empty(); // cheap: a tree of data files named .jar is read 4 bytes each
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry found = null;
      int seen = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (++seen > MAX_ENTRIES) {
          return Optional.empty();
        }
        if (POM_PROPERTIES.matcher(entry.getName()).matches()) {
          if (found != null) {
            return Optional.empty(); // shaded: whose name is the jar's is not said
          }
          found = entry;
        }
      }
      if (found == null) {
        return Optional.empty();
      }
      byte[] bytes;
      try (InputStream in = zip.getInputStream(found)) {
        bytes = in.readNBytes(MAX_PROPERTIES_BYTES + 1);
      }
      if (bytes.length > MAX_PROPERTIES_BYTES) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
      String groupId = properties.getProperty("groupId");
      String artifactId = properties.getProperty("artifactId");
      String version = properties.getProperty("version");
      String[] path = found.getName().split("/");
      if (!plausible(groupId)
          || !plausible(artifactId)
          || !plausible(version)
          || !groupId.equals(path[2])
          || !artifactId.equals(path[3])) {
        return Optional.empty(); // the file and the directory it sits in disagree
      }
      return Optional.of(new MavenCoordinates(groupId, artifactId, version, null, "jar"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not a zip, or a damaged one: a file like any other
    }
  }

  /** A local file header first, as every jar a build tool writes has (no self-extracting stub). */
  private static boolean startsLikeAZip(Path file) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'K'
          && magic[2] == 3
          && magic[3] == 4;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean plausible(String value) {
    return value != null && COORDINATE.matcher(value).matches(); // no blank, no / ? @ #
  }
}
