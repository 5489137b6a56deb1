// Starts a real docker-registry on 127.0.0.1 and a free port for an IT, in <basedir>/registry (storage,
// config.yml, access.log, registry.log, pid, address), and returns its address. With a user and password the
// registry asks for them (htpasswd). The IT's verify.groovy stops it by the pid file; `timeout` ends it anyway
// if verify never runs. Deleting manifests is enabled (skopeo delete). Each prebuild.groovy does
// `def address = evaluate(new File(itLib, "registry.groovy"))(basedir)` (or `(basedir, "user", "password")`).
{ File basedir, String user = null, String password = null ->
  def registryBinary = new File("/usr/bin/docker-registry")
  assert registryBinary.canExecute(): "docker-registry is not installed (scripts/install-deps)"
  def port = new ServerSocket(0).withCloseable { it.localPort }
  def address = "127.0.0.1:${port}"
  def work = new File(basedir, "registry")
  new File(work, "storage").mkdirs()
  def auth = ""
  if (user != null) {
    assert new File("/usr/bin/htpasswd").canExecute(): "htpasswd is not installed (apache2-utils, scripts/install-deps)"
    def htpasswd = new ProcessBuilder("htpasswd", "-Bbc", new File(work, "htpasswd").path, user, password)
        .redirectErrorStream(true).start()
    assert htpasswd.waitFor() == 0: htpasswd.inputStream.text
    auth = """auth:
  htpasswd:
    realm: imagesmith-it
    path: ${new File(work, 'htpasswd').absolutePath}
"""
  }
  new File(work, "config.yml").text = """version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: ${new File(work, 'storage').absolutePath}
  delete:
    enabled: true
${auth}http:
  addr: ${address}
"""
  def process = new ProcessBuilder("timeout", "900", registryBinary.path, "serve", "config.yml")
      .directory(work)
      .redirectOutput(new File(work, "access.log"))
      .redirectError(new File(work, "registry.log"))
      .start()
  new File(work, "pid").text = process.pid().toString()
  new File(work, "address").text = address
  int ready = user == null ? 200 : 401 // /v2/ answers 401 to an anonymous client once auth is on
  def deadline = System.currentTimeMillis() + 30_000
  while (true) {
    try {
      def connection = new URL("http://${address}/v2/").openConnection()
      if (connection.responseCode == ready) break
    } catch (IOException notYet) {
    }
    assert process.alive && System.currentTimeMillis() < deadline: "docker-registry did not start: " + new File(work, "registry.log").text
    Thread.sleep(50)
  }
  return address
}
