// One table, four languages: every key in every language, with the same placeholders.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LANGUAGES, STRINGS, translate } from "../strings.mjs";

const placeholders = (text) => [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]).sort();

test("English, French, Spanish and Dutch each have every key, with the same placeholders", () => {
    assert.deepEqual(Object.keys(LANGUAGES), ["en", "fr", "es", "nl"]);
    const keys = Object.keys(STRINGS.en).sort();
    for (const language of Object.keys(LANGUAGES)) {
        assert.deepEqual(Object.keys(STRINGS[language]).sort(), keys, language);
        for (const key of keys) {
            assert.deepEqual(placeholders(STRINGS[language][key]), placeholders(STRINGS.en[key]), `${language} ${key}`);
            assert.ok(STRINGS[language][key].trim(), `${language} ${key} is empty`);
        }
    }
});

test("translate fills placeholders, and falls back to English", () => {
    assert.equal(translate("fr", "learner.match", { identifier: "a@b" }), "Concordance : cette certification a été délivrée à a@b.");
    assert.equal(translate("xx", "state.passed"), "passed");
});
