"""npm packages of the app tests: scripts/setup.sh installs every
tests/**/package-lock.json in place; a test links that node_modules into its
work folder (it never runs npm itself)."""
import os
import shutil


def link_node_modules(src, work, test):
    """Links SRC/node_modules into WORK; exits with a FAIL line naming
    scripts/setup.sh when setup has not installed it."""
    mods = os.path.join(src, "node_modules")
    if not os.path.exists(os.path.join(mods, ".package-lock.json")):
        raise SystemExit("FAIL %s: %s is missing: run scripts/setup.sh" % (test, mods))
    os.makedirs(work, exist_ok=True)
    link = os.path.join(work, "node_modules")
    if not os.path.islink(link):
        shutil.rmtree(link, ignore_errors=True)
        os.symlink(mods, link)
