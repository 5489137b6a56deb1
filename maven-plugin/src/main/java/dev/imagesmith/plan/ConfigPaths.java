package dev.imagesmith.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the engine's messages name the configuration: the XML path of each element they point at, as
 * the Maven side spells it, carried by the plan ({@link BuildPlan#paths()}) as {@link
 * StageSpec#where()} and {@link BudgetSpec.Paths} carry theirs. The engine never spells an element
 * of the POM itself ({@code arch.XmlLiteralsTest} holds it to that); it composes its advice from
 * these paths.
 *
 * @param from the final image's base
 * @param platform the image's platform
 * @param layers the list of layers
 * @param layer one layer
 * @param layerStage a layer's stage, below {@code layer}
 * @param layerPath a layer's path, below {@code layer}
 * @param environment the image's environment, one element per variable below it
 * @param entrypoint the image's entrypoint
 * @param cmd the image's cmd
 * @param debianStep the step that installs Debian packages
 * @param checkLibraries the switch of the library check
 * @param ignoreMissingLibraries the libraries the library check lets pass
 * @param ignoreMissingLibrary one pattern below {@code ignoreMissingLibraries}
 * @param ignoreMissingInterpreters the script interpreters the library check lets pass
 * @param ignoreMissingInterpreter one pattern below {@code ignoreMissingInterpreters}
 * @param checkEntrypoint the switch of the entrypoint check
 * @param toImage the image the build is named and pushed as
 * @param budget the image's size limits
 * @param auth the POM's registry credentials
 * @param settingsServer a server's credentials in Maven's settings.xml
 * @param settingsServerId the id of a {@code settingsServer}, below it
 * @param insecureRegistries the registries reached without TLS
 * @param downloads the limits of every download
 * @param debian the elements of a {@code debianStep}
 * @param steps the elements of a stage's copy and run steps
 * @param sharedCache the shared cache's parameters
 * @param maxWastedBytes the budget's waste limit, named also when no {@code <budget>} is set (the
 *     waste warning advises setting it)
 */
public record ConfigPaths(
    String from,
    String platform,
    String layers,
    String layer,
    String layerStage,
    String layerPath,
    String environment,
    String entrypoint,
    String cmd,
    String debianStep,
    String checkLibraries,
    String ignoreMissingLibraries,
    String ignoreMissingLibrary,
    String ignoreMissingInterpreters,
    String ignoreMissingInterpreter,
    String checkEntrypoint,
    String toImage,
    String budget,
    String auth,
    String settingsServer,
    String settingsServerId,
    String insecureRegistries,
    Downloads downloads,
    Debian debian,
    Steps steps,
    SharedCache sharedCache,
    String maxWastedBytes) {
  private static final Pattern ELEMENT = Pattern.compile("<([A-Za-z][A-Za-z0-9_.-]*)>");

  /** The plugin's configuration in the POM, as {@code maven.PlanFactory} reads it. */
  public static final ConfigPaths POM =
      new ConfigPaths(
          "<from>",
          "<platform>",
          "<layers>",
          "<layer>",
          "<stage>",
          "<path>",
          "<container><environment>",
          "<entrypoint>",
          "<cmd>",
          "<debian>",
          "<checkLibraries>",
          "<ignoreMissingLibraries>",
          "<ignoreMissingLibrary>",
          "<ignoreMissingInterpreters>",
          "<ignoreMissingInterpreter>",
          "<checkEntrypoint>",
          "<to>/<image>",
          "<budget>",
          "<auth>",
          "<server>",
          "<id>",
          "<insecureRegistries>",
          new Downloads("<downloads><timeout>", "<downloads><idleTimeout>", "<downloads><maxSize>"),
          new Debian(
              "<packages>",
              "<repository>",
              "<suite>",
              "<components>",
              "<architecture>",
              "<keyring>",
              "<excludes>",
              "<essential>",
              "<debianMirror>"),
          new Steps(
              "<isolation>", "<source>", "<network>", "<timeout>", "<cache>", "<id>", "<target>"),
          new SharedCache(
              "<sharedCachePush>", "<sharedCacheMaxEntrySize>", "<sharedCacheKeyCommand>"),
          "<budget><maxWastedBytes>");

  /**
   * The limits of every download, each with its full path.
   *
   * @param timeout the whole transfer's limit
   * @param idleTimeout the longest pause
   * @param maxSize the largest body
   */
  public record Downloads(String timeout, String idleTimeout, String maxSize) {}

  /**
   * The elements of a {@code debian} step, below its path.
   *
   * @param packages the packages it installs
   * @param repository the repository root URL
   * @param suite the suite ({@code bookworm})
   * @param components the components ({@code main})
   * @param architecture the Debian architecture
   * @param keyring the repository's keyring file
   * @param excludes the packages it leaves out
   * @param essential the switch that installs the essential set
   * @param mirror the parameter naming a mirror of the Debian archive
   */
  public record Debian(
      String packages,
      String repository,
      String suite,
      String components,
      String architecture,
      String keyring,
      String excludes,
      String essential,
      String mirror) {}

  /**
   * The elements of a stage's steps, below the stage or the step.
   *
   * @param isolation where the stage's run steps execute ({@code host}, {@code stage})
   * @param source what a copy or extract step takes from the project
   * @param network a run step's network switch
   * @param timeout a run step's time limit
   * @param cache one cache mount of a run step
   * @param cacheId a cache mount's id, below {@code cache}
   * @param cacheTarget a cache mount's stage path, below {@code cache}
   */
  public record Steps(
      String isolation,
      String source,
      String network,
      String timeout,
      String cache,
      String cacheId,
      String cacheTarget) {}

  /**
   * The shared cache's parameters.
   *
   * @param push the switch that pushes entries
   * @param maxEntrySize the largest entry read or pushed
   * @param keyCommand the command whose output joins every key
   */
  public record SharedCache(String push, String maxEntrySize, String keyCommand) {}

  /**
   * The element below {@code where} (an XML path such as a stage's), for example its {@code
   * <from>}.
   */
  public static String below(String where, String element) {
    return where + "/" + element;
  }

  /**
   * The element at {@code path} holding {@code value}, as it is written in the POM: {@code
   * "<checkLibraries>"} and {@code "false"} give {@code <checkLibraries>false</checkLibraries>}.
   */
  public static String written(String path, String value) {
    Matcher m = ELEMENT.matcher(path);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    StringBuilder text = new StringBuilder(path).append(value);
    for (int i = names.size() - 1; i >= 0; i--) {
      text.append("</").append(names.get(i)).append('>');
    }
    return text.toString();
  }

  /** The element of one environment variable below {@link #environment}, {@code <PATH>}. */
  public static String variable(String name) {
    return "<" + name + ">";
  }

  /** A layer that takes {@code path} from {@code stage}, as written in the POM. */
  public String layerOf(String stage, String path) {
    return written(layer, written(layerStage, stage) + written(layerPath, path));
  }
}
