import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails when the generated site has a broken internal link: a relative href or src whose file does
 * not exist in the site, or whose #fragment names no id on that page. Links with a scheme
 * (https:, mailto:) are external and not checked: the build must work offline.
 *
 * <p>Run by the site module in the site phase, after site:site: {@code java CheckLinks.java SITE_DIR PAGE...}; each PAGE
 * must exist (so a guide or the goal pages cannot silently disappear).
 */
public final class CheckLinks {
  private static final Pattern LINK = Pattern.compile("\\s(?:href|src)=\"([^\"]*)\"");
  private static final Pattern ID = Pattern.compile("\\s(?:id|name)=\"([^\"]*)\"");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  public static void main(String[] args) throws IOException {
    Path site = Path.of(args[0]).toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (!Files.isRegularFile(site.resolve(args[i]))) {
        problems.add(args[i] + " is missing from the site");
      }
    }
    List<Path> pages;
    try (Stream<Path> files = Files.walk(site)) {
      pages = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }
    Map<Path, Set<String>> ids = new HashMap<>();
    int links = 0;
    for (Path page : pages) {
      String html = Files.readString(page, StandardCharsets.UTF_8);
      Matcher link = LINK.matcher(html);
      while (link.find()) {
        String href = link.group(1).replace("&amp;", "&");
        if (href.isEmpty() || SCHEME.matcher(href).find() || href.startsWith("//")) {
          continue;
        }
        links++;
        String where = site.relativize(page) + ": link '" + href + "'";
        int hash = href.indexOf('#');
        String file = hash < 0 ? href : href.substring(0, hash);
        String fragment = hash < 0 ? null : href.substring(hash + 1);
        int query = file.indexOf('?');
        file = query < 0 ? file : file.substring(0, query);
        Path target =
            file.isEmpty()
                ? page
                : page.getParent()
                    .resolve(URLDecoder.decode(file, StandardCharsets.UTF_8))
                    .normalize();
        if (!target.startsWith(site)) {
          problems.add(where + " leaves the site");
          continue;
        }
        if (Files.isDirectory(target)) {
          target = target.resolve("index.html");
        }
        if (!Files.isRegularFile(target)) {
          problems.add(where + ": " + site.relativize(target) + " does not exist");
          continue;
        }
        if (fragment != null && !fragment.isEmpty() && target.toString().endsWith(".html")) {
          Set<String> known = ids.computeIfAbsent(target, CheckLinks::idsOf);
          if (!known.contains(fragment)) {
            problems.add(where + ": " + site.relativize(target) + " has no id '" + fragment + "'");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      System.err.println(problems.size() + " broken internal links in " + site + ":");
      problems.forEach(problem -> System.err.println("  " + problem));
      System.exit(1);
    }
    System.out.println(
        "Site links checked: " + pages.size() + " pages, " + links + " internal links, none broken");
  }

  private static Set<String> idsOf(Path page) {
    try {
      Matcher id = ID.matcher(Files.readString(page, StandardCharsets.UTF_8));
      Set<String> ids = new java.util.HashSet<>();
      while (id.find()) {
        ids.add(id.group(1));
      }
      return ids;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
