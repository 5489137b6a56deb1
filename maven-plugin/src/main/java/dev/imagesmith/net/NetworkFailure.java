package dev.imagesmith.net;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * A network failure the user can act on, worded for them, where the JDK says only {@code
 * ConnectException} (its cause an {@code UnresolvedAddressException} without a message) or {@code
 * Tunnel failed, got: 407}. Retrying such a failure only makes the user wait: a name no DNS answers
 * does not start resolving a second later, and a proxy does not change its mind about credentials.
 * Callers throw it as the user's mistake, prefixed with what they were doing.
 */
public final class NetworkFailure extends IOException {
  private NetworkFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code failure} worded when it is one of these, else empty (the caller keeps {@code failure}):
   * a host name this machine cannot resolve (the target's, or the proxy's when the target goes
   * through one: then the target's is never resolved here), or a proxy that wants or refused
   * credentials.
   */
  public static Optional<NetworkFailure> of(IOException failure, URI target, Proxies proxies) {
    if (failure instanceof NetworkFailure known) {
      return Optional.of(known);
    }
    Optional<ProxyServer> proxy = proxies.forTarget(target);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return Optional.of(new NetworkFailure(unresolved(target, proxies, proxy), failure));
      }
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (proxy.isPresent() && message.contains("got: 407")) {
        return Optional.of(proxyAuthentication(target, proxies, failure));
      }
    }
    return Optional.empty();
  }

  /** An answer {@code 407 Proxy Authentication Required} to a request for {@code target}. */
  public static NetworkFailure proxyAuthentication(URI target, Proxies proxies) {
    return proxyAuthentication(target, proxies, null);
  }

  private static NetworkFailure proxyAuthentication(URI target, Proxies proxies, Throwable cause) {
    Optional<ProxyServer> found = proxies.forTarget(target);
    String where = hostAndPort(target);
    if (found.isEmpty()) {
      return new NetworkFailure(
          where
              + " answered HTTP 407 (proxy authentication required), but no proxy is configured"
              + " for it, so no proxy credentials were sent: configure the proxy in settings.xml"
              + " <proxies> (or HTTPS_PROXY and HTTP_PROXY), or check NO_PROXY and"
              + " <nonProxyHosts>",
          cause);
    }
    ProxyServer proxy = found.get();
    String head = "the " + proxy + " asks for credentials (HTTP 407) on the way to " + where;
    if (!proxy.hasCredentials()) {
      return new NetworkFailure(
          head
              + ": give them as <username> and <password> of the settings.xml <proxy> (a"
              + " password encrypted with mvn --encrypt-password works), or as"
              + " http://user:password@host:port in HTTPS_PROXY",
          cause);
    }
    if ("https".equalsIgnoreCase(target.getScheme()) && Proxies.basicTunnellingDisabled()) {
      return new NetworkFailure(
          head
              + ", and the JDK sends Basic credentials to the proxy of an https tunnel only when"
              + " Maven's JVM is started with -D"
              + Proxies.TUNNELLING_PROPERTY
              + "= (empty): add it to MAVEN_OPTS or to .mvn/jvm.config",
          cause);
    }
    return new NetworkFailure(
        "the "
            + proxy
            + " refused the credentials of user "
            + proxy.username()
            + " (HTTP 407) on the way to "
            + where
            + ": check the user name and password there",
        cause);
  }

  private static String unresolved(URI target, Proxies proxies, Optional<ProxyServer> proxy) {
    if (proxy.isPresent()) {
      return "cannot resolve host "
          + proxy.get().host()
          + " of the "
          + proxy.get()
          + ": this machine's DNS has no address for it; check the proxy's host there";
    }
    String host = target.getHost();
    String bypass = "";
    if (!proxies.isEmpty()) {
      bypass =
          " It bypasses the configured proxy (NO_PROXY, <nonProxyHosts> or http.nonProxyHosts"
              + " name it, or it is on this machine);";
    }
    return "cannot resolve host "
        + host
        + " (this machine's DNS has no address for it), so "
        + hostAndPort(target)
        + " cannot be reached."
        + bypass
        + " Check the name; if only a proxy can reach it, configure the proxy in settings.xml"
        + " <proxies> (or HTTPS_PROXY, or -Dhttps.proxyHost)";
  }

  private static String hostAndPort(URI target) {
    int port = target.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }
    return target.getHost() + ":" + port;
  }
}
