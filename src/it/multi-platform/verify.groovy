// The index and both platforms: read by skopeo, unpacked by umoci, each busybox of its platform's ELF
// machine, each download its platform's file; verified by image:verify; in the registry by digest.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def work = new File(basedir, "registry")
def address = new File(work, "address").text.trim()
try {
  def log = checks.log()
  def digest = new File(basedir, "target/image/digest").text.trim()
  def index = checks.json(checks.sh(["skopeo", "inspect", "--raw", "oci:target/image/oci:1"]))
  assert index.mediaType == "application/vnd.oci.image.index.v1+json"
  assert index.manifests.collect { it.platform.architecture } == ["amd64", "arm64"]
  assert "sha256:" + checks.sha256(new File(basedir, "target/image/oci/blobs/sha256/" + digest.substring(7))) == digest
  assert !new File(basedir, "target/image/image.tar").exists(): "a docker-archive holds one platform"

  def machines = [amd64: 62, arm64: 183] // ELF e_machine: x86-64, AArch64
  index.manifests.eachWithIndex { manifest, i ->
    def arch = manifest.platform.architecture
    def dir = "target/image/linux-" + arch
    assert new File(basedir, dir + "/digest").text.trim() == manifest.digest
    assert new File(basedir, dir + "/image.tar").isFile()
    def rootfs = checks.unpack(dir + "/oci:1", "bundle-" + arch)
    def head = new File(rootfs, "bin/busybox").bytes
    assert ((head[18] & 0xff) | ((head[19] & 0xff) << 8)) == machines[arch]: arch
    assert new File(rootfs, "opt/tool.txt").text == "tool for " + arch + "\n"
    // The SBOM of each platform names its own architecture's package.
    def sbom = checks.jsonFile(dir + "/sbom.cdx.json")
    assert sbom.components.any { it.purl?.startsWith("pkg:deb/debian/busybox-static@") && it.purl.contains("arch=" + arch) }: arch
  }
  // Both architectures are pinned in the lock.
  def lock = new File(basedir, "image-debian.lock").text
  assert lock =~ /(?m)^busybox-static \S+ amd64 / && lock =~ /(?m)^busybox-static \S+ arm64 /

  assert log.contains("Reproducible: the rebuild gave the same image " + digest)

  // Pushed: the index under the tag, each platform by its digest.
  def pushed = checks.json(checks.sh(["skopeo", "inspect", "--raw", "--tls-verify=false", "docker://${address}/it/multi-platform:1".toString()]))
  assert pushed == index
  index.manifests.each { manifest ->
    def inspected = checks.json(checks.sh(["skopeo", "inspect", "--tls-verify=false",
        "docker://${address}/it/multi-platform@${manifest.digest}".toString()]))
    assert inspected.Digest == manifest.digest
    assert inspected.Architecture == manifest.platform.architecture
  }
} finally {
  def pid = new File(work, "pid").text.trim() as long
  ProcessHandle.of(pid).ifPresent { it.destroy() }
}
return true
