package dev.imagesmith.project;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.archive.ExtractLimits;
import dev.imagesmith.fs.archive.ZipEntries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code project} stage of a Spring Boot executable jar, laid out as {@code java
 * -Djarmode=tools -jar app.jar extract --layers --launcher} does: the jar's files exploded under
 * the application root ({@code /app/BOOT-INF/lib/...}, {@code
 * /app/org/springframework/boot/loader/...}), one part per layer of {@code BOOT-INF/layers.idx} in
 * the index's order, so that {@code java -cp /app <Main-Class>} runs Boot's launcher on them.
 *
 * <p>A jar without a layer index (built with layering off) is split the way Boot's default index
 * would split it: {@code dependencies} ({@code Spring-Boot-Lib} jars without a snapshot version),
 * {@code spring-boot-loader}, {@code snapshot-dependencies}, then {@code application} (everything
 * else).
 *
 * <p>The jar is read twice: first its listing, manifest and index are checked ({@link
 * BootJarListing}, {@link LayersIndex}), and only then are its files written, each to a fresh file
 * of {@code staging} (no name can leave it: the names were checked, no link is ever made, nothing
 * existing is opened), from which the stage copies them with its fixed modes and times.
 */
final class SpringBootJar {
  static final String BOOT_CLASSES = "Spring-Boot-Classes";
  static final String BOOT_LIB = "Spring-Boot-Lib";
  static final String LAYERS_INDEX = "Spring-Boot-Layers-Index";

  /** Generous for applications (a large one holds some 100,000 entries and 500 MB). */
  static final ExtractLimits LIMITS = new ExtractLimits(200_000, 8L << 30, 4096, 1 << 20, 256);

  private static final String LOADER = "org/springframework/boot/loader/";
  private static final Pattern SNAPSHOT =
      Pattern.compile(".*-(?:SNAPSHOT|[0-9]{8}\\.[0-9]{6}-[0-9]+)(?:-[^/]*)?\\.jar");
  private static final List<String> DEFAULT_LAYERS =
      List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

  /**
   * The parts in layer order, and each file's placement.
   *
   * @param layersFrom where the layers came from, for the build log
   */
  record Layout(List<String> layers, List<Placement> placements, String layersFrom) {}

  private SpringBootJar() {}

  /**
   * Checks {@code jar}, writes its files below {@code staging} (which must not exist) and places
   * them below {@code appRoot}.
   *
   * @throws dev.imagesmith.error.UserInputException naming the jar and the entry, when the jar is
   *     no Spring Boot jar, is damaged or unsafe, before anything is written where the check can
   *     tell from the listing
   */
  static Layout layout(Path jar, Path staging, String appRoot, ExtractLimits limits)
      throws IOException {
    BootJarListing listing = BootJarListing.read(jar, limits);
    if (listing.attribute(BOOT_CLASSES) == null && listing.attribute(BOOT_LIB) == null) {
      throw BootJarListing.bad(
          jar,
          BootJarListing.MANIFEST,
          "the manifest has neither "
              + BOOT_CLASSES
              + " nor "
              + BOOT_LIB
              + ", so this is not a Spring Boot executable jar (build it with"
              + " spring-boot-maven-plugin's repackage goal, or choose the jar project mode)");
    }
    Map<String, String> layerOf = new LinkedHashMap<>();
    List<String> layers = assign(listing, layerOf, limits);
    extract(jar, staging, listing.files.keySet(), limits);

    Map<String, List<String>> byLayer = new LinkedHashMap<>();
    layers.forEach(layer -> byLayer.put(layer, new ArrayList<>()));
    layerOf.forEach((name, layer) -> byLayer.get(layer).add(name));
    List<Placement> placements = new ArrayList<>();
    for (Map.Entry<String, List<String>> layer : byLayer.entrySet()) {
      List<String> names = layer.getValue();
      names.sort(null);
      String common = commonDirectory(names);
      String root = common.isEmpty() ? appRoot : ImagePaths.child(appRoot, common);
      for (String name : names) {
        placements.add(
            new Placement(
                layer.getKey(), staging.resolve(name), ImagePaths.child(appRoot, name), root));
      }
    }
    String index = listing.attribute(LAYERS_INDEX);
    return new Layout(
        List.copyOf(layers),
        placements,
        index != null
            ? "Spring Boot layers from " + index
            : "Spring Boot jar without a layer index: split as Boot's default index would");
  }

  /** Fills {@code layerOf} (file to layer) and returns the layers, from the index or by default. */
  private static List<String> assign(
      BootJarListing listing, Map<String, String> layerOf, ExtractLimits limits)
      throws IOException {
    String indexName = listing.attribute(LAYERS_INDEX);
    if (indexName == null) {
      String lib = directory(listing.attribute(BOOT_LIB));
      for (String name : listing.files.keySet()) {
        layerOf.put(name, defaultLayer(name, lib));
      }
      return DEFAULT_LAYERS;
    }
    String wrong = JarNames.problem(indexName);
    if (wrong != null || !listing.files.containsKey(indexName)) {
      throw BootJarListing.bad(
          listing.jar,
          BootJarListing.MANIFEST,
          LAYERS_INDEX
              + " names '"
              + indexName
              + "', "
              + (wrong != null ? "no entry a jar can hold: " + wrong : "which is not in the jar"));
    }
    LayersIndex index;
    try {
      index =
          LayersIndex.parse(
              readEntry(listing.jar, indexName, limits), new HashSet<>(listing.files.keySet()));
    } catch (IllegalArgumentException e) {
      throw BootJarListing.bad(
          listing.jar, indexName, "the layer index is wrong: " + e.getMessage());
    }
    for (String name : listing.files.keySet()) {
      String layer = index.layerOf(name);
      if (layer == null) {
        throw BootJarListing.bad(
            listing.jar, name, "the file is in no layer of the layer index " + indexName);
      }
      layerOf.put(name, layer);
    }
    return index.layers();
  }

  private static String defaultLayer(String name, String lib) {
    if (lib != null && name.startsWith(lib) && name.indexOf('/', lib.length()) < 0) {
      return SNAPSHOT.matcher(name.substring(lib.length())).matches()
          ? "snapshot-dependencies"
          : "dependencies";
    }
    return name.startsWith(LOADER) ? "spring-boot-loader" : "application";
  }

  private static String directory(String name) {
    return name == null ? null : name.endsWith("/") ? name : name + "/";
  }

  private static byte[] readEntry(Path jar, String name, ExtractLimits limits) throws IOException {
    try (ZipEntries zip = ZipEntries.open(jar, BootJarListing.where(jar), limits)) {
      for (ArchiveItem item = zip.next(); item != null; item = zip.next()) {
        if (item.name().equals(name)) {
          return zip.readSmall(BootJarListing.MAX_SMALL_ENTRY);
        }
      }
    }
    throw BootJarListing.bad(jar, name, "the entry is gone on a second read");
  }

  /** Writes each checked file to a new file below {@code staging}. */
  private static void extract(Path jar, Path staging, Set<String> files, ExtractLimits limits)
      throws IOException {
    Files.createDirectories(staging.getParent());
    Files.createDirectory(staging);
    Set<String> written = new HashSet<>();
    try (ZipEntries zip = ZipEntries.open(jar, BootJarListing.where(jar), limits)) {
      for (ArchiveItem item = zip.next(); item != null; item = zip.next()) {
        if (item.isDirectory()) {
          continue;
        }
        if (!files.contains(item.name()) || !written.add(item.name())) {
          // The listing was taken from the same file a moment ago; another writer changed it.
          throw BootJarListing.bad(jar, item.name(), "the jar changed while it was read");
        }
        Path target = staging.resolve(item.name());
        Files.createDirectories(target.getParent());
        try (OutputStream out =
            Files.newOutputStream(
                target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          zip.copyTo(out);
        }
      }
    }
  }

  /** The deepest directory that holds every name ({@code ""} for the jar's root). */
  static String commonDirectory(List<String> names) {
    String common = null;
    for (String name : names) {
      int slash = name.lastIndexOf('/');
      String directory = slash < 0 ? "" : name.substring(0, slash);
      if (common == null) {
        common = directory;
      } else {
        while (!common.isEmpty()
            && !(directory.equals(common) || directory.startsWith(common + "/"))) {
          int up = common.lastIndexOf('/');
          common = up < 0 ? "" : common.substring(0, up);
        }
      }
    }
    return common == null ? "" : common;
  }
}
