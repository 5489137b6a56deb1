package dev.imagesmith.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The site's architecture page ({@code site/src/site/markdown/architecture.md}) and the tree agree:
 * its package table has one row for each top-level package below {@code dev.imagesmith}, no row for
 * a package that does not exist, and each row's "May import" column allows exactly what the
 * package's own {@code package-info.java} allows ({@link PackageTable}, read with the same
 * grammar), so the page cannot drift from the rules {@link PackageRulesTest} enforces.
 */
class ArchitecturePageTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/imagesmith");
  private static final Path PAGE = Path.of("../site/src/site/markdown/architecture.md");
  private static final Path README = Path.of("../README.md");

  /** {@code | `name` | what it is | what it may import |}. */
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([a-z][a-z0-9]*)`\\s*\\|([^|]*)\\|([^|]*)\\|\\s*$");

  private static final Pattern TICKED = Pattern.compile("`([^`]*)`");

  @Test
  void packageTable_listsEveryTopLevelPackageAndNoOther() throws IOException {
    Set<String> listed = rows(Files.readString(PAGE, StandardCharsets.UTF_8)).keySet();
    assertEquals(topLevelPackages(), listed, "packages in the tree vs. rows of " + PAGE);
  }

  /** The README's shorter table, a row for a few packages at a time, names each one too. */
  @Test
  void readmePackageTable_namesEveryTopLevelPackageAndNoOther() throws IOException {
    assertEquals(topLevelPackages(), readmePackages(Files.readString(README)), "README.md");
  }

  @Test
  void packageTable_allowsWhatEachPackageInfoAllows() throws IOException {
    PackageTable table = PackageTable.read(SOURCES);
    List<String> problems = new ArrayList<>();
    rows(Files.readString(PAGE, StandardCharsets.UTF_8))
        .forEach(
            (name, imports) -> {
              String pkg = PackageTable.ROOT + "." + name;
              PackageTable.Rule own = table.rules().get(pkg);
              if (own == null) {
                return; // the other test names it
              }
              PackageTable.Rule page = pageRule(pkg, imports, table);
              if (!page.packages().equals(own.packages())
                  || !page.classes().equals(own.classes())) {
                problems.add(
                    name
                        + ": the page allows "
                        + page.packages()
                        + page.classes()
                        + ", its package-info "
                        + own.packages()
                        + own.classes()
                        + " (\""
                        + own.sentence()
                        + "\")");
              }
            });
    assertEquals(List.of(), problems);
  }

  /** The checks see the page: a missing row or a wrong column is found, not passed over. */
  @Test
  void theReaderSeesRowsAndColumns() {
    Map<String, String> rows =
        rows(
            "| Package | What | May import |\n| --- | --- | --- |\n"
                + "| `store` | files | `io` and `error`; nothing else of ours |\n"
                + "| `elf` | ELF | nothing of ours |\n"
                + "Prose with | `bars` | in it |\n");
    assertEquals(Set.of("store", "elf"), rows.keySet());
    PackageTable table = PackageTable.read(SOURCES);
    PackageTable.Rule store = pageRule("dev.imagesmith.store", rows.get("store"), table);
    assertEquals(Set.of("dev.imagesmith.io", "dev.imagesmith.error"), store.packages());
    assertEquals(Set.of(), pageRule("dev.imagesmith.elf", rows.get("elf"), table).packages());
    assertTrue(
        pageRule("dev.imagesmith.pipeline", "everything but `maven`", table)
            .packages()
            .contains("dev.imagesmith.store"));
    assertThrows(
        IllegalStateException.class,
        () -> pageRule("dev.imagesmith.elf", "`nosuchpackage`", table),
        "a name that is no package of ours");
    assertEquals(
        Set.of("stage", "prune", "fs"),
        readmePackages(
            "text\n| package | what |\n| --- | --- |\n| `stage`, `prune` | a `plan` |\n"
                + "| `fs`, `fs.archive` | sandbox |\n\n| `other` | table |\n"));
  }

  /**
   * The top-level packages the README's package table names: the ticked names of its first column
   * (from the {@code | package | what |} header to the table's end), sub-packages left out.
   */
  static Set<String> readmePackages(String readme) {
    Set<String> names = new TreeSet<>();
    boolean inTable = false;
    for (String line : readme.split("\n")) {
      if (line.startsWith("| package | what |")) {
        inTable = true;
      } else if (inTable && !line.startsWith("|")) {
        break;
      } else if (inTable) {
        Matcher name = TICKED.matcher(line.split("\\|")[1]);
        while (name.find()) {
          if (!name.group(1).contains(".")) {
            names.add(name.group(1));
          }
        }
      }
    }
    return names;
  }

  /** The package table's rows: package name to its "May import" column. */
  static Map<String, String> rows(String markdown) {
    Map<String, String> rows = new TreeMap<>();
    for (String line : markdown.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        String earlier = rows.put(row.group(1), row.group(3).trim());
        if (earlier != null) {
          throw new IllegalStateException("two rows for " + row.group(1));
        }
      }
    }
    return rows;
  }

  /**
   * The column read as a package-info sentence: {@code `a`, `b`} becomes "May import {@code a},
   * {@code b}.", and "nothing ..." becomes "Imports nothing ...".
   */
  private static PackageTable.Rule pageRule(String pkg, String column, PackageTable table) {
    String names = TICKED.matcher(column).replaceAll(m -> "{@code " + m.group(1) + "}");
    String sentence = column.startsWith("nothing") ? "Imports " + names : "May import " + names;
    Set<String> packages = new TreeSet<>(table.rules().keySet());
    return PackageTable.parse(pkg, sentence + ".", packages, classes());
  }

  /**
   * Every class of ours, {@code dev.imagesmith.image.Digest}, as {@link PackageTable} names them.
   */
  private static Set<String> classes() {
    Set<String> classes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                String relative = SOURCES.relativize(f).toString().replace('\\', '/');
                classes.add(
                    PackageTable.ROOT
                        + "."
                        + relative
                            .substring(0, relative.length() - ".java".length())
                            .replace('/', '.'));
              });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return classes;
  }

  /** The directories right below {@code dev/imagesmith} that hold Java sources. */
  private static Set<String> topLevelPackages() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          if (files.anyMatch(f -> f.toString().endsWith(".java"))) {
            names.add(dir.getFileName().toString());
          }
        }
      }
    }
    return names;
  }
}
