package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.LogLines;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared cache's registry down, slow, refusing us, or written by two runners at once
 * (security-cases.md, section F): a bounded wait and a warning, never a failed build (unless the
 * user asks for that); a pull-only build writes nothing; concurrent pushes leave one valid entry.
 */
class SharedCacheAvailabilityCasesTest {
  @TempDir Path dir;

  private RegistryServer server;
  private RegistryStorage storage;
  private Fleet fleet;

  @BeforeEach
  void start() throws Exception {
    server = RegistryServer.start(dir.resolve("registry"), RegistryServer.Mode.BASIC_AUTH);
    storage = new RegistryStorage(dir.resolve("registry"));
    fleet = new Fleet(dir.resolve("fleet"), server.address());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void F4_registryStoppedMidBuild_boundedWait_theBuildSucceeds() throws Exception {
    BuildResult a = fleet.runner("a").build(true, new LogLines());
    // Runner B restores the first stage; right then the registry goes away.
    LogLines lines = new LogLines();
    BuildLog stopAfterFirstRestore =
        new BuildLog() {
          @Override
          public void info(String message) {
            lines.info(message);
            if (message.contains("restored from the shared cache")) {
              server.close();
            }
          }

          @Override
          public void warn(String message) {
            lines.warn(message);
          }

          @Override
          public void debug(String message) {
            lines.debug(message);
          }
        };
    long started = System.nanoTime();
    BuildResult b = fleet.runner("b").build(false, stopAfterFirstRestore);
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals(a.digest(), b.digest(), lines.text());
    assertEquals(1, Fleet.lines(lines, "restored from the shared cache").size(), lines.text());
    assertEquals(1, lines.warnings().size(), lines.text());
    assertTrue(lines.warnings().get(0).contains("this build goes on without it"), lines.text());
    assertTrue(seconds < 15, "bounded: " + seconds + " s");
  }

  @Test
  void F5_registryAcceptsButNeverAnswers_oneTimeoutThenTheBuildGoesOn() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept()); // never read, never answered
                  } catch (java.io.IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Fleet slow = new Fleet(dir.resolve("slow"), "127.0.0.1:" + silent.getLocalPort());
      LogLines log = new LogLines();
      long started = System.nanoTime();
      BuildResult built =
          slow.runner("a")
              .build(
                  spec ->
                      with(spec, true, false, null, Duration.ofSeconds(1), spec.maxEntryBytes()),
                  log);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertEquals(1, slow.stepRuns());
      assertEquals(1, log.warnings().size(), log.text());
      assertTrue(log.warnings().get(0).contains("no answer within 1 s"), log.text());
      // One wait of 1 s for the whole build, not one per stage or per push.
      assertTrue(seconds < 8, "bounded: " + seconds + " s");
      assertTrue(built.digest() != null);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void F6_rejectedCredentials_warnAndBuild_orFailWhenRequired() throws Exception {
    fleet.runner("a").build(true, new LogLines());
    LogLines log = new LogLines();
    BuildResult b = fleet.runner("b").build(fleet.shared(false), fleet.wrongPassword(), log);
    assertEquals(2, fleet.stepRuns(), "B built the stage itself");
    assertEquals(1, log.warnings().size(), log.text());
    assertTrue(log.warnings().get(0).contains("HTTP 401"), log.text());
    assertTrue(b.digest() != null);

    SharedCacheSpec required =
        with(fleet.shared(false), false, true, null, Duration.ofSeconds(5), 1L << 30);
    UserInputException refused =
        assertThrows(
            UserInputException.class,
            () -> fleet.runner("c").build(required, fleet.wrongPassword(), new LogLines()));
    assertTrue(
        refused.getMessage().contains("<sharedCacheRequired> is true"), refused.getMessage());
    assertTrue(refused.getMessage().contains(server.address()), refused.getMessage());

    server.close();
    ImagesmithException down =
        assertThrows(
            ImagesmithException.class,
            () ->
                fleet
                    .runner("d")
                    .build(required, FleetProject.access(server.address()), new LogLines()));
    assertTrue(down.getMessage().contains("<sharedCacheRequired> is true"), down.getMessage());
  }

  @Test
  void F7_pullOnlyBuild_writesNothing_evenWhereItBuildsAStageTheCacheLacks() throws Exception {
    fleet.runner("a").build(true, new LogLines());
    Fleet.Runner b = fleet.runner("b");
    // B's data differs: its data stage misses the cache and is built, but never pushed.
    java.nio.file.Files.writeString(b.checkout.resolve("src/data/table.csv"), "a,1\nb,3\n");
    Map<String, String> before = storage.snapshot();
    int logged = server.accessLog().size();

    LogLines log = new LogLines();
    b.build(false, log);
    assertEquals(1, Fleet.lines(log, "restored from the shared cache").size(), log.text());
    assertEquals(before, storage.snapshot(), "the registry's storage is unchanged");
    List<String> requests = server.accessLogSince(logged);
    assertTrue(requests.stream().anyMatch(l -> l.contains("\"GET /v2/")), requests.toString());
    assertEquals(
        List.of(),
        requests.stream().filter(l -> l.matches(".*\"(PUT|POST|PATCH|DELETE) .*")).toList(),
        "no request that writes");
  }

  @Test
  void F8_twoRunnersPushTheSameKeysAtOnce_oneValidEntryEach() throws Exception {
    Fleet.Runner a = fleet.runner("a");
    Fleet.Runner b = fleet.runner("b");
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<LogLines> logs = List.of(new LogLines(), new LogLines());
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
    List<Thread> threads = new ArrayList<>();
    List<Fleet.Runner> runners = List.of(a, b);
    List<BuildResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < 2; i++) {
      int index = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  together.await();
                  results.add(runners.get(index).build(true, logs.get(index)));
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(results.get(0).digest(), results.get(1).digest());
    assertEquals(2, fleet.stepRuns(), "both ran: neither found the other's entry yet");
    for (LogLines log : logs) {
      assertEquals(List.of(), log.warnings(), log.text());
    }
    // One entry per stage, each whole: every blob it names is there with its digest.
    Map<String, dev.imagesmith.image.Digest> tags = storage.tags(Fleet.REPO);
    assertEquals(
        List.of(2L, 3L),
        List.of(
            tags.keySet().stream().filter(t -> t.startsWith("stage-")).count(),
            tags.keySet().stream().filter(t -> t.startsWith("layer-")).count()),
        tags.toString());
    for (String tag : tags.keySet()) {
      for (var layer : storage.manifest(Fleet.REPO, tag).layers()) {
        byte[] bytes = java.nio.file.Files.readAllBytes(storage.blob(layer.digest()));
        assertEquals(layer.digest(), dev.imagesmith.image.Digest.ofBytes(bytes));
      }
    }
    LogLines c = new LogLines();
    assertEquals(results.get(0).digest(), fleet.runner("c").build(false, c).digest());
    assertEquals(2, Fleet.lines(c, "restored from the shared cache").size(), c.text());
    assertEquals(2, fleet.stepRuns());
  }

  @Test
  void F9_entriesOverTheSizeLimit_neitherPushedNorDownloaded() throws Exception {
    LogLines small = new LogLines();
    fleet
        .runner("a")
        .build(
            with(fleet.shared(true), true, false, null, Duration.ofSeconds(5), 750),
            FleetProject.access(server.address()),
            small);
    assertEquals(1, Fleet.lines(small, "not pushed to the shared cache").size(), small.text());
    assertEquals(
        1,
        storage.tags(Fleet.REPO).keySet().stream().filter(t -> t.startsWith("stage-")).count(),
        "only the small stage was pushed");

    fleet.runner("b").build(true, new LogLines()); // pushes the builder's entry too
    int logged = server.accessLog().size();
    LogLines log = new LogLines();
    fleet
        .runner("c")
        .build(
            with(fleet.shared(false), false, false, null, Duration.ofSeconds(5), 750),
            FleetProject.access(server.address()),
            log);
    assertTrue(
        log.warnings().stream().anyMatch(w -> w.contains("more than <sharedCacheMaxEntrySize>")),
        log.text());
    assertEquals(3, fleet.stepRuns(), "c built the builder stage");
    List<String> requests = server.accessLogSince(logged);
    for (var blob : storage.manifest(Fleet.REPO, storage.tagOf(Fleet.REPO, "builder")).layers()) {
      assertTrue(
          requests.stream().noneMatch(l -> l.contains(blob.digest().toString())),
          "the big entry's blob " + blob.digest() + " was not fetched: " + requests);
    }
  }

  static SharedCacheSpec with(
      SharedCacheSpec spec,
      boolean push,
      boolean required,
      String keyCommand,
      Duration timeout,
      long maxEntryBytes) {
    return new SharedCacheSpec(
        spec.registry(),
        spec.repository(),
        push,
        required,
        spec.extraKey(),
        keyCommand,
        maxEntryBytes,
        spec.maxAge(),
        timeout,
        spec.checkoutRoot());
  }
}
