package dev.imagesmith.io;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts secrets out of text bound for a log line, an error message or a file the build writes
 * (security-cases.md O9, O11; the project's catalogue class S). One place, so that every caller
 * masks alike and deterministically ({@value #MASK}):
 *
 * <ul>
 *   <li>a URL's user-info ({@code https://user:password@host/} becomes {@code https://***@host/})
 *       and the values of query (and fragment) parameters whose names look like signatures, tokens
 *       or credentials ({@code X-Amz-Signature}, {@code X-Amz-Credential}, {@code sig}, {@code
 *       token}, {@code key}, {@code password}, {@code GoogleAccessId}, ...); the rest of the URL is
 *       kept as written, so that the user still recognises it;
 *   <li>in free text (a server's error body, an exception's message) also every URL in it, the
 *       values of {@code Authorization}, {@code Cookie} and similar headers, {@code Basic} and
 *       {@code Bearer} credentials, JSON fields named like secrets ({@code "token": "..."}), and
 *       every secret the build knows it is using ({@link #rememberSecret}), wherever it appears.
 * </ul>
 *
 * <p>Masking is a safety net, not a licence: code still avoids putting secrets into messages. The
 * remembered secrets live as long as the JVM (a Maven daemon runs several builds): a set of the
 * credentials this process was given, never written anywhere.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /**
   * Shorter secrets are not masked in free text: a three-letter "password" would mask every word
   * containing it, and is no secret anyway.
   */
  static final int MIN_SECRET_LENGTH = 4;

  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  /** Parameter names that hold a secret wherever they contain one of these (lower case). */
  private static final String SECRET_NAME_PARTS =
      "signature|token|secret|passw(?:or)?d|credential|apikey|api[_-]key|accesskey|access[_-]key"
          + "|accessid|auth|session";

  /** Parameter names that hold a secret only when they are exactly one of these. */
  private static final String SECRET_NAMES = "sig|key|pwd|pass";

  private static final String PARAMETER_NAME =
      "(?:[a-z0-9_.-]*(?:" + SECRET_NAME_PARTS + ")[a-z0-9_.-]*|" + SECRET_NAMES + ")";

  /** {@code name=value} after a URL's {@code ?}, {@code &}, {@code ;} or {@code #}, or a blank. */
  private static final Pattern PARAMETER =
      Pattern.compile(
          "(^|[?&;#\\s])(" + PARAMETER_NAME + ")=([^&#\\s\"'<>,;)]*)", Pattern.CASE_INSENSITIVE);

  /** {@code scheme://user:password@}: the user-info up to the authority's last {@code @}. */
  private static final Pattern USER_INFO =
      Pattern.compile("\\b([a-z][a-z0-9+.-]*://)[^/?#\\s\"'<>]*@", Pattern.CASE_INSENSITIVE);

  /** A header line as a server may echo it: {@code Authorization: Basic ...}. */
  private static final Pattern HEADER =
      Pattern.compile(
          "(?<![\\w-])((?:proxy-)?authorization|(?:set-)?cookie"
              + "|x-[a-z0-9-]*(?:token|auth|signature|secret|key))(\\s*:\\s*)([^\\r\\n\"]+)",
          Pattern.CASE_INSENSITIVE);

  /** A JSON field named like a secret, with a string value: {@code "token": "..."}. */
  private static final Pattern JSON_FIELD =
      Pattern.compile(
          "(\"(?:"
              + PARAMETER_NAME
              + "|authorization|identitytoken|refresh_token)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"",
          Pattern.CASE_INSENSITIVE);

  /** {@code Basic} credentials: base64 of {@code user:password} (checked when masking). */
  private static final Pattern BASIC = Pattern.compile("\\bBasic\\s+([A-Za-z0-9+/]{4,}={0,2})");

  /**
   * {@code Bearer} tokens: at least 16 characters, so that prose ("Bearer challenge") survives; a
   * token this build fetched is masked as a remembered secret whatever its length.
   */
  private static final Pattern BEARER =
      Pattern.compile("\\bBearer\\s+([A-Za-z0-9._~+/-]{16,}=*)(?![A-Za-z0-9._~+/=-]|\\s*=)");

  private Redaction() {}

  /**
   * Remembers a secret this build uses (a password, a token it fetched), so that {@link #text}
   * masks it wherever it appears. Blank and very short values are ignored.
   */
  public static void rememberSecret(String secret) {
    if (secret != null && secret.strip().length() >= MIN_SECRET_LENGTH) {
      SECRETS.add(secret);
      String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      if (!encoded.equals(secret)) {
        SECRETS.add(encoded); // as a form or query value carries it
      }
    }
  }

  /**
   * Remembers a user name and password: the password, and the base64 of {@code user:password} that
   * basic authentication sends (a server that echoes the header shows that form).
   */
  public static void rememberCredential(String user, String password) {
    if (password == null || password.isEmpty()) {
      return;
    }
    rememberSecret(password);
    String pair = (user == null ? "" : user) + ":" + password;
    SECRETS.add(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code url} with its user-info and secret-looking parameter values masked. */
  public static String url(URI url) {
    return url == null ? "null" : url(url.toString());
  }

  /** {@code url} (the text of one URL, parseable or not) with its secrets masked. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String masked = USER_INFO.matcher(url).replaceAll("$1" + MASK + "@");
    return maskParameters(masked);
  }

  /**
   * {@code text} with every secret this class can recognise masked: remembered secrets, URLs,
   * authorization headers and credentials, secret-named JSON fields and parameters.
   */
  public static String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : knownSecrets()) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, MASK);
      }
    }
    masked = USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    masked = HEADER.matcher(masked).replaceAll(m -> quote(m.group(1) + m.group(2) + MASK));
    masked = JSON_FIELD.matcher(masked).replaceAll(m -> quote(m.group(1) + MASK + "\""));
    masked = maskBasic(masked);
    masked = BEARER.matcher(masked).replaceAll("Bearer " + MASK);
    return maskParameters(masked);
  }

  private static List<String> knownSecrets() {
    List<String> secrets = new ArrayList<>(SECRETS);
    // Longest first: a secret that contains another is masked whole.
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return secrets;
  }

  private static String maskParameters(String text) {
    return PARAMETER
        .matcher(text)
        .replaceAll(m -> quote(m.group(1) + m.group(2) + "=" + (m.group(3).isEmpty() ? "" : MASK)));
  }

  /** Masks a {@code Basic} value only when it is base64 of {@code user:password}. */
  private static String maskBasic(String text) {
    Matcher matcher = BASIC.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = matcher.group(1);
      boolean credential = false;
      try {
        credential =
            new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8).contains(":");
      } catch (IllegalArgumentException e) {
        // not base64: prose such as "Basic authentication"
      }
      matcher.appendReplacement(out, quote(credential ? "Basic " + MASK : matcher.group()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String quote(String replacement) {
    return Matcher.quoteReplacement(replacement);
  }

  /**
   * Whether {@code name} (a query parameter's or a configuration element's, any case) is one whose
   * value is masked.
   */
  public static boolean isSecretName(String name) {
    return name.toLowerCase(Locale.ROOT).matches(PARAMETER_NAME);
  }
}
