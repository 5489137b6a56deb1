package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Compression;
import dev.imagesmith.plan.LayerOwner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <layer><owner>1000:1000</owner>}: every entry of the selected tree gets that owner, as GNU
 * tar lists it; the parents above the selected path, and directories a lower layer has, keep
 * theirs.
 */
class LayerOwnerTest {
  private static final Instant CLAMP = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path temp;

  private Sandbox app() throws Exception {
    Path root = temp.resolve("stage");
    Sandbox sandbox = Sandbox.create(root);
    Path bin = Files.createDirectories(root.resolve("opt/app/bin"));
    Files.writeString(bin.resolve("run"), "#!/bin/sh\necho hi\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(bin.resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createLink(bin.resolve("run-again"), bin.resolve("run"));
    Files.createSymbolicLink(root.resolve("opt/app/current"), Path.of("bin"));
    Files.createDirectories(root.resolve("opt/app/data"));
    return sandbox;
  }

  private static List<String> owners(WrittenLayer layer) throws Exception {
    return Tools.run("tar", "--numeric-owner", "-tvf", layer.blob().toString())
        .lines()
        .map(line -> line.trim().split(" +", 6))
        .map(fields -> fields[1] + " " + fields[5])
        .toList();
  }

  @Test
  void everyEntryOfTheSelectedTree_getsTheOwner_parentsStayRoot() throws Exception {
    WrittenLayer layer =
        new LayerWriter(Compression.NONE, CLAMP, LowerIndex.empty())
            .write(
                app(), "/opt/app", "/opt/app", temp.resolve("blobs"), new LayerOwner(1000, 1000));

    assertEquals(
        List.of(
            "0/0 opt/",
            "1000/1000 opt/app/",
            "1000/1000 opt/app/bin/",
            "1000/1000 opt/app/bin/run",
            "1000/1000 opt/app/bin/run-again link to opt/app/bin/run",
            "1000/1000 opt/app/current -> bin",
            "1000/1000 opt/app/data/"),
        owners(layer));
  }

  @Test
  void directoryALowerLayerHas_keepsItsOwner() throws Exception {
    Sandbox sandbox = app();
    LowerIndex lower = LowerIndex.empty();
    LayerWriter writer = new LayerWriter(Compression.NONE, CLAMP, lower);
    WrittenLayer first = writer.write(sandbox, "/opt/app/data", temp.resolve("blobs"));
    lower.add(first);

    WrittenLayer owned =
        writer.write(sandbox, "/opt/app", "/opt/app", temp.resolve("blobs"), new LayerOwner(7, 8));

    List<String> listing = owners(owned);
    assertEquals("0/0 opt/app/", listing.get(1), listing.toString());
    assertEquals("0/0 opt/app/data/", listing.get(listing.size() - 1), listing.toString());
    assertEquals("7/8 opt/app/bin/run", listing.get(3), listing.toString());
  }

  @Test
  void owner_isPartOfTheLayer_soADifferentOwnerIsADifferentLayer() throws Exception {
    Sandbox sandbox = app();
    WrittenLayer stages =
        new LayerWriter(Compression.NONE, CLAMP, LowerIndex.empty())
            .write(sandbox, "/opt/app", temp.resolve("a"));
    WrittenLayer owned =
        new LayerWriter(Compression.NONE, CLAMP, LowerIndex.empty())
            .write(sandbox, "/opt/app", "/opt/app", temp.resolve("b"), new LayerOwner(1000, 1000));
    assertNotEquals(stages.diffId(), owned.diffId());
  }
}
