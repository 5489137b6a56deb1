package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials (htpasswd basic auth, docker config.json) and TLS against a real docker-registry. */
class RegistryAuthAndTlsTest {
  @TempDir Path dir;

  private PushResult push(RegistryOptions options, BuildLog log, String ref) throws Exception {
    BuiltImage image =
        TestImages.image(Platform.LINUX_AMD64, Map.of(), TestImages.layer("secret.txt", "guarded"));
    Path layout = dir.resolve("oci");
    Digest digest = TestImages.layout(layout, image, "1");
    return TestClients.push(options, log, layout, digest, ref);
  }

  @Test
  void basicAuth_fromDockerConfig_pushesAndPulls_logNamesSourceNotSecret() throws Exception {
    try (RegistryServer server =
        RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.BASIC_AUTH)) {
      Path config = dir.resolve("docker/config.json");
      Files.createDirectories(config.getParent());
      String auth =
          Base64.getEncoder()
              .encodeToString(
                  (RegistryServer.USER + ":" + RegistryServer.PASSWORD)
                      .getBytes(StandardCharsets.UTF_8));
      Files.writeString(
          config, "{\"auths\":{\"" + server.address() + "\":{\"auth\":\"" + auth + "\"}}}");
      LogLines log = new LogLines();
      RegistryOptions options =
          TestClients.quickRetries(List.of(new DockerConfigCredentials(config, log)));
      String ref = server.address() + "/team/guarded:1";

      PushResult result = push(options, log, ref);
      SourceImage pulled = TestClients.pull(options, log, dir.resolve("cache"), ref);

      assertEquals(result.digest(), pulled.manifestDescriptor().digest());
      assertTrue(log.text().contains("docker config " + config), log.text());
      assertTrue(log.text().contains("'" + RegistryServer.USER + "'"), log.text());
      assertFalse(log.text().contains(RegistryServer.PASSWORD), log.text());
      assertFalse(log.text().contains(auth), log.text());
    }
  }

  @Test
  void basicAuth_noCredentials_401NamesWhereWeLooked() throws Exception {
    try (RegistryServer server =
        RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.BASIC_AUTH)) {
      LogLines log = new LogLines();
      CredentialSource empty = new DockerConfigCredentials(dir.resolve("none.json"), log);
      UserInputException e =
          assertThrows(
              UserInputException.class,
              () ->
                  push(
                      TestClients.quickRetries(List.of(empty)),
                      log,
                      server.address() + "/team/x:1"));
      assertTrue(e.getMessage().contains("registry " + server.address()), e.getMessage());
      assertTrue(e.getMessage().contains("repository team/x"), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
      assertTrue(e.getMessage().contains("none found in docker config"), e.getMessage());
    }
  }

  @Test
  void basicAuth_wrongPassword_401NamesTheSourceNeverTheSecret() throws Exception {
    try (RegistryServer server =
        RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.BASIC_AUTH)) {
      LogLines log = new LogLines();
      CredentialSource pom =
          TestClients.pomAuth(server.address(), RegistryServer.USER, "wrong-pass-123");
      UserInputException e =
          assertThrows(
              UserInputException.class,
              () ->
                  push(
                      TestClients.quickRetries(List.of(pom)), log, server.address() + "/team/x:1"));
      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
      assertTrue(e.getMessage().contains(TestClients.POM_AUTH), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-pass-123"), e.getMessage());
      assertFalse(log.text().contains("wrong-pass-123"), log.text());
    }
  }

  @Test
  void tls_trustedSelfSignedCertificate_pushSkopeoSeesSameDigest() throws Exception {
    try (RegistryServer server =
        RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.TLS)) {
      LogLines log = new LogLines();
      String ref = server.address() + "/team/tls:1";

      PushResult result = push(TestClients.quickRetries(List.of(), server.trust()), log, ref);

      String inspect =
          RegistryServer.skopeoDigest(dir, ref, "--cert-dir", dir.resolve("registry").toString());
      assertEquals(result.digest().toString(), inspect);
      assertFalse(log.text().contains("plain HTTP"), log.text());
      assertTrue(
          server.accessLog().stream().anyMatch(l -> l.contains("PUT /v2/team/tls/manifests/1")));
    }
  }

  @Test
  void N15_tls_untrustedCertificate_failsWithoutFallingBackToHttp() throws Exception {
    try (RegistryServer server =
        RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.TLS)) {
      LogLines log = new LogLines();
      UserInputException e =
          assertThrows(
              UserInputException.class,
              () ->
                  push(
                      TestClients.quickRetries(List.of(), null),
                      log,
                      server.address() + "/team/tls:1"));
      assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
      assertTrue(e.getMessage().contains("trust"), e.getMessage());
      assertFalse(log.text().contains("plain HTTP"), log.text());
    }
  }
}
