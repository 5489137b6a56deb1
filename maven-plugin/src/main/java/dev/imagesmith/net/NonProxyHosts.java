package dev.imagesmith.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The hosts reached without the proxy, in the two spellings users have: Maven's {@code
 * <nonProxyHosts>} and Java's {@code http.nonProxyHosts} ({@code *.corp.example|localhost}: {@code
 * |}-separated patterns, {@code *} matching any run of characters), and the {@code NO_PROXY}
 * variable as curl reads it ({@code corp.example,.internal,10.0.0.0/8}: a name matches itself and
 * every name below it, an address or a CIDR block matches addresses written as such, {@code *}
 * matches everything, a {@code :port} is ignored). Nothing here asks DNS: a name is matched as it
 * is written, so a host only the proxy can resolve is decided on without resolving it.
 */
public final class NonProxyHosts {
  public static final NonProxyHosts NONE = new NonProxyHosts(List.of(), "");

  /** Four decimal octets of at most 255, without leading zeros: anything else is a name. */
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

  private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

  /**
   * What could be an IPv6 literal: hex digits, colons and dots only, starting with a hex digit or a
   * colon, so that {@link InetAddress#getByName} parses it as a literal or refuses it, never asks
   * DNS for it (a zone, {@code %eth0}, is parsed as a literal's too).
   */
  private static final Pattern IPV6 =
      Pattern.compile("[0-9a-f:][0-9a-f:.]*:[0-9a-f:.]*(%[0-9a-z_.-]+)?");

  private final List<Predicate<String>> rules;
  private final String text;

  private NonProxyHosts(List<Predicate<String>> rules, String text) {
    this.rules = List.copyOf(rules);
    this.text = text;
  }

  /** Maven's and Java's form: {@code *.corp.example|localhost|10.*} (commas also separate). */
  public static NonProxyHosts ofPatterns(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Predicate<String>> rules = new ArrayList<>();
    for (String part : text.split("[|,\\s]+")) {
      String pattern = bare(part);
      if (pattern.isEmpty()) {
        continue;
      }
      List<String> quoted = new ArrayList<>();
      for (String piece : pattern.split("\\*", -1)) {
        quoted.add(Pattern.quote(piece));
      }
      Pattern compiled = Pattern.compile(String.join(".*", quoted));
      rules.add(host -> compiled.matcher(host).matches());
    }
    return new NonProxyHosts(rules, text.trim());
  }

  /** curl's {@code NO_PROXY}: {@code corp.example,.internal,10.0.0.0/8,[::1]:8080,*}. */
  public static NonProxyHosts ofNoProxy(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Predicate<String>> rules = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      String entry = withoutPort(part.trim().toLowerCase(Locale.ROOT));
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        rules.add(host -> true);
      } else if (entry.contains("/")) {
        cidr(entry).ifPresent(rules::add);
      } else if (isLiteral(entry)) {
        String literal = entry;
        rules.add(host -> sameAddress(host, literal));
      } else {
        String domain = entry.startsWith(".") ? entry.substring(1) : entry;
        domain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        String suffix = "." + domain;
        String exact = domain;
        rules.add(host -> host.equals(exact) || host.endsWith(suffix));
      }
    }
    return new NonProxyHosts(rules, text.trim());
  }

  /**
   * Whether {@code host} is reached directly.
   *
   * @param host as {@link java.net.URI#getHost()} gives it (IPv6 in brackets or not)
   */
  public boolean matches(String host) {
    if (host == null) {
      return false;
    }
    String h = bare(host);
    h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    for (Predicate<String> rule : rules) {
      if (rule.test(h)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The list as it was written. */
  @Override
  public String toString() {
    return text;
  }

  private static String bare(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** {@code host:port} without the port; {@code [v6]:port} and a bare IPv6 literal alike. */
  private static String withoutPort(String entry) {
    if (entry.startsWith("[")) {
      int end = entry.indexOf(']');
      return end < 0 ? entry : entry.substring(1, end) + slashPart(entry.substring(end + 1));
    }
    int colon = entry.indexOf(':');
    if (colon >= 0 && colon == entry.lastIndexOf(':')) {
      return entry.substring(0, colon);
    }
    return entry;
  }

  private static String slashPart(String rest) {
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : rest.substring(slash);
  }

  private static boolean isLiteral(String text) {
    return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
  }

  /**
   * The address {@code text} writes, or null when it writes none: only a {@link #isLiteral} reaches
   * {@link InetAddress#getByName}, which resolves anything else as a name ({@code 300.1.1.1} and
   * {@code 1.2.3} included), and nothing here asks DNS.
   */
  private static byte[] address(String text) {
    if (!isLiteral(text)) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Both written as addresses and equal; a name never matches (no DNS is asked). */
  private static boolean sameAddress(String host, String literal) {
    byte[] a = address(host);
    return a != null && java.util.Arrays.equals(a, address(literal));
  }

  private static java.util.Optional<Predicate<String>> cidr(String entry) {
    String[] parts = entry.split("/", 2);
    byte[] network = address(parts[0]);
    if (network == null || !parts[1].matches("[0-9]{1,3}")) {
      return java.util.Optional.empty();
    }
    int bits = Integer.parseInt(parts[1]);
    if (bits > network.length * 8) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        host -> {
          byte[] address = address(host);
          if (address == null || address.length != network.length) {
            return false;
          }
          for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
              return false;
            }
          }
          return true;
        });
  }
}
