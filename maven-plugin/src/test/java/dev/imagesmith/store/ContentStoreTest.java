package dev.imagesmith.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one content-addressed store: verified in or out, shared without a lock, swept of leftovers.
 */
class ContentStoreTest {
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
  private static final String HELLO_SHA =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @TempDir Path temp;

  private ContentStore store() {
    return new ContentStore(temp.resolve("cache"), temp.resolve("cache/downloads/sha256"));
  }

  @Test
  void put_thenGet_verifiesTheEntry_andReturnsItsDigest() throws Exception {
    ContentStore store = store();
    assertEquals(ContentStore.Found.MISSING, store.find(HELLO_SHA, -1));
    assertEquals(HELLO_SHA, store.put(new ByteArrayInputStream(HELLO)));
    assertEquals(Optional.of(store.pathOf(HELLO_SHA)), store.get(HELLO_SHA));
    assertArrayEquals(HELLO, store.read(HELLO_SHA, 64).orElseThrow());
    assertEquals(ContentStore.Found.HIT, store.find(HELLO_SHA, HELLO.length));
    assertEquals(List.of(HELLO_SHA), AtomicFileTest.names(store.directory()));
  }

  @Test
  void put_bytesOfAnotherDigest_keepsNothing_andSaysWhatCame() throws Exception {
    ContentStore store = store();
    String other = "ab".repeat(32);
    ContentStore.Mismatch e =
        assertThrows(
            ContentStore.Mismatch.class, () -> store.put(other, new ByteArrayInputStream(HELLO)));
    assertEquals(HELLO_SHA, e.actual());
    assertEquals(5, e.size());
    assertEquals(List.of(), AtomicFileTest.names(store.directory()));
    assertThrows(
        ContentStore.Mismatch.class,
        () -> store.put(other, -1, temporary -> Files.write(temporary, HELLO)));
    assertThrows(
        ContentStore.Mismatch.class,
        () -> store.put(HELLO_SHA, 4, temporary -> Files.write(temporary, HELLO)));
    assertEquals(List.of(), AtomicFileTest.names(store.directory()));
  }

  @Test
  void O3_aDamagedEntry_isDeletedOnRead_andReportedAsSuch() throws Exception {
    ContentStore store = store();
    Path entry = store.put(HELLO_SHA, HELLO);
    Files.writeString(entry, "hellO");
    assertEquals(ContentStore.Found.CORRUPT_DELETED, store.find(HELLO_SHA, -1));
    assertFalse(Files.exists(entry));
    store.put(HELLO_SHA, HELLO);
    assertEquals(ContentStore.Found.CORRUPT_DELETED, store.find(HELLO_SHA, 4), "wrong size");
    store.put(HELLO_SHA, HELLO);
    Files.writeString(entry, "hellO");
    assertEquals(Optional.empty(), store.read(HELLO_SHA, 64));
    assertFalse(Files.exists(entry));
  }

  @Test
  void adopt_linksWithoutReading_andCopyOutVerifiesWhatItPlaces() throws Exception {
    ContentStore store = store();
    Path written = Files.write(temp.resolve("work-blob"), HELLO);
    Path entry = store.adopt(HELLO_SHA, written);
    assertTrue(Files.isSameFile(written, entry), "hard link: no byte copied");

    Path placed = temp.resolve("work/blobs").resolve(HELLO_SHA);
    assertTrue(store.copyOut(HELLO_SHA, HELLO.length, placed));
    assertArrayEquals(HELLO, Files.readAllBytes(placed));

    Files.delete(placed);
    Files.writeString(written, "hellO"); // the adopted file changed behind the store's back
    assertFalse(store.copyOut(HELLO_SHA, HELLO.length, placed));
    assertFalse(Files.exists(entry), "a damaged entry is deleted");
    assertEquals(List.of(), AtomicFileTest.names(placed.getParent()), "nothing placed");
  }

  @Test
  void anEntryThatIsALink_isNeverReadThrough_andAPutReplacesIt() throws Exception {
    ContentStore store = store();
    Path victim = Files.write(temp.resolve("secret"), HELLO);
    Files.createDirectories(store.directory());
    Files.createSymbolicLink(store.pathOf(HELLO_SHA), victim);
    assertEquals(ContentStore.Found.MISSING, store.find(HELLO_SHA, -1));
    assertThrows(UserInputException.class, () -> store.open(HELLO_SHA));
    store.put(HELLO_SHA, HELLO);
    assertFalse(Files.isSymbolicLink(store.pathOf(HELLO_SHA)));
    assertArrayEquals(HELLO, Files.readAllBytes(victim));
  }

  @Test
  void staleTemporariesOfKilledBuilds_areSwept_freshOnesKept() throws Exception {
    Path directory = Files.createDirectories(temp.resolve("cache/downloads/sha256"));
    FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    // Left by killed downloads of this version and of earlier ones (".part", ".tmp", ".partial").
    String made = Long.toString(Instant.now().minus(Duration.ofHours(2)).toEpochMilli(), 36);
    List<String> stale =
        List.of(
            "." + HELLO_SHA + ".tmp-" + made + "-xyz",
            HELLO_SHA + ".123456.part",
            "." + HELLO_SHA + "987.tmp",
            ".blob-42.partial");
    for (String name : stale) {
      Files.write(directory.resolve(name), new byte[] {1}).toFile();
      Files.setLastModifiedTime(directory.resolve(name), twoHoursAgo);
    }
    // Another build's download in progress, and a hard link made a moment ago to an old file.
    String fresh = TempNames.next(HELLO_SHA);
    Files.write(directory.resolve(fresh), new byte[] {1});
    String linked = TempNames.next("ab".repeat(32));
    Files.write(directory.resolve(linked), new byte[] {2});
    Files.setLastModifiedTime(directory.resolve(linked), twoHoursAgo);

    store().put(HELLO_SHA, HELLO);

    assertEquals(
        List.of(fresh, linked, HELLO_SHA).stream().sorted().toList(),
        AtomicFileTest.names(directory));
  }

  @Test
  void twoBuildsSharingTheStore_neverSeeAPartialEntry() throws Exception {
    ContentStore first = store();
    ContentStore second = store(); // another build: its own instance, the same directory
    byte[] big = new byte[4 * 1024 * 1024];
    new Random(7).nextBytes(big);
    String sha = Hashing.sha256(big);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> writers = new ArrayList<>();
      for (ContentStore store : List.of(first, second)) {
        writers.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    store.put(sha, new ByteArrayInputStream(big));
                  }
                  return 0;
                }));
      }
      Future<Integer> reader =
          threads.submit(
              () -> {
                int seen = 0;
                while (!done.get()) {
                  // A reader that found the name must find all of it: the rename is atomic.
                  try (InputStream in = first.open(sha)) {
                    assertArrayEquals(big, in.readAllBytes(), "partial entry seen");
                    seen++;
                  } catch (java.nio.file.NoSuchFileException e) {
                    // not there yet
                  }
                }
                return seen;
              });
      for (Future<Integer> writer : writers) {
        writer.get();
      }
      done.set(true);
      assertTrue(reader.get() > 0, "the reader saw the entry");
    } finally {
      threads.shutdownNow();
    }
    assertEquals(ContentStore.Found.HIT, second.find(sha, big.length));
    assertEquals(List.of(sha), AtomicFileTest.names(first.directory()), "no temporary left");
  }

  @Test
  void W15_aStoreDirectoryThatIsALink_isRefusedBeforeAnythingIsWritten() throws Exception {
    Path victim = Files.createDirectories(temp.resolve("victim"));
    Files.createDirectories(temp.resolve("cache"));
    Files.createSymbolicLink(temp.resolve("cache/downloads"), victim);
    assertThrows(UserInputException.class, () -> store().put(HELLO_SHA, HELLO));
    assertThrows(UserInputException.class, () -> store().find(HELLO_SHA, -1));
    assertEquals(List.of(), AtomicFileTest.names(victim));
  }

  @Test
  void keyedFiles_writeWhole_readOnlyRegularFilesUnderTheCap() throws Exception {
    KeyedFiles keys =
        new KeyedFiles(
            temp.resolve("cache"), temp.resolve("cache/registry-tags"), "registry cache", "fix");
    String name = KeyedFiles.nameOf("docker.io/library/busybox:latest");
    assertEquals(Optional.empty(), keys.read(name, 64));
    keys.write(name, HELLO);
    assertArrayEquals(HELLO, keys.read(name, 64).orElseThrow());
    assertThrows(UserInputException.class, () -> keys.read(name, 4), "over the cap");
    keys.delete(name);
    Files.createSymbolicLink(keys.pathOf(name), Files.write(temp.resolve("token"), HELLO));
    assertThrows(UserInputException.class, () -> keys.read(name, 64), "never through a link");
    assertThrows(IllegalArgumentException.class, () -> keys.pathOf("../escape"));
    assertThrows(IllegalArgumentException.class, () -> keys.pathOf(".hidden.tmp-1-2"));
  }
}
