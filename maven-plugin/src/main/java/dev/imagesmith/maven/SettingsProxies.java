package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.net.NonProxyHosts;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.net.ProxyDefaults;
import dev.imagesmith.net.ProxyServer;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The proxies of a build, as Maven's own downloads find theirs: the active {@code settings.xml}
 * {@code <proxy>} for each protocol (the first active one with {@code <protocol>https</protocol>}
 * for https targets, else the first active http one; the first active http one for http targets),
 * with its {@code <nonProxyHosts>} and its password decrypted by Maven (settings-security.xml; a
 * password that cannot be decrypted is an error, as for a {@code <server>}). Without an active
 * proxy there: the JVM's {@code https.proxyHost}/{@code http.proxyHost} properties, else {@code
 * HTTPS_PROXY}/{@code HTTP_PROXY} and {@code NO_PROXY} ({@link ProxyDefaults}). A proxy's password
 * is registered with {@link Redaction} before anything could print it.
 */
final class SettingsProxies {
  private SettingsProxies() {}

  /**
   * @param property the JVM's (Maven's) system properties
   * @param environment the build's environment
   */
  static Proxies of(
      Settings settings,
      SettingsDecrypter decrypter,
      UnaryOperator<String> property,
      Map<String, String> environment) {
    Proxies proxies = fromSettings(settings, decrypter);
    if (proxies.isEmpty()) {
      proxies = ProxyDefaults.fromProperties(property);
    }
    if (proxies.isEmpty()) {
      proxies = ProxyDefaults.fromEnvironment(environment);
    }
    for (ProxyServer server : proxies.servers()) {
      if (server.hasCredentials()) {
        Redaction.rememberCredential(server.username(), server.password());
      }
    }
    return proxies;
  }

  private static Proxies fromSettings(Settings settings, SettingsDecrypter decrypter) {
    if (settings == null) {
      return Proxies.NONE;
    }
    Proxy http = null;
    Proxy https = null;
    for (Proxy proxy : settings.getProxies()) {
      if (!proxy.isActive()) {
        continue;
      }
      String protocol =
          proxy.getProtocol() == null
              ? "http"
              : proxy.getProtocol().trim().toLowerCase(Locale.ROOT);
      if (protocol.equals("http") && http == null) {
        http = proxy;
      } else if (protocol.equals("https") && https == null) {
        https = proxy;
      }
    }
    ProxyServer forHttp = http == null ? null : server(http, decrypter);
    ProxyServer forHttps =
        https == null ? forHttp : https == http ? forHttp : server(https, decrypter);
    return new Proxies(forHttp, forHttps);
  }

  private static ProxyServer server(Proxy proxy, SettingsDecrypter decrypter) {
    String where = "settings.xml <proxy> with <id>" + proxy.getId() + "</id>";
    Proxy decrypted = proxy;
    if (decrypter != null && proxy.getPassword() != null) {
      var result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
      for (SettingsProblem problem : result.getProblems()) {
        if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
          throw new UserInputException(
              where
                  + ": the password could not be decrypted ("
                  + problem.getMessage()
                  + "); check ~/.m2/settings-security.xml or encrypt it again with mvn"
                  + " --encrypt-password");
        }
      }
      decrypted = result.getProxy();
    } else if (proxy.getPassword() != null && proxy.getPassword().startsWith("{")) {
      throw new UserInputException(
          where + ": the password is encrypted but no decrypter is available");
    }
    if (decrypted.getHost() == null || decrypted.getHost().isBlank()) {
      throw new UserInputException(where + " has no <host>: name the proxy's host");
    }
    if (decrypted.getPort() < 1 || decrypted.getPort() > 65535) {
      throw new UserInputException(
          where + " has <port>" + decrypted.getPort() + "</port>: write a port from 1 to 65535");
    }
    String user = decrypted.getUsername();
    return new ProxyServer(
        decrypted.getHost(),
        decrypted.getPort(),
        user == null || user.isBlank() ? null : user,
        user == null || user.isBlank() ? null : nullToEmpty(decrypted.getPassword()),
        NonProxyHosts.ofPatterns(decrypted.getNonProxyHosts()),
        where);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
