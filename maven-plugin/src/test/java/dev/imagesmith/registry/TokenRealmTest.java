package dev.imagesmith.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Realm validation (security-cases.md N1) without a network: literals are parsed by the JDK, names
 * go to a fake resolver so the tests need no DNS.
 */
class TokenRealmTest {
  private static final String PUBLIC_REGISTRY = "registry.example.org";

  private static final AddressPolicy.Resolver NAMES = FakeDns.NAMES;

  private static UserInputException refused(String registry, String realm) {
    return assertThrows(
        UserInputException.class, () -> TokenRealm.check(registry, realm, false, NAMES));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.1/token",
        "https://172.20.1.1:8443/token",
        "https://192.168.0.10/token",
        "https://100.64.1.1/token",
        "https://0.0.0.0:443/token",
        "https://224.0.0.1/token",
        "https://127.0.0.1/token",
        "https://localhost/token",
        "https://[::]/token",
        "https://[::1]/token",
        "https://[fe80::1]/token",
        "https://[FE80::A9FE:A9FE]/token",
        "https://[fe80::1%25eth0]/token",
        "https://[fd00:ec2::254]/token",
        "https://[::ffff:169.254.169.254]/token",
        "https://[::ffff:a9fe:a9fe]/token",
        "HTTPS://METADATA.GOOGLE.INTERNAL/computeMetadata/v1/",
        "https://metadata.google.internal./computeMetadata/v1/",
        "https://2852039166/latest/meta-data/",
        "https://split.example/token",
        "http://169.254.169.254/latest/meta-data/"
      })
  void N1_realmOnForbiddenAddress_refusedForPublicRegistry(String realm) {
    UserInputException e = refused(PUBLIC_REGISTRY, realm);

    assertTrue(e.getMessage().startsWith("registry " + PUBLIC_REGISTRY + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(realm), e.getMessage());
    assertTrue(e.getMessage().contains("refusing to contact it"), e.getMessage());
  }

  @Test
  void N1_metadataByName_messageNamesTheAddressAndTheReason() {
    UserInputException e =
        refused(PUBLIC_REGISTRY, "https://metadata.google.internal/computeMetadata/v1/");

    assertEquals(
        "registry registry.example.org: its token realm"
            + " 'https://metadata.google.internal/computeMetadata/v1/' is on"
            + " metadata.google.internal (169.254.169.254), a link-local address"
            + " (169.254.0.0/16, fe80::/10), where cloud metadata services answer, not the"
            + " registry's own host; refusing to contact it (SSRF). No token service belongs"
            + " there: the registry is misconfigured or hostile. Check the registry named in the"
            + " image reference",
        e.getMessage());
  }

  @Test
  void N1_trailingDotIpLiteral_isNoUrlAtAll() {
    // java.net.URI finds no host in "169.254.169.254." (a top label must start with a letter), and
    // neither would the HTTP client: refused before anything else.
    UserInputException e = refused(PUBLIC_REGISTRY, "https://169.254.169.254./token");

    assertTrue(e.getMessage().contains("is not an absolute URL"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://auth.example.org/token",
        "https://8.8.8.8/token",
        "https://[2001:db8::1]/token",
        "https://not-resolvable.example/token"
      })
  void N1_realmOnPublicAddress_allowed(String realm) {
    URI uri = TokenRealm.check(PUBLIC_REGISTRY, realm, false, NAMES);

    assertEquals(URI.create(realm), uri);
  }

  @ParameterizedTest
  @CsvSource({
    "169.254.169.254:5000, http://169.254.169.254:5001/token, true",
    "10.0.0.1, https://10.0.0.1:8443/token, false",
    "REGISTRY.EXAMPLE.ORG, https://registry.example.org./token, false",
    "[fe80::1]:5000, https://[FE80::1]/token, false",
    "[::1]:5000, http://[::1]:5001/token, true"
  })
  void N1_realmOnRegistrysOwnHost_alwaysAllowed(
      String registry, String realm, boolean plainHttpAllowed) {
    URI uri = TokenRealm.check(registry, realm, plainHttpAllowed, NAMES);

    assertEquals(URI.create(realm), uri);
  }

  @Test
  void N1_loopbackRealm_allowedOnlyForLoopbackRegistry() {
    TokenRealm.check("127.0.0.1:5000", "https://127.0.0.2/token", true, NAMES);
    TokenRealm.check("localhost:5000", "https://[::1]:5001/token", true, NAMES);

    UserInputException e = refused("10.1.2.3:5000", "https://127.0.0.1:5001/token");
    assertTrue(e.getMessage().contains("a loopback address (this machine)"), e.getMessage());
    assertTrue(e.getMessage().contains("reach the registry through localhost"), e.getMessage());
  }

  @Test
  void N1_privateRealm_allowedOnlyForRegistryInsideAPrivateNetwork() {
    // A registry that is itself private (by literal or by name) may name a private token service.
    TokenRealm.check("registry.corp", "https://auth.corp/token", false, NAMES);
    TokenRealm.check("10.1.2.3:5000", "https://10.9.9.9/token", false, NAMES);
    TokenRealm.check("localhost:5000", "https://auth.corp/token", false, NAMES);

    // A public registry may not send the client into the network, by literal or by name.
    UserInputException literal = refused(PUBLIC_REGISTRY, "https://10.1.2.4/token");
    UserInputException name = refused(PUBLIC_REGISTRY, "https://evil.example/token");
    for (UserInputException e : new UserInputException[] {literal, name}) {
      assertTrue(e.getMessage().contains("a private network address"), e.getMessage());
      assertTrue(e.getMessage().contains("reach the registry by its private"), e.getMessage());
    }
    assertTrue(name.getMessage().contains("evil.example (10.0.0.7)"), name.getMessage());
    // An unresolvable registry is not "inside" anything.
    assertThrows(
        UserInputException.class,
        () -> TokenRealm.check("gone.example", "https://auth.corp/token", false, NAMES));
  }

  @Test
  void N1_linkLocalRealm_refusedEvenForPrivateRegistry() {
    UserInputException e = refused("registry.corp", "https://169.254.169.254/token");

    assertTrue(e.getMessage().contains("link-local"), e.getMessage());
  }

  @Test
  void N1_plainHttpRealmOnAnotherPublicHost_refusedAsBefore() {
    UserInputException e = refused(PUBLIC_REGISTRY, "http://auth.example.org/token");

    assertTrue(e.getMessage().contains("is not https"), e.getMessage());
    assertFalse(e.getMessage().contains("SSRF"), e.getMessage());
  }

  @Test
  void N1_relativeOrSchemelessRealm_refused() {
    assertTrue(refused(PUBLIC_REGISTRY, "/token").getMessage().contains("not an absolute URL"));
    assertTrue(
        refused(PUBLIC_REGISTRY, "ftp://auth.example.org/token")
            .getMessage()
            .contains("not https"));
  }

  @Test
  void S5_refusedRealmWithATokenInItsQuery_quotedWithoutIt() {
    UserInputException e =
        refused(PUBLIC_REGISTRY, "https://169.254.169.254/token?access_token=s3cr3t-realm&x=1");

    assertTrue(
        e.getMessage()
            .startsWith(
                "registry "
                    + PUBLIC_REGISTRY
                    + ": its token realm 'https://169.254.169.254/token?access_token=***&x=1'"),
        e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t-realm"), e.getMessage());
  }
}
