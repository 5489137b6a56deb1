// Images made from scratch plus Debian packages: unpacked by umoci, read by dpkg-query, run with chroot.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()

// The lock beside the POM pins every package to a file.
def lock = new File(basedir, "image-debian.lock").text
assert lock =~ /(?m)^busybox \S+ amd64 [0-9a-f]{64} pool\/main\/b\/busybox\/busybox_\S+\.deb$/
assert lock =~ /(?m)^libc6 \S+ amd64 [0-9a-f]{64} pool\/\S+\.deb$/
assert lock.contains("[amd64 ") && lock.contains(" packages=busybox]") && lock.contains(" packages=libc6]")
assert !(lock =~ /(?m)^(dpkg|coreutils|bash) /): "Essential packages are not pulled in"

// libc6 has maintainer scripts: the build says they were not run and names the package.
assert log =~ /maintainer scripts and triggers were NOT run .*libc6=\S+ \(/

// image.json records them on the debian step, for users and scanners: libc6's preinst, postinst
// and ldconfig trigger (postrm is not listed: dpkg would not run it on installation either).
def libc6Version = (lock =~ /(?m)^libc6 (\S+) amd64 /)[0][1]
def stepsOf = { String dir ->
  def json = new groovy.json.JsonSlurper().parse(new File(basedir, dir + "/image.json"))
  json.stages.collectEntries { [(it.name): it.steps] }
}
def steps = stepsOf("target/image")
def notRun = steps.runtime.find { it.kind == "debian" }.maintainerScriptsNotRun
assert notRun.contains("libc6=" + libc6Version + " (preinst, postinst, triggers)"): notRun
def names = notRun.collect { it.substring(0, it.indexOf("=")) }
assert names == names.toSorted(): "sorted by package name"
assert !notRun.any { it.startsWith("gcc-12-base=") }: "a package without scripts is not listed"
assert steps.builder.every { !it.containsKey("maintainerScriptsNotRun") }: "other steps unchanged"
assert new File(basedir, "target/image/report.html").text.contains("<code>libc6=" + libc6Version + " (")
// The offline rebuild ran the step again (no stage cache) and recorded the same list.
assert stepsOf("target/offline").runtime.find { it.kind == "debian" }.maintainerScriptsNotRun == notRun

// busybox alone runs from its image; the checks found its entrypoint, and the shell script it ships
// for initramfs (no /bin/sh in this image) is let pass by the pattern, as the report says.
def busyboxJson = checks.jsonFile("target/busybox/image.json")
assert busyboxJson.checks.entrypoint.passed == true
assert busyboxJson.checks.interpreters.passed == true
def busyboxReport = new File(basedir, "target/busybox/report.html").text
assert busyboxReport.contains("<code>/usr/share/initramfs-tools/hooks/zz-busybox</code>")
assert busyboxReport.contains("missing, ignored by &lt;ignoreMissingInterpreters&gt;")
def bb = checks.unpack("target/busybox/oci:1", "bundle-busybox")
assert new File(bb, "bin/busybox").canExecute()
assert !new File(bb, "usr/share/doc").exists(): "docs pruned as for any stage"
// dpkg's own tool reads the database we wrote: what scanners see.
def admin = new File(bb, "var/lib/dpkg").path
def query = checks.sh(["dpkg-query", "--admindir=" + admin, "-W", "-f", '${Package} ${Status}\n'])
assert query.readLines().contains("busybox install ok installed")
assert query.readLines().contains("libc6 install ok installed")
assert checks.sh(["dpkg-query", "--admindir=" + admin, "-L", "busybox"]).readLines().contains("/bin/busybox")
// The SBOM lists exactly what dpkg says the image holds, by purl, with the SHA-256 the lock pinned.
def installed = checks.sh(["dpkg-query", "--admindir=" + admin, "-W", "-f", '${Package} ${Version} ${Architecture} ${Status}\n'])
    .readLines().findAll { it.endsWith(" installed") }.collect { it.split(" ")[0..2] }
def sbomOf = { String dir -> checks.jsonFile(dir + "/sbom.cdx.json") }
def debs = { sbom -> sbom.components.findAll { it.purl?.startsWith("pkg:deb/") } }
def busyboxDebs = debs(sbomOf("target/busybox"))
assert busyboxDebs.collect { [it.name, it.version] }.toSet() == installed.collect { [it[0], it[1]] }.toSet()
busyboxDebs.each { deb ->
  def fields = installed.find { it[0] == deb.name }
  // pkg:deb/debian/NAME@VERSION?arch=ARCH, percent-encoded as purl-spec says (1:2+b1 is 1%3A2%2Bb1).
  def decode = { String s -> s.replaceAll(/%([0-9A-Fa-f]{2})/) { all, hex -> (char) Integer.parseInt(hex, 16) } }
  def parts = (deb.purl =~ /^pkg:deb\/debian\/([^@]+)@([^?]+)\?arch=(\S+)$/)
  assert parts.matches(): deb.purl
  assert [decode(parts.group(1)), decode(parts.group(2)), parts.group(3)] == fields
  def pinned = (lock =~ /(?m)^${java.util.regex.Pattern.quote(deb.name)} \S+ \S+ ([0-9a-f]{64}) /)
  assert pinned.find(): "${deb.name} is not in the lock"
  assert deb.hashes == [[alg: "SHA-256", content: pinned.group(1)]]
}
def echoed = checks.runInImage(bb, ["/bin/busybox", "echo", "hello from busybox"])
if (echoed != null) {
  assert echoed.trim() == "hello from busybox"
}

// The C program of the builder stage runs on the libc6 base.
def rootfs = checks.unpack("target/image/oci:1", "bundle")
assert new File(rootfs, "lib64/ld-linux-x86-64.so.2").exists() || java.nio.file.Files.isSymbolicLink(new File(rootfs, "lib64/ld-linux-x86-64.so.2").toPath())
def greeting = checks.runInImage(rootfs, ["/install/bin/hello"])
if (greeting != null) {
  assert greeting.trim() == "Hello from an Imagesmith builder stage!"
}

// The hello image's SBOM: the runtime stage's packages (libc6 among them) and the builder's program,
// a file of the builder stage with the hash of what the image holds; the same bytes offline.
def helloSbom = sbomOf("target/image")
assert debs(helloSbom).any { it.name == "libc6" && it.version == libc6Version }
def hello = helloSbom.components.find { it.name == "/install/bin/hello" }
assert hello.hashes[0].content == checks.sha256(new File(rootfs, "install/bin/hello"))
assert hello.properties.find { it.name == "imagesmith:stage" }.value == "builder"
assert new File(basedir, "target/offline/sbom.cdx.json").text == new File(basedir, "target/image/sbom.cdx.json").text
// The layout with the SBOM beside the image still reads as one image: umoci lists only its tag.
assert checks.sh(["umoci", "ls", "--layout", "target/image/oci"]).readLines().collect { it.trim() } == ["1"]
assert checks.jsonFile("target/image/oci/index.json").manifests.count { it.artifactType } >= 1

// The second build ran offline from the lock and the cache, and made the same image.
assert log.contains("packages from " + new File(basedir, "image-debian.lock").canonicalPath) ||
    log.contains("packages from " + new File(basedir, "image-debian.lock").path)
assert new File(basedir, "target/offline/digest").text == new File(basedir, "target/image/digest").text
return true
