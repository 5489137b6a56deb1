package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.registry.CredentialSource;
import dev.imagesmith.registry.DockerConfigCredentials;
import dev.imagesmith.registry.RegistryCredential;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryRef;
import dev.imagesmith.registry.RetryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What {@code image:build} (for registry bases) and {@code image:push} share: the configuration of
 * registry access ({@code <auth>}, {@code <insecureRegistries>}) turned into {@link
 * RegistryOptions}. Credentials are looked for in this order: POM {@code <auth>} (its password
 * given, or read from the environment variable {@code <passwordEnv>} names), {@code settings.xml}
 * {@code <server>}, docker {@code config.json}.
 */
final class RegistryAccess {
  private RegistryAccess() {}

  /**
   * @param toImage the {@code <to><image>} reference (the registry {@code <auth>} is for by
   *     default), or {@code null}
   */
  static RegistryOptions options(
      Auth auth,
      List<String> insecureRegistries,
      String toImage,
      Settings settings,
      SettingsDecrypter decrypter,
      boolean offline,
      BuildLog log) {
    return options(
        auth, insecureRegistries, toImage, settings, decrypter, offline, log, System.getenv());
  }

  /**
   * @param environment where {@code <auth>/<passwordEnv>} is looked up (the build's environment)
   */
  static RegistryOptions options(
      Auth auth,
      List<String> insecureRegistries,
      String toImage,
      Settings settings,
      SettingsDecrypter decrypter,
      boolean offline,
      BuildLog log,
      Map<String, String> environment) {
    List<CredentialSource> sources = new ArrayList<>();
    String password = auth == null ? null : password(auth, environment);
    if (auth != null) {
      requireResolved("<auth>/<username>", auth.username());
      requireResolved("<auth>/<password>", auth.password()); // a variable's value is taken as it is
    }
    if (auth != null && isBlank(auth.username()) && !isBlank(password)) {
      throw new UserInputException(
          "<auth>/<username> is empty but <auth>/<password> is set: set the user name too (an"
              + " ${env.NAME} whose variable is not set is empty)");
    }
    if (auth != null && auth.username() != null && !auth.username().isBlank()) {
      String registry = auth.registry();
      if (registry == null || registry.isBlank()) {
        if (toImage == null) {
          throw new UserInputException(
              "<auth> names no <registry> and there is no <to><image> to take it from: add"
                  + " <registry>host[:port]</registry> to <auth>");
        }
        registry = RegistryRef.parse(toImage, "<to>/<image>").registry();
      }
      if (password == null || password.isBlank()) {
        throw new UserInputException(
            "<auth>/<password> is empty for user '"
                + auth.username()
                + "' (an ${env.NAME} whose variable is not set is empty): set it, best by naming"
                + " the environment variable that holds it, which keeps it out of mvn -X:"
                + " <passwordEnv>REGISTRY_TOKEN</passwordEnv>");
      }
      sources.add(
          CredentialSource.fixed(
              registry.trim(),
              new RegistryCredential(auth.username(), password, "the POM's <auth>")));
    }
    sources.add(new SettingsCredentials(settings, decrypter));
    sources.add(
        new DockerConfigCredentials(
            DockerConfigCredentials.defaultConfigFile(
                System.getenv(), Path.of(System.getProperty("user.home"))),
            log));
    Set<String> insecure = new LinkedHashSet<>();
    if (insecureRegistries != null) {
      insecureRegistries.stream()
          .filter(r -> r != null && !r.isBlank())
          .map(String::trim)
          .forEach(insecure::add);
    }
    return new RegistryOptions(sources, insecure, null, RetryPolicy.DEFAULT, offline);
  }

  /**
   * The password of {@code auth}: {@code <password>}, or the variable {@code <passwordEnv>} names.
   * Messages never quote a value that may be the secret.
   */
  private static String password(Auth auth, Map<String, String> environment) {
    String name = auth.passwordEnv();
    if (isBlank(name)) {
      return auth.password();
    }
    if (!isBlank(auth.password())) {
      throw new UserInputException(
          "<auth> has both <password> and <passwordEnv>: keep <passwordEnv> (it keeps the secret"
              + " out of mvn -X) and remove <password>");
    }
    if (!ENVIRONMENT_NAME.matcher(name.trim()).matches() || environment.containsValue(name)) {
      // Not quoted: a <passwordEnv>${env.TOKEN}</passwordEnv> holds the secret itself by now
      // (which is why a value equal to some variable's value counts as no name either).
      throw new UserInputException(
          "<auth>/<passwordEnv> is not the name of an environment variable: write the name alone,"
              + " for example <passwordEnv>REGISTRY_TOKEN</passwordEnv>, not ${env.REGISTRY_TOKEN}");
    }
    String value = environment.get(name.trim());
    if (value == null || value.isEmpty()) {
      throw new UserInputException(
          "<auth>/<passwordEnv> names the environment variable "
              + name.trim()
              + ", which is not set for this build: export it before running Maven (in CI, from"
              + " the secret store)");
    }
    return value;
  }

  private static final java.util.regex.Pattern ENVIRONMENT_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * An expression Maven left as it was ({@code ${env.TOKEN}} where the POM's interpolation found no
   * variable) must not become a user name or a password that is sent to a registry.
   */
  private static void requireResolved(String where, String value) {
    java.util.regex.Matcher expression =
        java.util.regex.Pattern.compile("\\$\\{[^}]*}?").matcher(value == null ? "" : value);
    if (expression.find()) {
      // Only the expression is quoted: the rest of the value may be a secret.
      throw new UserInputException(
          where
              + " holds '"
              + expression.group()
              + "', an expression Maven did not resolve: set the environment variable or property"
              + " it names");
    }
  }
}
