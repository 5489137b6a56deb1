package dev.imagesmith.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Name resolution for address-policy tests, so they need no DNS. */
final class FakeDns {
  private FakeDns() {}

  /** A resolver that knows a few names and fails for every other. */
  static final AddressPolicy.Resolver NAMES =
      host -> {
        Map<String, String> known =
            Map.of(
                "registry.example.org", "203.0.113.10",
                "auth.example.org", "203.0.113.20",
                "metadata.google.internal", "169.254.169.254",
                "evil.example", "10.0.0.7",
                "registry.corp", "10.1.2.3",
                "auth.corp", "10.1.2.4",
                "split.example", "203.0.113.30,169.254.169.254",
                "localhost", "127.0.0.1,::1");
        String value = known.get(host);
        if (value == null && host.matches("[0-9.]+")) {
          // The JDK reads 2852039166 as 169.254.169.254 itself, as the real resolver would.
          return new InetAddress[] {InetAddress.getByName(host)};
        }
        if (value == null) {
          throw new UnknownHostException(host);
        }
        String[] parts = value.split(",");
        InetAddress[] addresses = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
          addresses[i] = InetAddress.getByName(parts[i]);
        }
        return addresses;
      };
}
