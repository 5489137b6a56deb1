package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.RawHttpServer;
import dev.imagesmith.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry mirrors (issue 17, security-cases.md N23) against two real docker-registry servers on
 * 127.0.0.1: the registry an image names and a second one as its mirror, which keeps its copies
 * below {@code cache/}. A pull asks the mirror first and falls back to the registry; a digest pin
 * holds whatever the mirror has under the tag; the registry's credentials never reach a mirror;
 * pushes never touch one.
 */
class RegistryMirrorTest {
  @RegisterExtension
  static final RegistryFixture upstream = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @RegisterExtension
  static final RegistryFixture mirror = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @RegisterExtension
  static final RegistryFixture guarded = RegistryFixture.of(RegistryServer.Mode.BASIC_AUTH);

  @TempDir Path dir;

  private static RegistryMirrors mirrored(String registry, String... mirrors) {
    return RegistryMirrors.builder()
        .add(registry, "test", List.of(mirrors), i -> "test mirror " + (i + 1))
        .build();
  }

  private RegistryOptions options(RegistryMirrors mirrors) {
    return TestClients.quickRetries(List.of()).withMirrors(mirrors);
  }

  /** Pushes a one-layer image holding {@code content} to each of {@code refs}. */
  private Digest publish(String content, String... refs) throws IOException {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("content.txt", content));
    Path layout = dir.resolve("oci-" + Math.abs(content.hashCode()));
    Digest digest = TestImages.layout(layout, image, "1");
    for (String ref : refs) {
      TestClients.push(TestClients.quickRetries(List.of()), new LogLines(), layout, digest, ref);
    }
    return digest;
  }

  private Digest pull(RegistryOptions options, LogLines log, String ref) throws IOException {
    return TestClients.pull(options, log, dir.resolve("cache"), ref).manifestDescriptor().digest();
  }

  @Test
  void N23_pull_takesEverythingFromTheMirror_registryNotAsked() throws Exception {
    Digest digest =
        publish(
            "served by the mirror",
            upstream.address() + "/team/base:1",
            mirror.address() + "/cache/team/base:1");
    int upstreamBefore = upstream.server().accessLog().size();
    int mirrorBefore = mirror.server().accessLog().size();
    LogLines log = new LogLines();

    Digest pulled =
        pull(
            options(mirrored(upstream.address(), mirror.address() + "/cache")),
            log,
            upstream.address() + "/team/base:1");

    assertEquals(digest, pulled);
    assertEquals(List.of(), upstream.server().accessLogSince(upstreamBefore));
    List<String> served = mirror.server().accessLogSince(mirrorBefore);
    assertTrue(
        served.stream().anyMatch(l -> l.contains("/v2/cache/team/base/manifests/1")),
        served.toString());
    assertTrue(served.stream().anyMatch(l -> l.contains("/v2/cache/team/base/blobs/")));
    assertTrue(log.warnings().isEmpty(), log.text());
    assertTrue(
        log.text()
            .contains(
                "INFO   tag 1 of "
                    + upstream.address()
                    + "/team/base:1 from mirror "
                    + mirror.address()
                    + "/cache, repository cache/team/base"),
        log.text());
    assertTrue(log.text().contains("(from mirror " + mirror.address() + "/cache)"), log.text());
  }

  @Test
  void N23_mirrorWithoutTheImage_warnsAndPullsFromTheRegistry() throws Exception {
    Digest digest = publish("only upstream has it", upstream.address() + "/team/only:1");
    LogLines log = new LogLines();

    Digest pulled =
        pull(
            options(mirrored(upstream.address(), mirror.address() + "/cache")),
            log,
            upstream.address() + "/team/only:1");

    assertEquals(digest, pulled);
    assertEquals(1, log.warnings().size(), log.text());
    String warning = log.warnings().get(0);
    assertTrue(
        warning.startsWith(
            "Mirror "
                + mirror.address()
                + "/cache of "
                + upstream.address()
                + ": tag 1 of "
                + upstream.address()
                + "/team/only:1 failed (registry "
                + mirror.address()
                + ", repository cache/team/only: pull manifest 1 failed with HTTP 404"),
        warning);
    assertTrue(warning.endsWith("; asking " + upstream.address()), warning);
  }

  @Test
  void N23_digestPin_holdsWhateverTheMirrorHasUnderTheTag() throws Exception {
    Digest real = publish("the real base", upstream.address() + "/team/pinned:1");
    Digest other = publish("the mirror's own idea", mirror.address() + "/cache/team/pinned:1");
    RegistryOptions options = options(mirrored(upstream.address(), mirror.address() + "/cache"));

    // A tag is the first source's word, as in containers' registries.conf ...
    assertEquals(other, pull(options, new LogLines(), upstream.address() + "/team/pinned:1"));
    // ... a digest is checked, wherever the bytes come from: the mirror has no say.
    assertEquals(real, pull(options, new LogLines(), upstream.address() + "/team/pinned@" + real));
  }

  @Test
  void N23_registryCredentials_neverSentToTheMirror() throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("secret.txt", "guarded"));
    Digest digest = TestImages.layout(dir.resolve("guarded-oci"), image, "1");
    RegistryOptions withPassword =
        TestClients.quickRetries(
            List.of(
                TestClients.pomAuth(
                    guarded.address(), RegistryServer.USER, RegistryServer.PASSWORD)));
    TestClients.push(
        withPassword,
        new LogLines(),
        dir.resolve("guarded-oci"),
        digest,
        guarded.address() + "/team/guarded:1");
    try (RawHttpServer asking =
        new RawHttpServer(
            (line, out) ->
                RawHttpServer.head(
                    out,
                    "401 Unauthorized",
                    "WWW-Authenticate: Basic realm=\"mirror\"",
                    "Content-Length: 0"))) {
      LogLines log = new LogLines();

      Digest pulled =
          pull(
              withPassword.withMirrors(mirrored(guarded.address(), "127.0.0.1:" + asking.port())),
              log,
              guarded.address() + "/team/guarded:1");

      assertEquals(digest, pulled);
      assertFalse(asking.heads.isEmpty(), "the mirror was asked first");
      for (String head : asking.heads) {
        assertFalse(head.toLowerCase().contains("authorization"), head);
      }
      assertTrue(log.warnings().get(0).contains("HTTP 401"), log.text());
    }
  }

  @Test
  void N23_unreachableMirror_namedOnce_notAskedAgainInThePull() throws Exception {
    Digest digest = publish("mirror is down", upstream.address() + "/team/down:1");
    LogLines log = new LogLines();

    Digest pulled =
        pull(
            options(mirrored(upstream.address(), "mirror.invalid:5000")),
            log,
            upstream.address() + "/team/down:1");

    assertEquals(digest, pulled);
    assertEquals(
        1, log.warnings().size(), "manifest, config and layer ask the registry: " + log.text());
    assertTrue(log.warnings().get(0).contains("cannot resolve host mirror.invalid"), log.text());
    assertTrue(
        log.warnings().get(0).endsWith(", and not this mirror again in this pull"), log.text());
  }

  @Test
  void N23_push_goesToTheRegistry_neverToAMirror() throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("pushed.txt", "pushed"));
    Digest digest = TestImages.layout(dir.resolve("push-oci"), image, "1");
    int mirrorBefore = mirror.server().accessLog().size();

    TestClients.push(
        options(mirrored(upstream.address(), mirror.address())),
        new LogLines(),
        dir.resolve("push-oci"),
        digest,
        upstream.address() + "/team/pushed:1");

    assertEquals(List.of(), mirror.server().accessLogSince(mirrorBefore));
    assertEquals(
        digest.toString(), RegistryServer.skopeoDigest(dir, upstream.address() + "/team/pushed:1"));
  }

  @Test
  void mirrorSettings_malformed_oneErrorEach() {
    assertEquals(
        "The property image.registryMirrors entry 'docker.io' names no mirror: write"
            + " REGISTRY=MIRROR[,MIRROR...], entries separated by ; (docker.io=mirror.gcr.io;"
            + "quay.io=quay-cache.example.org:5000)",
        assertThrows(
                UserInputException.class,
                () -> RegistryMirrors.parse("docker.io", "The property image.registryMirrors"))
            .getMessage());
    assertEquals(
        "p mirror 1 of docker.io 'https://mirror.gcr.io' is not a mirror: write host[:port][/path]"
            + " as in registries.conf (mirror.gcr.io, nexus.example.org:8443/dockerhub), without"
            + " https:// (a mirror that speaks plain HTTP goes in <insecureRegistries> too)",
        assertThrows(
                UserInputException.class,
                () -> RegistryMirrors.parse("docker.io=https://mirror.gcr.io", "p"))
            .getMessage());
    assertEquals(
        "p mirror 1 of index.docker.io 'registry-1.docker.io' is the registry itself; a mirror is"
            + " another host",
        assertThrows(
                UserInputException.class,
                () -> RegistryMirrors.parse("index.docker.io=registry-1.docker.io", "p"))
            .getMessage());
    assertEquals(
        "p: the mirrors of registry-1.docker.io are already given; list all of a registry's mirrors in one"
            + " place",
        assertThrows(
                UserInputException.class,
                () ->
                    RegistryMirrors.parse(
                        "docker.io=a.example;registry-1.docker.io=b.example", "p"))
            .getMessage());
  }

  @Test
  void mirrorSettings_registryNotAHostOrWithoutMirrors_oneErrorEach() {
    assertEquals(
        "p: 'https://quay.io' is not a registry: write its host[:port] as images name it"
            + " (docker.io, quay.io, registry.example.org:5000), without https://",
        assertThrows(
                UserInputException.class,
                () -> RegistryMirrors.parse("https://quay.io=mirror.example", "p"))
            .getMessage());
    assertEquals(
        "<registryMirrors>/<registryMirror>[1] names no mirror for quay.io: give at least one"
            + " mirror, host[:port][/path]",
        assertThrows(
                UserInputException.class,
                () ->
                    RegistryMirrors.builder()
                        .add(
                            "quay.io", "<registryMirrors>/<registryMirror>[1]", List.of(), i -> ""))
            .getMessage());
  }

  @Test
  void dockerHubMirror_keyedByAnyOfItsNames() {
    RegistryMirrors mirrors = RegistryMirrors.parse("docker.io=mirror.gcr.io,nexus.lan/hub", "p");

    RegistryRef busybox = RegistryRef.parse("index.docker.io/busybox", "<from>");
    assertEquals(
        List.of("mirror.gcr.io", "nexus.lan/hub"),
        mirrors.of(busybox.registry()).stream().map(RegistryMirrors.Mirror::toString).toList());
    assertEquals(
        "hub/library/busybox",
        mirrors.of(busybox.registry()).get(1).repository(busybox.repository()));
    assertTrue(mirrors.of("quay.io").isEmpty());
  }
}
