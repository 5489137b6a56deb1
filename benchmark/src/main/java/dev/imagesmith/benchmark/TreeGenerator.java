package dev.imagesmith.benchmark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a tree shaped like the one issue 7 measured (202 MB: 4,912 file names, 242 symlinks, one
 * 25.7 MB file with 13 hardlinks), the same bytes on every machine: every size and byte comes from
 * a seeded generator.
 *
 * <p>Content mimics an installed application: text (sources, docs, configuration; gzip about 3x),
 * machine-code-like binaries (skewed byte frequencies and repeats; about 2x) and already compressed
 * files (jars, images; incompressible), so gzip's ratio lands near the real tree's 2.1. Symlinks
 * point at the larger files and the big file compresses about 2x, so that a writer which follows
 * links and copies hardlinks (Jib) ships about 2.5x the bytes, as it did on the real tree.
 */
final class TreeGenerator {
  /** Changes whenever the recipe does, so an old tree on disk is made again. */
  static final String RECIPE = "imagesmith-benchmark-tree/3";

  static final int REGULAR_FILES = 4_899; // plus 13 names of the big file = 4,912 names
  static final int FILE_SYMLINKS = 240;
  static final int DIRECTORY_SYMLINKS = 2;
  static final int BIG_FILE_NAMES = 13;
  static final long BIG_FILE_SIZE = 25_700_000;

  private static final FileTime MTIME = FileTime.from(Instant.parse("2025-06-01T12:00:00Z"));
  private static final String[] WORDS = {
    "the",
    "layer",
    "image",
    "static",
    "const",
    "return",
    "include",
    "void",
    "int",
    "struct",
    "if",
    "else",
    "for",
    "while",
    "char",
    "size_t",
    "printf",
    "error",
    "config",
    "value",
    "path",
    "install",
    "prefix",
    "library",
    "function",
    "argument",
    "option",
    "default",
    "module",
    "data",
    "buffer",
    "length",
    "offset",
    "result",
    "status",
    "version",
    "license",
    "copyright",
    "free",
    "software",
    "without",
    "warranty",
    "=",
    "{",
    "}",
    "(",
    ")",
    ";",
    "->",
    "0",
    "1",
    "NULL"
  };

  private TreeGenerator() {}

  /**
   * Makes the tree below {@code root} (scaled by {@code scale}: 1 gives ~202 MB) unless a tree of
   * this recipe and scale is already there.
   */
  static void ensure(Path root, double scale) throws IOException, InterruptedException {
    Path marker = root.resolveSibling(root.getFileName() + ".complete");
    String stamp = RECIPE + " scale=" + scale;
    if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
      return;
    }
    if (Files.exists(root)) {
      new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start().waitFor();
    }
    Files.deleteIfExists(marker);
    generate(root, scale);
    Files.writeString(marker, stamp);
  }

  private static void generate(Path root, double scale) throws IOException {
    SplittableRandom random = new SplittableRandom(20260101L);
    String[] tops = {"usr/lib", "usr/share/doc", "usr/include", "opt/app/lib", "etc", "usr/bin"};
    List<Path> directories = new ArrayList<>();
    for (String top : tops) {
      for (int i = 0; i < 40; i++) {
        Path dir = root.resolve(top).resolve("pkg" + i);
        if (i % 3 == 0) {
          dir = dir.resolve("sub" + (i % 7));
        }
        Files.createDirectories(dir);
        directories.add(dir);
      }
    }
    // Lognormal sizes (many small files, a few large), scaled to ~176 MB in total.
    int files = (int) Math.round(REGULAR_FILES * scale);
    long[] sizes = new long[files];
    double total = 0;
    for (int i = 0; i < files; i++) {
      double gaussian = gaussian(random);
      sizes[i] = Math.max(0, Math.round(Math.exp(9.366 + 1.5 * gaussian)));
      sizes[i] = Math.min(sizes[i], 4_000_000);
      total += sizes[i];
    }
    double factor = 176_000_000.0 * scale / total;
    List<Path> regular = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      Path dir = directories.get(random.nextInt(directories.size()));
      int kind = random.nextInt(100);
      String extension = kind < 40 ? ".txt" : kind < 80 ? ".so" : ".jar";
      Path file = dir.resolve("file" + i + extension);
      long size = Math.round(sizes[i] * factor);
      write(file, size, kind < 40 ? 0 : kind < 80 ? 1 : 2, random.split());
      Files.setPosixFilePermissions(
          file, PosixFilePermissions.fromString(kind < 40 ? "rw-r--r--" : "rwxr-xr-x"));
      regular.add(file);
    }
    // One big binary with 13 names in different directories (each name a hardlink).
    Path big = root.resolve("usr/lib/libbig.so.1");
    write(big, Math.round(BIG_FILE_SIZE * Math.min(1, scale)), 3, random.split());
    for (int i = 1; i < BIG_FILE_NAMES; i++) {
      Files.createLink(directories.get(i * 17 % directories.size()).resolve("libbig-" + i), big);
    }
    // Relative symlinks to files in the same directory (libfoo.so -> libfoo.so.1 style), and two
    // to directories; all resolve, so that every tool (Jib follows links) can read the tree.
    // Links point at the larger files, as libfoo.so -> libfoo.so.1 does in a real tree.
    List<Path> bySize = new ArrayList<>(regular);
    bySize.sort(
        java.util.Comparator.comparingLong((Path p) -> p.toFile().length())
            .reversed()
            .thenComparing(Path::toString));
    List<Path> large = bySize.subList(0, Math.max(1, bySize.size() / 8));
    for (int i = 0; i < Math.round(FILE_SYMLINKS * scale); i++) {
      Path target = large.get(random.nextInt(large.size()));
      Path link = target.resolveSibling(target.getFileName() + ".link" + i);
      Files.createSymbolicLink(link, target.getFileName());
    }
    for (int i = 0; i < DIRECTORY_SYMLINKS; i++) {
      Files.createSymbolicLink(
          root.resolve("usr/lib/dirlink" + i), Path.of("../share/doc/pkg" + (i + 1)));
    }
    try (var walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        if (!Files.isSymbolicLink(path)) {
          Files.setLastModifiedTime(path, MTIME);
        }
      }
    }
  }

  /**
   * Writes {@code size} bytes of one content kind: 0 text, 1 binary, 2 compressed, 3 a large
   * library (binary with a quarter of incompressible data and relocations, about 2x like a real
   * one).
   */
  private static void write(Path file, long size, int kind, SplittableRandom random)
      throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      byte[] chunk = new byte[8192];
      byte[] history = new byte[1 << 16];
      long written = 0;
      while (written < size) {
        int n = (int) Math.min(chunk.length, size - written);
        switch (kind) {
          case 0 -> text(chunk, n, random);
          case 1 -> binary(chunk, n, random, history, written);
          case 3 -> {
            if (random.nextInt(4) == 0) {
              for (int i = 0; i < n; i++) {
                chunk[i] = (byte) random.nextInt(256);
              }
            } else {
              binary(chunk, n, random, history, written);
            }
          }
          default -> {
            for (int i = 0; i < n; i++) {
              chunk[i] = (byte) random.nextInt(256);
            }
          }
        }
        out.write(chunk, 0, n);
        for (int i = 0; i < n; i++) {
          history[(int) ((written + i) & (history.length - 1))] = chunk[i];
        }
        written += n;
      }
    }
  }

  private static void text(byte[] chunk, int n, SplittableRandom random) {
    int i = 0;
    while (i < n) {
      byte[] word =
          WORDS[(int) (Math.abs(gaussian(random)) * 12) % WORDS.length].getBytes(
              StandardCharsets.US_ASCII);
      for (int j = 0; j < word.length && i < n; j++) {
        chunk[i++] = word[j];
      }
      if (i < n) {
        int r = random.nextInt(20);
        chunk[i++] = (byte) (r == 0 ? '\n' : r < 4 ? (byte) ('a' + random.nextInt(26)) : ' ');
      }
      if (i < n && random.nextInt(6) == 0) { // identifiers and numbers: less predictable text
        int digits = 1 + random.nextInt(6);
        for (int j = 0; j < digits && i < n; j++) {
          chunk[i++] = (byte) (j % 2 == 0 ? '0' + random.nextInt(10) : 'a' + random.nextInt(26));
        }
      }
    }
  }

  /** Skewed opcodes and operands, with stretches repeated from the recent past. */
  private static void binary(
      byte[] chunk, int n, SplittableRandom random, byte[] history, long position) {
    int i = 0;
    while (i < n) {
      if (position > 4096 && random.nextInt(10) == 0) {
        int length = 8 + random.nextInt(56);
        int distance = 16 + random.nextInt(4000);
        for (int j = 0; j < length && i < n; j++, i++) {
          long from = position + i - distance;
          chunk[i] =
              from >= position
                  ? chunk[(int) (from - position)]
                  : history[(int) (from & (history.length - 1))];
        }
      } else {
        int r = random.nextInt(100);
        chunk[i++] =
            (byte)
                (r < 22
                    ? 0
                    : r < 34 ? 0x48 + random.nextInt(8) : r < 42 ? 0xff : random.nextInt(256));
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller, so the values depend only on the seed (Random#nextGaussian is not splittable).
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
