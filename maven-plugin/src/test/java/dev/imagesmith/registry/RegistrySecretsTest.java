package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.testkit.LogLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that echo the credentials they were sent (the catalogue's class S), against a real
 * docker-registry: whatever the token service or the registry says back, neither the error (its
 * whole cause chain) nor any log line holds the password, the basic header made of it, or a token.
 */
class RegistrySecretsTest {
  private static final String BASIC =
      Base64.getEncoder()
          .encodeToString(
              (RegistryServer.USER + ":" + RegistryServer.PASSWORD)
                  .getBytes(StandardCharsets.UTF_8));

  @RegisterExtension
  static final RegistryFixture tokenRegistry =
      RegistryFixture.withTokens(
          tokens -> tokens.accept(RegistryServer.USER, RegistryServer.PASSWORD));

  @TempDir Path dir;

  private static RegistryOptions options(String address) {
    return TestClients.quickRetries(
        List.of(TestClients.pomAuth(address, RegistryServer.USER, RegistryServer.PASSWORD)));
  }

  /** The failure of a pull of {@code ref}, as text: every message down the cause chain. */
  private String failedPull(String address, String ref, LogLines log) {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> TestClients.pull(options(address), log, dir.resolve("cache"), ref));
    List<String> chain = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.add(t.toString());
    }
    return String.join("\n", chain);
  }

  private static void assertNoSecret(String text) {
    assertFalse(text.contains(RegistryServer.PASSWORD), text);
    assertFalse(text.contains(BASIC), text);
    assertFalse(text.contains("eyJ"), text); // the JSON header of a JWT: a token
  }

  @Test
  void S2_tokenServiceEchoesTheBasicHeader_inNoErrorNorLogLine() {
    for (int status : List.of(401, 403, 400, 500)) {
      tokenRegistry.tokens().reset();
      tokenRegistry.tokens().accept(RegistryServer.USER, RegistryServer.PASSWORD).echoing(status);
      LogLines log = new LogLines();

      String error = failedPull(tokenRegistry.address(), tokenRegistry.address() + "/t/a:1", log);

      assertTrue(tokenRegistry.tokens().requests.stream().allMatch(TokenServer.Request::basicAuth));
      assertTrue(error.contains("HTTP " + status), error);
      assertNoSecret(error);
      assertNoSecret(log.text());
    }
  }

  @Test
  void S2_tokenServiceEchoes_maskedBodyStillSaysWhatHappened() {
    tokenRegistry.tokens().echoing(401);

    String error =
        failedPull(tokenRegistry.address(), tokenRegistry.address() + "/t/a:1", new LogLines());

    assertTrue(error.contains("\"Authorization\":\"***\""), error);
    assertTrue(error.contains("The registry wants credentials"), error);
  }

  @Test
  void S3_registryEchoesTheBearerToken_inNoErrorNorLogLine() throws Exception {
    try (FaultProxy proxy = new FaultProxy(tokenRegistry.address())) {
      proxy.always("GET /v2/t/echo/manifests/", FaultProxy.Fault.ECHO_AUTHORIZATION);
      LogLines log = new LogLines();

      String error = failedPull(proxy.address(), proxy.address() + "/t/echo:1", log);

      assertTrue(error.contains("failed with HTTP 400"), error);
      assertTrue(error.contains("Authorization: ***"), error);
      assertNoSecret(error);
      assertNoSecret(log.text());
    }
  }

  @Test
  void S3_registryEchoesTheBasicHeader_inNoErrorNorLogLine() throws Exception {
    try (RegistryServer basic =
            RegistryServer.start(dir.resolve("basic"), RegistryServer.Mode.BASIC_AUTH);
        FaultProxy proxy = new FaultProxy(basic.address())) {
      proxy.always("GET /v2/t/echo/manifests/", FaultProxy.Fault.ECHO_AUTHORIZATION);
      LogLines log = new LogLines();

      String error = failedPull(proxy.address(), proxy.address() + "/t/echo:1", log);

      assertTrue(error.contains("failed with HTTP 400"), error);
      assertNoSecret(error);
      assertNoSecret(log.text());
    }
  }
}
