package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link Redaction} masks and what it must leave alone (the catalogue's class S). */
class RedactionTest {
  @Test
  void url_userInfoAndSignedS3Query_masked_restKeptAsWritten() {
    String url =
        "https://deploy:p%40ss@bucket.s3.eu-west-1.amazonaws.com/tools/tool-1.0.tar.gz"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fs3"
            + "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
            + "&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE&X-Amz-Signature=9f86d081884c7d65";

    assertEquals(
        "https://***@bucket.s3.eu-west-1.amazonaws.com/tools/tool-1.0.tar.gz"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***"
            + "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
            + "&X-Amz-Security-Token=***&X-Amz-Signature=***",
        Redaction.url(URI.create(url)));
  }

  @Test
  void url_otherSigningSchemes_masked() {
    assertEquals(
        "https://storage.googleapis.com/b/o?GoogleAccessId=***&Expires=1767225600&Signature=***",
        Redaction.url(
            "https://storage.googleapis.com/b/o?GoogleAccessId=svc@p.iam&Expires=1767225600"
                + "&Signature=abc%2Bdef"));
    assertEquals(
        "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-01-01&sp=r&sig=***",
        Redaction.url(
            "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-01-01&sp=r&sig=a%2Fb"));
    assertEquals(
        "https://h/f?X-Goog-Credential=***&X-Goog-Signature=***&token=***&access_token=***"
            + "&key=***&password=***&api_key=***#access_token=***",
        Redaction.url(
            "https://h/f?X-Goog-Credential=c&X-Goog-Signature=s&token=t&access_token=a&key=k"
                + "&password=p&api_key=x#access_token=f"));
  }

  @Test
  void url_passwordWithAtSign_maskedUpToTheHost() {
    assertEquals(
        "http://***@mirror.example/debian", Redaction.url("http://u:p@ss@mirror.example/debian"));
  }

  @Test
  void url_withoutSecrets_unchanged() {
    for (String url :
        List.of(
            "https://deb.debian.org/debian/dists/bookworm/InRelease",
            "http://127.0.0.1:5000/v2/team/app/blobs/uploads/?mount=sha256:ab&from=team%2Fbase",
            "https://auth.docker.io/token?service=registry.docker.io&scope=repository:a:pull",
            "file:/tmp/x.tar.gz",
            "https://[::1]:8443/a?b=c")) {
      assertEquals(url, Redaction.url(url));
    }
  }

  @Test
  void text_echoedAuthorizationHeader_masked() {
    String basic =
        Base64.getEncoder().encodeToString("builder:hunter2-long".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"error\":\"denied\",\"request\":{\"headers\":{\"Authorization\":\"Basic "
            + basic
            + "\"}}} Authorization: Basic "
            + basic
            + "\nWWW-Authenticate: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

    String masked = Redaction.text(body);

    assertFalse(masked.contains(basic), masked);
    assertFalse(masked.contains("eyJhbGciOiJSUzI1NiJ9"), masked);
    assertTrue(masked.contains("\"Authorization\":\"***\""), masked);
    assertTrue(masked.contains("Authorization: ***"), masked);
  }

  @Test
  void text_basicAndBearerWithoutHeaderName_masked() {
    String basic = Base64.getEncoder().encodeToString("u:secret".getBytes(StandardCharsets.UTF_8));

    assertEquals("sent Basic *** and", Redaction.text("sent Basic " + basic + " and"));
    assertEquals(
        "got Bearer *** back", Redaction.text("got Bearer abcdefghijklmnop.qrstuvwxyz012 back"));
  }

  @Test
  void text_jsonSecretsAndUrlsInProse_masked() {
    assertEquals(
        "{\"token\":\"***\",\"access_token\":\"***\",\"expires_in\":300,\"refresh_token\":\"***\"}",
        Redaction.text(
            "{\"token\":\"t1\",\"access_token\":\"t2\",\"expires_in\":300,\"refresh_token\":\"r\"}"));
    assertEquals(
        "GET https://***@h/x?sig=*** failed: see https://h/help",
        Redaction.text("GET https://a:b@h/x?sig=zz failed: see https://h/help"));
    assertEquals(
        "grant_type=refresh_token&client_id=imagesmith&refresh_token=***",
        Redaction.text("grant_type=refresh_token&client_id=imagesmith&refresh_token=abc"));
  }

  @Test
  void text_rememberedSecret_maskedWherever_itAppears_withItsBasicForm() {
    String password = "Zq7-remembered-" + System.nanoTime();
    Redaction.rememberCredential("builder", password);
    String basic =
        Base64.getEncoder()
            .encodeToString(("builder:" + password).getBytes(StandardCharsets.UTF_8));

    String masked = Redaction.text("the server said: " + password + " / " + basic);

    assertFalse(masked.contains(password), masked);
    assertFalse(masked.contains(basic), masked);
    assertTrue(masked.startsWith("the server said: *** / "), masked);
  }

  @Test
  void text_ourOwnProse_untouched() {
    for (String prose :
        List.of(
            "registry r.example asks for a user name and password (basic auth), but ...",
            "registry r.example: bearer challenge without a realm",
            "WWW-Authenticate: Basic realm=\"imagesmith-test\"",
            "Basic authentication failed; the Bearer challenge names the realm",
            "the Authorization header is dropped as soon as the host differs",
            "stage 'builder', step <stages>/<stage>[1]/<steps>/<download>[1] (download) done",
            "  libc6 2.36-9+deb12u4 amd64 sha256 pool/main/g/glibc/libc6_2.36-9_amd64.deb")) {
      assertEquals(prose, Redaction.text(prose));
    }
  }

  @Test
  void rememberSecret_tooShort_ignored() {
    Redaction.rememberSecret("abc");
    assertEquals("abc abcd", Redaction.text("abc abcd"));
  }
}
