// Run first by `npm start`, `npm run cli` and `npm test`: on an older Node.js, one clear line and
// exit 1 instead of a stack trace from deep inside a dependency. Written in the oldest JavaScript
// (var, no arrow functions, no template strings) so that this file itself parses on any Node.js.
// The minimum is the one in package.json's "engines".
var MINIMUM = [24, 15, 0];

var parts = process.versions.node.split('.');
var tooOld = false;
for (var i = 0; i < MINIMUM.length; i++) {
  var have = Number(parts[i]);
  if (have !== MINIMUM[i]) {
    tooOld = have < MINIMUM[i];
    break;
  }
}
if (tooOld) {
  console.error(
    'Tobira needs Node.js ' +
      MINIMUM.join('.') +
      ' or later (Node.js 24 LTS); this is Node.js ' +
      process.version +
      ' at ' +
      process.execPath +
      '. See README.md, "Quick start".',
  );
  process.exit(1);
}
