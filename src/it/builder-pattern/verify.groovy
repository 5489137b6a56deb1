// The builder pattern on a real C program: check the image with skopeo, umoci, tar and by running it.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def out = new File(basedir, "target/image")

// Outputs exist and agree with each other and with skopeo.
def digest = new File(out, "digest").text.trim()
assert digest ==~ /sha256:[a-f0-9]{64}/
def inspect = checks.json(checks.sh(["skopeo", "inspect", "oci:target/image/oci:1.0"]))
assert inspect.Digest == digest
def latest = checks.json(checks.sh(["skopeo", "inspect", "oci:target/image/oci:latest"]))
assert latest.Digest == digest
def baseInspect = checks.json(checks.sh(["skopeo", "inspect", "oci:target/base/oci:1"]))
assert inspect.Layers.size() == baseInspect.Layers.size() + 2
assert inspect.Layers.take(baseInspect.Layers.size()) == baseInspect.Layers: "base layers reused as they are"
def config = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:target/image/oci:1.0"]))
// skopeo reports docker-archive layers by their uncompressed digest (diffID).
def archive = checks.json(checks.sh(["skopeo", "inspect", "docker-archive:target/image/image.tar"]))
assert archive.Layers == config.rootfs.diff_ids
def manifestJson = checks.sh(["tar", "-xOf", "target/image/image.tar", "manifest.json"])
assert checks.json(manifestJson)[0].RepoTags.containsAll(["example.org/team/hello:1.0", "example.org/team/hello:latest"])

// The config says what the POM says.
assert config.config.Entrypoint == ["/install/bin/hello"]
assert config.config.Cmd == ["--version"]
assert config.config.User == "1000:1000"
assert config.config.WorkingDir == "/"
assert config.config.Env.contains("PATH=/install/bin:/usr/bin:/bin")
assert config.config.Labels["org.opencontainers.image.title"] == "hello"
assert config.created == "2026-01-01T00:00:00Z"
assert config.rootfs.diff_ids.size() == inspect.Layers.size()

// The new layer as GNU tar sees it: sorted, root-owned, clamped times, symlinks kept, junk pruned.
def installBlob = inspect.Layers[baseInspect.Layers.size()].replace("sha256:", "")
def listing = checks.sh(["tar", "--numeric-owner", "-tvzf", "target/image/oci/blobs/sha256/" + installBlob])
def names = listing.readLines().collect { it.split(/\s+/, 6)[5].replaceAll(/ (->|link to) .*/, "") }
assert names == names.sort(false) : "entries are sorted"
assert listing.readLines().every { it.contains(" 0/0 ") } : "owned by 0:0, not the build host's user"
assert listing.readLines().every { it.contains("2026-01-01") } : "mtimes clamped to project.build.outputTimestamp"
assert listing.contains("install/lib/libgreet.so -> libgreet.so.1")
assert listing.contains("install/lib/libgreet.so.1 -> libgreet.so.1.0.0")
["libgreet.a", "libgreet.la", "share/man", "share/doc"].each { assert !listing.contains(it): "pruned: ${it}" }
assert listing =~ /(?m)^hrwxr-xr-x 0\/0 .* install\/bin\/hi link to install\/bin\/hello$/ : "hardlink kept as a link"
assert listing =~ /(?m)^-rwsr-xr-x 0\/0 .* install\/bin\/hello-suid$/ : "setuid bit kept"
assert listing.contains("install/data/README") && listing.contains("install/data/docs/notes.txt")
assert listing.contains("install/etc/motd")

// image.json and the size table.
def image = checks.jsonFile("target/image/image.json")
assert image.digest == digest
def builder = image.stages.find { it.name == "builder" }
assert builder.sizeBeforePrune > builder.sizeAfterPrune
assert builder.prune.find { it.rule == "static libraries" }.bytes > 0
assert builder.prune.find { it.rule == "docs" }.bytes > 0
def log = checks.log()
assert log =~ /(?m)^\[INFO\] WHAT\s+SIZE\s+COMPRESSED/
assert log.contains("IMAGE example.org/team/hello:1.0, example.org/team/hello:latest")
assert log =~ /(?m)^\[INFO\] stage builder after prune .*pruned: /
// The entrypoint the config names is in the image and can start.
assert log =~ /(?m)^\[INFO\] Report .*, entrypoint \/install\/bin\/hello checked$/

// Unpacked by umoci, the program runs from the image's own root filesystem.
def rootfs = checks.unpack("target/image/oci:1.0", "bundle")
assert checks.stat(new File(rootfs, "tmp")) == "directory 1777 0 0": "the base's /tmp keeps its mode"
assert new File(rootfs, "tmp/hello-cache/greeting").text.contains("Hello")
assert java.nio.file.Files.isSymbolicLink(new File(rootfs, "install/lib/libgreet.so").toPath())
assert new File(rootfs, "install/etc/motd").text.contains("builder-pattern IT")
def hello = java.nio.file.Files.getAttribute(new File(rootfs, "install/bin/hello").toPath(), "unix:ino")
assert java.nio.file.Files.getAttribute(new File(rootfs, "install/bin/hi").toPath(), "unix:ino") == hello
if (checks.isRoot()) {
  assert checks.stat(new File(rootfs, "install/bin/hello-suid")) == "regular file 4755 0 0"
}
def greeting = checks.runInImage(rootfs, ["/install/bin/hello"])
if (greeting != null) {
  assert greeting.trim() == "Hello from an Imagesmith builder stage!"
  assert checks.runInImage(rootfs, ["/install/bin/hello", "--version"]).contains("hello 1.0")
}

// The image built on the docker-archive of the base: the base's layers, then the checker's.
def fromArchive = checks.json(checks.sh(["skopeo", "inspect", "oci:target/from-archive/oci:1"]))
assert fromArchive.Layers.size() == baseInspect.Layers.size() + 1
def listingFile = checks.sh(["tar", "-xzOf", "target/from-archive/oci/blobs/sha256/" + fromArchive.Layers[-1].replace("sha256:", ""), "opt/check/base-listing"])
assert listingFile.readLines().containsAll(["etc", "lib", "lib64", "tmp"]) : "the stage started from the base's filesystem"
return true
