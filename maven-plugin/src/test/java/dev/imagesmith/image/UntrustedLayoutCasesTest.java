package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.Fifo;
import dev.imagesmith.testkit.TestImages;
import dev.imagesmith.testkit.TestTar;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases U (site/src/site/markdown/security-cases.md): the files of a base image's OCI
 * layout or docker-archive are input the plugin did not write. A link, pipe or directory where a
 * file should be is refused before anything is opened, and no error quotes more than a short,
 * escaped excerpt of what it read. Each message is asserted whole: a secret could hide in any part.
 */
class UntrustedLayoutCasesTest {
  private static final String FIX =
      "a layout must hold its files themselves (links inside it are never followed, pipes and"
          + " devices never opened); copy the image into a fresh layout with 'skopeo copy'";

  /** Looks like a token and is no JSON: Jackson quoted such a word whole (up to 256 chars). */
  private static final String SECRET =
      "ghp_SECRETxTOKENx0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";

  @TempDir Path tmp;
  private Path dir;
  private Path secret;
  private BuiltImage image;

  @BeforeEach
  void layoutAndSecret() throws Exception {
    dir = tmp.resolve("layout");
    image = TestImages.helloImage("untrusted");
    OciLayoutWriter.write(dir, image, List.of("t"));
    secret = Files.createDirectories(tmp.resolve("outside")).resolve("secret");
    Files.writeString(secret, SECRET + "\n");
  }

  private String name() {
    return "oci:" + dir + ":t";
  }

  private UserInputException refused(Executable read) {
    UserInputException e = assertThrows(UserInputException.class, read);
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    return e;
  }

  private SourceImage read() throws Exception {
    return OciLayoutReader.read(dir, "t", Platform.LINUX_AMD64);
  }

  private Path blob(Descriptor descriptor) {
    return dir.resolve("blobs/sha256").resolve(descriptor.digest().encoded());
  }

  private void replaceWithLink(Path file, Path target) throws Exception {
    Files.delete(file);
    Files.createSymbolicLink(file, target);
  }

  @Test
  void U1_indexJsonIsLinkToSecret_refusedWithoutReadingIt() throws Exception {
    Path index = dir.resolve("index.json");
    replaceWithLink(index, secret);
    UserInputException e = refused(this::read);
    assertEquals(
        name() + ": " + index + " is a symbolic link, not a regular file; " + FIX, e.getMessage());
  }

  @Test
  void U2_ociLayoutFileIsLinkToSecret_refused() throws Exception {
    Path layoutFile = dir.resolve("oci-layout");
    replaceWithLink(layoutFile, secret);
    UserInputException e = refused(this::read);
    assertEquals(
        name() + ": " + layoutFile + " is a symbolic link, not a regular file; " + FIX,
        e.getMessage());
  }

  @Test
  void U3_blobIsLinkToSecret_refused() throws Exception {
    Path config = blob(image.configBlob().descriptor());
    replaceWithLink(config, secret);
    UserInputException e = refused(this::read);
    assertEquals(
        name()
            + " config "
            + image.configBlob().descriptor().digest()
            + ": "
            + config
            + " is a symbolic link, not a regular file; "
            + FIX,
        e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard only: Fifo releases a blocked open
  void U4_indexJsonIsFifo_refusedWithoutOpeningIt() throws Throwable {
    Path index = dir.resolve("index.json");
    Files.delete(index);
    Fifo.make(index);
    UserInputException e =
        Fifo.mustNotBlock(index, () -> assertThrows(UserInputException.class, this::read));
    assertEquals(
        name() + ": " + index + " is a named pipe (FIFO), not a regular file; " + FIX,
        e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void U5_layerBlobIsFifo_refusedWhenTheLayerIsOpened() throws Throwable {
    Path layer = blob(image.layers().get(0).descriptor());
    Files.delete(layer);
    Fifo.make(layer);
    SourceLayer read = read().layers().get(0);
    UserInputException e =
        Fifo.mustNotBlock(
            layer,
            () ->
                assertThrows(
                    UserInputException.class,
                    () -> {
                      try (InputStream in = read.openRaw()) {
                        in.readAllBytes();
                      }
                    }));
    assertEquals(
        "layer 1 ("
            + image.layers().get(0).descriptor().digest()
            + ") of "
            + name()
            + ": "
            + layer
            + " is a named pipe (FIFO), not a regular file; "
            + FIX,
        e.getMessage());
  }

  @Test
  void U6_indexJsonIsDirectory_oneClearError() throws Exception {
    Path index = dir.resolve("index.json");
    Files.delete(index);
    Files.createDirectory(index);
    UserInputException e = refused(this::read);
    assertEquals(
        name() + ": " + index + " is a directory, not a regular file; " + FIX, e.getMessage());
  }

  @Test
  void U7_blobDirectoryIsLinkOutOfTheLayout_refused() throws Exception {
    // The blobs are all there, but in a directory outside the layout that a link leads to.
    Path sha256 = dir.resolve("blobs/sha256");
    Path elsewhere = tmp.resolve("outside/blobs");
    Files.move(sha256, elsewhere);
    Files.createSymbolicLink(sha256, elsewhere);
    UserInputException e = refused(this::read);
    assertEquals(
        name()
            + ": "
            + sha256
            + " is a symbolic link; a layout must hold its blobs itself (links inside it are"
            + " never followed); copy the image into a fresh layout with 'skopeo copy'",
        e.getMessage());
  }

  @Test
  void U8_hugeIndexJson_refusedBeforeReading() throws Exception {
    Path index = dir.resolve("index.json");
    long huge = 8L << 30; // sparse: costs no disk, and reading it whole would take minutes
    try (RandomAccessFile file = new RandomAccessFile(index.toFile(), "rw")) {
      file.setLength(huge);
    }
    long started = System.nanoTime();
    UserInputException e = refused(this::read);
    assertEquals(
        name()
            + ": "
            + index
            + " is "
            + huge
            + " bytes, more than the "
            + ImageDocument.MAX_BYTES
            + " bytes such a file may have; it is not what it should be",
        e.getMessage());
    assertTrue(System.nanoTime() - started < 2_000_000_000L, "read before refusing");
  }

  @Test
  void U9_jsonSyntaxError_quotesOnlyAShortEscapedExcerpt() throws Exception {
    // A regular index.json holding a secret-looking word where JSON was expected: the message
    // says what and where, with 40 escaped bytes near the error, never the whole word.
    Files.writeString(
        dir.resolve("index.json"), "{\"schemaVersion\":2,\n\"manifests\":\t" + SECRET + "}");
    UserInputException e = assertThrows(UserInputException.class, this::read);
    assertEquals(
        name()
            + " index.json: not valid JSON: an unknown word (not a string, number, true, false"
            + " or null) at line 2, column 14, near"
            + " ...'ersion\":2,\\n\"manifests\":\\tghp_SECRETxTOKEN'...",
        e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertEquals(null, e.getCause().getCause(), "Jackson's message would quote the word");
  }

  @Test
  void U10_controlCharactersInTags_escapedInTheMessage() throws Exception {
    TestImages.Layout layout = new TestImages.Layout(tmp.resolve("hand"));
    Descriptor one = layout.image("one", Platform.LINUX_AMD64);
    Descriptor two = layout.image("two", Platform.LINUX_AMD64);
    // A tag that would clear the terminal and print in red, and one with a newline.
    layout.index(
        TestImages.Layout.indexJson(
            TestImages.Layout.tagged(one, "\\u001b[2J\\u001b[31mred"),
            TestImages.Layout.tagged(two, "a\\nb")));
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> OciLayoutReader.read(layout.dir, null, Platform.LINUX_AMD64));
    assertEquals(
        "oci:"
            + layout.dir
            + ": the layout holds 2 different images; name one by its tag. Tags in the layout:"
            + " '\\x1b[2J\\x1b[31mred', 'a\\nb'",
        e.getMessage());
  }

  @Test
  void U11_dockerArchiveManifestJsonIsLinkToHostFile_neverRead() throws Exception {
    Path archive =
        new TestTar()
            .symlink("manifest.json", secret.toString())
            .file("c.json", ImageConfig.scratch(Platform.LINUX_AMD64).toJson())
            .writeTo(tmp.resolve("a.tar"));
    UserInputException e = refused(() -> DockerArchiveReader.read(archive));
    assertEquals(
        "docker-archive:"
            + archive
            + ": manifest.json 'manifest.json' is a link to '"
            + secret
            + "', which is not a regular member (links are followed once, within the archive)",
        e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void U12_dockerArchiveIsFifo_refusedWithoutOpeningIt() throws Throwable {
    Path fifo = Fifo.make(tmp.resolve("image.tar"));
    UserInputException e =
        Fifo.mustNotBlock(
            fifo,
            () -> assertThrows(UserInputException.class, () -> DockerArchiveReader.read(fifo)));
    assertEquals(
        "docker-archive:"
            + fifo
            + ": "
            + fifo
            + " is a named pipe (FIFO), not a regular file; point docker-archive: at a tarball made"
            + " by docker save or skopeo copy",
        e.getMessage());
  }
}
