package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.fs.Sandbox;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Debian repository the build host's apt uses (no mirror named here). The verified
 * indexes and .debs are cached in {@code target/imagesmith-cache}, shared with the invoker ITs, so
 * one build downloads each index once.
 */
class DebianMirrorTest {
  static final Path SHARED_CACHE = Path.of("target", "imagesmith-cache").toAbsolutePath();
  private static final Path ETC_APT = Path.of("/etc/apt");

  @TempDir Path temp;

  @BeforeAll
  static void hostHasDebianSources() throws Exception {
    Assumptions.assumeTrue(
        !AptSources.read(ETC_APT).isEmpty(), "the build host has no apt deb source");
    Assumptions.assumeTrue(
        Files.isRegularFile(RepositorySettings.DEBIAN_ARCHIVE_KEYRING),
        "debian-archive-keyring is not installed (scripts/install-deps installs it)");
  }

  private DebianReport install(String architecture, List<String> packages, Sandbox sandbox)
      throws Exception {
    DebianRequest request =
        new DebianRequest(
            packages,
            null,
            null,
            List.of(),
            architecture,
            null,
            List.of(),
            false,
            temp.resolve("image-debian.lock"),
            "mirror test");
    return new DebianInstaller(SHARED_CACHE, false, ETC_APT, new RepositoryClient())
        .install(request, sandbox, BuildLog.silent());
  }

  @Test
  void busybox_withItsC_runtime_fromTheHostRepository() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    DebianReport report = install("amd64", List.of("busybox"), sandbox);

    List<String> names = report.installed().stream().map(LockedPackage::name).toList();
    assertTrue(names.containsAll(List.of("busybox", "libc6")), names.toString());
    assertEquals(62, elfMachine(sandbox.root().resolve("bin/busybox")), "x86-64 ELF");
    String status = Files.readString(sandbox.root().resolve("var/lib/dpkg/status"));
    assertTrue(status.contains("Package: busybox\nStatus: install ok installed\n"));
    assertTrue(
        Files.exists(sandbox.root().resolve("var/lib/dpkg/info/libc6:amd64.list")),
        "Multi-Arch: same packages get NAME:ARCH.list");
    assertTrue(Files.readString(temp.resolve("image-debian.lock")).contains("\nbusybox "));
  }

  @Test
  void arm64_packagesInstallWithoutEmulation() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("arm"));
    install("arm64", List.of("busybox-static"), sandbox);
    assertEquals(183, elfMachine(sandbox.root().resolve("bin/busybox")), "AArch64 ELF");
  }

  @Test
  void securitySuite_carriesValidUntil_andTheCurrentOnePasses() throws Exception {
    AptSource security =
        AptSources.read(ETC_APT).stream()
            .filter(s -> s.suites().stream().anyMatch(suite -> suite.endsWith("-security")))
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(security != null, "the build host has no -security apt source");
    String suite =
        security.suites().stream().filter(s -> s.endsWith("-security")).findFirst().get();
    ReleaseFile release =
        new DebianRepository(
                security.uri(),
                suite,
                InReleaseVerifier.load(RepositorySettings.DEBIAN_ARCHIVE_KEYRING),
                temp.resolve("cache"),
                false,
                new RepositoryClient(),
                BuildLog.silent(),
                java.time.Clock.systemUTC())
            .release(); // checks Valid-Until and Date against this build's clock
    assertTrue(release.validUntil() != null, "Debian's security suites expire within days");
    assertTrue(release.date().isBefore(release.validUntil()));
  }

  /** e_machine of an ELF file (62 x86-64, 183 AArch64). */
  private static int elfMachine(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(20);
      assertEquals(0x7f, head[0]);
      assertEquals('E', head[1]);
      return (head[18] & 0xff) | (head[19] & 0xff) << 8;
    }
  }
}
