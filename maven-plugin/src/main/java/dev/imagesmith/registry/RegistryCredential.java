package dev.imagesmith.registry;

/**
 * A user name and secret for one registry, and where they came from. {@link #toString()} never
 * shows the secret (SECURITY-CASES.md O8): logs name only the source.
 *
 * @param source e.g. {@code "settings.xml <server> 'registry.example.org'"}
 */
public record RegistryCredential(String username, String secret, String source) {
  @Override
  public String toString() {
    return "credentials of '" + username + "' from " + source;
  }
}
