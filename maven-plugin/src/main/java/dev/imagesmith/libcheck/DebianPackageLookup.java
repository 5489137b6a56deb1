package dev.imagesmith.libcheck;

import dev.imagesmith.debian.ContentsIndex;
import dev.imagesmith.debian.DebianArchitectures;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.PackageContents;
import dev.imagesmith.debian.RepositoryClient;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Looks file names up in the {@code Contents} index of the Debian repository the build installs
 * from (that of its first {@code debian} step, with the host's apt configuration filling what the
 * step leaves open), for the image's architecture. The index is fetched and verified only when a
 * check found something missing that no stage has, and kept in the cache by its hash: an offline
 * build uses the cached one or says that it cannot look up.
 */
public final class DebianPackageLookup implements PackageLookup {
  private final PackageContents contents;
  private final String source;
  private final boolean offline;
  private final BuildLog log;

  /**
   * The files of each name already looked up (empty for a name no package ships): the library check
   * and the entrypoint check ask one after the other, and each search reads the whole index.
   */
  private final Map<String, List<Shipped>> answered = new HashMap<>();

  /**
   * Why nothing can be looked up (secrets masked), or null: kept once a lookup failed, since asking
   * again would only make the build wait for the same failure.
   */
  private String unavailable;

  private DebianPackageLookup(
      PackageContents contents, String source, boolean offline, BuildLog log, String unavailable) {
    this.contents = contents;
    this.source = source;
    this.offline = offline;
    this.log = log;
    this.unavailable = unavailable == null ? null : Redaction.text(unavailable);
  }

  /**
   * The lookup for {@code plan}'s Debian repository, or {@link PackageLookup#NONE} if the build has
   * no {@code debian} step.
   *
   * @param etcApt the host's apt configuration, normally {@code /etc/apt}
   */
  public static PackageLookup forPlan(
      BuildPlan plan, Path etcApt, RepositoryClient client, BuildLog log) {
    Optional<StepSpec.Debian> step = firstDebianStep(plan.stages());
    if (step.isEmpty()) {
      return NONE;
    }
    StepSpec.Debian debian = step.get();
    String architecture;
    try {
      architecture =
          debian.architecture() != null
              ? debian.architecture()
              : DebianArchitectures.of(plan.platform(), debian.where());
      DebianRequest request =
          new DebianRequest(
              List.of(),
              debian.repository(),
              debian.suite(),
              debian.components(),
              architecture,
              debian.keyring(),
              List.of(),
              false,
              null,
              debian.where());
      var settings = PackageContents.settings(request, etcApt);
      PackageContents contents =
          new PackageContents(
              settings,
              architecture,
              plan.cacheDirectory(),
              plan.offline(),
              client,
              log,
              Clock.systemUTC());
      return new DebianPackageLookup(
          contents, "Debian " + contents.source(), plan.offline(), log, null);
    } catch (UserInputException | IOException e) {
      return new DebianPackageLookup(
          null, "the Debian repository of " + debian.where(), plan.offline(), log, e.getMessage());
    }
  }

  @Override
  public synchronized Answer find(Set<String> names) {
    Set<String> asked = new LinkedHashSet<>(names);
    asked.removeAll(answered.keySet());
    if (unavailable == null && !asked.isEmpty()) {
      search(asked);
    }
    if (unavailable != null) {
      return Answer.unavailable(source, unavailable);
    }
    Map<String, List<Shipped>> byName = new HashMap<>();
    for (String name : names) {
      List<Shipped> shipped = answered.get(name);
      if (!shipped.isEmpty()) {
        byName.put(name, shipped);
      }
    }
    return new Answer(byName, source, null);
  }

  /** Reads the index once for {@code names}, into {@link #answered} or {@link #unavailable}. */
  private void search(Set<String> names) {
    log.info(
        "Looking up the packages that ship "
            + String.join(", ", names)
            + " in the Contents index of "
            + source
            + (offline ? " (offline: from the cache)" : ""));
    try {
      Map<String, List<ContentsIndex.Entry>> found = contents.find(names);
      for (String name : names) {
        answered.put(
            name,
            found.getOrDefault(name, List.of()).stream()
                .map(e -> new Shipped(e.path(), e.packages()))
                .toList());
      }
    } catch (UserInputException e) {
      unavailable =
          offline
              ? "Maven is offline and the index is not in the cache (a build online fetches it"
                  + " once)"
              : Redaction.text(e.getMessage());
    } catch (IOException e) {
      unavailable = Redaction.text(String.valueOf(e.getMessage()));
    }
  }

  private static Optional<StepSpec.Debian> firstDebianStep(List<StageSpec> stages) {
    for (StageSpec stage : stages) {
      for (StepSpec step : stage.steps()) {
        if (step instanceof StepSpec.Debian debian) {
          return Optional.of(debian);
        }
      }
    }
    return Optional.empty();
  }
}
