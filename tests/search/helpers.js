/* SPDX-License-Identifier: ISC */
/* Load an index written by the C side into a node vm, as a browser would. */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const S = require('../../templates/assets/js/search.js');

function fixtureDir() {
	return process.env.SIGNPOST_SEARCH_FIXTURE ||
	    path.join(__dirname, '..', 'out', 'search-fixture');
}

/*
 * An engine over dir/assets/search, and the list of file names it loaded
 * (the manifest first), as <script> injection would.
 */
function open(dir) {
	const base = path.join(dir, 'assets', 'search');
	const loaded = [];
	const ctx = { SignpostSearch: { data: {} } };
	ctx.window = ctx;
	ctx.SignpostSearch.shard = (n, d) => { ctx.SignpostSearch.data[n] = d; };
	vm.createContext(ctx);
	function run(name) {
		const file = path.join(base, name + '.js');
		loaded.push({ name, bytes: fs.statSync(file).size });
		vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
	}
	run('index');
	const manifest = JSON.parse(JSON.stringify(ctx.SignpostSearch.manifest));
	const engine = new S.Engine(manifest, (name) => new Promise((res, rej) => {
		try {
			run(name);
			res(JSON.parse(JSON.stringify(ctx.SignpostSearch.data[name])));
		} catch (e) {
			rej(e);
		}
	}));
	return { engine, loaded };
}

module.exports = { open, fixtureDir, S };
