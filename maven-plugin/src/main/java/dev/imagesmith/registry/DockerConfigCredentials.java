package dev.imagesmith.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.registry.RegistryAliasGroup;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a docker {@code config.json}, asked the way the docker CLI asks it: {@code
 * credHelpers} for the registry, then an {@code auths} entry with a value, then the {@code
 * credsStore}. An {@code auths} entry with an {@code identitytoken} gives that token, not a
 * password ({@link RegistryCredential#identityToken()}). Docker Hub's aliases ({@code docker.io},
 * {@code index.docker.io}, {@code https://index.docker.io/v1/}) come from Jib's alias table.
 *
 * <p>Helpers are run by us, not by Jib: Jib looks them up on the JVM's own {@code PATH} and turns a
 * failing helper into a debug line, so the build went on without credentials and failed later with
 * a 401 that hid the cause. Here the {@code PATH} comes from the environment given to the
 * constructor, and a helper that fails ends the build naming it (security-cases.md N19).
 */
public final class DockerConfigCredentials implements CredentialSource {
  private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private final Path configFile;
  private final Map<String, String> environment;
  private final BuildLog log;

  /**
   * @param environment where helpers are looked up ({@code PATH}), normally {@link System#getenv()}
   */
  public DockerConfigCredentials(Path configFile, Map<String, String> environment, BuildLog log) {
    this.configFile = configFile;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /** Helpers on the JVM's own {@code PATH}. */
  public DockerConfigCredentials(Path configFile, BuildLog log) {
    this(configFile, System.getenv(), log);
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
  public static Path defaultConfigFile(Map<String, String> environment, Path userHome) {
    String dir = environment.get("DOCKER_CONFIG");
    return dir != null && !dir.isBlank()
        ? Path.of(dir).resolve("config.json")
        : userHome.resolve(".docker").resolve("config.json");
  }

  @Override
  public Optional<RegistryCredential> find(String registry) throws IOException {
    if (!Files.isRegularFile(configFile)) {
      return Optional.empty();
    }
    JsonNode config;
    try {
      config = JsonTrees.parse(Files.readAllBytes(configFile));
    } catch (IOException | RuntimeException e) {
      // Jackson's message may quote the file, and the file holds secrets: not shown.
      throw new UserInputException(
          "docker config " + configFile + " is not valid JSON; fix it or run docker login again");
    }
    List<String> aliases = RegistryAliasGroup.getAliasesGroup(registry);
    for (String alias : aliases) {
      String helper = text(entry(config.get("credHelpers"), alias));
      if (helper != null) {
        return ask(
            new CredentialHelper(helper, "credHelpers of " + configFile), alias, registry, true);
      }
    }
    for (String alias : aliases) {
      Optional<RegistryCredential> auth = auth(entry(config.get("auths"), alias), registry);
      if (auth.isPresent()) {
        return auth;
      }
    }
    String store = text(config.get("credsStore"));
    if (store != null) {
      CredentialHelper helper = new CredentialHelper(store, "credsStore of " + configFile);
      for (String alias : aliases) {
        Optional<RegistryCredential> found = ask(helper, alias, registry, false);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * @param required whether a missing helper is an error: yes when {@code credHelpers} names it for
   *     this registry; a global {@code credsStore} copied from another machine only warns, as
   *     anonymous pulls of public images must still work
   */
  private Optional<RegistryCredential> ask(
      CredentialHelper helper, String alias, String registry, boolean required) throws IOException {
    Optional<Path> executable = helper.locate(environment);
    if (executable.isEmpty()) {
      String message =
          "docker config "
              + configFile
              + " names the credential helper '"
              + helper.name()
              + "' for "
              + registry
              + ", but docker-credential-"
              + helper.name()
              + " is not on the PATH";
      if (required) {
        throw new UserInputException(
            message + ". Install it, or remove the entry from credHelpers");
      }
      log.warn(message + "; going on without its credentials");
      return Optional.empty();
    }
    String server = isDockerHub(alias) ? DOCKER_HUB_SERVER : alias;
    return helper.get(executable.get(), server, environment, describe(registry));
  }

  private Optional<RegistryCredential> auth(JsonNode entry, String registry) {
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    String encoded = text(entry.get("auth"));
    String identityToken = text(entry.get("identitytoken"));
    if (identityToken != null) {
      // Wins over "auth", as in the docker CLI: there "auth" holds at most the user name (often
      // "<token>" or ACR's all-zero GUID) with an empty password.
      return Optional.of(
          RegistryCredential.ofIdentityToken(
              userNameOf(encoded), identityToken, describe(registry)));
    }
    if (encoded != null && !encoded.isBlank()) {
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        pair = "";
      }
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        throw new UserInputException(
            "docker config "
                + configFile
                + ": the 'auth' of "
                + registry
                + " is not base64 of user:password; run docker login "
                + registry
                + " again");
      }
      return Optional.of(
          new RegistryCredential(
              pair.substring(0, colon), pair.substring(colon + 1), describe(registry)));
    }
    String user = text(entry.get("username"));
    String password = text(entry.get("password"));
    if (user != null && password != null) {
      return Optional.of(new RegistryCredential(user, password, describe(registry)));
    }
    return Optional.empty();
  }

  /** The user name in an "auth" value beside an identity token; empty when there is none. */
  private static String userNameOf(String encoded) {
    if (encoded == null) {
      return "";
    }
    try {
      String pair = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? pair : pair.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The entry whose key is {@code alias}, also written as a URL ({@code https://alias/v1/}). */
  private static JsonNode entry(JsonNode map, String alias) {
    if (map == null || !map.isObject()) {
      return null;
    }
    if (map.has(alias)) {
      return map.get(alias);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
      int slash = key.indexOf('/');
      if ((slash < 0 ? key : key.substring(0, slash)).equals(alias)) {
        return field.getValue();
      }
    }
    return null;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  private static boolean isDockerHub(String alias) {
    return RegistryAliasGroup.getAliasesGroup("docker.io").contains(alias);
  }

  @Override
  public String describe(String registry) {
    return "docker config " + configFile + " (auths/credHelpers/credsStore for '" + registry + "')";
  }
}
