// Shared assertions for the invoker ITs: run tools nobody here wrote (skopeo, umoci, tar, chroot) on what
// the plugin produced. Each verify.groovy does `def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)`.
import groovy.json.JsonSlurper

class Checks {
  final File basedir
  final File buildLog

  Checks(File basedir) {
    this.basedir = basedir
    this.buildLog = new File(basedir, "build.log")
  }

  /** Runs a command, fails the IT on a non-zero exit, returns stdout. */
  String sh(List<String> command, File dir = basedir) {
    def result = run(command, dir)
    assert result.code == 0: "${command.join(' ')} exited with ${result.code}:\n${result.out}\n${result.err}"
    return result.out
  }

  Map run(List<String> command, File dir = basedir) {
    def process = new ProcessBuilder(command).directory(dir).start()
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err) // waits for both readers, not only the process
    int code = process.exitValue()
    return [code: code, out: out.toString(), err: err.toString()]
  }

  Object json(String text) {
    return new JsonSlurper().parseText(text)
  }

  Object jsonFile(String path) {
    return new JsonSlurper().parse(new File(basedir, path))
  }

  boolean isRoot() {
    return run(["id", "-u"]).out.trim() == "0"
  }

  String log() {
    return buildLog.text
  }

  /** Unpacks an OCI layout image with umoci into a fresh bundle directory and returns its rootfs. */
  File unpack(String layoutAndTag, String bundleName) {
    def bundle = new File(basedir, "target/${bundleName}")
    bundle.deleteDir()
    def command = ["umoci", "unpack"]
    if (!isRoot()) {
      command << "--rootless"
    }
    command += ["--image", layoutAndTag, bundle.path]
    sh(command)
    return new File(bundle, "rootfs")
  }

  /** The stat(1) line "type mode uid gid" of a path, not following links. */
  String stat(File file) {
    return sh(["stat", "-c", "%F %a %u %g", file.path]).trim()
  }

  /**
   * Runs a program inside an unpacked root filesystem the way a container runtime would: a private
   * mount namespace with /proc mounted (the loader resolves $ORIGIN through /proc/self/exe), then
   * chroot. Needs root; returns null (and says why) where the kernel refuses.
   */
  String runInImage(File rootfs, List<String> command) {
    def result = execInImage(rootfs, command, null)
    return result == null ? null : result.out
  }

  /**
   * Like runInImage, with only the given environment (as a runtime passes the image's Env and each -e),
   * and returning [code, out, err] (code 0 asserted), or null where the run was skipped.
   */
  Map execInImage(File rootfs, List<String> command, Map<String, String> environment) {
    def process = startInImage(rootfs, command, environment)
    if (process == null) {
      return null
    }
    def out = new StringBuilder()
    def err = new StringBuilder()
    process.waitForProcessOutput(out, err)
    def result = [code: process.exitValue(), out: out.toString(), err: err.toString()]
    if (result.code != 0 && result.err.contains("unshare failed")) {
      println "SKIPPED running ${command} in the image: the kernel refused a mount namespace: ${result.err}"
      return null
    }
    assert result.code == 0: "${command} in the image exited with ${result.code}:\n${result.out}\n${result.err}"
    return result
  }

  /**
   * Starts a program inside an unpacked root filesystem (see runInImage) and returns the running process,
   * or null (saying why) when this build is not root. environment null keeps the build's own; otherwise it is
   * the program's whole environment (PATH defaults to Docker's, which also finds the host's unshare and chroot).
   */
  Process startInImage(File rootfs, List<String> command, Map<String, String> environment) {
    if (!isRoot()) {
      println "SKIPPED running ${command} in the image: chroot needs root and this build is not root"
      return null
    }
    def script = 'mkdir -p "$0/proc" && mount -t proc proc "$0/proc" && exec chroot "$0" "$@"'
    def builder = new ProcessBuilder(["unshare", "--mount", "--fork", "sh", "-c", script, rootfs.path] + command)
        .directory(basedir)
    if (environment != null) {
      builder.environment().clear()
      builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
      builder.environment().putAll(environment)
    }
    return builder.start()
  }

  /** The hex SHA-256 of a file's bytes. */
  String sha256(File file) {
    def digest = java.security.MessageDigest.getInstance("SHA-256")
    file.withInputStream { input ->
      byte[] buffer = new byte[65536]
      int n
      while ((n = input.read(buffer)) > 0) {
        digest.update(buffer, 0, n)
      }
    }
    return digest.digest().encodeHex().toString()
  }

  /** A failed build: one clear message with every fragment, no stack trace, no output left behind. */
  void assertFailedCleanly(String... fragments) {
    def text = log()
    fragments.each { assert text.contains(it): "build.log lacks '${it}'" }
    assert !(text =~ /(?m)^\s+at dev\.imagesmith\./): "build.log shows a stack trace of ours"
    assert !text.contains("Exception in thread")
    ["digest", "image.tar", "image.json", "oci/index.json", "sbom.cdx.json", "provenance.json"].each {
      assert !new File(basedir, "target/image/${it}").exists(): "target/image/${it} was left behind"
    }
  }
}

return { File basedir -> new Checks(basedir) }
