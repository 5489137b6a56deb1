package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed text of a suite's {@code Release}: which indexes exist and their SHA-256 and size.
 *
 * @param suite the {@code Suite} field ({@code stable}), may be {@code null}
 * @param codename the {@code Codename} field ({@code bookworm}), may be {@code null}
 * @param architectures what the suite has ({@code amd64 arm64 ...})
 * @param components what the suite has ({@code main contrib ...})
 * @param acquireByHash whether indexes can be fetched as {@code by-hash/SHA256/<hex>}
 * @param files path below {@code dists/SUITE/} to its SHA-256 and size
 * @param date when the archive signed it ({@code Date}), {@code null} if absent
 * @param validUntil after which it must not be used ({@code Valid-Until}), {@code null} if absent
 *     (Debian's main suites have none; {@code -security} and {@code -updates} do)
 */
public record ReleaseFile(
    String suite,
    String codename,
    List<String> architectures,
    List<String> components,
    boolean acquireByHash,
    Map<String, FileHash> files,
    Instant date,
    Instant validUntil) {

  /** The expected SHA-256 (lower-case hex) and size of one file. */
  public record FileHash(String sha256, long size) {}

  public ReleaseFile {
    architectures = List.copyOf(architectures);
    components = List.copyOf(components);
    files = Map.copyOf(files);
  }

  /**
   * Parses the signed text of an {@code InRelease}.
   *
   * @throws IllegalArgumentException if it has no SHA256 list or a date that cannot be read
   */
  public static ReleaseFile parse(String text) throws IOException {
    Map<String, String> fields = new HashMap<>();
    ControlParagraphs.read(
        new BufferedReader(new StringReader(text)),
        null,
        stanza -> {
          if (fields.isEmpty()) {
            fields.putAll(stanza);
          }
        });
    String sha256 = fields.get("SHA256");
    if (sha256 == null) {
      throw new IllegalArgumentException("the Release text has no SHA256 field");
    }
    Map<String, FileHash> files = new HashMap<>();
    for (String line : sha256.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length == 3 && DebianNames.isSha256(words[0])) {
        files.put(words[2], new FileHash(words[0], Long.parseLong(words[1])));
      }
    }
    return new ReleaseFile(
        fields.get("Suite"),
        fields.get("Codename"),
        words(fields.get("Architectures")),
        words(fields.get("Components")),
        "yes".equals(fields.get("Acquire-By-Hash")),
        files,
        fields.containsKey("Date") ? ReleaseDates.parse("Date", fields.get("Date")) : null,
        fields.containsKey("Valid-Until")
            ? ReleaseDates.parse("Valid-Until", fields.get("Valid-Until"))
            : null);
  }

  private static List<String> words(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
  }
}
