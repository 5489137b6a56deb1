// A download whose bytes do not match the sha256 in the POM: expected and actual digests named.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly("payload.txt", "0000000000000000000000000000000000000000000000000000000000000000", "sha256")
return true
