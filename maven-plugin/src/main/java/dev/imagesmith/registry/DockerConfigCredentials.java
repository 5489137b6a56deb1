package dev.imagesmith.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.registry.credentials.DockerConfigCredentialRetriever;
import dev.imagesmith.event.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Credentials from a docker {@code config.json}: {@code auths}, {@code credHelpers} and {@code
 * credsStore}, read by Jib (which also knows Docker Hub's aliases such as {@code
 * https://index.docker.io/v1/}).
 */
public final class DockerConfigCredentials implements CredentialSource {
  private final Path configFile;
  private final BuildLog log;

  public DockerConfigCredentials(Path configFile, BuildLog log) {
    this.configFile = configFile;
    this.log = log;
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
    // Jib's messages may quote helper output; they go to debug only, never a secret of ours.
    Consumer<LogEvent> events = event -> log.debug("docker config: " + event.getMessage());
    // Jib's retriever, not its CredentialRetrieverFactory: the factory drags in Google's auth
    // library (for gcr.io application default credentials), which we leave out.
    Optional<Credential> found =
        DockerConfigCredentialRetriever.create(registry, configFile).retrieve(events);
    return found.map(
        c -> new RegistryCredential(c.getUsername(), c.getPassword(), describe(registry)));
  }

  @Override
  public String describe(String registry) {
    return "docker config " + configFile + " (auths/credHelpers/credsStore for '" + registry + "')";
  }
}
