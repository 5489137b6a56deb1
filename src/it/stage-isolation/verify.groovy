// A builder stage whose run steps ran inside it: the stage's gcc-12 compiled the program at the stage's
// paths, the image runs it, and proot gave the same image as unshare.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()

assert log =~ /inside the stage: unshare \(user, mount and PID namespaces; /: "the log names the mechanism"
assert log =~ /inside the stage: proot \(ptrace, no namespaces/
assert log.contains("gcc-12 -O2 -o calc /src/calc/calc.c")

// The program was built from /src/calc, the stage's path, not the stage directory's host path.
def rootfs = checks.unpack("target/image/oci:1", "bundle")
def strings = checks.sh(["strings", new File(rootfs, "install/bin/calc").path])
assert strings.contains("/src/calc/calc.c")
assert !strings.contains(basedir.path): "no host path in the binary"
def output = checks.runInImage(rootfs, ["/install/bin/calc"])
if (output != null) {
  assert output.trim().startsWith("calc: 6 * 7 = 42 (built from /src/calc/calc.c by gcc 12.")
}

// Nothing of the step's mounts stayed in the stage.
def stage = new File(basedir, "target/imagesmith-work/default/stages/builder")
assert stage.isDirectory()
assert !new File(stage, "etc/resolv.conf").exists()
assert !new File(stage, "etc/hosts").exists()
assert !new File(stage, "dev/null").exists()

// I11: unshare and proot ran the same commands on the same stage: the same image.
assert new File(basedir, "target/proot/digest").text == new File(basedir, "target/image/digest").text
return true
