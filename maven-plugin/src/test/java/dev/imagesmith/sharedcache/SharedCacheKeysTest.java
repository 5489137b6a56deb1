package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.registry.RegistryFixture;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.store.FileHashes;
import dev.imagesmith.testkit.LogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stage's shared key is made of: the same for two checkouts in different places, different
 * when an input's content, the host's tools (as the user names them) or the age limit say the entry
 * must not be used.
 */
class SharedCacheKeysTest {
  @RegisterExtension
  static final RegistryFixture REGISTRY = RegistryFixture.of(RegistryServer.Mode.BASIC_AUTH);

  @TempDir Path dir;

  private PortableStageKey key(Path checkout, String extra) throws Exception {
    BuildPlan plan =
        FleetProject.plan(
            checkout, dir.resolve("cache"), dir.resolve("runs"), SharedCacheSpec.NONE);
    StageSpec builder = plan.stages().get(0);
    return PortableStageKey.of(
        builder,
        null,
        new PortableStageKey.Context(
            plan.timestamp(),
            plan.platform(),
            checkout,
            null,
            FileHashes.load(dir.resolve("memo")),
            extra));
  }

  @Test
  void key_sameForCheckoutsAnywhere_otherForOtherContentOrExtraKey() throws Exception {
    Path one = dir.resolve("home/alice/src/project");
    Path two = dir.resolve("builds/ci-runner-7/checkout");
    FleetProject.checkOut(one);
    FleetProject.checkOut(two);
    assertEquals(key(one, null), key(two, null));
    assertNotEquals(key(one, null), key(one, "cc 12"));

    Files.writeString(two.resolve("src/app/main.c"), "int main(void) { return 1; }\n");
    assertNotEquals(key(one, null), key(two, null));
  }

  @Test
  void portable_replacesWholePathComponentsOnly() {
    Path basedir = Path.of("/ci/work/project");
    assertEquals(
        "Copy[source=${basedir}/src, where=x] oci:${basedir}/base ${basedir}",
        PortableStageKey.portable(
            "Copy[source=/ci/work/project/src, where=x] oci:/ci/work/project/base /ci/work/project",
            basedir,
            null));
    assertEquals(
        "/ci/work/project2/src /ci/work/projects",
        PortableStageKey.portable("/ci/work/project2/src /ci/work/projects", basedir, null));
    // A module's sibling: named from the reactor's root, which is never the file system's root.
    assertEquals(
        "${basedir}/a ${root}/common/b /etc/x",
        PortableStageKey.portable(
            "/ci/work/project/a /ci/work/common/b /etc/x", basedir, Path.of("/ci/work")));
    assertEquals("/ci/x", PortableStageKey.portable("/ci/x", basedir, Path.of("/")));
  }

  @Test
  void F11_hostToolsNamedByTheKeyCommand_runnersWithOtherToolsShareNothing() throws Exception {
    Fleet fleet = new Fleet(dir.resolve("fleet"), REGISTRY.address());
    fleet.runner("a").build(spec -> tools(spec, true, "echo cc 12.2"), new LogLines());
    assertEquals(1, fleet.stepRuns());

    LogLines otherCompiler = new LogLines();
    fleet.runner("b").build(spec -> tools(spec, false, "echo cc 13.1"), otherCompiler);
    assertEquals(2, fleet.stepRuns(), "another compiler: built, not restored");
    assertEquals(
        0,
        Fleet.lines(otherCompiler, "restored from the shared cache").size(),
        otherCompiler.text());

    LogLines sameCompiler = new LogLines();
    fleet.runner("c").build(spec -> tools(spec, false, "echo cc 12.2"), sameCompiler);
    assertEquals(2, fleet.stepRuns(), "the same compiler: restored");
    assertEquals(
        2, Fleet.lines(sameCompiler, "restored from the shared cache").size(), sameCompiler.text());
    assertTrue(
        sameCompiler.text().contains("<sharedCacheKeyCommand> output sha256:"),
        sameCompiler.text());

    UserInputException failing =
        assertThrows(
            UserInputException.class,
            () -> fleet.runner("d").build(spec -> tools(spec, false, "exit 3"), new LogLines()));
    assertTrue(failing.getMessage().contains("exited with status 3"), failing.getMessage());
  }

  @Test
  void entryOlderThanMaxAge_notUsed_andAPusherReplacesIt() throws Exception {
    Fleet fleet = new Fleet(dir.resolve("fleet"), REGISTRY.address());
    fleet.runner("a").build(spec -> aged(spec, true, null), new LogLines());
    Thread.sleep(1100); // entries say when they were pushed, to the second

    LogLines stale = new LogLines();
    fleet.runner("b").build(spec -> aged(spec, true, Duration.ofSeconds(1)), stale);
    assertEquals(2, fleet.stepRuns(), stale.text());
    assertEquals(
        2, Fleet.lines(stale, "older than <sharedCacheMaxAge>: not used").size(), stale.text());
    assertEquals(2, Fleet.lines(stale, "INFO   pushed to the shared cache").size(), stale.text());

    LogLines fresh = new LogLines();
    fleet.runner("c").build(spec -> aged(spec, false, Duration.ofDays(1)), fresh);
    assertEquals(2, fleet.stepRuns(), fresh.text());
  }

  private static SharedCacheSpec tools(SharedCacheSpec spec, boolean push, String command) {
    return new SharedCacheSpec(
        spec.registry(),
        "tools/cache",
        push,
        false,
        null,
        command,
        spec.maxEntryBytes(),
        null,
        spec.timeout(),
        null);
  }

  private static SharedCacheSpec aged(SharedCacheSpec spec, boolean push, Duration maxAge) {
    return new SharedCacheSpec(
        spec.registry(),
        "aged/cache",
        push,
        false,
        null,
        null,
        spec.maxEntryBytes(),
        maxAge,
        spec.timeout(),
        null);
  }
}
