package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address classes behind the token-realm (N1) and redirect (N4) rules. */
class AddressPolicyTest {
  @ParameterizedTest
  @CsvSource({
    "169.254.169.254, LINK_LOCAL",
    "169.254.0.1, LINK_LOCAL",
    "10.0.0.1, PRIVATE",
    "10.255.255.255, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.254, PRIVATE",
    "172.32.0.1, PUBLIC",
    "172.15.255.255, PUBLIC",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "100.127.255.254, PRIVATE",
    "100.128.0.1, PUBLIC",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "127.0.0.1, LOOPBACK",
    "127.10.0.2, LOOPBACK",
    "224.0.0.1, MULTICAST",
    "255.255.255.255, MULTICAST",
    "8.8.8.8, PUBLIC",
    "::, UNSPECIFIED",
    "::1, LOOPBACK",
    "fe80::1, LINK_LOCAL",
    "FEBF::1, LINK_LOCAL",
    "fc00::1, PRIVATE",
    "fd00:ec2::254, PRIVATE",
    "ff02::1, MULTICAST",
    "2001:db8::1, PUBLIC",
    "::ffff:169.254.169.254, LINK_LOCAL",
    "::ffff:10.0.0.1, PRIVATE",
    "::a9fe:a9fe, LINK_LOCAL",
    "64:ff9b::a9fe:a9fe, LINK_LOCAL",
    "64:ff9b::808:808, PUBLIC"
  })
  void reach_classifiesEachAddressClass(String literal, AddressPolicy.Reach expected)
      throws Exception {
    assertEquals(expected, AddressPolicy.reach(InetAddress.getByName(literal)), literal);
  }
}
