package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.archive.Decompression;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What the dpkg database needs from a {@code .deb} besides its files: the {@code control} text, the
 * maintainer scripts it carries (never run, only named), {@code md5sums} and {@code conffiles}, and
 * the paths its data member holds (for {@code info/NAME.list}), which the hardened extractor
 * reports while it unpacks them ({@link #withDataNames}), so the data is decompressed once. Reading
 * never writes anywhere.
 */
public record DebFile(
    String control, List<String> scripts, String md5sums, String conffiles, List<String> paths) {
  private static final Set<String> SCRIPTS =
      Set.of("preinst", "postinst", "prerm", "postrm", "config", "triggers");
  private static final int MAX_CONTROL_MEMBER = 4 << 20;

  public DebFile {
    scripts = List.copyOf(scripts);
    paths = List.copyOf(paths);
  }

  /**
   * The same package with the paths of its data member, from the entry names the extractor
   * reported, spelled as dpkg's {@code .list} files spell them.
   */
  public DebFile withDataNames(List<String> entryNames) {
    TreeSet<String> listed = new TreeSet<>();
    for (String name : entryNames) {
      listed.add(listPath(name));
    }
    return new DebFile(control, scripts, md5sums, conffiles, new ArrayList<>(listed));
  }

  /**
   * Reads {@code deb}'s control member and checks that it has a data member; the data's paths come
   * later from {@link #withDataNames}.
   *
   * @param source names the package in errors
   * @throws UserInputException if it is not a Debian package
   */
  public static DebFile read(Path deb, String source) throws IOException {
    String control = null;
    List<String> scripts = new ArrayList<>();
    String md5sums = null;
    String conffiles = null;
    boolean data = false;
    try (ArArchiveInputStream ar =
        new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
      ArArchiveEntry first = ar.getNextEntry();
      if (first == null || !name(first).equals("debian-binary")) {
        throw bad(source, "it is not a Debian package (no debian-binary member first)");
      }
      for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
        String member = name(entry);
        if (member.startsWith("control.tar")) {
          try (TarArchiveInputStream tar = tar(ar)) {
            for (TarArchiveEntry file = tar.getNextEntry();
                file != null;
                file = tar.getNextEntry()) {
              String fileName = file.getName().replaceFirst("^\\./", "");
              if (!file.isFile()) {
                continue;
              }
              if (SCRIPTS.contains(fileName)) {
                scripts.add(fileName);
              } else if (fileName.equals("control")) {
                control = text(tar, file, source);
              } else if (fileName.equals("md5sums")) {
                md5sums = text(tar, file, source);
              } else if (fileName.equals("conffiles")) {
                conffiles = text(tar, file, source);
              }
            }
          }
        } else if (member.startsWith("data.tar")) {
          data = true; // unpacked (and listed) by the extractor, not read here
        }
      }
    } catch (UserInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw bad(source, "it cannot be read (" + e.getMessage() + ")");
    }
    if (control == null || !data) {
      throw bad(source, "it has no control file or no data member");
    }
    scripts.sort(null);
    return new DebFile(control, scripts, md5sums, conffiles, List.of());
  }

  /** dpkg's spelling in {@code .list} files: {@code ./usr/bin/} becomes {@code /usr/bin}. */
  static String listPath(String entryName) {
    String path = entryName;
    if (path.startsWith("./")) {
      path = path.substring(1);
    } else if (!path.startsWith("/")) {
      path = "/" + path;
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.equals("/") ? "/." : path;
  }

  private static TarArchiveInputStream tar(InputStream member) throws IOException {
    return new TarArchiveInputStream(Decompression.open(new Unclosed(member)));
  }

  private static String text(InputStream in, TarArchiveEntry file, String source)
      throws IOException {
    if (file.getSize() > MAX_CONTROL_MEMBER) {
      throw bad(source, "its control member " + file.getName() + " is too large");
    }
    return new String(in.readNBytes(MAX_CONTROL_MEMBER), StandardCharsets.UTF_8);
  }

  private static String name(ArArchiveEntry entry) {
    String name = entry.getName();
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static UserInputException bad(String source, String why) {
    return new UserInputException(source + " is not a usable Debian package: " + why);
  }

  /** Closing a tar over an ar member must not close the ar archive. */
  private static final class Unclosed extends FilterInputStream {
    Unclosed(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
