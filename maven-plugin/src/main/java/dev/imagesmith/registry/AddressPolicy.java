package dev.imagesmith.registry;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts a registry may send the client to: a token realm (N1, {@link TokenRealm}) or the
 * target of a redirect (N4, {@link RedirectTarget}). Both come from the registry's answer, so a
 * hostile registry chooses them; the client must not become its tool for reaching addresses only
 * the build machine can reach (SSRF: cloud metadata at 169.254.169.254, services on this machine or
 * in its private network).
 *
 * <p>The registry's own host name is always fine, on any port. Any other host is resolved and every
 * one of its addresses must pass:
 *
 * <ul>
 *   <li>Never a link-local (169.254.0.0/16, fe80::/10), unspecified (0.0.0.0/8, ::) or multicast
 *       address: no token service or object storage belongs there.
 *   <li>A loopback address only when the registry is on loopback too.
 *   <li>A private address (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) only when every
 *       address of the registry's own host is private or loopback: a registry inside a private
 *       network may send us to a service inside it, a registry outside may not send us in. This
 *       rule replaces an override switch: nothing to configure for the common corporate setup.
 * </ul>
 *
 * <p>Host names are resolved because a name is as easy for a hostile registry to choose as a
 * literal ({@code metadata.google.internal}, or a name of its own pointing at 169.254.169.254; even
 * the integer form {@code 2852039166} is a "name" to {@link java.net.URI} and an address to the
 * resolver). A name that does not resolve passes: the request fails the same way. Known limit, DNS
 * rebinding: the HTTP client resolves again when it connects. The JDK's address cache ({@code
 * networkaddress.cache.ttl}, 30 s by default) makes both see the same answer unless the entry
 * expires in between; network egress rules are the real guard against that, and for https targets
 * certificate checking is a second one.
 */
final class AddressPolicy {
  /** The addresses a host name stands for; {@link InetAddress#getAllByName} outside tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  static final Resolver DNS = InetAddress::getAllByName;

  /** What kind of place an address is, and why a registry may not send us there. */
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

  /** The first address of a host that the policy refuses, and what kind of place it is. */
  record Refusal(InetAddress address, Reach reach) {}

  private AddressPolicy() {}

  /** Whether {@code host} (as in a URI: IPv6 in brackets or not) is the registry's own host. */
  static boolean isRegistryHost(String registry, String host) {
    return bare(host).equals(bare(RegistryRef.hostOf(registry)));
  }

  /**
   * Why the client may not go to {@code host} for {@code registry}, or empty when it may.
   *
   * @param host as {@link java.net.URI#getHost()} gives it
   * @throws UnknownHostException when {@code host} is a bracketed IPv6 literal that is not valid
   */
  static Optional<Refusal> refusal(String registry, String host, Resolver resolver)
      throws UnknownHostException {
    if (isRegistryHost(registry, host)) {
      return Optional.empty();
    }
    for (InetAddress address : addresses(bare(host), resolver)) {
      Reach reach = reach(address);
      boolean allowed =
          switch (reach) {
            case PUBLIC -> true;
            case LOOPBACK -> RegistryRef.isLoopback(registry);
            case PRIVATE -> registryIsInside(registry, resolver);
            case LINK_LOCAL, UNSPECIFIED, MULTICAST -> false;
          };
      if (!allowed) {
        return Optional.of(new Refusal(address, reach));
      }
    }
    return Optional.empty();
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

  /** The host without brackets, in lower case, without the trailing dot of a rooted name. */
  static String bare(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** " (10.0.0.7)" when {@code host} is a name, nothing when it is the address itself. */
  static String resolvedNote(String host, InetAddress address) {
    return address.getHostAddress().equalsIgnoreCase(bare(host))
        ? ""
        : " (" + address.getHostAddress() + ")";
  }

  private static InetAddress[] addresses(String host, Resolver resolver)
      throws UnknownHostException {
    if (host.contains(":")) {
      // An IPv6 literal: parse it ourselves so a zone (%eth0) cannot make it "unresolvable".
      return new InetAddress[] {InetAddress.getByName(host.replaceFirst("%.*$", ""))};
    }
    try {
      return resolver.resolve(host);
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
