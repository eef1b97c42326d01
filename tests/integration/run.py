#!/usr/bin/env python3
"""Integration tests: build the example and fixture sites with the real
binary and check what a reader and an author would notice.

Run by tests/run; SIGNPOST names the binary (default ./signpost).
Ends with the line "N passed, N failed"."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIGNPOST = os.environ.get("SIGNPOST", str(ROOT / "signpost"))
CASES = Path(__file__).resolve().parent / "cases"
TMP = Path(tempfile.mkdtemp(prefix="signpost-it-"))
ENV = dict(os.environ, SIGNPOST_HOME=str(ROOT), SIGNPOST_TODAY="2026-11-27",
           NO_COLOR="1")
tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args, cwd=None):
    p = subprocess.run([SIGNPOST, *args], cwd=cwd, env=ENV,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def build(src, out, *extra):
    return run("build", "--source", str(src), "--output", str(out), *extra)


def tree_hash(d):
    """Every output file's hash, except the build cache (it holds the
    inputs' paths and times, so two equal outputs differ there)."""
    h = {}
    for p in sorted(Path(d).rglob("*")):
        if p.is_file() and p.name != ".signpost-cache":
            h[str(p.relative_to(d))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return h


class Links(HTMLParser):
    """Collects every URL attribute and id of a page."""
    ATTRS = {"href", "src", "action", "poster", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls, self.ids, self.tags = [], set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)
            if k in self.ATTRS and v is not None:
                self.urls.append((tag, k, v))
            if k == "srcset" and v:
                for part in v.split(","):
                    self.urls.append((tag, k, part.strip().split(" ")[0]))


def parse(path):
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def check_links(out):
    """Every internal link names an existing file (and fragment), relative,
    never a folder; no resource loads from another host."""
    problems = []
    pages = {p: parse(p) for p in Path(out).rglob("*.html")}
    # With a base URL, 404.html links by absolute addresses under it.
    robots = Path(out) / "robots.txt"
    m = re.search(r"^Sitemap: (\S+/)sitemap\.xml$", robots.read_text(), re.M) \
        if robots.is_file() else None
    base = m.group(1) if m else None
    for page, parsed in pages.items():
        for tag, attr, url in parsed.urls:
            if re.match(r"^(mailto|tel|sms):", url):
                continue
            if base and url.startswith(base) and page.name == "404.html":
                rel = url[len(base):]
                path = rel.partition("#")[0].split("?")[0]
                if not path or not (Path(out) / path).is_file():
                    problems.append(f"{page}: broken link {url}")
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
                if tag in ("script", "img", "iframe", "video", "audio", "source") or \
                        (tag == "link" and attr == "href" and url.startswith("http")
                         and "stylesheet" in str(dict(parsed.tags).get("link", ""))):
                    problems.append(f"{page}: {tag} loads {url} from another host")
                continue
            if url.startswith("/"):
                problems.append(f"{page}: root-absolute link {url}")
                continue
            path, _, frag = url.partition("#")
            path = path.split("?")[0]
            target = (page.parent / path).resolve() if path else page
            if path and (path.endswith("/") or target.is_dir()):
                problems.append(f"{page}: link to a folder {url}")
            elif not target.is_file():
                problems.append(f"{page}: broken link {url}")
            elif frag and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if frag not in ids:
                    problems.append(f"{page}: no id '{frag}' in {path or 'itself'}")
    return problems


def copy_site(src, name):
    dst = TMP / name
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("public"))
    return dst


# ---------------------------------------------------------------- tests

@test
def example_site_builds():
    out = TMP / "example"
    rc, so, se = build(ROOT, out)
    assert rc == 0, se
    assert "wrote" in so and "pages" in so, so
    for p in ["index.html", "articles/index.html", "about.html",
              "get-help.html", "search.html", "404.html", "tags/index.html",
              ".signpost-output", "robots.txt", "sw.js",
              "manifest.webmanifest"]:
        assert (out / p).is_file(), p
    assert list(out.glob("assets/style.*.css")), "no hashed stylesheet"
    for md in (ROOT / "content/articles").glob("*.md"):
        assert (out / "articles" / (md.stem + ".html")).is_file(), md


@test
def example_site_links_resolve():
    out = TMP / "example-links"
    rc, _, se = build(ROOT, out)
    assert rc == 0, se
    problems = check_links(out)
    assert not problems, "\n".join(problems[:20])


@test
def example_crisis_placeholders_warn():
    rc, _, se = build(ROOT, TMP / "example-warn")
    assert rc == 0
    assert "warning: crisis line 'Riverside Listening Line' uses a number reserved for fiction" in se, se


@test
def every_page_shows_help_lines():
    out = TMP / "help"
    rc, _, se = build(ROOT, out)
    assert rc == 0, se
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert 'class="help-bar"' in text, page
        assert 'href="tel:+448081570421"' in text, page


@test
def titles_are_escaped():
    out = TMP / "basic"
    rc, _, se = build(ROOT / "tests/sites/basic", out)
    assert rc == 0, se
    html = (out / "articles/first.html").read_text()
    assert "<title>The &lt;first&gt; &amp; &quot;only&quot; article&#39;s title" in html
    assert "<h1>The &lt;first&gt; &amp; &quot;only&quot; article&#39;s title</h1>" in html
    assert "<first>" not in html and "Test <Site>" not in html


@test
def basic_links_resolve_and_fragments():
    out = TMP / "basic-links"
    rc, _, se = build(ROOT / "tests/sites/basic", out)
    assert rc == 0, se
    html = (out / "articles/first.html").read_text()
    assert 'href="../about.html#who-we-are"' in html
    assert 'href="second.html"' in html
    assert not check_links(out), check_links(out)


@test
def help_box_on_pages_about_self_harm():
    out = TMP / "basic-help"
    build(ROOT / "tests/sites/basic", out)
    assert 'class="help-box"' in (out / "articles/second.html").read_text()
    assert 'class="help-box"' not in (out / "articles/first.html").read_text()


@test
def output_is_reproducible():
    a, b = TMP / "repro-a", TMP / "repro-b"
    assert build(ROOT, a)[0] == 0
    assert build(ROOT, b)[0] == 0
    assert tree_hash(a) == tree_hash(b)


@test
def failed_build_leaves_output_untouched():
    site = copy_site(ROOT / "tests/sites/basic", "fail-site")
    out = TMP / "fail-out"
    assert build(site, out)[0] == 0
    before = tree_hash(out)
    md = site / "content/articles/first.md"
    md.write_text(md.read_text().replace("date: 2026-02-01", "date: 2026-02-30"))
    rc, _, se = build(site, out)
    assert rc == 1, (rc, se)
    assert "the output was not changed" in se
    assert tree_hash(out) == before
    leftovers = [p.name for p in TMP.iterdir() if "signpost-new" in p.name or "signpost-old" in p.name]
    assert not leftovers, leftovers


@test
def rebuild_replaces_output():
    site = copy_site(ROOT / "tests/sites/basic", "rebuild-site")
    out = TMP / "rebuild-out"
    assert build(site, out)[0] == 0
    (site / "content/articles/second.md").unlink()
    md = site / "content/articles/first.md"
    md.write_text(md.read_text().replace("[second](second.md)", "second"))
    assert build(site, out)[0] == 0
    assert not (out / "articles/second.html").exists()


@test
def incremental_fragment_into_a_page_written_alongside():
    # An edited page links to a fragment of a page that is linked, not
    # written, in the same build; pages are written in parallel, so the
    # check of the first once read the second's ids before it was there.
    for i in range(25):
        site = copy_site(ROOT / "tests/sites/basic", f"frag-race-{i}")
        out = TMP / f"frag-race-{i}-out"
        assert build(site, out)[0] == 0
        (site / "content/articles/second.md").unlink()
        md = site / "content/articles/first.md"
        md.write_text(md.read_text().replace("[second](second.md)", "second"))
        rc, _, se = build(site, out)
        assert rc == 0, se


@test
def exit_codes():
    assert run("--version")[0] == 0
    rc, so, _ = run("--help")
    assert rc == 0 and "usage: signpost build" in so
    assert run("build", "--help")[0] == 0
    assert run("build", "--no-such-option")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run()[0] == 2
    rc, _, se = build(TMP / "does-not-exist", TMP / "x")
    assert rc != 0 and "error" in se


@test
def refuses_dangerous_outputs():
    site = copy_site(ROOT / "tests/sites/basic", "refuse-site")
    rc, _, se = build(site, site)
    assert rc == 2 and "is the source folder" in se, se
    rc, _, se = build(site, site.parent)
    assert rc == 2 and "contains the source folder" in se, se
    rc, _, se = build(site, "/")
    assert rc == 2, se
    foreign = TMP / "foreign"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    rc, _, se = build(site, foreign)
    assert rc == 2 and "did not create" in se, se
    assert (foreign / "precious.txt").read_text() == "keep me"
    rc, _, se = build(site, foreign, "--force")
    assert rc == 0, se
    assert (TMP / "foreign.before-signpost/precious.txt").read_text() == "keep me"
    assert (foreign / "index.html").is_file()


@test
def no_request_leaves_the_site():
    out = TMP / "privacy"
    assert build(ROOT, out)[0] == 0
    for page in out.rglob("*.html"):
        for tag, attrs in parse(page).tags:
            for k in ("src",):
                v = attrs.get(k) or ""
                assert not re.match(r"^(https?:)?//", v), (page, tag, v)
            if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
                assert not re.match(r"^(https?:)?//", attrs.get("href", "")), page
        text = page.read_text()
        assert 'name="referrer" content="no-referrer"' in text


@test
def multilingual_lang_dir_and_translations():
    out = TMP / "multi"
    rc, _, se = build(ROOT / "tests/sites/multi", out)
    assert rc == 0, se
    en = (out / "articles/peer-support.html").read_text()
    pl = (out / "pl/articles/wsparcie-rowiesnicze.html").read_text()
    ar = (out / "ar/about.html").read_text()
    assert '<html lang="en" dir="ltr">' in en
    assert '<html lang="pl" dir="ltr">' in pl
    assert '<html lang="ar" dir="rtl">' in ar
    # Translations link both ways, with hreflang alternates.
    assert 'hreflang="pl" href="../pl/articles/wsparcie-rowiesnicze.html"' in en
    assert 'hreflang="en" href="../../articles/peer-support.html"' in pl
    # A page without a translation does not exist there (no fallback), and
    # the switcher leads to that language's home instead.
    assert not (out / "pl/articles/only-english.html").exists()
    only = (out / "articles/only-english.html").read_text()
    assert 'href="../pl/index.html" lang="pl"' in only
    assert 'hreflang="pl" href=' not in only.split("</head>")[0]
    # Dates in the language's own format; links between sources per language.
    assert "14 marca 2026" in pl
    assert 'href="../about.html"' in pl
    assert not check_links(out), check_links(out)[:5]


@test
def multilingual_listing_translations():
    out = TMP / "multi-svc"
    rc, _, se = build(ROOT / "tests/sites/multi", out)
    assert rc == 0, se
    en = (out / "services/peer-circle.html").read_text()
    pl = (out / "pl/services/peer-circle.html").read_text()
    # The translated texts replace the written ones; the facts are shared.
    assert "<h1>Peer Circle</h1>" in en and "Krąg Wsparcia" not in en
    assert "<h1>Krąg Wsparcia</h1>" in pl and "Peer Circle" not in pl
    assert "Spotykamy się we wtorki" in pl and "Nieczynne w dni świąteczne." in pl
    for page in (en, pl):
        assert 'href="tel:+442079460000"' in page
    # Words the generator computes come from the language's strings.
    assert "<th scope=\"row\">wtorek</th>" in pl and ">Nieczynne<" in pl
    assert "Telefon (Coordinator)" in pl and "Phone (Coordinator)" in en
    assert "<th scope=\"row\">Tuesday</th>" in en
    # A language without a translation shows the default text, and the
    # switcher links the listing's page in every language.
    ar = (out / "ar/services/peer-circle.html").read_text()
    assert "<h1>Peer Circle</h1>" in ar
    # A listing without languages does not show the page's switcher list.
    assert '<li lang="pl">Polski</li>' not in en.split("<article")[1]
    assert 'hreflang="pl" href="../pl/services/peer-circle.html"' in en
    assert 'hreflang="en" href="../../services/peer-circle.html"' in pl
    assert "Krąg Wsparcia" in (out / "pl/services/index.html").read_text()
    # A language with its own services/ folder has its own listings and
    # the default language's others.
    assert "茶聚" in (out / "zh/services/tea-room.html").read_text()
    assert (out / "zh/services/peer-circle.html").exists()
    assert not (out / "services/tea-room.html").exists()
    # The listing is read (and any problem reported) once.
    assert se.count("peer-circle.yml") == 0, se
    assert not check_links(out), check_links(out)[:5]


@test
def multilingual_missing_strings_warn():
    rc, _, se = build(ROOT / "tests/sites/multi", TMP / "multi-warn")
    assert rc == 0
    # Signpost ships Polish strings (templates/i18n/pl.yml) under the site's
    # own i18n/pl.yml, so no key is missing for 'pl'; the warning for a
    # missing key is tested by cases/i18n-missing-key (Welsh, not shipped).
    assert "is missing for 'pl'" not in se, se
    assert "warning: no interface strings for 'ar'" in se, se


@test
def publishing_files_are_deterministic():
    """Hashed asset names, sitemap, feed, robots.txt and the service
    worker; two builds write the same bytes (no build time anywhere)."""
    a, b = TMP / "pub-a", TMP / "pub-b"
    for o in (a, b):
        rc, _, se = build(ROOT, o)
        assert rc == 0, se
    assert tree_hash(a) == tree_hash(b)
    css = [p.name for p in a.glob("assets/style.*.css")]
    js = [p.name for p in a.glob("assets/js/site.*.js")]
    assert re.fullmatch(r"style\.[0-9a-f]{12}\.css", css[0]), css
    assert not (a / "assets/style.css").exists()
    home = (a / "index.html").read_text()
    assert f'href="assets/{css[0]}"' in home, home[:800]
    assert f'src="assets/js/{js[0]}"' in home
    assert "serviceWorker" in (a / "assets/js" / js[0]).read_text()
    robots = (a / "robots.txt").read_text()
    assert "Sitemap: https://" in robots and robots.strip().endswith("/sitemap.xml")
    sitemap = (a / "sitemap.xml").read_text()
    assert "<loc>https://" in sitemap and "404.html" not in sitemap
    feed = (a / "feed.xml").read_text()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in feed and "<entry>" in feed
    sw = (a / "sw.js").read_text()
    assert re.search(r"var VERSION = '[0-9a-f]{16}'", sw), sw[:200]
    assert '"index.html"' in sw and f'"assets/{css[0]}"' in sw
    assert '"sw.js"' not in sw and '"robots.txt"' not in sw
    offline_list_is_whole(a)
    # 404.html is served at any depth: with a base URL its links are absolute
    # (its assets stay relative: nothing loads by a full address).
    nf = (a / "404.html").read_text()
    assert f'href="assets/{css[0]}"' in nf
    assert 'href="https://opendoors.example.org/index.html"' in nf


@test
def sitemap_only_with_a_base_url():
    src = ROOT / "tests/sites/basic"
    rc, _, se = build(src, TMP / "nobase")
    assert rc == 0, se
    assert not (TMP / "nobase/sitemap.xml").exists()
    assert not (TMP / "nobase/feed.xml").exists()
    assert "Sitemap:" not in (TMP / "nobase/robots.txt").read_text()
    rc, _, se = build(src, TMP / "withbase", "--base-url",
                      "https://example.net/campaign")
    assert rc == 0, se
    sm = (TMP / "withbase/sitemap.xml").read_text()
    assert "<loc>https://example.net/campaign/index.html</loc>" in sm, sm
    assert "Sitemap: https://example.net/campaign/sitemap.xml" in \
        (TMP / "withbase/robots.txt").read_text()


@test
def check_example_is_clean():
    rc, so, se = run("check", "--source", str(ROOT))
    assert rc == 0, se
    findings = [l for l in se.splitlines() if re.search(r": (warning|error): .*\[", l)]
    assert not findings, "\n".join(findings)
    assert "checked" in se


@test
def check_reports_problems_at_their_lines():
    site = ROOT / "tests/sites/check"
    rc, so, se = run("check", "--source", str(site))
    assert rc == 0, se
    for want in [
        "content/articles/problems.md:2:8: warning: 'Suicide epidemic' can stigmatise; prefer 'rising rates of suicide' [language/suicide-reporting]",
        "content/articles/problems.md:5:23: warning: 'committed suicide' can stigmatise; prefer 'died by suicide' [language/suicide-reporting]",
        "content/articles/problems.md:7:8: warning: 'suffering from' can stigmatise; prefer 'living with' [language/pity-framing]",
        "content/articles/problems.md:7:48: warning: link text 'click here' does not say where the link goes [a11y/link-text]",
        "content/articles/problems.md:13:1: warning: heading level 4 follows level 1; do not skip levels [a11y/heading-order]",
        "content/articles/problems.md:15:1: warning: image alt text 'IMG_2041.jpg' is a file name; describe what it shows [a11y/image-alt]",
        "site.yml:3:1: warning: no crisis line is open 24/7",
    ]:
        assert want in se, f"missing: {want}\n{se}"
    # Quoted speech and literal meanings are not flagged.
    assert "psycho" not in se and "'mad'" not in se, se
    assert not (site / "public").exists(), "check wrote output"


@test
def check_applies_english_rules_to_english_only():
    # The term list and the grade formulas are English: Polish pages get
    # readability scores in the report but no grade warning.
    rep = TMP / "report-pl"
    rc, so, se = run("check", "--source", str(ROOT), "--report", str(rep))
    assert rc == 0, se
    assert "content/pl/articles/" in so, so
    assert "[readability/grade]" not in se, se


@test
def check_strict_json_and_report():
    site = ROOT / "tests/sites/check"
    assert run("check", "--source", str(site), "--strict")[0] == 1
    rc, so, se = run("check", "--source", str(site), "--format", "json")
    assert rc == 0, se
    import json
    items = json.loads(so)
    rules = {i["rule"] for i in items}
    assert "language/suicide-reporting" in rules and "a11y/link-text" in rules, rules
    assert all({"file", "line", "column", "severity", "message"} <= set(i) for i in items)
    rep = TMP / "report"
    rc, so, se = run("check", "--source", str(site), "--report", str(rep))
    assert rc == 0, se
    assert "content/articles/problems.md" in so and "grade" in so, so
    html = (rep / "index.html").read_text()
    assert "problems.md" in html and "<table" in html
    assert run("build", "--source", str(site), "--format", "json")[0] == 2


@test
def files_added_to_the_output_by_hand_are_never_deleted():
    site = copy_site(ROOT / "tests/sites/basic", "handmade")
    out = TMP / "handmade-out"
    assert build(site, out)[0] == 0
    (out / "notes.txt").write_text("mine")
    md = site / "content/articles/first.md"
    md.write_text(md.read_text() + "\nMore.\n")
    rc, _, se = build(site, out)
    assert rc == 2, se
    assert "holds 1 file that signpost did not create, such as 'notes.txt'" in se, se
    assert (out / "notes.txt").read_text() == "mine"
    rc, _, se = build(site, out, "--force")
    assert rc == 0, se
    assert (TMP / "handmade-out.before-signpost/notes.txt").read_text() == "mine"
    assert not (out / "notes.txt").exists()


@test
def install_runs_from_its_prefix():
    # make install into a prefix other than the one compiled in: the
    # installed program finds its templates beside itself.
    prefix = TMP / "prefix"
    p = subprocess.run(["make", "-s", "install", f"PREFIX={prefix}"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    site = TMP / "installed-site"
    env = {k: v for k, v in ENV.items() if k != "SIGNPOST_HOME"}
    p = subprocess.run([str(prefix / "bin/signpost"), "new", "site", str(site)],
                       env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([str(prefix / "bin/signpost"), "build", "--source", str(site)],
                       env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert (site / "public/index.html").is_file()
    assert (prefix / "share/man/man1/signpost.1").is_file()


@test
def new_never_replaces_a_file():
    """'signpost new' creates each file once: asked again for the same
    file, it leaves it as it is and says so."""
    site = TMP / "new-site"
    rc, so, se = run("new", "site", str(site))
    assert rc == 0, se
    rc, so, se = run("new", "article", "Hello there", "--source", str(site))
    assert rc == 0 and "hello-there.md" in so, (so, se)
    art = site / "content/articles/hello-there.md"
    art.write_text("mine")
    rc, so, se = run("new", "article", "Hello there", "--source", str(site))
    assert rc == 1, (rc, se)
    assert "already exists; it was left as it is" in se, se
    assert art.read_text() == "mine"


@test
def feeds_and_sitemap_carry_each_language():
    out = TMP / "feeds"
    rc, _, se = build(ROOT, out)
    assert rc == 0, se
    pl = (out / "pl/feed.xml").read_text()
    assert 'xml:lang="pl"' in pl and "Jak lokalne" in pl, pl[:400]
    assert "https://opendoors.example.org/pl/articles/" in pl
    en = (out / "feed.xml").read_text()
    assert "How local" in en
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://opendoors.example.org/pl/o-nas.html" in sitemap
    assert "https://opendoors.example.org/about.html" in sitemap
    head = (out / "pl/index.html").read_text().split("</head>")[0]
    assert 'type="application/atom+xml"' in head and 'href="feed.xml"' in head


@test
def symlinks_leading_out_are_not_followed():
    site = copy_site(ROOT / "tests/sites/basic", "symlinks")
    secret = TMP / "secret.txt"
    secret.write_text("---\ntitle: secret\ndate: 2026-01-01\n---\nTOP SECRET\n")
    (site / "content/articles/evil.md").symlink_to(secret)
    (site / "content/services").mkdir()
    (site / "content/services/evil.yml").symlink_to(secret)
    (site / "content/leak.txt").symlink_to(secret)
    (site / "content/articles/inside.md").symlink_to(site / "content/articles/second.md")
    out = TMP / "symlinks-out"
    rc, _, se = build(site, out)
    assert rc == 0, se
    assert "content/articles/evil.md: warning: skipped: a link to a file outside the site folder" in se, se
    assert "content/services/evil.yml: warning: skipped" in se, se
    assert not any("TOP SECRET" in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert (out / "articles/inside.html").is_file()  # a link inside the site is fine
    md = site / "content/articles/first.md"
    md.write_text(md.read_text() + "\n[leak](../leak.txt)\n")
    rc, _, se = build(site, out)
    assert rc == 1 and "link to '../leak.txt' names no file" in se, se


# ---------------------------------------------------------------- build cache

def edit(path, old, new):
    """Replace the first old in the file at path with new."""
    t = path.read_text()
    assert old in t, (path, old)
    path.write_text(t.replace(old, new, 1))


def offline_list_is_whole(out):
    """sw.js names every file a reader may open offline, and only those:
    every writer records its files with the output module."""
    sw = (Path(out) / "sw.js").read_text()
    listed = set(re.findall(r'^\t"([^"]+)",?$', sw, re.M))
    skip = {".signpost-output", ".signpost-cache", "sw.js", "sitemap.xml",
            "robots.txt"}
    files = {str(p.relative_to(out)) for p in Path(out).rglob("*")
             if p.is_file()}
    want = {f for f in files if f not in skip and not f.startswith("data/")
            and not f.endswith("feed.xml")}
    assert listed == want, (sorted(want - listed)[:5],
                            sorted(listed - want)[:5])


def aged_site(name, src=ROOT):
    """A copy of a site (site.yml and content) whose files are a minute
    old, so that the build cache trusts their times (a file changed in the
    same clock tick as the build is never trusted)."""
    dst = TMP / name
    dst.mkdir()
    shutil.copy(src / "site.yml", dst / "site.yml")
    shutil.copytree(src / "content", dst / "content")
    age(dst)
    return dst


def age(d, seconds=60):
    t = __import__("time").time() - seconds
    for p in [Path(d), *Path(d).rglob("*")]:
        os.utime(p, (t, t), follow_symlinks=False)


def full_build(site, name, *extra):
    """The tree hash and messages of a clean --full build into a fresh
    folder."""
    out = TMP / name
    shutil.rmtree(out, ignore_errors=True)
    rc, _, se = build(site, out, "--full", *extra)
    assert rc == 0, se
    return tree_hash(out), se


def full_hash(site, name, *extra):
    return full_build(site, name, *extra)[0]


def inodes(d):
    return {str(p.relative_to(d)): p.stat().st_ino
            for p in Path(d).rglob("*") if p.is_file()}


@test
def cache_nothing_changed_leaves_output_alone():
    site = aged_site("nc-site")
    out = TMP / "nc-out"
    rc, so1, se1 = build(site, out)
    assert rc == 0, se1
    assert (out / ".signpost-cache").is_file()
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns)
              for p in out.rglob("*")}
    rc, so2, se2 = build(site, out)
    assert rc == 0, se2
    assert f"signpost: nothing changed in {out}" in so2, so2
    assert "3 warnings" in so2, so2
    # The warnings come again, word for word, with the quoted lines.
    assert se2 == se1, (se1, se2)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns)
             for p in out.rglob("*")}
    assert before == after
    rc, so3, _ = build(site, out, "--quiet")
    assert rc == 0 and so3 == "", so3
    # An output file deleted or edited by hand is put right.
    (out / "about.html").unlink()
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so, (so, se)
    assert (out / "about.html").is_file()
    page = out / "articles/learning-early.html"
    page.write_text("changed by hand")
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so, (so, se)
    assert "changed by hand" not in page.read_text()
    # --full builds anyway, and writes the same site.
    rc, so4, _ = build(site, out, "--full")
    assert rc == 0 and "wrote" in so4, so4
    assert tree_hash(out) == full_hash(site, "nc-ref")


@test
def cache_touched_file_rebuilds_the_same():
    site = aged_site("touch-site")
    out = TMP / "touch-out"
    assert build(site, out)[0] == 0
    before = tree_hash(out)
    os.utime(site / "content/articles/learning-early.md")
    rc, so, se = build(site, out)
    assert rc == 0, se
    assert "wrote" in so and "nothing changed" not in so, so
    assert tree_hash(out) == before


@test
def cache_options_and_templates_count():
    site = aged_site("opt-site")
    out = TMP / "opt-out"
    assert build(site, out)[0] == 0
    for extra in (["--base-url", "https://example.org/x/"], ["--drafts"],
                  ["--no-page-check"]):
        rc, so, se = build(site, out, *extra)
        assert rc == 0 and "wrote" in so, (extra, so, se)
        assert tree_hash(out) == full_hash(site, "opt-ref", *extra), extra
    # A template of the site's own, added later, is used at once.
    assert build(site, out)[0] == 0
    (site / "templates").mkdir()
    (site / "templates/404.mustache").write_text(
        "{{<base}}{{$main}}<h1>Lost here</h1>{{/main}}{{/base}}\n")
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so, (so, se)
    assert "Lost here" in (out / "404.html").read_text()
    # Today's date is part of the key (listings go out of date).
    rc, so, _ = run("build", "--source", str(site), "--output", str(out))
    assert "nothing changed" in so or "wrote" in so
    env = dict(ENV, SIGNPOST_TODAY="2027-06-01")
    p = subprocess.run([SIGNPOST, "build", "--source", str(site),
                        "--output", str(out)], env=env,
                       capture_output=True, text=True, timeout=120)
    assert "wrote" in p.stdout, p.stdout


@test
def cache_removed_and_added_files():
    site = aged_site("ra-site")
    out = TMP / "ra-out"
    assert build(site, out)[0] == 0
    gone = site / "content/articles/learning-early.md"
    text = gone.read_text()
    gone.unlink()
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so, (so, se)
    assert not (out / "articles/learning-early.html").exists()
    assert tree_hash(out) == full_hash(site, "ra-ref")
    (site / "content/articles/learning-again.md").write_text(text)
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so, (so, se)
    assert (out / "articles/learning-again.html").is_file()
    assert tree_hash(out) == full_hash(site, "ra-ref")


@test
def cache_corrupt_or_foreign_means_full_build():
    site = aged_site("bad-site")
    out = TMP / "bad-out"
    assert build(site, out)[0] == 0
    good = tree_hash(out)
    cache = out / ".signpost-cache"
    data = cache.read_bytes()
    for bad in (b"", b"SPCACHE\n", data[:len(data) // 2],
                data[:40] + bytes([data[40] ^ 1]) + data[41:],
                b"\xff" * 4096, data + b"x"):
        cache.write_bytes(bad)
        rc, so, se = build(site, out)
        assert rc == 0 and "wrote" in so, (so, se)
        assert tree_hash(out) == good


@test
def cache_edits_match_a_full_build():
    """A series of edits; after each, the build into the old output (which
    links unchanged files from it) equals a clean build byte for byte."""
    site = aged_site("ed-site")
    out = TMP / "ed-out"
    assert build(site, out)[0] == 0
    arts = site / "content/articles"
    art = arts / "help-close-to-home.md"

    steps = [
        ("body", lambda: edit(art, "Most of us", "Nearly all of us")),
        ("title", lambda: edit(art, "title: Help close to home",
                               "title: Help near home")),
        ("tag", lambda: edit(art, "tags: [local support,",
                             "tags: [brand new tag, local support,")),
        ("delete", lambda: (arts / "learning-early.md").unlink()),
        ("add", lambda: (arts / "a-new-one.md").write_text(
            "---\ntitle: A new one\ndate: 2026-11-01\nsummary: New.\n"
            "tags: [resilience]\n---\nA short new article. Nobody should "
            "say that someone did commit suicide.\n")),
        ("listing", lambda: edit(site / "content/services/walk-and-talk.yml",
                                 "name: Walk and Talk Riverside",
                                 "name: Walk and Talk by the River")),
        ("page", lambda: edit(next((site / "content/pages").glob("*.md")),
                              "title:", "title: Edited")),
    ]
    for name, step in steps:
        before = inodes(out)
        step()
        rc, so, se = build(site, out)
        assert rc == 0 and "wrote" in so, (name, so, se)
        ref, ref_se = full_build(site, "ed-ref")
        assert tree_hash(out) == ref, name
        # The content check of unchanged documents is replayed: the
        # same messages in the same order.
        assert se == ref_se, (name, se, ref_se)
        if name in ("add", "listing", "page"):
            assert "[language/" in se, (name, se)
        after = inodes(out)
        kept = [p for p in after if before.get(p) == after[p]]
        # Unchanged pages are links to the previous output's files.
        assert len(kept) > len(after) // 3, (name, len(kept), len(after))
        # The open-data export is linked unless a listing changed.  Just
        # after the listing step either may happen: a listing written in
        # the clock tick its build started in is not trusted by the next
        # build, and whether it was depends on the machine's load.
        hsds = "data/hsds/services.json"
        if name == "listing":
            assert before[hsds] != after[hsds], name
        elif name != "page":
            assert before[hsds] == after[hsds], name


@test
def cache_more_edits_match_a_full_build():
    """The rebuild after each edit (body line appended, title, tags,
    summary, article deleted and added, a link and a picture, a page
    added to the menu and renamed, a listing changed and deleted,
    site.yml, a template and interface strings of the site's own) writes
    what a clean build writes, byte for byte, and prints the same
    messages."""
    site = aged_site("me-site")
    out = TMP / "me-out"
    assert build(site, out)[0] == 0
    arts = site / "content/articles"
    art = arts / "why-peer-support-works.md"
    pl = site / "content/pl/articles/why-peer-support-works.md"

    def append(path, text):
        path.write_text(path.read_text() + text)

    def site_template(name, old, new):
        (site / "templates" / name).parent.mkdir(parents=True,
                                                 exist_ok=True)
        t = (ROOT / "templates" / name).read_text()
        assert old in t, (name, old)
        (site / "templates" / name).write_text(t.replace(old, new, 1))

    steps = [
        ("append", lambda: append(art, "\nEdited once more.\n")),
        ("append-pl", lambda: append(pl, "\nJeszcze jedno zdanie.\n")),
        # A Polish tag page where an English one is: the English tag
        # page's language switcher now offers it.
        ("tags-pl", lambda: edit(pl, "tags: [", "tags: [resilience, ")),
        ("title", lambda: edit(art, "title: ", "title: Now ")),
        ("tags", lambda: edit(art, "tags: [", "tags: [another tag, ")),
        ("summary", lambda: edit(art, "summary: ", "summary: Newly, ")),
        ("date", lambda: edit(art, "date: 20", "date: 19")),
        ("link", lambda: append(arts / "learning-early.md",
            "\nSee [this](why-peer-support-works.md) and "
            "![Chairs](../images/circle-of-chairs.svg).\n")),
        ("delete", lambda: (arts / "learning-early.md").unlink()),
        ("add", lambda: (arts / "b-new-one.md").write_text(
            "---\ntitle: B new one\ndate: 2026-11-02\nsummary: New.\n"
            "tags: [resilience]\n---\nA short new article about "
            "[peers](why-peer-support-works.md).\n")),
        # The page that links to the article must show its new address,
        # though its own bytes did not change.
        ("slug", lambda: edit(art, "title: ", "slug: peers-renamed\ntitle: ")),
        # Pages in the menu change every page's navigation, the
        # listing pages too (which an article's edit leaves alone).
        ("menu-page", lambda: (site / "content/pages/volunteer.md")
            .write_text("---\ntitle: Volunteer\nmenu: 4\n---\nGive an "
                        "hour a week to the campaign.\n")),
        ("menu-title", lambda: edit(site / "content/pages/volunteer.md",
                                    "title: Volunteer",
                                    "title: Volunteer with us")),
        ("append-after-menu", lambda: append(art, "\nOnce again.\n")),
        ("listing", lambda: edit(site / "content/services/walk-and-talk.yml",
                                 "name: Walk and Talk Riverside",
                                 "name: Walk and Talk Upstream")),
        ("listing-warning", lambda: edit(
            site / "content/services/walk-and-talk.yml",
            "website: https://mindmatters.example.org\n",
            "website: http://mindmatters.example.org\n")),
        ("listing-delete", lambda: (
            site / "content/services/green-hands-allotment.yml").unlink()),
        ("site-title", lambda: edit(site / "site.yml",
                                    "title: Open Doors Riverside",
                                    "title: Open Doors Upstream")),
        ("template", lambda: site_template(
            "article.mustache", '<div class="prose">',
            '<div class="prose" data-edited="1">')),
        ("partial", lambda: site_template(
            "partials/tags.mustache", "{{", " {{")),
        ("strings", lambda: ((site / "i18n").mkdir(exist_ok=True),
                             (site / "i18n/en-GB.yml").write_text(
                                 "minutes_read: min to read\n"))),
        ("append-again", lambda: append(art, "\nAnd again.\n")),
    ]
    def age_edited():
        # Edited files are made older than the build about to run, but
        # not as old as the rest: the cache then trusts every file it
        # saw unchanged and takes its shortcuts for them.
        t = __import__("time").time()
        for p in [site, *site.rglob("*")]:
            if p.lstat().st_mtime > t - 30:
                os.utime(p, (t - 20, t - 20), follow_symlinks=False)

    for name, step in steps:
        step()
        age_edited()
        rc, so, se = build(site, out)
        assert rc == 0 and "wrote" in so, (name, so, se)
        ref, ref_se = full_build(site, "me-ref")
        assert tree_hash(out) == ref, name
        assert se == ref_se, (name, se, ref_se)
        offline_list_is_whole(out)
    # The listing's warning came again in every build after its edit.
    assert "uses http:, not https:" in se, se
    page = (out / "articles/peers-renamed.html").read_text()
    assert 'data-edited="1"' in page and "min to read" in page, page
    assert "And again." in page and "Open Doors Upstream" in page, page


def one_language(site):
    """Drop every language but the default from a site."""
    yml = site / "site.yml"
    out, skip = [], False
    for line in yml.read_text().splitlines(keepends=True):
        if line.startswith("languages:"):
            skip = True
            continue
        if skip and (line.startswith(" ") or line.startswith("\t")):
            continue
        skip = False
        out.append(line)
    yml.write_text("".join(out))
    shutil.rmtree(site / "content/pl")


@test
def cache_listing_stubs_match_a_full_build():
    """On a site of one language, a rebuild after an article's edit takes
    the listings from the last build's stubs (every source is counted as
    not checked again), and every rebuild writes and says what a clean
    build does: after a menu page (the listings' pages are made again),
    a listing's edit, a listing page the page check warns about (made
    again each time) and its removal."""
    site = aged_site("st-site")
    one_language(site)
    # A crisis line the help box shows from its listing (site.yml's own
    # lines are not shown twice), and the article that shows the box.
    line = site / "content/services/night-owls-line.yml"
    line.write_text((site / "content/services/riverside-listening-line.yml")
                    .read_text().replace("name: Riverside Listening Line",
                                         "name: Night Owls Line", 1))
    helped = site / "content/articles/learning-early.md"
    age(site)
    out = TMP / "st-out"
    assert build(site, out)[0] == 0
    arts = site / "content/articles"
    art = arts / "why-peer-support-works.md"
    walk = site / "content/services/walk-and-talk.yml"
    ndocs = len(list(arts.glob("*.md"))) + \
        len(list((site / "content/pages").glob("*.md")))
    nsvc = len(list((site / "content/services").glob("*.yml")))

    def append(path, text):
        path.write_text(path.read_text() + text)

    def age_edited():
        # Only what this step changed: a file aged by an earlier step
        # keeps its time, so that the cache sees it unchanged.
        t = __import__("time").time()
        for p in [site, *site.rglob("*")]:
            if p.lstat().st_mtime > t - 5:
                os.utime(p, (t - 20, t - 20), follow_symlinks=False)

    stubbed = "%d sources not checked again" % (ndocs - 1 + nsvc)
    steps = [
        ("append", lambda: append(art, "\nEdited once.\n"), stubbed),
        ("append-helped", lambda: append(helped, "\nEdited too.\n"),
            stubbed),
        ("append-again", lambda: append(art, "\nEdited twice.\n"), stubbed),
        ("menu-page", lambda: (site / "content/pages/volunteer.md")
            .write_text("---\ntitle: Volunteer\nmenu: 4\n---\nGive an "
                        "hour a week to the campaign.\n"), None),
        ("append-after-menu", lambda: append(art, "\nOnce more.\n"),
            "%d sources not checked again" % (ndocs + nsvc)),
        ("listing", lambda: edit(walk, "name: Walk and Talk Riverside",
                                 "name: Walk and Talk Upstream"), None),
        ("append-after-listing", lambda: append(art, "\nAgain.\n"), None),
        ("append-stubs-again", lambda: append(art, "\nAnd again.\n"),
            "%d sources not checked again" % (ndocs + nsvc)),
        ("warned-page", lambda: edit(walk, "description: |\n",
            "description: |\n  ![](https://example.org/walk.png)\n\n"),
            None),
        ("append-warned", lambda: append(art, "\nStill.\n"), None),
        ("append-warned-again", lambda: append(art, "\nStill more.\n"),
            "%d sources not checked again" % (ndocs + nsvc)),
        ("unwarned", lambda: edit(walk,
            "  ![](https://example.org/walk.png)\n\n", ""), None),
        # A listing's own warning, quoted with its line, is printed
        # again while its stub stands in.
        ("listing-warning", lambda: edit(walk,
            "website: https://mindmatters.example.org\n",
            "website: http://mindmatters.example.org\n"), None),
        ("append-warned-listing", lambda: append(helped, "\nWarned.\n"),
            None),
        ("append-warned-listing-again", lambda: append(helped,
            "\nWarned again.\n"),
            "%d sources not checked again" % (ndocs + nsvc)),
        ("listing-delete", lambda: (site / "content/services/"
                                    "green-hands-allotment.yml").unlink(),
            None),
        ("append-after-delete", lambda: append(helped, "\nOnce more.\n"),
            None),
        ("append-helped-again", lambda: append(helped, "\nAnd more.\n"),
            "%d sources not checked again" % (ndocs + nsvc - 1)),
    ]
    for name, step, says in steps:
        step()
        age_edited()
        rc, so, se = build(site, out)
        assert rc == 0 and "wrote" in so, (name, so, se)
        if says is not None:
            assert says in so, (name, says, so)
        ref, ref_se = full_build(site, "st-ref")
        assert tree_hash(out) == ref, name
        # The page check names the output folder it checks.
        se = se.replace(str(out), "OUT")
        ref_se = ref_se.replace(str(TMP / "st-ref"), "OUT")
        assert se == ref_se, (name, se, ref_se)
        offline_list_is_whole(out)
    assert "loads 'https://example.org/walk.png' from another host" \
        not in se, se
    assert "Night Owls Line" in (out / "articles/learning-early.html") \
        .read_text()
    assert "uses http:, not https:" in se, se


@test
def cache_link_to_a_deleted_article_is_an_error():
    """An unchanged article is not rendered again, but its links are
    followed again: one to an article deleted since is an error at its
    Markdown line, as in a clean build, and the output stays as it was."""
    site = aged_site("dl-site")
    out = TMP / "dl-out"
    assert build(site, out)[0] == 0
    before = tree_hash(out)
    (site / "content/articles/help-close-to-home.md").unlink()
    rc, _, se = build(site, out)
    ref = TMP / "dl-ref"
    rc_ref, _, se_ref = build(site, ref, "--full")
    assert rc == 1 and rc_ref == 1, (rc, rc_ref, se)
    assert error_lines(se) == error_lines(se_ref), (se, se_ref)
    assert re.search(r"^content/articles/[a-z-]+\.md:\d+:\d+: error: link "
                     r"to 'help-close-to-home\.md' names no article or page",
                     se, re.M), se
    assert tree_hash(out) == before


@test
def cache_files_added_in_output_folders_are_found():
    """The look for files Signpost did not write lists only the output's
    folders whose time changed since the last build: a file added deep in
    the output is still found, and the build refuses."""
    site = aged_site("deep-site")
    out = TMP / "deep-out"
    assert build(site, out)[0] == 0
    art = site / "content/articles/learning-early.md"
    art.write_text(art.read_text() + "\nMore.\n")
    age(site)
    assert build(site, out)[0] == 0
    for rel in ("data/hsds/mine.json", "articles/mine.txt"):
        (out / rel).write_text("mine")
        art.write_text(art.read_text() + "\nMore.\n")
        age(site)
        rc, _, se = build(site, out)
        assert rc == 2, (rel, se)
        assert "holds 1 file that signpost did not create, such as '%s'" % rel in se, se
        assert (out / rel).read_text() == "mine"
        (out / rel).unlink()
        rc, _, se = build(site, out)
        assert rc == 0, (rel, se)
    # A link to a folder elsewhere is not walked as the output's own
    # folder: files would be written and removed through it.
    elsewhere = TMP / "deep-elsewhere"
    elsewhere.mkdir()
    (out / "media").symlink_to(elsewhere)
    art.write_text(art.read_text() + "\nMore.\n")
    age(site)
    rc, _, se = build(site, out)
    assert rc == 2, se
    assert "such as 'media'" in se, se
    (out / "media").unlink()
    assert build(site, out)[0] == 0
    assert list(elsewhere.iterdir()) == []


@test
def cache_many_folders_are_kept_too():
    """Files that come out the same are kept in folders past the ones
    whose descriptors the cache holds open (64): 70 image folders."""
    site = aged_site("mf-site")
    svg = (site / "content/images/circle-of-chairs.svg").read_bytes()
    pics = ""
    for i in range(70):
        d = site / ("content/images/f%02d" % i)
        d.mkdir()
        (d / "pic.svg").write_bytes(svg)
        pics += "\n![Chairs in a circle](../images/f%02d/pic.svg)\n" % i
    art = site / "content/articles/why-peer-support-works.md"
    art.write_text(art.read_text() + pics)
    age(site)
    out = TMP / "mf-out"
    assert build(site, out)[0] == 0
    before = inodes(out)
    assert "images/f69/pic.svg" in before, sorted(before)[:20]
    for step in range(2):	# from the output, then from the spare
        art = site / "content/articles/learning-early.md"
        art.write_text(art.read_text() + "\nMore.\n")
        age(site)
        rc, so, se = build(site, out)
        assert rc == 0, se
        assert tree_hash(out) == full_hash(site, "mf-ref%d" % step)
        now = inodes(out)
        kept = [r for r in before if r.startswith("images/") and
                now.get(r) == before[r]]
        if step == 0:	# linked from the last output: same inodes
            assert len(kept) >= 71, (len(kept), so)
    m = re.search(r"(\d+) files unchanged", so)
    assert m and int(m[1]) >= 71, so


@test
def cache_article_changed_with_its_time_put_back():
    """An article that did not change is taken from its stub, not read,
    while its file's size, times and inode are as they were.  An edit that
    keeps the size and puts the modification time back still moves the
    change time: the article is read again and its page shows the edit."""
    site = aged_site("ct-site")
    out = TMP / "ct-out"
    other = site / "content/articles/help-close-to-home.md"
    art = site / "content/articles/learning-early.md"
    assert build(site, out)[0] == 0
    time.sleep(0.05)
    # Stubs come from a build that read the files well after they changed.
    other.write_text(other.read_text() + "\nMore.\n")
    age(other)
    assert build(site, out)[0] == 0
    st = art.stat()
    with open(art, "r+b") as f:
        data = f.read()
        assert b"Schools and workplaces" in data
        f.seek(0)
        f.write(data.replace(b"Schools and workplaces",
                             b"SCHOOLS AND WORKPLACES", 1))
    os.utime(art, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert art.stat().st_size == st.st_size
    other.write_text(other.read_text() + "\nMore.\n")
    age(other)
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so, se
    page = (out / "articles/learning-early.html").read_text()
    assert "SCHOOLS AND WORKPLACES" in page
    assert tree_hash(out) == full_hash(site, "ct-ref")


def spare_of(out):
    return out.parent / ("." + out.name + ".signpost-spare")


@test
def cache_spare_holds_the_output_before_last():
    """After a rebuild the old output is kept beside the new one as its
    spare folder (hard links to the files they share), and the next build
    works in it.  Hand edits that went through a shared link, files
    missing from it, a folder where a file goes, a failed build and a
    spare left from another output all still give a clean build's
    output.  The page check is on: its error fails a build after its
    pages are written."""
    site = aged_site("sp-site")
    out = TMP / "sp" / "public"
    spare = spare_of(out)
    art = site / "content/articles/help-close-to-home.md"
    n = [0]

    def rebuild(name):
        n[0] += 1
        edit(art, "Most of us", "Most of us (%d)" % n[0])
        age(site)
        rc, so, se = build(site, out, "--check-pages")
        assert rc == 0 and "wrote" in so, (name, so, se)
        ref = full_hash(site, "sp-ref", "--check-pages")
        assert tree_hash(out) == ref, name
        offline_list_is_whole(out)

    assert build(site, out, "--check-pages")[0] == 0
    assert not spare.exists()
    # The marker is whole (it was once cut short by a length counted by
    # hand).
    marker = (out / ".signpost-output").read_text()
    assert marker.endswith("replaces it as a whole.\n"), marker
    rebuild("first rebuild")
    assert (out / ".signpost-output").read_text() == marker
    assert (spare / ".signpost-output").is_file()
    assert (spare / ".gitignore").read_text().endswith("\n*\n")
    assert not (out / ".gitignore").exists()
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(out.parent)], check=True)
        st = subprocess.run(["git", "-C", str(out.parent), "status",
                             "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True)
        assert "signpost-spare" not in st.stdout, st.stdout
        shutil.rmtree(out.parent / ".git")
    rebuild("from the spare")
    page = "articles/learning-early.html"
    assert (out / page).stat().st_ino == (spare / page).stat().st_ino
    # Written in place, through the link: both copies change, and keep
    # their size.
    with open(out / page, "r+b") as f:
        f.write(b"CHANGED BY HAND")
    rebuild("hand edit through a link")
    assert b"CHANGED BY HAND" not in (out / page).read_bytes()
    (spare / "about.html").unlink()
    shutil.rmtree(spare / "tags")
    (spare / "tags").write_text("a file where a folder goes")
    (spare / "articles/index.html").unlink()
    (spare / "articles/index.html").mkdir()
    (spare / "articles/index.html/x").write_text("x")
    rebuild("spare damaged")
    # A build that fails once its pages are written: the page written
    # in the spare, a link to the output's own, was not written through.
    before = tree_hash(out)
    other = site / "content/articles/learning-early.md"
    good = other.read_text()
    other.write_text(good + "\nSee [this](help-close-to-home.md#nowhere).\n")
    age(site)
    rc, _, se = build(site, out, "--check-pages")
    assert rc == 1 and "has no id 'nowhere'" in se, se
    assert tree_hash(out) == before
    other.write_text(good)
    rebuild("after a failed build")
    # A copy of an older spare put back (the times of its files kept):
    # its record is not the one the output's names, so it is not used;
    # else its copy of the article, from before the edit taken back now,
    # would be kept.
    shutil.copytree(spare, TMP / "sp-old")
    rebuild("v1")
    v1 = art.read_text()
    rebuild("v2")
    art.write_text(v1)
    shutil.rmtree(spare)
    shutil.move(TMP / "sp-old", spare)
    age(site)
    rc, so, se = build(site, out, "--check-pages")
    assert rc == 0 and "wrote" in so, se
    assert tree_hash(out) == full_hash(site, "sp-ref", "--check-pages")
    shutil.rmtree(out)
    assert build(site, out, "--check-pages")[0] == 0
    rebuild("spare of an output since removed")
    rebuild("spare again")
    # Only the build's own folders are left beside the output.
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [out.name, spare.name]), list(out.parent.iterdir())


def error_lines(se):
    return sorted(l for l in se.splitlines() if ": error: " in l)


@test
def cache_page_check_follows_links_into_unchanged_pages():
    """Pages whose bytes did not change are not checked again; a link
    from one of them to an id that an edit removed is still an error,
    and a new link into one of them is checked against its ids."""
    site = aged_site("hc-site")
    out = TMP / "hc-out"
    arts = site / "content/articles"
    a, b = arts / "learning-early.md", arts / "help-close-to-home.md"
    a.write_text(a.read_text() + "\nSee [why nearby matters]"
                 "(help-close-to-home.md#why-nearby-matters).\n")
    age(site)
    assert build(site, out, "--check-pages")[0] == 0
    good = tree_hash(out)
    # An unrelated edit: a and b are not checked again; same site.
    c = arts / "why-peer-support-works.md"
    c.write_text(c.read_text() + "\nOne more line.\n")
    rc, so, se = build(site, out, "--check-pages")
    assert rc == 0, se
    m = re.search(r"(\d+) sources and (\d+) pages not checked again", so)
    assert m and int(m[2]) > 50 and int(m[1]) > 10, so
    ref, ref_se = full_build(site, "hc-ref", "--check-pages")
    assert tree_hash(out) == ref and se == ref_se, se
    good = ref
    # The id a links to goes away; a did not change.
    b.write_text(b.read_text().replace("## Why nearby matters",
                                       "## Why being near matters"))
    rc, so, se = build(site, out, "--check-pages")
    rrc, _, rse = build(site, TMP / "hc-ref2", "--check-pages", "--full")
    assert rc == 1 and rrc == 1, (rc, se)
    assert error_lines(se) == error_lines(rse), (se, rse)
    assert "names no element" in se, se
    assert tree_hash(out) == good
    # Back again; then a new link from an edited page into an unchanged
    # one, to an id it has and to one it has not.
    b.write_text(b.read_text().replace("## Why being near matters",
                                       "## Why nearby matters"))
    assert build(site, out, "--check-pages")[0] == 0
    d = arts / "your-first-group-session.md"
    d.write_text(d.read_text() + "\nAlso [near](help-close-to-home.md"
                 "#why-nearby-matters).\n")
    rc, so, se = build(site, out, "--check-pages")
    assert rc == 0, se
    assert tree_hash(out) == full_hash(site, "hc-ref3", "--check-pages")
    d.write_text(d.read_text() + "\nAnd [gone](help-close-to-home.md"
                 "#no-such-part).\n")
    rc, so, se = build(site, out, "--check-pages")
    rrc, _, rse = build(site, TMP / "hc-ref4", "--check-pages", "--full")
    assert rc == 1 and rrc == 1, (rc, se)
    assert error_lines(se) == error_lines(rse), (se, rse)


@test
def page_check_runs_when_asked():
    """The check of every written page is off by default (it costs about
    a fifth of a large build) and on with --check-pages; the last of
    --check-pages and --no-page-check counts, and a build that adds the
    check after one without it checks every page, though no file
    changed."""
    site = aged_site("pc-site", CASES / "broken-fragment")
    out = TMP / "pc-out"
    missing = "names no element: 'articles/b.html' has no id 'missing'"
    rc, so, se = build(site, out)
    assert rc == 0 and "wrote" in so and missing not in se, se
    before = tree_hash(out)
    rc, so, se = build(site, out, "--check-pages")
    assert rc == 1 and "a.md:7:5: error: link 'b.html#missing' " + \
        missing in se, se
    assert tree_hash(out) == before
    assert build(site, out, "--check-pages", "--no-page-check")[0] == 0
    assert build(site, out, "--no-page-check", "--check-pages")[0] == 1
    assert "--check-pages" in run("build", "--help")[1]


@test
def cache_pages_are_taken_with_or_without_the_page_check():
    """After an edit, the pages that show nothing of it are taken from
    the last output unmade, in the default build as with --check-pages
    (once they were taken only from a checked build's record); a build
    that adds or drops the check takes none."""
    site = aged_site("take-site")
    out = TMP / "take-out"
    art = site / "content/articles/help-close-to-home.md"

    def taken(*extra):
        rc, so, se = build(site, out, *extra)
        assert rc == 0, se
        m = re.search(r"\((\d+) pages not made again\)", so)
        return int(m[1]) if m else 0

    for extra in ([], ["--check-pages"]):
        assert taken(*extra) == 0, extra
        edit(art, "Most of us", "Most of us (%d)" % len(extra))
        n = taken(*extra)
        assert n > 50, (extra, n)
        assert tree_hash(out) == full_hash(site, "take-ref", *extra)
    assert taken() == 0


@test
def directory_pages_report_after_service_pages():
    """The page check's messages keep a serial run's order although the
    directory pages are made beside the service pages: each language's
    service pages, then its directory, print and category pages."""
    site = TMP / "dir-order"
    shutil.copytree(ROOT / "tests/sites/multi", site)
    (site / "templates").mkdir()
    img = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />'
    for t in ("directory", "print", "category", "service"):
        text = (ROOT / "templates" / (t + ".mustache")).read_text()
        (site / "templates" / (t + ".mustache")).write_text(
            text.replace("{{$main}}", "{{$main}}" + img, 1))
    out = TMP / "dir-order-out"
    rc, so, se = build(site, out, "--check-pages")
    assert rc == 0, se
    pages = [l.split(":")[0][len(str(out)) + 1:] for l in se.splitlines()
             if "has no alt text" in l]
    dirs = ["services/index.html", "services/print.html"] + [
        "categories/%s.html" % k for k in (
            "peer-support", "group-therapy", "counselling",
            "crisis-support", "prevention-education", "youth",
            "carers-family", "substance-use", "wellbeing-activities")]
    for lang in ("", "pl/", "zh/"):
        mine = [p[len(lang):] for p in pages if p.startswith(lang) and
                p[len(lang):].split("/")[0] in ("services", "categories")]
        assert mine[-len(dirs):] == dirs and mine[:-len(dirs)] and all(
            p.startswith("services/") for p in mine[:-len(dirs)]), pages


# Error cases: each folder under cases/ is a site; its "expect" file holds
# the exit status ("exit:N"), then optionally the build's options
# ("args:--check-pages"), then lines that must appear on stderr.
def error_case(case):
    def fn():
        expect = (case / "expect").read_text().splitlines()
        want_rc = int(expect[0].split(":")[1])
        args = []
        if len(expect) > 1 and expect[1].startswith("args:"):
            args = expect.pop(1)[5:].split()
        out = TMP / ("case-" + case.name)
        rc, so, se = build(case, out, *args)
        assert rc == want_rc, f"exit {rc}, want {want_rc}\n{se}"
        for line in expect[1:]:
            if line.strip():
                assert line in se, f"missing: {line}\n--- stderr:\n{se}"
        if want_rc != 0:
            assert not out.exists(), "a failed build wrote output"
    fn.__name__ = "case_" + case.name
    return fn


for c in sorted(CASES.iterdir()) if CASES.is_dir() else []:
    if (c / "expect").is_file():
        tests.append(error_case(c))


def main():
    passed = failed = 0
    for fn in tests:
        try:
            fn()
            passed += 1
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc(limit=1)
    shutil.rmtree(TMP, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
