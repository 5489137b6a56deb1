// A <from> that names no directory.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly("'oci:'", "from")
return true
