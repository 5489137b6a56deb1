// A Debian base made from packages by its own dpkg, a builder stage on it whose debian step ran the
// packages' maintainer scripts inside the stage, a program compiled by the stage's cc that uses zlib, and
// the same image from proot as from unshare.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()

assert log =~ /inside the stage: unshare \(user, mount and PID namespaces; /: "the log names the mechanism"
assert log =~ /inside the stage: proot \(ptrace, no namespaces/
// The base: no dpkg yet, so debootstrap's order; dpkg ran the scripts and the ldconfig trigger.
assert log.contains("the stage has no dpkg yet: unpacking")
assert log =~ /the stage's dpkg ran: .*base-passwd=\S+ \(preinst, postinst\)/
assert log =~ /the stage's dpkg ran: .*libc-bin=\S+ \(postinst, triggers\)/
// The builder: gcc's postinst made /usr/bin/cc, and make used it.
assert log =~ /the stage's dpkg ran: .*gcc=\S+ \(postinst\)/
assert log.contains("cc -O2 -o calc /src/calc/calc.c -lz")
assert !log.contains("maintainer scripts and triggers were NOT run (no dpkg, no chroot); these packages have them: gcc")

def stage = new File(basedir, "target/imagesmith-work/default/stages/builder")
assert java.nio.file.Files.readSymbolicLink(new File(stage, "usr/bin/cc").toPath()).toString() == "/etc/alternatives/cc"
assert java.nio.file.Files.readSymbolicLink(new File(stage, "etc/alternatives/cc").toPath()).toString() == "/usr/bin/gcc"
assert new File(stage, "var/lib/dpkg/status").text.contains("Package: gcc\nStatus: install ok installed\n")
["var/log/dpkg.log", "var/log/alternatives.log", "var/cache/ldconfig/aux-cache", "var/lib/dpkg/status-old",
 ".imagesmith-debian", "usr/sbin/policy-rc.d"].each {
  assert !new File(stage, it).exists(): "${it} is left in the builder stage"
}
// Nothing of the run steps' mounts stayed in the stage.
assert !new File(stage, "dev/null").exists()

// image.json lists what ran, per step; the runtime's host-mode step lists what did not.
def image = checks.jsonFile("target/image/image.json")
def builder = image.stages.find { it.name == "builder" }
def debianStep = builder.steps.find { it.kind == "debian" }
assert debianStep.maintainerScriptsRun.any { it ==~ /gcc=\S+ \(postinst\)/ }: debianStep
assert debianStep.maintainerScriptsNotRun == []
def runtime = image.stages.find { it.name == "runtime" }
assert runtime.steps[0].maintainerScriptsNotRun.any { it.startsWith("libc6=") }
assert !runtime.steps[0].containsKey("maintainerScriptsRun")
assert new File(basedir, "target/image/report.html").text.contains("Maintainer scripts run")

// The program was built from /src/calc, the stage's path, not the stage directory's host path.
def rootfs = checks.unpack("target/image/oci:1", "bundle")
def strings = checks.sh(["strings", new File(rootfs, "install/bin/calc").path])
assert strings.contains("/src/calc/calc.c")
assert !strings.contains(basedir.path): "no host path in the binary"
def output = checks.runInImage(rootfs, ["/install/bin/calc"])
if (output != null) {
  assert output.trim() ==~ /calc: 6 \* 7 = 42 \(built from \/src\/calc\/calc\.c by gcc 12\.[0-9.]+; zlib 1\.2\.[0-9.]+ packs 49 bytes into \d+\)/
}

// I11: unshare and proot ran the same steps on the same stages: the same image.
assert new File(basedir, "target/proot/digest").text == new File(basedir, "target/image/digest").text
return true
