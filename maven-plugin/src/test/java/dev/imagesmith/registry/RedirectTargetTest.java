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

/** Which redirects of a registry the client follows (security-cases.md N4), without a network. */
class RedirectTargetTest {
  private static final String OP = "repository team/app: GET /v2/team/app/blobs/sha256:ab";

  private static URI follow(String registry, String from, String location) {
    return RedirectTarget.check(registry, OP, URI.create(from), location, FakeDns.NAMES);
  }

  private static UserInputException refused(String registry, String from, String location) {
    return assertThrows(UserInputException.class, () -> follow(registry, from, location));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://2852039166/latest/meta-data/",
        "https://0.0.0.0:9000/blob",
        "https://[::]/blob",
        "https://[fe80::1%25eth0]/blob",
        "https://[::ffff:a9fe:a9fe]/blob",
        "https://224.0.0.1/blob",
        "https://127.0.0.1:9000/blob",
        "https://localhost/blob",
        "https://10.0.0.1/blob",
        "https://evil.example/blob",
        "https://split.example/blob"
      })
  void N4_redirectFromPublicRegistryToForbiddenAddress_refused(String location) {
    // From plain HTTP (an insecure registry), so that only the address can be the reason.
    UserInputException e =
        refused(
            "registry.example.org", "http://registry.example.org/v2/team/app/blobs/x", location);

    assertTrue(
        e.getMessage()
            .startsWith("registry registry.example.org, " + OP + ": redirected to '" + location),
        e.getMessage());
    assertTrue(e.getMessage().contains("refusing to follow it (SSRF)"), e.getMessage());
  }

  @Test
  void N4_metadataByName_messageNamesRegistryOperationLocationAndReason() {
    UserInputException e =
        refused(
            "registry.example.org",
            "https://registry.example.org/v2/team/app/blobs/sha256:ab",
            "https://metadata.google.internal/computeMetadata/v1/?recursive=true");

    assertEquals(
        "registry registry.example.org, repository team/app: GET /v2/team/app/blobs/sha256:ab:"
            + " redirected to 'https://metadata.google.internal/computeMetadata/v1/?recursive=true',"
            + " on metadata.google.internal (169.254.169.254), a link-local address"
            + " (169.254.0.0/16, fe80::/10), where cloud metadata services answer, not the"
            + " registry's own host; refusing to follow it (SSRF). No registry storage belongs"
            + " there: the registry is misconfigured or hostile. Check the registry named in the"
            + " image reference",
        e.getMessage());
  }

  @Test
  void N4_objectStorageOnPublicHost_followedWithRawSignedQuery() {
    String signed =
        "https://storage.example.net/bucket/sha256/ab?X-Amz-Signature=a%2Fb%3D&X-Amz-Expires=60";

    URI next = follow("registry.example.org", "https://registry.example.org/v2/x", signed);

    assertEquals(signed, next.toString());
    assertEquals("X-Amz-Signature=a%2Fb%3D&X-Amz-Expires=60", next.getRawQuery());
  }

  @ParameterizedTest
  @CsvSource({
    // The registry's own host is always fine, whatever its address and port.
    "169.254.169.254:5000, http://169.254.169.254:5000/v2/x, http://169.254.169.254:9000/blob",
    "registry.example.org, https://registry.example.org/v2/x, /v2/elsewhere",
    // Loopback to loopback: a local registry and its local storage (127.0.0.2 in the N4 test).
    "127.0.0.1:5000, http://127.0.0.1:5000/v2/x, http://127.0.0.2:9000/blob",
    "localhost:5000, http://localhost:5000/v2/x, http://[::1]:9000/blob",
    // A registry inside a private network may use storage inside it.
    "registry.corp, https://registry.corp/v2/x, https://10.9.9.9/blob",
    "10.1.2.3:5000, https://10.1.2.3:5000/v2/x, https://auth.corp/blob"
  })
  void N4_redirectAllowedByAddressPolicy_followed(String registry, String from, String location) {
    URI next = follow(registry, from, location);

    assertEquals(URI.create(from).resolve(location), next);
  }

  @Test
  void N4_privateRegistryToLinkLocalOrLoopback_refused() {
    assertTrue(
        refused("registry.corp", "https://registry.corp/v2/x", "https://169.254.169.254/")
            .getMessage()
            .contains("link-local"));
    UserInputException loopback =
        refused("10.1.2.3:5000", "https://10.1.2.3:5000/v2/x", "https://127.0.0.1:9000/blob");
    assertTrue(loopback.getMessage().contains("a loopback address"), loopback.getMessage());
  }

  @Test
  void N4_httpsToHttp_refusedAsADowngrade() {
    UserInputException e =
        refused(
            "registry.example.org",
            "https://registry.example.org/v2/x",
            "http://storage.example.net/blob");

    assertEquals(
        "registry registry.example.org, "
            + OP
            + ": redirected to 'http://storage.example.net/blob', from https to http; refusing"
            + " the downgrade",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://storage.example.net/blob", "file:///etc/passwd", "http:///x"})
  void N4_nonHttpLocation_refused(String location) {
    UserInputException e =
        refused("registry.example.org", "http://registry.example.org/v2/x", location);

    assertTrue(e.getMessage().contains("not an http(s) URL with a host"), e.getMessage());
  }

  @Test
  void S5_refusedRedirectToSignedStorage_quotedWithoutItsSecrets() {
    UserInputException e =
        refused(
            "registry.example.org",
            "https://registry.example.org/v2/team/app/blobs/sha256:ab",
            "https://u:pw-77@169.254.169.254/b/ab?X-Amz-Credential=AKIAX%2F1&X-Amz-Signature=f00d"
                + "&X-Amz-Security-Token=tok3n&X-Amz-Expires=60");

    assertTrue(
        e.getMessage()
            .startsWith(
                "registry registry.example.org, "
                    + OP
                    + ": redirected to 'https://***@169.254.169.254/b/ab?X-Amz-Credential=***"
                    + "&X-Amz-Signature=***&X-Amz-Security-Token=***&X-Amz-Expires=60'"),
        e.getMessage());
    for (String secret : java.util.List.of("pw-77", "AKIAX", "f00d", "tok3n")) {
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
  }
}
