// Both images are in the registry under both tags with exactly the digests the builds wrote; app-b's base
// layer was mounted from it/app-a, and a second look at the files goes through skopeo and umoci.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def work = new File(basedir, "registry")
def address = new File(work, "address").text.trim()
try {
  def log = checks.log()
  def digests = [:]
  ["app-a", "app-b"].each { module ->
    def digest = new File(basedir, "${module}/target/image/digest").text.trim()
    digests[module] = digest
    ["1", "latest"].each { tag ->
      def inspected = checks.sh(["skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
          "docker://${address}/it/${module}:${tag}".toString()]).trim()
      assert inspected == digest: "${module}:${tag} is ${inspected} in the registry, ${digest} in target/image/digest"
    }
    // The SBOM and provenance went with the image: this registry serves no referrers API, so they are
    // listed under the OCI distribution spec's fallback tag sha256-<hex>; each is our exact manifest.
    def listed = checks.json(checks.sh(["skopeo", "inspect", "--raw", "--tls-verify=false",
        "docker://${address}/it/${module}:sha256-${digest.substring(7)}".toString()]))
    def types = listed.manifests.collect { it.artifactType }
    assert types.contains("application/vnd.cyclonedx+json"): listed
    listed.manifests.each { entry ->
      def raw = checks.sh(["skopeo", "inspect", "--raw", "--tls-verify=false",
          "docker://${address}/it/${module}@${entry.digest}".toString()])
      def stored = new File(basedir, "${module}/target/image/oci/blobs/sha256/" + entry.digest.substring(7)).text
      assert raw.trim() == stored.trim(): "the registry serves our manifest (skopeo ends its output with a newline)"
      assert checks.json(raw).subject.digest == digest
    }
    def pushed = checks.jsonFile("${module}/target/image/pushed.json")
    assert pushed.digest == digest
    assert pushed.references.contains("${address}/it/${module}:1".toString())
  }
  assert digests["app-a"] != digests["app-b"]

  // app-b is FROM app-a: the base layer was mounted across repositories, not uploaded again.
  def access = new File(work, "access.log").readLines()
  assert access.any { it.contains("POST /v2/it/app-b/blobs/uploads/?mount=sha256:") && it.contains("from=it%2Fapp-a") && it.contains("\" 201 ") }:
      access.findAll { it.contains("app-b") }.join("\n")
  assert log.contains("Base ${address}/it/app-a:1".toString())

  checks.sh(["skopeo", "copy", "--src-tls-verify=false", "docker://${address}/it/app-b:1".toString(), "oci:pulled:b"])
  def rootfs = checks.unpack("pulled:b", "bundle-b")
  assert new File(rootfs, "payload/app-a/app-a.txt").text == "hello from app-a\n"
  assert new File(rootfs, "payload/app-b/app-b.txt").text == "hello from app-b\n"
} finally {
  def pid = new File(work, "pid").text.trim() as long
  ProcessHandle.of(pid).ifPresent { it.destroy() }
}
return true
