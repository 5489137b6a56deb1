package dev.imagesmith.registry;

import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.net.Proxies;
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
 * @param transfers how long a response body may stall or take (its size is the descriptor's to
 *     check, so the maximum size is not used here)
 * @param proxies the way out to registries (and to what {@code download} and {@code debian} steps
 *     fetch)
 * @param mirrors the mirrors a pull asks before each registry (pushes never use them)
 */
public record RegistryOptions(
    List<CredentialSource> credentials,
    Set<String> insecureRegistries,
    SSLContext sslContext,
    RetryPolicy retry,
    boolean offline,
    TransferLimits transfers,
    Proxies proxies,
    RegistryMirrors mirrors) {
  public RegistryOptions {
    credentials = List.copyOf(credentials);
    insecureRegistries = Set.copyOf(insecureRegistries);
    transfers = transfers == null ? TransferLimits.DEFAULT : transfers;
    proxies = proxies == null ? Proxies.NONE : proxies;
    mirrors = mirrors == null ? RegistryMirrors.NONE : mirrors;
  }

  /** Without mirrors. */
  public RegistryOptions(
      List<CredentialSource> credentials,
      Set<String> insecureRegistries,
      SSLContext sslContext,
      RetryPolicy retry,
      boolean offline,
      TransferLimits transfers,
      Proxies proxies) {
    this(
        credentials,
        insecureRegistries,
        sslContext,
        retry,
        offline,
        transfers,
        proxies,
        RegistryMirrors.NONE);
  }

  /** Without a proxy. */
  public RegistryOptions(
      List<CredentialSource> credentials,
      Set<String> insecureRegistries,
      SSLContext sslContext,
      RetryPolicy retry,
      boolean offline,
      TransferLimits transfers) {
    this(credentials, insecureRegistries, sslContext, retry, offline, transfers, Proxies.NONE);
  }

  /** With the default {@link TransferLimits}, without a proxy. */
  public RegistryOptions(
      List<CredentialSource> credentials,
      Set<String> insecureRegistries,
      SSLContext sslContext,
      RetryPolicy retry,
      boolean offline) {
    this(credentials, insecureRegistries, sslContext, retry, offline, TransferLimits.DEFAULT);
  }

  /** These options with other transfer limits. */
  public RegistryOptions withTransfers(TransferLimits limits) {
    return with(offline, limits, proxies, mirrors);
  }

  /** These options through other proxies. */
  public RegistryOptions withProxies(Proxies through) {
    return with(offline, transfers, through, mirrors);
  }

  /** These options, offline or not. */
  public RegistryOptions withOffline(boolean cacheOnly) {
    return with(cacheOnly, transfers, proxies, mirrors);
  }

  /** These options with other mirrors. */
  public RegistryOptions withMirrors(RegistryMirrors others) {
    return with(offline, transfers, proxies, others);
  }

  /** The with-ers' one copy: the credentials, trust and retries as they are. */
  private RegistryOptions with(
      boolean offline, TransferLimits transfers, Proxies proxies, RegistryMirrors mirrors) {
    return new RegistryOptions(
        credentials, insecureRegistries, sslContext, retry, offline, transfers, proxies, mirrors);
  }

  /** No credentials, TLS by the JVM's trust, default retries, online. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(List.of(), Set.of(), null, RetryPolicy.DEFAULT, false);
  }
}
