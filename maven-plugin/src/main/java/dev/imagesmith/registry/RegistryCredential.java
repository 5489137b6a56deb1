package dev.imagesmith.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and secret for one registry, and where they came from. {@link #toString()} never
 * shows the secret (security-cases.md O8): logs name only the source.
 *
 * @param source e.g. {@code "settings.xml <server> 'registry.example.org'"}
 * @param identityToken whether {@code secret} is an identity token ({@code docker login} to Azure
 *     ACR and some Harbor setups stores one instead of a password): an OAuth2 refresh token that
 *     only the registry's token service takes, never a password for basic auth
 */
public record RegistryCredential(
    String username, String secret, String source, boolean identityToken) {
  /** A user name and password. */
  public RegistryCredential(String username, String secret, String source) {
    this(username, secret, source, false);
  }

  /** An identity token, with the user name {@code docker login} stored beside it (may be empty). */
  public static RegistryCredential ofIdentityToken(String username, String token, String source) {
    return new RegistryCredential(username, token, source, true);
  }

  /** The {@code Authorization} value of basic auth with these credentials. */
  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return (identityToken ? "identity token" : "credentials")
        + " of '"
        + username
        + "' from "
        + source;
  }
}
