// One table, four languages: every key in every language, with the same placeholders.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { REGISTRY_STRINGS, translateRegistry } from "../registry-strings.mjs";
import { LANGUAGES, STRINGS, translate } from "../strings.mjs";

const placeholders = (text) => [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]).sort();

function complete(table, name) {
    assert.deepEqual(Object.keys(table), Object.keys(LANGUAGES), name);
    const keys = Object.keys(table.en).sort();
    for (const language of Object.keys(LANGUAGES)) {
        assert.deepEqual(Object.keys(table[language]).sort(), keys, `${name}: ${language}`);
        for (const key of keys) {
            assert.deepEqual(placeholders(table[language][key]), placeholders(table.en[key]), `${name}: ${language} ${key}`);
            assert.ok(table[language][key].trim(), `${name}: ${language} ${key} is empty`);
        }
    }
}

test("English, French, Spanish and Dutch each have every key, with the same placeholders", () => {
    assert.deepEqual(Object.keys(LANGUAGES), ["en", "fr", "es", "nl"]);
    complete(STRINGS, "the verifier");
    complete(REGISTRY_STRINGS, "the registry page");
});

test("every data-text key of the two pages is in its table", () => {
    for (const [page, table] of [["verify.html", STRINGS.en], ["registry.html", REGISTRY_STRINGS.en]]) {
        const html = readFileSync(new URL(`../${page}`, import.meta.url), "utf8");
        for (const [, key] of html.matchAll(/data-text="([^"]+)"/g)) assert.ok(key in table, `${page}: ${key}`);
    }
    assert.equal(translateRegistry("nl", "kind.pathway"), "leertraject");
    assert.equal(translateRegistry("xx", "catalogue.any"), "any");
});

test("translate fills placeholders, and falls back to English", () => {
    assert.equal(translate("fr", "learner.match", { identifier: "a@b" }), "Concordance : cette certification a été délivrée à a@b.");
    assert.equal(translate("xx", "state.passed"), "passed");
});
