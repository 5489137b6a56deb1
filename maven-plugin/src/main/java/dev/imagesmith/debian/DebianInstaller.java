package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.event.Progress;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.fs.archive.ExtractOptions;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Installs Debian packages into a sandbox as a plain file operation: no dpkg, no apt, no chroot, no
 * root. Resolves the request (or takes it from {@code image-debian.lock}), fetches and verifies
 * each {@code .deb}, unpacks its {@code data.tar.*} with the hardened {@link ArchiveExtractor}, and
 * writes the dpkg database. Maintainer scripts ({@code preinst}, {@code postinst}, ...) are NOT
 * run: the report names the packages that have them, whose setup (users, alternatives, generated
 * files) the build must do itself if it needs it. {@link #fetch} alone gives the verified packages
 * to a caller that lets the stage's own dpkg install them (a stage-isolated stage).
 */
public final class DebianInstaller {
  private final Path cacheDirectory;
  private final boolean offline;
  private final Path etcApt;
  private final RepositoryClient client;
  private final Clock clock;
  private final Duration progressInterval;
  private final ArchiveExtractor extractor = new ArchiveExtractor();

  /**
   * Indexes already read in this build, by repository, suite, components and architecture: two
   * stages that install from the same suite read its 50 MB index once.
   */
  private final Map<String, PackageIndex> indexes = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param cacheDirectory the user's cache ({@code debian/} below it)
   * @param offline Maven's offline flag: only the cache and the lock are used
   * @param etcApt the host's apt configuration directory, normally {@code /etc/apt}
   */
  public DebianInstaller(
      Path cacheDirectory, boolean offline, Path etcApt, RepositoryClient client) {
    this(cacheDirectory, offline, etcApt, client, Clock.systemUTC());
  }

  /**
   * @param clock the build's clock, against which each suite's signed {@code Valid-Until} and
   *     {@code Date} are checked (tests pass a fixed one)
   */
  public DebianInstaller(
      Path cacheDirectory, boolean offline, Path etcApt, RepositoryClient client, Clock clock) {
    this(cacheDirectory, offline, etcApt, client, clock, Progress.DEFAULT_INTERVAL);
  }

  /**
   * @param progressInterval how often fetching packages that is still running says how far it is
   */
  DebianInstaller(
      Path cacheDirectory,
      boolean offline,
      Path etcApt,
      RepositoryClient client,
      Clock clock,
      Duration progressInterval) {
    this.cacheDirectory = cacheDirectory;
    this.offline = offline;
    this.etcApt = etcApt;
    this.client = client;
    this.clock = clock;
    this.progressInterval = progressInterval;
  }

  /**
   * Installs what {@code request} asks for into {@code sandbox}: unpacks each package's files with
   * the hardened extractor and records it in the dpkg database; no maintainer script runs.
   *
   * @throws UserInputException for unknown packages, unsatisfiable dependencies, failed
   *     verification (naming the file, the expected and the actual value) and bad packages
   */
  public DebianReport install(DebianRequest request, Sandbox sandbox, BuildLog log)
      throws IOException {
    FetchedPackages fetched = fetch(request, sandbox, log);
    DpkgDatabase database = DpkgDatabase.read(sandbox);
    Map<String, List<String>> scripts = new TreeMap<>();
    for (FetchedPackages.Fetched pkg : fetched.packages()) {
      DebFile contents = unpackFiles(pkg, sandbox, request.where());
      database.add(sandbox, contents, request.where() + ": " + pkg.source());
      if (!contents.scripts().isEmpty()) {
        scripts.put(pkg.locked().name(), contents.scripts());
      }
      log.debug("  unpacked " + pkg.source());
    }
    if (!fetched.packages().isEmpty()) {
      database.writeStatus(sandbox);
    }
    DebianReport report = fetched.report(scripts);
    logReport(report, log);
    return report;
  }

  /**
   * Unpacks {@code pkg}'s data with the hardened extractor, as dpkg would lay it out, without
   * touching the dpkg database or running anything.
   *
   * @return the package with the paths its data holds
   */
  public DebFile unpackFiles(FetchedPackages.Fetched pkg, Sandbox sandbox, String where)
      throws IOException {
    try {
      return pkg.contents()
          .withDataNames(
              extractor
                  .extractFile(pkg.deb(), sandbox, "/", ExtractOptions.DEFAULTS.recordingNames())
                  .names());
    } catch (UserInputException e) {
      throw new UserInputException(where + ": package " + pkg.source() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Resolves the request (or takes it from {@code image-debian.lock}) against the stage's dpkg
   * status, fetches and verifies each {@code .deb} that is not installed yet and reads its control
   * member. Writes nothing into the stage.
   *
   * @throws UserInputException for unknown packages, unsatisfiable dependencies, failed
   *     verification (naming the file, the expected and the actual value) and bad packages
   */
  public FetchedPackages fetch(DebianRequest request, Sandbox sandbox, BuildLog log)
      throws IOException {
    RepositorySettings settings = RepositorySettings.of(request, AptSources.read(etcApt));
    String where = request.where();
    InstalledPackages installed = DpkgDatabase.read(sandbox).installed();
    DebianLock lock = DebianLock.read(request.lockFile());
    String key = settings.lockKey(request);
    DebianRepository repository =
        new DebianRepository(
            settings.repository(),
            settings.suite(),
            null,
            cacheDirectory,
            offline,
            client,
            log,
            clock);

    Optional<List<LockedPackage>> locked = lock.get(key);
    List<LockedPackage> packages;
    List<String> alreadyInstalled = new ArrayList<>();
    List<String> skippedEssential = List.of();
    if (locked.isPresent()) {
      packages = locked.get();
      log.info("  " + packages.size() + " packages from " + lock.file() + " [" + key + "]");
    } else {
      repository =
          new DebianRepository(
              settings.repository(),
              settings.suite(),
              InReleaseVerifier.load(settings.keyring()),
              cacheDirectory,
              offline,
              client,
              log,
              clock);
      String indexKey =
          settings.repository()
              + " "
              + settings.suite()
              + " "
              + settings.components()
              + " "
              + request.architecture();
      PackageIndex index = indexes.get(indexKey);
      if (index == null) {
        try {
          index = repository.index(settings.components(), request.architecture());
        } catch (UserInputException e) {
          throw new UserInputException(where + ": " + e.getMessage(), e);
        }
        indexes.put(indexKey, index);
      }
      Resolution resolution =
          new Resolver(index, installed, new TreeSet<>(request.excludes()), request.essential())
              .resolve(
                  request.packages(),
                  where
                      + " ("
                      + Redaction.url(settings.repository())
                      + " "
                      + settings.suite()
                      + " "
                      + String.join(",", settings.components())
                      + ")");
      packages = resolution.packages().stream().map(LockedPackage::of).toList();
      alreadyInstalled.addAll(resolution.alreadyInstalled());
      logKeptOlder(request.packages(), installed, index, log);
      skippedEssential = resolution.skippedEssential();
      lock.put(key, packages);
      log.info(
          "  resolved "
              + packages.size()
              + " packages from "
              + index.size()
              + " in the index; pinned in "
              + lock.file());
    }

    List<LockedPackage> toInstall = new ArrayList<>();
    for (LockedPackage pkg : packages) {
      String inStage = installed.versions().get(pkg.name());
      if (inStage != null && !inStage.equals(pkg.version())) {
        // Only a lock gets here (the resolver never picks another version of a stage package):
        // installing around the stage's version would leave the lock and the status lying.
        throw new UserInputException(
            where
                + ": "
                + lock.file()
                + " ["
                + key
                + "] pins "
                + pkg.name()
                + " "
                + pkg.version()
                + ", but the stage already has "
                + pkg.name()
                + " "
                + inStage
                + " in its dpkg status (from "
                + ConfigPaths.POM.from()
                + " or an earlier step), and a debian step never"
                + " upgrades or replaces an installed package; the lock was resolved for a"
                + " stage without it. To fix: delete that section (or the file) to resolve again"
                + " against this stage, or install "
                + pkg.name()
                + " in the same step as the packages that need it");
      }
      if (inStage != null) {
        alreadyInstalled.add(pkg.name());
      } else {
        toInstall.add(pkg);
      }
    }
    toInstall.sort(Comparator.comparing(LockedPackage::name));
    String promisedBy = locked.isPresent() ? lock.file().toString() : "the signed Packages index";
    // Debian's archive keeps only current versions: a lock from last month may name files it
    // dropped, which only a snapshot of the archive still has.
    String whenGone =
        locked.isPresent()
            ? "the lock pins a version this repository no longer serves (Debian's archive drops"
                + " superseded versions). To build the same image, point "
                + ConfigPaths.POM.debian().repository()
                + " at a snapshot of the archive that has it (https://snapshot.debian.org/archive/"
                + "debian/YYYYMMDDT000000Z/); to take today's versions, delete the lock's section for this"
                + " step"
            : DebianRepository.MID_UPDATE;
    List<FetchedPackages.Fetched> fetched = new ArrayList<>();
    // Many packages fetched one by one can take minutes: a line every few seconds says how far.
    AtomicLong fetchedBytes = new AtomicLong();
    try (Progress progress =
        new Progress(
            log,
            "fetching "
                + toInstall.size()
                + (toInstall.size() == 1 ? " Debian package" : " Debian packages"),
            -1,
            fetchedBytes::get,
            progressInterval)) {
      for (LockedPackage pkg : toInstall) {
        Path deb;
        try {
          deb = repository.deb(pkg, promisedBy, whenGone);
        } catch (UserInputException e) {
          throw new UserInputException(where + ": " + e.getMessage(), e);
        }
        fetchedBytes.addAndGet(Files.size(deb));
        FetchedPackages.Fetched one = new FetchedPackages.Fetched(pkg, deb, null);
        DebFile contents = DebFile.read(deb, where + ": " + one.source());
        checkControl(contents, pkg, where, lock.file());
        fetched.add(new FetchedPackages.Fetched(pkg, deb, contents));
      }
    }
    return new FetchedPackages(
        fetched,
        new ArrayList<>(new TreeSet<>(alreadyInstalled)),
        skippedEssential,
        locked.isPresent());
  }

  /**
   * A listed package the stage already has is kept as it is, even when the index has a newer
   * version (a dependency that needs the newer one is refused by the resolver); say so, since the
   * user asked for it by name.
   */
  private static void logKeptOlder(
      List<String> requested, InstalledPackages installed, PackageIndex index, BuildLog log) {
    for (String name : new TreeSet<>(requested)) {
      String inStage = installed.versions().get(name);
      Optional<BinaryPackage> newest = index.newest(name);
      if (inStage != null
          && newest.isPresent()
          && DebianVersion.compare(newest.get().version(), inStage) > 0) {
        log.info(
            "  "
                + name
                + " "
                + inStage
                + " is kept from the stage's dpkg status although the repository has "
                + newest.get().version()
                + ": a debian step never upgrades an installed package");
      }
    }
  }

  /** The .deb's own control file must name the package the lock or index promised. */
  private static void checkControl(DebFile deb, LockedPackage pkg, String where, Path lockFile) {
    String control = "\n" + deb.control();
    boolean matches =
        control.contains("\nPackage: " + pkg.name() + "\n")
            && control.contains("\nVersion: " + pkg.version() + "\n")
            && control.contains("\nArchitecture: " + pkg.architecture() + "\n");
    if (!matches) {
      throw new UserInputException(
          where
              + ": "
              + pkg.filename()
              + " is not "
              + pkg.name()
              + " "
              + pkg.version()
              + " "
              + pkg.architecture()
              + " by its control file; the repository or "
              + lockFile
              + " is inconsistent");
    }
  }

  /** What a debian step installed, for the build log. */
  public static void logReport(DebianReport report, BuildLog log) {
    log.info(
        "  installed "
            + report.installed().size()
            + " packages: "
            + String.join(
                ", ", report.installed().stream().map(p -> p.name() + " " + p.version()).toList()));
    if (!report.alreadyInstalled().isEmpty()) {
      log.info("  already installed in the stage: " + String.join(", ", report.alreadyInstalled()));
    }
    if (!report.skippedEssential().isEmpty()) {
      log.info(
          "  Essential packages not installed (set "
              + ConfigPaths.written(ConfigPaths.POM.debian().essential(), "true")
              + " to have them): "
              + String.join(", ", report.skippedEssential()));
    }
    List<String> run = report.scriptsRun();
    if (!run.isEmpty()) {
      log.info("  the stage's dpkg ran: " + String.join(", ", run));
    }
    List<String> notRun = report.scriptsNotRun();
    if (!notRun.isEmpty()) {
      log.warn(
          "  maintainer scripts and triggers were NOT run (no dpkg, no chroot); these packages"
              + " have them: "
              + String.join(", ", notRun));
    }
  }
}
