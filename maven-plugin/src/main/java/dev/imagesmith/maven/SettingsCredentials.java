package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.registry.CredentialSource;
import dev.imagesmith.registry.RegistryCredential;
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
 * cannot be decrypted is an error: ciphertext is never sent (security-cases.md N19).
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
    Server server = settings == null ? null : settings.getServer(registry);
    if (server == null || server.getUsername() == null) {
      return Optional.empty();
    }
    Server decrypted = server;
    if (decrypter != null) {
      SettingsDecryptionResult result =
          decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      for (SettingsProblem problem : result.getProblems()) {
        if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
          throw new UserInputException(
              describe(registry)
                  + ": the password could not be decrypted ("
                  + problem.getMessage()
                  + "); check ~/.m2/settings-security.xml or encrypt it again with mvn"
                  + " --encrypt-password");
        }
      }
      decrypted = result.getServer();
    } else if (server.getPassword() != null && server.getPassword().startsWith("{")) {
      throw new UserInputException(
          describe(registry) + ": the password is encrypted but no decrypter is available");
    }
    return Optional.of(
        new RegistryCredential(
            decrypted.getUsername(),
            decrypted.getPassword() == null ? "" : decrypted.getPassword(),
            describe(registry)));
  }

  @Override
  public String describe(String registry) {
    return "settings.xml <server> with <id>" + registry + "</id>";
  }
}
