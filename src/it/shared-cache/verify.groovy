// runner-a compiled and pushed, runner-b restored the stage instead of compiling (the step ran once on
// the fleet) and built the same image; the entries are ordinary OCI artifacts that skopeo lists and reads.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def work = new File(basedir, "registry")
def address = new File(work, "address").text.trim()
def creds = "builder:it-fleet-cache-pass"
try {
  // Run 1 (runner-a.log) is the main branch's job, run 2 (build.log) any other job's.
  def log = new File(basedir, "runner-a.log").text + checks.log()
  assert new File(basedir, "runs").readLines() == ["compiled"]: "the compile step ran other than once:\n" + log
  assert log.contains("Shared cache ${address}/it/fleet-cache: stages and layers are read from it and pushed to it".toString())
  assert log.contains("Shared cache ${address}/it/fleet-cache: stages and layers are read from it, nothing is pushed".toString())
  assert log.readLines().count { it.contains("pushed to the shared cache ${address}/it/fleet-cache:stage-") } == 1: log
  assert log.readLines().count { it.contains("restored from the shared cache ${address}/it/fleet-cache:stage-") && it.contains("its steps did not run") } == 1: log
  assert log.contains("Layers: 0 compressed, 1 reused"): "runner-b's layer came from the shared cache:\n" + log

  def a = new File(basedir, "runner-a/target/image/digest").text.trim()
  def b = new File(basedir, "runner-b/target/image/digest").text.trim()
  assert a == b: "runner-a built ${a}, runner-b ${b}"

  def tags = checks.json(checks.sh(["skopeo", "list-tags", "--tls-verify=false", "--creds", creds,
      "docker://${address}/it/fleet-cache".toString()])).Tags
  def stageTag = tags.find { it.startsWith("stage-") }
  assert stageTag != null && tags.any { it.startsWith("layer-") }: tags
  def entry = checks.json(checks.sh(["skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", creds,
      "docker://${address}/it/fleet-cache:${stageTag}".toString()]))
  assert entry.artifactType == "application/vnd.imagesmith.stage.v1"
  assert entry.annotations["dev.imagesmith.stage.name"] == "builder"

  // The CI files the site shows run the same Maven command as these two runs, with the password in the
  // variable the POM's <passwordEnv> names.
  ["ci/github-actions.yml", "ci/gitlab-ci.yml"].each { name ->
    def ci = new File(basedir, name).text
    assert ci.contains("./mvnw -B package -Dimage.sharedCache.push="): name
    assert ci.contains("REG_PASSWORD:"): name
  }

  // Pruning as the site shows it: nothing is 30 days old; with 0 days every entry goes.
  def prune = new File(basedir, "ci/prune-shared-cache.sh").path
  def kept = checks.sh([prune, "${address}/it/fleet-cache".toString(), "30", "--tls-verify=false", "--creds", creds])
  assert kept.trim().isEmpty(): kept
  def pruned = checks.sh([prune, "${address}/it/fleet-cache".toString(), "0", "--tls-verify=false", "--creds", creds])
  assert pruned.readLines().size() == tags.size(): pruned
  def left = checks.json(checks.sh(["skopeo", "list-tags", "--tls-verify=false", "--creds", creds,
      "docker://${address}/it/fleet-cache".toString()])).Tags ?: []
  assert left.isEmpty(): left

  // The image runs: the restored stage holds the program runner-a compiled.
  def rootfs = checks.unpack("runner-b/target/image/oci:1", "bundle-b")
  assert new File(rootfs, "install/bin/hello").canExecute()
} finally {
  def pid = new File(work, "pid").text.trim() as long
  ProcessHandle.of(pid).ifPresent { it.destroy() }
}
return true
