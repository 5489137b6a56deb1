package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.testkit.LogLines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <debianMirror>} (issue 17, security-cases.md N24): a signed test repository served on
 * loopback as the copy of {@code http://deb.debian.org/debian} that a step names. The mirror
 * changes where the bytes come from, never what is accepted: an InRelease signed by another key and
 * an altered {@code .deb} are refused, and the lock names Debian's archive.
 */
class DebianArchiveMirrorTest {
  private static final URI DEBIAN = URI.create("http://deb.debian.org/debian");
  private static final String WHERE = "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]";
  private static TestKey key;
  private static TestKey stranger;

  @TempDir Path temp;
  private HttpServer server;
  private Path served;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void keys() throws Exception {
    key = SignedRepository.sharedKey();
    stranger = TestKey.generate();
  }

  @BeforeEach
  void serve() throws Exception {
    served = publish(temp.resolve("repo"), key);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            Path file =
                path.startsWith("/mirror/debian/")
                    ? served.resolve(path.substring("/mirror/debian/".length())).normalize()
                    : null;
            if (file == null || !file.startsWith(served) || !Files.isRegularFile(file)) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static Path publish(Path root, TestKey signer) throws Exception {
    new TestRepository(root, signer)
        .add(new TestDeb("tool", "1.0", "amd64").file("usr/bin/tool", "tool"))
        .publish("amd64");
    return root;
  }

  private String mirrorUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror/debian/";
  }

  private DebianReport install(LogLines log) throws IOException {
    DebianRequest request =
        new DebianRequest(
            List.of("tool"),
            DEBIAN,
            TestRepository.SUITE,
            List.of("main"),
            "amd64",
            key.writeKeyring(temp.resolve("keyring.gpg")),
            List.of(),
            false,
            temp.resolve("project/image-debian.lock"),
            WHERE);
    ArchiveMirror mirror = ArchiveMirror.parse(mirrorUrl(), "<debianMirror>").orElseThrow();
    return new DebianInstaller(
            temp.resolve("cache"),
            false,
            temp.resolve("no-etc-apt"),
            new RepositoryClient(TransferLimits.DEFAULT, Proxies.NONE, mirror))
        .install(request, Sandbox.create(temp.resolve("stage")), log);
  }

  @Test
  void N24_archiveFetchedFromTheMirror_verifiedWithDebiansKeyring_lockNamesDebian()
      throws Exception {
    LogLines log = new LogLines();

    DebianReport report = install(log);

    assertEquals(List.of("tool"), report.installed().stream().map(LockedPackage::name).toList());
    assertTrue(
        requests.contains("/mirror/debian/dists/" + TestRepository.SUITE + "/InRelease"),
        requests.toString());
    assertTrue(
        requests.stream().anyMatch(r -> r.endsWith("/tool_1.0_amd64.deb")), requests.toString());
    assertTrue(
        log.text()
            .contains(
                "  fetching "
                    + mirrorUrl()
                    + "dists/testing-suite/InRelease (the <debianMirror> copy of "
                    + DEBIAN
                    + "/dists/testing-suite/InRelease)"),
        log.text());
    assertTrue(
        log.text().contains("GET " + mirrorUrl() + "dists/testing-suite/InRelease -> HTTP 200"),
        "-X logs each request: " + log.text());
    String lock = Files.readString(temp.resolve("project/image-debian.lock"));
    assertTrue(lock.contains("repository=" + DEBIAN), lock);
    assertFalse(lock.contains("127.0.0.1"), lock);
  }

  @Test
  void N24_mirrorServingAnInReleaseSignedByAnotherKey_refused() throws Exception {
    served = publish(temp.resolve("forged"), stranger);

    UserInputException e = assertThrows(UserInputException.class, () -> install(new LogLines()));

    assertTrue(
        e.getMessage()
            .contains(
                mirrorUrl()
                    + "dists/testing-suite/InRelease (the <debianMirror> copy of "
                    + DEBIAN
                    + "/dists/testing-suite/InRelease)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains(": no signature is by a key of the keyring "), e.getMessage());
    assertFalse(Files.exists(temp.resolve("stage/usr/bin/tool")));
  }

  @Test
  void N24_mirrorServingAnAlteredDeb_refusedByItsSignedHash() throws Exception {
    Path deb;
    try (var files = Files.walk(served.resolve("pool"))) {
      deb = files.filter(f -> f.toString().endsWith(".deb")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(deb);
    bytes[bytes.length - 1] ^= 1;
    Files.write(deb, bytes);

    UserInputException e = assertThrows(UserInputException.class, () -> install(new LogLines()));

    assertTrue(
        e.getMessage().contains("(the <debianMirror> copy of " + DEBIAN + "/pool/main/t/tool/"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the file was altered"), e.getMessage());
  }

  /** A 404 for a file the lock pins: the HTTP status, the mirror's URL and what to do. */
  @Test
  void lockedDebTheMirrorAnswers404For_saysTheLockPinsIt() throws Exception {
    install(new LogLines());
    dev.imagesmith.io.HostFiles.deleteTree(temp.resolve("cache"));
    dev.imagesmith.io.HostFiles.deleteTree(temp.resolve("stage")); // else nothing is fetched
    try (var files = Files.walk(served.resolve("pool"))) {
      for (Path deb : files.filter(f -> f.toString().endsWith(".deb")).toList()) {
        Files.delete(deb);
      }
    }

    UserInputException e = assertThrows(UserInputException.class, () -> install(new LogLines()));

    assertTrue(
        e.getMessage()
            .contains(
                "/tool_1.0_amd64.deb) does not exist (HTTP 404), although "
                    + temp.resolve("project/image-debian.lock")
                    + " lists it; the lock pins a version this repository no longer serves"),
        e.getMessage());
    assertTrue(e.getMessage().contains(mirrorUrl() + "pool/main/t/tool/"), e.getMessage());
  }

  @Test
  void mirrorSetting_notAnHttpUrl_oneErrorSayingWhatToWrite() {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> ArchiveMirror.parse("ftp://mirror.example/debian", "<debianMirror>"));

    assertEquals(
        "<debianMirror> 'ftp://mirror.example/debian' is not a mirror URL: write the root of a"
            + " copy of Debian's archive, such as http://mirror.example/debian (it stands for"
            + " http://deb.debian.org/debian)",
        e.getMessage());
  }

  @Test
  void mirror_replacesOnlyDebiansArchive() {
    ArchiveMirror mirror = ArchiveMirror.parse("https://nexus.example/debian/", "x").orElseThrow();

    assertEquals(
        URI.create("https://nexus.example/debian/dists/bookworm/InRelease"),
        mirror.apply(URI.create("http://deb.debian.org/debian/dists/bookworm/InRelease")));
    assertEquals(
        URI.create("https://nexus.example/debian/pool/main/b/busybox/busybox.deb"),
        mirror.apply(
            URI.create("https://ftp.de.debian.org/debian/pool/main/b/busybox/busybox.deb")));
    for (String untouched :
        List.of(
            "http://deb.debian.org/debian-security/dists/bookworm-security/InRelease",
            "http://vendor.example/debian/dists/x/InRelease",
            "http://deb.debian.org/debianx/dists/x/InRelease")) {
      assertEquals(URI.create(untouched), mirror.apply(URI.create(untouched)));
    }
  }
}
