package dev.imagesmith.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forward proxies a build reaches the network through: one for {@code http://} targets, one for
 * {@code https://} targets (often the same), each with the hosts that bypass it. Targets on this
 * machine ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) never go through a proxy: a proxy
 * elsewhere cannot reach them.
 *
 * <p>Given to the JDK's client as a {@link ProxySelector}, so the client connects to the proxy and
 * never resolves the target's name itself (a host only the proxy can resolve works). A proxy's
 * credentials are sent by us, as a {@code Proxy-Authorization} header on the requests that go
 * through that proxy ({@link #withCredentials}), never in answer to a challenge: a server's 401 or
 * a server that answers 407 as if it were a proxy gets nothing (security-cases.md N22), and the JDK
 * drops the header from a request that goes directly and from the request inside an https tunnel,
 * where it sends it only in the {@code CONNECT}. The JDK's {@link java.net.Authenticator} would not
 * do: it answers every Basic 401 as well, and throws when it has nothing to answer with. The JDK
 * puts Basic credentials into a {@code CONNECT} only when started with {@code
 * -Djdk.http.auth.tunneling.disabledSchemes=}; this class does not change that JVM-wide switch for
 * everyone in Maven's JVM, {@link NetworkFailure} says how to. Whoever makes a proxy with a
 * password registers it with {@code io.Redaction}, so that it is masked wherever it could show.
 */
public final class Proxies {
  /** No proxy: every target is reached directly. */
  public static final Proxies NONE = new Proxies(null, null);

  private static final String HEADER = "Proxy-Authorization";

  /** The JDK's switch for the authentication schemes it refuses to send to a tunnel's proxy. */
  public static final String TUNNELLING_PROPERTY = "jdk.http.auth.tunneling.disabledSchemes";

  private final ProxyServer http;
  private final ProxyServer https;

  /**
   * @param http the proxy for {@code http://} targets, or {@code null}
   * @param https the proxy for {@code https://} targets, or {@code null}
   */
  public Proxies(ProxyServer http, ProxyServer https) {
    this.http = http;
    this.https = https;
  }

  public boolean isEmpty() {
    return http == null && https == null;
  }

  /** The proxy a request to {@code target} goes through, or empty when it goes directly. */
  public Optional<ProxyServer> forTarget(URI target) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    ProxyServer server =
        switch (scheme) {
          case "http" -> http;
          case "https" -> https;
          default -> null;
        };
    String host = target.getHost();
    if (server == null || host == null || isLoopback(host) || server.bypass().matches(host)) {
      return Optional.empty();
    }
    return Optional.of(server);
  }

  /** {@code builder} with these proxies set; unchanged for none. */
  public HttpClient.Builder configure(HttpClient.Builder builder) {
    return isEmpty() ? builder : builder.proxy(new Selector());
  }

  /**
   * {@code request} with the {@code Proxy-Authorization} of the proxy it goes through, when that
   * proxy has credentials; else {@code request} itself.
   */
  public HttpRequest withCredentials(HttpRequest request) {
    Optional<ProxyServer> proxy = forTarget(request.uri());
    if (proxy.isEmpty() || !proxy.get().hasCredentials()) {
      return request;
    }
    String pair = proxy.get().username() + ":" + nullToEmpty(proxy.get().password());
    return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(HEADER))
        .header(
            HEADER,
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /** What the build log says about the proxies, one line each; empty for none. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    if (http != null && http.equals(https)) {
      lines.add("Proxy for http and https: " + line(http));
    } else {
      if (http != null) {
        lines.add("Proxy for http: " + line(http));
      }
      if (https != null) {
        lines.add("Proxy for https: " + line(https));
      }
    }
    return lines;
  }

  /**
   * Whether the JDK refuses to send Basic credentials to the proxy of an https tunnel: true unless
   * Maven's JVM was started with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (or a list
   * without Basic). The JDK reads the switch once, when its HTTP client is first used.
   */
  public static boolean basicTunnellingDisabled() {
    String value = System.getProperty(TUNNELLING_PROPERTY);
    if (value == null) {
      return true; // the JDK's net.properties default is "Basic"
    }
    for (String scheme : value.split(",")) {
      if (scheme.trim().equalsIgnoreCase("basic")) {
        return true;
      }
    }
    return false;
  }

  private static String line(ProxyServer server) {
    return server
        + (server.hasCredentials() ? ", with credentials for user " + server.username() : "")
        + (server.bypass().isEmpty() ? "" : "; not for " + server.bypass());
  }

  /** The distinct proxies, for the http one first. */
  public List<ProxyServer> servers() {
    List<ProxyServer> servers = new ArrayList<>();
    if (http != null) {
      servers.add(http);
    }
    if (https != null && !https.equals(http)) {
      servers.add(https);
    }
    return servers;
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /** Asked by the JDK for each request, redirects included. */
  private final class Selector extends ProxySelector {
    @Override
    public List<Proxy> select(URI uri) {
      return forTarget(uri)
          .map(
              server ->
                  List.of(
                      new Proxy(
                          Proxy.Type.HTTP,
                          // Unresolved: the JDK resolves the proxy's name when it connects.
                          InetSocketAddress.createUnresolved(server.host(), server.port()))))
          .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
      // The request fails and says why; there is no other proxy to try.
    }
  }
}
