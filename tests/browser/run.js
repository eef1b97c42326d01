// Loads every *.test.js in this folder, then runs their tests in order.
'use strict';
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

for (const f of fs.readdirSync(__dirname).sort())
	if (f.endsWith('.test.js'))
		require(path.join(__dirname, f));
lib.run();
