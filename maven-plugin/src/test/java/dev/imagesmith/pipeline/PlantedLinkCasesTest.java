package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.debian.DebianCache;
import dev.imagesmith.debian.DebianLock;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.registry.BlobCache;
import dev.imagesmith.stage.DownloadCache;
import dev.imagesmith.store.ContentStore;
import dev.imagesmith.store.OutputReuse;
import dev.imagesmith.testkit.HostCanary;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases W: a symbolic link planted under {@code target/} (a poisoned CI cache, a reused
 * workspace) or in the cache directory never makes a build list, delete or write anything in the
 * directory it points to. A link where a directory of ours belongs (one we keep, enter or write
 * into) fails the build with one message naming it; a link where a file or a directory we replace
 * whole belongs (outputs, lock files, leftovers) is removed as a link. Each case snapshots a victim
 * directory outside the project ({@link HostCanary}) and compares it after the attack.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.imagesmith.testkit.EveryBuildRuns.class)
class PlantedLinkCasesTest {
  @TempDir Path project;
  @TempDir Path userCache;
  @TempDir Path host;

  private HostCanary canary;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(project.resolve("src/app"));
    Files.writeString(project.resolve("src/app/main.sh"), "#!/bin/sh\necho hello\n");
    Files.createDirectories(project.resolve("src/data"));
    Files.writeString(project.resolve("src/data/table.csv"), "a,1\n");
    canary = HostCanary.plant(host.resolve("victim"));
  }

  private Path work() {
    return project.resolve("target/imagesmith-work/default");
  }

  private Path output() {
    return project.resolve("target/image");
  }

  private BuildResult build(boolean cache) {
    return build(cache, userCache);
  }

  private BuildResult build(boolean cache, Path cacheDirectory) {
    return new ImageBuilder(new TwoStageProject.Lines())
        .build(TwoStageProject.plan(project, cacheDirectory, cache));
  }

  private static Path link(Path at, Path to) throws Exception {
    Files.createDirectories(at.getParent());
    return Files.createSymbolicLink(at, to);
  }

  /** Replaces the directory an earlier build made at {@code at} by a link to {@code to}. */
  private static Path replaceByLink(Path at, Path to) throws Exception {
    assertTrue(Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS), at + " from the first build");
    HostFiles.deleteTree(at);
    return link(at, to);
  }

  /** The build fails naming the link and the fix; the victim and the link stay as they were. */
  private void assertRefused(Executable build, Path link) throws Exception {
    UserInputException e = assertThrows(UserInputException.class, build);
    assertTrue(
        e.getMessage().contains(link + " is a symbolic link (to " + Files.readSymbolicLink(link)),
        e.getMessage());
    assertTrue(e.getMessage().contains("Remove it ('mvn clean' does"), e.getMessage());
    assertTrue(Files.isSymbolicLink(link), "the link is left for the user to look at");
    canary.assertUntouched();
  }

  @Test
  void W1_stagesDirIsSymlink_refusedHostUntouched() throws Exception {
    Path stages = link(work().resolve("stages"), canary.victim());
    assertRefused(() -> build(true), stages);
  }

  @Test
  void W2_workDirectoryIsSymlink_refusedWithAndWithoutCache() throws Exception {
    Path workLink = link(work(), canary.victim());
    assertRefused(() -> build(true), workLink);
    assertRefused(() -> build(false), workLink);
  }

  @Test
  void W3_imagesmithWorkIsSymlink_refusedWithAndWithoutCache() throws Exception {
    // The victim holds default/ (the execution's name): emptied through the link before.
    Path workRoot = link(work().getParent(), canary.victim());
    assertRefused(() -> build(false), workRoot);
    assertRefused(() -> build(true), workRoot);
  }

  @Test
  void W4_stageStateIsSymlink_refused() throws Exception {
    build(true);
    Path state = replaceByLink(work().resolve(WorkDirectory.STAGE_STATE), canary.victim());
    assertRefused(() -> build(true), state);
  }

  @Test
  void W5_workBlobsIsSymlink_refused() throws Exception {
    build(true);
    Path blobs = replaceByLink(work().resolve(WorkDirectory.BLOBS), canary.victim());
    assertRefused(() -> build(true), blobs);
  }

  @Test
  void W6_fileHashesIsSymlink_replacedNotWrittenThrough() throws Exception {
    Path memo =
        link(work().resolve(WorkDirectory.FILE_HASHES), canary.victim().resolve("keep.txt"));
    build(true);
    assertTrue(Files.isRegularFile(memo, LinkOption.NOFOLLOW_LINKS), "our memo replaced the link");
    canary.assertUntouched();
  }

  @Test
  void W7_leftoverLinkInWorkDirectory_removedAsALink() throws Exception {
    Path leftover = link(work().resolve("leftover"), canary.victim());
    Path aside = link(work().resolve(OutputReuse.ASIDE), canary.victim());
    build(true);
    assertFalse(Files.exists(leftover, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.isSymbolicLink(aside));
    canary.assertUntouched();
  }

  @Test
  void W8_stageSandboxIsSymlink_refused() throws Exception {
    build(true);
    Path sandbox = replaceByLink(work().resolve("stages/app"), canary.victim().resolve("app"));
    assertRefused(() -> build(true), sandbox);
  }

  @Test
  void W9_outputDirectoryIsSymlink_refused() throws Exception {
    // The victim holds digest, image.json, image.tar and oci/: deleted through the link before.
    Path image = link(output(), canary.victim());
    assertRefused(() -> build(true), image);
    assertRefused(() -> build(false), image);
  }

  @Test
  void W10_ociOutputIsSymlink_removedAsALinkAndWrittenInPlace() throws Exception {
    Path oci = link(output().resolve(OutputFiles.OCI), canary.victim().resolve("oci"));
    build(true);
    assertFalse(Files.isSymbolicLink(oci));
    assertTrue(Files.isRegularFile(oci.resolve("index.json"), LinkOption.NOFOLLOW_LINKS));
    canary.assertUntouched();
  }

  @Test
  void W11_imageTarIsDanglingSymlink_replacedNeverCreatedThrough() throws Exception {
    Path archive =
        link(output().resolve(OutputFiles.ARCHIVE), canary.victim().resolve("created.tar"));
    Path digest =
        link(output().resolve(OutputFiles.DIGEST), canary.victim().resolve("created-digest"));
    BuildResult result = build(false);
    assertTrue(Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS));
    assertEquals(result.digest() + "\n", Files.readString(digest));
    assertFalse(Files.isSymbolicLink(digest));
    canary.assertUntouched();
  }

  @Test
  void W12_outputLockFilesAreDanglingSymlinks_neverCreatedThrough() throws Exception {
    Path ociLock = link(output().resolve(".oci.lock"), canary.victim().resolve("oci-lock"));
    Path tarLock =
        link(output().resolve(".image.tar.lock"), canary.victim().resolve("image-tar-lock"));
    build(true);
    // Each link was replaced by a lock file of ours, which went with the lock.
    assertFalse(Files.exists(ociLock, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(tarLock, LinkOption.NOFOLLOW_LINKS));
    canary.assertUntouched();
  }

  @Test
  void W13_layerCacheDirectoryIsSymlink_refused() throws Exception {
    Path layers = link(userCache.resolve("layers"), canary.victim());
    assertRefused(() -> build(true), layers);
  }

  @Test
  void W14_directoryInsideTheLayerCacheIsSymlink_refused() throws Exception {
    build(true);
    Path keys = replaceByLink(userCache.resolve("layers/keys"), canary.victim().resolve("keys"));
    assertRefused(() -> build(true), keys);
  }

  @Test
  void W15_downloadCacheIsSymlink_refusedBeforeAnyLookupOrStore() throws Exception {
    // The victim's sha256/<HEX> does not hold its digest's bytes: a lookup deleted it before.
    Path downloads = link(userCache.resolve("downloads"), canary.victim());
    DownloadCache cache = new DownloadCache(userCache);
    Digest digest = Digest.parse("sha256:" + HostCanary.HEX, "test");
    assertRefused(() -> cache.lookup(digest), downloads);
    byte[] bytes = "content".getBytes();
    assertRefused(
        () ->
            cache.store(
                Digest.ofBytes(bytes), new ByteArrayInputStream(bytes), "test", "<download>"),
        downloads);
  }

  @Test
  void W16_debianCacheIsSymlink_refusedBeforeAnyLookupOrStore() throws Exception {
    Path debian = link(userCache.resolve("debian"), canary.victim());
    ContentStore cache = DebianCache.files(userCache);
    assertRefused(() -> cache.get(HostCanary.HEX), debian);
    byte[] bytes = "content".getBytes();
    assertRefused(
        () -> cache.put(Digest.ofBytes(bytes).encoded(), new ByteArrayInputStream(bytes)), debian);
  }

  @Test
  void W17_registryBlobCacheIsSymlink_refusedBeforeAnyLookup() throws Exception {
    Path blobs = link(userCache.resolve("blobs"), canary.victim());
    BlobCache cache = new BlobCache(userCache);
    assertRefused(() -> cache.holds(Digest.parse("sha256:" + HostCanary.HEX, "test"), 1), blobs);
  }

  @Test
  void W18_buildAndCacheDirectoriesThemselvesMayBeLinks_trustedAsGiven() throws Exception {
    // target on a tmpfs, a cache on a bigger disk: the roots Maven and the user give are trusted.
    Path realTarget = Files.createDirectories(host.resolve("tmpfs/target"));
    link(project.resolve("target"), realTarget);
    Path realCache = Files.createDirectories(host.resolve("disk/cache"));
    Path cacheLink = link(host.resolve("cache-link"), realCache);
    BuildResult result = build(true, cacheLink);
    assertEquals(result.digest() + "\n", Files.readString(realTarget.resolve("image/digest")));
    assertTrue(Files.isDirectory(realCache.resolve("layers/keys"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(result.digest(), build(true, cacheLink).digest(), "again, from the caches");
    canary.assertUntouched();
  }

  @Test
  void W20_debianLockIsDanglingSymlink_refusedNeverCreatedThrough() throws Exception {
    Path lock = link(project.resolve("image-debian.lock"), canary.victim().resolve("created.lock"));
    UserInputException e = assertThrows(UserInputException.class, () -> DebianLock.read(lock));
    assertTrue(e.getMessage().contains("is a symbolic link, not a regular file"), e.getMessage());
    assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    assertTrue(Files.isSymbolicLink(lock), "the link is left for the user to look at");
    canary.assertUntouched();
  }
}
