package dev.imagesmith.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The package table as the packages write it: the one sentence of each {@code package-info.java}
 * that says what the package may import, read so that the rules live in one place and a renamed
 * package keeps its rule.
 *
 * <p>The sentence starts with {@code May import} or {@code Imports nothing}. What it allows are the
 * {@code {@code name}}s it names, each a package of ours ({@code fs.archive}, relative to {@code
 * dev.imagesmith}) or one class of one ({@code image.Compression}), up to a {@code ;} or a {@code
 * never} (what follows only repeats what is not allowed):
 *
 * <ul>
 *   <li>{@code May import {@code a}, {@code b.C} and {@code d}; never ...}: those;
 *   <li>{@code May import everything but {@code x}}: every package of ours but those named;
 *   <li>{@code Imports nothing of ours but {@code a}}: those; {@code Imports nothing (of ours)}:
 *       none.
 * </ul>
 *
 * Remarks in parentheses are passed over. A package may always use itself; a name that is neither a
 * package nor a class of ours is an error, so the sentence cannot drift from the tree.
 */
record PackageTable(Map<String, Rule> rules) {
  static final String ROOT = "dev.imagesmith";

  private static final Pattern CODE = Pattern.compile("\\{@code\\s+([^}]*)}");
  private static final Pattern RULE =
      Pattern.compile("(May import|Imports nothing)(.*?)\\.(\\s|$)", Pattern.DOTALL);

  /**
   * What one package may use of ours.
   *
   * @param packages packages allowed whole (full names)
   * @param classes single classes allowed (full names)
   * @param sentence the sentence as written, for messages
   */
  record Rule(Set<String> packages, Set<String> classes, String sentence) {
    boolean allows(String ownPackage, String targetPackage, String targetClass) {
      String outer = targetClass.contains("$") ? targetClass.split("\\$")[0] : targetClass;
      return targetPackage.equals(ownPackage)
          || packages.contains(targetPackage)
          || classes.contains(outer);
    }
  }

  /**
   * Reads every {@code package-info.java} below {@code sources} (the {@code dev/imagesmith} dir).
   */
  static PackageTable read(Path sources) {
    Map<String, String> javadocs = new TreeMap<>();
    Set<String> classes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = packageOf(sources, file);
        String simple = file.getFileName().toString().replace(".java", "");
        if (simple.equals("package-info")) {
          javadocs.put(pkg, javadoc(Files.readString(file)));
        } else {
          classes.add(pkg + "." + simple);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> packages = javadocs.keySet();
    Map<String, Rule> rules = new TreeMap<>();
    javadocs.forEach((pkg, text) -> rules.put(pkg, parse(pkg, text, packages, classes)));
    return new PackageTable(rules);
  }

  private static String packageOf(Path sources, Path file) {
    String relative = sources.relativize(file.getParent()).toString().replace('/', '.');
    return relative.isEmpty() ? ROOT : ROOT + "." + relative;
  }

  /** The comment's text, lines joined, without the leading stars. */
  private static String javadoc(String source) {
    int start = source.indexOf("/**");
    int end = source.indexOf("*/", start);
    StringBuilder text = new StringBuilder();
    for (String line : source.substring(start + 3, end).split("\n")) {
      text.append(line.replaceFirst("^\\s*\\*?\\s?", "")).append(' ');
    }
    return text.toString().replaceAll("\\s+", " ").trim();
  }

  static Rule parse(String pkg, String javadoc, Set<String> packages, Set<String> classes) {
    Matcher sentence = RULE.matcher(javadoc);
    if (!sentence.find()) {
      throw new IllegalStateException(
          pkg
              + "/package-info.java says nothing of what it may import: add a sentence starting"
              + " 'May import' or 'Imports nothing'");
    }
    String whole = sentence.group(0).trim();
    String body = sentence.group(2);
    boolean everythingBut =
        sentence.group(1).equals("May import") && body.startsWith(" everything but");
    if (sentence.group(1).equals("Imports nothing")) {
      int but = body.indexOf(" of ours but ");
      body = but < 0 ? "" : body.substring(but);
    }
    int cut = body.length();
    for (String stop : List.of(";", " never ", " nothing else")) {
      int at = body.indexOf(stop);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    Set<String> namedPackages = new TreeSet<>();
    Set<String> namedClasses = new TreeSet<>();
    // Parentheses hold remarks (what for, XML elements), never a name the rule allows.
    String allowed = body.substring(0, cut).replaceAll("\\([^()]*\\)", "");
    for (String name : codes(allowed)) {
      String full = name.startsWith(ROOT + ".") ? name : ROOT + "." + name;
      if (packages.contains(full)) {
        namedPackages.add(full);
      } else if (classes.contains(full)) {
        namedClasses.add(full);
      } else {
        throw new IllegalStateException(
            pkg
                + "/package-info.java allows {@code "
                + name
                + "}, which is neither a package nor"
                + " a class of ours: \""
                + whole
                + "\"");
      }
    }
    if (everythingBut) {
      Set<String> all = new TreeSet<>(packages);
      all.removeAll(namedPackages);
      return new Rule(all, Set.of(), whole);
    }
    return new Rule(namedPackages, namedClasses, whole);
  }

  private static List<String> codes(String text) {
    List<String> names = new ArrayList<>();
    Matcher code = CODE.matcher(text);
    while (code.find()) {
      names.add(code.group(1).trim());
    }
    return names;
  }
}
