package dev.imagesmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.archive.ExtractLimits;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.testkit.BootJars;
import dev.imagesmith.testkit.HostCanary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases J1-J12 (security-cases.md): hostile Spring Boot jars in the project stage. Each
 * fails with one error naming the jar and the entry; afterwards the stage's work directory is gone
 * (nothing half-written) and a victim directory beside it is unchanged.
 */
class SpringBootJarCasesTest {
  private static final Instant TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path temp;
  private HostCanary canary;

  @BeforeEach
  void plantVictim() throws IOException {
    canary = HostCanary.plant(temp.resolve("victim"));
  }

  @Test
  void J1_dotdotNames_refusedNothingWritten() throws IOException {
    // The stage writes below work/.jar: two levels up is the victim's parent.
    refused(
        BootJars.layered().file("BOOT-INF/classes/../../../../victim/pwned.txt", "pwned"),
        "BOOT-INF/classes/../../../../victim/pwned.txt",
        "component '..'");
    refused(
        BootJars.layered().file("../../victim/pwned.txt", "pwned"),
        "../../victim/pwned.txt",
        "'..'");
    refused(BootJars.layered().file("BOOT-INF/./x", "x"), "BOOT-INF/./x", "'.'");
  }

  @Test
  void J2_absoluteNames_refused() throws IOException {
    String victimFile = canary.victim().resolve("pwned.txt").toString();
    refused(BootJars.layered().file(victimFile, "pwned"), victimFile, "absolute");
    refused(BootJars.layered().file("/etc/passwd", "root::0:0"), "/etc/passwd", "absolute");
  }

  @Test
  void J3_backslashNames_refused() throws IOException {
    refused(
        BootJars.layered().file("BOOT-INF/..\\..\\victim\\keep.txt", "pwned"),
        "BOOT-INF/..\\..\\victim\\keep.txt",
        "backslash");
  }

  @Test
  void J4_duplicateNames_refused() throws IOException {
    refused(
        BootJars.layered().file("BOOT-INF/classes/com/example/App.class", "second App"),
        "BOOT-INF/classes/com/example/App.class",
        "listed twice");
    refused(
        BootJars.layered().directory("BOOT-INF/lib/spring-core-7.0.0.jar/"),
        "BOOT-INF/lib/spring-core-7.0.0.jar/",
        "listed twice");
    refused(
        BootJars.layered().file("BOOT-INF/lib/spring-core-7.0.0.jar/x.class", "below a file"),
        "BOOT-INF/lib/spring-core-7.0.0.jar/x.class",
        "is a file of the jar too");
  }

  @Test
  void J5_nulAndControlBytes_refused() throws IOException {
    refused(
        BootJars.layered().file("BOOT-INF/classes/a\0.class", "x"),
        "BOOT-INF/classes/a\\x00.class",
        "NUL");
    refused(
        BootJars.layered().file("BOOT-INF/classes/a\nb.class", "x"),
        "BOOT-INF/classes/a\\nb.class",
        "control byte");
  }

  @Test
  void J6_tooManyEntries_refusedBeforeAnyIsRead() throws IOException {
    BootJars jar = BootJars.layered();
    for (int i = 0; i < 30; i++) {
      jar.file("BOOT-INF/classes/C" + i + ".class", "c");
    }
    UserInputException e = refused(jar, new ExtractLimits(20, 1 << 20, 4096, 1 << 20, 64));
    assertTrue(e.getMessage().contains("more than the limit of 20"), e.getMessage());
  }

  @Test
  void J7_declaredBytesOverTheLimit_refusedBeforeAnyIsWritten() throws IOException {
    byte[] zeros = new byte[200_000]; // deflates to a few hundred bytes: a small zip bomb
    UserInputException e =
        refused(
            BootJars.layered().file("BOOT-INF/classes/bomb.bin", zeros),
            new ExtractLimits(1000, 100_000, 4096, 1 << 20, 64));
    assertTrue(e.getMessage().contains("entry BOOT-INF/classes/bomb.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("more than 100000 bytes in all"), e.getMessage());
  }

  @Test
  void J8_contentLongerThanDeclared_stoppedAtTheFirstByteTooMany() throws IOException {
    byte[] zeros = new byte[5_000_000];
    Path jar =
        BootJars.layered().file("BOOT-INF/classes/bomb.bin", zeros).write(temp.resolve("a.jar"));
    // The central directory says 10 bytes; the deflated data expands to 5 MB.
    declareSize(jar, "BOOT-INF/classes/bomb.bin", 10);

    UserInputException e = refused(jar, SpringBootJar.LIMITS);

    assertTrue(e.getMessage().contains("entry BOOT-INF/classes/bomb.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("longer than the 10 bytes"), e.getMessage());
  }

  @Test
  void J9_symlinkEntries_refused() throws IOException {
    refused(
        BootJars.layered().symlink("BOOT-INF/classes/evil.properties", "/etc/passwd"),
        "BOOT-INF/classes/evil.properties",
        "symbolic link");
    refused(
        BootJars.layered()
            .symlink("BOOT-INF/classes/out", "../../../victim")
            .file("BOOT-INF/classes/out/keep.txt", "pwned"),
        "BOOT-INF/classes/out",
        "symbolic link");
  }

  @Test
  void J10_layersIndexNamingOutsideOrMissing_refused() throws IOException {
    refused(
        index("- \"application\":\n  - \"../victim/\"\n"), "BOOT-INF/layers.idx", "'../victim/'");
    refused(index("- \"application\":\n  - \"/etc/\"\n"), "BOOT-INF/layers.idx", "absolute");
    refused(
        index("- \"application\":\n  - \"BOOT-INF\\\\lib/\"\n"),
        "BOOT-INF/layers.idx",
        "backslash");
    refused(
        index("- \"application\":\n  - \"BOOT-INF/lib/missing.jar\"\n  - \"BOOT-INF/\"\n"),
        "BOOT-INF/layers.idx",
        "'BOOT-INF/lib/missing.jar', which is not in the jar");
    refused(index("- \"app\":\n  - \"BOOT-INF/\"\n"), "META-INF/MANIFEST.MF", "in no layer");
  }

  @Test
  void J11_layerNamesThatAreNoNames_refused() throws IOException {
    refused(index("- \"../../victim\":\n  - \"/\"\n"), "BOOT-INF/layers.idx", "layer name");
    refused(index("- \"a/b\":\n  - \"BOOT-INF/\"\n"), "BOOT-INF/layers.idx", "layer name");
    refused(
        index("- \"app\":\n  - \"BOOT-INF/\"\n- \"app\":\n  - \"org/\"\n"),
        "BOOT-INF/layers.idx",
        "listed twice");
    refused(index("- \"app\":\n  rm -rf /\n"), "BOOT-INF/layers.idx", "line 2");
  }

  @Test
  void J12_layersIndexAttributeOutsideTheJar_refused() throws IOException {
    refused(
        BootJars.layered().attribute("Spring-Boot-Layers-Index", "../../victim/keep.txt"),
        "META-INF/MANIFEST.MF",
        "'..'");
    refused(
        BootJars.layered().attribute("Spring-Boot-Layers-Index", "BOOT-INF/nothing.idx"),
        "META-INF/MANIFEST.MF",
        "not in the jar");
  }

  private BootJars index(String text) {
    return BootJars.layered().replace("BOOT-INF/layers.idx", text);
  }

  private void refused(BootJars jar, String entry, String reason) throws IOException {
    Path file = jar.write(temp.resolve("app.jar"));
    UserInputException e = refused(file, SpringBootJar.LIMITS);
    assertTrue(e.getMessage().contains("entry " + entry + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  private UserInputException refused(BootJars jar, ExtractLimits limits) throws IOException {
    return refused(jar.write(temp.resolve("app.jar")), limits);
  }

  /** Fills the stage from {@code jar}: one error naming it, no work directory, victim untouched. */
  private UserInputException refused(Path jar, ExtractLimits limits) throws IOException {
    Path work = temp.resolve("work");
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                ProjectStage.fill(ProjectArtifacts.springBoot(jar, null), work, TIMESTAMP, limits));
    assertTrue(e.getMessage().startsWith("the Spring Boot jar " + jar), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    assertFalse(Files.exists(work), "nothing half-written is left");
    canary.assertUntouched();
    return e;
  }

  /** Rewrites the uncompressed size in the central record of {@code name} (no ZIP64 here). */
  private static void declareSize(Path jar, String name, int size) throws IOException {
    byte[] bytes = Files.readAllBytes(jar);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (buffer.getInt(i) == 0x02014b50) {
        int nameLength = Short.toUnsignedInt(buffer.getShort(i + 28));
        if (Arrays.equals(Arrays.copyOfRange(bytes, i + 46, i + 46 + nameLength), wanted)) {
          try (RandomAccessFile file = new RandomAccessFile(jar.toFile(), "rw")) {
            file.seek(i + 24);
            file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array());
          }
          return;
        }
      }
    }
    throw new IllegalStateException(name + " not found in " + jar);
  }
}
