package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a registry's {@code Bearer realm} may send the client for a token (SECURITY-CASES.md N1).
 * The realm comes from the registry's answer, so a hostile registry chooses it; the client must not
 * become its tool for reaching addresses only the build machine can reach (SSRF: cloud metadata at
 * 169.254.169.254, services on this machine or in its private network), with or without the user's
 * password.
 *
 * <p>The rules, for a realm on another host name than the registry's (the registry's own host name
 * is always fine, on any port):
 *
 * <ul>
 *   <li>https only; plain HTTP is allowed on the registry's own host name alone.
 *   <li>Never a link-local (169.254.0.0/16, fe80::/10), unspecified (0.0.0.0/8, ::) or multicast
 *       address: no token service belongs there.
 *   <li>A loopback address only when the registry is on loopback too.
 *   <li>A private address (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) only when every
 *       address of the registry's own host is private or loopback: a registry inside a private
 *       network may name a token service inside it, a registry outside may not send us in. This
 *       rule replaces an override switch: nothing to configure for the common corporate setup.
 * </ul>
 *
 * <p>Host names are resolved and every address is checked, because a name is as easy for a hostile
 * registry to choose as a literal ({@code metadata.google.internal}, or a name of its own pointing
 * at 169.254.169.254; even the integer form {@code 2852039166} is a "name" to {@link URI} and an
 * address to the resolver). A name that does not resolve passes: the request fails the same way.
 * Known limit, DNS rebinding: the HTTP client resolves again when it connects. The JDK's address
 * cache ({@code networkaddress.cache.ttl}, 30 s by default) makes both see the same answer unless
 * the entry expires in between; network egress rules are the real guard against that. For https
 * realms certificate checking is a second guard: an internal service will not present a certificate
 * for the attacker's name.
 */
final class TokenRealm {
  /** The addresses a host name stands for; {@link InetAddress#getAllByName} outside tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  static final Resolver DNS = InetAddress::getAllByName;

  /** What kind of place an address is, and why a foreign realm may not be there. */
  enum Reach {
    PUBLIC(""),
    LOOPBACK("a loopback address (this machine)"),
    PRIVATE("a private network address (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7)"),
    LINK_LOCAL(
        "a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer"),
    UNSPECIFIED("the unspecified address (0.0.0.0, ::), which reaches this machine"),
    MULTICAST("a multicast address");

    final String description;

    Reach(String description) {
      this.description = description;
    }
  }

  private TokenRealm() {}

  /**
   * The realm as a URI, once it is allowed.
   *
   * @param registry {@code host[:port]} that sent the challenge
   * @param plainHttpAllowed whether the registry may be reached over plain HTTP (loopback or listed
   *     in {@code <insecureRegistries>})
   * @throws UserInputException naming the registry, the realm and the reason; nothing was sent
   */
  static URI check(String registry, String realm, boolean plainHttpAllowed, Resolver resolver) {
    URI uri = parse(registry, realm);
    String realmHost = bare(uri.getHost());
    boolean sameHost = realmHost.equals(bare(RegistryRef.hostOf(registry)));
    if (!sameHost) {
      requireReachable(registry, realm, realmHost, resolver);
    }
    boolean https = "https".equals(uri.getScheme());
    if (!https && !("http".equals(uri.getScheme()) && sameHost && plainHttpAllowed)) {
      // A token realm over plain HTTP on another host would carry our password in the clear.
      throw new UserInputException(
          "registry "
              + registry
              + ": its token service "
              + realm
              + " is not https and not on the registry's own host; refusing to send credentials"
              + " or ask for tokens there. Serve the token service over https");
    }
    return uri;
  }

  /** Which kind of place {@code address} is; IPv4 inside IPv6 counts as its IPv4 address. */
  static Reach reach(InetAddress address) {
    InetAddress a = embeddedIpv4(address);
    byte[] b = a.getAddress();
    if (a.isAnyLocalAddress() || a instanceof Inet4Address && b[0] == 0) {
      return Reach.UNSPECIFIED;
    }
    if (a.isLoopbackAddress()) {
      return Reach.LOOPBACK;
    }
    if (a.isLinkLocalAddress()) {
      return Reach.LINK_LOCAL;
    }
    if (a.isMulticastAddress() || a instanceof Inet4Address && (b[0] & 0xff) == 255) {
      return Reach.MULTICAST;
    }
    boolean carrierNat = a instanceof Inet4Address && b[0] == 100 && (b[1] & 0xc0) == 64;
    boolean uniqueLocal = a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    if (a.isSiteLocalAddress() || carrierNat || uniqueLocal) {
      return Reach.PRIVATE;
    }
    return Reach.PUBLIC;
  }

  private static void requireReachable(
      String registry, String realm, String realmHost, Resolver resolver) {
    InetAddress[] addresses = addresses(registry, realm, realmHost, resolver);
    for (InetAddress address : addresses) {
      Reach reach = reach(address);
      boolean allowed =
          switch (reach) {
            case PUBLIC -> true;
            case LOOPBACK -> RegistryRef.isLoopback(registry);
            case PRIVATE -> registryIsInside(registry, resolver);
            case LINK_LOCAL, UNSPECIFIED, MULTICAST -> false;
          };
      if (!allowed) {
        throw refused(registry, realm, realmHost, address, reach);
      }
    }
  }

  private static InetAddress[] addresses(
      String registry, String realm, String realmHost, Resolver resolver) {
    if (realmHost.contains(":")) {
      // An IPv6 literal: parse it ourselves so a zone (%eth0) cannot make it "unresolvable".
      String literal = realmHost.replaceFirst("%.*$", "");
      try {
        return new InetAddress[] {InetAddress.getByName(literal)};
      } catch (UnknownHostException e) {
        throw new UserInputException(
            "registry "
                + registry
                + ": its token realm '"
                + realm
                + "' names the IPv6 address ["
                + realmHost
                + "], which is not valid; refusing it");
      }
    }
    try {
      return resolver.resolve(realmHost);
    } catch (UnknownHostException e) {
      return new InetAddress[0];
    }
  }

  /** Whether the registry itself lives in a private network (or on this machine). */
  private static boolean registryIsInside(String registry, Resolver resolver) {
    String host = bare(RegistryRef.hostOf(registry));
    InetAddress[] own;
    try {
      own =
          host.contains(":")
              ? new InetAddress[] {InetAddress.getByName(host)}
              : resolver.resolve(host);
    } catch (UnknownHostException e) {
      return false;
    }
    if (own.length == 0) {
      return false;
    }
    for (InetAddress address : own) {
      Reach reach = reach(address);
      if (reach != Reach.PRIVATE && reach != Reach.LOOPBACK) {
        return false;
      }
    }
    return true;
  }

  private static UserInputException refused(
      String registry, String realm, String realmHost, InetAddress address, Reach reach) {
    String fix =
        switch (reach) {
          case LOOPBACK ->
              "A registry on another machine may not send the client to this one. If the token"
                  + " service really runs here, reach the registry through localhost as well";
          case PRIVATE ->
              "A registry outside your private network may not send the client into it. If this"
                  + " token service is yours, reach the registry by its private address or name"
                  + " (then its token service may be private too), or serve the token service on"
                  + " the registry's own host name";
          default ->
              "No token service belongs there: the registry is misconfigured or hostile. Check"
                  + " the registry named in the image reference";
        };
    String resolved =
        address.getHostAddress().equalsIgnoreCase(realmHost)
            ? ""
            : " (" + address.getHostAddress() + ")";
    return new UserInputException(
        "registry "
            + registry
            + ": its token realm '"
            + realm
            + "' is on "
            + realmHost
            + resolved
            + ", "
            + reach.description
            + ", not the registry's own host; refusing to contact it (SSRF). "
            + fix);
  }

  private static URI parse(String registry, String realm) {
    try {
      URI uri = new URI(realm);
      if (uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // worded below
    }
    throw new UserInputException(
        "registry " + registry + ": its token realm '" + realm + "' is not an absolute URL");
  }

  /** The host without brackets, in lower case, without the trailing dot of a rooted name. */
  private static String bare(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    boolean compatible = true;
    for (int i = 0; i < 12; i++) {
      compatible &= b[i] == 0;
    }
    // ::a.b.c.d (deprecated IPv4-compatible), but not :: and ::1 themselves.
    compatible &= !address.isAnyLocalAddress() && !address.isLoopbackAddress();
    // 64:ff9b::/96, NAT64's well-known prefix.
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    if (!compatible && !nat64) {
      return address;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
