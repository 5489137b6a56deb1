package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RegistryClient} per registry of a build, with its credentials looked up once. The log
 * says which source the credentials came from, never the secret.
 */
public final class Registries {
  private final RegistryOptions options;
  private final BuildLog log;
  private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

  public Registries(RegistryOptions options, BuildLog log) {
    this.options = options;
    this.log = log;
  }

  public RegistryOptions options() {
    return options;
  }

  public RegistryClient client(String registry) {
    return clients.computeIfAbsent(registry, this::create);
  }

  private RegistryClient create(String registry) {
    List<String> asked = new ArrayList<>();
    Optional<RegistryCredential> found = Optional.empty();
    for (CredentialSource source : options.credentials()) {
      asked.add(source.describe(registry));
      try {
        found = source.find(registry);
      } catch (IOException e) {
        throw new ImagesmithException(
            "registry " + registry + ": reading credentials failed: " + e.getMessage(), e);
      }
      if (found.isPresent()) {
        break;
      }
    }
    String hint;
    if (found.isPresent()) {
      // From now on the secret (and the basic header made of it) is masked wherever it shows.
      RegistryCredential credential = found.get();
      if (credential.identityToken()) {
        Redaction.rememberSecret(credential.secret());
      } else {
        Redaction.rememberCredential(credential.username(), credential.secret());
      }
      log.info("Registry " + registry + ": using " + found.get());
      hint = "used " + found.get();
    } else {
      hint =
          asked.isEmpty()
              ? "no credential source was configured"
              : "none found in " + String.join(", ", asked);
      log.info("Registry " + registry + ": no credentials (" + hint + ")");
    }
    return new HttpRegistryClient(registry, options, new Login(found, hint), log);
  }
}
