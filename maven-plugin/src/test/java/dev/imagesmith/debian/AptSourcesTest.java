package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {
  @TempDir Path etcApt;

  @Test
  void read_oneLineThenDeb822InAptOrder() throws Exception {
    Files.writeString(
        etcApt.resolve("sources.list"),
        """
        # the classic file
        deb-src http://mirror.example/debian bookworm main
        deb [arch=amd64 signed-by=/etc/keys/a.gpg] http://mirror.example/debian/ bookworm main contrib # note
        deb http://mirror.example/debian-security bookworm-security main
        """);
    Path d = Files.createDirectories(etcApt.resolve("sources.list.d"));
    Files.writeString(
        d.resolve("b.sources"),
        """
        Types: deb deb-src
        # a comment
        URIs: https://other.example/debian
        Suites: trixie trixie-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: https://disabled.example/debian
        Suites: sid
        Components: main
        Enabled: no
        """);
    Files.writeString(
        d.resolve("a.sources"),
        """
        Types: deb-src
        URIs: http://src-only.example/debian
        Suites: bookworm
        Components: main
        """);
    Files.writeString(d.resolve("c.list.disabled"), "deb http://ignored.example/debian sid main\n");

    List<AptSource> sources = AptSources.read(etcApt);

    assertEquals(3, sources.size());
    assertEquals(URI.create("http://mirror.example/debian"), sources.get(0).uri());
    assertEquals(List.of("bookworm"), sources.get(0).suites());
    assertEquals(List.of("main", "contrib"), sources.get(0).components());
    assertEquals(Path.of("/etc/keys/a.gpg"), sources.get(0).signedBy());
    assertNull(sources.get(1).signedBy());
    assertEquals(URI.create("https://other.example/debian"), sources.get(2).uri());
    assertEquals(List.of("trixie", "trixie-updates"), sources.get(2).suites());
  }

  @Test
  void read_missingDirectoryIsNoSources() throws Exception {
    assertEquals(List.of(), AptSources.read(etcApt.resolve("absent")));
  }

  @Test
  void settings_explicitRepositoryWins_hostFillsTheRest() throws Exception {
    List<AptSource> host =
        AptSources.parseOneLine("deb http://mirror.example/debian bookworm main\n", etcApt);
    DebianRequest request =
        new DebianRequest(
            List.of("busybox"),
            URI.create("https://explicit.example/debian"),
            null,
            List.of(),
            "amd64",
            null,
            List.of(),
            false,
            etcApt.resolve("lock"),
            "step");
    RepositorySettings explicit = RepositorySettings.of(request, host);
    assertEquals(URI.create("https://explicit.example/debian"), explicit.repository());
    assertEquals("bookworm", explicit.suite());
    assertEquals(RepositorySettings.DEBIAN_ARCHIVE_KEYRING, explicit.keyring());
    assertEquals(
        "amd64 bookworm main packages=busybox repository=https://explicit.example/debian",
        explicit.lockKey(request));

    DebianRequest defaults =
        new DebianRequest(
            List.of("b", "a"),
            null,
            null,
            List.of(),
            "arm64",
            null,
            List.of(),
            true,
            etcApt.resolve("lock"),
            "step");
    RepositorySettings fromHost = RepositorySettings.of(defaults, host);
    assertEquals(URI.create("http://mirror.example/debian"), fromHost.repository());
    assertEquals("arm64 bookworm main packages=a,b essential", fromHost.lockKey(defaults));
  }
}
