// An archive whose entry climbs out of its target (zip slip). GNU tar keeps "../" with -P.
new File(basedir, "evil").text = "escaped!\n"
def process = ["tar", "-P", "--transform", "s,^,../../,", "-czf", "evil.tar.gz", "evil"].execute(null, basedir)
process.waitForProcessOutput(System.out, System.err)
assert process.exitValue() == 0
new File(basedir, "evil").delete()
return true
