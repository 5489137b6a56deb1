package dev.imagesmith.sharedcache;

import dev.imagesmith.image.Descriptor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The seal of an entry: HMAC-SHA256, under the seal key that only the entry's inputs give (see
 * {@link PortableStageKey}), over the key, the stage's name, the push time and every blob's
 * descriptor. An entry copied under another key's tag, a blob swapped for another self-consistent
 * one, or a manifest planted by a tool that does not know the inputs all fail it.
 *
 * <p>It is not a signature: whoever has the project's inputs and push rights can seal anything, and
 * the site says so (the shared cache is as trusted as the build).
 */
final class EntrySeal {
  private EntrySeal() {}

  static String of(
      byte[] sealKey, String key, String name, String created, List<Descriptor> blobs) {
    return of(sealKey, fields(key, name, created, blobs));
  }

  /** The seal over {@code fields}, one line each. */
  static String of(byte[] sealKey, List<String> fields) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(sealKey, "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal(String.join("\n", fields).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** Whether {@code seal} is this entry's, compared in constant time. */
  static boolean matches(
      String seal,
      byte[] sealKey,
      String key,
      String name,
      String created,
      List<Descriptor> blobs) {
    return matches(seal, sealKey, fields(key, name, created, blobs));
  }

  /** Whether {@code seal} is the seal over {@code fields}, compared in constant time. */
  static boolean matches(String seal, byte[] sealKey, List<String> fields) {
    return seal != null
        && MessageDigest.isEqual(
            of(sealKey, fields).getBytes(StandardCharsets.US_ASCII),
            seal.getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> fields(
      String key, String name, String created, List<Descriptor> blobs) {
    List<String> fields = new ArrayList<>(List.of(key, name, String.valueOf(created)));
    for (Descriptor blob : blobs) {
      fields.add(blob.mediaType() + " " + blob.digest() + " " + blob.size());
    }
    return fields;
  }
}
