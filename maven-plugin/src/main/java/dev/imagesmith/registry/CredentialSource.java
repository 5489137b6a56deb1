package dev.imagesmith.registry;

import java.io.IOException;
import java.util.Optional;

/** One place credentials may come from; sources are asked in order, the first answer wins. */
public interface CredentialSource {
  /**
   * Credentials for {@code registry} ({@code host[:port]}), or empty.
   *
   * @throws IOException when the source exists but cannot be read (a failing credential helper)
   */
  Optional<RegistryCredential> find(String registry) throws IOException;

  /** What this source is, for the hint of a 401 ("settings.xml <server> id 'host'"). */
  String describe(String registry);

  /** A fixed credential for one registry (POM {@code <auth>}, decrypted settings.xml server). */
  static CredentialSource fixed(String forRegistry, RegistryCredential credential) {
    return new CredentialSource() {
      @Override
      public Optional<RegistryCredential> find(String registry) {
        // <auth><registry>docker.io</registry> is for Docker Hub by any of its names.
        return RegistryRef.sameRegistry(registry, forRegistry)
            ? Optional.of(credential)
            : Optional.empty();
      }

      @Override
      public String describe(String registry) {
        return credential.source();
      }
    };
  }
}
