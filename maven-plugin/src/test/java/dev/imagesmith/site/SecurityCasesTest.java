package dev.imagesmith.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the security catalogue (site/src/site/markdown/security-cases.md) honest: every case row
 * names at least one test, every named test exists, and the test's file mentions the case's ID (in
 * the method name, as the other security tests do, or in a comment), so a case cannot point at a
 * test that checks something else.
 *
 * <p>A row whose last column starts with {@code not tested} names no test and says why. Such a row
 * must not go stale: if any test source or integration test mentions its ID, the row should name
 * that test instead, and this fails. The untested cases are printed, so that each build shows them.
 */
class SecurityCasesTest {
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*([A-Z][0-9]+[a-z]?)\\s*\\|(.*)\\|\\s*$");
  private static final Pattern REFERENCE = Pattern.compile("`([^`]+)`");
  private static final Pattern METHOD = Pattern.compile("([A-Za-z0-9_]+)#([A-Za-z0-9_]+)");
  private static final String NOT_TESTED = "not tested";

  private final Path repository =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

  @Test
  void everyCase_namesTestsThatExistAndMentionIt() throws IOException {
    Path catalogue = repository.resolve("site/src/site/markdown/security-cases.md");
    List<String> problems = new ArrayList<>();
    List<String> untested = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<Path> testFiles = testFiles();
    for (String line : Files.readAllLines(catalogue, StandardCharsets.UTF_8)) {
      Matcher row = ROW.matcher(line);
      if (!row.matches()) {
        continue;
      }
      String id = row.group(1);
      if (!ids.add(id)) {
        problems.add(id + ": listed twice");
      }
      String[] cells = row.group(2).split("\\|");
      String last = cells[cells.length - 1].strip();
      if (last.startsWith(NOT_TESTED)) {
        untested.add(id + ": " + last);
        for (Path file : testFiles) {
          if (mentions(file, id)) {
            problems.add(
                id
                    + " says '"
                    + NOT_TESTED
                    + "', but "
                    + repository.relativize(file)
                    + " mentions it: name that test in the row");
          }
        }
        continue;
      }
      Matcher references = REFERENCE.matcher(last);
      int found = 0;
      while (references.find()) {
        found++;
        String why = check(id, references.group(1));
        if (why != null) {
          problems.add(id + ": " + why);
        }
      }
      if (found == 0) {
        problems.add(id + ": names no test in its last column, nor says '" + NOT_TESTED + ": why'");
      }
    }
    System.out.println(
        "security-cases.md: "
            + ids.size()
            + " cases, "
            + untested.size()
            + " not tested:\n  "
            + String.join("\n  ", untested));
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void rowPattern_readsCaseRowsOnly() {
    assertTrue(ROW.matcher("| W1 | a link | refused | `A#W1_x` |").matches());
    assertTrue(!ROW.matcher("| case | attack | what holds | test |").matches());
  }

  @Test
  void mention_isTheIdAsAWord_notAFlagOrALongerId() {
    assertTrue(mention("P4").matcher("void P4_windowsNames() {").find());
    assertTrue(mention("L31").matcher("void O5_L31_umask() {").find());
    assertTrue(mention("N7").matcher("// A 404 for a tag (N7).").find());
    assertFalse(mention("O2").matcher("<CFLAGS>-O2</CFLAGS>").find());
    assertFalse(mention("P2").matcher("void P21_dotdot() {").find());
    assertFalse(mention("N1").matcher("String s = \"xN1\";").find());
  }

  /** Null if {@code reference} names a test that exists and mentions {@code id}, else why not. */
  private String check(String id, String reference) throws IOException {
    if (reference.startsWith("src/it/")) {
      Path itCase = repository.resolve(reference);
      if (!Files.isRegularFile(itCase.resolve("invoker.properties"))) {
        return reference + " is not an invoker IT";
      }
      return mentionsAnywhere(itCase, id) ? null : reference + " does not mention " + id;
    }
    Matcher method = METHOD.matcher(reference);
    if (!method.matches()) {
      return "`" + reference + "` is neither Class#method nor src/it/<case>";
    }
    Optional<Path> file = testSource(method.group(1));
    if (file.isEmpty()) {
      return "no test class " + method.group(1);
    }
    String text = Files.readString(file.get(), StandardCharsets.UTF_8);
    if (!Pattern.compile("void\\s+" + method.group(2) + "\\s*\\(").matcher(text).find()) {
      return method.group(1) + " has no test method " + method.group(2);
    }
    return text.contains(id) ? null : method.group(1) + " does not mention " + id;
  }

  private Optional<Path> testSource(String className) throws IOException {
    try (Stream<Path> files = Files.walk(repository.resolve("maven-plugin/src/test/java"))) {
      return files.filter(p -> p.getFileName().toString().equals(className + ".java")).findFirst();
    }
  }

  /** Every test source but this one, and every file of every integration test. */
  private List<Path> testFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    Path self =
        repository.resolve("maven-plugin/src/test/java/dev/imagesmith/site/SecurityCasesTest.java");
    try (Stream<Path> walk = Files.walk(repository.resolve("maven-plugin/src/test/java"))) {
      walk.filter(p -> p.toString().endsWith(".java") && !p.equals(self)).forEach(files::add);
    }
    try (Stream<Path> walk = Files.walk(repository.resolve("src/it"))) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    return files;
  }

  /**
   * The ID as a word: not part of a longer ID ({@code P21} for {@code P2}), nor a compiler flag
   * ({@code -O2}); a method name's {@code _} may follow or precede it ({@code O5_L31_...}).
   */
  static Pattern mention(String id) {
    return Pattern.compile("(?<![A-Za-z0-9-])" + Pattern.quote(id) + "(?![0-9])");
  }

  private static boolean mentions(Path file, String id) throws IOException {
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    return mention(id).matcher(text).find();
  }

  private static boolean mentionsAnywhere(Path directory, String id) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(id)) {
          return true;
        }
      }
    }
    return false;
  }
}
