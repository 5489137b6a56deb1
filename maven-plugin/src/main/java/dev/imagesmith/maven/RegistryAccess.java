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
import java.util.Set;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What {@code image:build} (for registry bases) and {@code image:push} share: the configuration of
 * registry access ({@code <auth>}, {@code <insecureRegistries>}) turned into {@link
 * RegistryOptions}. Credentials are looked for in this order: POM {@code <auth>}, {@code
 * settings.xml} {@code <server>}, docker {@code config.json}.
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
    List<CredentialSource> sources = new ArrayList<>();
    if (auth != null) {
      requireResolved("<auth>/<username>", auth.username());
      requireResolved("<auth>/<password>", auth.password());
    }
    if (auth != null && isBlank(auth.username()) && !isBlank(auth.password())) {
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
      if (auth.password() == null || auth.password().isBlank()) {
        throw new UserInputException(
            "<auth>/<password> is empty for user '"
                + auth.username()
                + "' (an ${env.NAME} whose variable is not set is empty): set it, best from the"
                + " environment: <password>${env.REGISTRY_TOKEN}</password>");
      }
      sources.add(
          CredentialSource.fixed(
              registry.trim(),
              new RegistryCredential(auth.username(), auth.password(), "the POM's <auth>")));
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
