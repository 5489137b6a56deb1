// The generated project builds its image with no edits: check it with skopeo and tar, and run it.
def project = new File(basedir, "project/hello-image")
def run = { List<String> command ->
  def process = new ProcessBuilder(command).directory(project).start()
  def out = new StringBuilder(), err = new StringBuilder()
  process.waitForProcessOutput(out, err)
  assert process.exitValue() == 0: "${command} failed: ${err}"
  out.toString()
}
def json = { String text -> new groovy.json.JsonSlurper().parseText(text) }
def digest = new File(project, "target/image/digest").text.trim()
assert digest ==~ /sha256:[a-f0-9]{64}/
def inspect = json(run(["skopeo", "inspect", "oci:target/image/oci:1.0.0-SNAPSHOT"]))
assert inspect.Digest == digest
def config = json(run(["skopeo", "inspect", "--config", "oci:target/image/oci:1.0.0-SNAPSHOT"]))
assert config.config.Entrypoint == ["java", "-cp", "/app/resources:/app/classes:/app/libs/*", "com.example.App"]
def listing = { int i -> run(["tar", "-tzf", "target/image/oci/blobs/sha256/" + inspect.Layers[i].replace("sha256:", "")]) }
assert listing(3).contains("install/bin/app")
assert !listing(3).contains("share/man"): "the man page is pruned"
assert listing(inspect.Layers.size() - 1).contains("app/classes/com/example/App.class"): "classes are the last layer"
assert new File(project, "target/image/report.html").isFile()

// Run it from the unpacked image, as a container runtime would (root only: unshare + chroot).
if (run(["id", "-u"]).trim() == "0") {
  def bundle = new File(project, "target/bundle")
  run(["umoci", "unpack", "--image", "target/image/oci:1.0.0-SNAPSHOT", bundle.path])
  def rootfs = new File(bundle, "rootfs").path
  def script = 'mkdir -p "$0/proc" && mount -t proc proc "$0/proc" && exec chroot "$0" "$@"'
  def process = new ProcessBuilder(["unshare", "--mount", "--fork", "sh", "-c", script, rootfs,
      "/opt/jre/bin/java", "-cp", "/app/resources:/app/classes:/app/libs/*", "com.example.App"]).start()
  def out = new StringBuilder(), err = new StringBuilder()
  process.waitForProcessOutput(out, err)
  if (process.exitValue() != 0 && err.toString().contains("unshare failed")) {
    println "SKIPPED running the image: the kernel refused a mount namespace: ${err}"
  } else {
    assert process.exitValue() == 0: "the image's program failed: ${err}"
    assert out.toString().contains("Hello from hello-image, a Java application")
  }
} else {
  println "SKIPPED running the image: unshare and chroot need root"
}
return true
