// Same inputs, same digest (security-cases.md O5): two clean builds (another time zone and locale
// the second time).
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def first = new File(basedir, "build1/digest").text.trim()
def second = new File(basedir, "build2/digest").text.trim()
assert first ==~ /sha256:[a-f0-9]{64}/
assert first == second: "two clean builds gave ${first} and ${second}"
checks.sh(["cmp", "build1/image.tar", "build2/image.tar"])
checks.sh(["diff", "-r", "build1/oci", "build2/oci"])
checks.sh(["cmp", "build1/report.html", "build2/report.html"])
checks.sh(["cmp", "build1/image.json", "build2/image.json"])
// The SBOM and the provenance are reproducible too.
checks.sh(["cmp", "build1/sbom.cdx.json", "build2/sbom.cdx.json"])
checks.sh(["cmp", "build1/provenance.json", "build2/provenance.json"])
// image:verify built the first image again from scratch and found the same digest.
assert checks.log().contains("Reproducible: the rebuild gave the same image " + first)
return true
