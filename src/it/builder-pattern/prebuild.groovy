// Makes the vendor tarball that the extract step unpacks (GNU tar, gzip).
def vendor = new File(basedir, "vendor")
vendor.mkdirs()
def process = ["tar", "-czf", "vendor/lib.tar.gz", "-C", "vendor-src", "lib-1.0"].execute(null, basedir)
process.waitForProcessOutput(System.out, System.err)
assert process.exitValue() == 0
return true
