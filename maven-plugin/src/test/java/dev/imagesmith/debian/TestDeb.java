package dev.imagesmith.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small .deb files the way dpkg-deb lays them out: debian-binary, control, data. */
final class TestDeb {
  private final String name;
  private final String version;
  private final String architecture;
  private String depends;
  private String provides;
  private boolean essential;
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, String> links = new LinkedHashMap<>();
  private final Map<String, String> scripts = new LinkedHashMap<>();

  TestDeb(String name, String version, String architecture) {
    this.name = name;
    this.version = version;
    this.architecture = architecture;
  }

  TestDeb depends(String value) {
    depends = value;
    return this;
  }

  TestDeb provides(String value) {
    provides = value;
    return this;
  }

  /** Another control field, for example {@code Conflicts} or {@code Breaks}. */
  TestDeb field(String name, String value) {
    fields.put(name, value);
    return this;
  }

  TestDeb essential() {
    essential = true;
    return this;
  }

  /** A regular file, for example {@code usr/bin/tool}. */
  TestDeb file(String path, String content) {
    files.put(path, content);
    return this;
  }

  TestDeb symlink(String path, String target) {
    links.put(path, target);
    return this;
  }

  TestDeb script(String name, String content) {
    scripts.put(name, content);
    return this;
  }

  String name() {
    return name;
  }

  String version() {
    return version;
  }

  String architecture() {
    return architecture;
  }

  String depends() {
    return depends;
  }

  String provides() {
    return provides;
  }

  boolean isEssential() {
    return essential;
  }

  String control() {
    StringBuilder control = new StringBuilder();
    control.append("Package: ").append(name).append('\n');
    control.append("Version: ").append(version).append('\n');
    control.append("Architecture: ").append(architecture).append('\n');
    if (essential) {
      control.append("Essential: yes\n");
    }
    if (depends != null) {
      control.append("Depends: ").append(depends).append('\n');
    }
    if (provides != null) {
      control.append("Provides: ").append(provides).append('\n');
    }
    fields.forEach((field, value) -> control.append(field).append(": ").append(value).append('\n'));
    control.append("Maintainer: Test <test@example.org>\n");
    control.append("Description: test package ").append(name).append("\n ").append("More.\n");
    return control.toString();
  }

  byte[] build() throws IOException {
    Map<String, String> controlFiles = new LinkedHashMap<>();
    controlFiles.put("control", control());
    StringBuilder md5 = new StringBuilder();
    for (Map.Entry<String, String> f : files.entrySet()) {
      md5.append(md5(f.getValue())).append("  ").append(f.getKey()).append('\n');
    }
    controlFiles.put("md5sums", md5.toString());
    controlFiles.putAll(scripts);
    byte[] control = tarGz(controlFiles, Map.of(), true);
    byte[] data = tarGz(files, links, false);
    ByteArrayOutputStream deb = new ByteArrayOutputStream();
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(deb)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar.gz", control);
      member(ar, "data.tar.gz", data);
    }
    return deb.toByteArray();
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] bytes)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length, 0, 0, 0100644, 0));
    ar.write(bytes);
    ar.closeArchiveEntry();
  }

  private static byte[] tarGz(Map<String, String> files, Map<String, String> links, boolean flat)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      directory(tar, "./");
      java.util.Set<String> made = new java.util.HashSet<>();
      for (String path : files.keySet()) {
        parents(tar, path, made, flat);
        byte[] content = files.get(path).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry("./" + path);
        entry.setSize(content.length);
        entry.setMode(path.contains("bin/") ? 0100755 : 0100644);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, String> link : links.entrySet()) {
        parents(tar, link.getKey(), made, flat);
        TarArchiveEntry entry =
            new TarArchiveEntry("./" + link.getKey(), TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(link.getValue());
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void parents(
      TarArchiveOutputStream tar, String path, java.util.Set<String> made, boolean flat)
      throws IOException {
    if (flat) {
      return;
    }
    String[] parts = path.split("/");
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      at.append(parts[i]).append('/');
      if (made.add(at.toString())) {
        directory(tar, "./" + at);
      }
    }
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    entry.setModTime(0);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static String md5(String content) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
