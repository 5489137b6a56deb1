package dev.imagesmith.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the repositories the build host's apt uses: {@code sources.list} (one-line format) and
 * {@code sources.list.d/*.list} and {@code *.sources} (deb822). Only {@code deb} entries count
 * ({@code deb-src} and disabled entries do not), in apt's reading order: {@code sources.list}, then
 * the directory's files sorted by name.
 */
public final class AptSources {
  private AptSources() {}

  /** The entries under {@code etcApt} (normally {@code /etc/apt}); none if it does not exist. */
  public static List<AptSource> read(Path etcApt) throws IOException {
    List<AptSource> sources = new ArrayList<>();
    Path list = etcApt.resolve("sources.list");
    if (Files.isRegularFile(list)) {
      sources.addAll(parseOneLine(Files.readString(list, StandardCharsets.UTF_8), list));
    }
    Path directory = etcApt.resolve("sources.list.d");
    if (Files.isDirectory(directory)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
        stream.forEach(files::add);
      }
      files.sort(null);
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
          continue;
        }
        if (name.endsWith(".list")) {
          sources.addAll(parseOneLine(Files.readString(file, StandardCharsets.UTF_8), file));
        } else if (name.endsWith(".sources")) {
          sources.addAll(parseDeb822(Files.readString(file, StandardCharsets.UTF_8), file));
        }
      }
    }
    return sources;
  }

  /** {@code deb [signed-by=/k.gpg arch=amd64] http://host/debian bookworm main contrib}. */
  static List<AptSource> parseOneLine(String text, Path origin) {
    List<AptSource> sources = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
      line = line.strip();
      if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
        continue;
      }
      String rest = line.substring(3).strip();
      Path signedBy = null;
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0) {
          continue;
        }
        for (String option : rest.substring(1, close).strip().split("\\s+")) {
          if (option.startsWith("signed-by=")) {
            signedBy = keyringPath(option.substring("signed-by=".length()));
          }
        }
        rest = rest.substring(close + 1).strip();
      }
      String[] words = rest.split("\\s+");
      if (words.length < 2) {
        continue;
      }
      URI uri = uri(words[0]);
      if (uri == null) {
        continue;
      }
      sources.add(
          new AptSource(
              uri,
              List.of(words[1]),
              Arrays.asList(words).subList(2, words.length),
              signedBy,
              origin));
    }
    return sources;
  }

  /** deb822 stanzas with {@code Types}, {@code URIs}, {@code Suites}, {@code Components}. */
  static List<AptSource> parseDeb822(String text, Path origin) throws IOException {
    List<AptSource> sources = new ArrayList<>();
    ControlParagraphs.read(
        new BufferedReader(new StringReader(text)),
        null,
        stanza -> {
          Map<String, String> f = lowerCaseKeys(stanza);
          if (!words(f.get("types")).contains("deb")
              || "no".equalsIgnoreCase(f.getOrDefault("enabled", "yes").strip())) {
            return;
          }
          String signedBy = f.get("signed-by");
          Path keyring =
              signedBy == null || signedBy.contains("\n") || signedBy.contains("BEGIN PGP")
                  ? null
                  : keyringPath(signedBy.strip());
          for (String word : words(f.get("uris"))) {
            URI uri = uri(word);
            if (uri != null && !words(f.get("suites")).isEmpty()) {
              sources.add(
                  new AptSource(
                      uri, words(f.get("suites")), words(f.get("components")), keyring, origin));
            }
          }
        });
    return sources;
  }

  private static Map<String, String> lowerCaseKeys(Map<String, String> stanza) {
    Map<String, String> lower = new java.util.HashMap<>();
    stanza.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  private static List<String> words(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.strip().split("\\s+"));
  }

  /** A signed-by value names a file when it is an absolute path (else it is a fingerprint). */
  private static Path keyringPath(String value) {
    String first = value.split(",")[0].strip();
    return first.startsWith("/") ? Path.of(first) : null;
  }

  private static URI uri(String text) {
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return scheme.equals("http") || scheme.equals("https") || scheme.equals("file")
          ? uri
          : null; // cdrom:, mirror+file:, tor+http: ... are apt transports we do not have
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
