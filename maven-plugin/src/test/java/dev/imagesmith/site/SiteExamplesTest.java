package dev.imagesmith.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the user site (../site/src/site/markdown) from rotting: every code block of a guide is
 * preceded by {@code <!-- example: PATH -->}, PATH is a file that a test builds, and the block's
 * text appears in that file (whitespace-normalised; a line {@code <!-- ... -->} or {@code # ...} in
 * a block skips text, the parts must appear in order).
 *
 * <p>Files that tests build: an invoker IT ({@code src/it/<case>/...} with an invoker.properties),
 * an example under {@code examples/} that an IT's prebuild.groovy copies in and builds, and the
 * archetype's project template, which the archetype IT generates and builds. Shell blocks may also
 * quote the README's commands or {@code .ci/run}, which CI runs.
 */
class SiteExamplesTest {
  private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z]*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^<!-- example: (\\S+) -->$");
  private static final Pattern ROOT_VERSION =
      Pattern.compile("<artifactId>imagesmith-parent</artifactId>\\s*<version>([^<]+)</version>");

  private final Path repository =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

  /** One fenced block of a guide and the file it says it comes from. */
  record Example(String where, String language, String source, List<String> lines) {}

  @Test
  void everyExample_appearsInAFileThatATestBuilds() throws IOException {
    List<Example> examples = examples(repository.resolve("site/src/site/markdown"));
    assertTrue(examples.size() >= 10, "the guides should have their examples: " + examples.size());
    List<String> problems = new ArrayList<>();
    for (Example example : examples) {
      check(example, problems);
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void contains_findsPartsInOrderAndRejectsDrift() {
    String file = "<a>\n  <b>1</b>\n  <c>2</c>\n  <d>3</d>\n</a>";
    assertTrue(contains(file, List.of("<a> <b>1</b>", "<!-- ... -->", "<d>3</d>")));
    assertFalse(contains(file, List.of("<d>3</d>", "<!-- ... -->", "<b>1</b>")), "order matters");
    assertFalse(contains(file, List.of("<b>2</b>")), "a changed value is drift");
  }

  private void check(Example example, List<String> problems) throws IOException {
    if (example.source() == null) {
      problems.add(
          example.where()
              + ": put <!-- example: PATH --> before the block, naming the file a test builds that"
              + " holds this text");
      return;
    }
    Path source = repository.resolve(example.source()).normalize();
    String why = notBuiltByATest(source, example.language());
    if (why != null) {
      problems.add(example.where() + ": " + example.source() + " " + why);
      return;
    }
    String text = Files.readString(source, StandardCharsets.UTF_8);
    if (source.startsWith(repository.resolve("src/it"))) {
      // What the invoker's filtering makes of the IT's POM: the plugin version, and the demo's
      // sources, which the guides show as a project's own src/native.
      text =
          text.replace("@project.version@", projectVersion())
              .replace("@demoSources@", "src/native");
    }
    if (!contains(text, example.lines())) {
      problems.add(
          example.where()
              + ": the block's text is not in "
              + example.source()
              + " (compared with whitespace collapsed; mark skipped text with <!-- ... -->)");
    }
  }

  /** Null if {@code source} is a file some test builds (or runs), else why not. */
  private String notBuiltByATest(Path source, String language) {
    if (!source.startsWith(repository) || !Files.isRegularFile(source)) {
      return "does not exist in the repository";
    }
    Path relative = repository.relativize(source);
    if (relative.startsWith("src/it") && relative.getNameCount() > 3) {
      Path itCase = repository.resolve(relative.subpath(0, 3));
      return Files.isRegularFile(itCase.resolve("invoker.properties"))
          ? null
          : "is not in an invoker IT directory (no invoker.properties in " + itCase + ")";
    }
    if (relative.startsWith("archetype/src/main/resources/archetype-resources")) {
      return null;
    }
    if (relative.startsWith("examples") && relative.getNameCount() > 2) {
      String example = relative.subpath(0, 2).toString();
      return copiedByAnIt(example)
          ? null
          : "is in "
              + example
              + ", which no IT builds: copy it in an IT's prebuild.groovy (as src/it/java-example"
              + " does with examples/java-app)";
    }
    if (language.equals("sh")
        && (relative.toString().equals("README.md") || relative.toString().equals(".ci/run"))) {
      return null;
    }
    return "is not a file a test builds: use an IT under src/it/ or the archetype's template"
        + " (shell blocks may quote README.md or .ci/run)";
  }

  /** True if some IT's prebuild.groovy names {@code example} ({@code examples/java-app}). */
  private boolean copiedByAnIt(String example) {
    try (Stream<Path> cases = Files.list(repository.resolve("src/it"))) {
      for (Path itCase : cases.sorted().toList()) {
        Path prebuild = itCase.resolve("prebuild.groovy");
        if (Files.isRegularFile(itCase.resolve("invoker.properties"))
            && Files.isRegularFile(prebuild)
            && Files.readString(prebuild, StandardCharsets.UTF_8).contains(example + "\"")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String projectVersion() {
    try {
      Matcher version =
          ROOT_VERSION.matcher(
              Files.readString(repository.resolve("pom.xml"), StandardCharsets.UTF_8));
      assertTrue(version.find(), "the root pom has a version");
      return version.group(1).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** True if the block's parts, split at ellipsis lines, appear in {@code text} in order. */
  static boolean contains(String text, List<String> blockLines) {
    String haystack = normalise(text);
    int from = 0;
    StringBuilder part = new StringBuilder();
    List<String> parts = new ArrayList<>();
    for (String line : blockLines) {
      String trimmed = line.trim();
      if (trimmed.equals("<!-- ... -->") || trimmed.equals("# ...")) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(line).append('\n');
      }
    }
    parts.add(part.toString());
    for (String piece : parts) {
      String needle = normalise(piece);
      if (needle.isEmpty()) {
        continue;
      }
      int at = haystack.indexOf(needle, from);
      if (at < 0) {
        return false;
      }
      from = at + needle.length();
    }
    return true;
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  private static List<Example> examples(Path guides) throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(guides)) {
      pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    assertFalse(pages.isEmpty(), "no guides in " + guides);
    List<Example> examples = new ArrayList<>();
    for (Path page : pages) {
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      String marker = null;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher fence = FENCE.matcher(line);
        if (fence.matches()) {
          int start = i;
          List<String> block = new ArrayList<>();
          while (++i < lines.size() && !lines.get(i).startsWith("```")) {
            block.add(lines.get(i));
          }
          String where = page.getFileName() + ":" + (start + 1);
          examples.add(new Example(where, fence.group(1), marker, block));
          marker = null;
          continue;
        }
        Matcher example = MARKER.matcher(line.trim());
        if (example.matches()) {
          marker = example.group(1);
        } else if (!line.isBlank()) {
          marker = null;
        }
      }
    }
    return examples;
  }
}
