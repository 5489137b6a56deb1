package dev.imagesmith.libcheck;

import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.ImageInspector;
import dev.imagesmith.inspect.LayerInput;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Images for the checks' tests: a base layer and the layers a build adds, inspected for real. */
final class InspectedImages {
  private InspectedImages() {}

  static ImageInspection inspect(Path dir, TestTar base, TestTar... added) throws Exception {
    List<LayerInput> layers = new ArrayList<>();
    layers.add(new LayerInput("base", false, base::open));
    for (int i = 0; i < added.length; i++) {
      layers.add(new LayerInput("added " + i, true, added[i]::open));
    }
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    return ImageInspector.inspect(layers, scratch);
  }

  /** The host's C runtime where Debian puts it. */
  static TestTar runtime() {
    return TestTar.tar()
        .dir("lib/")
        .dir("lib/x86_64-linux-gnu/")
        .program("lib/x86_64-linux-gnu/libc.so.6", dev.imagesmith.testkit.NativeBuild.HOST_LIBC)
        .dir("lib64/")
        .program("lib64/ld-linux-x86-64.so.2", dev.imagesmith.testkit.NativeBuild.HOST_LOADER);
  }
}
