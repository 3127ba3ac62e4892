/**
 * @module
 * Custom Labels in tests: every `@salesforce/label/c.<Name>` import resolves to the label's real text
 * from `labels/CustomLabels.labels-meta.xml`, so tests assert what a person reads. A label missing
 * from the file falls back to its import path (`c.Name`), which the tests then see on screen.
 */
const fs = require('node:fs');
const path = require('node:path');

const LABELS_FILE = path.join(__dirname, '../../main/default/labels/CustomLabels.labels-meta.xml');

function decode(text) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Reads the label file into `{ fullName: value }`. */
function readLabels(file = LABELS_FILE) {
  if (!fs.existsSync(file)) return {};
  const xml = fs.readFileSync(file, 'utf8');
  const labels = {};
  for (const block of xml.match(/<labels>[\s\S]*?<\/labels>/g) || []) {
    const name = /<fullName>([\s\S]*?)<\/fullName>/.exec(block);
    const value = /<value>([\s\S]*?)<\/value>/.exec(block);
    if (name && value) labels[decode(name[1].trim())] = decode(value[1]);
  }
  return labels;
}

/** Registers a virtual module per label for the current test file. */
function registerLabelMocks(jestObject) {
  for (const [name, value] of Object.entries(readLabels())) {
    jestObject.mock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: value }), { virtual: true });
  }
}

module.exports = { readLabels, registerLabelMocks, LABELS_FILE };
