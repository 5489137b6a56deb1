package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.registry.CredentialSource;
import dev.imagesmith.registry.RegistryCredential;
import dev.imagesmith.registry.RegistryRef;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Credentials from {@code settings.xml}: the {@code <server>} whose {@code <id>} is the registry
 * ({@code host[:port]}), its password decrypted by Maven (settings-security.xml). A password that
 * cannot be decrypted is an error: ciphertext is never sent (security-cases.md N19). Docker Hub is
 * found under any of its names ({@code docker.io}, {@code index.docker.io}, {@code
 * registry-1.docker.io}; {@link RegistryRef#aliases}), the registry's own name first.
 */
final class SettingsCredentials implements CredentialSource {
  private final Settings settings;
  private final SettingsDecrypter decrypter;

  SettingsCredentials(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  @Override
  public Optional<RegistryCredential> find(String registry) {
    Server server = server(registry);
    if (server == null) {
      return Optional.empty();
    }
    Server decrypted = server;
    if (decrypter != null) {
      SettingsDecryptionResult result =
          decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      for (SettingsProblem problem : result.getProblems()) {
        if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
          throw new UserInputException(
              where(server)
                  + ": the password could not be decrypted ("
                  + problem.getMessage()
                  + "); check ~/.m2/settings-security.xml or encrypt it again with mvn"
                  + " --encrypt-password");
        }
      }
      decrypted = result.getServer();
    } else if (server.getPassword() != null && server.getPassword().startsWith("{")) {
      throw new UserInputException(
          where(server) + ": the password is encrypted but no decrypter is available");
    }
    return Optional.of(
        new RegistryCredential(
            decrypted.getUsername(),
            decrypted.getPassword() == null ? "" : decrypted.getPassword(),
            where(server)));
  }

  /** The first {@code <server>} with a user name among the registry's names, or null. */
  private Server server(String registry) {
    if (settings == null) {
      return null;
    }
    for (String id : RegistryRef.aliases(registry)) {
      Server server = settings.getServer(id);
      if (server != null && server.getUsername() != null) {
        return server;
      }
    }
    return null;
  }

  private static String where(Server server) {
    return "settings.xml <server> with <id>" + server.getId() + "</id>";
  }

  @Override
  public String describe(String registry) {
    List<String> ids = RegistryRef.aliases(registry);
    return ids.size() == 1
        ? "settings.xml <server> with <id>" + registry + "</id>"
        : "settings.xml <server> with <id>" + String.join("</id> or <id>", ids) + "</id>";
  }
}
