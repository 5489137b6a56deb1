// image:report in a real `mvn site`: the site's page is the image's own report.html, listed in the menu.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)

// build.log holds both invocations; each starts with Maven's "Scanning for projects".
def runs = checks.log().split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).findAll { it.trim() }
assert runs.size() == 2: "expected two invocations in build.log, found ${runs.size()}"
def siteOnly = runs[0]
def packageSite = runs[1]

// 1. `mvn site` without a build: the report is left out and the site says why (ReportMojo's Javadoc).
assert siteOnly.contains("BUILD SUCCESS")
assert siteOnly =~ /(?m)^\[WARNING\] No image report at .*target\/image\/report\.html: the site leaves the page out\. Build the image in the same run: mvn package site$/
assert siteOnly =~ /(?m)^\[INFO\] Skipping dev\.imagesmith:image-maven-plugin:.*:report report$/
assert !siteOnly.contains("Container image"): "the first site listed a report it could not make"
assert !siteOnly.contains("Image report "): "the first site copied a report"

// 2. `mvn clean package site`: the page is report.html byte for byte.
assert packageSite.contains("BUILD SUCCESS")
assert !packageSite.contains("No image report at")
def page = new File(basedir, "target/site/image-report.html")
assert page.isFile(): "the site has no image-report.html"
assert page.bytes == new File(basedir, "target/image/report.html").bytes: "the page is not the build's report"
def html = page.getText("UTF-8")

// It describes this build's image: its digest and, in the layer table, its one layer's digest.
def digest = new File(basedir, "target/image/digest").text.trim()
assert digest ==~ /sha256:[a-f0-9]{64}/
assert html.contains("<dt>Digest</dt><dd><code>${digest}</code></dd>")
def image = checks.jsonFile("target/image/image.json")
assert image.digest == digest
assert image.layers.size() == 1
def layer = image.layers[0]
assert layer.source.stage == "files" && layer.source.path == "/app"
def layerTable = (html =~ /(?s)<h2>Layers<\/h2>.*?<tbody>(.*?)<\/tbody>/)[0][1]
def rows = layerTable.readLines().findAll { it.startsWith("<tr>") }
assert rows.size() == 1: "one layer row expected:\n${layerTable}"
assert rows[0].contains("stage files:/app")
assert rows[0].contains("<td class=\"digest\"><code>${layer.digest.substring(0, 'sha256:'.length() + 12)}</code></td>")

// The file named like markup shows as text, never as markup: no script element anywhere in the page.
assert !(html =~ /(?i)<script/): "raw <script in the site page"
assert html.contains("<code>/app/&lt;script&gt;alert(1)&lt;</code>")
assert html.contains("/app/hello.txt")

// The site lists the page: the menu of every page links to Project Reports (collapsed on index.html);
// that overview expands the menu and lists the report by its name and description.
def index = new File(basedir, "target/site/index.html").getText("UTF-8")
assert index =~ /<a href="project-reports\.html">(<span[^>]*><\/span>)?Project Reports<\/a>/
def overview = new File(basedir, "target/site/project-reports.html").getText("UTF-8")
assert overview.contains('<li><a href="image-report.html">Container image</a></li>'): "not in the menu"
assert overview =~ /<td><a href="image-report\.html">Container image<\/a><\/td>\s*<td>Where the image's bytes went/
assert packageSite =~ /(?m)^\[INFO\] Image report .*target\/site\/image-report\.html$/
return true
