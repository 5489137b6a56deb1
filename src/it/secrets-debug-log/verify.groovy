// Run 1 (<password>${env.REG_PASSWORD}</password>) shows why <passwordEnv> exists: Maven's own -X dump
// prints the expanded password. Run 2 (<passwordEnv>) pushed with the same password, read by the plugin,
// and its whole debug log holds neither the password nor the basic-auth header made of it.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def work = new File(basedir, "registry")
def address = new File(work, "address").text.trim()
def secret = "it-secret-Qx81-do-not-print"
def basic = Base64.encoder.encodeToString("builder:${secret}".getBytes("UTF-8"))
try {
  def interpolated = new File(basedir, "interpolated.log").text
  assert interpolated.contains("[DEBUG]"): "run 1 was not a debug (-X) run"
  assert interpolated.contains(secret): "Maven's -X dump no longer prints an expanded <password>; the warning on registries.md may be relaxed"

  def log = checks.log()
  assert log.contains("[DEBUG]"): "run 2 was not a debug (-X) run"
  assert log.contains("passwordEnv = REG_PASSWORD"): "Maven's -X dump did not show the configured <passwordEnv>"
  assert log.contains("Registry ${address}: using credentials of 'builder' from the POM's <auth>".toString())
  assert !log.contains(secret): "the password is in the debug log of the <passwordEnv> run:\n" + log.readLines().findAll { it.contains(secret) }.join("\n")
  assert !log.contains(basic): "the basic-auth header is in the debug log of the <passwordEnv> run"

  def digest = new File(basedir, "target/image/digest").text.trim()
  def inspected = checks.sh(["skopeo", "inspect", "--tls-verify=false", "--creds", "builder:${secret}".toString(),
      "--format", "{{.Digest}}", "docker://${address}/it/secrets:1".toString()]).trim()
  assert inspected == digest: "it/secrets:1 is ${inspected} in the registry, ${digest} in target/image/digest"
} finally {
  def pid = new File(work, "pid").text.trim() as long
  ProcessHandle.of(pid).ifPresent { it.destroy() }
}
return true
