package dev.imagesmith.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds visible files whose bytes a lower layer already ships under another (or the same) name.
 * Copies within one layer are not counted: a layer could hardlink them, but that is not a layering
 * problem. Hardlinks and empty files never count.
 */
final class Duplicates {
  private Duplicates() {}

  static List<DuplicateFile> find(ImageTree tree) {
    Map<String, List<ImageFile>> byContent = new LinkedHashMap<>();
    for (ImageFile file : tree.all()) {
      if (file.isRegular() && !file.isHardlink() && file.size() > 0 && file.sha256() != null) {
        byContent.computeIfAbsent(file.sha256(), key -> new ArrayList<>()).add(file);
      }
    }
    List<DuplicateFile> duplicates = new ArrayList<>();
    Comparator<ImageFile> order =
        Comparator.comparingInt(ImageFile::layer).thenComparing(ImageFile::path);
    for (List<ImageFile> group : byContent.values()) {
      if (group.size() < 2) {
        continue;
      }
      group.sort(order);
      ImageFile original = group.get(0);
      for (ImageFile copy : group.subList(1, group.size())) {
        if (copy.layer() != original.layer()) {
          duplicates.add(new DuplicateFile(copy, original));
        }
      }
    }
    duplicates.sort(
        Comparator.comparingLong((DuplicateFile d) -> -d.file().size())
            .thenComparing(d -> d.file().path()));
    return duplicates;
  }
}
