package dev.imagesmith.net;

import dev.imagesmith.error.UserInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The proxies a build uses when settings.xml names none, from the places other tools look: the
 * JVM's standard properties ({@code https.proxyHost}, {@code https.proxyPort}, {@code
 * http.proxyHost}, {@code http.proxyPort}, {@code http.nonProxyHosts} for both, as the JDK reads
 * them), else the environment as curl reads it ({@code https_proxy} or {@code HTTPS_PROXY}, {@code
 * http_proxy} or {@code HTTP_PROXY}, {@code no_proxy} or {@code NO_PROXY}; the lower-case name
 * first). A proxy URL may carry {@code user:password@}; it must be {@code http://} (or name no
 * scheme): the JDK speaks to proxies in plain HTTP only, and a SOCKS proxy is not supported.
 */
public final class ProxyDefaults {
  /** curl's default port for a proxy URL without one. */
  static final int DEFAULT_PORT = 1080;

  private ProxyDefaults() {}

  /**
   * The proxies of the JVM's properties, or {@link Proxies#NONE} when neither {@code
   * https.proxyHost} nor {@code http.proxyHost} is set.
   *
   * @param property a property's value, or {@code null}
   */
  public static Proxies fromProperties(UnaryOperator<String> property) {
    NonProxyHosts bypass = NonProxyHosts.ofPatterns(property.apply("http.nonProxyHosts"));
    return new Proxies(
        fromProperties(property, "http", 80, bypass),
        fromProperties(property, "https", 443, bypass));
  }

  private static ProxyServer fromProperties(
      UnaryOperator<String> property, String scheme, int defaultPort, NonProxyHosts bypass) {
    String host = property.apply(scheme + ".proxyHost");
    if (host == null || host.isBlank()) {
      return null;
    }
    String portText = property.apply(scheme + ".proxyPort");
    int port = defaultPort;
    if (portText != null && !portText.isBlank()) {
      port = port(portText.trim(), "the property " + scheme + ".proxyPort");
    }
    return new ProxyServer(host, port, null, null, bypass, "the property " + scheme + ".proxyHost");
  }

  /**
   * The proxies of the environment, or {@link Proxies#NONE} when no proxy variable is set.
   *
   * @throws UserInputException naming the variable whose URL is not an http proxy URL
   */
  public static Proxies fromEnvironment(Map<String, String> environment) {
    String[] noProxy = variable(environment, "no_proxy");
    NonProxyHosts bypass =
        noProxy == null ? NonProxyHosts.NONE : NonProxyHosts.ofNoProxy(noProxy[1]);
    return new Proxies(
        fromEnvironment(environment, "http_proxy", bypass),
        fromEnvironment(environment, "https_proxy", bypass));
  }

  private static ProxyServer fromEnvironment(
      Map<String, String> environment, String name, NonProxyHosts bypass) {
    String[] found = variable(environment, name);
    if (found == null) {
      return null;
    }
    String where = "the environment variable " + found[0];
    String text = found[1].trim();
    URI uri;
    try {
      uri = new URI(text.contains("://") ? text : "http://" + text);
    } catch (URISyntaxException e) {
      throw new UserInputException(
          where + " is not a proxy URL: write http://host:port (with user:password@ if needed)");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new UserInputException(
          where
              + " names a "
              + scheme
              + ": proxy; only HTTP proxies are supported (the JDK speaks to a proxy in plain"
              + " HTTP, and https targets go through it in a CONNECT tunnel): write http://host:port");
    }
    if (uri.getHost() == null) {
      throw new UserInputException(
          where + " names no proxy host: write http://host:port (with user:password@ if needed)");
    }
    String user = null;
    String password = null;
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      user = colon < 0 ? info : info.substring(0, colon);
      password = colon < 0 ? "" : info.substring(colon + 1);
    }
    int port =
        uri.getPort() < 0
            ? DEFAULT_PORT
            : port(String.valueOf(uri.getPort()), "the port of " + where);
    return new ProxyServer(uri.getHost(), port, user, password, bypass, where);
  }

  /** {@code {name, value}} of the lower-case variable, else the upper-case one, else null. */
  private static String[] variable(Map<String, String> environment, String lower) {
    for (String name : new String[] {lower, lower.toUpperCase(Locale.ROOT)}) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        return new String[] {name, value};
      }
    }
    return null;
  }

  static int port(String text, String where) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // worded below
    }
    throw new UserInputException(where + " '" + text + "' is not a port number (1 to 65535)");
  }
}
