/* SPDX-License-Identifier: ISC */
/* The JS normalisation against the vectors shared with the C side. */
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const N = require('../../templates/assets/js/normalize.js');
const { vectors } = require('./vectors.json');

for (const [i, v] of vectors.entries()) {
	test(`vector ${i}: ${JSON.stringify(v.in).slice(0, 40)}`, () => {
		assert.deepStrictEqual(N.tokens(v.in), v.out);
	});
}

test('lone surrogates separate words', () => {
	assert.deepStrictEqual(N.tokens('ab\uD800cd'), ['ab', 'cd']);
});

test('without stemming, plurals stay', () => {
	assert.deepStrictEqual(N.tokens('Groups', false), ['groups']);
});
