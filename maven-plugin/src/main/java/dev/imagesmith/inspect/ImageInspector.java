package dev.imagesmith.inspect;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.elf.ElfInfo;
import dev.imagesmith.elf.ElfReader;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image's layers in order into an {@link ImageInspection}. Layers are applied as a runtime
 * applies them (OCI layer.md): a layer's whiteouts ({@code .wh.name}, opaque {@code .wh..wh..opq})
 * hide lower content before its own entries land; an entry replaces what lies at its path (a
 * non-directory replacing a directory takes the directory's children with it); parent components
 * resolve through symlinks already present.
 *
 * <p>Each regular file is read once: hashed, its first bytes checked for the ELF magic, and, in a
 * layer the build added, an ELF file is copied to {@code scratch} and its dynamic section read
 * there (the reader needs random access). Headers come from the tar, so the inspection sees exactly
 * what was written.
 */
public final class ImageInspector {
  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

  /** Loader configuration files larger than this are not kept (real ones are a few lines). */
  static final int MAX_CONFIG_BYTES = 64 * 1024;

  private final Path scratch;
  private final ImageTree tree = new ImageTree();
  private final List<HiddenFile> hidden = new ArrayList<>();
  private final List<LayerStats> stats = new ArrayList<>();

  private ImageInspector(Path scratch) {
    this.scratch = scratch;
  }

  /**
   * Inspects {@code layers} (bottom first).
   *
   * @param scratch an existing directory for temporary copies of ELF files; emptied again after
   * @throws UserInputException if a layer is not a valid tar
   */
  public static ImageInspection inspect(List<LayerInput> layers, Path scratch) throws IOException {
    ImageInspector inspector = new ImageInspector(scratch);
    for (int i = 0; i < layers.size(); i++) {
      LayerInput layer = layers.get(i);
      try (InputStream in = layer.opener().open()) {
        inspector.apply(i, layer, in);
      }
    }
    return new ImageInspection(
        inspector.tree, inspector.stats, inspector.hidden, Duplicates.find(inspector.tree));
  }

  private void apply(int index, LayerInput layer, InputStream tar) throws IOException {
    List<String> whiteouts = new ArrayList<>();
    List<String> opaque = new ArrayList<>();
    List<ImageFile> added = new ArrayList<>();
    Map<String, ImageFile> byName = new HashMap<>();
    int entries = 0;
    long fileBytes = 0;
    try {
      TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
      TarArchiveEntry header;
      while ((header = in.getNextEntry()) != null) {
        if (header.isGlobalPaxHeader()) {
          continue;
        }
        String raw = ImagePaths.lexicalClean("/" + header.getName());
        String name = ImagePaths.name(raw);
        if (name.equals(OPAQUE_WHITEOUT)) {
          opaque.add(ImagePaths.parent(raw));
          continue;
        }
        if (name.startsWith(WHITEOUT_PREFIX)) {
          whiteouts.add(
              ImagePaths.child(ImagePaths.parent(raw), name.substring(WHITEOUT_PREFIX.length())));
          continue;
        }
        if (raw.equals("/") && !header.isDirectory()) {
          continue;
        }
        entries++;
        ImageFile file = entry(index, layer, header, raw, byName, in);
        fileBytes += file.size();
        byName.put(raw, file);
        added.add(file);
      }
      tar.transferTo(OutputStream.nullOutputStream());
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      throw new UserInputException(
          layer.description() + " is not a valid tar layer: " + e.getMessage(), e);
    }
    for (String directory : opaque) {
      String resolved = tree.resolve(directory, true).orElse(directory);
      hideBelow(resolved, index, "parent replaced");
    }
    for (String whiteout : whiteouts) {
      String target = tree.resolveParents(whiteout);
      hide(tree.remove(target), index, "deleted");
      hideBelow(target, index, "deleted");
    }
    for (ImageFile file : added) {
      String path = tree.resolveParents(file.path());
      ImageFile previous = tree.get(path).orElse(null);
      if (previous != null && previous.isDirectory() && !file.isDirectory()) {
        hideBelow(path, index, "parent replaced");
      }
      hide(tree.put(file.at(path)), index, "overwritten");
    }
    stats.add(
        new LayerStats(
            index,
            layer.description(),
            layer.added(),
            entries,
            fileBytes,
            whiteouts.size() + opaque.size()));
  }

  private ImageFile entry(
      int index,
      LayerInput layer,
      TarArchiveEntry header,
      String path,
      Map<String, ImageFile> byName,
      InputStream body)
      throws IOException {
    int mode = header.getMode() & 07777;
    if (header.isLink()) {
      String target = ImagePaths.lexicalClean("/" + header.getLinkName());
      ImageFile named = byName.get(target);
      if (named == null) {
        named = tree.get(tree.resolveParents(target)).orElse(null);
      }
      return new ImageFile(
          path,
          FileType.REGULAR,
          index,
          0,
          mode,
          null,
          target,
          named == null ? null : named.sha256(),
          named == null ? null : named.elf(),
          null, // the file it links to is checked under its first name
          null,
          named == null ? null : named.content());
    }
    if (header.isDirectory()) {
      return simple(path, FileType.DIRECTORY, index, mode, null);
    }
    if (header.isSymbolicLink()) {
      return simple(path, FileType.SYMLINK, index, mode, header.getLinkName());
    }
    if (header.isCharacterDevice()) {
      return simple(path, FileType.CHAR_DEVICE, index, mode, null);
    }
    if (header.isBlockDevice()) {
      return simple(path, FileType.BLOCK_DEVICE, index, mode, null);
    }
    if (header.isFIFO()) {
      return simple(path, FileType.FIFO, index, mode, null);
    }
    return regular(index, layer, header, path, mode, body);
  }

  private static ImageFile simple(String path, FileType type, int layer, int mode, String target) {
    return new ImageFile(path, type, layer, 0, mode, target, null, null, null, null, null, null);
  }

  private ImageFile regular(
      int index, LayerInput layer, TarArchiveEntry header, String path, int mode, InputStream body)
      throws IOException {
    long size = header.getSize();
    MessageDigest sha256 = Digest.newSha256();
    byte[] head = body.readNBytes(64);
    sha256.update(head);
    Optional<ElfIdent> elf = ElfIdent.parse(head);
    String landing = tree.resolveParents(path);
    boolean config = isLoaderConfig(landing) && size <= MAX_CONFIG_BYTES;
    boolean readElf = layer.added() && elf.isPresent() && elf.get().isLoadable();
    ElfInfo info = null;
    String elfError = null;
    byte[] content = null;
    if (readElf) {
      Path copy = Files.createTempFile(scratch, "elf", ".bin");
      try {
        try (OutputStream out = Files.newOutputStream(copy)) {
          out.write(head);
          copyDigesting(body, out, sha256);
        }
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
          info = ElfReader.read(channel).orElse(null);
        } catch (IOException e) {
          elfError = e.getMessage();
        }
      } finally {
        Files.deleteIfExists(copy);
      }
    } else if (config) {
      byte[] rest = body.readNBytes(MAX_CONFIG_BYTES);
      sha256.update(rest);
      content = new byte[head.length + rest.length];
      System.arraycopy(head, 0, content, 0, head.length);
      System.arraycopy(rest, 0, content, head.length, rest.length);
      copyDigesting(body, OutputStream.nullOutputStream(), sha256);
    } else {
      copyDigesting(body, OutputStream.nullOutputStream(), sha256);
    }
    return new ImageFile(
        path,
        FileType.REGULAR,
        index,
        size,
        mode,
        null,
        null,
        HexFormat.of().formatHex(sha256.digest()),
        elf.orElse(null),
        info,
        elfError,
        content);
  }

  private static void copyDigesting(InputStream in, OutputStream out, MessageDigest digest)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
  }

  /** Files the loader reads its search path from: glibc's ld.so.conf (+ includes), musl's .path. */
  static boolean isLoaderConfig(String path) {
    return path.equals("/etc/ld.so.conf")
        || path.startsWith("/etc/ld.so.conf.d/")
        || (path.startsWith("/etc/ld-musl-") && path.endsWith(".path"));
  }

  private void hide(ImageFile file, int by, String how) {
    if (file != null && file.isRegular() && file.size() > 0) {
      hidden.add(new HiddenFile(file, by, how));
    }
  }

  private void hideBelow(String path, int by, String how) {
    var below = tree.below(path);
    for (ImageFile file : below.values()) {
      hide(file, by, how);
    }
    below.clear();
  }
}
