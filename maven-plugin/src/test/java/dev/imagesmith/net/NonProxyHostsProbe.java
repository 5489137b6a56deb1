package dev.imagesmith.net;

import java.net.InetAddress;

/**
 * Run in a JVM of its own by {@link NonProxyHostsNoDnsTest}: prints, for a {@code NO_PROXY} value
 * (the first argument), whether each further argument is reached directly, one {@code host=true}
 * per line, and first what the JVM's resolver answers for the first host (proof that it answers).
 */
final class NonProxyHostsProbe {
  private NonProxyHostsProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println("resolved=" + InetAddress.getByName(args[1]).getHostAddress());
    NonProxyHosts hosts = NonProxyHosts.ofNoProxy(args[0]);
    for (int i = 1; i < args.length; i++) {
      System.out.println(args[i] + "=" + hosts.matches(args[i]));
    }
  }
}
