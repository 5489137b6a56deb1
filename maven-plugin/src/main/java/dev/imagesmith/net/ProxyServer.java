package dev.imagesmith.net;

/**
 * One forward HTTP proxy and the hosts that bypass it. The proxy is always spoken to in plain HTTP
 * (the JDK's client knows no other kind): an {@code https://} target goes through a {@code CONNECT}
 * tunnel, so the proxy sees the host name and port, never the request.
 *
 * @param host the proxy's host name or address, resolved by this machine
 * @param username {@code null} when the proxy needs no credentials
 * @param password never logged; masked wherever it could show ({@link Proxies})
 * @param bypass the targets that are reached directly
 * @param source where the proxy was configured, for messages ({@code settings.xml <proxy> with
 *     <id>corp</id>}, {@code the environment variable HTTPS_PROXY})
 */
public record ProxyServer(
    String host, int port, String username, String password, NonProxyHosts bypass, String source) {
  public ProxyServer {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a proxy needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port out of range: " + port);
    }
    host = host.trim();
    bypass = bypass == null ? NonProxyHosts.NONE : bypass;
  }

  /** Whether the proxy was given credentials. */
  public boolean hasCredentials() {
    return username != null && !username.isEmpty();
  }

  /** {@code host:port}, IPv6 in brackets. */
  public String address() {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** The proxy as messages name it: its address and where it was configured, never a secret. */
  @Override
  public String toString() {
    return "proxy " + address() + " (" + source + ")";
  }
}
