package dev.imagesmith.registry;

import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How registries are reached.
 *
 * @param credentials asked in order for each registry
 * @param insecureRegistries {@code host[:port]} that may be reached over plain HTTP (without
 *     credentials unless on loopback); loopback registries may always fall back to HTTP
 * @param sslContext the TLS trust, {@code null} for the JVM's default
 * @param offline use only the cache; every network access is an error
 */
public record RegistryOptions(
    List<CredentialSource> credentials,
    Set<String> insecureRegistries,
    SSLContext sslContext,
    RetryPolicy retry,
    boolean offline) {
  public RegistryOptions {
    credentials = List.copyOf(credentials);
    insecureRegistries = Set.copyOf(insecureRegistries);
  }

  /** No credentials, TLS by the JVM's trust, default retries, online. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(List.of(), Set.of(), null, RetryPolicy.DEFAULT, false);
  }
}
