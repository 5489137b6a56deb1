package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.Metadata;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  static final Instant CLAMP = Instant.parse("2020-01-02T03:04:05Z");
  static final String CLAMP_TEXT = "2020-01-02 03:04";
  static final String LONG_NAME = "install/" + "very-long-component-".repeat(7) + "end";

  @TempDir Path temp;

  /** The tree most tests use: every kind of object the writer must keep. */
  private Sandbox richSandbox(Path root) throws IOException {
    Sandbox sandbox = Sandbox.create(root);
    Path install = dir(root.resolve("install"));
    Path bin = dir(install.resolve("bin"));
    file(bin.resolve("hello"), "hello\n", "rwxr-xr-x");
    file(bin.resolve("a"), "one inode, three names\n", "rwxr-xr-x");
    Files.createLink(bin.resolve("b"), bin.resolve("a"));
    Files.createLink(bin.resolve("c"), bin.resolve("a"));
    file(bin.resolve("su"), "pretend su\n", "rwxr-xr-x");
    sandbox.setMetadata("/install/bin/su", Metadata.of(04755, 0, 0, FileType.REGULAR));
    Files.createSymbolicLink(install.resolve("dangling"), Path.of("/nowhere/at/all"));
    Path dev = dir(install.resolve("dev"));
    file(dev.resolve("null"), "", "rw-r--r--");
    sandbox.setMetadata(
        "/install/dev/null", new Metadata(0666, 0, 0, FileType.CHAR_DEVICE, 1, 3, Map.of()));
    file(dev.resolve("pipe"), "", "rw-r--r--");
    sandbox.setMetadata("/install/dev/pipe", Metadata.of(0600, 0, 0, FileType.FIFO));
    Path etc = dir(install.resolve("etc"));
    file(etc.resolve("app.conf"), "key=value\n", "rw-r-----");
    sandbox.setMetadata("/install/etc/app.conf", Metadata.of(0640, 1000, 2000, FileType.REGULAR));
    file(etc.resolve("old.conf"), "old\n", "rw-r--r--");
    Files.setLastModifiedTime(
        etc.resolve("old.conf"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
    Path lib = dir(install.resolve("lib"));
    file(lib.resolve("libfoo.so.1"), "ELF pretend\n", "rwxr-xr-x");
    Files.createSymbolicLink(lib.resolve("libfoo.so"), Path.of("libfoo.so.1"));
    dir(install.resolve("sticky"));
    sandbox.setMetadata("/install/sticky", Metadata.of(01777, 0, 0, FileType.DIRECTORY));
    file(root.resolve(LONG_NAME), "long\n", "rw-r--r--");
    return sandbox;
  }

  @Test
  void write_gzip_tarListsExactModesOwnersLinksInSortedOrder() throws Exception {
    Sandbox sandbox = richSandbox(temp.resolve("stage"));
    WrittenLayer layer = writer(Compression.GZIP).write(sandbox, "/install", temp.resolve("blobs"));

    String listing = Tools.run("tar", "--numeric-owner", "-tvzf", layer.blob().toString());
    List<String> lines = listing.lines().collect(Collectors.toList());
    assertEquals(
        List.of(
            "install/",
            "install/bin/",
            "install/bin/a",
            "install/bin/b link to install/bin/a",
            "install/bin/c link to install/bin/a",
            "install/bin/hello",
            "install/bin/su",
            "install/dangling -> /nowhere/at/all",
            "install/dev/",
            "install/dev/null",
            "install/dev/pipe",
            "install/etc/",
            "install/etc/app.conf",
            "install/etc/old.conf",
            "install/lib/",
            "install/lib/libfoo.so -> libfoo.so.1",
            "install/lib/libfoo.so.1",
            "install/sticky/",
            LONG_NAME),
        lines.stream().map(LayerWriterTest::nameOf).collect(Collectors.toList()),
        listing);
    assertLine(lines, "drwxr-xr-x 0/0 0 " + CLAMP_TEXT + " install/");
    assertLine(lines, "-rwxr-xr-x 0/0 23 " + CLAMP_TEXT + " install/bin/a");
    assertLine(lines, "hrwxr-xr-x 0/0 0 " + CLAMP_TEXT + " install/bin/b link to install/bin/a");
    assertLine(lines, "hrwxr-xr-x 0/0 0 " + CLAMP_TEXT + " install/bin/c link to install/bin/a");
    assertLine(lines, "-rwsr-xr-x 0/0 11 " + CLAMP_TEXT + " install/bin/su");
    assertLine(lines, "lrwxrwxrwx 0/0 0 " + CLAMP_TEXT + " install/dangling -> /nowhere/at/all");
    assertLine(lines, "crw-rw-rw- 0/0 1,3 " + CLAMP_TEXT + " install/dev/null");
    assertLine(lines, "prw------- 0/0 0 " + CLAMP_TEXT + " install/dev/pipe");
    assertLine(lines, "-rw-r----- 1000/2000 10 " + CLAMP_TEXT + " install/etc/app.conf");
    assertLine(lines, "-rw-r--r-- 0/0 4 2001-02-03 04:05 install/etc/old.conf");
    assertLine(lines, "drwxrwxrwt 0/0 0 " + CLAMP_TEXT + " install/sticky/");

    assertEquals(MediaTypes.OCI_LAYER_GZIP, layer.mediaType());
    assertEquals(lines.size(), layer.entryCount());
    assertEquals(temp.resolve("blobs").resolve(layer.digest().encoded()), layer.blob());
    Tools.run("gzip", "-t", layer.blob().toString());
    assertEquals(layer.digest(), Tools.sha256(layer.blob()));
    assertEquals(Files.size(layer.blob()), layer.compressedSize());
    Path tar = Tools.decompress("gzip", layer.blob(), temp.resolve("layer.tar"));
    assertEquals(layer.diffId(), Tools.sha256(tar));
    assertEquals(Files.size(tar), layer.uncompressedSize());
    try (Stream<Path> left = Files.list(temp.resolve("blobs"))) {
      assertEquals(List.of(layer.blob()), left.collect(Collectors.toList()), "no temp files left");
    }
  }

  @Test
  void write_extractedByGnuTarAsRoot_keepsInodesSetuidOwnersAndDevices() throws Exception {
    Assumptions.assumeTrue(Tools.isRoot(), "extracting owners, setuid and devices needs root");
    Sandbox sandbox = richSandbox(temp.resolve("stage"));
    WrittenLayer layer = writer(Compression.GZIP).write(sandbox, "/install", temp.resolve("blobs"));
    Path out = Files.createDirectories(temp.resolve("out"));
    Tools.run("tar", "--numeric-owner", "-xpzf", layer.blob().toString(), "-C", out.toString());

    Path bin = out.resolve("install/bin");
    Object inode = Files.getAttribute(bin.resolve("a"), "unix:ino");
    assertEquals(inode, Files.getAttribute(bin.resolve("b"), "unix:ino"));
    assertEquals(inode, Files.getAttribute(bin.resolve("c"), "unix:ino"));
    assertEquals(3, Files.getAttribute(bin.resolve("a"), "unix:nlink"));
    assertEquals(04755, mode(bin.resolve("su")));
    assertEquals(01777, mode(out.resolve("install/sticky")));
    assertEquals(1000, Files.getAttribute(out.resolve("install/etc/app.conf"), "unix:uid"));
    assertEquals(2000, Files.getAttribute(out.resolve("install/etc/app.conf"), "unix:gid"));
    assertEquals(
        Path.of("/nowhere/at/all"), Files.readSymbolicLink(out.resolve("install/dangling")));
    assertTrue(Files.isSymbolicLink(out.resolve("install/lib/libfoo.so")));
    assertEquals(
        "ELF pretend\n",
        Files.readString(out.resolve("install/lib/libfoo.so"), StandardCharsets.UTF_8));
    assertEquals(
        Instant.parse("2001-02-03T04:05:06Z"),
        Files.getLastModifiedTime(out.resolve("install/etc/old.conf")).toInstant());
  }

  @Test
  void write_zstd_validAndDigestsMatch() throws Exception {
    Sandbox sandbox = richSandbox(temp.resolve("stage"));
    WrittenLayer layer = writer(Compression.ZSTD).write(sandbox, "/install", temp.resolve("blobs"));
    assertEquals(MediaTypes.OCI_LAYER_ZSTD, layer.mediaType());
    Tools.run("zstd", "-t", layer.blob().toString());
    assertEquals(layer.digest(), Tools.sha256(layer.blob()));
    Path tar = Tools.decompress("zstd", layer.blob(), temp.resolve("layer.tar"));
    assertEquals(layer.diffId(), Tools.sha256(tar));
    String listing = Tools.run("tar", "--numeric-owner", "-tvf", tar.toString());
    assertTrue(listing.contains("install/bin/b link to install/bin/a"), listing);
  }

  @Test
  void write_none_digestIsDiffId() throws Exception {
    Sandbox sandbox = richSandbox(temp.resolve("stage"));
    WrittenLayer layer = writer(Compression.NONE).write(sandbox, "/install", temp.resolve("blobs"));
    assertEquals(MediaTypes.OCI_LAYER, layer.mediaType());
    assertEquals(layer.digest(), layer.diffId());
    assertEquals(layer.compressedSize(), layer.uncompressedSize());
    assertEquals(layer.digest(), Tools.sha256(layer.blob()));
    Tools.run("tar", "-tf", layer.blob().toString());
  }

  @Test
  void write_sameTreeTwice_identicalEvenAfterTouchAndForeignUserName() throws Exception {
    for (Compression compression : Compression.values()) {
      Sandbox sandbox = richSandbox(temp.resolve("stage-" + compression));
      LayerWriter writer = writer(compression);
      WrittenLayer first = writer.write(sandbox, "/install", temp.resolve("blobs1"));
      // Newer than the clamp: clamped away.
      Files.setLastModifiedTime(
          sandbox.root().resolve("install/bin/hello"), FileTime.from(Instant.now()));
      String userName = System.getProperty("user.name");
      System.setProperty("user.name", "somebody-else"); // Commons Compress reads it for headers
      WrittenLayer second;
      try {
        second = writer.write(sandbox, "/install", temp.resolve("blobs2"));
      } finally {
        System.setProperty("user.name", userName);
      }
      assertEquals(first.digest(), second.digest(), compression.name());
      assertEquals(first.diffId(), second.diffId(), compression.name());
      // Writing again into the same directory replaces the blob with identical bytes.
      WrittenLayer third = writer.write(sandbox, "/install", temp.resolve("blobs1"));
      assertEquals(first.blob(), third.blob());
      assertEquals(first.digest(), Tools.sha256(third.blob()));
    }
  }

  @Test
  void O5_L31_treeCreatedUnderOtherUmask_sameLayerAndParentsAre0755() throws Exception {
    WrittenLayer[] layers = new WrittenLayer[2];
    String[] umasks = {"022", "077"};
    for (int i = 0; i < 2; i++) {
      Path root = temp.resolve("stage" + i);
      Sandbox sandbox = Sandbox.create(root);
      // A build step creating /opt/app leaves /opt with whatever its umask gives.
      Tools.run(
          "sh",
          "-c",
          "umask "
              + umasks[i]
              + " && mkdir -p \"$0/opt/app\" && printf hi > \"$0/opt/app/f\""
              + " && chmod 755 \"$0/opt/app\" && chmod 644 \"$0/opt/app/f\""
              + " && touch -d @1000000000 \"$0/opt/app/f\" \"$0/opt/app\"",
          root.toString());
      layers[i] = writer(Compression.GZIP).write(sandbox, "/opt/app", temp.resolve("blobs" + i));
    }
    assertEquals(layers[0].digest(), layers[1].digest());
    String listing = Tools.run("tar", "--numeric-owner", "-tvzf", layers[1].blob().toString());
    List<String> lines = listing.lines().collect(Collectors.toList());
    assertLine(lines, "drwxr-xr-x 0/0 0 " + CLAMP_TEXT + " opt/");
    assertLine(lines, "drwxr-xr-x 0/0 0 2001-09-09 01:46 opt/app/");
    assertLine(lines, "-rw-r--r-- 0/0 2 2001-09-09 01:46 opt/app/f");
    assertEquals(3, lines.size(), listing);
  }

  @Test
  void L30_inodeWhoseFirstNameIsOutsideTheSelection_firstSelectedNameIsRegular() throws Exception {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    Path outside = file(dir(root.resolve("outside")).resolve("a"), "shared\n", "rw-r--r--");
    Path install = dir(root.resolve("install"));
    Files.createLink(install.resolve("x"), outside);
    Files.createLink(install.resolve("y"), outside);
    WrittenLayer layer = writer(Compression.GZIP).write(sandbox, "/install", temp.resolve("blobs"));
    List<String> lines =
        Tools.run("tar", "--numeric-owner", "-tvzf", layer.blob().toString()).lines().toList();
    assertLine(lines, "-rw-r--r-- 0/0 7 " + CLAMP_TEXT + " install/x");
    assertLine(lines, "hrw-r--r-- 0/0 0 " + CLAMP_TEXT + " install/y link to install/x");
    assertEquals("/install/x", layer.entries().get(2).hardlinkTarget());
  }

  @Test
  void write_changedContentWithPreservedMtime_changesDigest() throws Exception {
    Sandbox sandbox = richSandbox(temp.resolve("stage"));
    Path hello = sandbox.root().resolve("install/bin/hello");
    FileTime mtime = Files.getLastModifiedTime(hello);
    WrittenLayer before = writer(Compression.GZIP).write(sandbox, "/install", temp.resolve("b"));
    Files.writeString(hello, "HELLO\n");
    Files.setLastModifiedTime(hello, mtime);
    WrittenLayer after = writer(Compression.GZIP).write(sandbox, "/install", temp.resolve("b"));
    assertNotEquals(before.digest(), after.digest());
    assertNotEquals(before.diffId(), after.diffId());
  }

  @Test
  void write_missingSelectedPath_namesThePath() throws Exception {
    Sandbox sandbox = Sandbox.create(temp.resolve("stage"));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> writer(Compression.GZIP).write(sandbox, "/install", temp.resolve("blobs")));
    assertTrue(e.getMessage().startsWith("stage has no /install: "), e.getMessage());
    try (Stream<Path> left = Files.list(temp.resolve("blobs"))) {
      assertEquals(0, left.count(), "nothing written");
    } catch (java.nio.file.NoSuchFileException nothingCreated) {
      // also fine
    }
  }

  @Test
  void P24_selectedPathThroughAbsoluteSymlink_staysInsideTheStage() throws Exception {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    Files.createSymbolicLink(root.resolve("link"), Path.of("/"));
    file(dir(root.resolve("etc")).resolve("inside-only"), "x", "rw-r--r--");
    WrittenLayer layer =
        writer(Compression.GZIP).write(sandbox, "/link/etc", temp.resolve("blobs"));
    String listing = Tools.run("tar", "-tzf", layer.blob().toString());
    assertEquals(List.of("link/", "link/etc/", "link/etc/inside-only"), listing.lines().toList());
  }

  @Test
  void write_longNamesAndBigIds_usePaxHeaders() throws Exception {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    String longPath = "/data/" + "x".repeat(150) + "/" + "y".repeat(120);
    Path file = root.resolve(longPath.substring(1));
    Files.createDirectories(file.getParent());
    file(file, "deep\n", "rw-r--r--");
    sandbox.setMetadata(longPath, Metadata.of(0600, 70_000_000L, 80_000_000L, FileType.REGULAR));
    WrittenLayer layer = writer(Compression.GZIP).write(sandbox, "/data", temp.resolve("blobs"));
    String listing = Tools.run("tar", "--numeric-owner", "-tvzf", layer.blob().toString());
    assertTrue(
        listing.contains(
            "-rw------- 70000000/80000000 5 " + CLAMP_TEXT + " " + longPath.substring(1)),
        listing);
  }

  @Test
  void write_xattrs_becomeSchilyPaxRecords() throws Exception {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    file(dir(root.resolve("app")).resolve("ping"), "ping\n", "rwxr-xr-x");
    sandbox.setMetadata(
        "/app/ping",
        new Metadata(
            0755,
            0,
            0,
            FileType.REGULAR,
            0,
            0,
            Map.of("user.comment", "made by imagesmith".getBytes(StandardCharsets.UTF_8))));
    WrittenLayer layer = writer(Compression.NONE).write(sandbox, "/app", temp.resolve("blobs"));
    byte[] tar = Files.readAllBytes(layer.blob());
    String text = new String(tar, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("SCHILY.xattr.user.comment=made by imagesmith\n"));
    assertFalse(text.contains("atime="), "no atime");
    assertFalse(text.contains("ctime="), "no ctime");
    Assumptions.assumeTrue(Tools.isRoot(), "reading back user xattrs after extraction");
    Path out = Files.createDirectories(temp.resolve("out"));
    Tools.run(
        "tar",
        "--xattrs",
        "--xattrs-include=*",
        "-xpf",
        layer.blob().toString(),
        "-C",
        out.toString());
    var view =
        Files.getFileAttributeView(
            out.resolve("app/ping"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
    Assumptions.assumeTrue(view.list().contains("comment"), "this file system keeps user xattrs");
    java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(view.size("comment"));
    view.read("comment", value);
    assertEquals("made by imagesmith", new String(value.array(), StandardCharsets.UTF_8));
  }

  @Test
  void L18_binaryXattrs_writtenByteFaithfullyInOneExtendedHeader() throws Exception {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    String longPath = "/app/" + "long-name-".repeat(12) + "ping";
    file(dir(root.resolve("app")).resolve(longPath.substring(5)), "ping\n", "rwxr-xr-x");
    byte[] binary = {(byte) 0x80, (byte) 0xff, 0, 1, '\n'};
    byte[] capability = {1, 0, 0, 2, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    sandbox.setMetadata(
        longPath,
        new Metadata(
            0755,
            3_000_000,
            0,
            FileType.REGULAR,
            0,
            0,
            Map.of("user.bin", binary, "security.capability", capability)));
    WrittenLayer layer = writer(Compression.NONE).write(sandbox, "/app", temp.resolve("blobs"));

    String listing = Tools.run("tar", "--numeric-owner", "-tvf", layer.blob().toString());
    List<String> lines = listing.lines().toList();
    assertEquals(2, lines.size(), listing);
    assertLine(lines, "-rwxr-xr-x 3000000/0 5 " + CLAMP_TEXT + " " + longPath.substring(1));
    byte[] tar = Files.readAllBytes(layer.blob());
    assertTrue(contains(tar, concat("SCHILY.xattr.user.bin=", binary, "\n")));
    assertTrue(contains(tar, concat("SCHILY.xattr.security.capability=", capability, "\n")));

    Assumptions.assumeTrue(Tools.isRoot(), "reading back user xattrs after extraction");
    Path out = Files.createDirectories(temp.resolve("out"));
    Tools.run(
        "tar",
        "--xattrs",
        "--xattrs-include=user.*",
        "-xpf",
        layer.blob().toString(),
        "-C",
        out.toString());
    var view =
        Files.getFileAttributeView(
            out.resolve(longPath.substring(1)),
            java.nio.file.attribute.UserDefinedFileAttributeView.class);
    Assumptions.assumeTrue(view.list().contains("bin"), "this file system keeps user xattrs");
    java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(view.size("bin"));
    view.read("bin", value);
    assertArrayEquals(binary, value.array());
  }

  private static byte[] concat(String prefix, byte[] value, String suffix) {
    byte[] a = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] c = suffix.getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(a, a.length + value.length + c.length);
    System.arraycopy(value, 0, all, a.length, value.length);
    System.arraycopy(c, 0, all, a.length + value.length, c.length);
    return all;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void L29_lowerTmpIs1777_emittedAs1777AndLowerSymlinkNotShadowed() throws Exception {
    // The base image, as GNU tar writes it: /tmp 1777, lib64 -> usr/lib64.
    Path base = temp.resolve("base");
    Path tmp = dir(base.resolve("tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    Tools.run("chmod", "1777", tmp.toString());
    dir(dir(base.resolve("usr")).resolve("lib64"));
    Files.createSymbolicLink(base.resolve("lib64"), Path.of("usr/lib64"));
    Path baseTar = temp.resolve("base.tar");
    Tools.run(
        "tar",
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "-cf",
        baseTar.toString(),
        "-C",
        base.toString(),
        ".");
    LowerIndex lower;
    try (var in = Files.newInputStream(baseTar)) {
      lower = LowerIndex.fromLayers(List.of(in));
    }
    assertEquals(01777, lower.lookup("/tmp").orElseThrow().mode());

    // The builder stage has its own /tmp 0755 and a real /lib64 directory.
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    file(dir(root.resolve("tmp")).resolve("cache"), "c", "rw-r--r--");
    file(dir(root.resolve("lib64")).resolve("ld-linux.so.2"), "ld", "rwxr-xr-x");
    LayerWriter writer = new LayerWriter(Compression.GZIP, CLAMP, lower);
    WrittenLayer tmpLayer = writer.write(sandbox, "/tmp", temp.resolve("blobs"));
    lower.add(tmpLayer);
    WrittenLayer libLayer = writer.write(sandbox, "/lib64/ld-linux.so.2", temp.resolve("blobs"));

    List<String> tmpLines =
        Tools.run("tar", "--numeric-owner", "-tvzf", tmpLayer.blob().toString()).lines().toList();
    assertLine(tmpLines, "drwxrwxrwt 0/0 0 " + CLAMP_TEXT + " tmp/");
    assertEquals(
        List.of("lib64/ld-linux.so.2"),
        Tools.run("tar", "-tzf", libLayer.blob().toString()).lines().toList());
    WrittenLayer wholeLib =
        writer.write(sandbox, "/lib64", temp.resolve("blobs")); // the directory itself selected
    assertEquals(
        List.of("lib64/ld-linux.so.2"),
        Tools.run("tar", "-tzf", wholeLib.blob().toString()).lines().toList());

    // Applied in order by GNU tar, the symlink survives and the file lands in its target.
    Path out = Files.createDirectories(temp.resolve("out"));
    Tools.run("tar", "-xpf", baseTar.toString(), "-C", out.toString());
    Tools.run("tar", "-xpzf", wholeLib.blob().toString(), "-C", out.toString());
    assertTrue(Files.isSymbolicLink(out.resolve("lib64")));
    assertTrue(
        Files.isRegularFile(out.resolve("usr/lib64/ld-linux.so.2"), LinkOption.NOFOLLOW_LINKS));
  }

  private static LayerWriter writer(Compression compression) {
    return new LayerWriter(compression, CLAMP, LowerIndex.empty());
  }

  private static Path dir(Path path) throws IOException {
    Files.createDirectories(path);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }

  private static Path file(Path path, String content, String permissions) throws IOException {
    Files.writeString(path, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    return path;
  }

  private static int mode(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  /** The name part of a {@code tar -tv} line: everything after the time. */
  private static String nameOf(String line) {
    String[] fields = line.trim().split(" +", 6);
    return fields[5];
  }

  /** Compares a {@code tar -tv} line with single spaces between fields. */
  private static void assertLine(List<String> lines, String expected) {
    List<String> squeezed =
        lines.stream()
            .map(line -> String.join(" ", Arrays.asList(line.trim().split(" +"))))
            .collect(Collectors.toList());
    assertTrue(
        squeezed.contains(expected), () -> expected + " not in\n" + String.join("\n", squeezed));
  }
}
