package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.registry.RegistryCredential;
import dev.imagesmith.registry.RegistryOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.junit.jupiter.api.Test;

/** POM {@code <auth>} values as Maven hands them over, before any registry is asked (N19, O8). */
class RegistryAccessTest {
  private static final String REGISTRY = "registry.example.org";
  private static final BuildLog QUIET =
      new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
      };

  private static Auth auth(String username, String password) throws Exception {
    Auth auth = new Auth();
    MojoExtension.setVariableValueToObject(auth, "username", username);
    MojoExtension.setVariableValueToObject(auth, "password", password);
    return auth;
  }

  private static RegistryOptions options(Auth auth) {
    return RegistryAccess.options(
        auth, List.of(), REGISTRY + "/team/app:1", null, null, false, QUIET);
  }

  @Test
  void N19_unresolvedExpressionInPassword_refusedWithoutQuotingTheRest() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> options(auth("builder", "s3cret${env.REGISTRY_TOKEN}")));

    assertEquals(
        "<auth>/<password> holds '${env.REGISTRY_TOKEN}', an expression Maven did not resolve:"
            + " set the environment variable or property it names",
        e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void N19_unresolvedExpressionInUsername_refused() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class, () -> options(auth("${env.REGISTRY_USER}", "token")));

    assertTrue(e.getMessage().startsWith("<auth>/<username> holds '${env.REGISTRY_USER}'"));
  }

  @Test
  void N19_passwordWithoutUsername_refusedInsteadOfIgnored() throws Exception {
    UserInputException e =
        assertThrows(UserInputException.class, () -> options(auth(null, "token")));

    assertTrue(e.getMessage().startsWith("<auth>/<username> is empty"), e.getMessage());
    assertFalse(e.getMessage().contains("token"), e.getMessage());
  }

  @Test
  void N19_bothEmpty_authIsSkippedForTheOtherSources() throws Exception {
    // CI sets the variables, a developer's machine does not and uses docker login instead.
    RegistryOptions options = options(auth(null, null));

    assertEquals(2, options.credentials().size());
    assertTrue(options.credentials().get(0).describe(REGISTRY).startsWith("settings.xml"));
  }

  @Test
  void N19_resolvedAuth_isTheFirstSourceForTheToImagesRegistry() throws Exception {
    RegistryOptions options = options(auth("builder", "token"));

    Optional<RegistryCredential> found = options.credentials().get(0).find(REGISTRY);
    assertEquals("builder", found.orElseThrow().username());
    assertEquals("token", found.orElseThrow().secret());
    assertEquals(Optional.empty(), options.credentials().get(0).find("other.example.org"));
    assertFalse(found.orElseThrow().toString().contains("token"));
  }

  private static Auth authFromEnvironment(String username, String password, String passwordEnv)
      throws Exception {
    Auth auth = auth(username, password);
    MojoExtension.setVariableValueToObject(auth, "passwordEnv", passwordEnv);
    return auth;
  }

  private static RegistryOptions options(Auth auth, Map<String, String> environment) {
    return RegistryAccess.options(
        auth, List.of(), REGISTRY + "/team/app:1", null, null, false, QUIET, environment);
  }

  @Test
  void S7_passwordEnv_readFromTheEnvironmentWhenTheMojoRuns() throws Exception {
    RegistryOptions options =
        options(
            authFromEnvironment("builder", null, "REG_PASSWORD"),
            Map.of("REG_PASSWORD", "from-the-environment"));

    RegistryCredential found = options.credentials().get(0).find(REGISTRY).orElseThrow();
    assertEquals("builder", found.username());
    assertEquals("from-the-environment", found.secret());
  }

  @Test
  void S7_passwordEnvUnset_namesTheVariable() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> options(authFromEnvironment("builder", null, "REG_PASSWORD"), Map.of()));

    assertEquals(
        "<auth>/<passwordEnv> names the environment variable REG_PASSWORD, which is not set for"
            + " this build: export it before running Maven (in CI, from the secret store)",
        e.getMessage());
  }

  @Test
  void S7_passwordEnvHoldingTheExpandedSecret_refusedWithoutQuotingIt() throws Exception {
    // <passwordEnv>${env.REG_PASSWORD}</passwordEnv>: Maven put the secret itself there.
    for (String secret : List.of("Tr0ub4dor", "has spaces & symbols!")) {
      UserInputException e =
          assertThrows(
              UserInputException.class,
              () ->
                  options(
                      authFromEnvironment("builder", null, secret),
                      Map.of("REG_PASSWORD", secret)));

      assertTrue(
          e.getMessage().startsWith("<auth>/<passwordEnv> is not the name of an environment"),
          e.getMessage());
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
  }

  @Test
  void S7_passwordAndPasswordEnv_refused() throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                options(
                    authFromEnvironment("builder", "inline-secret", "REG_PASSWORD"),
                    Map.of("REG_PASSWORD", "x")));

    assertTrue(e.getMessage().startsWith("<auth> has both <password> and <passwordEnv>"));
    assertFalse(e.getMessage().contains("inline-secret"), e.getMessage());
  }
}
