#!/usr/bin/env python3
"""The employer's verifier page in a real browser: headless Chromium, driven by Selenium, against a real devnet.

A 4-validator devnet is started with the built `ledger` and `ledger-node`; an issuer is registered and accredited
by a QA body, lists catalogue entries, issues one credential and issues and revokes another, and `ledger package`
writes the learners' verification packages. The page the node serves at /verify then reads them as an employer
would give them (dropped, chosen, or in a #package= link), the registry page at / shows and searches the registry,
and the saved page (`ledger verifier-page`) verifies one from file:// with the devnet stopped and the browser
offline. Each verdict is kept as a screenshot, and the verification times and the page's weight are written to
timings.json, in the output folder (MCLEDGER_BROWSER_OUT, default .build/test-output/browser).

Run through scripts/browser-test, after `swift build`. Needs chromium, chromium-driver and python3-selenium.
"""

import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unittest
import zlib
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
BINARIES = Path(os.environ.get("MCLEDGER_BIN", ROOT / ".build" / "debug"))
OUTPUT = Path(os.environ.get("MCLEDGER_BROWSER_OUT", ROOT / ".build" / "test-output" / "browser"))
CREDENTIAL = "urn:uuid:7a1d4c2e-8b3f-4e61-a9d2-5c0b7e9f1a34"
LEARNER = "learner-2231@students.example"
REVOKED = "cardi-2026-mistake"
CATALOGUE = [
    ["--id", "cardi-irrigation", "--title", "Climate-Smart Irrigation for Smallholder Farms", "--hours", "40",
     "--level", "4", "--format", "blended", "--kind", "course"],
    ["--id", "cardi-seeds", "--title", "Seed Saving for Community Gardens", "--hours", "6", "--level", "3",
     "--format", "faceToFace", "--kind", "workshop"],
    ["--id", "cardi-suelos", "--title", "Salud del suelo en el Caribe", "--hours", "2", "--level", "4",
     "--format", "online", "--kind", "seminar", "--language", "es"],
]
WAIT_SECONDS = 60
TIMING_RUNS = 15


def ledger(*arguments: str) -> subprocess.CompletedProcess:
    """The built CLI; a failure stops the test with its own message."""
    result = subprocess.run([str(BINARIES / "ledger"), *arguments], capture_output=True, text=True, timeout=120)
    if result.returncode not in (0, 1, 3):
        raise AssertionError(f"ledger {' '.join(arguments)} exited {result.returncode}: {result.stderr}")
    return result


def free_base_port(count: int) -> int:
    """A port P such that P … P+count-1 are free on loopback now."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count >= 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                held = socket.socket()
                sockets.append(held)
                held.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for held in sockets:
                held.close()
    raise AssertionError("no run of free ports")


class Devnet:
    """`ledger devnet init --nodes 4` and `ledger devnet up`, with the walkthrough's issuer and credentials."""

    def __init__(self, directory: Path):
        self.directory = directory / "net"
        base = free_base_port(8)
        self.url = f"http://127.0.0.1:{base}"
        ledger("devnet", "init", "--nodes", "4", "--dir", str(self.directory), "--base-port", str(base))
        self.log = open(directory / "devnet.log", "wb")
        self.process = subprocess.Popen(
            [str(BINARIES / "ledger"), "devnet", "up", "--dir", str(self.directory)],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PATH": f"{BINARIES}:{os.environ.get('PATH', '')}"})
        self.wait_until_serving()

    def wait_until_serving(self) -> None:
        # The nodes are separate processes: ask until one answers, bounded by the status command's own timeout.
        for _ in range(300):
            if self.process.poll() is not None:
                raise AssertionError(f"ledger devnet up exited {self.process.returncode}: see {self.log.name}")
            if ledger("status", "--node", self.url).returncode == 0:
                return
            time.sleep(0.2)
        raise AssertionError(f"the devnet did not answer at {self.url}")

    def path(self, name: str) -> str:
        return str(self.directory / name)

    def populate(self) -> None:
        node = ["--node", self.url]
        ledger("keygen", "--out", self.path("cardi"))
        self.check(ledger(
            "issuer", "register", *node, "--key", self.path("node-1/node.key.pem"), "--issuer-id", "cardi",
            "--name", "Caribbean Agricultural Research and Development Institute", "--country", "TT",
            "--issuer-public-key", self.path("cardi.pub.pem"), "--wait"))
        signer = ["--issuer", "cardi", "--key", self.path("cardi.key.pem")]
        self.check(ledger(
            "issue", *node, *signer, "--credential", str(ROOT / "examples/open-badge-short-course.json"),
            "--subject", LEARNER, "--salt-out", self.path("learner.salt"), "--wait"))
        self.check(ledger(
            "issue", *node, *signer, "--credential", str(ROOT / "examples/open-badge-workshop.json"),
            "--credential-id", REVOKED, "--wait"))
        self.check(ledger(
            "revoke", *node, "--key", self.path("cardi.key.pem"), "--credential-id", REVOKED, "--reason",
            "issuedInError", "--wait"))
        # The registry: a QA body of the issuer's member state accredits its courses and workshops, and the
        # issuer lists three catalogue entries.
        ledger("keygen", "--out", self.path("actt"))
        self.check(ledger(
            "qa", "register", *node, "--key", self.path("node-1/node.key.pem"), "--id", "actt",
            "--name", "Accreditation Council of Trinidad and Tobago", "--country", "TT",
            "--qa-public-key", self.path("actt.pub.pem"), "--wait"))
        self.check(ledger(
            "accreditation", "record", *node, "--key", self.path("actt.key.pem"), "--id", "actt-cardi-2026",
            "--issuer", "cardi", "--kinds", "course,workshop", "--until", "2030-06-30", "--wait"))
        for entry in CATALOGUE:
            self.check(ledger("definition", "register", *node, "--key", self.path("cardi.key.pem"), *entry, "--wait"))
        self.check(ledger(
            "package", CREDENTIAL, *node, "--credential", str(ROOT / "examples/open-badge-short-course.json"),
            "--salt", self.path("learner.salt"), "--out", self.path("learner.mcpackage.json")))
        self.check(ledger(
            "package", REVOKED, *node, "--credential", str(ROOT / "examples/open-badge-workshop.json"),
            "--out", self.path("revoked.mcpackage.json")))

    @staticmethod
    def check(result: subprocess.CompletedProcess) -> None:
        if result.returncode != 0:
            raise AssertionError(f"{result.args}: {result.stdout}{result.stderr}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.log.close()


def tampered_package(source: str, target: str) -> None:
    """The learner's package with the lowest bit of its bundle's leaf hash flipped, as a forger's edit would."""
    package = json.loads(Path(source).read_text())
    leaf = bytearray.fromhex(package["bundle"]["leaf"]["hash"])
    leaf[-1] ^= 1
    package["bundle"]["leaf"]["hash"] = leaf.hex()
    Path(target).write_text(json.dumps(package, indent=2))


class VerifierPageTests(unittest.TestCase):
    timings: dict = {}

    @classmethod
    def setUpClass(cls) -> None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        for old in OUTPUT.glob("*.png"):
            old.unlink()
        cls.scratch = tempfile.TemporaryDirectory(prefix="mcledger-browser-")
        cls.devnet = Devnet(Path(cls.scratch.name))
        cls.devnet.populate()
        tampered_package(cls.devnet.path("learner.mcpackage.json"), cls.devnet.path("tampered.mcpackage.json"))
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("MCLEDGER_CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,1900"]:
            options.add_argument(argument)
        service = Service(executable_path=os.environ.get("MCLEDGER_CHROMEDRIVER", "/usr/bin/chromedriver"))
        cls.driver = webdriver.Chrome(service=service, options=options)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.driver.quit()
        cls.devnet.stop()
        cls.scratch.cleanup()
        (OUTPUT / "timings.json").write_text(json.dumps(cls.timings, indent=2) + "\n")
        print(json.dumps(cls.timings, indent=2))

    # --- Driving the page as an employer does. ---

    def open(self, url: str) -> None:
        self.driver.get(url)
        self.wait_for(lambda driver: driver.execute_script("return document.body.dataset.ready") == "true",
                      f"the page at {url} never became ready")

    def wait_for(self, condition, message: str):
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS).until(condition)
        except TimeoutException:
            self.driver.save_screenshot(str(OUTPUT / "timeout.png"))
            raise AssertionError(message) from None

    def verifications(self) -> int:
        return int(self.driver.execute_script("return document.body.dataset.verifications ?? '0'"))

    def finished(self, before: int) -> dict:
        """Waits for the verification started after `before` to finish, and reads its verdict and rows."""
        self.wait_for(lambda _: self.verifications() > before, "the page never finished verifying")
        return self.driver.execute_script("""
            const verdict = document.getElementById("verdict");
            return {
                text: verdict.textContent, tone: verdict.dataset.tone, standing: verdict.dataset.standing,
                milliseconds: Number(verdict.dataset.verifyMilliseconds),
                rows: [...document.querySelectorAll("#rows > li")].map((row) => ({
                    id: row.dataset.row, state: row.dataset.state, text: row.textContent })),
                problems: [...document.querySelectorAll("#problems li")].map((item) => item.textContent),
            };""")

    def choose(self, *paths: str) -> dict:
        """Gives files through the page's file chooser."""
        before = self.verifications()
        self.driver.find_element(By.ID, "files").send_keys("\n".join(paths))
        return self.finished(before)

    def drop(self, path: str) -> dict:
        """Drops a file on the page's drop zone, as dragging it from the desktop does."""
        before = self.verifications()
        self.driver.execute_script("""
            const [name, base64] = arguments;
            const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "application/json" }));
            document.getElementById("drop").dispatchEvent(
                new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            """, Path(path).name, base64.b64encode(Path(path).read_bytes()).decode())
        return self.finished(before)

    def screenshot(self, name: str, showing: str = "verdict") -> None:
        """Keeps the page as it looks now, scrolled so that the element `showing` is in view."""
        self.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'nearest'})", showing)
        self.driver.save_screenshot(str(OUTPUT / name))

    def served(self) -> str:
        return f"{self.devnet.url}/verify"

    # --- The verdicts. ---

    def test_1_authentic_package_then_recipient_check(self):
        self.open(self.served())
        result = self.drop(self.devnet.path("learner.mcpackage.json"))
        self.assertEqual(result["standing"], "authentic", result)
        self.assertTrue(result["text"].startswith("Authentic. Issued by Caribbean Agricultural Research"), result)
        self.assertRegex(result["text"], "a registered institution of Trinidad (&|and) Tobago")
        self.assertEqual({row["state"] for row in result["rows"]} - {"passed", "na"}, set(), result)
        document_row = next(row for row in result["rows"] if row["id"] == "document")
        self.assertEqual(document_row["state"], "passed", document_row)
        self.screenshot("authentic.png")

        salt = Path(self.devnet.path("learner.salt")).read_text().strip()
        self.assertEqual(self.driver.find_element(By.ID, "salt").get_attribute("value"), salt,
                         "the package's salt is filled in for the employer")
        outcome = self.check_learner(LEARNER)
        self.assertEqual(outcome["match"], "true", outcome)
        self.assertTrue(outcome["text"].startswith("Match"), outcome)
        self.screenshot("recipient-match.png", "learner-result")
        outcome = self.check_learner("someone-else@students.example")
        self.assertEqual(outcome["match"], "false", outcome)
        self.assertTrue(outcome["text"].startswith("Mismatch"), outcome)
        self.screenshot("recipient-mismatch.png", "learner-result")

    def check_learner(self, identifier: str) -> dict:
        field = self.driver.find_element(By.ID, "identifier")
        field.clear()
        field.send_keys(identifier)
        self.driver.find_element(By.CSS_SELECTOR, "#learner button[type=submit]").click()
        read = "const r = document.getElementById('learner-result'); return {match: r.dataset.match, text: r.textContent}"
        return self.wait_for(
            lambda driver: (lambda outcome: outcome if identifier in outcome["text"] else None)(
                driver.execute_script(read)), f"the recipient check for {identifier} never answered")

    def test_2_tampered_package_names_the_failing_check(self):
        self.open(self.served())
        expected = json.loads(ledger(
            "verify", self.devnet.path("tampered.mcpackage.json"), "--genesis", self.devnet.path("genesis.json"),
            "--json").stdout)
        self.assertEqual(expected["verdict"], "not-authentic", expected)
        result = self.choose(self.devnet.path("tampered.mcpackage.json"))
        self.assertEqual(result["tone"], "fail", result)
        self.assertTrue(result["text"].startswith("Not authentic."), result)
        self.assertEqual(len(result["rows"]), 1, "a failed check hides everything else")
        self.assertEqual(result["rows"][0]["state"], "failed", result)
        self.assertIn(expected["check"], result["rows"][0]["text"], "the page names ledger verify's check")
        self.assertNotIn("Caribbean", json.dumps(result), "nothing the forged bundle claims is shown")
        self.driver.find_element(By.CSS_SELECTOR, "#rows li summary").click()
        self.screenshot("tampered.png")

    def test_3_revoked_package_gives_reason_and_date(self):
        self.open(self.served())
        result = self.choose(self.devnet.path("revoked.mcpackage.json"))
        self.assertEqual(result["standing"], "revoked", result)
        self.assertEqual(result["tone"], "fail", result)
        self.assertTrue(result["text"].startswith("Revoked. This credential was revoked on"), result)
        self.assertIn("issuedInError", result["text"])
        self.screenshot("revoked.png")

    def test_4_package_link(self):
        package = Path(self.devnet.path("learner.mcpackage.json")).read_bytes()
        fragment = "z." + base64.urlsafe_b64encode(zlib.compress(package, 9)).decode().rstrip("=")
        # A fresh load, so that the package is read as the page starts.
        self.driver.get("about:blank")
        before = 0
        self.open(f"{self.served()}#package={fragment}")
        result = self.finished(before)
        self.assertEqual(result["standing"], "authentic", result)
        self.screenshot("package-link.png")
        # Another link in the same tab: only the fragment changes, and the page verifies the new package.
        revoked = Path(self.devnet.path("revoked.mcpackage.json")).read_bytes()
        before = self.verifications()
        self.driver.execute_script("location.hash = arguments[0]",
                                   "package=" + base64.urlsafe_b64encode(revoked).decode().rstrip("="))
        self.assertEqual(self.finished(before)["standing"], "revoked")

    def test_5_timings_and_page_weight(self):
        self.open(self.served())
        self.timings["servedPageBytes"] = self.driver.execute_script("""
            const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
            return { decoded: entries.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
                     transferred: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
                     requests: entries.length };""")
        package = self.devnet.path("learner.mcpackage.json")
        self.timings["noHandoffs"] = self.measure(lambda: self.choose(package), "authentic")
        # The floor, in the same browser and run: one WebCrypto P-256 verification and one SHA-256 of 64 bytes.
        self.timings["floor"] = self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            (async () => {
                const algorithm = { name: "ECDSA", namedCurve: "P-256" };
                const keys = await crypto.subtle.generateKey(algorithm, false, ["sign", "verify"]);
                const message = new Uint8Array(200);
                const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, message);
                const runs = 200;
                let started = performance.now();
                for (let index = 0; index < runs; index++) {
                    await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, keys.publicKey, signature, message);
                }
                const verify = (performance.now() - started) / runs;
                const { sha256 } = await import(new URL("sha256.mjs", location.href.replace(/#.*$/, "") + "/"));
                const block = new Uint8Array(64);
                started = performance.now();
                for (let index = 0; index < 20000; index++) sha256(block);
                const hash = (performance.now() - started) / 20000;
                done({ webCryptoVerifyMilliseconds: Math.round(verify * 1000) / 1000,
                       pageSHA256of64BytesMicroseconds: Math.round(hash * 10000) / 10 });
            })().catch((error) => done({ error: String(error) }));""")
        conformance = ROOT / "docs" / "conformance"
        before = self.verifications()
        self.driver.find_element(By.ID, "genesis-file").send_keys(str(conformance / "genesis/handoffs-ten.json"))
        self.finished(before)
        bundle = str(conformance / "bundles/handoffs-ten.json")
        # Verified now, the fixture's status is a year old: authentic, with its age the warning.
        self.timings["tenHandoffs"] = self.measure(lambda: self.choose(bundle), "status-too-old")
        self.screenshot("ten-handoffs.png")

    def measure(self, verify, standing: str) -> dict:
        times = []
        for _ in range(TIMING_RUNS):
            result = verify()
            self.assertEqual(result["standing"], standing, result)
            times.append(result["milliseconds"])
        times.sort()
        return {"runs": len(times), "medianMilliseconds": round(statistics.median(times), 1),
                "p90Milliseconds": round(times[int(len(times) * 0.9) - 1], 1),
                "minMilliseconds": round(times[0], 1), "maxMilliseconds": round(times[-1], 1)}

    def test_5b_registry_page(self):
        self.open(f"{self.devnet.url}/")
        self.assertEqual(self.texts("#problems li"), [], "the registry page read the node")
        states = self.rows("states")
        self.assertEqual([row[0] for row in states], ["node-1", "node-2", "node-3", "node-4"], states)
        self.assertIn("3", self.driver.find_element(By.ID, "states-summary").text)
        issuers = self.rows("issuers")
        self.assertEqual(len(issuers), 1, issuers)
        name, country, standing, accreditation, entries = issuers[0]
        self.assertEqual((name, standing, entries),
                         ("Caribbean Agricultural Research and Development Institute (cardi)", "active", "3"))
        self.assertRegex(country, "Trinidad (&|and) Tobago")
        self.assertRegex(accreditation, r"^Accreditation Council of Trinidad and Tobago \(Trinidad (&|and) Tobago\), "
                                        r"until June 30, 2030$")
        self.assertEqual(len(self.rows("catalogue")), 3, "every entry, unfiltered")
        blocks = self.rows("blocks")
        self.assertGreaterEqual(len(blocks), 5)
        self.assertEqual(blocks[0][0], json.loads(ledger("head", "--node", self.devnet.url, "--json").stdout)["height"]
                         .__str__(), "the newest block first")
        self.screenshot("registry.png", "issuers")

        # The catalogue's filters are GET /v1/definitions': words, then kind, then a language; then a refused search.
        self.search(q="irrigation")
        self.assertEqual([row[0] for row in self.rows("catalogue")], ["Climate-Smart Irrigation for Smallholder Farms"])
        self.search(q="", kind="workshop")
        self.assertEqual([row[0] for row in self.rows("catalogue")], ["Seed Saving for Community Gardens"])
        self.search(kind="", language="es")
        self.assertEqual([row[0] for row in self.rows("catalogue")], ["Salud del suelo en el Caribe"])
        self.assertEqual(self.driver.find_element(By.ID, "catalogue-total").text, "1 entries match.")
        self.screenshot("registry-catalogue.png", "catalogue")
        self.search(language="not a tag!")
        self.assertIn("The search was refused", self.driver.find_element(By.ID, "catalogue-total").text)
        self.search(language="")

        # A credential by the id printed on it: what the node reports, then its proof verified in the browser.
        found = self.lookup(CREDENTIAL)
        self.assertEqual(found["state"], "active", found)
        self.assertIn("Issued by Caribbean Agricultural Research and Development Institute", found["text"])
        before = self.verifications()
        self.driver.find_element(By.ID, "credential-verify").click()
        verdict = self.finished(before)
        self.assertEqual(verdict["standing"], "authentic", verdict)
        self.assertTrue(verdict["text"].startswith("Authentic. Issued by Caribbean"), verdict)
        self.screenshot("registry-credential.png", "credential")
        revoked = self.lookup(REVOKED)
        self.assertEqual(revoked["state"], "revoked", revoked)
        missing = self.lookup("no-such-credential")
        self.assertEqual(missing["text"], "No credential no-such-credential is recorded on this registry.")
        self.assertFalse(self.driver.find_element(By.ID, "credential-verify").is_displayed())

        # The language changes every label and the rows, the country names too.
        Select(self.driver.find_element(By.ID, "language")).select_by_value("fr")
        self.assertEqual(self.driver.find_element(By.ID, "issuers-heading").text, "Émetteurs")
        self.assertEqual(self.rows("issuers")[0][2], "actif")
        self.assertIn("Trinité", self.rows("issuers")[0][1])
        self.screenshot("registry-fr.png", "issuers")

    def texts(self, selector: str) -> list:
        return [item.text for item in self.driver.find_elements(By.CSS_SELECTOR, selector)]

    def rows(self, table: str) -> list:
        return self.driver.execute_script(
            "return [...document.getElementById(arguments[0]).tBodies[0].rows]"
            ".map((row) => [...row.cells].map((cell) => cell.textContent))", table)

    def search(self, **fields) -> None:
        """Sets the catalogue's filters and searches, waiting until the node's answer is shown."""
        form = self.driver.find_element(By.ID, "catalogue-form")
        for name, value in fields.items():
            field = form.find_element(By.NAME, name)
            if field.tag_name == "select":
                Select(field).select_by_value(value)
            else:
                field.clear()
                field.send_keys(value)
        before = int(self.driver.execute_script("return document.body.dataset.searches ?? '0'"))
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait_for(lambda driver: int(driver.execute_script("return document.body.dataset.searches ?? '0'"))
                      > before, f"the search {fields} never answered")

    def lookup(self, identifier: str) -> dict:
        field = self.driver.find_element(By.ID, "credential-id")
        field.clear()
        field.send_keys(identifier)
        before = int(self.driver.execute_script("return document.body.dataset.lookups ?? '0'"))
        self.driver.find_element(By.CSS_SELECTOR, "#credential-form button[type=submit]").click()
        self.wait_for(lambda driver: int(driver.execute_script("return document.body.dataset.lookups ?? '0'"))
                      > before, f"the lookup of {identifier} never answered")
        return self.driver.execute_script(
            "const r = document.getElementById('credential-result'); return {state: r.dataset.state, text: r.textContent}")

    def test_6_saved_page_offline(self):
        saved = OUTPUT / "verify.html"
        saved.unlink(missing_ok=True)
        Devnet.check(ledger("verifier-page", "--genesis", self.devnet.path("genesis.json"), "--out", str(saved)))
        self.devnet.stop()
        self.driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
        try:
            self.open(saved.as_uri())
            result = self.choose(self.devnet.path("learner.mcpackage.json"))
        finally:
            self.driver.delete_network_conditions()
        self.assertEqual(result["standing"], "authentic", result)
        self.assertTrue(result["text"].startswith("Authentic."), result)
        self.assertEqual(result["problems"], [], result)
        self.timings["savedPageBytes"] = saved.stat().st_size
        self.timings["savedPageOfflineMilliseconds"] = round(result["milliseconds"], 1)
        self.screenshot("saved-offline.png")


if __name__ == "__main__":
    unittest.main(verbosity=2)
