package dev.imagesmith.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar archives member by member, including hostile ones. */
final class HandTar {
  private record Member(String name, byte[] content, String symlinkTarget) {}

  private final List<Member> members = new ArrayList<>();

  HandTar file(String name, byte[] content) {
    members.add(new Member(name, content, null));
    return this;
  }

  HandTar file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  HandTar symlink(String name, String target) {
    members.add(new Member(name, new byte[0], target));
    return this;
  }

  Path writeTo(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Member member : members) {
        TarArchiveEntry entry;
        if (member.symlinkTarget() != null) {
          entry = new TarArchiveEntry(member.name(), TarConstants.LF_SYMLINK);
          entry.setLinkName(member.symlinkTarget());
        } else {
          entry = new TarArchiveEntry(member.name());
          entry.setSize(member.content().length);
        }
        tar.putArchiveEntry(entry);
        tar.write(member.content());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /** {@code manifest.json} with one image. */
  static String manifestJson(String config, String... layers) {
    StringBuilder json =
        new StringBuilder("[{\"Config\":\"" + config + "\",\"RepoTags\":[\"app:1\"],\"Layers\":[");
    for (int i = 0; i < layers.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(layers[i]).append('"');
    }
    return json.append("]}]").toString();
  }
}
