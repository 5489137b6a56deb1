package dev.imagesmith.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Spring Boot executable jars made in a test, laid out as spring-boot-maven-plugin's {@code
 * repackage} lays them out (manifest, loader classes under {@code org/}, {@code BOOT-INF/classes},
 * {@code BOOT-INF/lib}, {@code BOOT-INF/layers.idx}), and changed entry by entry into the hostile
 * jars of the security cases: Commons Compress writes what the JDK's jar tool refuses (a name
 * twice, a symlink's Unix mode).
 */
public final class BootJars {
  /** Boot 3.2+'s launcher, the {@code Main-Class} of the default jar. */
  public static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

  /** The default jar's layer index, in Boot's own format. */
  public static final String LAYERS_INDEX =
      """
      - "dependencies":
        - "BOOT-INF/lib/spring-core-7.0.0.jar"
      - "spring-boot-loader":
        - "org/"
      - "snapshot-dependencies":
        - "BOOT-INF/lib/util-1.0-SNAPSHOT.jar"
      - "application":
        - "BOOT-INF/classes/"
        - "BOOT-INF/classpath.idx"
        - "BOOT-INF/layers.idx"
        - "META-INF/"
      """;

  private record Entry(String name, byte[] data, int unixMode) {}

  private final Map<String, String> manifest = new LinkedHashMap<>();
  private final List<Entry> entries = new ArrayList<>();

  private BootJars() {}

  /** A small layered Boot jar: one release and one snapshot dependency, two classes, a resource. */
  public static BootJars layered() {
    BootJars jar = new BootJars();
    jar.manifest.put("Manifest-Version", "1.0");
    jar.manifest.put("Main-Class", LAUNCHER);
    jar.manifest.put("Start-Class", "com.example.App");
    jar.manifest.put("Spring-Boot-Version", "4.0.7");
    jar.manifest.put("Spring-Boot-Classes", "BOOT-INF/classes/");
    jar.manifest.put("Spring-Boot-Lib", "BOOT-INF/lib/");
    jar.manifest.put("Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
    jar.manifest.put("Spring-Boot-Layers-Index", "BOOT-INF/layers.idx");
    jar.directory("META-INF/");
    jar.directory("org/springframework/boot/loader/launch/");
    jar.file("org/springframework/boot/loader/launch/JarLauncher.class", "launcher bytecode");
    jar.directory("BOOT-INF/classes/com/example/");
    jar.file("BOOT-INF/classes/com/example/App.class", "app bytecode v1");
    jar.file("BOOT-INF/classes/application.properties", "greeting=hello");
    jar.directory("BOOT-INF/lib/");
    jar.file("BOOT-INF/lib/spring-core-7.0.0.jar", "release jar");
    jar.file("BOOT-INF/lib/util-1.0-SNAPSHOT.jar", "snapshot jar");
    jar.file(
        "BOOT-INF/classpath.idx",
        "- \"BOOT-INF/lib/spring-core-7.0.0.jar\"\n- \"BOOT-INF/lib/util-1.0-SNAPSHOT.jar\"\n");
    jar.file("BOOT-INF/layers.idx", LAYERS_INDEX);
    return jar;
  }

  /** Sets (or with {@code null} removes) a main attribute of the manifest. */
  public BootJars attribute(String name, String value) {
    if (value == null) {
      manifest.remove(name);
    } else {
      manifest.put(name, value);
    }
    return this;
  }

  /** Adds a regular file (another entry of the same name stays: a jar with a name twice). */
  public BootJars file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public BootJars file(String name, byte[] content) {
    entries.add(new Entry(name, content, 0100644));
    return this;
  }

  /** Replaces the content of every file named {@code name}. */
  public BootJars replace(String name, String content) {
    remove(name);
    return file(name, content);
  }

  public BootJars remove(String name) {
    entries.removeIf(entry -> entry.name.equals(name));
    return this;
  }

  public BootJars directory(String name) {
    entries.add(new Entry(name, new byte[0], 040755));
    return this;
  }

  /** A symlink as Info-ZIP stores one: Unix mode 0120777 in the external attributes. */
  public BootJars symlink(String name, String target) {
    entries.add(new Entry(name, target.getBytes(StandardCharsets.UTF_8), 0120777));
    return this;
  }

  /** Writes the jar: the manifest first, fixed times, so that the same jar is the same bytes. */
  public Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
      put(zip, new Entry("META-INF/MANIFEST.MF", manifestBytes(), 0100644));
      for (Entry entry : entries) {
        put(zip, entry);
      }
    }
    return file;
  }

  private static void put(ZipArchiveOutputStream zip, Entry entry) throws IOException {
    ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name);
    zipEntry.setUnixMode(entry.unixMode);
    zipEntry.setLastModifiedTime(FileTime.fromMillis(1_700_000_000_000L));
    zip.putArchiveEntry(zipEntry);
    zip.write(entry.data);
    zip.closeArchiveEntry();
  }

  private byte[] manifestBytes() throws IOException {
    Manifest m = new Manifest();
    manifest.forEach((name, value) -> m.getMainAttributes().put(new Attributes.Name(name), value));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.write(bytes);
    return bytes.toByteArray();
  }
}
