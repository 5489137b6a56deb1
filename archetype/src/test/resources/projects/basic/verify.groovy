// The generated project builds its image with no edits: check the outputs with skopeo and the tar.
def project = new File(basedir, "project/hello-image")
def run = { List<String> command ->
  def process = new ProcessBuilder(command).directory(project).start()
  def out = new StringBuilder(), err = new StringBuilder()
  process.waitForProcessOutput(out, err)
  assert process.exitValue() == 0: "${command} failed: ${err}"
  out.toString()
}
def digest = new File(project, "target/image/digest").text.trim()
assert digest ==~ /sha256:[a-f0-9]{64}/
def inspect = new groovy.json.JsonSlurper().parseText(run(["skopeo", "inspect", "oci:target/image/oci:1.0.0-SNAPSHOT"]))
assert inspect.Digest == digest
assert inspect.Layers.size() == 3
def listing = run(["tar", "-tzf", "target/image/oci/blobs/sha256/" + inspect.Layers[2].replace("sha256:", "")])
assert listing.contains("install/bin/app")
assert !listing.contains("share/man"): "the man page is pruned"
return true
